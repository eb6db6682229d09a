"""Views of a Report: a terminal summary (rich) with the strongest evidence highlighted."""

from __future__ import annotations

import time

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .report import Report, SentenceRef, Span

CLASS_STYLE = {
    "named_person": "bold green",
    "named_organisation": "bold cyan",
    "document": "bold blue",
    "anonymous": "bold yellow",
    "vague": "bold red",
    "unresolved": "bold magenta",
}
LABEL_STYLE = {"strong": "bold green", "mixed": "bold yellow", "weak": "bold red"}


def _highlight(sentence: SentenceRef, spans: list[tuple[Span, str]], width: int = 220) -> Text:
    text = Text(sentence.text)
    for span, style in spans:
        s, e = span.start - sentence.start, span.end - sentence.start
        if 0 <= s < e <= len(sentence.text):
            text.stylize(style, s, e)
    if len(text) > width:
        text.truncate(width, overflow="ellipsis")
    return text


def _n(count: int, word: str, plural: str | None = None) -> str:
    """'1 hedge', '2 hedges'."""
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _summary(report: Report) -> Table:
    f = report.features
    t = Table.grid(padding=(0, 2))
    t.add_column(style="bold")
    t.add_column()
    t.add_row(
        "Sources",
        f"{_n(f.attributions, 'attribution')}: {_n(f.named_person, 'named person', 'named people')}, "
        f"{_n(f.named_organisation, 'organisation')}, {_n(f.document, 'document')}, "
        f"{f.anonymous} anonymous, {f.vague} vague, {f.unresolved} unresolved",
    )
    t.add_row(
        "",
        f"{_n(f.distinct_named_sources, 'distinct named source')}; unnamed share "
        f"{f.unnamed_share:.0%}; {f.anonymous_without_reason} anonymous without a reason",
    )
    t.add_row(
        "Hedging",
        f"author: {_n(f.hedges_author, 'hedge')} vs {_n(f.boosters_author, 'booster')} "
        f"(hedge share {f.hedge_share_author:.2f}); quoted: {f.hedges_quoted} vs "
        f"{f.boosters_quoted}",
    )
    t.add_row(
        "Loaded terms",
        f"author: {f.loaded_author} ({f.loaded_per_1k_author:.1f} per 1,000 words, "
        f"{f.loaded_sentence_share_author:.0%} of sentences); in quotes: {f.loaded_quoted} "
        f"({f.loaded_per_1k_quoted:.1f} per 1,000)"
        + (f"; by {report.loaded_model.name}" if report.loaded_model else ""),
    )
    t.add_row(
        "Quotes",
        f"{_n(f.quotes, 'quotation')}, {f.quoted_share:.0%} of the text; "
        f"{_n(f.distinct_quoted_speakers, 'speaker')}; {f.orphan_quotes} orphan; "
        f"{_n(f.scare_quotes, 'scare quote')}",
    )
    t.add_row(
        "Readability",
        f"Flesch reading ease {f.flesch_reading_ease:.0f}, grade {f.flesch_kincaid_grade:.1f}, "
        f"{f.words_per_sentence:.0f} words/sentence",
    )
    return t


def _evidence_lines(report: Report, limit: int = 8) -> list[Text]:
    ev = report.evidence
    by_index = {s.index: s for s in ev.sentences}
    lines: list[Text] = []
    # weakest sourcing first: vague, anonymous without a reason, then the rest
    order = {"vague": 0, "anonymous": 1, "unresolved": 2, "document": 3,
             "named_organisation": 4, "named_person": 5}
    atts = sorted(ev.attributions, key=lambda a: (order[a.source_class], a.start))
    for a in atts[:limit]:
        spans = [(a.cue, "underline")]
        if a.source:
            spans.append((a.source, CLASS_STYLE[a.source_class]))
        else:
            spans = [(a.cue, CLASS_STYLE[a.source_class])]
        tag = a.source_class.replace("_", " ")
        if a.source_class == "anonymous":
            tag += ", reason given" if a.reason_given else ", no reason given"
        line = Text(f"[{tag}] ", style=CLASS_STYLE[a.source_class])
        line.append_text(_highlight(by_index[a.sentence], spans))
        lines.append(line)
    loaded = [s for s in ev.loaded if s.voice == "author"]
    seen: dict[int, list[tuple[Span, str]]] = {}
    for s in loaded:
        seen.setdefault(s.sentence, []).append((s, "bold reverse red"))
    # with the model, the most loaded sentences first, with their probability
    ranked = sorted(seen.items(), key=lambda kv: -(by_index[kv[0]].loaded_probability or 0.0))
    for k, spans in ranked[:5]:
        cats = ", ".join(sorted({sp.category for sp, _ in spans}))
        p = by_index[k].loaded_probability
        line = Text(f"[loaded: {cats}{'' if p is None else f'; sentence {p:.2f}'}] ", style="red")
        line.append_text(_highlight(by_index[k], spans))
        lines.append(line)
    return lines


def terminal(report: Report, console: Console) -> None:
    """Print a readable summary and the strongest evidence lines."""
    info = report.input
    head = Text()
    head.append(info.title or info.name, style="bold")
    head.append(f"  ({info.words} words, {info.sentences} sentences)")
    if report.label:
        head.append(f"   score {report.score:.0f}/100 ", style="bold")
        head.append(report.label, style=LABEL_STYLE[report.label])
    else:
        head.append("   unscored (no model)", style="dim")
    parts: list = [head, Text(), _summary(report)]
    if report.reasons:
        parts.append(Text("\nWhy this score", style="bold"))
        for r in report.reasons:
            sign = "+" if r.contribution >= 0 else "-"
            parts.append(Text(f" {sign} {r.explanation}", style="green" if sign == "+" else "red"))
    lines = _evidence_lines(report)
    if lines:
        parts.append(Text("\nEvidence", style="bold"))
        parts.extend(lines)
    for w in report.warnings:
        parts.append(Text(f"warning: {w.message}", style="yellow"))
    console.print(Panel(Group(*parts), title="scorer", title_align="left", expand=True))


def metrics(result: dict, console: Console) -> None:
    """Print evaluation metrics: headline figures, per-class table, confusion matrix."""
    console.print(
        f"[bold]{result['data']}[/]: {result['n']} articles, model {result['model']['name']}\n"
        f"accuracy {result['accuracy']:.3f}   macro-F1 {result['macro_f1']:.3f}   "
        f"ROC AUC (one-vs-rest) {result['roc_auc_ovr']:.3f}"
    )
    t = Table("label", "precision", "recall", "F1", "support")
    for label, m in result["per_class"].items():
        t.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}",
                  str(m["support"]))
    console.print(t)
    cm = result["confusion_matrix"]
    t = Table("true \\ predicted", *cm["labels"])
    for label, row in zip(cm["labels"], cm["rows_true_cols_pred"]):
        t.add_row(label, *map(str, row))
    console.print(t)


def signal_metrics(result: dict, console: Console) -> None:
    """Print an evaluate-signals result as tables."""
    signal = f", signal={result['signal']}" if "signal" in result else ""
    console.print(
        f"[bold]{result['corpus']}[/] split={result['split']}, {result['articles']} articles"
        f"{signal}"
    )
    if "model" in result:
        console.print(f"[dim]model {result['model']['name']} ({result['model']['sha256'][:12]}): "
                      f"{result['model']['note']}[/]")
    if result["corpus"] == "attributions":
        _attribution_metrics(result, console)
        return
    kind = next(k for k in ("subsets", "voices", "levels") if k in result)
    groups = result[kind]
    t = Table(kind[:-1], "measure", "precision", "recall", "F1", "gold", "predicted")
    for group, measures in groups.items():
        for name, m in measures.items():
            t.add_row(group, name, f"{m['precision']:.3f}", f"{m['recall']:.3f}",
                      f"{m['f1']:.3f}", str(m["gold"]), str(m["predicted"]))
    console.print(t)
    if "quoted_gold_counted_as_author" in result:
        q = result["quoted_gold_counted_as_author"]
        console.print(f"gold spans inside quotes counted as the author's: {q['spans']} of "
                      f"{q['of']} ({q['share']:.1%})")
    if "density" in result:
        d = result["density"]
        voice = f", {d['voice']} voice" if "voice" in d else ""
        console.print(f"per-article loaded density, predicted against annotated{voice} "
                      f"({d['articles']} articles): Spearman {d['spearman_tokens']:.3f} "
                      f"(share of words in spans), {d['spearman_terms']:.3f} (terms per "
                      "1,000 words against gold spans per 1,000)")
    if "sentence_labels" in result:
        n = result["sentence_labels"]
        console.print(f"sentences: {n['Biased']} Biased, {n['Non-biased']} Non-biased, "
                      f"{n['left out']} without a majority label (left out)")
    console.print(f"[dim]{result['matching']}[/]")
    if "note" in result:
        console.print(f"[dim]{result['note']}[/]")
    if "errors" in result:
        for kind in ("misses", "false_alarms"):
            items = ", ".join(f"{k} ({v})" for k, v in result["errors"][kind])
            console.print(f"[bold]{kind.replace('_', ' ')}:[/] {items}")


def _attribution_metrics(result: dict, console: Console) -> None:
    ev, src, res = result["events"], result["source_overlap"], result["resolution"]
    t = Table("measure", "value", "of")
    t.add_row("events found", f"{ev['found_share']:.3f}", f"{ev['found']} / {ev['gold']}")
    t.add_row("class agreement (events found)", f"{ev['class_agreement']:.3f}",
              f"{ev['agreeing']} / {ev['found']}")
    t.add_row("precision (attributions matching an event)", f"{ev['precision']:.3f}",
              f"{ev['predicted_matching_gold']} / {ev['predicted']}")
    t.add_row("speaker overlap: recall / precision", f"{src['recall']:.3f} / {src['precision']:.3f}",
              f"{src['gold']} / {src['predicted']}")
    t.add_row("references resolved to the annotator's person", f"{res['share']:.3f}",
              f"{res['resolved_right']} / {res['references']}")
    console.print(t)
    predicted = ("named_person", "named_organisation", "anonymous", "vague", "document",
                 "unresolved", "missed")
    short = ("person", "org", "anon", "vague", "doc", "unres", "missed")
    c = Table("annotator \\ scorer", *short, title="confusion: the annotator's class (rows) "
              "against scorer's (columns)")
    for gold, row in result["confusion"].items():
        c.add_row(short[predicted.index(gold)], *(str(row.get(p, 0)) for p in predicted))
    fa = result["false_alarms_by_class"]
    c.add_row("[dim]no event[/]", *(str(fa.get(p, 0)) for p in predicted[:-1]), "")
    console.print(c)
    if "agreement" in result:
        a = result["agreement"]
        console.print(
            f"two annotators, {a['articles']} articles: events found by the other "
            f"{a['events_found_by_the_other']['first_by_second']:.3f} (first's) / "
            f"{a['events_found_by_the_other']['second_by_first']:.3f} (second's); class "
            f"agreement {a['class_agreement']:.3f} on {a['pairs']} events both found")
    console.print(f"[dim]{result['matching']}[/]")
    if "errors" in result:
        for kind in ("misses", "false_alarms", "wrong_class"):
            items = ", ".join(f"{k} ({v})" for k, v in result["errors"][kind])
            console.print(f"[bold]{kind.replace('_', ' ')}:[/] {items}")


class _Bar:
    """A rich progress bar for `scorer batch`, or nothing when it should stay quiet."""

    def __init__(self, console: Console, show: bool) -> None:
        self.progress = None
        self.task = None
        if show:
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            self.progress = Progress(
                TextColumn("scoring"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.percentage:>3.0f}%"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                console=console, transient=True,
            )
            self.task = self.progress.add_task("batch", total=None, rate="")
            self._t0 = None
            self._done = 0

    def total(self, n: int | None) -> None:
        if self.progress is not None:
            self.progress.update(self.task, total=n)

    def advance(self, n: int) -> None:
        if self.progress is not None:
            now = time.perf_counter()
            self._t0 = self._t0 or now
            self._done += n
            rate = self._done / (now - self._t0) if now > self._t0 else 0.0
            self.progress.update(self.task, advance=n, rate=f"{rate:,.0f} art/s")

    def __enter__(self) -> "_Bar":
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


def batch_progress(console: Console, show: bool) -> _Bar:
    return _Bar(console, show)


def batch_summary(summary, console: Console, limit: int = 20) -> None:
    """The end-of-batch lines: counts by label, speed, and every skipped input's reason."""
    labels = ", ".join(f"{k} {v}" for k, v in sorted(summary.labels.items())) or "none"
    head = "interrupted: " if summary.interrupted else ""
    console.print(
        f"{head}scored {summary.scored} articles in {summary.seconds:.1f} s "
        f"({summary.rate:.0f} articles/s); labels: {labels}", highlight=False)
    if summary.already:
        console.print(f"already in the database (unchanged, same model): {summary.already}")
    if summary.duplicates:
        console.print(f"duplicate texts not stored twice: {summary.duplicates}")
    if summary.skipped:
        console.print(f"skipped {len(summary.skipped)} input(s):", highlight=False)
        for s in summary.skipped[:limit]:
            console.print(f"  {s.name}: {s.reason}", highlight=False, soft_wrap=True)
        if len(summary.skipped) > limit:
            console.print(f"  ... and {len(summary.skipped) - limit} more "
                          "(all are listed by --summary-json, and in the database's "
                          "'skipped' table with --db)", highlight=False)
