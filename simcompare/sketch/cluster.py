"""Groups of near-duplicates: connected components of the candidate-pair graph.

Public API
----------
connected_components(n, i, j) -> labels   one int64 label per node: the smallest index in its component
clusters(labels) -> list of arrays         members of every component of two or more nodes

Labels are deterministic: they depend only on which nodes are connected,
never on the order of the edges, so the same pairs give the same groups in
every run and engine.

>>> import numpy as np
>>> labels = connected_components(6, np.array([4, 1, 2]), np.array([1, 3, 3]))
>>> labels.tolist()
[0, 1, 1, 1, 1, 5]
>>> [c.tolist() for c in clusters(labels)]
[[1, 2, 3, 4]]
"""

from __future__ import annotations

import numpy as np

from .._core import connected_components as core_components
from ..errors import ParameterError

__all__ = ["connected_components", "clusters"]


def connected_components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Label every node ``0..n-1`` with the smallest node index of its component.

    Union-find over the edges ``(i[k], j[k])``, compiled with numba (see
    :func:`simcompare._core.connected_components`, whose engine
    ``SIMCOMPARE_ENGINE`` picks): the root
    of each set is always its smallest member, so the final labels come out
    of one pass over the nodes in increasing order, and a node without edges
    is its own label.

    Parameters
    ----------
    n:
        Number of nodes (rows of the signature matrix), >= 0.
    i, j:
        Integer arrays of equal length, the edges' endpoints, each in ``[0, n)``;
        e.g. :class:`simcompare.sketch.lsh.CandidatePairs` ``.i`` and ``.j``, or the
        verified subset of them. Order, repeats and self-loops do not matter.

    Returns
    -------
    numpy.ndarray
        int64 labels of shape ``(n,)``; ``labels[x] <= x``, with equality exactly
        for the smallest member of each component.

    Raises
    ------
    ParameterError
        If ``n`` is not an int >= 0, ``i`` and ``j`` differ in shape or are not
        integers, or an endpoint is outside ``[0, n)``.

    Examples
    --------
    >>> connected_components(4, np.array([3]), np.array([1])).tolist()
    [0, 1, 2, 1]
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ParameterError(f"n must be an int >= 0, got {n!r}")
    n = int(n)
    i = _check_edges("i", i)
    j = _check_edges("j", j)
    if i.shape != j.shape:
        raise ParameterError(f"i and j must have the same length, got {len(i)} and {len(j)}")
    for name, ends in (("i", i), ("j", j)):
        if len(ends) and (ends.min() < 0 or ends.max() >= n):
            bad = ends[(ends < 0) | (ends >= n)][0]
            raise ParameterError(f"{name} must be in [0, {n}), got {bad}")
    return core_components(n, i, j)


def clusters(labels: np.ndarray) -> list[np.ndarray]:
    """Members of each component with at least two members.

    Parameters
    ----------
    labels:
        One integer label per node, e.g. from :func:`connected_components`;
        nodes with equal labels are in the same component.

    Returns
    -------
    list of numpy.ndarray
        One int64 array per component of two or more nodes, its members in
        increasing order; the list ordered by each component's first member.

    Raises
    ------
    ParameterError
        If ``labels`` is not a 1-D integer array.

    Examples
    --------
    >>> [c.tolist() for c in clusters(np.array([0, 1, 0, 3, 1, 5]))]
    [[0, 2], [1, 4]]
    """
    labels = np.asarray(labels)
    if labels.ndim != 1 or (labels.dtype.kind not in "iu" and labels.size):
        raise ParameterError(f"labels must be a 1-D integer array, got {labels.dtype} of shape {labels.shape}")
    if labels.size == 0:
        return []
    # stable: members of a component stay in increasing order
    order = np.argsort(labels, kind="stable")
    ordered = labels[order]
    new_group = np.empty(len(order), dtype=bool)
    new_group[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new_group[1:])
    starts = np.flatnonzero(new_group)
    lengths = np.diff(starts, append=len(order))
    starts, lengths = starts[lengths >= 2], lengths[lengths >= 2]
    # for labels from connected_components, label order is first-member order
    # already; any other labelling gets sorted by first member here
    by_first = np.argsort(order[starts], kind="stable")
    return [order[starts[g] : starts[g] + lengths[g]] for g in by_first.tolist()]


def _check_edges(name: str, ends: object) -> np.ndarray:
    ends = np.asarray(ends)
    if ends.ndim != 1:
        raise ParameterError(f"{name} must be a 1-D integer array, got shape {ends.shape}")
    if ends.dtype.kind not in "iu":
        if ends.size:  # an empty list arrives as float64: harmless
            raise ParameterError(f"{name} must be an integer array, got {ends.dtype}")
    if ends.dtype == np.uint64 and ends.size and ends.max() > np.iinfo(np.int64).max:
        raise ParameterError(f"{name} must be below 2**63, got {ends.max()}")
    return np.ascontiguousarray(ends, dtype=np.int64)
