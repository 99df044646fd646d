"""The ``simcompare`` command: a thin typer layer over the library.

Every command lives in its own module; this one builds the app, prints the
version, and turns :class:`~simcompare.errors.SimcompareError` into one line on
stderr and exit status 1. Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys
from typing import Optional

import typer

from .._version import __version__
from ..errors import SimcompareError

app = typer.Typer(
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


from . import compare as _compare  # noqa: E402  (each module registers its commands)
from . import dedup as _dedup  # noqa: E402
from . import index as _index  # noqa: E402
from . import sign as _sign  # noqa: E402
from . import sources as _sources  # noqa: E402

_compare.register(app)
_dedup.register(app)
_index.register(app)
_sign.register(app)
_sources.register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``simcompare`` console script."""
    try:
        app(args=argv, prog_name="simcompare", standalone_mode=True)
    except SimcompareError as exc:
        print(f"simcompare: error: {exc}", file=sys.stderr)
        sys.exit(1)
