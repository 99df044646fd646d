"""``simcompare index add|query|remove|stats|compact|history|changes INDEX ...``: the newsroom index."""

from __future__ import annotations

import json
import os
import sys
from typing import List, Optional

import typer

from ..text.plural import count
from .failures import PASS_FORMAT, check_output_file, format_advice, kept, write_page
from .options import (
    CORPUS,
    ID_FIELD,
    INDEX,
    INPUT_FORMAT,
    SKIP_BAD,
    TABLE_OR_JSON,
    TEXT_FIELD,
    TEXT_OR_JSON,
    WORKERS,
    Command,
    Format,
    Group,
    TableFormat,
)

__all__ = ["app", "add_command", "query_command", "remove_command", "stats_command", "compact_command",
           "SOME_MISSING", "history_command", "changes_command"]

app = typer.Typer(
    cls=Group,
    help="A persistent index (one SQLite file) to ask of each new article: seen before? copied from where?",
    no_args_is_help=True,
)


@app.command("add", cls=Command)
def add_command(
    index_path: str = typer.Argument(..., metavar="INDEX", help="Index file; made on first use."),
    inputs: List[str] = CORPUS,
    if_exists: str = typer.Option(
        "replace", "--if-exists",
        help="An id already indexed: replace, skip, error, or version (a changed text becomes its next version)."),
    threshold: Optional[float] = typer.Option(
        None, "--threshold", help="New index: Jaccard (0-1) from which a match is a duplicate; default 0.8."),
    num_perm: Optional[int] = typer.Option(None, "--num-perm", help="New index: slots per signature; default 128."),
    shingle_size: Optional[int] = typer.Option(None, "--shingle-size", help="New index: words per shingle; default 5."),
    seed: Optional[int] = typer.Option(None, "--seed", help="New index: seed of the hash permutations; default 1."),
    store_text: Optional[bool] = typer.Option(
        None, "--store-text/--no-store-text",
        help="New index: keep texts for exact scores and passages; default: keep."),
    id_field: str = ID_FIELD,
    text_field: str = TEXT_FIELD,
    input_format: Optional[str] = INPUT_FORMAT,
    encoding: str = typer.Option(
        "auto", "--encoding", help="Encoding of the input files (auto: UTF-8, else Windows-1252)."),
    skip_bad: bool = SKIP_BAD,
    batch_size: int = typer.Option(10_000, "--batch-size", help="Documents per transaction (each is all or nothing)."),
    workers: Optional[int] = WORKERS,
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary."),
) -> None:
    """Add documents (with their metadata) to INDEX, in all-or-nothing batches.

    With --if-exists version, each input is read on its own: a later input may hold new versions of
    the ids of an earlier one (one file per crawl, in order).
    """
    from ..index.index import Index
    from ..io.readers import read_documents

    skipped = []

    def read(paths: List[str]):
        return read_documents(paths, id_field=id_field, text_field=text_field, format=input_format,
                              encoding=encoding, skip_bad=skip_bad, on_skip=skipped.append)

    # Versions: each input on its own, so a later input (a later crawl) may
    # hold the same ids again; ids are unique within one input.
    docs = (doc for path in inputs for doc in read([path])) if if_exists == "version" else read(inputs)
    show = not quiet and sys.stderr.isatty()

    def progress(report) -> None:
        kept(f"{report.added + report.replaced:,} documents added to {index_path} before it are kept")
        if show:
            print(f"\r{report.added + report.replaced + report.versions:,} documents indexed ({report.rate:,.0f}/s)",
                  end="", file=sys.stderr, flush=True)

    with Index(index_path, num_perm=num_perm, shingle_size=shingle_size, seed=seed, threshold=threshold,
               store_text=store_text, workers=workers or os.cpu_count() or 1) as index, format_advice(PASS_FORMAT):
        report = index.add(docs, if_exists=if_exists, batch_size=batch_size, on_batch=progress)
        total = len(index)
    if show:
        print(file=sys.stderr)
    if not quiet:
        if if_exists == "version":
            parts = [f"added {report.added:,}", f"new versions {report.versions:,}",
                     f"unchanged {report.unchanged:,}"]
        else:
            parts = [f"added {report.added:,}", f"replaced {report.replaced:,}",
                     f"skipped {report.skipped:,} already indexed"]
        if report.empty:
            parts.append(f"{len(report.empty):,} empty (not indexed)")
        if skipped:
            parts.append(f"{count(len(skipped), 'bad record')} skipped")
        typer.echo(f"{'; '.join(parts)} in {report.seconds:.1f} s; {count(total, 'document')} in {index_path}",
                   err=True)


@app.command("query", cls=Command)
def query_command(
    index_path: str = INDEX,
    query: str = typer.Argument(..., metavar="FILE", help="The article to look up ('-' reads standard input)."),
    limit: int = typer.Option(10, "--limit", help="Most matches shown, strongest first."),
    min_words: int = typer.Option(50, "--min-words", help="Fewest words of a shared passage for a reuse match."),
    no_align: bool = typer.Option(False, "--no-align", help="Skip the aligned passages (faster)."),
    all_versions: bool = typer.Option(
        False, "--all-versions", help="Match every version of an article, not only its latest."),
    output_format: TableFormat = TABLE_OR_JSON,
    encoding: str = typer.Option("utf-8", "--encoding", help="Encoding of FILE."),
) -> None:
    """Archived documents that near-duplicate FILE or share passages with it."""
    from .. import read_text
    from ..errors import EmptyTextError, InputError
    from ..index.index import MAX_QUERY_CHARS, Index

    if query != "-" and os.path.isfile(query) and os.path.getsize(query) > 4 * MAX_QUERY_CHARS:
        raise InputError(f"is {os.path.getsize(query):,} bytes; a query is at most {MAX_QUERY_CHARS:,} characters",
                         path=query)
    with Index(index_path, create=False, readonly=True) as index:
        text = read_text(query, encoding=encoding)
        try:
            matches = index.query(text, limit=limit, align=not no_align, min_words=min_words,
                                  all_versions=all_versions)
        except EmptyTextError:
            raise EmptyTextError("query", path="<stdin>" if query == "-" else query) from None
    if output_format == TableFormat.json:
        typer.echo(json.dumps({"query": query, "matches": [m.to_dict() for m in matches]},
                              ensure_ascii=False, indent=2))
    else:
        from ..report.terminal import print_matches

        print_matches(query, matches, versions=all_versions)


@app.command("remove", cls=Command)
def remove_command(
    index_path: str = INDEX,
    ids: List[str] = typer.Argument(..., help="Ids of the documents to remove."),
) -> None:
    """Remove documents from INDEX by id (one transaction).

    Prints what was removed and which ids were not in the index. Exit status: 0 when every id was removed,
    3 when some (or all) were not in the index (the others are removed), 1 for an error (nothing removed).
    """
    from ..index.index import Index

    with Index(index_path, create=False) as index:
        report = index.remove(ids)
    line = f"removed {len(report.removed):,}{_some(report.removed)}"
    if report.missing:
        line += f"; not in the index, so not removed: {len(report.missing):,}{_some(report.missing)}"
    typer.echo(line, err=True)
    if report.missing:
        raise typer.Exit(SOME_MISSING)


#: ``index remove``'s exit status when some ids were not in the index.
SOME_MISSING = 3


def _some(ids: list[str], shown: int = 5) -> str:
    """`` ('a', 'b', ...)``: the first ids, for a message."""
    if not ids:
        return ""
    return " (" + ", ".join(repr(i) for i in ids[:shown]) + (", ..." if len(ids) > shown else "") + ")"


@app.command("stats", cls=Command)
def stats_command(
    index_path: str = INDEX,
    output_format: TableFormat = TABLE_OR_JSON,
) -> None:
    """Documents, postings, size on disk and parameters of INDEX."""
    from ..index.index import Index

    with Index(index_path, create=False, readonly=True) as index:
        stats = index.stats()
    if output_format == TableFormat.json:
        typer.echo(json.dumps(stats.to_dict(), indent=2))
    else:
        from ..report.terminal import print_index_stats

        print_index_stats(stats)


@app.command("compact", cls=Command)
def compact_command(index_path: str = INDEX) -> None:
    """Merge INDEX's postings into one segment per kind (fastest queries) and drop removed documents'."""
    from ..index.index import Index

    # Each kind's postings are merged in a transaction of their own: an interrupt keeps those done.
    kept(f"{index_path} holds the same documents; run compact again to finish merging its postings")
    with Index(index_path, create=False) as index:
        index.compact()
        stats = index.stats()
    typer.echo(f"{count(stats.documents, 'document')}; {count(sum(stats.segments.values()), 'segment')}", err=True)


@app.command("history", cls=Command)
def history_command(
    index_path: str = INDEX,
    doc_id: str = typer.Argument(..., metavar="ID", help="The article's id."),
    from_version: Optional[int] = typer.Option(
        None, "--from-version", help="Compare this version only (with --to-version, default the latest)."),
    to_version: Optional[int] = typer.Option(
        None, "--to-version", help="Compare with this version only (with --from-version, default 1)."),
    output_format: Format = TEXT_OR_JSON,
    html: Optional[str] = typer.Option(None, "--html", help="Also write the changes side by side to this HTML file."),
) -> None:
    """The versions of article ID in INDEX and what changed between them: words removed and added."""
    from ..index.index import Index

    check_output_file(html, what="the history page", example="history.html")
    with Index(index_path, create=False, readonly=True) as index:
        history = index.history(doc_id, from_version=from_version, to_version=to_version)
    if html is not None:
        from ..report.history_html import render_history_html

        write_page(html, render_history_html(history), what="the history page")
    if output_format == Format.json:
        typer.echo(json.dumps(history.to_dict(), ensure_ascii=False, indent=2))
        return
    typer.echo(f"{history.id}: {count(len(history.versions), 'version')}")
    for v in history.versions:
        typer.echo(f"  v{v.version}  added {v.added_at}  date {v.date or '-'}  {v.words:,} words  "
                   f"sha256 {v.sha256[:12]}")
    for change in history.changes:
        typer.echo(f"v{change.from_version} -> v{change.to_version}: {_summary(change)}")
        for sign, spans in (("-", change.removed), ("+", change.added)):
            for span in spans:
                typer.echo(f"  {sign} [{span.start}:{span.end}] {json.dumps(span.text, ensure_ascii=False)}")


@app.command("changes", cls=Command)
def changes_command(
    index_path: str = INDEX,
    since: Optional[str] = typer.Option(
        None, "--since", help="Changes from this date or time on (2026-11-03, '3 Nov 2026 14:00'); default: all."),
    stealth_only: bool = typer.Option(False, "--stealth-only", help="Only changes without a correction note."),
    output_format: Format = TEXT_OR_JSON,
) -> None:
    """Articles in INDEX with a new version since a date: a line per change, stealth edits flagged."""
    from ..index.index import Index
    from ..text import parse_date

    start = parse_date(since)  # a bad date fails here, before the index is opened
    with Index(index_path, create=False, readonly=True) as index:
        changes = index.changes(since=since)
    if stealth_only:
        changes = [c for c in changes if c.stealth]
    stealth = sum(c.stealth for c in changes)
    articles = len({c.id for c in changes})
    if output_format == Format.json:
        typer.echo(json.dumps({"since": start.iso if start is not None else None, "articles": articles,
                               "stealth_edits": stealth, "changes": [c.to_dict() for c in changes]},
                              ensure_ascii=False, indent=2))
        return
    for c in changes:
        typer.echo(f"{c.id}  v{c.from_version} -> v{c.to_version}  {c.date or c.added_at}  {_summary(c)}")
    typer.echo(f"{len(changes):,} changes to {articles:,} articles"
               + (f" since {start.iso}" if start is not None else "") + f"; {stealth:,} stealth edits", err=True)


def _summary(change) -> str:
    """One line: similarity, words removed and added, and the note (or a stealth edit)."""
    note = (f"note {json.dumps(change.note, ensure_ascii=False)}" if change.note is not None
            else "STEALTH EDIT (no correction note)" if change.stealth else "punctuation or spacing only")
    return (f"similarity {change.similarity:.3f}; {change.words_removed:,} words removed, "
            f"{change.words_added:,} added; {note}")
