import random
import tracemalloc

import numpy as np
import pytest
from datasketch import MinHashLSH, MinHashLSHEnsemble, MinHashLSHForest
from hypothesis import given
from hypothesis import strategies as st
from support.strategies import awkward

import simcompare
from simcompare import (
    EmptyTextError,
    IncompatibleSignaturesError,
    ParameterError,
    SignatureFileError,
    SignatureParams,
    Signatures,
    TextTypeError,
    sign,
)
from simcompare._core import _reference

ENGINES = ["fast", "reference"]


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch):
    monkeypatch.setenv("SIMCOMPARE_ENGINE", request.param)
    return request.param


def edited(words, rate, rng):
    """Replace, delete or insert about ``rate`` of the words."""
    out = list(words)
    for _ in range(int(rate * len(words))):
        i = rng.randrange(len(out))
        op = rng.choice("rdi")
        if op == "r":
            out[i] = f"w{rng.randrange(10**6)}"
        elif op == "d" and len(out) > 1:
            del out[i]
        else:
            out.insert(i, f"w{rng.randrange(10**6)}")
    return out


def pairs(n, rng):
    vocab = [f"v{i}" for i in range(3000)]
    for _ in range(n):
        words = [rng.choice(vocab) for _ in range(rng.randrange(80, 400))]
        yield " ".join(words), " ".join(edited(words, rng.random() * 0.6, rng))


def exact_jaccard(a, b, params):
    sa = set(_reference.shingles(_reference.text_units(a, params.shingle_kind), params.shingle_size))
    sb = set(_reference.shingles(_reference.text_units(b, params.shingle_kind), params.shingle_size))
    return len(sa & sb) / len(sa | sb)


def test_shape_dtype_and_params(engine, seed_pair):
    sigs = sign(seed_pair, num_perm=64, shingle_size=4, seed=7)
    assert sigs.matrix.shape == (2, 64) and sigs.matrix.dtype == np.uint32
    assert sigs.params == SignatureParams(num_perm=64, shingle_size=4, seed=7)
    assert len(sigs) == 2 and sigs[1].values.tolist() == sigs.matrix[1].tolist()
    assert [s.values.tolist() for s in sigs] == sigs.matrix.tolist()
    assert "num_perm=64" in repr(sigs)


@given(awkward.filter(lambda t: simcompare.tokenize(t)))
def test_identical_texts_estimate_one(text):
    sigs = sign([text, text])
    assert sigs.jaccard(0, 1) == 1.0


@given(st.lists(st.sampled_from("a b c d e f g h".split()), min_size=1, max_size=30),
       st.lists(st.sampled_from("a b c d e f g h".split()), min_size=1, max_size=30))
def test_estimate_is_symmetric(a, b):
    sigs = sign([" ".join(a), " ".join(b)], num_perm=32, shingle_size=2)
    assert sigs.jaccard(0, 1) == sigs.jaccard(1, 0)
    assert sigs[0].jaccard(sigs[1]) == sigs.jaccard(0, 1)


def test_deterministic_for_a_seed(engine, seed_pair):
    assert np.array_equal(sign(seed_pair, seed=3).matrix, sign(seed_pair, seed=3).matrix)
    assert not np.array_equal(sign(seed_pair, seed=3).matrix, sign(seed_pair, seed=4).matrix)


def test_fixed_values_do_not_drift(seed_pair):
    """Signatures are stored in indexes: the same text must sign the same forever
    (until ALGORITHM_VERSION changes)."""
    row = sign([seed_pair[1]], num_perm=8).matrix[0].tolist()
    kperm = sign([seed_pair[1]], num_perm=8, scheme="kperm").matrix[0].tolist()
    assert row == sign([seed_pair[1]], num_perm=8).matrix[0].tolist()
    assert len(set(row)) > 1 and len(set(kperm)) > 1
    assert row == EXPECTED_OPH_8 and kperm == EXPECTED_KPERM_8


@pytest.mark.parametrize("scheme", ["oph", "kperm"])
def test_estimates_within_three_sigma_of_exact_jaccard(scheme):
    rng = random.Random(5)
    params = SignatureParams(num_perm=128, scheme=scheme)
    errors, inside = [], 0
    texts = list(pairs(150, rng))
    sigs = sign([t for pair in texts for t in pair], num_perm=128, scheme=scheme)
    for n, (a, b) in enumerate(texts):
        exact = exact_jaccard(a, b, params)
        estimate = sigs.jaccard(2 * n, 2 * n + 1)
        sigma = max((exact * (1 - exact) / 128) ** 0.5, 1 / 128)
        inside += abs(estimate - exact) <= 3 * sigma
        errors.append(estimate - exact)
    assert inside >= 0.97 * len(texts)
    assert abs(np.mean(errors)) < 0.01  # unbiased
    assert np.sqrt(np.mean(np.square(errors))) < 0.05


def test_short_text_is_one_shingle(engine):
    sigs = sign(["one two", "one two", "two one"], shingle_size=5)
    assert sigs.jaccard(0, 1) == 1.0
    assert sigs.jaccard(0, 2) < 0.2


def test_empty_text_raises_with_its_index(engine):
    with pytest.raises(EmptyTextError, match="text 1 is empty: expected at least 1 word, got 0"):
        sign(["words here", "  — ‘ ’ \n"])


def test_empty_text_can_be_marked(engine):
    sigs = sign(["words here", ""], on_empty="mark")
    assert sigs.empty.tolist() == [False, True]
    assert (sigs.matrix[1] == 0xFFFFFFFF).all()
    with pytest.raises(EmptyTextError):
        sigs.jaccard(0, 1)


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["list"]])
def test_non_str_item_names_its_index(bad):
    with pytest.raises(TextTypeError, match=f"text 2 must be str, got {type(bad).__name__}") as info:
        sign(["a", "b", bad])
    assert isinstance(info.value, TypeError) and info.value.index == 2


def test_single_str_is_refused():
    with pytest.raises(ParameterError, match="wrap it in a list"):
        sign("a text")


def test_generator_input_and_no_input(seed_pair):
    assert len(sign(t for t in seed_pair)) == 2
    assert sign([]).matrix.shape == (0, 128)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"num_perm": 0}, "num_perm must be in \\[1, 65536\\], got 0"),
        ({"shingle_size": 0}, "shingle_size must be in"),
        ({"seed": -1}, "seed must be in"),
        ({"scheme": "md5"}, "scheme must be one of oph, kperm, got 'md5'"),
        ({"shingle_kind": "line"}, "shingle_kind must be one of word, char"),
        ({"workers": 0}, "workers must be an int >= 1"),
        ({"on_empty": "skip"}, "on_empty must be"),
        ({"num_perm": 12.5}, "num_perm must be an int, got float"),
    ],
)
def test_bad_options(options, message):
    with pytest.raises(ParameterError, match=message):
        sign(["a b c"], **options)


def test_mismatched_parameters_name_both_values(seed_pair):
    a = sign(seed_pair, num_perm=128)
    b = sign(seed_pair, num_perm=64, seed=2)
    with pytest.raises(IncompatibleSignaturesError, match="num_perm mismatch: 128 != 64; seed mismatch: 1 != 2"):
        a.check_compatible(b)
    with pytest.raises(IncompatibleSignaturesError):
        a[0].jaccard(b[0])


def test_lone_surrogates_and_nul_are_separators(engine):
    sigs = sign(["alpha\ud800beta gamma", "alpha beta gamma", "alpha\x00beta gamma"], shingle_size=2)
    assert sigs.jaccard(0, 1) == 1.0 and sigs.jaccard(1, 2) == 1.0


def test_save_and_load_round_trip(tmp_path, seed_pair):
    sigs = sign(list(seed_pair) + [""], num_perm=32, scheme="kperm", on_empty="mark")
    path = tmp_path / "sigs.npz"
    sigs.save(path)
    back = Signatures.load(path)
    assert back.params == sigs.params
    assert np.array_equal(back.matrix, sigs.matrix) and back.empty.tolist() == [False, False, True]
    assert not [p for p in tmp_path.iterdir() if p.name != "sigs.npz"]  # no temp file left


def test_load_refuses_bad_files(tmp_path):
    with pytest.raises(SignatureFileError, match="no such file"):
        Signatures.load(tmp_path / "missing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip file at all")
    with pytest.raises(SignatureFileError, match="unreadable"):
        Signatures.load(junk)
    other = tmp_path / "other.npz"
    np.savez(other, values=np.arange(3))
    with pytest.raises(SignatureFileError, match="missing"):
        Signatures.load(other)
    good = tmp_path / "good.npz"
    sign(["some words to sign"]).save(good)
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(good.read_bytes()[:200])
    with pytest.raises(SignatureFileError):
        Signatures.load(truncated)
    pickled = tmp_path / "pickled.npz"
    np.savez(pickled, matrix=np.zeros((1, 128), np.uint32), empty=np.zeros(1, bool),
             params=np.array([{"num_perm": 128}], dtype=object), format=np.array("simcompare-signatures-1"))
    with pytest.raises(SignatureFileError):
        Signatures.load(pickled)


def test_datasketch_lsh_forest_and_ensemble(seed_pair):
    texts = [seed_pair[0], seed_pair[0] + " One more sentence at the end.", seed_pair[1]]
    sigs = sign(texts)
    mh = [sigs.to_datasketch(i) for i in range(3)]
    assert mh[0].jaccard(mh[1]) == sigs.jaccard(0, 1)

    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    for i, m in enumerate(mh):
        lsh.insert(f"doc{i}", m)
    assert set(lsh.query(mh[0])) == {"doc0", "doc1"}

    forest = MinHashLSHForest(num_perm=128)
    for i, m in enumerate(mh):
        forest.add(f"doc{i}", m)
    forest.index()
    assert forest.query(mh[1], 2)[:2] and set(forest.query(mh[1], 2)) == {"doc0", "doc1"}

    ensemble = MinHashLSHEnsemble(threshold=0.8, num_perm=128)
    sizes = [len(_reference.shingles(_reference.text_units(t, "word"), 5)) for t in texts]
    ensemble.index([(f"doc{i}", m, s) for i, (m, s) in enumerate(zip(mh, sizes))])
    assert "doc1" in set(ensemble.query(mh[0], sizes[0]))
    assert "doc2" not in set(ensemble.query(mh[0], sizes[0]))


def test_hundred_megabyte_text_in_bounded_memory(monkeypatch):
    """A single 100 MB line is signed in pieces: memory stays far below its size."""
    monkeypatch.setenv("SIMCOMPARE_ENGINE", "fast")
    unit = "The quick brown fox jumps over the lazy dog near the river bank "
    text = unit * (100_000_000 // len(unit))
    sign(["warm up the compiled kernels"])
    tracemalloc.start()
    try:
        sigs = sign([text, unit * 20])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40_000_000  # pieces of 1M characters, not copies of 100 MB
    assert sigs.jaccard(0, 1) == 1.0  # the same set of 5-word shingles


EXPECTED_OPH_8 = [285342279, 28330798, 168296893, 51098915, 186612109, 102223186, 2072363, 164063691]
EXPECTED_KPERM_8 = [1796512, 2970722, 10134027, 19583869, 8854265, 20495495, 1014444, 32680543]
