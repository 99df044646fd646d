"""Passage clusters (passim's "clusters"): a passage and every article that carries it.

Every passage joins its span in one article (a *witness*) to its span in the
other. Within one article, two spans join into one witness only when they
overlap by at least ``OVERLAP`` of the shorter one: the same words carried to
two articles. A span that merely touches or overlaps a little (a short phrase
at the edge of a story, a stock line inside it) stays a witness of its own,
so one short phrase cannot chain two stories into one cluster. A cluster is a
connected set of witnesses; it is a quote when every passage joining it is one;
its probable source is its earliest article
(:func:`simcompare.sources.attribution.earliest`).

Stock passages (:mod:`simcompare.sources.stock`) are grouped the same way
into :class:`~simcompare.sources.model.StockPhrase` records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from ..text.dates import When
from .attribution import earliest
from .model import PassageCluster, StockPhrase, Witness

__all__ = ["OVERLAP", "Node", "Edge", "merge_spans", "witness_nodes", "passage_clusters", "stock_phrases"]

#: Two spans of one article are one witness when they overlap by at least this share of the shorter.
OVERLAP = 0.5


@dataclass(slots=True)
class Node:
    """A witness under construction: a merged span of one article."""

    doc: int
    start: int
    end: int
    words: int = 0


@dataclass(frozen=True, slots=True)
class Edge:
    """A passage between ``(doc_a, start_a, end_a)`` and ``(doc_b, start_b, end_b)``, of ``kind``, from ``pair``."""

    a: tuple[int, int, int]
    b: tuple[int, int, int]
    kind: str
    pair: int


def _substantial(s1: int, e1: int, s2: int, e2: int) -> bool:
    overlap = min(e1, e2) - max(s1, s2)
    return overlap > 0 and overlap >= OVERLAP * min(e1 - s1, e2 - s2)


def merge_spans(spans: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[int]]:
    """Merge the spans of one article that overlap substantially (transitively, until none do).

    Parameters
    ----------
    spans:
        ``(start, end)`` each, any order.

    Returns
    -------
    (merged, group)
        The merged spans in order of start, and for each input span the index of its merged span.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> merge_spans([(0, 100), (95, 120), (10, 60), (98, 118)])
    ([(0, 100), (95, 120)], [0, 1, 0, 1])
    """
    parent = list(range(len(spans)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    merged = {k: s for k, s in enumerate(spans)}
    changed = True
    while changed:
        changed = False
        keys = sorted(merged, key=lambda k: merged[k])
        active: list[int] = []
        for k in keys:
            start, end = merged[k]
            active = [h for h in active if merged[h][1] > start]
            into = next((h for h in active if _substantial(*merged[h], start, end)), None)
            if into is None:
                active.append(k)
                continue
            merged[into] = (min(merged[into][0], start), max(merged[into][1], end))
            del merged[k]
            parent[k] = into
            changed = True
    order = sorted(merged, key=lambda k: merged[k])
    rank = {k: r for r, k in enumerate(order)}
    return [merged[k] for k in order], [rank[root(k)] for k in range(len(spans))]


def witness_nodes(edges: list[Edge]) -> tuple[list[Node], np.ndarray]:
    """The witnesses of the ``edges`` and the node of each passage end (two per edge: a then b).

    Parameters
    ----------
    edges:
        The passages.

    Returns
    -------
    (nodes, node_of)
        Nodes by article, then start; ``node_of[2 * e]`` and ``node_of[2 * e + 1]``
        are the nodes of edge ``e``'s two ends.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> nodes, node_of = witness_nodes([Edge((0, 0, 50), (1, 0, 50), "prose", 0),
    ...                                 Edge((0, 45, 65), (2, 0, 20), "prose", 1)])
    >>> [(n.doc, n.start, n.end) for n in nodes], node_of.tolist()
    ([(0, 0, 50), (0, 45, 65), (1, 0, 50), (2, 0, 20)], [0, 2, 1, 3])
    """
    ends_by_doc: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for e, edge in enumerate(edges):
        for side, (doc, start, end) in enumerate((edge.a, edge.b)):
            ends_by_doc[doc].append((start, end, 2 * e + side))
    node_of = np.zeros(2 * len(edges), dtype=np.int64)
    nodes: list[Node] = []
    for doc in sorted(ends_by_doc):
        ends = ends_by_doc[doc]
        merged, group = merge_spans([(s, e) for s, e, _ in ends])
        first = len(nodes)
        nodes += [Node(doc, s, e) for s, e in merged]
        for (_, _, end_id), g in zip(ends, group):
            node_of[end_id] = first + g
    return nodes, node_of


def _components(nodes: list[Node], node_of: np.ndarray) -> dict[int, list[int]]:
    from ..sketch.cluster import connected_components

    labels = connected_components(len(nodes), node_of[0::2], node_of[1::2])
    members: dict[int, list[int]] = defaultdict(list)
    for n, label in enumerate(labels.tolist()):
        members[label].append(n)
    return members


def passage_clusters(edges: list[Edge], nodes: list[Node], node_of: np.ndarray, *, ids: list[str],
                     texts: list[str], outlets: list[str], dates: list[When | None], outlet_names: list[str],
                     ) -> list[PassageCluster]:
    """The connected sets of witnesses as clusters, most articles first.

    Parameters
    ----------
    edges, nodes, node_of:
        The passages and :func:`witness_nodes` of them (nodes with their ``words`` set).
    ids, texts, outlets, dates:
        Every article's id, text, outlet and date.
    outlet_names:
        The outlets in the order of the result.

    Returns
    -------
    list[PassageCluster]

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> edges = [Edge((0, 0, 5), (1, 0, 5), "prose", 0)]
    >>> nodes, node_of = witness_nodes(edges)
    >>> [c.source for c in passage_clusters(edges, nodes, node_of, ids=["a", "b"], texts=["Hello"] * 2,
    ...                                     outlets=["A", "B"], dates=[None, None], outlet_names=["A", "B"])]
    [None]
    """
    members = _components(nodes, node_of)
    label_of = {n: label for label, group in members.items() for n in group}
    quote_only: dict[int, bool] = defaultdict(lambda: True)
    pairs_of: dict[int, set] = defaultdict(set)
    for e, edge in enumerate(edges):
        label = label_of[int(node_of[2 * e])]
        quote_only[label] &= edge.kind == "quote"
        pairs_of[label].add(edge.pair)

    def order(label: int) -> tuple:
        group = members[label]
        return (-len({nodes[n].doc for n in group}), -max(nodes[n].words for n in group),
                min((nodes[n].doc, nodes[n].start) for n in group))

    def earliest_first(n: int) -> tuple:
        d = dates[nodes[n].doc]
        return (d is None, d.start if d else 0, nodes[n].doc, nodes[n].start)

    clusters: list[PassageCluster] = []
    for label in sorted(members, key=order):
        group = members[label]
        docs_in = sorted({nodes[n].doc for n in group})
        status, possible, reason = earliest(docs_in, dates, ids)
        witnesses = [
            Witness(ids[node.doc], outlets[node.doc], dates[node.doc].iso if dates[node.doc] else None,
                    node.start, node.end, node.words, texts[node.doc][node.start:node.end])
            for node in (nodes[n] for n in sorted(group, key=earliest_first))
        ]
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
    return clusters


def stock_phrases(edges: list[Edge], nodes: list[Node], node_of: np.ndarray, *, ids: list[str],
                  texts: list[str]) -> list[StockPhrase]:
    """The stock passages grouped like clusters: one record per phrase, most articles first.

    Parameters
    ----------
    edges, nodes, node_of:
        The stock passages and :func:`witness_nodes` of them (nodes with their ``words`` set).
    ids, texts:
        Every article's id and text.

    Returns
    -------
    list[StockPhrase]
        ``phrase`` is the shortest witness (the wording they all carry, with the least around it).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> text = "He said in a statement on Monday"
    >>> edges = [Edge((0, 3, 22), (1, 3, 22), "prose", 0)]
    >>> nodes, node_of = witness_nodes(edges)
    >>> [(s.phrase, s.documents) for s in stock_phrases(edges, nodes, node_of, ids=["a", "b"], texts=[text] * 2)]
    [('said in a statement', ['a', 'b'])]
    """
    position = {doc_id: k for k, doc_id in enumerate(ids)}
    found = []
    for group in _components(nodes, node_of).values():
        group = sorted(group, key=lambda n: (nodes[n].doc, nodes[n].start))
        shortest = min(group, key=lambda n: (nodes[n].end - nodes[n].start, nodes[n].doc))
        node = nodes[shortest]
        found.append(StockPhrase(
            phrase=texts[node.doc][node.start:node.end],
            words=node.words,
            documents=sorted({ids[nodes[n].doc] for n in group}, key=position.__getitem__),
            witnesses=[{"id": ids[nodes[n].doc], "start": nodes[n].start, "end": nodes[n].end} for n in group],
        ))
    found.sort(key=lambda s: (-len(s.documents), s.phrase))
    return found
