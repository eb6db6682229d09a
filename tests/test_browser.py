"""A real browser on the served page: Debian's headless chromium, driven over its
DevTools protocol, pastes an article into `/`, submits it, and the marked spans and the
legend's counts on the page that comes back are checked against the report."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import time
import urllib.request
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from serving import SAMPLES, request, start

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not on PATH (Debian: "
                                "apt-get install chromium); .ci/run installs it")


class DevTools:
    """Just enough of the DevTools protocol: call a method, wait for its answer."""

    def __init__(self, ws) -> None:
        self.ws = ws
        self.next_id = 0

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv(timeout=20))
            if msg.get("id") == self.next_id:
                assert "error" not in msg, msg
                return msg["result"]

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not self.js(expression):
            assert time.monotonic() < deadline, f"timed out waiting for {expression}"
            time.sleep(0.05)


@contextmanager
def chromium(profile: Path) -> Iterator[DevTools]:
    """Headless chromium with a fresh profile, and its first tab."""
    from websockets.sync.client import connect

    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--remote-debugging-port=0", f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = profile / "DevToolsActivePort"  # chromium writes its port there
        deadline = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text().count("\n") >= 1):
            assert time.monotonic() < deadline, "chromium did not start"
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as r:
            page = next(t for t in json.load(r) if t["type"] == "page")
        with connect(page["webSocketDebuggerUrl"], max_size=None) as ws:
            yield DevTools(ws)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# each span's first piece (a span cut by another is several pieces; its first takes the
# focus), and the legend: key -> count
_COLLECT = """JSON.stringify({
  marks: [...document.querySelectorAll('#article [data-start][data-end][tabindex]')].map(e =>
    [+e.dataset.start, +e.dataset.end, e.dataset.kind]),
  legend: Object.fromEntries([...document.querySelectorAll('#legend [data-count]')].map(e =>
    [e.dataset.key, +e.dataset.count])),
  article: document.getElementById('article').textContent})"""


def test_paste_submit_and_see_the_evidence(tmp_path):
    proc, base, _ = start(tmp_path)
    text = (SAMPLES / "p1-002.txt").read_text(encoding="utf-8")
    try:
        with chromium(tmp_path / "profile") as browser:
            browser.call("Page.navigate", url=base + "/")
            browser.wait_for("document.readyState === 'complete' && "
                             "!!document.getElementById('text')")
            browser.js(f"document.getElementById('text').value = {json.dumps(text)};"
                       "document.getElementById('submit').click()")
            browser.wait_for("document.readyState === 'complete' && "
                             "!!document.querySelector('[data-start]')")
            seen = json.loads(browser.js(_COLLECT))
        report = json.loads(request(base + "/v1/score", {"text": text})[2])
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=15)
    assert seen["article"] == text  # the page shows the text the offsets index into
    ev = report["evidence"]
    expected = Counter(
        [(a["cue"]["start"], a["cue"]["end"], "cue") for a in ev["attributions"]]
        + [(a["source"]["start"], a["source"]["end"], "source")
           for a in ev["attributions"] if a["source"]]
        + [(s["start"], s["end"], kind) for kind, spans in
           (("hedge", ev["hedges"]), ("booster", ev["boosters"]), ("loaded", ev["loaded"]))
           for s in spans]
        + [(q["start"], q["end"], q["kind"]) for q in ev["quotes"]])
    assert Counter(tuple(m) for m in seen["marks"]) == expected
    counts = Counter(f"att-{a['source_class']}" for a in ev["attributions"])
    counts.update(["hedge"] * len(ev["hedges"]) + ["booster"] * len(ev["boosters"]))
    counts.update(f"loaded-{s['category']}" for s in ev["loaded"])
    counts.update(q["kind"] for q in ev["quotes"])
    assert {k: n for k, n in seen["legend"].items() if n} == dict(counts)
