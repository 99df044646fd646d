"""The records of a source comparison: what :func:`simcompare.sources` returns, and how to say it in words.

:class:`SourcesResult` holds the outlet x outlet matrix of :class:`Cell`, the
:class:`Article` (each with its provenance, a list of :class:`Part`), the
:class:`PassageCluster` (each with its :class:`Witness`), the aligned
:class:`SharedPair` and the :class:`Problem` reported; ``to_dict()`` of each is
the documented JSON.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

from ..passages.records import Passage
from ..text.dates import When
from ..text.plural import count, plural

__all__ = ["SourcesResult", "Article", "Part", "Witness", "PassageCluster", "SharedPair", "Cell", "Problem",
           "StockPhrase", "Kind", "describe_part", "describe_source", "MATRIX_CAPTION"]

#: What a matrix cell is, in the words the terminal and the HTML page show (see :class:`Cell`).
MATRIX_CAPTION = ("Share of the row outlet's words inside passages aligned with an article of the column outlet "
                  "(stock phrases left out)")

#: What a passage is: inside quotation marks in both articles, or not.
Kind = Literal["quote", "prose"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input document that was reported rather than raised.

    ``where`` is the document id, or ``file:line`` of a record that could not be
    read; ``field`` the field at fault (None for the whole record); ``value``
    what it held.
    """

    where: str
    field: str | None
    value: Any
    problem: str

    def to_dict(self) -> dict:
        return {"where": self.where, "field": self.field, "value": self.value, "problem": self.problem}


@dataclass(frozen=True, slots=True)
class Part:
    """One share of an article's words, by where they come from.

    ``role``: ``"from"`` (the probable source is ``source``, another article:
    the earliest article carrying these words), ``"first"`` (this article is
    the earliest to carry them), ``"undetermined"`` (any of
    ``possible_sources`` may be first), ``"stock"`` (stock phrases: shared only
    as wording many unrelated articles carry, see
    :mod:`simcompare.sources.stock`; ``kind`` is None), ``"unique"`` (found in
    no other article; ``kind`` is None). ``passages`` counts the aligned
    passages behind the part (for ``from``: those with the source). A
    ``from`` part also has ``source_share`` (the share of the source
    article's words this article carries), ``credited`` (whether the article
    names the source's outlet) and ``credit`` (where it does: ``{"start",
    "end", "text"}``, or None). An ``undetermined`` part has ``credited`` and
    ``credit`` too: whether the article names the outlet of any of its possible
    sources. Other parts have None there.
    """

    role: Literal["from", "first", "undetermined", "stock", "unique"]
    kind: Kind | None
    words: int
    share: float
    passages: int
    source: str | None = None
    outlet: str | None = None
    date: str | None = None
    possible_sources: list[str] = field(default_factory=list)
    source_share: float | None = None
    credited: bool | None = None
    credit: dict | None = None

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Article:
    """One input article: its outlet, date, size, provenance and the sources it names
    (``credits``: ``{"name", "start", "end", "text", "form"}`` each; ``text`` is not in the JSON)."""

    id: str
    outlet: str
    date: When | None
    words: int
    chars: int
    provenance: list[Part]
    text: str = field(repr=False, compare=False)
    credits: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "outlet": self.outlet,
            "date": self.date.iso if self.date else None,
            "date_given": self.date.given if self.date else None,
            "words": self.words,
            "chars": self.chars,
            "provenance": [p.to_dict() for p in self.provenance],
            "credits": [dict(c) for c in self.credits],
        }


@dataclass(frozen=True, slots=True)
class Witness:
    """An article's copy of a clustered passage: ``[start, end)`` in code points into its text."""

    id: str
    outlet: str
    date: str | None
    start: int
    end: int
    words: int
    text: str

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class PassageCluster:
    """A passage and every article that carries it, earliest first.

    ``source_status``: ``"earliest"`` (``source`` is the one article known to
    be first), ``"tie"`` (several of ``possible_sources`` may be first: same
    day without a time, same minute), ``"undated"`` (an article without a
    date may be first); ``reason`` says which, in words.
    """

    cluster: int
    kind: Kind
    outlets: list[str]
    source: str | None
    source_status: Literal["earliest", "tie", "undated"]
    possible_sources: list[str]
    reason: str | None
    witnesses: list[Witness]
    pairs: list[int]

    def to_dict(self) -> dict:
        record = {name: getattr(self, name) for name in self.__slots__}
        record["articles"] = len({w.id for w in self.witnesses})
        record["witnesses"] = [w.to_dict() for w in self.witnesses]
        return record


@dataclass(frozen=True, slots=True)
class SharedPair:
    """Two articles that share passages (``a`` comes first in the input)."""

    pair: int
    a: str
    b: str
    passages: list[Passage]

    def to_dict(self) -> dict:
        return {"pair": self.pair, "a": self.a, "b": self.b, "passages": [p.to_dict() for p in self.passages]}


@dataclass(frozen=True, slots=True)
class StockPhrase:
    """Wording several articles share without it being evidence of copying (see
    :mod:`simcompare.sources.stock`): ``phrase`` as one of them writes it, the
    ``documents`` carrying it (input order) and each one's span (``witnesses``:
    ``{"id", "start", "end"}``)."""

    phrase: str
    words: int
    documents: list[str]
    witnesses: list[dict]

    def to_dict(self) -> dict:
        return {"phrase": self.phrase, "words": self.words, "articles": len(self.documents),
                "documents": list(self.documents), "witnesses": [dict(w) for w in self.witnesses]}


@dataclass(slots=True)
class Cell:
    """Row outlet x column outlet.

    ``words`` (= ``prose_words + quote_words``): words of the row outlet's
    articles inside passages aligned with an article of the column outlet
    (a word counts once however many such articles share it; prose when a
    prose passage covers it); ``share``, ``prose_share``, ``quote_share``:
    the same as shares of all the row outlet's words, so for two articles
    ``share`` is :func:`simcompare.compare`'s coverage. ``from_*``: words
    whose probable source is an article of the column outlet, of them
    ``credited_words`` in articles naming that outlet and ``uncredited_words``
    in articles that do not. ``clusters``: passage clusters both outlets carry.
    """

    prose_words: int = 0
    quote_words: int = 0
    prose_share: float = 0.0
    quote_share: float = 0.0
    from_prose_words: int = 0
    from_quote_words: int = 0
    clusters: int = 0
    words: int = 0
    share: float = 0.0
    credited_words: int = 0
    uncredited_words: int = 0

    def to_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass
class SourcesResult:
    """What :func:`sources` found; :meth:`to_dict` is the documented JSON (README, "Sources")."""

    by: str
    date_field: str
    parameters: dict
    outlets: list[str]
    matrix: list[list[Cell]]
    articles: list[Article]
    clusters: list[PassageCluster]
    pairs: list[SharedPair]
    problems: list[Problem]
    stock: list[StockPhrase] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        kinds = Counter(c.kind for c in self.clusters)
        return {
            "articles": len(self.articles),
            "outlets": len(self.outlets),
            "clusters": len(self.clusters),
            "quote_clusters": kinds["quote"],
            "prose_clusters": kinds["prose"],
            "clusters_with_source": sum(c.source is not None for c in self.clusters),
            "pairs": len(self.pairs),
            "stock_phrases": len(self.stock),
            "articles_without_date": sum(a.date is None for a in self.articles),
            "articles_without_time": sum(a.date is not None and not a.date.has_time for a in self.articles),
            "problems": len(self.problems),
        }

    @property
    def notes(self) -> list[str]:
        """What the reader must know about the dates before trusting the probable sources."""
        s, notes = self.summary, []
        if s["articles_without_time"]:
            n = s["articles_without_time"]
            notes.append(f"{count(n, 'article')} {plural('is', n)} dated without a time of day: articles of "
                         "the same day cannot be ordered, so their clusters have no probable source.")
        if s["articles_without_date"]:
            n = s["articles_without_date"]
            notes.append(f"{count(n, 'article')} {plural('has', n)} no readable date (see the problems).")
        return notes

    def article(self, article_id: str) -> Article:
        return self.articles[self._index[article_id]]

    def __post_init__(self) -> None:
        self._index = {a.id: i for i, a in enumerate(self.articles)}

    def to_dict(self) -> dict:
        words = Counter()
        counts = Counter()
        for a in self.articles:
            words[a.outlet] += a.words
            counts[a.outlet] += 1
        return {
            "by": self.by,
            "date_field": self.date_field,
            "parameters": dict(self.parameters),
            "summary": self.summary,
            "matrix": {
                "outlets": list(self.outlets),
                "articles": [counts[o] for o in self.outlets],
                "words": [words[o] for o in self.outlets],
                "cells": [[cell.to_dict() for cell in row] for row in self.matrix],
            },
            "articles": [a.to_dict() for a in self.articles],
            "clusters": [c.to_dict() for c in self.clusters],
            "stock": [s.to_dict() for s in self.stock],
            "pairs": [p.to_dict() for p in self.pairs],
            "problems": [p.to_dict() for p in self.problems],
        }


def describe_part(part: Part) -> str:
    """One share of an article in words: "58.0% prose from Reuters 2020-07-03T14:02 (r1) in 3 passages".

    A ``from`` part adds the share of the source it carries and, when credits were looked
    for, whether it names the source ("credited: LONDON (Reuters) -" or "UNCREDITED").

    Parameters
    ----------
    part:
        One part of an article's provenance.

    Returns
    -------
    str

    Examples
    --------
    >>> describe_part(Part("from", "prose", 120, 0.58, 3, "r1", "Reuters", "2020-07-03T14:02"))
    '58.0% prose from Reuters 2020-07-03T14:02 (r1) in 3 passages'
    >>> describe_part(Part("from", "prose", 120, 0.58, 3, "r1", "Reuters", "2020-07-03T14:02", source_share=0.9,
    ...                    credited=True, credit={"start": 0, "end": 18, "text": "LONDON (Reuters) -"}))
    '58.0% prose from Reuters 2020-07-03T14:02 (r1) in 3 passages, 90.0% of r1, credited: LONDON (Reuters) -'
    >>> describe_part(Part("unique", None, 87, 0.42, 0))
    '42.0% found nowhere else'
    """
    pct = f"{100 * part.share:.1f}%"
    kind = "quotes" if part.kind == "quote" else part.kind
    passages = f"{part.passages} passage{'' if part.passages == 1 else 's'}"
    if part.role == "unique":
        return f"{pct} found nowhere else"
    if part.role == "stock":
        return f"{pct} stock phrases (wording unrelated articles share, not copying)"
    if part.role == "from":
        said = f"{pct} {kind} from {part.outlet} {part.date or '(undated)'} ({part.source}) in {passages}"
        if part.source_share is not None:
            said += f", {100 * part.source_share:.1f}% of {part.source}"
        if part.credited is not None:
            said += f", credited: {part.credit['text']}" if part.credit else (
                ", credited" if part.credited else ", UNCREDITED")
        return said
    if part.role == "first":
        return f"{pct} {kind} first here, carried by others, in {passages}"
    said = f"{pct} {kind} shared, first undetermined ({' / '.join(part.possible_sources)}), in {passages}"
    if part.credited is not None:
        said += f", credited: {part.credit['text']}" if part.credit else ", naming none of them"
    return said


def describe_source(cluster: PassageCluster, result: SourcesResult) -> str:
    """The probable source of a cluster in words, or why there is none.

    Parameters
    ----------
    cluster:
        One of ``result.clusters``.
    result:
        The result it belongs to (names the source article's outlet and date).

    Returns
    -------
    str

    Examples
    --------
    >>> from simcompare.sources import sources
    >>> text = "The storm closed every school in the county on Monday, officials said."
    >>> result = sources([{"id": "a", "outlet": "A", "date": "2024-01-08", "text": text},
    ...                   {"id": "b", "outlet": "B", "date": "2024-01-09", "text": text}])
    >>> describe_source(result.clusters[0], result)
    'A 2024-01-08 (a)'
    """
    if cluster.source is not None:
        source = result.article(cluster.source)
        return f"{source.outlet} {source.date.iso if source.date else ''} ({source.id})"
    return f"undetermined: {cluster.reason}"
