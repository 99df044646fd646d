import random
from itertools import combinations

import numpy as np
import pytest
from datasketch.lsh import _optimal_param
from hypothesis import example, given
from hypothesis import strategies as st

from simcompare import ParameterError, _core, shingle, sign
from simcompare._core import _dispatch, _pairs
from simcompare.sketch import lsh
from simcompare.sketch.lsh import CandidatePairs, band_keys, candidate_pairs, lsh_params, recall_params

ENGINES = ["fast", "reference"]


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch):
    """Run the test under one engine, then check that candidate_pairs really ran on it."""
    monkeypatch.setenv("SIMCOMPARE_ENGINE", request.param)
    _core.reset_engine_counts()
    yield request.param
    counts = _core.engine_counts()["candidate_pairs"]
    ran, other = ("compiled", "reference") if request.param == "fast" else ("reference", "compiled")
    assert counts[ran] > 0 and counts[other] == 0 and counts["fallback"] == 0, counts


def as_list(found: CandidatePairs) -> list[tuple[int, int]]:
    return list(zip(found.i.tolist(), found.j.tolist()))


def brute_force(matrix, bands, rows, exclude=None):
    """Pairs whose signatures agree on all of some band, comparing values directly."""
    pairs = []
    for a, b in combinations(range(len(matrix)), 2):
        if exclude is not None and (exclude[a] or exclude[b]):
            continue
        if any(
            (matrix[a, k * rows : (k + 1) * rows] == matrix[b, k * rows : (k + 1) * rows]).all()
            for k in range(bands)
        ):
            pairs.append((a, b))
    return pairs


# ----------------------------------------------------------------- lsh_params


@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_lsh_params_match_datasketch_on_a_grid(num_perm):
    for threshold in np.round(np.arange(0.30, 0.951, 0.05), 2).tolist():
        assert lsh_params(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5), threshold


@pytest.mark.parametrize("weights", [(0.3, 0.7), (0.7, 0.3), (0.1, 0.9)])
@pytest.mark.parametrize("threshold", [0.5, 0.8, 0.9])
def test_lsh_params_match_datasketch_with_weights(weights, threshold):
    fp, fn = weights
    mine = lsh_params(threshold, 128, false_positive_weight=fp, false_negative_weight=fn)
    assert mine == _optimal_param(threshold, 128, fp, fn)


@pytest.mark.parametrize("threshold", [0.0, 1.0])
@pytest.mark.parametrize("num_perm", [1, 2, 7])
def test_lsh_params_edges_fit_num_perm(threshold, num_perm):
    bands, rows = lsh_params(threshold, num_perm)
    assert bands >= 1 and rows >= 1 and bands * rows <= num_perm


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(threshold=1.5, num_perm=128), "threshold must be in [0.0, 1.0], got 1.5"),
        (dict(threshold=float("nan"), num_perm=128), "threshold must be in [0.0, 1.0], got nan"),
        (dict(threshold="0.8", num_perm=128), "threshold must be a number"),
        (dict(threshold=0.8, num_perm=0), "num_perm must be an int >= 1, got 0"),
        (dict(threshold=0.8, num_perm=True), "num_perm must be an int >= 1, got True"),
        (dict(threshold=0.8, num_perm=128, false_positive_weight=0.6), "must be 1.0, got 0.6 + 0.5 = 1.1"),
        (dict(threshold=0.8, num_perm=128, false_negative_weight=-0.5), "false_negative_weight must be in"),
    ],
)
def test_lsh_params_refuses_bad_options(kwargs, message):
    with pytest.raises(ParameterError) as info:
        lsh_params(**kwargs)
    assert message in str(info.value)


# ----------------------------------------------------------------- band_keys


def test_band_keys_shape_dtype_and_determinism():
    rng = np.random.default_rng(1)
    matrix = rng.integers(0, 2**32, size=(50, 128), dtype=np.uint32)
    keys = band_keys(matrix, 9, 13)
    assert keys.shape == (50, 9) and keys.dtype == np.uint64
    assert band_keys(matrix.copy(), 9, 13).tolist() == keys.tolist()
    # rows hashed alone give the same keys as in a batch (no dependence on neighbours or chunking)
    assert band_keys(matrix[7:8], 9, 13).tolist() == keys[7:8].tolist()


def test_band_keys_pinned_values():
    """The hash is documented, so its values are part of the format: pin them."""
    matrix = np.array([[0, 1, 2, 3, 4, 5], [0xFFFFFFFF] * 6], dtype=np.uint32)
    keys = band_keys(matrix, 2, 3)
    seed = np.uint64(0x9E3779B97F4A7C15)

    def fmix(h):
        h = int(h)
        mask = (1 << 64) - 1
        h ^= h >> 33
        h = h * 0xFF51AFD7ED558CCD & mask
        h ^= h >> 33
        h = h * 0xC4CEB9FE1A85EC53 & mask
        return h ^ (h >> 33)

    def key(values):
        h = int(seed)
        words = [values[k] | (values[k + 1] << 32) if k + 1 < len(values) else values[k]
                 for k in range(0, len(values), 2)]
        for w in words:
            h = fmix(h ^ w)
        return h

    assert keys.tolist() == [[key([0, 1, 2]), key([3, 4, 5])], [key([0xFFFFFFFF] * 3)] * 2]


@pytest.mark.parametrize("rows", [1, 2, 3, 4, 7, 13])
def test_one_changed_value_changes_only_its_band(rows):
    rng = np.random.default_rng(rows)
    bands = 128 // rows
    base = rng.integers(0, 2**32, size=128, dtype=np.uint32)
    matrix = np.tile(base, (1 + bands * rows, 1))
    # row 1 + c differs from row 0 in column c only (ends of the 32-bit range included)
    for c in range(bands * rows):
        matrix[1 + c, c] ^= np.uint32(1 << (c % 32))
    keys = band_keys(matrix, bands, rows)
    for c in range(bands * rows):
        differs = keys[1 + c] != keys[0]
        assert np.flatnonzero(differs).tolist() == [c // rows], c


def test_band_keys_ignore_unused_columns_and_handle_empty_and_strided():
    rng = np.random.default_rng(3)
    matrix = rng.integers(0, 2**32, size=(4, 10), dtype=np.uint32)
    changed = matrix.copy()
    changed[:, 9] += np.uint32(1)  # past bands * rows = 9
    assert band_keys(changed, 3, 3).tolist() == band_keys(matrix, 3, 3).tolist()
    assert band_keys(np.empty((0, 10), dtype=np.uint32), 3, 3).shape == (0, 3)
    wide = rng.integers(0, 2**32, size=(5, 20), dtype=np.uint32)
    assert band_keys(wide[:, ::2], 2, 5).tolist() == band_keys(wide[:, ::2].copy(), 2, 5).tolist()
    assert band_keys(np.asfortranarray(wide), 4, 5).tolist() == band_keys(wide, 4, 5).tolist()


def test_band_keys_across_chunk_boundaries(monkeypatch):
    rng = np.random.default_rng(4)
    matrix = rng.integers(0, 2**32, size=(37, 16), dtype=np.uint32)
    whole = band_keys(matrix, 4, 4)
    monkeypatch.setattr(lsh, "_KEY_CHUNK", 5)
    assert band_keys(matrix, 4, 4).tolist() == whole.tolist()


@pytest.mark.parametrize(
    "args, message",
    [
        ((np.zeros((2, 8), dtype=np.int64), 2, 4), "matrix must be uint32, got int64"),
        ((np.zeros(8, dtype=np.uint32), 2, 4), "matrix must be 2-D (n, num_perm), got shape (8,)"),
        ((np.zeros((2, 8), dtype=np.uint32), 3, 3), "bands * rows must be <= num_perm (8), got 3 * 3 = 9"),
        ((np.zeros((2, 8), dtype=np.uint32), 0, 3), "bands must be >= 1, got 0"),
        ((np.zeros((2, 8), dtype=np.uint32), 2, 2.0), "rows must be an int >= 1, got 2.0"),
        (([[1, 2]], 1, 1), "matrix must be a numpy.ndarray, got list"),
    ],
)
def test_band_keys_refuses_bad_input(args, message):
    with pytest.raises(ParameterError) as info:
        band_keys(*args)
    assert message in str(info.value)


def test_band_keys_hint_for_signatures():
    sigs = sign(["some words to sign here"], num_perm=16)
    with pytest.raises(ParameterError, match="pass Signatures.matrix"):
        band_keys(sigs, 4, 4)


# ----------------------------------------------------------------- candidate_pairs


def test_candidate_pairs_hand_cases(engine):
    keys = np.array(
        [
            [1, 10],  # 0
            [1, 11],  # 1: band 0 with 0
            [2, 11],  # 2: band 1 with 1
            [3, 12],  # 3: alone
            [1, 10],  # 4: both bands with 0, band 0 with 1: each pair once
        ],
        dtype=np.uint64,
    )
    found = candidate_pairs(keys)
    assert as_list(found) == [(0, 1), (0, 4), (1, 2), (1, 4)]
    assert found.i.dtype == found.j.dtype == np.int64
    assert (found.capped_buckets, found.largest_bucket, found.capped.tolist()) == (0, 3, [False] * 5)
    assert len(found) == 4


def test_candidate_pairs_no_rows_and_no_pairs(engine):
    found = candidate_pairs(np.empty((0, 4), dtype=np.uint64))
    assert as_list(found) == [] and found.largest_bucket == 0 and found.capped.shape == (0,)
    found = candidate_pairs(np.arange(12, dtype=np.uint64).reshape(4, 3))
    assert as_list(found) == [] and found.largest_bucket == 1


def test_candidate_pairs_exclude(engine):
    keys = np.zeros((4, 2), dtype=np.uint64)  # all alike, as empty texts are
    exclude = np.array([False, True, False, True])
    assert as_list(candidate_pairs(keys, exclude=exclude)) == [(0, 2)]
    assert as_list(candidate_pairs(keys, exclude=np.ones(4, dtype=bool))) == []


def test_candidate_pairs_max_bucket(engine):
    boiler = np.zeros((6, 2), dtype=np.uint64)  # rows 0-5: one big bucket in both bands
    boiler[:, 1] = [0, 0, 0, 0, 0, 7]
    rest = np.array([[5, 8], [6, 8], [9, 9]], dtype=np.uint64)  # rows 6-8: 6 and 7 share band 1
    keys = np.vstack([boiler, rest])
    found = candidate_pairs(keys, max_bucket=4)
    # band 0: 6 rows > 4, capped; band 1: rows 0-4 (5 > 4) capped; row 5 alone
    assert as_list(found) == [(6, 7)]
    assert (found.capped_buckets, found.largest_bucket) == (2, 6)
    assert np.flatnonzero(found.capped).tolist() == [0, 1, 2, 3, 4, 5]
    # a cap at the bucket's size keeps it
    found = candidate_pairs(keys, max_bucket=6)
    assert len(found) == 15 + 1 and found.capped_buckets == 0 and not found.capped.any()
    # row 5 escapes the cap in band 1 but pairs with nobody there; in band 0 with max_bucket=5 it is capped
    found = candidate_pairs(keys, max_bucket=5)
    assert found.capped_buckets == 1 and as_list(found)[:3] == [(0, 1), (0, 2), (0, 3)]


def test_capped_rows_still_pair_through_other_bands(engine):
    keys = np.array([[0, 1], [0, 1], [0, 2], [0, 3]], dtype=np.uint64)
    found = candidate_pairs(keys, max_bucket=3)
    assert as_list(found) == [(0, 1)] and found.capped.all() and found.capped_buckets == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(keys=np.zeros(4, dtype=np.uint64)),
         "keys must be a 2-D (n, bands) numpy array, got ndarray of shape (4,)"),
        (dict(keys=np.zeros((4, 2))), "keys must have an integer dtype, got float64"),
        (dict(keys=np.zeros((4, 2), dtype=np.uint64), exclude=np.zeros(3, dtype=bool)),
         "exclude must be a boolean array of shape (4,), got bool (3,)"),
        (dict(keys=np.zeros((4, 2), dtype=np.uint64), exclude=np.zeros(4)),
         "exclude must be a boolean array of shape (4,), got float64 (4,)"),
        (dict(keys=np.zeros((4, 2), dtype=np.uint64), max_bucket=1), "max_bucket must be >= 2, got 1"),
    ],
)
def test_candidate_pairs_refuses_bad_input(kwargs, message):
    keys = kwargs.pop("keys")
    with pytest.raises(ParameterError) as info:
        candidate_pairs(keys, **kwargs)
    assert message in str(info.value)


small_matrices = st.tuples(
    st.integers(0, 24),  # rows
    st.sampled_from([(1, 4), (2, 2), (3, 1), (4, 2), (2, 3)]),  # bands, rows
    st.integers(1, 3),  # distinct values per slot: few, so bands often agree
    st.integers(0, 2**32 - 1),  # seed
    st.booleans(),  # use exclude
)


@given(small_matrices)
@example((0, (2, 2), 1, 0, False))
@example((5, (1, 4), 1, 0, True))
def test_candidate_pairs_match_brute_force(case):
    n, (bands, rows), values, seed, use_exclude = case
    rng = np.random.default_rng(seed)
    matrix = rng.integers(0, values, size=(n, bands * rows + 1), dtype=np.uint32)
    exclude = rng.random(n) < 0.2 if use_exclude else None
    expected = brute_force(matrix, bands, rows, exclude)
    keys = band_keys(matrix, bands, rows)
    for engine in ENGINES:
        found = CandidatePairs(*_core.candidate_pairs(keys, exclude=exclude, engine=engine))
        assert as_list(found) == expected


@given(
    st.integers(0, 40),
    st.integers(1, 4),
    st.integers(1, 6),
    st.one_of(st.none(), st.integers(2, 8)),
    st.integers(0, 2**32 - 1),
    st.booleans(),
)
def test_fast_and_reference_engines_agree(n, bands, distinct, max_bucket, seed, use_exclude):
    rng = np.random.default_rng(seed)
    # signed keys, including negative ones: keys are only compared for equality
    keys = rng.integers(-distinct // 2, distinct - distinct // 2, size=(n, bands), dtype=np.int64)
    exclude = rng.random(n) < 0.2 if use_exclude else None
    fast, reference = (CandidatePairs(*_core.candidate_pairs(keys, exclude=exclude, max_bucket=max_bucket,
                                                             engine=engine)) for engine in ENGINES)
    assert as_list(fast) == as_list(reference)
    assert (fast.capped_buckets, fast.largest_bucket) == (reference.capped_buckets, reference.largest_bucket)
    assert fast.capped.tolist() == reference.capped.tolist()


def test_merge_kernel_unions_without_repeats():
    a = np.array([1, 4, 6, 9], dtype=np.int64)
    b = np.array([0, 4, 5, 9, 12], dtype=np.int64)
    assert _pairs.merge_unique(a, b).tolist() == [0, 1, 4, 5, 6, 9, 12]
    assert _pairs.merge_unique(a[:0], b).tolist() == b.tolist()
    assert _pairs.merge_unique(a, b[:0]).tolist() == a.tolist()


def test_auto_engine_choice(monkeypatch):
    """Under auto, a small input in a process that has not loaded the compiled
    engine runs the reference; one whose estimated reference time would pay
    for loading runs compiled, and so does every call after that."""
    monkeypatch.setenv("SIMCOMPARE_ENGINE", "auto")
    monkeypatch.setattr(_dispatch._auto, "loaded", False)
    monkeypatch.setattr(_dispatch._auto, "reference_seconds", 0.0)
    _core.reset_engine_counts()
    keys = np.array([[1], [1], [2]], dtype=np.uint64)
    assert as_list(candidate_pairs(keys)) == [(0, 1)]
    assert _core.engine_counts()["candidate_pairs"]["reference"] == 1
    assert 0 < _dispatch._auto.reference_seconds < _dispatch.LOAD_SECONDS
    rows = int(_dispatch.LOAD_SECONDS / _dispatch.KERNELS["candidate_pairs"].seconds_per_unit) + 2
    big = np.repeat(np.arange(rows // 2, dtype=np.uint64), 2)[:, None]
    found = candidate_pairs(big)
    assert len(found) == rows // 2 and as_list(found)[:2] == [(0, 1), (2, 3)]
    assert _core.engine_counts()["candidate_pairs"] == {"compiled": 1, "reference": 1, "fallback": 0, "reasons": {}}
    assert _dispatch._auto.loaded
    assert as_list(candidate_pairs(keys)) == [(0, 1)]
    assert _core.engine_counts()["candidate_pairs"]["compiled"] == 2


# ----------------------------------------------------------------- recall sanity check


def edited(words, count, rng):
    out = list(words)
    for _ in range(count):
        out[rng.randrange(len(out))] = f"new{rng.randrange(10**6)}"
    return out


def test_near_duplicates_become_candidates_and_unrelated_texts_mostly_not():
    rng = random.Random(5)
    vocab = [f"v{i}" for i in range(5000)]
    texts = []
    for _ in range(60):
        words = [rng.choice(vocab) for _ in range(rng.randrange(200, 400))]
        texts.append(" ".join(words))
        texts.append(" ".join(edited(words, rng.randrange(1, 4), rng)))  # a few words changed
    threshold = 0.5
    sigs = sign(texts, num_perm=128)
    bands, rows = lsh_params(threshold, 128)
    found = set(as_list(candidate_pairs(band_keys(sigs.matrix, bands, rows), exclude=sigs.empty)))

    shingles = [shingle(t) for t in texts]

    def jaccard(a, b):
        return len(np.intersect1d(shingles[a], shingles[b])) / len(np.union1d(shingles[a], shingles[b]))

    near = [(k, k + 1) for k in range(0, len(texts), 2)]
    assert min(jaccard(a, b) for a, b in near) > threshold + 0.25
    assert set(near) <= found
    unrelated = [(a, b) for a, b in combinations(range(len(texts)), 2) if (a, b) not in set(near)]
    false_candidates = [p for p in unrelated if p in found]
    assert len(false_candidates) <= 0.001 * len(unrelated), false_candidates


# ----------------------------------------------------------------- recall_params


@pytest.mark.parametrize("num_perm", [16, 64, 128, 256])
def test_recall_params_reach_the_recall_at_the_threshold_at_the_lowest_cost(num_perm):
    for threshold in np.arange(0.3, 0.951, 0.05):
        bands, rows = recall_params(float(threshold), num_perm)
        assert bands * rows <= num_perm
        chance = 1 - (1 - threshold**rows) ** bands
        feasible = [(b, r) for r in range(1, num_perm + 1) for b in range(1, num_perm // r + 1)
                    if 1 - (1 - threshold**r) ** b >= 0.99]
        if feasible:
            assert chance >= 0.99, (threshold, bands, rows)
            # the area under the S-curve below the threshold (candidates that verification drops) is the least
            s = np.linspace(0, threshold, 4001)
            cost = {(b, r): np.trapezoid(1 - (1 - s**r) ** b, s) for b, r in feasible}
            assert cost[(bands, rows)] <= min(cost.values()) + 1e-6, (threshold, bands, rows)
        else:
            assert (bands, rows) == (num_perm, 1)


def test_recall_params_edges_and_bad_options():
    assert recall_params(1.0, 128) == (1, 128)
    assert recall_params(0.01, 8) == (8, 1)
    with pytest.raises(ParameterError, match="recall must be below 1.0"):
        recall_params(0.5, 128, recall=1.0)
    with pytest.raises(ParameterError, match="num_perm must be an int >= 1, got 0"):
        recall_params(0.5, 0)
