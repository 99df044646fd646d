"""Tests for the long-passage part of the alignment benchmark: PAN-style real-text pairs, the join_gap sweep."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from benchmarks.bench_alignment import (
    LONG_EDIT_RATES,
    SWEEP_JOIN_GAPS,
    edit_real_words,
    load_news,
    real_pairs,
    run_sweep,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpora(shared_data):
    found = load_news(shared_data)
    assert found is not None
    return found


def test_real_pairs_slice_exactly_and_keep_their_layout(corpora) -> None:
    edited = real_pairs(12, corpora, seed=3, edit_rate=0.3)
    clean = real_pairs(12, corpora, seed=3, edit_rate=0.0)
    for pair, exact in zip(edited, clean):
        [p] = pair.passages
        assert pair.a[p.a_start:p.a_end] == p.source and pair.b[p.b_start:p.b_end] == p.copy
        assert 300 <= p.words <= 2200 and p.copy != p.source
        # The layout does not depend on the edit rate: only the copy differs.
        assert pair.a == exact.a and p.a_start == exact.passages[0].a_start
        assert exact.passages[0].copy == exact.passages[0].source
        # The passage is planted at a sentence start of the host, whole sentences of the source.
        assert pair.b[p.b_end] == " " and (p.b_start == 0 or pair.b[p.b_start - 1].isspace())
        assert p.source.rstrip("\"'”’)")[-1] in ".!?"
    assert len({pair.a for pair in edited}) == len(edited)


def test_real_edits_touch_words_only() -> None:
    text = 'He said: "The plan, announced on Monday, is dead." Shares fell 3%.\n\nAnalysts were surprised.'
    rng = np.random.default_rng(1)
    for rate in (0.1, 0.3, 0.6):
        copy = edit_real_words(text, rate, rng, ["alpha", "beta"])
        assert re.findall(r"[^\w\s]", copy) == re.findall(r"[^\w\s]", text)
        assert "\n\n" in copy and copy != text
    assert edit_real_words(text, 0.0, rng, ["alpha"]) == text


def test_no_corpora_no_real_pairs(tmp_path) -> None:
    assert load_news(tmp_path) is None


def test_sweep_scores_every_join_gap(tmp_path) -> None:
    args = argparse.Namespace(pairs=4, long_pairs=2, seed=1, data=tmp_path)  # no corpora: synthetic only
    rows = run_sweep(args)
    assert [r["join_gap"] for r in rows] == list(SWEEP_JOIN_GAPS)
    for row in rows:
        assert len(row["sets"]) == 4
        assert all(0 <= s["plagdet"] <= 1 and s["granularity"] >= 1 for s in row["sets"].values())


def test_quick_run_reports_long_passages(tmp_path) -> None:
    out = tmp_path / "quick.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_alignment.py"), "--quick", "--json", str(out),
         "--data", str(tmp_path / "absent")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "long_real: skipped (../shared/data not found)" in proc.stdout
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["long_real"] is None and results["join_gap_sweep"] is None
    assert [s["edit_rate"] for s in results["long_synthetic"]] == list(LONG_EDIT_RATES)
    for s in results["long_synthetic"]:
        for name in ("simcompare", "difflib"):
            t = s["tools"][name]
            assert 0 <= t["plagdet"] <= 1 and t["granularity"] >= 1 and t["ms_median"] > 0
        assert s["tools"]["simcompare"]["problems"]["count"] == 0
