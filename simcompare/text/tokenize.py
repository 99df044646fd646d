"""Words with their spans in the original text.

Tokens are found in the normalised text (see :mod:`simcompare.text.normalize`) by
the character classes of :mod:`simcompare.text.chars`:

* a token is a run of letters, digits and combining marks;
* an apostrophe between two word characters is dropped from the token, so
  "Worker’s", "Worker's" and "Workers" are the same token ``workers``;
* ``.`` and ``,`` between two digits stay in the token: "10.7", "516,000";
* hyphens and dashes separate: "Jong-un" is ``jong`` ``un``;
* each letter of a script written without spaces (Han, kana, Thai, Lao,
  Khmer, Myanmar) is a token of its own, with its combining marks;
* everything else (spaces, punctuation, quotes, symbols, controls) separates.

Spans are in order and, for ordinary text, disjoint. One original character
that NFKC turns into several (``"¼"`` -> ``"1⁄4"``, Thai ``"ำ"``) lends its span
to every token made from it, so two neighbouring tokens can share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import chars as _chars
from .normalize import normalize

__all__ = ["Token", "tokenize", "token_forms"]

_LETTERS = {
    _chars.SEP: "_",
    _chars.WORD: "W",
    _chars.DIGIT: "D",
    _chars.MARK: "M",
    _chars.SOLO: "O",
    _chars.APOS: "A",
    _chars.NUMPUNCT: "N",
}
# Over the string of class letters: a solo letter with its marks, or a word of
# letters/digits/marks with inner apostrophes and digit-separating . and ,
_TOKEN = re.compile(r"OM*|[WDM](?:[WDM]|(?<=[WDM])A(?=[WD])|(?<=D)N(?=D))*")


class _ClassLetters(dict):
    """``str.translate`` table from code point to class letter, filled lazily."""

    def __missing__(self, cp: int) -> str:
        letter = self[cp] = _LETTERS[_chars.char_class(chr(cp))]
        return letter


_CLASS_LETTERS = _ClassLetters()


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its normalised form and its half-open span in the original text."""

    text: str
    start: int
    end: int


def _spans(normalized: str) -> list[tuple[int, int, str]]:
    classes = normalized.translate(_CLASS_LETTERS)
    spans = []
    for match in _TOKEN.finditer(classes):
        s, e = match.span()
        form = normalized[s:e]
        if "A" in match.group():
            form = "".join(c for c, k in zip(form, match.group()) if k != "A")
        spans.append((s, e, form))
    return spans


def token_forms(normalized: str) -> list[str]:
    """Return the token forms of an already normalised text, in order.

    Examples
    --------
    >>> token_forms("the worker's party paid 516,000 in 10.7 days")
    ['the', 'workers', 'party', 'paid', '516,000', 'in', '10.7', 'days']
    """
    return [form for _, _, form in _spans(normalized)]


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into tokens with spans in the original text.

    Parameters
    ----------
    text:
        Any ``str``.

    Returns
    -------
    list[Token]
        In order; ``text[t.start:t.end]`` is the original spelling of ``t``.

    Raises
    ------
    TextTypeError
        If ``text`` is not a ``str``.

    Examples
    --------
    >>> [(t.text, t.start, t.end) for t in tokenize("Kim Jong-un’s “success”")]
    [('kim', 0, 3), ('jong', 4, 8), ('uns', 9, 13), ('success', 15, 22)]
    """
    normalized = normalize(text)
    return [
        Token(form, *normalized.to_original(s, e))
        for s, e, form in _spans(normalized.text)
    ]
