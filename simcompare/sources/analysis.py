"""Source comparison: which outlets carry which passages, and who had them first.

For a set of articles from several outlets (each with an outlet and a date):

1. **Candidate pairs**: every pair of articles, up to ``ALL_PAIRS_MAX_DOCS``
   articles; beyond that, the pairs sharing a rare word 5-gram anchor, found
   by the same code as ``dedup(mode="reuse")`` (passages of 20 words or more
   are found with 99 % probability, shorter ones by chance).
2. **Passages**: each pair is aligned with :func:`simcompare.align`; a passage
   is a *quote* when it lies mostly inside quotation marks in both articles.
3. **Stock** (:mod:`simcompare.sources.stock`): passages that are stock
   phrases (frequent short wording, or the one short phrase two otherwise
   unrelated articles share) are set apart: listed in ``stock``, counted in
   provenance as ``stock``, never evidence of copying, never a source.
4. **Attribution** (:mod:`simcompare.sources.attribution`): each word of an
   article inside passages goes to the earliest article carrying *those
   words*, pair by pair, by date read as a span of time
   (:mod:`simcompare.text.dates`). An article is earlier only when its span
   ends before the others begin: two articles dated the same day without a
   time of day, or at the same minute, are a ``tie``; an article without a
   (readable) date could be first (``undated``). Neither case is guessed.
5. **Clusters** (:mod:`simcompare.sources.clusters`, passim's "clusters"):
   witnesses of one passage carried by several articles, joined only where
   spans overlap substantially; each with its earliest article as probable
   source (passim's ``src``).
6. **Matrix** (outlet x outlet): the share of the row outlet's words inside
   passages aligned with an article of the column outlet, quotes and prose
   apart (two outlets quoting the same statement are not copying), and the
   words attributed to the column outlet.

Input problems that lose nothing (a missing outlet: counted as ``"unknown"``;
a missing or unreadable date: unknown; an empty text; with ``skip_bad``, a
record that could not be read) are reported per document in ``problems``.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np

from ..errors import EmptyTextError, InputError, ParameterError
from ..io.documents import Document
from ..passages.align import (
    DEFAULT_MAX_GAP,
    DEFAULT_MIN_WORDS,
    Tokens,
    align_tokens,
    check_options,
    tokens_of,
    words_in,
)
from ..passages.records import Passage
from ..text.credits import Names, find_credits, load_aliases
from ..text.dates import When, parse_date
from .attribution import Reach, outlet_coverage, provenance, with_credits
from .clusters import Edge, Node, passage_clusters, stock_phrases, witness_nodes
from .model import Article, Cell, PassageCluster, Problem, SharedPair, SourcesResult
from .stock import DEFAULT_STOCK_SHARE, frequent_masks, is_frequent, is_lone

__all__ = ["sources", "read_articles", "ALL_PAIRS_MAX_DOCS", "UNKNOWN"]

#: Up to this many articles every pair is aligned; beyond, only pairs sharing an anchor 5-gram.
ALL_PAIRS_MAX_DOCS = 100
#: The outlet of an article without one.
UNKNOWN = "unknown"


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------


def read_articles(docs: Any, *, id_field: str = "id", text_field: str = "text", encoding: str = "auto",
                  skip_bad: bool = False) -> tuple[list[Document], list[Problem]]:
    """The documents :func:`sources` compares, and the records skipped with ``skip_bad`` as its problems.

    Parameters
    ----------
    docs:
        As for :func:`sources`: paths, or documents (Document, dict) or a DataFrame.
    id_field, text_field, encoding, skip_bad:
        Reading options, as for :func:`~simcompare.io.readers.read_documents`.

    Returns
    -------
    tuple[list[Document], list[Problem]]

    Raises
    ------
    InputError
        For input that cannot be read, or a duplicate id.
    ParameterError
        For paths mixed with documents.

    Examples
    --------
    >>> docs, problems = read_articles([{"id": "a", "text": "One two.", "outlet": "Wire"}])
    >>> [d.id for d in docs], problems
    (['a'], [])
    """
    problems: list[Problem] = []
    from ..io.documents import documents_of
    from ..io.readers import read_documents

    if isinstance(docs, (str, os.PathLike)):
        docs = [docs]
    if type(docs).__name__ != "DataFrame":
        docs = list(docs)
        paths = [isinstance(d, (str, os.PathLike)) for d in docs]
        if any(paths):
            if not all(paths):
                raise ParameterError("sources() takes paths, or documents (Document or dict), not both")

            def skipped(error: InputError) -> None:
                where = error.path + (f":{error.line}" if error.line else "") if error.path else "input"
                problems.append(Problem(where, None, None, error.reason))

            return list(read_documents(docs, id_field=id_field, text_field=text_field, encoding=encoding,
                                       skip_bad=skip_bad, on_skip=skipped)), problems
    documents = list(documents_of(docs, id_field=id_field, text_field=text_field)())
    seen: dict[str, int] = {}
    for index, doc in enumerate(documents):
        if seen.setdefault(doc.id, index) != index:
            raise InputError(f"duplicate id {doc.id!r}: documents {seen[doc.id]} and {index}")
    return documents, problems


def _outlet_of(doc: Document, by: str, problems: list[Problem]) -> str:
    value = doc.meta.get(by)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        return str(value)
    value = None if value != value else value  # NaN: a missing value in a DataFrame
    got = f"no {by!r} field" if by not in doc.meta else f"{by!r} is {value!r}"
    problems.append(Problem(doc.id, by, value, f"{got}; counted as outlet {UNKNOWN!r}"))
    return UNKNOWN


def _date_of(doc: Document, date_field: str, problems: list[Problem]) -> When | None:
    value = doc.meta.get(date_field)
    value = None if value != value else value  # NaN, NaT: missing values in a DataFrame
    try:
        when = parse_date(value)
    except InputError as exc:
        problems.append(Problem(doc.id, date_field, value, f"{exc}; its date counts as unknown"))
        return None
    if when is None:
        got = f"no {date_field!r} field" if date_field not in doc.meta else f"{date_field!r} is empty"
        problems.append(Problem(doc.id, date_field, value, f"{got}; its date counts as unknown"))
    return when


def _tokens(doc: Document, problems: list[Problem]) -> Tokens | None:
    try:
        return tokens_of(doc.text, name=doc.id)
    except EmptyTextError:
        problems.append(Problem(doc.id, None, None, "the text has no words; it shares nothing"))
        return None


# --------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------


def _candidate_pairs(tokens: list[Tokens | None], texts: list[str]) -> tuple[list[tuple[int, int]], str]:
    """Pairs of articles worth aligning, and how they were found."""
    live = [i for i, t in enumerate(tokens) if t is not None]
    if len(live) <= ALL_PAIRS_MAX_DOCS:
        return list(combinations(live, 2)), "all_pairs"
    from ..sketch.anchors import anchor_pairs, anchors

    found, owners, _ = anchors([texts[i] for i in live], np.empty(0, dtype=np.uint64), offset=0)
    ci, cj, _ = anchor_pairs([found], [owners])
    return [(live[i], live[j]) for i, j in zip(ci.tolist(), cj.tolist())], "anchors"


def _word_range(tokens: Tokens, start: int, end: int) -> tuple[int, int]:
    """The words wholly inside ``[start, end)``: ``(first, last + 1)`` (as :func:`words_in` counts them)."""
    first = int(np.searchsorted(tokens.starts, start, side="left"))
    return first, max(first, int(np.searchsorted(tokens.ends, end, side="right")))


@dataclass(slots=True)
class _Shared:
    """A passage of an aligned pair with its word ranges in both articles, and whether it is stock."""

    pair: int
    i: int
    j: int
    passage: Passage
    wi: tuple[int, int]
    wj: tuple[int, int]
    stock: bool = False


def _shared(aligned: list[tuple[int, int, list[Passage]]], tokens: list[Tokens | None],
            masks: list[np.ndarray | None]) -> list[_Shared]:
    """Every aligned passage, marked stock when it is (:mod:`simcompare.sources.stock`)."""
    shared = []
    for k, (i, j, passages) in enumerate(aligned):
        mine = [_Shared(k, i, j, p, _word_range(tokens[i], p.a_start, p.a_end),
                        _word_range(tokens[j], p.b_start, p.b_end)) for p in passages]
        for x in mine:
            x.stock = is_frequent(x.passage.words, masks[i], x.wi, masks[j], x.wj)
        rest = sum(x.passage.words for x in mine if not x.stock)
        if is_lone(rest, len(tokens[i]), len(tokens[j])):
            for x in mine:  # a shared quotation stays one: quotes are counted apart anyway
                x.stock = x.stock or x.passage.kind == "prose"
        shared += mine
    return shared


def _reaches(shared: list[_Shared], n: int) -> tuple[list[list[Reach]], list[dict[int, int]]]:
    """Each article's reaches, and for each article and partner the partner's words their passages cover."""
    reaches: list[list[Reach]] = [[] for _ in range(n)]
    carried: list[dict[int, int]] = [defaultdict(int) for _ in range(n)]
    for number, x in enumerate(shared):
        kind = x.passage.kind
        reaches[x.i].append(Reach(*x.wi, x.j, kind, number, x.stock))
        reaches[x.j].append(Reach(*x.wj, x.i, kind, number, x.stock))
        if not x.stock:  # the passages of one pair never overlap: their words add up
            carried[x.i][x.j] += x.wj[1] - x.wj[0]
            carried[x.j][x.i] += x.wi[1] - x.wi[0]
    return reaches, carried


def _clustered(shared: list[_Shared], tokens: list[Tokens | None], pair_number: dict[int, int], *,
               stock: bool) -> tuple[list[Edge], list[Node], np.ndarray]:
    """The edges and witness nodes of the stock (or the other) passages."""
    edges = [Edge((x.i, x.passage.a_start, x.passage.a_end), (x.j, x.passage.b_start, x.passage.b_end),
                  x.passage.kind, pair_number.get(x.pair, -1)) for x in shared if x.stock == stock]
    nodes, node_of = witness_nodes(edges)
    for node in nodes:
        node.words = words_in(tokens[node.doc], node.start, node.end)
    return edges, nodes, node_of


def _matrix(articles: list[Article], coverage: list[dict[str, list[int]]], clusters: list[PassageCluster],
            outlet_names: list[str], outlet_of: dict[str, str]) -> list[list[Cell]]:
    """Outlet x outlet cells (see :class:`Cell`)."""
    column = {o: k for k, o in enumerate(outlet_names)}
    matrix = [[Cell() for _ in outlet_names] for _ in outlet_names]
    total = Counter()
    for a, covered in zip(articles, coverage):
        total[a.outlet] += a.words
        row = matrix[column[a.outlet]]
        for outlet, (prose, quote) in covered.items():
            row[column[outlet]].prose_words += prose
            row[column[outlet]].quote_words += quote
        for p in a.provenance:
            if p.role == "from":
                cell = row[column[p.outlet]]
                setattr(cell, f"from_{p.kind}_words", getattr(cell, f"from_{p.kind}_words") + p.words)
                if p.credited is not None:
                    field = "credited_words" if p.credited else "uncredited_words"
                    setattr(cell, field, getattr(cell, field) + p.words)
    for c in clusters:
        counted = set()  # a cluster counts once per pair of outlets
        for w in c.witnesses:
            counted |= {(w.outlet, x.outlet) for x in c.witnesses if x.id != w.id}
        for row_outlet, other in counted:
            matrix[column[row_outlet]][column[other]].clusters += 1
    for row, outlet in zip(matrix, outlet_names):
        for cell in row:
            cell.words = cell.prose_words + cell.quote_words
            words = total[outlet]
            cell.share, cell.prose_share, cell.quote_share = (
                (cell.words / words, cell.prose_words / words, cell.quote_words / words) if words else (0.0,) * 3)
    return matrix


def sources(
    docs: Any,
    *,
    by: str = "outlet",
    date_field: str = "date",
    min_words: int = DEFAULT_MIN_WORDS,
    max_gap: int = DEFAULT_MAX_GAP,
    id_field: str = "id",
    text_field: str = "text",
    encoding: str = "auto",
    skip_bad: bool = False,
    stock_share: float | None = DEFAULT_STOCK_SHARE,
    aliases: Mapping[str, Sequence[str] | str] | str | os.PathLike | None = None,
) -> SourcesResult:
    """Compare the articles of several outlets: shared passages, their probable sources, and who copies whom.

    Parameters
    ----------
    docs:
        Paths of files or directories (anything :func:`~simcompare.io.readers.read_documents`
        reads, manifests included), or documents: :class:`~simcompare.io.readers.Document`
        objects, dicts (with ``id_field``, ``text_field`` and the other fields), or
        a pandas DataFrame. A ``str`` is a path: a text alone has no outlet.
    by:
        The metadata field naming the outlet (any field works: ``"author"``, ``"site"``).
    date_field:
        The metadata field holding the publication date (see :mod:`simcompare.text.dates`).
    min_words, max_gap:
        Passage options, as for :func:`simcompare.align`.
    id_field, text_field, encoding, skip_bad:
        Reading options, as for :func:`~simcompare.io.readers.read_documents` (for
        paths; records skipped with ``skip_bad`` are reported in ``problems``).
    stock_share:
        How common wording must be to be stock: a word 5-gram in more than this
        share of the articles (and in at least 10) is (see
        :mod:`simcompare.sources.stock`); None: only the lone phrases two
        otherwise unrelated articles share are stock.
    aliases:
        More names outlets are credited by: outlet -> a name or a list of names,
        or the path of a JSON file holding that
        (:func:`simcompare.text.credits.load_aliases`). Besides them, an
        article's credits (datelines, credit lines, attributions:
        :func:`simcompare.text.credits.find_credits`) know the outlets of the
        corpus and the news agencies of
        :data:`simcompare.text.credits.AGENCIES`.

    Returns
    -------
    SourcesResult
        ``outlets`` (sorted, ``"unknown"`` last), ``matrix`` (``matrix[row][column]``
        is a :class:`Cell`), ``articles`` (each with its provenance), ``clusters``
        (most articles first), ``stock`` (the stock phrases, most articles first),
        ``pairs`` (the article pairs sharing passages that are not stock) and
        ``problems``; ``to_dict()`` gives the JSON.

    Raises
    ------
    InputError
        For input that cannot be read (a missing file, a bad record without
        ``skip_bad``, a duplicate id, an alias file that is not JSON mapping
        outlets to names).
    ParameterError
        For options out of range (``stock_share`` outside (0, 1)).

    Examples
    --------
    >>> wire = "The central bank raised its main interest rate by half a point on Thursday, citing inflation."
    >>> docs = [{"id": "w1", "outlet": "Wire", "date": "2024-05-02T09:00Z", "text": wire},
    ...         {"id": "p1", "outlet": "Paper", "date": "2024-05-02T11:30Z", "text": "Markets fell. " + wire}]
    >>> result = sources(docs, by="outlet")
    >>> c = result.clusters[0]
    >>> c.kind, c.source, c.source_status, [w.id for w in c.witnesses]
    ('prose', 'w1', 'earliest', ['w1', 'p1'])
    >>> [(p.role, p.source, round(p.share, 2)) for p in result.article("p1").provenance]
    [('from', 'w1', 0.89), ('unique', None, 0.11)]
    """
    check_options(min_words, max_gap)
    for name, value in (("by", by), ("date_field", date_field)):
        if not isinstance(value, str) or not value:
            raise ParameterError(f"{name} must be a field name, got {value!r}")
    if stock_share is not None and (isinstance(stock_share, bool) or not isinstance(stock_share, (int, float))
                                    or not 0.0 < stock_share < 1.0):
        raise ParameterError("stock_share must be a share between 0 and 1 (exclusive), or None for no "
                             f"frequency rule; got {stock_share!r}")
    if isinstance(aliases, (str, os.PathLike)):
        aliases = load_aliases(aliases)
    documents, problems = read_articles(docs, id_field=id_field, text_field=text_field, encoding=encoding,
                                        skip_bad=skip_bad)
    ids = [d.id for d in documents]
    outlets, dates, tokens = [], [], []
    for doc in documents:  # one document at a time: its problems together
        outlets.append(_outlet_of(doc, by, problems))
        dates.append(_date_of(doc, date_field, problems))
        tokens.append(_tokens(doc, problems))
    texts = [d.text for d in documents]
    candidates, method = _candidate_pairs(tokens, texts)
    aligned = _aligned(candidates, tokens, min_words=min_words, max_gap=max_gap)
    shared = _shared(aligned, tokens, frequent_masks(tokens, share=stock_share))
    evidence = sorted({x.pair for x in shared if not x.stock})
    pair_number = {k: number for number, k in enumerate(evidence)}

    outlet_names = sorted(set(outlets) - {UNKNOWN}, key=lambda o: (o.casefold(), o))
    outlet_names += [UNKNOWN] if UNKNOWN in outlets else []
    edges, nodes, node_of = _clustered(shared, tokens, pair_number, stock=False)
    clusters = passage_clusters(edges, nodes, node_of, ids=ids, texts=texts, outlets=outlets, dates=dates,
                                outlet_names=outlet_names)
    stock = stock_phrases(*_clustered(shared, tokens, pair_number, stock=True), ids=ids, texts=texts)
    reaches, carried = _reaches(shared, len(documents))
    names = Names.default().with_outlets(o for o in outlet_names if o != UNKNOWN).with_aliases(aliases or {})
    articles = _articles(documents, tokens, outlets, dates, reaches, carried, names)
    coverage = [outlet_coverage(r, outlets) for r in reaches]
    matrix = _matrix(articles, coverage, clusters, outlet_names, dict(zip(ids, outlets)))
    by_pair = defaultdict(list)
    for x in shared:
        if not x.stock:
            by_pair[x.pair].append(x.passage)
    pairs = [SharedPair(pair_number[k], ids[aligned[k][0]], ids[aligned[k][1]], by_pair[k]) for k in evidence]
    parameters = {"min_words": min_words, "max_gap": max_gap, "stock_share": stock_share,
                  "aliases": {k: [v] if isinstance(v, str) else list(v) for k, v in aliases.items()} if aliases
                  else None, "candidates": method, "candidate_pairs": len(candidates)}
    return SourcesResult(by, date_field, parameters, outlet_names, matrix, articles, clusters, pairs, problems,
                         stock)


def _aligned(candidates: list[tuple[int, int]], tokens: list[Tokens | None], *, min_words: int, max_gap: int
             ) -> list[tuple[int, int, list[Passage]]]:
    """The candidate pairs that share passages, with their passages."""
    aligned = []
    for i, j in candidates:
        passages = align_tokens(tokens[i], tokens[j], min_words=min_words, max_gap=max_gap)
        if passages:
            aligned.append((i, j, passages))
    return aligned


def _articles(documents: list[Document], tokens: list[Tokens | None], outlets: list[str],
              dates: list[When | None], reaches: list[list[Reach]], carried: list[dict[int, int]], names: Names
              ) -> list[Article]:
    """Every input article with its provenance and the sources it names."""
    ids = [d.id for d in documents]
    outlet_of = dict(zip(ids, outlets))
    articles = []
    for k, doc in enumerate(documents):
        words = len(tokens[k]) if tokens[k] is not None else 0
        shares = {(k, other): n / len(tokens[other]) for other, n in carried[k].items()}
        parts = provenance(k, reaches[k], words, dates=dates, ids=ids, outlets=outlets, carried=shares)
        # An article naming its own outlet ("told the BBC" in the BBC's story) credits no source.
        credits = [c for c in (find_credits(doc.text, names=names) if words else [])
                   if outlets[k] == UNKNOWN or not names.same(c.name, outlets[k])]
        articles.append(Article(ids[k], outlets[k], dates[k], words, len(doc.text),
                                with_credits(parts, credits, names, outlet_of=outlet_of), doc.text,
                                [c.to_dict() for c in credits]))
    return articles
