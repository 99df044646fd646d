"""``simcompare compare A B`` and ``simcompare align A B``."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Optional

import typer

from .failures import STDIN, check_output_file, check_stdin_once, write_page
from .options import ALIASES, FILE_ENCODING, MAX_GAP, MIN_WORDS, TEXT_A, TEXT_B, TEXT_OR_JSON, Command, Format

__all__ = ["app", "compare_command", "align_command", "StageProgress", "PROGRESS_DELAY"]

app = typer.Typer()

#: Seconds a compare or align runs before it shows its progress (a short one shows none).
PROGRESS_DELAY = 1.0
QUIET = typer.Option(False, "--quiet", "-q", help="Show no progress on stderr (shown for a long pair otherwise).")


class StageProgress:
    """The progress of one long compare or align on stderr (rich): what it
    is doing and how far, shown once the job has run ``delay`` seconds (a
    timer starts it, so a long step with no news still shows), and gone
    when it ends. Called as the ``progress`` of :func:`simcompare.compare`.

    ``show`` False (not a terminal, or ``--quiet``) shows nothing.
    """

    def __init__(self, *, show: bool, delay: float = PROGRESS_DELAY, console=None):
        self._lock = threading.Lock()
        self._state: tuple[str, int, int] = ("reading", 0, 1)
        self._bar = self._task = None
        self._closed = False
        self._console = console
        self._timer = None
        if show and delay <= 0:
            self._start()
        elif show:
            self._timer = threading.Timer(delay, self._start)
            self._timer.daemon = True
            self._timer.start()

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with self._lock:
            if self._closed:
                return
            stage, done, total = self._state
            self._bar = Progress(SpinnerColumn(), TextColumn("{task.description:<24}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), transient=True,
                                 console=self._console or Console(file=sys.stderr))
            self._bar.start()
            self._task = self._bar.add_task(stage, total=total, completed=done)

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            self._state = (stage, done, total)
            if self._bar is not None:
                self._bar.update(self._task, description=stage, completed=done, total=total)

    def close(self) -> None:
        """Stop the timer and take the display away."""
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._bar is not None:
                self._bar.stop()

    def __enter__(self) -> StageProgress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _run(a_path: str, b_path: str, *, min_words: int, max_gap: int, encoding: str, aliases: Path | None,
         quiet: bool):
    from .. import compare, read_text
    from ..errors import EmptyTextError
    from ..text.credits import Names, load_aliases

    check_stdin_once([a_path, b_path])
    # The alias file first: a bad one should fail before any comparison work.
    names = Names.default().with_aliases(load_aliases(aliases)) if aliases is not None else None
    a = read_text(a_path, encoding=encoding)
    b = read_text(b_path, encoding=encoding)
    with StageProgress(show=not quiet and sys.stderr.isatty()) as progress:
        try:
            return a, b, compare(a, b, min_words=min_words, max_gap=max_gap, paths=(a_path, b_path), names=names,
                                 progress=progress)
        except EmptyTextError as exc:
            path = {"a": a_path, "b": b_path}.get(exc.index)
            raise EmptyTextError(exc.index, path="<stdin>" if path == STDIN else path) from None


def _write_json(comparison) -> None:
    typer.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))


@app.command("compare", cls=Command)
def compare_command(
    a: str = TEXT_A,
    b: str = TEXT_B,
    min_words: int = MIN_WORDS,
    max_gap: int = MAX_GAP,
    encoding: str = FILE_ENCODING,
    format: Format = TEXT_OR_JSON,
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a side-by-side HTML report here."),
    aliases: Optional[Path] = ALIASES,
    quiet: bool = QUIET,
) -> None:
    """Compare two texts: similarity, the passages they share, the sources each names, and a verdict."""
    check_output_file(html, what="the report", example="report.html")
    text_a, text_b, comparison = _run(a, b, min_words=min_words, max_gap=max_gap, encoding=encoding,
                                      aliases=aliases, quiet=quiet)
    if html is not None:
        from ..report.comparison_html import render_html

        write_page(html, render_html(comparison, text_a, text_b))
    if format is Format.json:
        _write_json(comparison)
    else:
        from ..report.terminal import print_comparison

        print_comparison(comparison, text_a, text_b, html_path=html)


@app.command("align", cls=Command)
def align_command(
    a: str = TEXT_A,
    b: str = TEXT_B,
    min_words: int = MIN_WORDS,
    max_gap: int = MAX_GAP,
    encoding: str = FILE_ENCODING,
    format: Format = TEXT_OR_JSON,
    aliases: Optional[Path] = ALIASES,
    quiet: bool = QUIET,
) -> None:
    """List the passages two texts share, with their offsets."""
    text_a, text_b, comparison = _run(a, b, min_words=min_words, max_gap=max_gap, encoding=encoding,
                                      aliases=aliases, quiet=quiet)
    if format is Format.json:
        _write_json(comparison)
    else:
        from ..report.terminal import print_passages

        print_passages(comparison, text_a, text_b)
