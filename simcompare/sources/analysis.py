"""Source comparison: which outlets carry which passages, and who had them first.

For a set of articles from several outlets (each with an outlet and a date):

1. **Candidate pairs**: every pair of articles, up to ``ALL_PAIRS_MAX_DOCS``
   articles; beyond that, the pairs sharing a rare word 5-gram anchor, found
   by the same code as ``dedup(mode="reuse")`` (passages of 20 words or more
   are found with 99 % probability, shorter ones by chance).
2. **Passages**: each pair is aligned with :func:`simcompare.align`; a passage
   is a *quote* when it lies mostly inside quotation marks in both articles.
3. **Clusters** (passim's "clusters"): every passage joins its span in one
   article (a *witness*) to its span in the other; spans that overlap within
   one article merge into one witness; a cluster is a connected set of
   witnesses, so a passage carried by five articles is one cluster of five
   witnesses. A cluster is a quote when every passage joining it is one.
4. **Probable source** (passim's ``src``): the earliest article of each
   cluster by its date, read as a span of time (:mod:`simcompare.text.dates`). An
   article is earlier only when its span ends before the others begin: two
   articles dated the same day without a time of day, or at the same minute,
   are a ``tie``; an article without a (readable) date could be first, so its
   clusters are ``undated``. Neither case is guessed.
5. **Matrix** (outlet x outlet) and **provenance** (per article), quotes and
   prose counted apart, so two outlets quoting the same statement show as
   shared quotes, not as copying.

Input problems that lose nothing (a missing outlet: counted as ``"unknown"``;
a missing or unreadable date: unknown; an empty text; with ``skip_bad``, a
record that could not be read) are reported per document in ``problems``.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
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
from ..text.dates import When, parse_date
from .model import Article, Cell, Part, PassageCluster, Problem, SharedPair, SourcesResult, Witness

__all__ = ["sources", "ALL_PAIRS_MAX_DOCS", "UNKNOWN"]

#: Up to this many articles every pair is aligned; beyond, only pairs sharing an anchor 5-gram.
ALL_PAIRS_MAX_DOCS = 100
#: The outlet of an article without one.
UNKNOWN = "unknown"


# --------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------


def _read(docs, *, id_field, text_field, encoding, skip_bad, problems: list[Problem]) -> list[Document]:
    """Documents from paths (via read_documents) or from Documents, dicts and DataFrames."""
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
                                       skip_bad=skip_bad, on_skip=skipped))
    documents = list(documents_of(docs, id_field=id_field, text_field=text_field)())
    seen: dict[str, int] = {}
    for index, doc in enumerate(documents):
        if seen.setdefault(doc.id, index) != index:
            raise InputError(f"duplicate id {doc.id!r}: documents {seen[doc.id]} and {index}")
    return documents


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


@dataclass(slots=True)
class _Node:
    """A witness under construction: a merged span of one article."""

    doc: int
    start: int
    end: int
    words: int = 0


def _witness_nodes(
    pairs: list[tuple[int, int, list[Passage]]],
) -> tuple[list[_Node], np.ndarray, list[tuple[str, int]]]:
    """Merge the passage ends of each article into nodes; return the nodes, the
    node of each passage end (two per passage: a then b), and each passage's
    kind and pair number."""
    ends_by_doc: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    edges: list[tuple[str, int]] = []
    for k, (i, j, passages) in enumerate(pairs):
        for p in passages:
            edge = len(edges)
            edges.append((p.kind, k))
            ends_by_doc[i].append((p.a_start, p.a_end, 2 * edge))
            ends_by_doc[j].append((p.b_start, p.b_end, 2 * edge + 1))
    node_of = np.zeros(2 * len(edges), dtype=np.int64)
    nodes: list[_Node] = []
    for doc in sorted(ends_by_doc):
        current = None
        for start, end, end_id in sorted(ends_by_doc[doc]):
            if current is None or start >= current.end:
                current = _Node(doc, start, end)
                nodes.append(current)
            current.end = max(current.end, end)
            node_of[end_id] = len(nodes) - 1
    return nodes, node_of, edges


def _earliest(docs: list[int], dates: list[When | None], ids: list[str]) -> tuple[str, list[int], str | None]:
    """(status, possible first articles, reason) for the articles of one cluster."""
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


def _clusters(nodes: list[_Node], node_of: np.ndarray, edges: list[tuple[str, int]], documents: list[Document],
              outlets: list[str], dates: list[When | None], outlet_names: list[str],
              ) -> tuple[list[PassageCluster], list[int]]:
    """The connected sets of nodes as clusters, most articles first; and each node's cluster."""
    from ..sketch.cluster import connected_components

    ids = [d.id for d in documents]
    labels = connected_components(len(nodes), node_of[0::2], node_of[1::2])
    members: dict[int, list[int]] = defaultdict(list)
    for n, label in enumerate(labels.tolist()):
        members[label].append(n)
    quote_only: dict[int, bool] = defaultdict(lambda: True)
    pairs_of: dict[int, set] = defaultdict(set)
    for edge, (kind, pair) in enumerate(edges):
        label = int(labels[node_of[2 * edge]])
        quote_only[label] &= kind == "quote"
        pairs_of[label].add(pair)

    def order(label: int) -> tuple:
        group = members[label]
        return (-len({nodes[n].doc for n in group}), -max(nodes[n].words for n in group),
                min((nodes[n].doc, nodes[n].start) for n in group))

    def earliest_first(n: int) -> tuple:
        d = dates[nodes[n].doc]
        return (d is None, d.start if d else 0, nodes[n].doc, nodes[n].start)

    clusters: list[PassageCluster] = []
    cluster_of_node = [0] * len(nodes)
    for label in sorted(members, key=order):
        group = members[label]
        docs_in = sorted({nodes[n].doc for n in group})
        status, possible, reason = _earliest(docs_in, dates, ids)
        witnesses = [
            Witness(ids[node.doc], outlets[node.doc], dates[node.doc].iso if dates[node.doc] else None,
                    node.start, node.end, node.words, documents[node.doc].text[node.start:node.end])
            for node in (nodes[n] for n in sorted(group, key=earliest_first))
        ]
        for n in group:
            cluster_of_node[n] = len(clusters)
        clusters.append(PassageCluster(
            cluster=len(clusters),
            kind="quote" if quote_only[label] else "prose",
            outlets=[o for o in outlet_names if o in {outlets[d] for d in docs_in}],
            source=ids[possible[0]] if status == "earliest" else None,
            source_status=status,
            possible_sources=[ids[d] for d in possible],
            reason=reason,
            witnesses=witnesses,
            pairs=sorted(pairs_of[label]),
        ))
    return clusters, cluster_of_node


def _matrix(clusters: list[PassageCluster], outlet_names: list[str], outlet_words: Counter,
            outlet_of: dict[str, str]) -> list[list[Cell]]:
    """Outlet x outlet cells from the clusters' witnesses (see :class:`Cell`)."""
    column = {o: k for k, o in enumerate(outlet_names)}
    matrix = [[Cell() for _ in outlet_names] for _ in outlet_names]
    for c in clusters:
        counted = set()
        for w in c.witnesses:
            row = matrix[column[w.outlet]]
            for other in {x.outlet for x in c.witnesses if x.id != w.id}:
                cell = row[column[other]]
                setattr(cell, f"{c.kind}_words", getattr(cell, f"{c.kind}_words") + w.words)
                if (w.outlet, other) not in counted:  # a cluster counts once per pair of outlets
                    counted.add((w.outlet, other))
                    cell.clusters += 1
            if c.source is not None and c.source != w.id:
                cell = row[column[outlet_of[c.source]]]
                setattr(cell, f"from_{c.kind}_words", getattr(cell, f"from_{c.kind}_words") + w.words)
    for row, outlet in zip(matrix, outlet_names):
        total = outlet_words[outlet]
        for cell in row:
            cell.prose_share = cell.prose_words / total if total else 0.0
            cell.quote_share = cell.quote_words / total if total else 0.0
    return matrix


def _provenance(article: int, own_nodes: list[_Node], own_clusters: list[PassageCluster], total_words: int,
                ids: list[str], index: dict[str, int], outlets: list[str], dates: list[When | None]) -> list[Part]:
    """The parts of one article: its witnesses grouped by role, kind and source, then the rest."""
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for node, c in zip(own_nodes, own_clusters):
        if c.source is None:
            key = ("undetermined", c.kind, tuple(c.possible_sources))
        elif c.source == ids[article]:
            key = ("first", c.kind, None)
        else:
            key = ("from", c.kind, c.source)
        groups[key][0] += node.words
        groups[key][1] += 1
    share = (lambda w: w / total_words) if total_words else (lambda w: 0.0)
    order = {"from": 0, "first": 1, "undetermined": 2}
    parts = []
    for (role, kind, other), (words, count) in sorted(groups.items(), key=lambda g: (order[g[0][0]], -g[1][0])):
        if role == "from":
            source = index[other]
            parts.append(Part(role, kind, words, share(words), count, other, outlets[source],
                              dates[source].iso if dates[source] else None))
        else:
            parts.append(Part(role, kind, words, share(words), count,
                              possible_sources=list(other) if other else []))
    unique = total_words - sum(p.words for p in parts)
    parts.append(Part("unique", None, unique, share(unique), 0))
    return parts


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

    Returns
    -------
    SourcesResult
        ``outlets`` (sorted, ``"unknown"`` last), ``matrix`` (``matrix[row][column]``
        is a :class:`Cell`), ``articles`` (each with its provenance), ``clusters``
        (most articles first), ``pairs`` (the aligned article pairs) and
        ``problems``; ``to_dict()`` gives the JSON.

    Raises
    ------
    InputError
        For input that cannot be read (a missing file, a bad record without
        ``skip_bad``, a duplicate id).
    ParameterError
        For options out of range.

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
    problems: list[Problem] = []
    documents = _read(docs, id_field=id_field, text_field=text_field, encoding=encoding, skip_bad=skip_bad,
                      problems=problems)
    ids = [d.id for d in documents]
    outlets, dates, tokens = [], [], []
    for doc in documents:  # one document at a time: its problems together
        outlets.append(_outlet_of(doc, by, problems))
        dates.append(_date_of(doc, date_field, problems))
        tokens.append(_tokens(doc, problems))
    candidates, method = _candidate_pairs(tokens, [d.text for d in documents])
    aligned = _aligned(candidates, tokens, min_words=min_words, max_gap=max_gap)

    nodes, node_of, edges = _witness_nodes(aligned)
    for node in nodes:
        node.words = words_in(tokens[node.doc], node.start, node.end)
    outlet_names = sorted(set(outlets) - {UNKNOWN}, key=lambda o: (o.casefold(), o))
    outlet_names += [UNKNOWN] if UNKNOWN in outlets else []
    clusters, cluster_of_node = _clusters(nodes, node_of, edges, documents, outlets, dates, outlet_names)
    outlet_words = Counter()
    for outlet, t in zip(outlets, tokens):
        outlet_words[outlet] += len(t) if t is not None else 0
    matrix = _matrix(clusters, outlet_names, outlet_words, dict(zip(ids, outlets)))
    articles = _articles(documents, tokens, outlets, dates, nodes, [clusters[c] for c in cluster_of_node])
    pairs = [SharedPair(k, ids[i], ids[j], passages) for k, (i, j, passages) in enumerate(aligned)]
    parameters = {"min_words": min_words, "max_gap": max_gap, "candidates": method,
                  "candidate_pairs": len(candidates)}
    return SourcesResult(by, date_field, parameters, outlet_names, matrix, articles, clusters, pairs, problems)


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
              dates: list[When | None], nodes: list[_Node], node_clusters: list[PassageCluster]) -> list[Article]:
    """Every input article with its provenance (``node_clusters``: the cluster of each node)."""
    ids = [d.id for d in documents]
    index = {doc_id: k for k, doc_id in enumerate(ids)}
    nodes_of: dict[int, list[int]] = defaultdict(list)
    for n, node in enumerate(nodes):
        nodes_of[node.doc].append(n)
    articles = []
    for k, doc in enumerate(documents):
        words = len(tokens[k]) if tokens[k] is not None else 0
        own = nodes_of[k]
        parts = _provenance(k, [nodes[n] for n in own], [node_clusters[n] for n in own], words,
                            ids, index, outlets, dates)
        articles.append(Article(ids[k], outlets[k], dates[k], words, len(doc.text), parts, doc.text))
    return articles
