"""``simcompare sources INPUT... --by outlet``: which outlets share which passages, and who had them first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from .compare import Format


def register(app: typer.Typer) -> None:
    @app.command("sources")
    def sources_command(
        inputs: List[str] = typer.Argument(
            ..., help="Manifests, JSONL, CSV, Parquet files or directories ('-' reads JSONL from stdin)."),
        by: str = typer.Option("outlet", "--by", help="Metadata field naming the outlet."),
        date_field: str = typer.Option("date", "--date-field", help="Metadata field holding the publication date."),
        format: Format = typer.Option(Format.text, "--format", help="text (terminal tables) or json."),
        html: Optional[Path] = typer.Option(None, "--html", help="Also write an HTML page here."),
        min_words: int = typer.Option(6, "--min-words", help="Fewest aligned words in a passage."),
        max_gap: int = typer.Option(4, "--max-gap", help="Most differing words in a row inside a passage."),
        id_field: str = typer.Option("id", "--id-field", help="Field holding the document id (JSONL, CSV, Parquet, manifest)."),
        text_field: str = typer.Option("text", "--text-field", help="Field holding the text (JSONL, CSV, Parquet)."),
        encoding: str = typer.Option(
            "auto", "--encoding",
            help="Encoding of the input files; auto: UTF-8, and Windows-1252 for any file or line that is not UTF-8."),
        skip_bad: bool = typer.Option(False, "--skip-bad", help="Skip and report malformed records instead of stopping."),
    ) -> None:
        """Compare articles of several outlets: shared passages, their probable sources, provenance per article."""
        from ..errors import InputError
        from ..sources.analysis import sources

        result = sources(inputs, by=by, date_field=date_field, min_words=min_words, max_gap=max_gap,
                         id_field=id_field, text_field=text_field, encoding=encoding, skip_bad=skip_bad)
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
