"""``simcompare sources INPUT... --by outlet``: which outlets share which passages, and who had them first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .failures import check_output_file, write_page
from .options import ALIASES, INPUT_ENCODING, MAX_GAP, MIN_WORDS, TEXT_FIELD, Command, Format

__all__ = ["app", "sources_command", "check_field"]

app = typer.Typer()


@app.command("sources", cls=Command)
def sources_command(
    inputs: List[str] = typer.Argument(
        ..., help="Manifests, JSONL, CSV, Parquet files or directories ('-' reads JSONL from stdin)."),
    by: str = typer.Option("outlet", "--by", help="Metadata field naming the outlet."),
    date_field: str = typer.Option("date", "--date-field", help="Metadata field holding the publication date."),
    format: Format = typer.Option(Format.text, "--format", help="text (terminal tables) or json."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write an HTML page here."),
    min_words: int = MIN_WORDS,
    max_gap: int = MAX_GAP,
    id_field: str = typer.Option(
        "id", "--id-field", help="Field holding the document id (JSONL, CSV, Parquet, manifest)."),
    text_field: str = TEXT_FIELD,
    encoding: str = INPUT_ENCODING,
    skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip and report malformed records instead of stopping."),
    stock_share: float = typer.Option(
        0.01, "--stock-share",
        help="Wording (a word 5-gram) in more than this share of the articles, and in 10 or more, is stock: "
             "not evidence of copying."),
    no_stock_share: bool = typer.Option(
        False, "--no-stock-share", help="Count no wording as stock by frequency (lone shared phrases still are)."),
    aliases: Optional[Path] = ALIASES,
) -> None:
    """Compare articles of several outlets: shared passages, their probable sources, provenance per article,
    and whether each article credits the sources it took from.

    A --by field that no document has is an error (exit status 1) naming the fields they do have, when
    they have any (a typo); documents with no fields but id and text get a warning, and one outlet "unknown".
    """
    from ..sources.analysis import sources
    from ..text.credits import load_aliases

    check_output_file(html, what="the report", example="sources.html")
    if not 0.0 < stock_share < 1.0:
        from ..errors import ParameterError

        raise ParameterError(f"--stock-share must be a share between 0 and 1, such as 0.01; got {stock_share}")
    names = load_aliases(aliases) if aliases is not None else None  # a bad file fails before any work
    documents, problems = _read(inputs, id_field=id_field, text_field=text_field, encoding=encoding,
                                skip_bad=skip_bad)
    warning = check_field(documents, by, option="--by")
    if warning:
        typer.echo(f"simcompare: warning: {warning}", err=True)
    result = sources(documents, by=by, date_field=date_field, min_words=min_words, max_gap=max_gap,
                     stock_share=None if no_stock_share else stock_share, aliases=names)
    result.problems[:0] = problems
    if html is not None:
        from ..report.sources_html import render_sources_html

        write_page(html, render_sources_html(result))
    if format is Format.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        from ..report.terminal import print_sources

        print_sources(result, html_path=html)


def _read(inputs: list[str], **options) -> tuple[list, list]:
    """The documents of ``inputs`` and the records skipped, with advice that fits this command."""
    from ..sources.analysis import read_articles
    from .failures import format_advice

    # --format is this command's output format: a file of unknown type is renamed or listed in a manifest.
    with format_advice("rename it, or list it in a manifest (see README)"):
        return read_articles(inputs, **options)


def check_field(documents: list, field: str, *, option: str) -> str | None:
    """Refuse a field that no document has (most likely a typo), naming the fields they have.

    Parameters
    ----------
    documents:
        The documents read (:class:`~simcompare.io.readers.Document`).
    field:
        The field asked for.
    option:
        The option that named it, for the message.

    Returns
    -------
    str or None
        A warning when the documents have no fields at all besides id and
        text (plain texts: nothing to misspell), else None.

    Raises
    ------
    ParameterError
        When no document has ``field`` but they have other fields.

    Examples
    --------
    >>> from simcompare.io.documents import Document
    >>> docs = [Document("a", "text", {"outlet": "BBC", "date": "2020-07-03"})]
    >>> check_field(docs, "outlet", option="--by")
    >>> check_field([Document("b", "text", {})], "outlet", option="--by")
    "no document has a field 'outlet' (nor any field besides id and text): every one counts as outlet 'unknown'"
    >>> check_field(docs, "outlets", option="--by")
    Traceback (most recent call last):
    ...
    simcompare.errors.ParameterError: --by outlets: no document has a field 'outlets'; their fields: 'date', \
'outlet' (did you mean --by outlet?)
    """
    import difflib
    from collections import Counter

    from ..errors import ParameterError

    if not documents or any(field in d.meta for d in documents):
        return None
    fields = Counter(name for d in documents for name in d.meta)
    if not fields:
        return (f"no document has a field {field!r} (nor any field besides id and text): "
                "every one counts as outlet 'unknown'")
    names = sorted(fields, key=lambda name: (-fields[name], name))
    shown = ", ".join(repr(n) for n in names[:10]) + (", ..." if len(names) > 10 else "")
    close = difflib.get_close_matches(field, names, n=1)
    hint = f" (did you mean {option} {close[0]}?)" if close else ""
    raise ParameterError(f"{option} {field}: no document has a field {field!r}; their fields: {shown}{hint}")
