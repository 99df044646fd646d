"""The language benchmark runs, writes its table and JSON, and its texts are what they claim."""

import json

import numpy as np

from benchmarks import bench_languages as bench


def test_quick_run_reports_each_language_against_english(tmp_path, capsys):
    out = tmp_path / "languages.json"
    report = bench.main(["--quick", "--languages", "French", "NFKC-heavy", "--json", str(out)])
    printed = capsys.readouterr().out
    assert all(name in printed for name in ("English", "French", "NFKC-heavy", "vs English"))
    saved = json.loads(out.read_text())
    assert saved == json.loads(json.dumps(report))
    rows = {r["language"]: r for r in saved["results"]}
    assert set(rows) == {"English", "French", "NFKC-heavy"} and rows["English"]["sign_vs_english"] == 1.0
    assert all(r["sign_chars_per_second"] > 0 and r["align_seconds"] > 0 and r["passages"] > 0 for r in rows.values())


def test_texts_carry_their_language_s_capitals_and_forms():
    rng = np.random.default_rng(0)
    french = bench.document(bench.vocabulary("French", rng), 5000, rng)
    nfkc = bench.document(bench.vocabulary("NFKC-heavy", rng), 5000, rng)
    assert "É" in french and not french.isascii()
    assert "ﬁ" in nfkc and any(0xFF01 <= ord(c) <= 0xFF5E for c in nfkc)  # a ligature, full-width forms
    a, b = bench.aligned_pair(bench.vocabulary("German", rng), 20_000, rng)
    first_a, first_b = a.split("\n\n")[0].split(), b.split("\n\n")[0].split()
    assert 15_000 < len(a) < 25_000 and len(first_a) == len(first_b)  # shared, one word in twenty replaced
    assert 0.8 < np.mean([x == y for x, y in zip(first_a, first_b)]) < 1
