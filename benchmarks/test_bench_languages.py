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


def test_texts_are_one_text_spelled_per_language():
    rng = np.random.default_rng(0)
    paragraphs = bench.document(5000, rng)
    french = bench.spelled(paragraphs, bench.vocabulary("French", np.random.default_rng(1)))
    nfkc = bench.spelled(paragraphs, bench.vocabulary("NFKC-heavy", np.random.default_rng(1)))
    english = bench.spelled(paragraphs, bench.vocabulary("English", np.random.default_rng(1)))
    assert "É" in french and "ﬁ" in nfkc and any(0xFF01 <= ord(c) <= 0xFF5E for c in nfkc)
    assert len(french.split()) == len(nfkc.split()) == len(english.split())  # word for word
    assert english.isascii() and 4000 < len(english) < 7000
    a, b = bench.aligned_pair(20_000, rng)
    assert a[0] != b[0] and len(a[0]) == len(b[0])  # shared paragraphs, a few words replaced
    assert 0.8 < np.mean([x == y for s, t in zip(a[0], b[0]) for x, y in zip(s, t)]) < 1
