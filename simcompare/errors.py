"""Exceptions raised by simcompare.

Every error the library raises on purpose derives from :class:`SimcompareError`,
so callers (and the CLI) can catch one class and let real bugs keep their
tracebacks::

    SimcompareError
    ├── InputError                  bad input data; carries ``path`` and ``line``
    │   ├── TextTypeError           an item that is not ``str`` (also a TypeError)
    │   ├── EmptyTextError          a text with no words to compare
    │   └── UnknownFormatError      a file whose format its name does not tell
    ├── ParameterError              an option outside its valid range (also a ValueError)
    ├── IncompatibleSignaturesError signatures made with different parameters
    ├── SignatureFileError          a file that is not a valid signatures file
    └── EngineError                 a failure inside the compiled core

Messages state the expected and the actual value, e.g.
``num_perm mismatch: 128 != 64``.
"""

from __future__ import annotations

__all__ = [
    "SimcompareError",
    "InputError",
    "TextTypeError",
    "EmptyTextError",
    "UnknownFormatError",
    "ParameterError",
    "IncompatibleSignaturesError",
    "SignatureFileError",
    "EngineError",
    "IndexFileError",
]


class SimcompareError(Exception):
    """Base class of every error simcompare raises on purpose."""


class InputError(SimcompareError, ValueError):
    """Input data that simcompare cannot use.

    Parameters
    ----------
    message:
        What is wrong, with the expected and the actual value.
    path:
        The file the input came from, when there is one.
    line:
        The 1-based line number inside ``path``, when it is known.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = message  # the message without the file and line in front
        where = path if path is not None else ""
        if path is not None and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class TextTypeError(InputError, TypeError):
    """An item given as a text is not a ``str``; ``index`` says which one."""

    def __init__(self, index: int | str, value: object):
        self.index = index
        super().__init__(f"text {index} must be str, got {type(value).__name__}")


class EmptyTextError(InputError):
    """A text has no words, so there is nothing to sign or compare."""

    def __init__(self, index: int | str | None = None, *, path: str | None = None):
        self.index = index
        which = "text" if index is None else f"text {index}"
        super().__init__(
            f"{which} is empty: expected at least 1 word, got 0", path=path
        )


class UnknownFormatError(InputError):
    """A file whose name does not say how to read it (``.jsonl``, ``.csv``, ...).

    The message says what the reader expected; how to give the format depends on
    the caller (``format=`` in the library, ``--format`` or a manifest in the
    command line), so each caller adds its own advice.
    """


class ParameterError(SimcompareError, ValueError):
    """An option outside its valid range, e.g. ``num_perm=0``."""


class IncompatibleSignaturesError(SimcompareError, ValueError):
    """Two signatures were made with different parameters and cannot be compared."""


class SignatureFileError(SimcompareError, ValueError):
    """A file that should hold signatures is missing, truncated or not ours."""


class EngineError(SimcompareError, RuntimeError):
    """The compiled core failed; the message names the stage."""


class IndexFileError(SimcompareError, ValueError):
    """An index file that is missing, not an index, corrupt, from a newer
    simcompare, or cannot be written; the file is left as it was."""
