"""``simcompare compare A B`` and ``simcompare align A B``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Optional

import typer


class Format(str, Enum):
    text = "text"
    json = "json"


def _run(a_path: str, b_path: str, *, min_words: int, max_gap: int, encoding: str):
    from .. import compare, read_text

    a = read_text(a_path, encoding=encoding)
    b = read_text(b_path, encoding=encoding) if b_path != a_path or a_path != "-" else a
    return a, b, compare(a, b, min_words=min_words, max_gap=max_gap, paths=(a_path, b_path))


def _write_json(comparison) -> None:
    typer.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    options = {
        "min_words": typer.Option(6, "--min-words", help="Fewest aligned words in a passage."),
        "max_gap": typer.Option(4, "--max-gap", help="Most differing words in a row inside a passage."),
        "encoding": typer.Option("utf-8", "--encoding", help="Encoding of the files."),
        "format": typer.Option(Format.text, "--format", help="text (terminal view) or json."),
    }

    @app.command("compare")
    def compare_command(
        a: str = typer.Argument(..., help="First text file ('-' reads standard input)."),
        b: str = typer.Argument(..., help="Second text file ('-' reads standard input)."),
        min_words: int = options["min_words"],
        max_gap: int = options["max_gap"],
        encoding: str = options["encoding"],
        format: Format = options["format"],
        html: Optional[Path] = typer.Option(None, "--html", help="Also write a side-by-side HTML report here."),
    ) -> None:
        """Compare two texts: similarity, the passages they share, and a verdict."""
        text_a, text_b, comparison = _run(a, b, min_words=min_words, max_gap=max_gap, encoding=encoding)
        if html is not None:
            from ..report.comparison_html import render_html
            from ..errors import InputError

            try:
                html.write_text(render_html(comparison, text_a, text_b), encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write the report: {exc.strerror or exc}", path=str(html)) from None
        if format is Format.json:
            _write_json(comparison)
        else:
            from ..report.terminal import print_comparison

            print_comparison(comparison, text_a, text_b, html_path=html)

    @app.command("align")
    def align_command(
        a: str = typer.Argument(..., help="First text file ('-' reads standard input)."),
        b: str = typer.Argument(..., help="Second text file ('-' reads standard input)."),
        min_words: int = options["min_words"],
        max_gap: int = options["max_gap"],
        encoding: str = options["encoding"],
        format: Format = options["format"],
    ) -> None:
        """List the passages two texts share, with their offsets."""
        text_a, text_b, comparison = _run(a, b, min_words=min_words, max_gap=max_gap, encoding=encoding)
        if format is Format.json:
            _write_json(comparison)
        else:
            from ..report.terminal import print_passages

            print_passages(comparison, text_a, text_b)
