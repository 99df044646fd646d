"""``simcompare sources INPUT... --by outlet``: which outlets share which passages, and who had them first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .options import ALIASES, INPUT_ENCODING, MAX_GAP, MIN_WORDS, TEXT_FIELD, Format

__all__ = ["app", "sources_command"]

app = typer.Typer()


@app.command("sources")
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
    and whether each article credits the sources it took from."""
    from ..errors import InputError
    from ..sources.analysis import sources

    result = sources(inputs, by=by, date_field=date_field, min_words=min_words, max_gap=max_gap,
                     id_field=id_field, text_field=text_field, encoding=encoding, skip_bad=skip_bad,
                     stock_share=None if no_stock_share else stock_share, aliases=aliases)
    if html is not None:
        from ..report.sources_html import render_sources_html

        try:
            html.write_text(render_sources_html(result), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write the report: {exc.strerror or exc}", path=str(html)) from None
    if format is Format.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        from ..report.terminal import print_sources

        print_sources(result, html_path=html)
