"""Connected components of an edge list that lives on a Dask cluster.

Large-star / small-star (Kiveris et al., "Connected Components in MapReduce
and Beyond", SoCC 2014): each step is one shuffle of the edges by node and a
sort within each partition, so no node's edges, and no part of the graph, ever
has to be on one machine beyond a partition. The steps alternate until neither
changes an edge; then every component is a star whose centre is its smallest
node, which is the label :func:`simcompare.sketch.cluster.connected_components` gives.
The number of rounds grows with the logarithm of the component sizes (two or
three for clusters of near-duplicate articles).

>>> import pandas as pd, dask.dataframe as dd  # doctest: +SKIP
>>> edges = dd.from_pandas(pd.DataFrame({"a": [4, 1, 2], "b": [1, 3, 3]}), npartitions=2)  # doctest: +SKIP
>>> labels(edges).compute().sort_values("node").values.tolist()  # doctest: +SKIP
[[1, 1], [2, 1], [3, 1], [4, 1]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ...errors import EngineError

__all__ = ["labels", "MAX_ROUNDS"]

# Far above what any real graph needs (a path of a million nodes takes under 40).
MAX_ROUNDS = 200
_EDGES = {"a": "i8", "b": "i8", "changed": "bool"}
_MESSAGES = {"u": "i8", "v": "i8"}


def labels(edges, *, npartitions: int | None = None, shuffle_method: str | None = None):
    """``(node, label)`` for every node of ``edges``, the label being the
    smallest node of its component; a node may come more than once.

    Parameters
    ----------
    edges:
        A dask DataFrame with int64 columns ``a`` and ``b``, one row per edge;
        order, repeats and self-loops do not matter.
    npartitions:
        Partitions of every shuffle; default: those of ``edges``.
    shuffle_method:
        Passed to ``DataFrame.shuffle`` ("tasks" or "p2p"; default: Dask's).

    Returns
    -------
    dask DataFrame
        Columns ``node`` and ``label`` (int64), persisted.

    Raises
    ------
    EngineError
        If the steps have not settled after ``MAX_ROUNDS`` rounds.
    """
    npartitions = npartitions or edges.npartitions
    shuffle = dict(npartitions=npartitions, shuffle_method=shuffle_method)
    current = edges[["a", "b"]]
    for _ in range(MAX_ROUNDS):
        large = _step(current, _large_star_messages, _large_star, shuffle).persist()
        small = _step(large, _small_star_messages, _small_star, shuffle).persist()
        changed = int((large["changed"].sum() + small["changed"].sum()).compute())
        current = small[["a", "b"]]
        if changed == 0:
            return current.map_partitions(_star_labels, meta=_empty({"node": "i8", "label": "i8"})).persist()
    raise EngineError(f"connected components: not settled after {MAX_ROUNDS} rounds of large/small star")


def _step(edges, messages, reduce, shuffle: dict):
    sent = edges.map_partitions(messages, meta=_empty(_MESSAGES))
    return sent.shuffle(on="u", **shuffle).map_partitions(reduce, meta=_empty(_EDGES))


def _large_star_messages(edges: pd.DataFrame) -> pd.DataFrame:
    a, b = edges["a"].to_numpy(np.int64), edges["b"].to_numpy(np.int64)
    real = a != b
    a, b = a[real], b[real]
    return pd.DataFrame({"u": np.concatenate((a, b)), "v": np.concatenate((b, a))})


def _small_star_messages(edges: pd.DataFrame) -> pd.DataFrame:
    a, b = edges["a"].to_numpy(np.int64), edges["b"].to_numpy(np.int64)
    real = a != b
    return pd.DataFrame({"u": np.maximum(a, b)[real], "v": np.minimum(a, b)[real]})


def _groups(messages: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The distinct messages sorted by (u, v), the start of each u's run, and its length."""
    u, v = messages["u"].to_numpy(np.int64), messages["v"].to_numpy(np.int64)
    order = np.lexsort((v, u))
    u, v = u[order], v[order]
    distinct = np.ones(len(u), dtype=bool)
    distinct[1:] = (u[1:] != u[:-1]) | (v[1:] != v[:-1])
    u, v = u[distinct], v[distinct]
    starts = np.flatnonzero(np.concatenate(([True], u[1:] != u[:-1]))) if len(u) else np.empty(0, np.int64)
    return u, v, starts, np.diff(starts, append=len(u))


def _large_star(messages: pd.DataFrame) -> pd.DataFrame:
    """Each node links its larger neighbours to the smallest of it and its neighbours."""
    u, v, starts, counts = _groups(messages)
    if not len(u):
        return _no_edges()
    # v is sorted within each run: its first value is the run's smallest neighbour
    smallest = np.repeat(np.minimum(u[starts], v[starts]), counts)
    larger = v > u
    return pd.DataFrame({"a": v[larger], "b": smallest[larger], "changed": (smallest != u)[larger]})


def _small_star(messages: pd.DataFrame) -> pd.DataFrame:
    """Each node and its smaller neighbours are linked to the smallest of them."""
    u, v, starts, counts = _groups(messages)
    if not len(u):
        return _no_edges()
    smallest = v[starts]
    several = counts >= 2
    per_row = np.repeat(smallest, counts)
    others = v != per_row
    return pd.DataFrame({
        "a": np.concatenate((v[others], u[starts])),
        "b": np.concatenate((per_row[others], smallest)),
        "changed": np.concatenate((np.repeat(several, counts)[others], several)),
    })


def _star_labels(edges: pd.DataFrame) -> pd.DataFrame:
    """Settled edges link each node to its component's smallest node."""
    a, b = edges["a"].to_numpy(np.int64), edges["b"].to_numpy(np.int64)
    return pd.DataFrame({"node": np.concatenate((a, b)), "label": np.concatenate((b, b))})


def _no_edges() -> pd.DataFrame:
    return _empty(_EDGES)


def _empty(columns: dict) -> pd.DataFrame:
    """An empty frame with these columns (and a plain index: Dask's metadata must say so)."""
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})
