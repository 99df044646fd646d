"""Counts in messages written for a person: "1 match", "2 matches", "1,043 passage clusters".

One helper for every message the package prints, so no command says "1 matches". It lives in ``text``,
the bottom layer, so that readers, dedup, the index, sources, the reports and the CLI can all use it.
"""

from __future__ import annotations

__all__ = ["plural", "count"]

# Nouns whose plural is not the noun plus "s" or "es".
_IRREGULAR = {"this": "these", "is": "are", "was": "were", "has": "have", "its": "their", "child": "children"}


def plural(noun: str, n: int = 2) -> str:
    """``noun`` in the form that goes with ``n`` things (the last word changes: "passage cluster").

    Parameters
    ----------
    noun:
        The singular, e.g. ``"match"`` or ``"bad record"``.
    n:
        How many; 1 (and -1) keep the singular.

    Returns
    -------
    str
        The noun for ``n`` things.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> plural("match"), plural("match", 1), plural("passage cluster", 3), plural("query", 0)
    ('matches', 'match', 'passage clusters', 'queries')
    """
    if abs(n) == 1:
        return noun
    head, _, last = noun.rpartition(" ")
    if last in _IRREGULAR:
        many = _IRREGULAR[last]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        many = last + "es"
    elif last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        many = last[:-1] + "ies"
    else:
        many = last + "s"
    return f"{head} {many}" if head else many


def count(n: int, noun: str, many: str | None = None) -> str:
    """``n`` and the noun that goes with it, thousands separated: ``"1 match"``, ``"2,225 articles"``.

    Parameters
    ----------
    n:
        How many.
    noun:
        The singular.
    many:
        The plural when it is not regular (``plural(noun)`` otherwise).

    Returns
    -------
    str
        ``"{n:,} {noun}"`` with the noun in the right form.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> count(1, "match"), count(2225, "article"), count(0, "bad record"), count(3, "person", "people")
    ('1 match', '2,225 articles', '0 bad records', '3 people')
    """
    form = noun if abs(n) == 1 else many if many is not None else plural(noun, n)
    return f"{n:,} {form}"
