"""Attribution word by word: each shared word of an article goes to the earliest article carrying those words.

An article's passages with other articles cover some of its words; where
passages with several articles overlap, the words are cut into *segments*,
each covered by the same set of partner articles. A segment's words go to the
earliest of the article and its partners there (:func:`earliest`): the
article itself (``first``), one partner (``from`` it), or nobody known
(``undetermined``: a tie, or an undated article that may be first). So a
phrase an unrelated earlier article also carries gives that phrase's words a
source, never the rest of the story.

The same segments give the matrix: the share of an article's words inside
passages aligned with an article of each outlet.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from ..text.credits import Credit, Names
from ..text.dates import When
from .model import Part

__all__ = ["Reach", "segments", "earliest", "provenance", "outlet_coverage", "with_credits"]


@dataclass(frozen=True, slots=True)
class Reach:
    """One article's side of a passage: its words ``[lo, hi)``, shared with article ``partner``.

    ``passage`` numbers the passage (both sides of it have the same number); ``stock`` marks a
    stock passage (:mod:`simcompare.sources.stock`).
    """

    lo: int
    hi: int
    partner: int
    kind: str
    passage: int
    stock: bool = False


def segments(reaches: list[Reach]) -> list[tuple[int, int, list[Reach]]]:
    """Cut the words the ``reaches`` cover into segments covered by the same reaches.

    Parameters
    ----------
    reaches:
        One article's reaches.

    Returns
    -------
    list of (lo, hi, reaches)
        In order, covering exactly the words some reach covers.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> cut = segments([Reach(0, 10, 1, "prose", 0), Reach(4, 6, 2, "prose", 1)])
    >>> [(lo, hi, [r.partner for r in rs]) for lo, hi, rs in cut]
    [(0, 4, [1]), (4, 6, [1, 2]), (6, 10, [1])]
    """
    bounds = sorted({x for r in reaches for x in (r.lo, r.hi)})
    cover: dict[int, list[Reach]] = defaultdict(list)
    for r in reaches:
        for s in range(bisect_left(bounds, r.lo), bisect_left(bounds, r.hi)):
            cover[s].append(r)
    return [(bounds[s], bounds[s + 1], cover[s]) for s in sorted(cover)]


def earliest(docs: list[int], dates: list[When | None], ids: list[str]) -> tuple[str, list[int], str | None]:
    """Which of ``docs`` came first: ``(status, possible first articles, reason)``.

    Parameters
    ----------
    docs:
        Article numbers.
    dates:
        Every article's date (None: unknown).
    ids:
        Every article's id (for the reason).

    Returns
    -------
    (status, possible, reason)
        ``"earliest"`` with the one article known to be first; ``"tie"`` when
        several may be first (same day without a time, same minute);
        ``"undated"`` when an article without a date may be first. ``reason``
        says why there is no single first article (None when there is).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from simcompare.text.dates import parse_date
    >>> dates = [parse_date("2024-01-02T10:00Z"), parse_date("2024-01-02T08:00Z"), parse_date("2024-01-02")]
    >>> earliest([0, 1], dates, ["a", "b", "c"])
    ('earliest', [1], None)
    >>> earliest([0, 2], dates, ["a", "b", "c"])[:2]
    ('tie', [0, 2])
    """
    dated = [d for d in docs if dates[d] is not None]
    undated = [d for d in docs if dates[d] is None]
    possible = [d for d in dated if not any(dates[o].before(dates[d]) for o in dated if o != d)]
    if undated:
        names = ", ".join(ids[d] for d in undated[:3]) + (", ..." if len(undated) > 3 else "")
        return "undated", possible + undated, f"no date for {names}, which may be first"
    if len(possible) == 1:
        return "earliest", possible, None

    days = {dates[d].iso for d in possible}
    if len(days) == 1 and not any(dates[d].has_time for d in possible):
        return "tie", possible, (f"{len(possible)} articles dated {days.pop()} "
                                 "without a time of day: their order is unknown")

    def dated_as(d: int) -> str:
        when = dates[d]
        return f"{ids[d]} ({when.iso}{'' if when.has_time else ', no time of day'})"

    return "tie", possible, f"cannot tell which is first: {', '.join(dated_as(d) for d in possible)}"


def _kind(reaches: list[Reach]) -> str:
    """A segment is a quote when every passage covering it is one."""
    return "quote" if all(r.kind == "quote" for r in reaches) else "prose"


def _group_key(article: int, covering: list[Reach], first_of) -> tuple:
    """(role, kind, source or possible sources) of the words of one segment."""
    status, possible = first_of(frozenset(r.partner for r in covering))
    if status == "earliest" and possible[0] == article:
        return ("first", _kind(covering), None)
    if status == "earliest":
        return ("from", _kind([r for r in covering if r.partner == possible[0]]), possible[0])
    return ("undetermined", _kind(covering), tuple(possible))


def provenance(article: int, reaches: list[Reach], words: int, *, dates: list[When | None], ids: list[str],
               outlets: list[str], carried: dict[tuple[int, int], float]) -> list[Part]:
    """The parts of one article's words, by where they come from.

    Parameters
    ----------
    article:
        The article's number.
    reaches:
        Its reaches (stock ones included: their words not covered otherwise are ``stock``).
    words:
        Its number of words.
    dates, ids, outlets:
        Every article's date, id and outlet.
    carried:
        ``(article, source)`` -> share of the source's words inside their passages.

    Returns
    -------
    list[Part]
        ``from`` parts (largest first), ``first``, ``undetermined``, ``stock``, then ``unique``;
        their words add up to ``words``.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from simcompare.text.dates import parse_date
    >>> dates = [parse_date("2024-01-02T10:00Z"), parse_date("2024-01-02T08:00Z")]
    >>> parts = provenance(0, [Reach(0, 8, 1, "prose", 0)], 10, dates=dates, ids=["a", "b"],
    ...                    outlets=["A", "B"], carried={(0, 1): 0.5})
    >>> [(p.role, p.source, p.words, p.source_share) for p in parts]
    [('from', 'b', 8, 0.5), ('unique', None, 2, None)]
    """
    cache: dict[frozenset, tuple[str, list[int]]] = {}

    def first_of(partners: frozenset) -> tuple[str, list[int]]:
        if partners not in cache:
            cache[partners] = earliest(sorted(partners | {article}), dates, ids)[:2]
        return cache[partners]

    groups: dict[tuple, list] = defaultdict(lambda: [0, set()])
    stock = np.zeros(words, dtype=bool)
    stock_passages = set()
    for r in reaches:
        if r.stock:
            stock[r.lo:r.hi] = True
            stock_passages.add(r.passage)
    for lo, hi, covering in segments([r for r in reaches if not r.stock]):
        stock[lo:hi] = False
        key = _group_key(article, covering, first_of)
        group = groups[key]
        group[0] += hi - lo
        group[1].update(r.passage for r in covering if key[0] != "from" or r.partner == key[2])
    share = (lambda w: w / words) if words else (lambda w: 0.0)
    order = {"from": 0, "first": 1, "undetermined": 2}
    parts = []
    for (role, kind, other), (n, passages) in sorted(groups.items(), key=lambda g: (order[g[0][0]], -g[1][0])):
        if role == "from":
            parts.append(Part(role, kind, n, share(n), len(passages), ids[other], outlets[other],
                              dates[other].iso if dates[other] else None,
                              source_share=carried.get((article, other), 0.0)))
        else:
            parts.append(Part(role, kind, n, share(n), len(passages),
                              possible_sources=[ids[d] for d in other] if other else []))
    stock_words = int(stock.sum())
    if stock_words:
        parts.append(Part("stock", None, stock_words, share(stock_words), len(stock_passages)))
    unique = words - sum(p.words for p in parts)
    parts.append(Part("unique", None, unique, share(unique), 0))
    return parts


def outlet_coverage(reaches: list[Reach], outlets: list[str]) -> dict[str, list[int]]:
    """Words of one article inside passages aligned with an article of each outlet: ``outlet -> [prose, quote]``.

    A word counts as prose when a prose passage with that outlet covers it, else as a quote;
    stock reaches are left out.

    Parameters
    ----------
    reaches:
        The article's reaches.
    outlets:
        Every article's outlet.

    Returns
    -------
    dict
        Outlet -> ``[prose words, quote words]``, for the outlets it shares passages with.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> outlet_coverage([Reach(0, 8, 1, "prose", 0), Reach(6, 9, 2, "quote", 1)], ["A", "B", "B"])
    {'B': [8, 1]}
    """
    covered: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for lo, hi, covering in segments([r for r in reaches if not r.stock]):
        kinds: dict[str, str] = {}
        for r in covering:
            outlet = outlets[r.partner]
            kinds[outlet] = "prose" if r.kind == "prose" or kinds.get(outlet) == "prose" else "quote"
        for outlet, kind in kinds.items():
            covered[outlet][kind == "quote"] += hi - lo
    return dict(covered)


def with_credits(parts: list[Part], credits: list[Credit], names: Names, *,
                 outlet_of: Mapping[str, str] | None = None) -> list[Part]:
    """The parts with ``credited`` and ``credit`` set on each ``from`` part (and ``undetermined`` part).

    A ``from`` part is credited when one of the article's ``credits`` names the source's
    outlet (``names.same``); ``credit`` is the first such credit's span and text. An
    ``undetermined`` part (its first article unknown) is credited when a credit names the
    outlet of any of its other possible sources (``outlet_of``: article id -> outlet); so
    of two articles of one day that share a sentence, neither naming the other, neither
    is credited.

    Parameters
    ----------
    parts:
        An article's provenance.
    credits:
        The sources it names (:func:`simcompare.text.credits.find_credits`).
    names:
        The names the credits were found with.
    outlet_of:
        The outlet of each article id, for ``undetermined`` parts (without it they stay None).

    Returns
    -------
    list[Part]

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> from simcompare.text.credits import find_credits
    >>> text = "LONDON (Reuters) - Rates rose."
    >>> names = Names.default().with_outlets(["Reuters", "Paper"])
    >>> parts = [Part("from", "prose", 3, 0.6, 1, "r1", "Reuters", None, source_share=1.0),
    ...          Part("from", "prose", 2, 0.4, 1, "p1", "Paper", None, source_share=0.5)]
    >>> [(p.credited, p.credit) for p in with_credits(parts, find_credits(text, names=names), names)]
    [(True, {'start': 0, 'end': 18, 'text': 'LONDON (Reuters) -'}), (False, None)]
    """
    out = []
    for part in parts:
        if part.role == "from":
            outlets = [part.outlet] if part.outlet is not None else []
        elif part.role == "undetermined" and outlet_of is not None:
            # Its own outlet among them is harmless: credits naming it were dropped as self-references.
            outlets = [outlet_of[s] for s in part.possible_sources if s in outlet_of]
        else:
            out.append(part)
            continue
        named = next((c for c in credits if any(names.same(c.name, o) for o in outlets)), None)
        out.append(replace(part, credited=named is not None,
                           credit={"start": named.start, "end": named.end, "text": named.text} if named else None))
    return out
