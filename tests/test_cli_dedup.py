"""``simcompare dedup`` end to end, in real subprocesses."""

import json
import subprocess
import sys

import pytest
from conftest import SHARED
from support.synth import generate


def dedup_cli(*args, input=None):
    return subprocess.run(
        [sys.executable, "-c", "from simcompare.cli import main; main()", "dedup", *args],
        capture_output=True, text=True, input=input,
    )


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory):
    corpus = generate(300, seed=4, dup_fraction=0.2, passage_fraction=0.0)
    path = tmp_path_factory.mktemp("in") / "docs.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in corpus.docs), encoding="utf-8")
    return path, corpus


def test_jsonl_to_outputs(tmp_path, jsonl):
    path, corpus = jsonl
    proc = dedup_cli(str(path), "--output", str(tmp_path / "out"), "--quiet")
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 300 and summary["pairs"] > 10
    clusters = [json.loads(line) for line in (out / "clusters.jsonl").read_text().splitlines()]
    dates = {d["id"]: d["date"] for d in corpus.docs}
    for c in clusters:
        # The representative is the earliest member (the synthetic docs all have dates).
        assert dates[c["representative"]] == min(dates[m] for m in c["members"])
    keep = (out / "keep.txt").read_text().split()
    assert len(keep) == 300 - sum(c["size"] - 1 for c in clusters)


def test_csv_and_directory_inputs(tmp_path):
    story = "The central bank raised interest rates by half a point on Thursday citing stubborn inflation"
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(story)
    (tmp_path / "in" / "sub" / "b.txt").write_text(story + " again")
    (tmp_path / "docs.csv").write_text(f"id,text,outlet\nc1,{story},Reuters\nc2,other words entirely here,AP\n")
    proc = dedup_cli(str(tmp_path / "in"), str(tmp_path / "docs.csv"), "--output", str(tmp_path / "out"),
                     "--threshold", "0.7", "--no-boilerplate")
    assert proc.returncode == 0, proc.stderr
    pairs = [json.loads(line) for line in (tmp_path / "out" / "pairs.jsonl").read_text().splitlines()]
    found = {frozenset((p["a"], p["b"])) for p in pairs}
    assert found >= {frozenset(("a.txt", "sub/b.txt")), frozenset(("a.txt", "c1"))}
    assert "3 near-duplicate pairs" in proc.stderr or "near-duplicate pairs" in proc.stderr


def test_malformed_jsonl_stops_with_file_and_line_unless_skip_bad(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "1", "text": "fine words here"}\n{"id": "2", "text": \n{"id": "3", "body": "x"}\n')
    proc = dedup_cli(str(bad), "--output", str(tmp_path / "out"))
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert f"{bad}:2:" in proc.stderr
    assert not (tmp_path / "out" / "summary.json").exists()
    proc = dedup_cli(str(bad), "--output", str(tmp_path / "out"), "--skip-bad", "--quiet")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["documents"] == 1 and summary["skipped_records"] == 2


def test_existing_results_are_refused_without_overwrite(tmp_path, jsonl):
    out = tmp_path / "out"
    assert dedup_cli(str(jsonl[0]), "--output", str(out), "--quiet").returncode == 0
    before = (out / "pairs.jsonl").read_text()
    proc = dedup_cli(str(jsonl[0]), "--output", str(out))
    assert proc.returncode == 1 and "already holds results" in proc.stderr and "--overwrite" in proc.stderr
    assert (out / "pairs.jsonl").read_text() == before
    assert dedup_cli(str(jsonl[0]), "--output", str(out), "--overwrite", "--quiet").returncode == 0


def test_duplicate_ids_missing_file_and_stdin(tmp_path):
    dup = tmp_path / "dup.jsonl"
    dup.write_text('{"id": "x", "text": "a b c d e"}\n{"id": "x", "text": "f g h i j"}\n')
    proc = dedup_cli(str(dup), "--output", str(tmp_path / "o1"))
    assert proc.returncode == 1 and "duplicate id 'x'" in proc.stderr
    proc = dedup_cli(str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "o2"))
    assert proc.returncode == 1 and "no such file" in proc.stderr
    lines = "".join(json.dumps({"id": str(i), "text": "same words in every line of this input"}) + "\n"
                    for i in range(3))
    proc = dedup_cli("-", "--output", str(tmp_path / "o3"), "--no-boilerplate", "--quiet", input=lines)
    assert proc.returncode == 0, proc.stderr
    assert len((tmp_path / "o3" / "keep.txt").read_text().split()) == 1


def test_bbc_news_exact_duplicate_groups_are_all_found(tmp_path):
    bbc = SHARED / "data" / "bbc_news" / "bbc"
    if not bbc.is_dir():
        pytest.skip("../shared/data/bbc_news is not present")
    proc = dedup_cli(str(bbc), "--output", str(tmp_path / "out"), "--quiet")
    assert proc.returncode == 0, proc.stderr
    truth = json.loads((bbc.parent / "derived_duplicates.json").read_text())
    records = map(json.loads, (tmp_path / "out" / "pairs.jsonl").read_text().splitlines())
    pairs = {frozenset((p["a"], p["b"])) for p in records}
    for group in truth["exact_duplicate_groups"]:
        for k in range(1, len(group)):
            assert frozenset((group[0], group[k])) in pairs, group


def test_metadata_passes_through_to_the_outputs(tmp_path):
    story = "The central bank raised interest rates by half a point on Thursday citing stubborn inflation"
    path = tmp_path / "docs.jsonl"
    rows = [
        {"id": "r1", "text": story, "outlet": "Reuters", "date": "2020-07-03", "url": "https://example.org/1"},
        {"id": "a1", "text": story + ".", "outlet": "AP", "date": "2020-07-04", "title": "Rates up"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    proc = dedup_cli(str(path), "--output", str(tmp_path / "out"), "--no-boilerplate", "--quiet")
    assert proc.returncode == 0, proc.stderr
    [pair] = [json.loads(line) for line in (tmp_path / "out" / "pairs.jsonl").read_text().splitlines()]
    assert pair["a_meta"] == {"outlet": "Reuters", "date": "2020-07-03", "url": "https://example.org/1"}
    assert pair["b_meta"]["title"] == "Rates up"
    [cluster] = [json.loads(line) for line in (tmp_path / "out" / "clusters.jsonl").read_text().splitlines()]
    assert cluster["representative"] == "r1"
    assert [d["outlet"] for d in cluster["documents"]] == ["AP", "Reuters"] or \
        [d["outlet"] for d in cluster["documents"]] == ["Reuters", "AP"]
