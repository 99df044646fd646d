"""Every kernel of the engine dispatcher, run on both engines.

For each kernel in ``simcompare._core.KERNELS`` the harness below has inputs
(NFKC text, combining marks, scripts without spaces, character shingles,
empty input), runs the public ``_core`` function with ``engine="fast"`` and
``engine="reference"``, asks for the same bits, and reads the dispatcher's
counts to check that the compiled engine really ran, and that the only
fallbacks to the reference are the expected ones, with their reasons.
"""

import json
import subprocess
import sys

import numpy as np
import pytest

from simcompare import _core
from simcompare._core import _dispatch, _fast
from simcompare.errors import EngineError, ParameterError
from simcompare.params import SignatureParams

NFKC = "Ａ full-width ＡＢＣ１２３ and the ﬁrst ligature, km² Ⅻ…"
NFKC_SPLIT = "½ cup ŉ"  # "1⁄2": two tokens from one code point; "ʼn", an apostrophe, then a letter
MARKS = "cafe\u0301 combining\u0301\u0327 marks"
SOLO = "北京欢迎你。東京タワー"
SOLO_MARK = "北京 ที่นี่"  # Thai letters with marks after them: the reference's
SOLO_ASTRAL = "北京 \U00020000 here"  # an ideograph past the fast path's table
ASTRAL = "emoji \U0001f600 here"
FOLDING = "ΣΊΣΥΦΟΣ İstanbul L’ÉTAT Straße"
PLAIN = "The Worker’s Party paid 516,000 in 10.7 days, said Kim Jong-un."
TEXTS = ["", " \t\n ", PLAIN, NFKC, NFKC_SPLIT, MARKS, SOLO, ASTRAL, FOLDING, "nul\x00inside",
         PLAIN * 40]
LONG = (PLAIN + " ") * 20 + NFKC_SPLIT + " " + (PLAIN + " ") * 20  # one odd word in a long text

WORD, CHAR, KPERM = SignatureParams(num_perm=32), SignatureParams(num_perm=16, shingle_kind="char", shingle_size=3), \
    SignatureParams(num_perm=8, scheme="kperm")


def _seeds(text):
    return _core.seeds(_core.token_spans(text, engine="reference")[2], 3)


def _runs(*runs):
    keys = np.concatenate([np.sort(np.array(r, dtype=np.uint64)) for r in runs] + [np.empty(0, np.uint64)])
    bounds = np.concatenate(([0], np.cumsum([len(r) for r in runs]))).astype(np.int64)
    return keys, np.arange(len(keys), dtype=np.uint32), bounds


def _literals(texts, ensure_ascii):
    """``texts`` as JSON literals one a line, a few broken slices among them, and where each lies."""
    literals = [json.dumps(t, ensure_ascii=ensure_ascii).encode("utf-8", "surrogatepass") for t in texts]
    literals += [b'"\xc3("', b'"bad \\x escape"', b'"unterminated\\"', b"null", b'"a"b"', b'"\x01"']
    sizes = np.array([len(lit) + 1 for lit in literals], dtype=np.int64)
    ends = np.cumsum(sizes) - 1
    return b"\n".join(literals) + b"\n", ends - (sizes - 1), ends


_rng = np.random.default_rng(3)
_KEYS = _rng.integers(0, 6, (40, 3)).astype(np.uint64)

# kernel -> [(args, kwargs, expected fallback reasons of the compiled call)]
CASES = {
    "sign_texts": [((TEXTS, p), {}, {}) for p in (WORD, CHAR, KPERM)]
    + [(([], WORD), {}, {}), ((TEXTS, WORD), {"ignore": _core.shingle_sets([PLAIN], 5, engine="reference")[0]}, {})],
    "sign_with_anchors": [((TEXTS, WORD), {"anchor_bits": 2}, {}), (([], WORD), {"anchor_bits": 1}, {})],
    "token_spans": [
        (("",), {}, {}), ((PLAIN,), {}, {}), ((NFKC,), {}, {}), ((NFKC_SPLIT,), {}, {"nfkc": 1}),
        ((MARKS,), {}, {"combining marks": 1}), ((SOLO,), {}, {}),
        ((SOLO_MARK,), {}, {"combining marks": 1}), ((SOLO_ASTRAL,), {}, {"scripts without spaces": 1}),
        ((ASTRAL,), {}, {"astral characters": 1}), ((FOLDING,), {}, {}),
        ((LONG,), {}, {"nfkc": 1}),
    ],
    "text_units": [((t,), {"shingle_kind": kind}, {}) for t in TEXTS + [LONG] for kind in ("word", "char")],
    "shingle_sets": [((TEXTS, 5), {}, {}), ((TEXTS, 2), {"top_zero_bits": 1}, {}), (([], 5), {}, {})],
    "find_regions": [
        ((_seeds(PLAIN * 3), _seeds("Other words. " + PLAIN), 3, 4, 16), {}, {}),
        ((_seeds(""), _seeds(PLAIN), 3, 4, 16), {}, {}),
    ],
    "merge_runs": [(_runs([5, 1, 9], [1, 1, 4], [], [0, 9]), {}, {}), (_runs([3, 2]), {}, {}), (_runs(), {}, {})],
    "sort_postings": [
        ((_KEYS[:, 0].copy(), np.arange(40)), {}, {}),
        ((np.empty(0, np.uint64), np.empty(0, int)), {}, {}),
    ],
    "frequent_values": [((_KEYS.ravel(), 2), {}, {}), ((np.empty(0, np.uint64), 1), {}, {})],
    "frequent_shingles": [((TEXTS + TEXTS[2:5], 2, 2), {}, {}), ((TEXTS, 1, 1), {"workers": 2}, {}),
                          (([], 5, 1), {}, {})],
    "shingle_overlaps": [
        ((TEXTS, 2, np.arange(10), np.arange(1, 11)), {}, {}),
        ((TEXTS, 5, np.array([2, 10, 3]), np.array([10, 2, 3])),
         {"ignore": _core.shingle_sets([PLAIN], 5, engine="reference")[0][:4], "workers": 2}, {}),
        ((TEXTS, 5, np.empty(0, np.int64), np.empty(0, np.int64)), {}, {}),
    ],
    "candidate_pairs": [
        ((_KEYS,), {}, {}), ((_KEYS,), {"exclude": np.arange(40) % 3 == 0, "max_bucket": 6}, {}),
        ((np.empty((0, 2), np.uint64),), {}, {}),
    ],
    "json_text_lengths": [((_literals(TEXTS + ["\ud800 lone \udc00"], ascii)), {}, {}) for ascii in (True, False)]
    + [((b"", np.empty(0, np.int64), np.empty(0, np.int64)), {}, {})],
    "flat_json_records": [
        ((b'{"id": "a", "text": "caf\xc3\xa9 \\u201cq\\u201d \\ud83d\\ude00", "date": null}\n'
          b'{"date": "3 July", "text": "", "id": "b"}\r\n  {"text":"t","id":"c"}',),
         {"id_key": "id", "text_key": "text", "date_key": "date"}, {}),
        ((b'{"id": "a", "text": "x"}\n{"id": "b", "text": "y", "outlet": "Wire"}\n',),
         {"id_key": "id", "text_key": "text"}, {}),
        ((b"",), {"id_key": "id", "text_key": "text"}, {}),
    ],
    "connected_components": [
        ((9, np.array([5, 2, 3, 8]), np.array([2, 6, 4, 8])), {}, {}),
        ((0, np.empty(0, np.int64), np.empty(0, np.int64)), {}, {}),
    ],
}


def same(a, b) -> bool:
    """Equal to the bit: arrays of one dtype and shape, tuples element by element."""
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b)
    return type(a) is type(b) and a == b


def test_every_kernel_has_a_harness_case():
    assert sorted(CASES) == sorted(_core.KERNELS)


def _copies(args):
    return tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)  # merge_runs may write in its input


@pytest.mark.parametrize("kernel, case", [(k, i) for k in sorted(CASES) for i in range(len(CASES[k]))])
def test_both_engines_give_the_same_bits_and_the_compiled_one_ran(kernel, case):
    args, kwargs, reasons = CASES[kernel][case]
    function = getattr(_core, kernel)
    _core.reset_engine_counts()
    fast = function(*_copies(args), **kwargs, engine="fast")
    counts = _core.engine_counts()[kernel]
    assert (counts["compiled"], counts["reference"]) == (1, 0), counts
    assert counts["reasons"] == reasons and counts["fallback"] == sum(reasons.values())
    others = {k: c for k, c in _core.engine_counts().items() if k != kernel and (c["reference"] or c["fallback"])}
    assert not others  # nothing inside the compiled call ran the reference under another kernel's name
    reference = function(*_copies(args), **kwargs, engine="reference")
    assert _core.engine_counts()[kernel]["reference"] == 1
    assert same(fast, reference)


def test_a_long_text_falls_back_only_around_its_odd_word():
    _core.reset_engine_counts()
    text = (PLAIN + " ") * 400 + MARKS + " " + (PLAIN + " ") * 400
    fast = _core.token_spans(text, engine="fast")
    assert _core.engine_counts()["token_spans"]["fallback"] == 1
    assert same(fast, _core.token_spans(text, engine="reference"))


def test_auto_runs_the_reference_until_its_time_would_pay_for_loading(monkeypatch):
    monkeypatch.setenv("SIMCOMPARE_ENGINE", "auto")
    monkeypatch.setattr(_dispatch._auto, "loaded", False)
    monkeypatch.setattr(_dispatch._auto, "reference_seconds", 0.0)
    _core.reset_engine_counts()
    rate = _core.KERNELS["token_spans"].seconds_per_unit
    _core.token_spans(PLAIN)
    assert _core.engine_counts()["token_spans"]["reference"] == 1
    spent = _dispatch._auto.reference_seconds
    assert spent > 0
    # one more small call still fits under the load cost; a call whose estimate does not, runs compiled
    assert _dispatch.choose("token_spans", 10) == "reference"
    assert _dispatch.choose("token_spans", (_core.LOAD_SECONDS - spent) / rate + 10) == "fast"
    monkeypatch.setattr(_dispatch._auto, "reference_seconds", _core.LOAD_SECONDS)
    assert _dispatch.choose("token_spans", 1) == "fast"
    monkeypatch.setattr(_dispatch._auto, "reference_seconds", 0.0)
    monkeypatch.setattr(_dispatch._auto, "loaded", True)
    assert _dispatch.choose("token_spans", 1) == "fast"
    assert _dispatch.choose("token_spans", 1, engine="reference") == "reference"


def test_explicit_reference_calls_do_not_count_toward_the_auto_rule(monkeypatch):
    monkeypatch.setattr(_dispatch._auto, "reference_seconds", 0.0)
    _core.token_spans(PLAIN * 20, engine="reference")
    assert _dispatch._auto.reference_seconds == 0.0


def test_engine_names_are_checked(monkeypatch):
    with pytest.raises(ParameterError, match="engine must be one of auto, fast, reference or None, got 'quick'"):
        _core.token_spans("a b", engine="quick")
    monkeypatch.setenv("SIMCOMPARE_ENGINE", "numba")
    with pytest.raises(ParameterError, match="SIMCOMPARE_ENGINE must be one of auto, fast, reference, got 'numba'"):
        _core.token_spans("a b")


def test_compiled_failures_become_engine_errors(monkeypatch):
    def broken(*args, **kwargs):
        raise IndexError("index 7 is out of bounds for axis 0 with size 3")

    monkeypatch.setitem(_dispatch._functions, _core.KERNELS["sort_postings"].compiled, broken)
    with pytest.raises(EngineError, match="compiled kernel sort_postings: expected a result, got IndexError") as info:
        _core.sort_postings(np.zeros(3, np.uint64), np.arange(3), engine="fast")
    assert isinstance(info.value.__cause__, IndexError) and info.value.original is info.value.__cause__
    assert info.value.kernel == "sort_postings"


def test_validation_and_own_errors_pass_through_unchanged(monkeypatch):
    with pytest.raises(ParameterError, match="anchors need word shingles"):
        _core.sign_with_anchors(["a b c"], CHAR, anchor_bits=3, engine="fast")
    advice = EngineError("candidate_pairs: out of memory expanding 10 pairs in band 0; set max_bucket")

    def advising(*args):
        raise advice

    monkeypatch.setitem(_dispatch._functions, _core.KERNELS["frequent_values"].compiled, advising)
    with pytest.raises(EngineError) as info:
        _core.frequent_values(np.zeros(3, np.uint64), 1, engine="fast")
    assert info.value is advice


def test_a_thread_of_the_compiled_signer_failing_is_an_engine_error(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("buffer is too small")

    monkeypatch.setattr(_fast.K, "sign_batch", broken)
    with pytest.raises(EngineError, match="compiled kernel sign_texts: expected a result, got ValueError"):
        _core.sign_texts([PLAIN] * 4, WORD, workers=2, engine="fast")


def _fresh(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_importing_and_a_small_cli_run_do_not_import_numba(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(PLAIN * 30 + " " + NFKC, encoding="utf-8")
    b.write_text("Intro. " + PLAIN * 20, encoding="utf-8")
    code = ("import sys\nimport simcompare\nassert 'numba' not in sys.modules\nfrom simcompare.cli import main\n"
            f"try:\n    main(['compare', {str(a)!r}, {str(b)!r}])\nexcept SystemExit as exc:\n    assert not exc.code\n"
            "from simcompare._core import auto_state, engine_counts\n"
            "print(auto_state(), engine_counts())\n"
            "print('numba' in sys.modules)")
    out = _fresh(code).splitlines()
    assert out[-1] == "False", out[-2]  # the rule's state and the counts say why numba was loaded


def test_load_compiled_switches_auto_to_compiled():
    code = ("from simcompare import _core\nimport sys\n_core.load_compiled()\nassert 'numba' in sys.modules\n"
            "_core.token_spans('a few words')\nprint(_core.engine_counts()['token_spans']['compiled'])")
    assert _fresh(code).strip() == "1"
