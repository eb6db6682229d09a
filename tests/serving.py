"""Helpers for the tests that run `scorer serve` as a real server on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scorer(*args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    """`scorer ARGS` as a child process, its output in a log file beside nothing else."""
    return subprocess.Popen([sys.executable, "-m", "scorer", *args],
                            env={**os.environ, **(env or {})}, **kw)


def start(tmp: Path, *args: str, env: dict | None = None) -> tuple[subprocess.Popen, str, Path]:
    """`scorer serve ARGS` on a free loopback port, once /healthz answers: the process,
    its base URL and its log."""
    port = free_port()
    log = tmp / f"serve-{port}.log"
    with log.open("wb") as fh:
        proc = scorer("serve", "--port", str(port), "--log-level", "warning", *args, env=env,
                      stdout=fh, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"scorer serve exited {proc.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return proc, base, log
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"scorer serve did not answer: {log.read_text()}")


def request(url: str, data: object = None, *, method: str | None = None,
            headers: dict | None = None) -> tuple[int, dict, bytes]:
    """Status, headers and body of one request (``data``: sent as JSON unless bytes)."""
    body = data if isinstance(data, bytes) or data is None else json.dumps(data).encode()
    hdrs = {"content-type": "application/json"} if body is not None else {}
    req = urllib.request.Request(url, data=body, method=method, headers={**hdrs, **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()
