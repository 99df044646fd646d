"""Control characters in article text, made visible instead of obeyed by the terminal.

A text can hold terminal control sequences (``ESC [2J`` clears the screen,
``ESC ]0;...BEL`` sets the window title) or other C0/C1 control characters;
printed raw they act on the terminal. Every terminal view shows user text
through :func:`escape_controls` (or :func:`plain`), which writes each such
character as ``\\xNN``, as rich's markup is already shown literally.
"""

from __future__ import annotations

import re

__all__ = ["escape_controls", "plain"]

# C0 controls but tab and newline, DEL, C1 controls. A carriage return is left to rich, which drops it
# (Windows line ends would otherwise show "\x0d" at the end of every line).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with each control character written as ``\\xNN``.

    Parameters
    ----------
    text:
        Text to show on a terminal.

    Returns
    -------
    str
        The same text where it has no control characters; tabs, newlines and
        carriage returns are kept.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> escape_controls("Markets fell.\\x1b[2J\\x1b]0;owned\\x07\\n")
    'Markets fell.\\\\x1b[2J\\\\x1b]0;owned\\\\x07\\n'
    """
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def plain(text: str, style: str = ""):
    """A rich ``Text`` of user text: no markup read in it, no control character obeyed.

    Parameters
    ----------
    text:
        Text to show (a file name, an article's words, an id).
    style:
        A rich style for the whole of it.

    Returns
    -------
    rich.text.Text

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> plain("[bold]\\x1b[31m").plain
    '[bold]\\\\x1b[31m'
    """
    from rich.text import Text

    return Text(escape_controls(text), style=style)
