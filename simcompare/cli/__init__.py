"""The ``simcompare`` command: a thin typer layer over the library.

Every command lives in its own module, on that module's typer ``app``
(``index`` is a group of commands); options that several commands share are
defined once, in ``options``. This module joins the apps into one, prints the
version, and turns :class:`~simcompare.errors.SimcompareError` into one line on
stderr and exit status 1, and an interrupt (Ctrl-C) into one line saying what
was written (:mod:`.failures`) and exit status 130. Any other exception is a bug
and keeps its traceback.
"""

from __future__ import annotations

import sys
from typing import Optional

import typer

from .._version import __version__
from ..errors import SimcompareError
from . import compare, dedup, index, sign, sources
from .failures import Interrupted, interrupted_message, kept
from .options import Group

__all__ = ["app", "main"]


class _Commands(Group):
    """The root group: an interrupt anywhere in a command becomes :class:`Interrupted`."""

    def invoke(self, ctx):
        kept(None)
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None


app = typer.Typer(
    cls=_Commands,
    name="simcompare",
    help="Find where news texts overlap: near-duplicate articles and the passages outlets share.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"simcompare {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Find where news texts overlap."""


# In the order `simcompare --help` lists them; a group (index) after the commands.
app.add_typer(compare.app)
app.add_typer(dedup.app)
app.add_typer(sign.app)
app.add_typer(sources.app)
app.add_typer(index.app, name="index")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``simcompare`` console script.

    Parameters
    ----------
    argv:
        The arguments (None: ``sys.argv[1:]``).

    Returns
    -------
    None
        It does not return: it exits.

    Raises
    ------
    SystemExit
        Always: status 0 on success, 1 for a :class:`~simcompare.errors.SimcompareError`
        (its message on stderr), 2 for a usage error, 3 for ``index remove`` with
        ids not in the index, 130 when interrupted (Ctrl-C).

    Examples
    --------
    >>> try:
    ...     main(["--version"])
    ... except SystemExit as stop:
    ...     print("exit status", stop.code)  # doctest: +ELLIPSIS
    simcompare ...
    exit status 0
    """
    try:
        app(args=argv, prog_name="simcompare", standalone_mode=True)
    except SimcompareError as exc:
        print(f"simcompare: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except Interrupted:
        # On a terminal "^C" (or a progress line) is on the current line: start a new one.
        below = "\n" if sys.stderr.isatty() else ""
        print(f"{below}simcompare: {interrupted_message()}", file=sys.stderr)
        sys.exit(130)
