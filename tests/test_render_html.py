from __future__ import annotations

from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scorer import readers
from scorer.api import score_file_with_text, score_input, score_text
from scorer.cli import app
from scorer.render_html import KEYS, TEXT_COLOUR, _Mark, article_markup, render_html
from scorer.report import Report
from scorer.settings import Settings

SAMPLES = sorted(Path(__file__).parent.parent.glob("samples/articles/*.txt"))
HOSTILE = (
    'Critics say <script>alert(1)</script> the plan is a "disaster" & a scandal.\n\n'
    'Officials said <img src=x onerror=alert(1)> it was fine. "It is </div> fine," she said. '
    + "The council met on Tuesday and the mayor said the budget was balanced. " * 12
)


class Page(HTMLParser):
    """The parts of a page the tests check: the article's text and its marks (each piece
    with where it starts in that text), the legend's counts, every tag and attribute."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.legend: dict[str, int] = {}
        self.text: list[str] = []
        self.pieces: list[dict] = []  # attrs, "at": offset in the article, "text"
        self._depth = 0  # >0 inside the article element
        self._open: list[dict] = []
        self._in_script = False
        self.feed(page)
        self.close()
        self.article = "".join(self.text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self.scripts.append("")
            self._in_script = True
        if "data-count" in a:
            self.legend[a["data-key"]] = int(a["data-count"])
        if self._depth:
            self._depth += 1
            piece = {**a, "at": len(self.article_so_far()), "text": ""}
            self.pieces.append(piece)
            self._open.append(piece)
        elif a.get("id") == "article":
            self._depth = 1

    def handle_endtag(self, tag):
        self._in_script = False
        if self._depth:
            self._depth -= 1
            if self._depth:
                self._open.pop()

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        if self._depth:
            self.text.append(data)
            for piece in self._open:
                piece["text"] += data

    def article_so_far(self) -> str:
        return "".join(self.text)


def check_page(report: Report, text: str) -> Page:
    page = Page(render_html(report, text))
    assert page.article == text
    ev = report.evidence
    expected = Counter(
        [(a.cue.start, a.cue.end, "cue") for a in ev.attributions]
        + [(a.source.start, a.source.end, "source") for a in ev.attributions if a.source]
        + [(s.start, s.end, kind) for kind, spans in
           (("hedge", ev.hedges), ("booster", ev.boosters), ("loaded", ev.loaded))
           for s in spans]
        + [(q.start, q.end, q.kind) for q in ev.quotes])
    firsts = [p for p in page.pieces if "tabindex" in p]
    assert Counter((int(p["data-start"]), int(p["data-end"]), p["data-kind"])
                   for p in firsts) == expected
    # the pieces of each span lie at their place in the text and together cover it
    covered: dict[tuple, set[int]] = defaultdict(set)
    for p in page.pieces:
        start, end = int(p["data-start"]), int(p["data-end"])
        assert text[p["at"]:p["at"] + len(p["text"])] == p["text"]
        assert start <= p["at"] and p["at"] + len(p["text"]) <= end
        covered[(start, end, p["data-kind"])].update(range(p["at"], p["at"] + len(p["text"])))
    assert all(cov == set(range(s, e)) for (s, e, _), cov in covered.items())
    assert len({p["id"] for p in firsts}) == len(firsts)
    # the legend counts what the report counts
    counts = Counter(f"att-{a.source_class}" for a in ev.attributions)
    counts.update(["hedge"] * len(ev.hedges) + ["booster"] * len(ev.boosters))
    counts.update(f"loaded-{s.category}" for s in ev.loaded)
    counts.update(q.kind for q in ev.quotes)
    assert page.legend == {k: counts.get(k, 0) for k in KEYS
                           if k != "loaded-other" or counts.get(k)}
    # nothing runs but the page's own static script; nothing is fetched
    assert len(page.scripts) == 1 and "alert" not in page.scripts[0]
    allowed = {report.input.url} | {a.url for a in ev.attributions}
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "src" not in attrs and tag not in ("img", "link", "iframe", "object")
        href = attrs.get("href")
        assert href is None or href.startswith("#") or href in allowed
    return page


@pytest.mark.parametrize("path", [SAMPLES[0], *SAMPLES[5::25]], ids=lambda p: p.name)
def test_sample_page_marks_every_span_at_its_offsets(path):
    report, text = score_file_with_text(path)
    page = check_page(report, text)
    # a reason links to its evidence, and a span's popup names what it feeds
    ids = {p["id"] for p in page.pieces if "id" in p}
    links = [a["href"][1:] for t, a in page.tags if t == "a" and a.get("href", "").startswith("#")]
    assert links and set(links) <= ids
    source = next(p for p in page.pieces if p["data-kind"] == "source")
    assert "Speaker:" in source["data-tip"] and "Counts in:" in source["data-tip"]


def test_hostile_text_and_title_are_escaped():
    report = score_text(HOSTILE, title='A "quoted" <b>title</b> </title><script>alert(1)</script>')
    page = check_page(report, HOSTILE)
    assert "<script>alert" not in render_html(report, HOSTILE)
    assert not [t for t, _ in page.tags if t in ("img", "b")]


def test_only_web_addresses_become_links():
    doc = readers.TextInput(text=HOSTILE, name="x", encoding="utf-8",
                            url="javascript:alert(1)")
    report = score_input(doc, Settings())
    page = check_page(report, HOSTILE)
    assert not [a for t, a in page.tags if t == "a" and "javascript" in a.get("href", "")]


def test_unscored_report_says_so():
    report = score_text(HOSTILE).model_copy(update={"score": None, "label": None,
                                                    "probability": None, "reasons": []})
    assert "Not scored" in render_html(report, HOSTILE)


def test_crossing_spans_are_cut_into_nested_pieces():
    text = "abcdefghij"
    found = [_Mark(0, 6, "quote", "quote", "q", id="q"), _Mark(3, 9, "loaded", "loaded-emotive",
                                                             "l", id="l")]
    markup = article_markup(text, found)
    page = Page(f'<div id="article">{markup}</div>')
    assert page.article == text
    assert [(p["data-kind"], p["at"], p["text"]) for p in page.pieces] == [
        ("quote", 0, "abcdef"), ("loaded", 3, "def"), ("loaded", 6, "ghi")]
    with pytest.raises(ValueError):
        article_markup("abc", found)


def _luminance(colour: str) -> float:
    rgb = [int(colour[k:k + 2], 16) / 255 for k in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_highlight_contrast_is_wcag_aa_and_kinds_differ_by_line_too():
    text = _luminance(TEXT_COLOUR)
    for key, (_, bg, _line, _style) in KEYS.items():
        assert (_luminance(bg) + 0.05) / (text + 0.05) >= 4.5, key
    styles = {key.split("-")[0]: style for key, (*_, style) in KEYS.items()}
    assert len(set(styles.values())) >= 4


def test_cli_html_and_html_dir(tmp_path):
    runner = CliRunner()
    out = tmp_path / "page.html"
    r = runner.invoke(app, ["score", str(SAMPLES[0]), "--html", str(out), "--json"])
    assert r.exit_code == 0, r.output
    report = Report.model_validate_json(r.stdout)
    check_page(report, SAMPLES[0].read_text(encoding="utf-8"))
    assert Page(out.read_text(encoding="utf-8")).article == SAMPLES[0].read_text(encoding="utf-8")
    # two inputs of the same base name, one the other's copy: two pages, none clobbered
    for sub, src in (("a", SAMPLES[0]), ("b", SAMPLES[0]), ("c", SAMPLES[1])):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "same.txt").write_text(src.read_text(encoding="utf-8"))
    pages = tmp_path / "pages"
    r = runner.invoke(app, ["batch", str(tmp_path / "in"), "--html-dir", str(pages), "-j", "1",
                            "-q"])
    assert r.exit_code == 0, r.output
    assert r.stdout == ""  # pages only: no JSONL on standard output unless asked for
    names = sorted(p.name for p in pages.iterdir())
    assert len(names) == 3 and all(n.startswith("same.txt-") for n in names)
    r = runner.invoke(app, ["score", str(SAMPLES[0]), "--html", str(tmp_path / "no" / "x.html")])
    assert r.exit_code == 1 and "cannot write" in r.output and "Traceback" not in r.output
    (tmp_path / "file").write_text("")
    r = runner.invoke(app, ["batch", str(tmp_path / "in"), "--html-dir", str(tmp_path / "file"),
                            "-q"])
    assert r.exit_code == 1 and "cannot create" in r.output


def test_the_model_s_page_lists_the_most_loaded_sentences_and_tips_say_why():
    text = (SAMPLES[0].read_text(encoding="utf-8") + "\n\nThe brutal regime's shameful, "
            "disastrous scheme is an utter disgrace. The council met on Tuesday.\n")
    model = score_text(text, settings=Settings(_env_file=None, loaded_signal="model"))
    page = render_html(model, text)
    assert "Most loaded sentences" in page
    ranked = sorted((s for s in model.evidence.sentences), key=lambda s: -s.loaded_probability)
    first = page.index("Most loaded sentences")
    assert page.index(f"<strong>{ranked[0].loaded_probability:.2f}</strong>", first) > first
    assert "shameful" in page[first:page.index("h-legend")]
    assert "that it is loaded language" in page and "Why: " in page  # the tips
    listed = score_text(text, settings=Settings(_env_file=None))
    assert "Most loaded sentences" not in render_html(listed, text)
