"""Terminal output. With :mod:`simcompare.cli`, the only place rich is used."""

from __future__ import annotations

import os
from itertools import combinations

from rich.markup import escape

from ..sketch.signature import Signatures
from ._page import credit_summary, snippet

__all__ = ["print_similarity_table", "print_comparison", "print_passages", "print_sources", "print_matches",
           "print_index_stats", "describe_credits", "MAX_TABLE_FILES"]

# Beyond this many files a pairwise table is unreadable; print a summary instead.
MAX_TABLE_FILES = 12


def print_similarity_table(names: list[str], sigs: Signatures, *, saved_to: os.PathLike | None = None) -> None:
    """Print the estimated Jaccard similarity of every pair of signed files."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    p = sigs.params
    console.print(
        f"[bold]{len(sigs)}[/bold] texts signed "
        f"(num_perm={p.num_perm}, shingle_size={p.shingle_size} {p.shingle_kind}s, "
        f"scheme={p.scheme}, seed={p.seed})"
        + (f"; saved to {escape(str(saved_to))}" if saved_to else "")
    )
    if len(sigs) < 2:
        return
    pairs = sorted(
        ((sigs.jaccard(i, j), i, j) for i, j in combinations(range(len(sigs)), 2)), reverse=True
    )
    if len(sigs) > MAX_TABLE_FILES:
        pairs = pairs[:MAX_TABLE_FILES]
        console.print(f"the {len(pairs)} most similar pairs:")
    table = Table("A", "B", "estimated Jaccard", "±1σ")
    for estimate, i, j in pairs:
        sigma = (estimate * (1 - estimate) / p.num_perm) ** 0.5
        table.add_row(Text(names[i]), Text(names[j]), f"{estimate:.3f}", f"{sigma:.3f}")
    console.print(table)


def _differing_words(text: str, other: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` that have no counterpart in ``other``."""
    from rapidfuzz.distance import Indel

    from .._core import token_spans

    starts, ends, hashes = token_spans(text)
    other_hashes = token_spans(other)[2].tolist()
    spans = []
    for op in Indel.opcodes(hashes.tolist(), other_hashes):
        if op.tag != "equal":
            spans.extend((int(starts[i]), int(ends[i])) for i in range(op.src_start, op.src_end))
    return spans


def _marked(text: str, other: str):
    from rich.text import Text

    out = Text(text)
    for start, end in _differing_words(text, other):
        out.stylize("bold black on yellow", start, end)
    return out


def _passage_table(comparison, title: str):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind / words / score", no_wrap=True)
    table.add_column(Text(f"A: {comparison.a.path or 'text a'}"), ratio=1)
    table.add_column(Text(f"B: {comparison.b.path or 'text b'}"), ratio=1)
    for i, p in enumerate(comparison.passages, 1):
        table.add_row(
            str(i),
            f"{p.kind}\n{p.words} words\n{p.score:.2f}\nA {p.a_start}-{p.a_end}\nB {p.b_start}-{p.b_end}",
            _marked(p.a_text, p.b_text),
            _marked(p.b_text, p.a_text),
        )
    return table


def describe_credits(credits) -> str:
    """One line for the credits of a text: each name once, with its first credit as written.

    Parameters
    ----------
    credits:
        :class:`simcompare.text.Credit` records, in order of ``start``.

    Returns
    -------
    str

    Examples
    --------
    >>> from simcompare.text import find_credits
    >>> describe_credits(find_credits("It ended, KCNA said. KCNA added more, as per the AFP report."))
    'KCNA (KCNA said; 2 credits), AFP (as per the AFP report)'
    >>> describe_credits([])
    'none'
    """
    if not credits:
        return "none"
    return ", ".join(f"{name} ({text}" + (f"; {n} credits)" if n > 1 else ")")
                     for name, text, n in credit_summary(credits))


def print_comparison(comparison, a: str, b: str, *, html_path: os.PathLike | None = None) -> None:
    """Summary first, then the shared passages side by side, differing words highlighted."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    s = comparison.similarity
    quotes = sum(p.kind == "quote" for p in comparison.passages)
    summary = Table.grid(padding=(0, 2))
    summary.add_row("verdict", f"[bold]{comparison.verdict.replace('_', ' ')}[/bold]")
    # File names are user text: rich would read "[...]" in them as markup.
    summary.add_row("A", Text(f"{comparison.a.path or 'text a'}: {comparison.a.words} words"))
    summary.add_row("B", Text(f"{comparison.b.path or 'text b'}: {comparison.b.words} words"))
    summary.add_row("Jaccard", f"{s.jaccard:.3f} exact, {s.minhash:.3f} MinHash estimate")
    summary.add_row("containment", f"A in B {s.containment_a_in_b:.3f}, B in A {s.containment_b_in_a:.3f}")
    summary.add_row("coverage",
                    f"{comparison.coverage_a:.0%} of A and {comparison.coverage_b:.0%} of B in shared passages")
    summary.add_row("passages",
                    f"{len(comparison.passages)} ({quotes} quotes, {len(comparison.passages) - quotes} prose)")
    summary.add_row("credits in A", Text(describe_credits(comparison.credits_a)))
    summary.add_row("credits in B", Text(describe_credits(comparison.credits_b)))
    if html_path is not None:
        summary.add_row("report", Text(str(html_path)))
    console.print(summary)
    if comparison.passages:
        console.print(_passage_table(comparison, "Shared passages (words that differ are highlighted)"))


def print_passages(comparison, a: str, b: str) -> None:
    """The shared passages side by side, differing words highlighted."""
    from rich.console import Console

    console = Console()
    if not comparison.passages:
        console.print("no shared passages")
        return
    console.print(_passage_table(comparison, f"{len(comparison.passages)} shared passages"))


# Beyond these many rows the text view is cut short; --format json has everything.
MAX_CLUSTER_ROWS = 20
MAX_STOCK_ROWS = 10
MAX_ARTICLE_ROWS = 50
MAX_PROBLEM_ROWS = 20


def _share(x: float) -> str:
    return f"{100 * x:.1f}%" if x else "·"


def print_sources(result, *, html_path: os.PathLike | None = None) -> None:
    """The outlet matrix, the passage clusters, each article's provenance, and the problems."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..sources.model import MATRIX_CAPTION, describe_part, describe_source

    console = Console()
    s = result.summary
    console.print(
        f"[bold]{s['articles']}[/bold] articles from [bold]{s['outlets']}[/bold] outlets (by "
        f"{escape(result.by)}) · [bold]{s['clusters']}[/bold] passage clusters ({s['quote_clusters']} quotes, "
        f"{s['prose_clusters']} prose) · {s['pairs']} article pair{'' if s['pairs'] == 1 else 's'} share passages"
        + (f" · {s['stock_phrases']} stock phrase{'' if s['stock_phrases'] == 1 else 's'} set apart"
           if s["stock_phrases"] else "")
    )
    for note in result.notes:
        console.print(Text(note))
    if html_path is not None:
        console.print(Text(f"report: {html_path}"))

    console.print(Text(f"{MATRIX_CAPTION}: prose / quotes"))  # longer than a narrow table's title
    matrix = Table()
    matrix.add_column("outlet")
    for outlet in result.outlets:
        matrix.add_column(Text(outlet), justify="right")
    for outlet, row in zip(result.outlets, result.matrix):
        matrix.add_row(Text(outlet), *(f"{_share(c.prose_share)} / {_share(c.quote_share)}" for c in row))
    console.print(matrix)

    if result.clusters:
        clusters = Table(title="Passage clusters (most articles first)", title_justify="left", show_lines=True)
        for name in ("#", "kind", "articles", "outlets", "probable source", "passage"):
            clusters.add_column(name, justify="right" if name in ("#", "articles") else "left")
        for c in result.clusters[:MAX_CLUSTER_ROWS]:
            first = c.witnesses[0]
            clusters.add_row(str(c.cluster + 1), c.kind, str(len({w.id for w in c.witnesses})),
                             Text(", ".join(c.outlets)), Text(describe_source(c, result)),
                             Text(snippet(first.text)))
        console.print(clusters)
        if len(result.clusters) > MAX_CLUSTER_ROWS:
            console.print(f"... and {len(result.clusters) - MAX_CLUSTER_ROWS} more clusters (--format json has all)")

    if result.stock:
        console.print(Text("Stock phrases (shared by unrelated articles: not evidence of copying)"))
        stock = Table()
        stock.add_column("articles", justify="right")
        stock.add_column("phrase")
        for phrase in result.stock[:MAX_STOCK_ROWS]:
            stock.add_row(str(len(phrase.documents)), Text(snippet(phrase.phrase)))
        console.print(stock)
        if len(result.stock) > MAX_STOCK_ROWS:
            console.print(f"... and {len(result.stock) - MAX_STOCK_ROWS} more stock phrases (--format json has all)")

    provenance = Table(title="Provenance of each article", title_justify="left", show_lines=True)
    for name in ("article", "outlet", "date", "words", "where its words come from"):
        provenance.add_column(name, justify="right" if name == "words" else "left")
    for a in result.articles[:MAX_ARTICLE_ROWS]:
        lines = [describe_part(p) for p in a.provenance]
        if a.credits:
            first = {c["name"]: c["text"] for c in reversed(a.credits)}  # each name once, as first written
            lines.append("names: " + ", ".join(f"{name} ({first[name]})" for name in dict.fromkeys(
                c["name"] for c in a.credits)))
        provenance.add_row(Text(a.id), Text(a.outlet), Text(a.date.iso if a.date else "unknown"), str(a.words),
                           Text("\n".join(lines)))
    console.print(provenance)
    if len(result.articles) > MAX_ARTICLE_ROWS:
        console.print(f"... and {len(result.articles) - MAX_ARTICLE_ROWS} more articles (--format json has all)")

    if result.problems:
        console.print(f"[bold]{len(result.problems)} problems[/bold] (reported, nothing dropped):")
        for p in result.problems[:MAX_PROBLEM_ROWS]:
            console.print(Text(f"  {p.where}: {p.problem}"))
        if len(result.problems) > MAX_PROBLEM_ROWS:
            console.print(f"  ... and {len(result.problems) - MAX_PROBLEM_ROWS} more (--format json has all)")


def print_matches(query: str, matches: list, *, passages_shown: int = 3) -> None:
    """The matches of an index query, strongest first, then their passages."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not matches:
        console.print(Text(f"{query}: no match in the index"))
        return

    def share(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    table = Table(title=Text(f"{len(matches)} matches for {query}"))
    for name in ("#", "document", "kind", "Jaccard", "query in doc", "doc in query", "passages"):
        table.add_column(name, overflow="fold", justify="right" if name == "#" else "left")
    for n, m in enumerate(matches, 1):
        about = Text(m.id, style="bold")
        for key in ("outlet", "date", "title"):
            if m.meta.get(key) not in (None, ""):
                about.append(f"\n{m.meta[key]}")
        words = sum(p.words for p in m.passages)
        table.add_row(str(n), about, m.kind, share(m.jaccard) if m.jaccard is not None else f"~{m.minhash:.3f}",
                      share(m.containment_a_in_b), share(m.containment_b_in_a),
                      f"{len(m.passages)}, {words} words" if m.passages else "-")
    console.print(table)
    for n, m in enumerate(matches, 1):
        for p in m.passages[:passages_shown]:
            snippet = p.a_text if len(p.a_text) <= 160 else p.a_text[:157] + "..."
            line = Text(f"#{n} {p.kind}, {p.words} words, query [{p.a_start}:{p.a_end}] = {m.id} "
                        f"[{p.b_start}:{p.b_end}]: ", style="dim")
            line.append(" ".join(snippet.split()))
            console.print(line)


def print_index_stats(stats) -> None:
    """Size and make-up of an index."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_row("index", Text(str(stats.path)))
    grid.add_row("documents", f"{stats.documents:,}")
    for kind in stats.segments:
        grid.add_row(f"{kind} postings", f"{stats.postings[kind]:,} in {stats.segments[kind]} segments")
    if stats.bytes is not None:
        per = f" ({stats.bytes_per_document:,.0f} bytes per document)" if stats.bytes_per_document else ""
        grid.add_row("size", f"{stats.bytes / 1e6:,.1f} MB{per}")
    grid.add_row("parameters", ", ".join(f"{k}={v}" for k, v in stats.parameters.items()))
    grid.add_row("schema", str(stats.schema))
    Console().print(grid)
