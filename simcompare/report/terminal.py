"""Terminal output. With :mod:`simcompare.cli`, the only place rich is used."""

from __future__ import annotations

import os
from itertools import combinations

from rich.markup import escape

from ..passages.diff import differing_words
from ..sketch.signature import Signatures
from ..text.plural import count
from ._page import describe_credits, snippet
from .controls import escape_controls, plain

__all__ = ["print_similarity_table", "print_comparison", "print_passages", "print_sources", "print_matches",
           "print_index_stats", "MAX_TABLE_FILES", "short_names"]

# Beyond this many files a pairwise table is unreadable; print a summary instead.
MAX_TABLE_FILES = 12


def print_similarity_table(names: list[str], sigs: Signatures, *, saved_to: os.PathLike | None = None) -> None:
    """Print the estimated Jaccard similarity of every pair of signed files."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    p = sigs.params
    names, folder = short_names(names, width=max(12, (console.width - 30) // 2))
    console.print(
        f"[bold]{len(sigs)}[/bold] {'text' if len(sigs) == 1 else 'texts'} signed "
        f"(num_perm={p.num_perm}, shingle_size={p.shingle_size} {p.shingle_kind}s, "
        f"scheme={p.scheme}, seed={p.seed})"
        + (f"; saved to {escape(escape_controls(str(saved_to)))}" if saved_to else "")
        + (f"; the files are in {escape(escape_controls(folder))}" if folder else "")
    )
    if len(sigs) < 2:
        return
    pairs = sorted(
        ((sigs.jaccard(i, j), i, j) for i, j in combinations(range(len(sigs)), 2)), reverse=True
    )
    if len(sigs) > MAX_TABLE_FILES:
        pairs = pairs[:MAX_TABLE_FILES]
        console.print(f"the {len(pairs)} most similar pairs of {len(sigs)}:")
    table = Table("A", "B", "estimated Jaccard", "±1σ")
    table.columns[0].no_wrap = table.columns[1].no_wrap = True
    for estimate, i, j in pairs:
        sigma = (estimate * (1 - estimate) / p.num_perm) ** 0.5
        table.add_row(plain(names[i]), plain(names[j]), f"{estimate:.3f}", f"{sigma:.3f}")
    console.print(table)


def short_names(names: list[str], *, width: int) -> tuple[list[str], str]:
    """File names as short as they can be and still tell the files apart, for a table of ``width`` columns.

    The folder all of them share is taken off (and returned, to be said once); a name still wider than
    ``width`` keeps its end, where the file name is, and loses the start to an ellipsis.

    Parameters
    ----------
    names:
        The names as given on the command line (``-`` for standard input).
    width:
        The most characters a name may take.

    Returns
    -------
    tuple[list[str], str]
        The shortened names, in order, and the folder taken off them (``""`` when none was).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> short_names(["news/bbc/business/001.txt", "news/bbc/sport/001.txt"], width=40)
    (['business/001.txt', 'sport/001.txt'], 'news/bbc/')
    >>> short_names(["a/very/long/folder/name/of/the/article.txt", "b.txt"], width=16)
    (['…the/article.txt', 'b.txt'], '')
    """
    folder = ""
    if len(names) > 1 and "-" not in names:
        try:
            common = os.path.commonpath(names)
        except ValueError:  # absolute and relative names mixed
            common = ""
        if common and common not in names:
            folder = common.rstrip(os.sep) + os.sep
            names = [name[len(folder):] if name.startswith(folder) else name for name in names]
    return [name if len(name) <= width else "…" + name[-(width - 1):] for name in names], folder


def _marked(text: str, other: str):
    from rich.text import Text

    out, at = Text(), 0
    for start, end in differing_words(text, other):  # escaped piece by piece: escaping moves the offsets
        out.append(escape_controls(text[at:start]))
        out.append(escape_controls(text[start:end]), style="bold black on yellow")
        at = end
    out.append(escape_controls(text[at:]))
    return out


def _passage_table(comparison, title: str):
    from rich.table import Table

    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind / words / score", no_wrap=True)
    # fold: a run without spaces (Chinese, Japanese, Thai) is one "word" to rich, cut at the cell's end otherwise
    table.add_column(plain(f"A: {comparison.a.path or 'text a'}"), ratio=1, overflow="fold")
    table.add_column(plain(f"B: {comparison.b.path or 'text b'}"), ratio=1, overflow="fold")
    for i, p in enumerate(comparison.passages, 1):
        table.add_row(
            str(i),
            f"{p.kind}\n{p.words} words\n{p.score:.2f}\nA {p.a_start}-{p.a_end}\nB {p.b_start}-{p.b_end}",
            _marked(p.a_text, p.b_text),
            _marked(p.b_text, p.a_text),
        )
    return table


def print_comparison(comparison, a: str, b: str, *, html_path: os.PathLike | None = None) -> None:
    """Summary first, then the shared passages side by side, differing words highlighted."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    s = comparison.similarity
    quotes = sum(p.kind == "quote" for p in comparison.passages)
    summary = Table.grid(padding=(0, 2))
    summary.add_row("verdict", f"[bold]{comparison.verdict.replace('_', ' ')}[/bold]")
    # File names are user text: rich would read "[...]" in them as markup.
    summary.add_row("A", plain(f"{comparison.a.path or 'text a'}: {comparison.a.words} words"))
    summary.add_row("B", plain(f"{comparison.b.path or 'text b'}: {comparison.b.words} words"))
    summary.add_row("Jaccard", f"{s.jaccard:.3f} exact, {s.minhash:.3f} MinHash estimate")
    summary.add_row("containment", f"A in B {s.containment_a_in_b:.3f}, B in A {s.containment_b_in_a:.3f}")
    summary.add_row("coverage",
                    f"{comparison.coverage_a:.0%} of A and {comparison.coverage_b:.0%} of B in shared passages")
    summary.add_row("passages",
                    f"{len(comparison.passages)} ({count(quotes, 'quote')}, {len(comparison.passages) - quotes} prose)")
    summary.add_row("credits in A", plain(describe_credits(comparison.credits_a)))
    summary.add_row("credits in B", plain(describe_credits(comparison.credits_b)))
    if html_path is not None:
        summary.add_row("report", plain(str(html_path)))
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
    console.print(_passage_table(comparison, count(len(comparison.passages), "shared passage")))


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

    from ..sources.model import MATRIX_CAPTION, describe_part, describe_source

    console = Console()
    s = result.summary
    console.print(
        f"{count(s['articles'], 'article')} from {count(s['outlets'], 'outlet')} (by "
        f"{escape(escape_controls(result.by))}) · {count(s['clusters'], 'passage cluster')} "
        f"({count(s['quote_clusters'], 'quote')}, "
        f"{s['prose_clusters']} prose) · {count(s['pairs'], 'article pair')} "
        f"{'shares' if s['pairs'] == 1 else 'share'} passages"
        + (f" · {count(s['stock_phrases'], 'stock phrase')} set apart" if s["stock_phrases"] else "")
    )
    for note in result.notes:
        console.print(plain(note))
    if html_path is not None:
        console.print(plain(f"report: {html_path}"))

    console.print(plain(f"{MATRIX_CAPTION}: prose / quotes"))  # longer than a narrow table's title
    matrix = Table()
    matrix.add_column("outlet")
    for outlet in result.outlets:
        matrix.add_column(plain(outlet), justify="right")
    for outlet, row in zip(result.outlets, result.matrix):
        matrix.add_row(plain(outlet), *(f"{_share(c.prose_share)} / {_share(c.quote_share)}" for c in row))
    console.print(matrix)

    if result.clusters:
        clusters = Table(title="Passage clusters (most articles first)", title_justify="left", show_lines=True)
        for name in ("#", "kind", "articles", "outlets", "probable source", "passage"):
            clusters.add_column(name, justify="right" if name in ("#", "articles") else "left")
        for c in result.clusters[:MAX_CLUSTER_ROWS]:
            first = c.witnesses[0]
            clusters.add_row(str(c.cluster + 1), c.kind, str(len({w.id for w in c.witnesses})),
                             plain(", ".join(c.outlets)), plain(describe_source(c, result)),
                             plain(snippet(first.text)))
        console.print(clusters)
        if len(result.clusters) > MAX_CLUSTER_ROWS:
            console.print(f"... and {count(len(result.clusters) - MAX_CLUSTER_ROWS, 'more cluster')} "
                          "(--format json has all)")

    if result.stock:
        console.print(plain("Stock phrases (shared by unrelated articles: not evidence of copying)"))
        stock = Table()
        stock.add_column("articles", justify="right")
        stock.add_column("phrase")
        for phrase in result.stock[:MAX_STOCK_ROWS]:
            stock.add_row(str(len(phrase.documents)), plain(snippet(phrase.phrase)))
        console.print(stock)
        if len(result.stock) > MAX_STOCK_ROWS:
            console.print(f"... and {count(len(result.stock) - MAX_STOCK_ROWS, 'more stock phrase')} "
                          "(--format json has all)")

    provenance = Table(title="Provenance of each article", title_justify="left", show_lines=True)
    for name in ("article", "outlet", "date", "words", "where its words come from"):
        provenance.add_column(name, justify="right" if name == "words" else "left")
    for a in result.articles[:MAX_ARTICLE_ROWS]:
        lines = [describe_part(p) for p in a.provenance]
        if a.credits:
            lines.append("names: " + describe_credits(a.credits, counts=False))
        provenance.add_row(plain(a.id), plain(a.outlet), plain(a.date.iso if a.date else "unknown"), str(a.words),
                           plain("\n".join(lines)))
    console.print(provenance)
    if len(result.articles) > MAX_ARTICLE_ROWS:
        console.print(f"... and {count(len(result.articles) - MAX_ARTICLE_ROWS, 'more article')} "
                      "(--format json has all)")

    if result.problems:
        console.print(f"[bold]{count(len(result.problems), 'problem')}[/bold] (reported, nothing dropped):")
        for p in result.problems[:MAX_PROBLEM_ROWS]:
            console.print(plain(f"  {p.where}: {p.problem}"))
        if len(result.problems) > MAX_PROBLEM_ROWS:
            console.print(f"  ... and {len(result.problems) - MAX_PROBLEM_ROWS} more (--format json has all)")


def print_matches(query: str, matches: list, *, passages_shown: int = 3, versions: bool = False) -> None:
    """The matches of an index query, strongest first, then their passages.

    The version that matched is named when it is not a first one, or always
    with ``versions`` (a query over every version of each article).
    """
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not matches:
        console.print(plain(f"{query}: no match in the index"))
        return

    def share(x: float | None) -> str:
        return "-" if x is None else f"{x:.3f}"

    table = Table(title=plain(f"{count(len(matches), 'match')} for {query}"))
    for name in ("#", "document", "kind", "Jaccard", "query in doc", "doc in query", "passages"):
        table.add_column(name, overflow="fold", justify="right" if name == "#" else "left")
    for n, m in enumerate(matches, 1):
        about = plain(m.id, "bold")
        for key in ("outlet", "date", "title"):
            if m.meta.get(key) not in (None, ""):
                about.append(escape_controls(f"\n{m.meta[key]}"))
        if versions or m.version > 1:
            about.append(f"\nversion {m.version}", "dim")
        words = sum(p.words for p in m.passages)
        table.add_row(str(n), about, m.kind, share(m.jaccard) if m.jaccard is not None else f"~{m.minhash:.3f}",
                      share(m.containment_a_in_b), share(m.containment_b_in_a),
                      f"{len(m.passages)}, {words} words" if m.passages else "-")
    console.print(table)
    for n, m in enumerate(matches, 1):
        for p in m.passages[:passages_shown]:
            snippet = p.a_text if len(p.a_text) <= 160 else p.a_text[:157] + "..."
            line = plain(f"#{n} {p.kind}, {p.words} words, query [{p.a_start}:{p.a_end}] = {m.id} "
                         f"[{p.b_start}:{p.b_end}]: ", "dim")
            line.append(escape_controls(" ".join(snippet.split())))
            console.print(line)


def print_index_stats(stats) -> None:
    """Size and make-up of an index."""
    from rich.console import Console
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_row("index", plain(str(stats.path)))
    grid.add_row("documents", f"{stats.documents:,}")
    for kind in stats.segments:
        grid.add_row(f"{kind} postings", f"{stats.postings[kind]:,} in {count(stats.segments[kind], 'segment')}")
    if stats.bytes is not None:
        per = f" ({stats.bytes_per_document:,.0f} bytes per document)" if stats.bytes_per_document else ""
        grid.add_row("size", f"{stats.bytes / 1e6:,.1f} MB{per}")
    grid.add_row("parameters", ", ".join(f"{k}={v}" for k, v in stats.parameters.items()))
    grid.add_row("schema", str(stats.schema))
    Console().print(grid)
