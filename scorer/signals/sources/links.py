"""Outbound hyperlinks of an HTML page as cited documents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from ...document import Document
from ...evidence import Attribution, new_attribution
from ..common import make_span

if TYPE_CHECKING:
    from ...readers import Link


def attach(doc: Document, found: Sequence[Attribution], links: Sequence["Link"]) -> list[Attribution]:
    """``found`` with the links added, in text order: one attribution per link, its span
    the anchor text; a link on words that already form an attribution ("according to
    [a Reuters report](...)") gives that one its URL instead of counting twice. Link
    offsets are into the text given to the Document."""
    out = list(found)
    added = []
    for link in links:
        s, e = doc.to_norm(link.start), doc.to_norm(link.end)
        if not 0 <= s < e <= len(doc.norm):
            continue
        span = make_span(doc, s, e, "document")
        k = next((k for k, a in enumerate(found) if a.start < span.end and span.start < a.end), None)
        if k is not None:
            same = out[k]
            if same.url is None:
                update: dict = {"url": link.url}
                # "according to [the minutes](...)": a linked source is one a reader can
                # open, so it is a cited document, not a vague one
                if same.source_class in ("vague", "unresolved"):
                    update["source_class"] = "document"
                    if same.source is not None:
                        update["source"] = same.source.model_copy(update={"category": "document"})
                out[k] = same.model_copy(update=update)
            continue
        added.append(new_attribution(
            start=span.start, end=span.end, text=span.text, sentence=span.sentence,
            pattern="link", cue=make_span(doc, s, e, "link"), source=span,
            source_class="document", speaker=None, resolved_from=None, antecedent=None,
            channel="hyperlink",
            recipient=None, anonymity_reason=None, reason_given=None, url=link.url,
        ))
    # in cue order, as the attributions found in the text are
    return sorted(out + added, key=lambda a: a.cue.start) if added else out
