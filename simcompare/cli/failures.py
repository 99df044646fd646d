"""What the commands check before they work, and what they say when stopped.

Output paths are checked before any work, so a run of minutes does not end on
a path that could never be written. An interrupt (Ctrl-C) ends every command
with one line saying what it left behind: "nothing written" unless the
command said otherwise through :func:`kept` (``index add`` keeps its
committed batches).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, UnknownFormatError

__all__ = ["Interrupted", "kept", "interrupted_message", "check_output_file", "check_stdin_once", "STDIN",
           "write_page", "format_advice", "PASS_FORMAT"]

STDIN = "-"

_kept: list[str] = []


class Interrupted(Exception):
    """The command was interrupted (Ctrl-C); ``simcompare.cli.main`` says what was kept.

    Not a KeyboardInterrupt: typer would turn that into a silent exit.
    """


def kept(note: str | None) -> None:
    """Say what an interrupt from now on leaves behind (None: nothing written).

    Parameters
    ----------
    note:
        E.g. ``"2 documents added to news.db before it are kept"``.

    Returns
    -------
    None

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> kept("the report r.html was written"); interrupted_message()
    'interrupted; the report r.html was written'
    >>> kept(None); interrupted_message()
    'interrupted; nothing written'
    """
    _kept[:] = [] if note is None else [note]


def interrupted_message() -> str:
    """The line printed (after ``simcompare: ``) when a command is interrupted.

    Returns
    -------
    str

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> kept(None); interrupted_message()
    'interrupted; nothing written'
    """
    return "interrupted; " + (_kept[0] if _kept else "nothing written")


def check_output_file(path: str | os.PathLike | None, *, what: str = "the output", example: str = "out") -> None:
    """Refuse, before any work, a file path that cannot be written.

    Parameters
    ----------
    path:
        The file to write (None: no file asked for).
    what:
        What the file is, for the message.
    example:
        A file name to suggest when ``path`` is a directory.

    Returns
    -------
    None

    Raises
    ------
    InputError
        For a path that is a directory, or whose directory is missing, is
        not a directory or cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> check_output_file(folder + "/signatures.npz")
    >>> check_output_file(folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    simcompare.errors.InputError: ...: is a directory; expected a file name for the output, e.g. .../out...
    """
    if path is None:
        return
    target = Path(path)
    if target.is_dir():
        raise InputError(f"is a directory; expected a file name for {what}, e.g. {target / example}",
                         path=str(target))
    parent = target.parent
    if not parent.exists():
        above = next((p for p in parent.parents if p.exists()), None)
        if above is not None and not above.is_dir():
            raise InputError(f"cannot write {what}: {above} is not a directory", path=str(target))
        raise InputError(f"cannot write {what}: no such directory {parent}", path=str(target))
    if not parent.is_dir():
        raise InputError(f"cannot write {what}: {parent} is not a directory", path=str(target))
    if not os.access(parent, os.W_OK):
        raise InputError(f"cannot write {what}: permission denied in {parent}", path=str(target))


def check_stdin_once(paths: list[str]) -> None:
    """Refuse standard input named more than once: it can be read only once.

    Parameters
    ----------
    paths:
        The inputs of a command.

    Returns
    -------
    None

    Raises
    ------
    InputError
        When ``"-"`` is among ``paths`` more than once.

    Examples
    --------
    >>> check_stdin_once(["-", "a.txt"])
    >>> check_stdin_once(["-", "-"])
    Traceback (most recent call last):
    ...
    simcompare.errors.InputError: <stdin>: given 2 times; standard input can be read only once: save it to a file
    """
    count = list(paths).count(STDIN)
    if count > 1:
        raise InputError(f"given {count} times; standard input can be read only once: save it to a file",
                         path="<stdin>")


#: The advice of the commands whose ``--format`` names the format of their input.
PASS_FORMAT = "pass --format"


@contextlib.contextmanager
def format_advice(advice: str) -> Iterator[None]:
    """Add this command's way of naming an input's format to an :class:`UnknownFormatError`.

    The readers only say what they expected: ``--format`` is the input's
    format in ``dedup`` and ``index add``, but the output's in ``sources``.

    Parameters
    ----------
    advice:
        What the user can do, e.g. :data:`PASS_FORMAT`.

    Returns
    -------
    A context manager.

    Raises
    ------
    UnknownFormatError
        The one raised inside, with ``advice`` at the end of its message.

    Examples
    --------
    >>> with format_advice(PASS_FORMAT):
    ...     raise UnknownFormatError("cannot tell the format from the extension", path="a.bin")
    Traceback (most recent call last):
    ...
    simcompare.errors.UnknownFormatError: a.bin: cannot tell the format from the extension; pass --format
    """
    try:
        yield
    except UnknownFormatError as exc:
        raise UnknownFormatError(f"{exc.reason}; {advice}", path=exc.path, line=exc.line) from None


def write_page(path: str | os.PathLike, html: str, *, what: str = "the report") -> None:
    """Write an HTML page whole or not at all, then say it was written (for Ctrl-C's line).

    The page goes to a temporary file beside ``path`` and is renamed over it, so
    an interrupt or a full disk leaves the earlier page (or none), never half a page.

    Parameters
    ----------
    path:
        The file to write.
    html:
        The page.
    what:
        What the page is, for the messages.

    Returns
    -------
    None

    Raises
    ------
    InputError
        When the file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> write_page(folder + "/report.html", "<p>hi</p>")
    >>> open(folder + "/report.html").read()
    '<p>hi</p>'
    """
    target = Path(path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        partial.write_text(html, encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        raise InputError(f"cannot write {what}: {exc.strerror or exc}", path=str(target)) from None
    finally:
        partial.unlink(missing_ok=True)
    kept(f"{what} {target} was written")
