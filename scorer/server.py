"""``scorer serve``: a small web app and JSON API on Starlette and uvicorn.

Starlette rather than FastAPI: the report's pydantic models already are the schema (the
OpenAPI document is built from them in :mod:`scorer.openapi`), and the request has to be
refused with the CLI's own messages, which FastAPI's validation layer would replace.

Scoring is CPU-bound: it runs in a thread, so the event loop keeps answering; for
throughput, run several worker processes (``workers``), each loading the model once.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
import signal
import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from . import batch, browse, openapi, pages, readers
from ._version import __version__
from . import model as model_mod
from .api import score_input
from .errors import InputError, ScorerError, StoreError, UsageError
from .render_html import render_html
from .report import Report
from .settings import Settings

#: what a request may ask to find the loaded terms with (``?loaded=``)
LOADED_CHOICES = ("list", "model")
#: the environment variable that hands the settings to worker processes
_WORKER_ENV = "SCORER_SERVE_WORKER"
_TOKEN_COOKIE = "scorer_token"
# no page loads anything from elsewhere: inline style and script only
_PAGE_HEADERS = {
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


class HTTPError(Exception):
    """A request the server refuses: its status and the one-line message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def check_bind(host: str, settings: Settings) -> None:
    """Refuse to listen beyond loopback without an API token."""
    if not is_loopback(host) and settings.api_token is None:
        raise UsageError(
            f"refusing to listen on {host} without an API token: anyone on the network "
            "could use it. Set SCORER_API_TOKEN (clients then send 'Authorization: Bearer "
            "<token>'), or listen on 127.0.0.1")


class Service:
    """What the app serves from: the settings, the model (loaded once per process) and
    the store's writer (when a database is attached)."""

    def __init__(self, settings: Settings, db: str | Path | None = None) -> None:
        self.settings = settings
        self.model = model_mod.load_scoring_cached(settings.model_path,
                                                   trust=settings.trust_model)
        # the word lists and the pronouncing dictionary (and with --loaded model the
        # loaded-language model: a bad file fails here) load on first use: here, so that
        # the first request is as fast as the others
        score_input(readers.TextInput("The editor said it was ready.", "warm-up", None),
                    settings)
        self.db = Path(db) if db is not None else None
        # creates the database (or adds the text column to an older one) before browsing
        self.store = batch.Store(self.db) if self.db is not None else None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()

    def read(self, record: object, name: str) -> readers.TextInput:
        """An article sent as JSON (or a form): ``text``, or ``html`` holding a page."""
        if not isinstance(record, dict):
            raise InputError(f"{name}: expected a JSON object with a 'text' or 'html' field")
        for key in ("title", "url"):
            if record.get(key) is not None and not isinstance(record[key], str):
                raise InputError(f"{name}: '{key}' must be a string")
        if record.get("html") is not None:
            if "text" in record:
                raise InputError(f"{name}: give 'text' or 'html', not both")
            html = record["html"]
            if not isinstance(html, str):
                raise InputError(f"{name}: 'html' must be a string")
            self._check_size(html, name)
            doc = readers.from_html(html.encode("utf-8", "surrogatepass"), name)
            # the id, title and url the request gives win over what the page says
            given = readers.from_record({**record, "text": doc.text}, name)
            doc.name, doc.title, doc.url = (given.name, given.title or doc.title,
                                            given.url or doc.url)
            return doc
        if isinstance(record.get("text"), str):
            self._check_size(record["text"], name)
        return readers.from_record(record, name)

    def _check_size(self, text: str, name: str) -> None:
        if len(text.encode("utf-8", "surrogatepass")) > self.settings.max_bytes:
            raise HTTPError(413, str(readers.over_limit(name, self.settings)))

    def score(self, doc: readers.TextInput, store: bool, loaded: str | None = None) -> Report:
        """The report (as the CLI makes it), stored too when ``store``; ``loaded``: what
        finds the loaded terms for this request ('list' or 'model'; default: the
        server's setting)."""
        if store and self.store is None:
            raise HTTPError(400, "store=1 needs a database: start scorer serve with --db")
        settings = self.settings
        if loaded is not None and loaded != settings.loaded_signal:
            if loaded not in LOADED_CHOICES:
                raise HTTPError(400, f"loaded must be one of {', '.join(LOADED_CHOICES)}")
            settings = settings.model_copy(update={"loaded_signal": loaded})
        report = score_input(doc, settings)
        if store:
            o = batch.outcome(report, doc.text, f"api:{report.input.sha256}", doc.name)
            try:
                self.store.write([o])
            except sqlite3.Error as exc:  # locked by a batch longer than the busy timeout
                raise batch.store_error(self.store.path, exc) from None
        return report


# -- requests ---------------------------------------------------------------------------


def _json_error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) as soon as it is known to be over ``limit``: from
    its Content-Length before reading, else while counting what streams in."""
    length = request.headers.get("content-length", "")
    too_big = HTTPError(413, f"request body is over the {readers.human_bytes(limit)} limit "
                        "(set SCORER_SERVE_MAX_BODY to raise it)")
    if length.isdigit() and int(length) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def _same_origin(request: Request) -> None:
    """Refuse a POST that another site's page sent (a browser always says where from)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPError(403, "cross-site request refused")


def _flag(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "yes", "on")


def _service(request: Request) -> Service:
    return request.app.state.service


async def score_api(request: Request) -> Response:
    """POST /v1/score: an article as JSON in, its report out."""
    service = _service(request)
    _same_origin(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/json":
        raise HTTPError(415, "send the article as JSON (Content-Type: application/json)")
    body = await _body(request, service.settings.serve_max_body)
    doc = service.read(readers.parse_json(body, "request body"), "request")
    report = await run_in_threadpool(service.score, doc, _flag(request.query_params.get("store")),
                                     request.query_params.get("loaded"))
    return Response(report.to_json(), media_type="application/json")


def _query(request: Request) -> browse.Query:
    p = request.query_params
    ints = {}
    for key in ("limit", "offset"):
        if key in p:
            if not p[key].isdigit():
                raise UsageError(f"{key} must be a whole number")
            ints[key] = int(p[key])
    return browse.Query(**ints, sort=p.get("sort", "scored_at"), order=p.get("order", "desc"),
                        label=p.get("label") or None)


def _db(request: Request) -> Path:
    db = _service(request).db
    if db is None:
        raise HTTPError(404, "no store attached: start scorer serve with --db FILE")
    return db


async def list_api(request: Request) -> Response:
    """GET /v1/articles: a page of the store."""
    db = _db(request)
    page = await run_in_threadpool(browse.articles, db, _query(request))
    q = page.query
    more = q.offset + q.limit < page.total
    return JSONResponse({"rows": page.rows, "total": page.total, "limit": q.limit,
                         "offset": q.offset, "sort": q.sort, "order": q.order,
                         "label": q.label, "next_offset": q.offset + q.limit if more else None})


async def _stored(request: Request) -> browse.Article:
    sha = request.path_params["sha256"]
    found = await run_in_threadpool(browse.article, _db(request), sha)
    if found is None:
        raise HTTPError(404, f"no stored article with sha256 {sha}")
    return found


async def article_api(request: Request) -> Response:
    """GET /v1/articles/{sha256}: one stored report."""
    return Response((await _stored(request)).report, media_type="application/json")


async def health(request: Request) -> Response:
    service = _service(request)
    return JSONResponse({"ok": True, "version": __version__,
                         "model": getattr(service.model, "name", None),
                         "store": service.db is not None,
                         "loaded": service.settings.loaded_signal})


async def openapi_doc(request: Request) -> Response:
    return JSONResponse(request.app.state.openapi)


# -- pages --------------------------------------------------------------------------------


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=_PAGE_HEADERS)


async def index_page(request: Request) -> Response:
    """GET /: the form; POST /: the form sent, answered with the report's page."""
    service = _service(request)
    store = service.store is not None
    if request.method == "GET":
        return _html(pages.index(store=store))
    _same_origin(request)
    body = await _body(request, service.settings.serve_max_body)
    try:
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    except UnicodeDecodeError:
        raise HTTPError(400, "the form is not UTF-8") from None
    field = "html" if form.get("kind") == "html" else "text"
    # a browser sends a textarea's line ends as CRLF: the text pasted had LF
    record = {field: form.get("text", "").replace("\r\n", "\n"),
              "title": form.get("title") or None}
    try:
        doc = service.read(record, "article")
        report = await run_in_threadpool(service.score, doc, _flag(form.get("store")))
    except (InputError, HTTPError) as exc:
        status = exc.status if isinstance(exc, HTTPError) else 400
        return _html(pages.index(error=str(exc), store=store), status)
    return _html(render_html(report, doc.text))


async def table_page(request: Request) -> Response:
    """GET /articles: the store as a sortable, filterable table."""
    if _service(request).db is None:
        return _html(pages.message("No store", "Start scorer serve with --db FILE to browse "
                                   "a store."), 404)
    try:
        page = await run_in_threadpool(browse.articles, _db(request), _query(request))
    except UsageError as exc:
        return _html(pages.message("Bad request", str(exc)), 400)
    columns = [c for c in browse.ROW_COLUMNS if c not in ("sha256", "url")]
    return _html(pages.table(page, columns))


async def article_page(request: Request) -> Response:
    """GET /articles/{sha256}: one stored article's report page."""
    try:
        found = await _stored(request)
    except HTTPError as exc:
        return _html(pages.message("Not found", exc.message), exc.status)
    report = Report.model_validate_json(found.report)
    text = found.text if found.text is not None else report.input.text
    if text is None:
        return _html(pages.message("Text not stored", "This store was written before "
                                   "scorer kept the texts: score the article again to see "
                                   "it here."), 404)
    return _html(render_html(report, text))


# -- the app ------------------------------------------------------------------------------


async def _refused(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPError):
        return _json_error(exc.status, exc.message)
    if isinstance(exc, HTTPException):  # no such route, wrong method
        return _json_error(exc.status_code, str(exc.detail))
    if isinstance(exc, StoreError):
        return _json_error(503, str(exc))
    if isinstance(exc, InputError | UsageError):
        return _json_error(400, str(exc))
    return _json_error(500, str(exc))  # another ScorerError: the model or a lexicon


async def _internal(request: Request, exc: Exception) -> Response:
    # Starlette re-raises the exception after this answer, and uvicorn logs its traceback
    return _json_error(500, "internal error")


class TokenGate:
    """Every request but /healthz needs the API token, as ``Authorization: Bearer`` or
    as the cookie a browser gets by opening any page once with ``?token=...``."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")

    def _matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8"), self.token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/healthz":
            return await self.app(scope, receive, send)
        request = Request(scope)
        auth = request.headers.get("authorization", "")
        bearer = auth[7:] if auth[:7].lower() == "bearer " else None
        if self._matches(bearer) or self._matches(request.cookies.get(_TOKEN_COOKIE)):
            return await self.app(scope, receive, send)
        if self._matches(request.query_params.get("token")):
            # to this server's own path ("//host" would be another site)
            path = "/" + scope["path"].lstrip("/")
            response: Response = RedirectResponse(path, status_code=303)
            response.set_cookie(_TOKEN_COOKIE, self.token.decode("utf-8"), httponly=True,
                                samesite="strict")
        else:
            response = _json_error(401, "missing or wrong API token: send 'Authorization: "
                                   "Bearer <token>' (a browser: open a page with ?token=...)")
            response.headers["www-authenticate"] = "Bearer"
        await response(scope, receive, send)


def create_app(settings: Settings, db: str | Path | None = None) -> Starlette:
    """The ASGI app: the JSON API, the pages, and (with ``db``) the store."""
    service = Service(settings, db)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        try:
            yield
        finally:
            service.close()

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        HTTPError: _refused, HTTPException: _refused, ScorerError: _refused,
        Exception: _internal,
    }
    app = Starlette(routes=[
        Route("/", index_page, methods=["GET", "POST"]),
        Route("/articles", table_page),
        Route("/articles/{sha256}", article_page),
        Route("/v1/score", score_api, methods=["POST"]),
        Route("/v1/articles", list_api),
        Route("/v1/articles/{sha256}", article_api),
        Route("/healthz", health),
        Route("/openapi.json", openapi_doc),
    ], exception_handlers=handlers, lifespan=lifespan)
    app.state.service = service
    app.state.openapi = openapi.document()
    if settings.api_token is not None:
        app.add_middleware(TokenGate, token=settings.api_token.get_secret_value())
    return app


def worker_app() -> Starlette:
    """The app in a worker process (``workers`` > 1), from the settings :func:`serve`
    handed down."""
    given = json.loads(os.environ[_WORKER_ENV])
    return create_app(Settings(_env_file=None, **given["settings"]), given["db"])


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000,
          db: str | Path | None = None, workers: int = 1, log_level: str = "info") -> None:
    """Run the server until SIGTERM or Ctrl-C; both stop it cleanly and return."""
    import uvicorn

    check_bind(host, settings)
    if workers < 1:
        raise UsageError("--workers must be 1 or more")
    app = create_app(settings, db)  # a bad model or database fails here, in one line
    if workers > 1:
        app.state.service.close()
        values = settings.model_dump(mode="json", exclude={"api_token"})
        if settings.api_token is not None:
            values["api_token"] = settings.api_token.get_secret_value()
        os.environ[_WORKER_ENV] = json.dumps(
            {"settings": values, "db": str(db) if db is not None else None})
    # uvicorn shuts down on SIGTERM/SIGINT, then raises the signal again for the handler
    # that was there before it: a no-op here, so that a stop is a normal return
    previous = {s: signal.signal(s, lambda *_: None) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        if workers == 1:
            uvicorn.run(app, host=host, port=port, log_level=log_level)
        else:
            uvicorn.run("scorer.server:worker_app", factory=True, host=host, port=port,
                        workers=workers, log_level=log_level)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
