"""`scorer serve` over real HTTP: uvicorn on 127.0.0.1 in a child process."""

from __future__ import annotations

import http.client
import json
import signal
import subprocess
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from serving import SAMPLES, request, scorer, start

from scorer.browse import ROW_COLUMNS
from scorer.cli import app
from scorer.openapi import document

MAX_BODY = 300_000
MAX_TEXT = 250_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server on a small store (the p1 samples), with small limits to test them."""
    tmp = tmp_path_factory.mktemp("serve")
    db = tmp / "store.db"
    made = scorer("batch", str(SAMPLES), "--glob", "p1-*", "--db", str(db), "-q", "-j", "1",
                  stderr=subprocess.DEVNULL)
    assert made.wait() == 0
    proc, base, log = start(tmp, "--db", str(db), env={
        "SCORER_SERVE_MAX_BODY": str(MAX_BODY), "SCORER_MAX_BYTES": str(MAX_TEXT)})
    yield base
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0, log.read_text()
    assert "Traceback" not in log.read_text()


def _json(base: str, path: str, data: object = None, **kw) -> tuple[int, dict]:
    status, _, body = request(base + path, data, **kw)
    return status, json.loads(body)


def test_score_equals_the_cli(server, tmp_path):
    sample = SAMPLES / "p1-003.txt"
    text = sample.read_text(encoding="utf-8")
    page = tmp_path / "page.html"
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
    page.write_text(f"<html><head><title>{text.splitlines()[0]}</title></head><body>"
                    f"<article><h1>{text.splitlines()[0]}</h1>{paras}</article></body></html>")
    cli = [json.loads(CliRunner().invoke(app, ["score", str(p), "--json"]).stdout)
           for p in (sample, page)]
    status, api = _json(server, "/v1/score", {"text": text})
    assert status == 200
    # only what the request cannot say: the file's name and its bytes' encoding
    for key in ("name", "encoding"):
        api["input"].pop(key), cli[0]["input"].pop(key)
    assert api == cli[0]
    status, api = _json(server, "/v1/score", {"html": page.read_text(), "id": str(page)})
    assert status == 200 and api == cli[1]
    assert api["input"]["text"] is not None  # extracted text, as from the CLI


@pytest.mark.parametrize("body, message", [
    ({"text": "  "}, "request: empty text"),
    ({"text": 3}, "request: no 'text' string in the record"),
    ({"title": "x"}, "request: no 'text' string in the record"),
    ({"text": "Words here.", "title": 5}, "request: 'title' must be a string"),
    ({"text": "Words here.", "id": [1]}, "request: 'id' must be a string or a finite number"),
    ({"text": "a", "html": "<p>a</p>"}, "request: give 'text' or 'html', not both"),
    ({"html": "<html></html>"}, "request: no article text found in the HTML page"),
    (["text"], "request: expected a JSON object with a 'text' or 'html' field"),
    (b'{"text": ', "request body: invalid JSON (Expecting value at line 1, column 10)"),
    (b"\xff", "request body: invalid JSON (not UTF-8)"),
])
def test_refusals_are_one_line_json(server, body, message):
    assert _json(server, "/v1/score", body) == (400, {"error": message})


def test_short_and_non_english_texts_are_scored_with_the_cli_warnings(server):
    status, report = _json(server, "/v1/score", {"text": "Le conseil municipal a voté le budget hier soir après un long débat entre "
                                  "les élus de la majorité et ceux de l'opposition."})
    assert status == 200
    assert {"too_short", "non_english"} <= {w["code"] for w in report["warnings"]}


def test_not_json_is_415(server):
    status, body = _json(server, "/v1/score", b"text=x",
                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert status == 415 and "application/json" in body["error"]


def test_a_declared_huge_body_is_refused_before_it_is_read(server):
    host = urlsplit(server)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    conn.putrequest("POST", "/v1/score")
    conn.putheader("content-type", "application/json")
    conn.putheader("content-length", str(10**9))
    conn.endheaders()  # and not one byte of the body
    r = conn.getresponse()
    assert r.status == 413 and "over the 300.0 KB limit" in json.loads(r.read())["error"]


def test_a_streamed_body_is_counted(server):
    host = urlsplit(server)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    chunks = [b'{"text": "'] + [b"word " * 2000] * 40  # 400 KB, no Content-Length
    conn.request("POST", "/v1/score", body=iter(chunks), encode_chunked=True,
                 headers={"content-type": "application/json"})
    r = conn.getresponse()
    assert r.status == 413 and "SCORER_SERVE_MAX_BODY" in json.loads(r.read())["error"]


def test_text_over_the_cli_limit(server):
    status, body = _json(server, "/v1/score", {"text": "word " * 52_000})
    assert status == 413
    assert body["error"] == ("request: input is over the 250.0 KB limit (set SCORER_MAX_BYTES "
                             "to raise it)")


def test_store_then_fetch(server):
    text = (SAMPLES / "p2-001.txt").read_text(encoding="utf-8") + "\n\nStored <b>by</b> the API."
    status, report = _json(server, "/v1/score?store=1", {"text": text, "id": "api-1"})
    assert status == 200
    sha = report["input"]["sha256"]
    assert _json(server, f"/v1/articles/{sha}") == (200, report)
    status, _, page = request(f"{server}/articles/{sha}")
    assert status == 200 and b"Stored &lt;b&gt;by&lt;/b&gt; the API." in page
    _, listing = _json(server, "/v1/articles?limit=500")
    assert sha in {r["sha256"] for r in listing["rows"]} and listing["total"] == 16


def test_missing_article_and_route_are_json_404s(server):
    assert _json(server, "/v1/articles/" + "0" * 64) == (
        404, {"error": f"no stored article with sha256 {'0' * 64}"})
    status, body = _json(server, "/v2/nothing")
    assert status == 404 and body == {"error": "Not Found"}


def test_pagination_sort_and_filter(server):
    _, first = _json(server, "/v1/articles?sort=score&order=desc&limit=5")
    assert list(first["rows"][0]) == list(ROW_COLUMNS) and first["next_offset"] == 5
    rows, offset = [], 0
    while offset is not None:
        _, page = _json(server, f"/v1/articles?sort=score&order=desc&limit=5&offset={offset}")
        rows += page["rows"]
        offset = page["next_offset"]
    assert len(rows) == len({r["sha256"] for r in rows}) == first["total"]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    _, asc = _json(server, "/v1/articles?sort=quoted_share&order=asc&limit=500")
    shares = [r["quoted_share"] for r in asc["rows"]]
    assert shares == sorted(shares)
    _, strong = _json(server, "/v1/articles?label=strong&limit=500")
    assert strong["total"] == len(strong["rows"]) == sum(r["label"] == "strong" for r in rows)
    assert strong["total"] > 0


@pytest.mark.parametrize("query, message", [
    ("sort=score;drop", "sort must be one of"),
    ("limit=501", "limit must be between 1 and 500"),
    ("offset=-1", "offset must be a whole number"),
    ("label=great", "label must be one of"),
])
def test_bad_listing_parameters(server, query, message):
    status, body = _json(server, f"/v1/articles?{query}")
    assert status == 400 and body["error"].startswith(message)


def test_pages_are_self_contained_and_escaped(server):
    for path in ("/", "/articles?sort=score", "/articles?label=weak"):
        status, headers, page = request(server + path)
        assert status == 200 and b"http" not in page.lower().replace(b"http-equiv", b"")
        assert "default-src 'none'" in headers["content-security-policy"]
    form = b"kind=text&title=%3Cscript%3Ex%3C%2Fscript%3E&text=" + b"Words+%3Cimg+onerror%3Dx%3E+here." * 3
    status, _, page = request(server + "/", form,
                              headers={"content-type": "application/x-www-form-urlencoded"})
    assert status == 200 and b"<img" not in page and b"<script>x" not in page
    status, _, page = request(server + "/", b"kind=text&text=+",
                              headers={"content-type": "application/x-www-form-urlencoded"})
    assert status == 400 and b"article: empty text" in page


def test_a_cross_site_post_is_refused(server):
    status, body = _json(server, "/v1/score", {"text": "Words."},
                         headers={"origin": "https://evil.example"})
    assert (status, body) == (403, {"error": "cross-site request refused"})


def test_health_and_openapi(server):
    status, health = _json(server, "/healthz")
    assert status == 200 and health["ok"] and health["store"] and health["model"]
    assert health["loaded"] == "list"
    status, api = _json(server, "/openapi.json")
    assert status == 200 and api == json.loads(json.dumps(document()))
    assert {"/v1/score", "/v1/articles", "/v1/articles/{sha256}", "/healthz"} <= set(api["paths"])
    row = api["components"]["schemas"]["ArticleRow"]["properties"]
    assert list(row) == list(ROW_COLUMNS)
    assert api["components"]["schemas"]["Report"]["title"] == "Report"


def test_no_token_no_network(tmp_path):
    proc = scorer("serve", "--host", "0.0.0.0", "--port", "1", stderr=subprocess.PIPE,
                  env={"SCORER_API_TOKEN": ""})
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2 and b"refusing to listen on 0.0.0.0 without an API token" in err


def test_token_and_sigterm(tmp_path):
    db = tmp_path / "s.db"
    proc, base, log = start(tmp_path, "--host", "0.0.0.0", "--db", str(db),
                            env={"SCORER_API_TOKEN": "s3cret"})
    base = base.replace("0.0.0.0", "127.0.0.1")  # requests stay on loopback
    assert _json(base, "/v1/articles")[0] == 401
    assert _json(base, "/v1/articles", headers={"authorization": "Bearer wrong"})[0] == 401
    status, body = _json(base, "/v1/articles", headers={"authorization": "Bearer s3cret"})
    assert status == 200 and body["total"] == 0
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    conn.request("GET", "/articles?token=s3cret")  # a browser's first visit
    r = conn.getresponse()
    r.read()
    cookie = r.headers["set-cookie"]
    assert r.status == 303 and "HttpOnly" in cookie and "SameSite=strict" in cookie
    status, _, _ = request(base + "/articles", headers={"cookie": cookie.split(";")[0]})
    assert status == 200
    assert _json(base, "/healthz")[0] == 200
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0, log.read_text()
    assert not (tmp_path / "s.db-wal").exists()  # the store was closed


def test_a_request_can_ask_for_the_learnt_loaded_model(server):
    text = (SAMPLES / "p2-001.txt").read_text(encoding="utf-8") + \
        "\n\nThe brutal regime's shameful scheme is an utter disgrace."
    status, listed = _json(server, "/v1/score", {"text": text})
    assert status == 200 and listed["loaded_model"] is None
    status, model = _json(server, "/v1/score?loaded=model", {"text": text})
    assert status == 200 and model["loaded_model"]["name"] == "loaded-v1.json"
    assert all(s["loaded_probability"] is not None for s in model["evidence"]["sentences"])
    assert all(s["probability"] is not None for s in model["evidence"]["loaded"])
    assert _json(server, "/v1/score?loaded=words", {"text": text})[0] == 400
