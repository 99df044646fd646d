"""bench_index.py runs end to end on a small corpus and reports what the README quotes."""

from __future__ import annotations

import json

from benchmarks import bench_index


def test_small_run_reports_rates_latency_and_recall(tmp_path, capsys):
    out = tmp_path / "index.json"
    assert bench_index.main(["--docs", "1500", "--peer-docs", "300", "--queries", "60", "--skip-versions",
                             "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    build = result["build"]
    assert build["documents"] == 1500 and build["build_docs_per_s"] > 0 and build["bytes_per_document"] > 1000
    for key in ("query_without_alignment", "query_with_alignment"):
        assert 0 < build[key]["p50_ms"] <= build[key]["p99_ms"]
    quality = build["quality"]
    assert quality["duplicate_recall"] == 1.0 and quality["reuse_recall"] == 1.0
    assert quality["new_with_any_match"] == 0.0
    assert set(result["peers"]) == {"simcompare", "datasketch", "rensa"}
    assert result["peers"]["simcompare"]["recall"] == 1.0
    printed = capsys.readouterr().out
    assert "docs/s" in printed and "p99" in printed and "simcompare builds" in printed


def test_versions_section_adds_versions_once_and_times_a_history(tmp_path):
    result = bench_index.bench_versions(400, tmp_path, new_versions=60, history_versions=6)
    assert result["new_versions"] == 60 and result["again_versions"] == 0 and result["again_unchanged"] == 60
    assert result["earlier_versions"] == 60 and result["changes"] == 60 and 0 < result["stealth_edits"] < 60
    assert 0 < result["postings_per_version"]["band"] < 14 and result["bytes_per_version"] > 0
    assert result["history"]["versions"] == 6 and result["history"]["changes"] == 5
