"""The HTML pages of ``scorer serve``: the form to score an article and the table of the
store (a report's own page is :func:`scorer.render_html.render_html`).

Every page is self-contained (inline CSS and script, nothing fetched from elsewhere), and
everything that comes from an article or a report is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Iterable
from urllib.parse import urlencode

from ._version import __version__
from .browse import LABELS, SORTABLE, Page

_CSS = """
body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem;color:#1a1a1a}
textarea{width:100%;min-height:16rem;font:inherit}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #ccc;padding:.25rem .4rem;text-align:left}
.wide{overflow-x:auto}
td:nth-child(2){min-width:14rem}
.error{background:#fde8e8;border-left:4px solid #b00020;padding:.5rem}
nav a{margin-right:1rem}
"""

# reads an uploaded file into the form: an .html page goes in as HTML
_UPLOAD_JS = """
document.getElementById('file').addEventListener('change', function (ev) {
  var f = ev.target.files[0]; if (!f) return;
  var r = new FileReader();
  r.onload = function () {
    document.getElementById('text').value = r.result;
    document.getElementById('kind').value = /\\.html?$/i.test(f.name) ? 'html' : 'text';
  };
  r.readAsText(f);
});
"""


def _page(title: str, body: str, script: str = "") -> str:
    js = f"<script>{script}</script>" if script else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"
            f'<nav><a href="/">Score an article</a><a href="/articles">Stored articles</a>'
            f"</nav>{body}{js}</body></html>")


def index(error: str | None = None, store: bool = False) -> str:
    """The form: paste an article or upload a file, then see its report."""
    err = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    keep = ('<label><input type="checkbox" name="store" value="1"> also store the report'
            "</label> ") if store else ""
    body = f"""<h1>Score an article</h1>{err}
<form method="post" action="/">
<p><label for="text">Article text, or an HTML page</label></p>
<textarea id="text" name="text" required></textarea>
<p><label>Upload a file (.txt, .md, .html) <input type="file" id="file"
 accept=".txt,.md,.html,.htm,text/plain,text/html"></label></p>
<p><label>The input is <select id="kind" name="kind"><option value="text">plain text</option>
<option value="html">an HTML page</option></select></label>
<label>Title <input name="title"></label></p>
<p>{keep}<button type="submit" id="submit">Score</button></p>
</form><p><small>scorer {escape(__version__)}</small></p>"""
    return _page("scorer", body, _UPLOAD_JS)


def _link(page: Page, **change: object) -> str:
    q = page.query
    params = {"sort": q.sort, "order": q.order, "label": q.label or "", "limit": q.limit,
              "offset": q.offset, **change}
    return "/articles?" + urlencode({k: v for k, v in params.items() if v != ""})


def _cells(row: dict, columns: Iterable[str]) -> str:
    def cell(c: str) -> str:
        v = row[c]
        if c == "name":
            return f'<a href="/articles/{escape(row["sha256"])}">{escape(str(v))}</a>'
        return "" if v is None else escape(f"{v:.3g}" if isinstance(v, float) else str(v))

    return "".join(f"<td>{cell(c)}</td>" for c in columns)


def table(page: Page, columns: Iterable[str]) -> str:
    """The store as a table: column headers sort it, the label filter narrows it."""
    q = page.query
    columns = list(columns)
    heads = []
    for c in columns:
        if c in SORTABLE:
            order = "asc" if q.sort == c and q.order == "desc" else "desc"
            arrow = {"asc": " ▲", "desc": " ▼"}[q.order] if q.sort == c else ""
            heads.append(f'<th><a href="{escape(_link(page, sort=c, order=order, offset=0))}">'
                         f"{escape(c)}</a>{arrow}</th>")
        else:
            heads.append(f"<th>{escape(c)}</th>")
    rows = "".join(f"<tr>{_cells(r, columns)}</tr>" for r in page.rows)
    options = "".join(f'<option value="{v}"{" selected" if q.label == v else ""}>{v}</option>'
                      for v in ("", *LABELS))
    nav = []
    if q.offset > 0:
        nav.append(f'<a href="{escape(_link(page, offset=max(0, q.offset - q.limit)))}">previous</a>')
    if q.offset + q.limit < page.total:
        nav.append(f'<a href="{escape(_link(page, offset=q.offset + q.limit))}">next</a>')
    shown = f"{q.offset + 1}–{q.offset + len(page.rows)}" if page.rows else "none"
    body = f"""<h1>Stored articles</h1>
<form method="get" action="/articles"><input type="hidden" name="sort" value="{escape(q.sort)}">
<input type="hidden" name="order" value="{escape(q.order)}">
<label>Label <select name="label">{options}</select></label> <button>Filter</button></form>
<p>{shown} of {page.total} {" ".join(nav)}</p>
<div class="wide"><table><thead><tr>{"".join(heads)}</tr></thead><tbody>{rows}</tbody></table></div>"""
    return _page("scorer: stored articles", body)


def message(title: str, text: str) -> str:
    """A page that only says something (no store attached, not found)."""
    return _page(f"scorer: {title}", f"<h1>{escape(title)}</h1><p>{escape(text)}</p>")
