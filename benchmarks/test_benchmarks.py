"""The benchmarks are code too: a quick run must work and report every contender."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_signature_benchmark_quick_run(tmp_path):
    out = tmp_path / "quick.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_signatures.py"), "--quick", "--json", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    for name in ("simcompare oph", "simcompare kperm", "datasketch bulk sha1", "rensa"):
        assert name in proc.stdout
    results = json.loads(out.read_text())
    corpus = results["corpora"][0]
    assert corpus["corpus"] == "synthetic"
    assert set(corpus["accuracy"]["contenders"]) >= {"simcompare oph", "rensa"}
    assert all(0 <= c["rmse"] < 0.2 for c in corpus["accuracy"]["contenders"].values())


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_dask_benchmark_quick_run(tmp_path):

    pytest.importorskip("distributed")
    out = tmp_path / "dask.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_dask.py"), "--quick", "--json", str(out),
         "--scratch", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = json.loads(out.read_text())
    assert results["results_identical_to_local"] and set(results["median_seconds"]) == {"1", "2"}
    assert results["one_worker_tasks"]["sign_partition"]["tasks"] == results["runs"]["1"][0]["partitions"]
    assert results["plan"]["partitions"] > 1000 and "plan for 100,000,000 articles" in proc.stdout
