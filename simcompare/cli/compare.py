"""``simcompare compare A B`` and ``simcompare align A B``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from .options import ALIASES, FILE_ENCODING, MAX_GAP, MIN_WORDS, TEXT_A, TEXT_B, TEXT_OR_JSON, Format

__all__ = ["app", "compare_command", "align_command"]

app = typer.Typer()


def _run(a_path: str, b_path: str, *, min_words: int, max_gap: int, encoding: str, aliases: Path | None):
    from .. import compare, read_text
    from ..text.credits import Names, load_aliases

    # The alias file first: a bad one should fail before any comparison work.
    names = Names.default().with_aliases(load_aliases(aliases)) if aliases is not None else None
    a = read_text(a_path, encoding=encoding)
    b = read_text(b_path, encoding=encoding) if b_path != a_path or a_path != "-" else a
    return a, b, compare(a, b, min_words=min_words, max_gap=max_gap, paths=(a_path, b_path), names=names)


def _write_json(comparison) -> None:
    typer.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))


@app.command("compare")
def compare_command(
    a: str = TEXT_A,
    b: str = TEXT_B,
    min_words: int = MIN_WORDS,
    max_gap: int = MAX_GAP,
    encoding: str = FILE_ENCODING,
    format: Format = TEXT_OR_JSON,
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a side-by-side HTML report here."),
    aliases: Optional[Path] = ALIASES,
) -> None:
    """Compare two texts: similarity, the passages they share, the sources each names, and a verdict."""
    text_a, text_b, comparison = _run(a, b, min_words=min_words, max_gap=max_gap, encoding=encoding,
                                      aliases=aliases)
    if html is not None:
        from ..errors import InputError
        from ..report.comparison_html import render_html

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
    a: str = TEXT_A,
    b: str = TEXT_B,
    min_words: int = MIN_WORDS,
    max_gap: int = MAX_GAP,
    encoding: str = FILE_ENCODING,
    format: Format = TEXT_OR_JSON,
    aliases: Optional[Path] = ALIASES,
) -> None:
    """List the passages two texts share, with their offsets."""
    text_a, text_b, comparison = _run(a, b, min_words=min_words, max_gap=max_gap, encoding=encoding,
                                      aliases=aliases)
    if format is Format.json:
        _write_json(comparison)
    else:
        from ..report.terminal import print_passages

        print_passages(comparison, text_a, text_b)
