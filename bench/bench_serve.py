"""Requests per second and latency of `POST /v1/score`, on loopback.

Starts `scorer serve --workers W` on a free port, sends a fixed number of requests (the
sample articles in turn) from C client threads, stops the server, and prints the rate and
the p50/p99 latencies. A bounded run: it always ends.

    python bench/bench_serve.py [--requests 400] [--concurrency 4] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "articles"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(base: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"scorer serve exited {proc.returncode}")
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit("scorer serve did not answer")


def _post(url: str, body: bytes) -> float:
    req = urllib.request.Request(url, data=body, headers={"content-type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()
        assert r.status == 200
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--requests", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    bodies = [json.dumps({"text": p.read_text(encoding="utf-8")}).encode("utf-8")
              for p in sorted(SAMPLES.glob("*.txt"))]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "scorer", "serve", "--port", str(port),
                             "--workers", str(args.workers), "--log-level", "warning"])
    try:
        _wait(base, proc)
        for body in bodies[: 2 * args.workers]:  # every worker has loaded its model
            _post(base + "/v1/score", body)
        t0 = time.perf_counter()
        with ThreadPoolExecutor(args.concurrency) as pool:
            latencies = list(pool.map(lambda i: _post(base + "/v1/score", bodies[i % len(bodies)]),
                                      range(args.requests)))
        elapsed = time.perf_counter() - t0
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    q = statistics.quantiles(latencies, n=100)
    words = sum(len(b.split()) for b in bodies) / len(bodies)
    print(f"{args.requests} requests, concurrency {args.concurrency}, {args.workers} workers, "
          f"{os.cpu_count()} cores, articles of ~{words:.0f} words")
    print(f"{args.requests / elapsed:.1f} requests/s; latency p50 {q[49] * 1000:.0f} ms, "
          f"p99 {q[98] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
