from collections import defaultdict, deque

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from simcompare import ParameterError, _core
from simcompare.sketch.cluster import clusters, connected_components

ENGINES = ["fast", "reference"]


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch):
    """Run the test under one engine, then check that connected_components really ran on it."""
    monkeypatch.setenv("SIMCOMPARE_ENGINE", request.param)
    _core.reset_engine_counts()
    yield request.param
    counts = _core.engine_counts()["connected_components"]
    ran, other = ("compiled", "reference") if request.param == "fast" else ("reference", "compiled")
    assert counts[ran] > 0 and counts[other] == 0 and counts["fallback"] == 0, counts


def fast(n, i, j):
    return _core.connected_components(n, i, j, engine="fast")


def reference(n, i, j):
    return _core.connected_components(n, i, j, engine="reference")


def components_by_search(n, edges):
    """Breadth-first search: an oracle independent of union-find."""
    neighbours = defaultdict(list)
    for a, b in edges:
        neighbours[a].append(b)
        neighbours[b].append(a)
    labels = [-1] * n
    for start in range(n):  # increasing, so the first node reached is the smallest
        if labels[start] >= 0:
            continue
        labels[start] = start
        queue = deque([start])
        while queue:
            for other in neighbours[queue.popleft()]:
                if labels[other] < 0:
                    labels[other] = start
                    queue.append(other)
    return labels


def arrays(edges):
    i = np.array([a for a, _ in edges], dtype=np.int64)
    j = np.array([b for _, b in edges], dtype=np.int64)
    return i, j


def test_hand_cases(engine):
    labels = connected_components(7, *arrays([(5, 2), (2, 6), (3, 4), (4, 3), (1, 1)]))
    assert labels.tolist() == [0, 1, 2, 3, 3, 2, 2]
    assert labels.dtype == np.int64
    assert [c.tolist() for c in clusters(labels)] == [[2, 5, 6], [3, 4]]


def test_chain_joined_from_the_far_end(engine):
    # edges arrive so that large roots form first and are then joined from below
    edges = [(k, k + 1) for k in range(98, 0, -1)] + [(0, 99)]
    assert connected_components(100, *arrays(edges)).tolist() == [0] * 100


def test_no_nodes_no_edges(engine):
    assert connected_components(0, np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []
    assert connected_components(3, [], []).tolist() == [0, 1, 2]
    assert clusters(np.array([0, 1, 2])) == []
    assert clusters(np.array([], dtype=np.int64)) == []


def test_accepts_other_integer_dtypes(engine):
    i = np.array([3, 0], dtype=np.uint32)
    j = np.array([1, 2], dtype=np.int16)
    assert connected_components(4, i, j).tolist() == [0, 1, 0, 1]


@pytest.mark.parametrize(
    "args, message",
    [
        ((-1, [], []), "n must be an int >= 0, got -1"),
        ((2.0, [], []), "n must be an int >= 0, got 2.0"),
        ((3, [0, 1], [1]), "i and j must have the same length, got 2 and 1"),
        ((3, [0, 3], [1, 2]), "i must be in [0, 3), got 3"),
        ((3, [0, 1], [-1, 2]), "j must be in [0, 3), got -1"),
        ((3, [0.0], [1.0]), "i must be an integer array, got float64"),
        ((3, [[0]], [[1]]), "i must be a 1-D integer array, got shape (1, 1)"),
    ],
)
def test_refuses_bad_input(args, message):
    with pytest.raises(ParameterError) as info:
        connected_components(*args)
    assert message in str(info.value)


def test_clusters_refuses_bad_labels():
    with pytest.raises(ParameterError, match="labels must be a 1-D integer array, got float64"):
        clusters(np.array([0.0, 1.0]))


def test_clusters_of_any_labelling_ordered_by_first_member():
    labels = np.array([9, 4, 9, 7, 4, 2, 7, 2])
    assert [c.tolist() for c in clusters(labels)] == [[0, 2], [1, 4], [3, 6], [5, 7]]


graphs = st.integers(0, 40).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60) if n else st.just([]),
    )
)


@given(graphs)
@example((1, [(0, 0)]))
@example((6, [(5, 4), (4, 3), (3, 2), (2, 1), (1, 0)]))
def test_fast_matches_reference_and_search(graph):
    n, edges = graph
    i, j = arrays(edges)
    expected = components_by_search(n, edges)
    assert fast(n, i, j).tolist() == expected
    assert reference(n, i, j).tolist() == expected
    groups = clusters(np.array(expected, dtype=np.int64))
    assert [g.tolist() for g in groups] == sorted(
        [sorted(x for x in range(n) if expected[x] == root) for root in set(expected) if expected.count(root) > 1]
    )


@given(graphs, st.randoms(use_true_random=False))
def test_labels_do_not_depend_on_edge_order_or_direction(graph, rnd):
    n, edges = graph
    shuffled = [(b, a) if rnd.random() < 0.5 else (a, b) for a, b in edges]
    rnd.shuffle(shuffled)
    first = connected_components(n, *arrays(edges))
    assert connected_components(n, *arrays(shuffled)).tolist() == first.tolist()
    assert all(first[x] <= x for x in range(n))


def test_large_random_graph_fast_matches_reference():
    rng = np.random.default_rng(7)
    n = 5000
    i, j = rng.integers(0, n, 3000), rng.integers(0, n, 3000)
    assert fast(n, i, j).tolist() == reference(n, i, j).tolist()
