"""The HTML view of a Report: one self-contained page (inline CSS and a little static JS,
nothing fetched) with the article's text and every evidence span highlighted.

Every highlight is a ``<mark>`` carrying the report's ``data-start``/``data-end``
offsets. Spans overlap (a loaded word inside a quote, a cue inside its attribution), so
the markup is built from the sorted boundaries of all spans: where two spans cross, the
inner one is closed and reopened, and each piece keeps its span's offsets. The text
content of the article element is exactly the text the offsets index into.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from html import escape
from typing import Iterable

from .features import LOADED_CATEGORIES, Features
from .report import Attribution, Quote, Reason, Report, Span

#: the legend: key -> (label, background, line colour, line style); the CSS is made from it
KEYS: dict[str, tuple[str, str, str, str]] = {
    "att-named_person": ("Named person", "#d3f5dc", "#1a7f37", "solid"),
    "att-named_organisation": ("Named organisation", "#d0eff7", "#0b6f82", "solid"),
    "att-document": ("Document or data", "#dce6ff", "#1c4fd8", "double"),
    "att-anonymous": ("Anonymous", "#fff0c2", "#8a5a00", "dashed"),
    "att-vague": ("Vague", "#ffe0e0", "#b42323", "dashed"),
    "att-unresolved": ("Unresolved pronoun", "#f3e1fb", "#8b2fa6", "dashed"),
    "hedge": ("Hedge", "#e9edf2", "#4a5360", "dotted"),
    "booster": ("Booster", "#ffe8cc", "#a34f00", "double"),
    **{f"loaded-{c}": (f"Loaded: {c}", "#ffe3ec", "#b0194f", "wavy") for c in LOADED_CATEGORIES},
    "loaded-unlisted": ("Loaded: model only", "#ffe3ec", "#b0194f", "wavy"),  # in no list
    "loaded-other": ("Loaded: other", "#ffe3ec", "#b0194f", "wavy"),  # an extra lexicon's
    "quote": ("Quotation", "#eef0f4", "#6b7280", "none"),
    "scare_quote": ("Scare quote", "#f4eefc", "#6b4fa0", "dashed"),
}
TEXT_COLOUR = "#1b1f24"


@dataclass
class _Mark:
    """One highlighted span: the report's offsets, what it is, and its popup text."""

    start: int
    end: int
    kind: str  # source | cue | hedge | booster | loaded | quote | scare_quote
    key: str  # the legend entry that shows and hides it
    tip: str
    attrs: dict[str, str] = field(default_factory=dict)
    id: str = ""

    def open_tag(self, first: bool) -> str:
        attrs = {"class": "hl", "data-kind": self.kind, "data-key": self.key,
                 "data-start": str(self.start), "data-end": str(self.end), **self.attrs,
                 "data-tip": self.tip}
        if first:  # one tab stop, one id, per span, however many pieces it is cut into
            attrs.update({"id": self.id, "tabindex": "0", "aria-describedby": "d-" + self.id})
        return "<mark " + " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items()) + ">"


# the order in which spans starting at the same offset open: outermost first
_RANK = {"quote": 0, "scare_quote": 0, "source": 1, "cue": 2, "loaded": 3, "hedge": 3,
         "booster": 3}


def _feeds(reasons: list[Reason], span: tuple[int, int], features: Iterable[str]) -> str:
    """The popup's last lines: the features a span counts in, and the reasons it backs."""
    features = list(features)
    lines = ["Counts in: " + ", ".join(features)]
    lines += [f"Reason: {r.explanation}" for r in reasons if r.feature in features
              or any((e.start, e.end) == span for e in r.evidence)]
    return "\n".join(lines)


def _attribution(a: Attribution, reasons: list[Reason]) -> list[_Mark]:
    """An attribution's source (when it has one) and cue, with the same popup details."""
    what = KEYS["att-" + a.source_class][0]
    lines = [f"Attribution: {what}", f"Speaker: {a.speaker or 'none named'}",
             f"Pattern: {a.pattern}"]
    if a.resolved_from:
        lines.append(f"Resolved from: {a.resolved_from}")
    if a.source_class == "anonymous":
        lines.append("Reason for anonymity given" if a.reason_given else "No reason for "
                     "anonymity given")
    if a.url:
        lines.append(f"Link: {a.url}")
    feats = [a.source_class] + (["anonymous_without_reason"]
                                if a.source_class == "anonymous" and not a.reason_given else [])
    found = []
    for kind, span in (("source", a.source), ("cue", a.cue)):
        if span is not None:
            tip = "\n".join([f"{kind.capitalize()}: “{span.text}”", *lines,
                             _feeds(reasons, (span.start, span.end), feats)])
            found.append(_Mark(span.start, span.end, kind, "att-" + a.source_class, tip,
                               {"data-class": a.source_class, "data-voice": span.voice}))
    return found


def _word(kind: str, s: Span, reasons: list[Reason]) -> _Mark:
    """A hedge, booster or loaded term."""
    if kind == "loaded":
        key, title = f"loaded-{s.category}", f"Loaded term ({s.category})"
        feats = ([f"loaded_author_{s.category}"] if s.category in LOADED_CATEGORIES else [])
        feats = ["loaded_author", *feats] if s.voice == "author" else ["loaded_quoted"]
    else:
        key, title = kind, f"{kind.capitalize()} ({s.category.replace('_', ' ')})"
        feats = [f"{kind}s_{s.voice}"]
    lines = [f"{title}: “{s.text}”", f"Voice: {s.voice}"]
    if getattr(s, "probability", None) is not None:
        lines.append(f"Model: probability {s.probability:.2f} that it is loaded language")
    if getattr(s, "reasons", None):
        lines.append("Why: " + "; ".join(s.reasons))
    tip = "\n".join([*lines, _feeds(reasons, (s.start, s.end), feats)])
    return _Mark(s.start, s.end, kind, key if key in KEYS else "loaded-other", tip,
                 {"data-category": s.category, "data-voice": s.voice})


def _quote(q: Quote, reasons: list[Reason]) -> _Mark:
    """A quotation (quoted voice) or a scare quote."""
    if q.kind == "scare_quote":
        lines, feats = ["Scare quote (a short quoted phrase)"], ["scare_quotes"]
    else:
        lines = ["Quotation: quoted voice", f"Speaker: {q.speaker or 'none found (orphan)'}",
                 f"{q.words} words"]
        feats = ["quotes", "attributed_quotes" if q.speaker else "orphan_quotes"]
        if not q.balanced:
            lines.append("No closing quotation mark found")
    tip = "\n".join([*lines, _feeds(reasons, (q.start, q.end), feats)])
    return _Mark(q.start, q.end, q.kind, q.kind, tip, {"data-speaker": q.speaker or ""})


def marks(report: Report) -> list[_Mark]:
    """Every evidence span of the report, as marks in document order (outermost first),
    each with a unique id ``s-<start>-<end>-<kind>``."""
    ev, reasons = report.evidence, report.reasons
    found = [m for a in ev.attributions for m in _attribution(a, reasons)]
    found += [_word(kind, s, reasons) for kind, spans in
              (("hedge", ev.hedges), ("booster", ev.boosters), ("loaded", ev.loaded))
              for s in spans]
    found += [_quote(q, reasons) for q in ev.quotes]
    found.sort(key=lambda m: (m.start, -m.end, _RANK[m.kind]))
    used: set[str] = set()
    for m in found:
        base = m.id = f"s-{m.start}-{m.end}-{m.kind}"
        n = 1
        while m.id in used:  # two attributions can share a source span
            n += 1
            m.id = f"{base}-{n}"
        used.add(m.id)
    return found


def article_markup(text: str, found: list[_Mark]) -> str:
    """The escaped text with ``found`` as properly nested elements (crossing spans are cut
    into pieces)."""
    for m in found:
        if not 0 <= m.start <= m.end <= len(text):
            raise ValueError(f"span {m.start}-{m.end} lies outside the text: render_html "
                             "needs the text the report's offsets index into")
    bounds = sorted({0, len(text), *(m.start for m in found), *(m.end for m in found)})
    starting: dict[int, list[_Mark]] = {}
    for m in found:
        starting.setdefault(m.start, []).append(m)
    out: list[str] = []
    stack: list[_Mark] = []
    for here, nxt in zip(bounds, bounds[1:] + [None]):
        ending = [k for k, m in enumerate(stack) if m.end == here]
        if ending:  # close down to the lowest span ending here; reopen the ones above it
            reopen = [m for m in stack[ending[0]:] if m.end != here]
            out.append("</mark>" * (len(stack) - ending[0]))
            del stack[ending[0]:]
            out.extend(m.open_tag(first=False) for m in reopen)
            stack.extend(reopen)
        for m in starting.get(here, ()):
            out.append(m.open_tag(first=True))
            if m.end == here:
                out.append("</mark>")
            else:
                stack.append(m)
        if nxt is not None:
            out.append(escape(text[here:nxt], quote=False))
    return "".join(out)


def _header(report: Report) -> str:
    info = report.input
    title = escape(info.title or info.name)
    meta = f"{escape(info.name)} · {info.words:,} words · {info.sentences:,} sentences"
    if info.url:
        url = escape(info.url)
        meta += (f' · <a href="{url}" rel="noopener noreferrer">{url}</a>'
                 if info.url.lower().startswith(("http://", "https://")) else f" · {url}")
    if report.score is None:
        score = ('<p class="score unscored"><strong>Not scored</strong>: see the warnings '
                 "below</p>")
    else:
        prob = f", probability {report.probability:.0%}" if report.probability is not None else ""
        score = (f'<p class="score label-{escape(report.label or "")}"><strong>'
                 f"{report.score:.0f}</strong>/100 <span>sourcing: {escape(report.label or '')}"
                 f"{prob}</span></p>")
    return f"<header><h1>{title}</h1><p class=\"meta\">{meta}</p>{score}</header>"


def _links(label: str, spans: Iterable[Span], ids: dict[tuple[int, int], str]) -> str:
    """Links to the highlights of ``spans`` (those on the page), after ``label``."""
    links = [f'<a href="#{ids[(s.start, s.end)]}">{escape(s.text)}</a>'
             for s in spans if (s.start, s.end) in ids]
    return f'<span class="ev">{label}: {" · ".join(links)}</span>' if links else ""


def _reasons(report: Report, ids: dict[tuple[int, int], str]) -> str:
    if not report.reasons:
        return ""
    items = []
    for r in report.reasons:
        sign = "raises" if r.contribution >= 0 else "lowers"
        ev = _links("Evidence", r.evidence, ids)
        items.append(f'<li class="{sign}">{escape(r.explanation)} <code>{escape(r.feature)}'
                     f"</code>{ev}</li>")
    return f'<section aria-labelledby="h-why"><h2 id="h-why">Why this score</h2><ul ' \
           f'class="reasons">{"".join(items)}</ul></section>'


def _loaded_sentences(report: Report, ids: dict[tuple[int, int], str], top: int = 5) -> str:
    """With the learnt model: the sentences it finds most loaded, with their probability
    and links to the terms in them (none with the word list)."""
    ev = report.evidence
    scored = [s for s in ev.sentences if s.loaded_probability is not None]
    if not scored:
        return ""
    items = []
    for ref in sorted(scored, key=lambda s: -(s.loaded_probability or 0.0))[:top]:
        terms = _links("Terms", (t for t in ev.loaded if t.sentence == ref.index), ids)
        items.append(f"<li><strong>{ref.loaded_probability:.2f}</strong> "
                     f"{escape(ref.text)}{terms}</li>")
    name = escape(report.loaded_model.name) if report.loaded_model else "the model"
    return ('<section aria-labelledby="h-loaded"><h2 id="h-loaded">Most loaded sentences'
            f'</h2><p class="hint">The probability {name} gives each sentence of being '
            'biased, loaded language (learnt from expert labels; rank by it, see '
            f'models/LOADED.md).</p><ul class="reasons">{"".join(items)}</ul></section>')


def _legend(found: list[_Mark]) -> str:
    counts = dict.fromkeys(KEYS, 0)
    for m in found:  # an attribution counts once: by its cue (every one has a cue)
        counts[m.key] += m.kind != "source"
    rows = []
    for key, (label, *_rest) in KEYS.items():
        n = counts[key]
        if key == "loaded-other" and not n:
            continue
        rows.append(f'<li><label><input type="checkbox" checked disabled data-key="{key}"> '
                    f'<span class="hl swatch" data-key="{key}" data-count="{n}">{escape(label)}'
                    f"</span> <span class=\"n\">{n}</span></label></li>")
    return ('<section aria-labelledby="h-legend" id="legend"><h2 id="h-legend">Highlights'
            '</h2><p class="hint">Bold with a double line: the cue of an attribution. Tick '
            'to show or hide a kind; hover or focus (Tab) a highlight for its details.</p>'
            f'<ul>{"".join(rows)}</ul></section>')


def _features(features: Features) -> str:
    rows = []
    for name, f in Features.model_fields.items():
        value = getattr(features, name)
        shown = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
        rows.append(f"<tr><th scope=\"row\"><code>{name}</code></th><td>{shown}</td>"
                    f"<td>{escape(f.description or '')}</td></tr>")
    return ('<section aria-labelledby="h-features"><details><summary><h2 id="h-features">'
            f"All features ({len(rows)})</h2></summary><div class=\"wrap\"><table><thead><tr>"
            '<th scope="col">Feature</th><th scope="col">Value</th><th scope="col">What it '
            f'counts</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div></details>'
            "</section>")


def _warnings(report: Report) -> str:
    if not report.warnings:
        return ""
    items = "".join(f"<li><code>{escape(w.code)}</code> {escape(w.message)}</li>"
                    for w in report.warnings)
    return (f'<section class="warnings" aria-labelledby="h-warn"><h2 id="h-warn">Warnings</h2>'
            f"<ul>{items}</ul></section>")


def _css() -> str:
    """The page's style; each legend key's colour and line style come from KEYS."""
    rules = []
    for key, (_, bg, line, style) in KEYS.items():
        sel = f'.hl[data-key="{key}"]'
        if key.startswith("att-"):
            rules.append(f"{sel}{{background:{bg};border-bottom:2px {style} {line}}}")
            rules.append(f'{sel}[data-kind="cue"]{{background:none;font-weight:700;'
                         f"border-bottom:3px double {line}}}")
        elif key in ("quote", "scare_quote"):
            rules.append(f"{sel}{{background:{bg};font-style:italic;"
                         f"border-bottom:1px {style} {line}}}")
        else:
            rules.append(f"{sel}{{background:{bg};text-decoration:underline {style} {line};"
                         "text-decoration-thickness:2px;text-underline-offset:4px}")
    return _BASE_CSS + "\n".join(rules)


_BASE_CSS = f"""
*,*::before,*::after{{box-sizing:border-box}}
body{{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:{TEXT_COLOUR};background:#fff}}
.page{{max-width:76rem;margin:0 auto;padding:1rem;display:grid;gap:0 2rem;
grid-template-columns:minmax(0,1fr)}}
@media (min-width:64rem){{.page{{grid-template-columns:minmax(0,1fr) 19rem}}
.page>*{{grid-column:1}}
.page>#legend{{grid-column:2;grid-row:1/span 9;position:sticky;top:1rem;align-self:start;
max-height:calc(100vh - 2rem);overflow:auto}}}}
h1{{font-size:1.6rem;line-height:1.25;margin:.5rem 0}}
h2{{font-size:1.15rem;margin:1.2rem 0 .4rem}}
a{{color:#0b57d0}}
.meta{{color:#4a5360;margin:.2rem 0;overflow-wrap:anywhere}}
.score{{font-size:1.1rem;margin:.6rem 0;padding:.5rem .8rem;border-radius:6px;
border-left:6px solid #4a5360;background:#f3f4f6}}
.score strong{{font-size:1.8rem}}
.label-strong{{border-color:#1a7f37;background:#e6f6ea}}
.label-mixed{{border-color:#8a5a00;background:#fff6d6}}
.label-weak{{border-color:#b42323;background:#ffe9e9}}
.reasons li{{margin:.3rem 0}} .reasons code{{color:#4a5360;font-size:.85em}}
.reasons li.raises::marker{{content:"+ "}} .reasons li.lowers::marker{{content:"\\2212  "}}
.ev{{display:block;font-size:.9rem;color:#4a5360;overflow-wrap:anywhere}}
#legend ul{{list-style:none;padding:0;margin:0}} #legend li{{margin:.25rem 0}}
#legend .n{{color:#4a5360}} .hint{{font-size:.85rem;color:#4a5360}}
#article{{white-space:pre-wrap;overflow-wrap:anywhere;font:1.1rem/1.7 Georgia,"Times New Roman",
serif;max-width:44rem;margin:0 0 1rem}}
.hl{{color:{TEXT_COLOUR};padding:0 1px;border-radius:2px}}
.hl:focus-visible{{outline:3px solid #0b57d0;outline-offset:1px}}
.hl:target{{outline:3px solid #c2410c;outline-offset:1px}}
.hl:focus::after,.hl:hover:not(:has(.hl:hover))::after{{content:attr(data-tip);position:fixed;
left:50%;bottom:1rem;transform:translateX(-50%);width:min(36rem,calc(100vw - 2rem));
background:#1b1f24;color:#fff;padding:.6rem .8rem;border-radius:6px;white-space:pre-line;
font:400 .9rem/1.45 system-ui,sans-serif;z-index:10;box-shadow:0 2px 8px #0006}}
.wrap{{overflow-x:auto}} table{{border-collapse:collapse;font-size:.9rem}}
th,td{{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top}}
summary h2{{display:inline}} summary{{cursor:pointer}}
.warnings{{background:#fff6d6;border-left:6px solid #8a5a00;padding:.1rem .8rem;border-radius:6px}}
"""
_OFF_CSS = (".hl.off{background:none!important;border-color:transparent!important;"
            "text-decoration:none!important;font-style:inherit!important;"
            "font-weight:inherit!important}")
# the whole style sheet, made once per process (it depends on KEYS alone)
_PAGE_CSS = f"{_css()}\n{_OFF_CSS}"

# static: it reads data attributes, and no report data is ever put inside it
_SCRIPT = """
for (const box of document.querySelectorAll('#legend input[data-key]')) {
  box.disabled = false;
  box.addEventListener('change', () => {
    const sel = '#article .hl[data-key="' + box.dataset.key + '"]';
    for (const m of document.querySelectorAll(sel)) m.classList.toggle('off', !box.checked);
  });
}
"""
# defence in depth: should markup ever slip through unescaped, no other script runs
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
        f"script-src 'sha256-{_SCRIPT_HASH}'")


def render_html(report: Report, text: str) -> str:
    """One self-contained HTML page for ``report``: ``text`` is the string its offsets
    index into (``report.input.text`` when set, else the text that was scored)."""
    found = marks(report)
    ids: dict[tuple[int, int], str] = {}
    for m in found:
        ids.setdefault((m.start, m.end), m.id)
    tips = "".join(f'<span id="d-{m.id}">{escape(m.tip)}</span>' for m in found)
    title = escape(report.input.title or report.input.name)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        f"<title>{title} · scorer</title><style>{_PAGE_CSS}</style></head><body>"
        f'<div class="page">{_header(report)}{_warnings(report)}{_reasons(report, ids)}'
        f'{_loaded_sentences(report, ids)}{_legend(found)}<section aria-labelledby="h-article"><h2 id="h-article">The article'
        f'</h2><div id="article">{article_markup(text, found)}</div></section>'
        f"{_features(report.features)}</div><div hidden>{tips}</div>"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )
