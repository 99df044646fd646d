"""dedup on Dask gives the local path's answers: a real LocalCluster of 2 worker processes."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pytest
from support.synth import generate

from simcompare import InputError, ParameterError, dedup
from simcompare.dedup import OUTPUT_FILES
from simcompare.io.readers import read_documents, records_of, sources_of

SHARED_KEYS = ("documents", "empty_documents", "candidate_pairs", "pairs", "clusters", "documents_in_clusters",
               "kept", "boilerplate", "capped_buckets", "documents_in_capped_buckets")


def cli(*args, input=None):
    return subprocess.run([sys.executable, "-c", "from simcompare.cli import main; main()", "dedup", *args],
                          capture_output=True, text=True, input=input, timeout=300)


def test_without_dask_the_message_says_what_to_install(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "1", "text": "a b c d e f"}\n')
    code = ("import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None; "
            "from simcompare.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", code, "dedup", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "o"),
                           "--dask"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == 'simcompare: error: running on Dask needs Dask: pip install "simcompare[dask]"\n'


distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")
from simcompare.dedup.dask.components import labels  # noqa: E402
from simcompare.dedup.dask.run import dedup_on_dask  # noqa: E402
from simcompare.io.partitions import plan_partitions, read_records  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, distributed.Client(cluster, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two JSON lines files: planted copies, boilerplate, records without ids, empty texts, a BOM."""
    docs = generate(1400, seed=6, words_per_doc=200, dup_fraction=0.2, passage_fraction=0.0).docs
    for k in range(0, len(docs), 97):
        del docs[k]["id"]  # id from <file>:<line>, whichever block the line is in
    for k in range(5, len(docs), 301):
        docs[k]["text"] = " — "
    root = tmp_path_factory.mktemp("corpus")
    files = [root / "a.jsonl", root / "b.jsonl"]
    half = len(docs) // 2
    files[0].write_text("\ufeff" + "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs[:half]),
                        encoding="utf-8")
    files[1].write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" + ("\n" if k % 50 == 0 else "")
                                for k, d in enumerate(docs[half:])), encoding="utf-8")
    return [str(f) for f in files], docs


def local_run(files, **options):
    return dedup(lambda: read_documents(files, encoding=options.pop("encoding", "utf-8")), **options)


def assert_same(local, distributed_result):
    assert distributed_result.pairs == local.pairs
    assert distributed_result.clusters == local.clusters
    assert distributed_result.keep == local.keep
    assert distributed_result.meta == local.meta
    for key in SHARED_KEYS:
        assert distributed_result.summary[key] == local.summary[key], key
    same = ("mode", "threshold", "num_perm", "shingle_size", "seed", "bands", "rows", "fast")
    assert {k: local.summary["parameters"][k] for k in same} == \
        {k: distributed_result.summary["parameters"][k] for k in same}


def test_partitions_read_what_the_reader_reads(client, corpus, tmp_path):
    files, _ = corpus
    small = tmp_path / "small.jsonl"
    records = b"".join(b'{"id": "%d", "text": "words %d"}\n' % (k, k) + b"\n" * (k % 3) for k in range(12))
    small.write_bytes(b"\xef\xbb\xbf" + records + b"{bad\n"
                      + b'{"text": "no id, caf\xc3\xa9"}\n{"id": 3, "text": "x"}')  # no newline at the end
    for inputs, blocksizes in (([str(small)], (1, 2, 3, 29, 10**9)), (files, (50_000,))):
        whole = [(line, str(item)) for f in inputs for s in sources_of(f, None)
                 for line, item in records_of(s, id_field="id", text_field="text", encoding="auto")]
        for blocksize in blocksizes:
            plan = plan_partitions(inputs, client=client, blocksize=blocksize)
            assert len(plan) > 1 or blocksize == 10**9
            parts = [(line, str(item)) for part in plan
                     for line, item in read_records(part, id_field="id", text_field="text", encoding="auto")]
            assert parts == whole, blocksize


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_same_answers_as_the_local_path(client, corpus):
    files, docs = corpus
    local = local_run(files)
    assert local.summary["pairs"] > 50 and local.summary["empty_documents"] > 2
    assert local.summary["boilerplate"]["shingles_ignored"] > 0
    assert any(":" in doc_id for doc_id in local.keep)  # ids from <file>:<line>
    on_dask = dedup(files, client=client)  # 64 MB blocks: one partition a file
    assert_same(local, on_dask)
    on_dask = dedup_on_dask(files, client=client, blocksize=100_000)
    assert on_dask.summary["dask"]["partitions"] > 10
    assert_same(local, on_dask)


def test_a_directory_of_text_files_as_the_local_path_reads_it(client, tmp_path):
    docs = generate(60, seed=8, words_per_doc=80, dup_fraction=0.3, passage_fraction=0.0).docs
    root = tmp_path / "texts"
    for k, d in enumerate(docs):
        folder = root / ("sub" if k % 3 else "") / f"{k % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{d['id']}.txt").write_text(d["text"] if k != 4 else "  \n", encoding="utf-8")
    (root / "wires.jsonl").write_text(json.dumps({"id": "w", "text": docs[1]["text"]}) + "\n")
    plan = plan_partitions([str(root)], client=client, blocksize=2_000)
    assert len(plan) > 3 and any(len(p.files) > 1 for p in plan) and {p.format for p in plan} == {"txt", "jsonl"}
    local = dedup(lambda: read_documents([str(root)]), threshold=0.5)
    on_dask = dedup_on_dask([str(root)], client=client, blocksize=2_000, threshold=0.5)
    assert local.pairs and local.summary["empty_documents"] == 1
    assert_same(local, on_dask)
    with pytest.raises(InputError) as read_locally:  # the same files twice: a repeated id names its files
        list(read_documents([str(root), str(root)]))
    with pytest.raises(InputError) as read_on_dask:
        dedup_on_dask([str(root), str(root)], client=client, blocksize=2_000)
    assert str(read_on_dask.value) == str(read_locally.value)


def test_a_file_rewritten_in_place_is_read_again(client, tmp_path, corpus):
    """A second run on a file rewritten in place (same size, same partitions) answers for the
    new content, not from results of the last run still held on the cluster."""
    files, _ = corpus
    lines = open(files[0], encoding="utf-8-sig").read().splitlines(keepends=True)
    path = tmp_path / "rewritten.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    first = dedup_on_dask([str(path)], client=client)
    path.write_text("".join(reversed(lines)), encoding="utf-8")
    second = dedup_on_dask([str(path)], client=client)
    assert second.keep != first.keep
    assert_same(local_run([str(path)]), second)


def test_representatives_read_news_dates_as_locally(client, tmp_path):
    story = "The central bank raised interest rates by half a point on Thursday citing stubborn inflation in services"
    rows = [{"id": "late", "text": story + " today.", "date": "4 July 2020"},
            {"id": "early", "text": story + ".", "date": "3 July 2020, 23:00 BST"},
            {"id": "zoned", "text": story + " again.", "date": "2020-07-03T23:30:00+01:00"},
            {"id": "other", "text": "A storm closed schools across the region on Friday morning, officials said"}]
    path = tmp_path / "dated.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    local = local_run([str(path)], threshold=0.6, boilerplate=None)
    on_dask = dedup_on_dask([str(path)], client=client, threshold=0.6, boilerplate=None)
    assert [c.representative for c in local.clusters] == ["early"]
    assert_same(local, on_dask)


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_parquet_glob_fast_mode_and_capped_buckets(client, tmp_path, corpus):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")

    _, docs = corpus
    same = "the same wire story word for word in every one of these many copies"
    rows = [dict(d, id=d.get("id", f"x{k}")) for k, d in enumerate(docs)]
    rows += [{"id": f"copy{k}", "text": same, "outlet": "wire", "date": "2020-01-01"} for k in range(1010)]
    (tmp_path / "pq").mkdir()
    half = len(rows) // 2
    for name, part in (("p1.parquet", rows[:half]), ("p2.parquet", rows[half:])):
        pq.write_table(pa.Table.from_pylist(part), tmp_path / "pq" / name, row_group_size=100)
    files = sorted(str(p) for p in (tmp_path / "pq").iterdir())
    local = local_run(files, fast=True, boilerplate=None)
    # the copies share every band: one capped bucket per band
    assert local.summary["capped_buckets"] == local.summary["parameters"]["bands"] == 16
    assert local.summary["documents_in_capped_buckets"] == 1010
    on_dask = dedup_on_dask([str(tmp_path / "pq" / "*.parquet")], client=client, fast=True, boilerplate=None,
                            blocksize=20_000, shuffle_method="tasks")
    assert on_dask.summary["dask"]["partitions"] > 4
    assert_same(local, on_dask)
    assert all(p.containment_a_in_b is None for p in on_dask.pairs)


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_bad_records_and_repeated_ids_as_the_reader_reports_them(client, tmp_path, corpus):
    files, docs = corpus
    lines = [json.dumps(d) for d in docs[:400]]
    lines[30] = '{"id": "broken", "text": '
    lines[250] = json.dumps({"id": docs[10].get("id", "z"), "text": "a repeated id"})
    lines[390] = json.dumps({"id": "n", "text": 7})
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as local_error:
        local_run([str(bad)])
    with pytest.raises(InputError) as dask_error:
        dedup_on_dask([str(bad)], client=client, blocksize=30_000)
    assert str(dask_error.value) == str(local_error.value)
    assert str(local_error.value).startswith(f"{bad}:31: expected a JSON object with a string field 'text'")
    skipped = []
    local = dedup(lambda: read_documents([str(bad)], skip_bad=True, on_skip=skipped.append))
    on_dask = dedup_on_dask([str(bad)], client=client, blocksize=30_000, skip_bad=True)
    assert_same(local, on_dask)
    assert on_dask.summary["skipped_records"] == 3
    assert on_dask.summary["skipped_examples"] == [str(e) for e in skipped[:3]]  # the first of two passes
    assert "duplicate id" in on_dask.summary["skipped_examples"][1]


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_cli_outputs_are_the_local_outputs(client, tmp_path, corpus):
    files, _ = corpus
    local = cli(*files, "-o", str(tmp_path / "local"), "--quiet")
    assert local.returncode == 0, local.stderr
    remote = cli(*files, "-o", str(tmp_path / "dask"), "--scheduler", client.scheduler.address,
                 "--blocksize", "100kB")
    assert remote.returncode == 0, remote.stderr
    assert remote.stderr.endswith(f"-> {tmp_path / 'dask'}\n")
    for name in OUTPUT_FILES[:3]:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    summaries = [json.loads((tmp_path / d / "summary.json").read_text()) for d in ("local", "dask")]
    for s in summaries:
        del s["stages"], s["parameters"]["workers"]
    assert summaries[1].pop("dask")["partitions"] > 2
    assert summaries[0] == summaries[1]


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_cli_dask_starts_a_local_cluster(tmp_path, corpus):
    files, _ = corpus
    proc = cli(files[0], "-o", str(tmp_path / "out"), "--dask", "--quiet")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["dask"]["workers"] == os.cpu_count() and summary["pairs"] > 10


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_bad_inputs_on_dask(client, tmp_path, corpus):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    proc = cli(corpus[0][0], "-o", str(tmp_path / "o"), "--scheduler", f"tcp://127.0.0.1:{port}")
    assert proc.returncode == 1 and time.monotonic() - start < 60
    assert proc.stderr.startswith(f"simcompare: error: no Dask scheduler answers at tcp://127.0.0.1:{port} within 10 s")
    assert proc.stderr.count("\n") == 1
    proc = cli(str(tmp_path / "nothing" / "*.jsonl"), "-o", str(tmp_path / "o"),
               "--scheduler", client.scheduler.address)
    assert proc.returncode == 1
    assert proc.stderr == f"simcompare: error: {tmp_path / 'nothing' / '*.jsonl'}: no files match\n"
    with pytest.raises(InputError, match="no files match"):
        dedup_on_dask(["file:///nonexistent/dir/*.parquet"], client=client)
    (tmp_path / "d.csv").write_text("id,text\n1,a b c d e\n")
    with pytest.raises(InputError, match="the Dask path reads JSON lines, Parquet and text files; got a csv file"):
        dedup_on_dask([str(tmp_path / "d.csv")], client=client)
    with pytest.raises(InputError, match="standard input cannot be read on a Dask cluster"):
        dedup_on_dask(["-"], client=client)
    with pytest.raises(ParameterError,
                       match="on Dask, dedup\\(\\) reads files: expected paths, globs or URLs; got a dict"):
        dedup([{"id": "1", "text": "a b c"}], client=client)
    with pytest.raises(ParameterError, match="runs on one machine only"):
        dedup_on_dask(corpus[0], client=client, mode="reuse")


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_a_worker_killed_mid_run_changes_nothing(tmp_path, corpus):
    files, _ = corpus
    local = local_run(files)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, distributed.Client(cluster, timeout=60) as client:
        pids = client.run(os.getpid)
        killed = []

        def kill_during_verify():
            # The second pass needs the persisted document tables and band rows:
            # the dead worker's share is recomputed from the input.
            deadline = time.monotonic() + 240
            while not killed and time.monotonic() < deadline:
                for worker, keys in client.processing().items():
                    if any("read_sides" in str(key) for key in keys) and worker in pids:
                        os.kill(pids[worker], signal.SIGKILL)
                        killed.append(worker)
                        return
                time.sleep(0.005)

        watcher = threading.Thread(target=kill_during_verify, daemon=True)
        watcher.start()
        on_dask = dedup_on_dask(files, client=client, blocksize=100_000)
        watcher.join(timeout=5)
        assert killed, "no worker was killed"
        assert_same(local, on_dask)


def test_components_match_the_local_union_find():
    import dask
    import dask.dataframe as dd
    import pandas as pd

    from simcompare.sketch.cluster import connected_components

    rng = np.random.default_rng(3)
    graphs = [(60, np.arange(59), np.arange(1, 60))]  # a path: the most rounds
    sizes = ((50, 30), (200, 150), (40, 0), (300, 400))
    graphs += [(n, rng.integers(0, n, m), rng.integers(0, n, m)) for n, m in sizes]
    with dask.config.set(scheduler="synchronous"):
        for n, i, j in graphs:
            nodes = rng.permutation(n).astype(np.int64) * 7919 + (5 << 32)  # sparse, in no particular order
            edges = dd.from_pandas(pd.DataFrame({"a": nodes[i], "b": nodes[j]}), npartitions=3)
            found = labels(edges, shuffle_method="tasks").compute().drop_duplicates()
            expected = connected_components(n, i, j)
            members = {}
            for x in range(n):
                members.setdefault(expected[x], []).append(nodes[x])
            want = {int(x): int(min(group)) for group in members.values() if len(group) > 1 for x in group}
            assert dict(zip(found["node"].tolist(), found["label"].tolist())) == want
