"""dedup on Dask gives the local path's answers.

One LocalCluster of 2 single-threaded in-process workers (over TCP, so the
CLI's subprocesses can join it) serves the module: what the tests check is the
answers, which do not depend on where the workers run. What needs worker
processes has them: the CLI's ``--dask`` starts its own cluster of processes
(every task and result pickled between processes), and a worker process is
killed mid-run in its own cluster.
"""

import gzip
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
from simcompare.io.readers import DocumentFiles, read_documents, records_of, sources_of

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
from simcompare.dedup.dask.keep import KeptIds, gather_parts  # noqa: E402
from simcompare.dedup.dask.run import dedup_on_dask  # noqa: E402
from simcompare.dedup.dask.tasks import keep_part  # noqa: E402
from simcompare.io.partitions import located_records, plan_partitions, read_records, records_at  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                       dashboard_address=":0")
    with cluster, distributed.Client(cluster, timeout=60) as client:
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Two JSON lines files: planted copies, boilerplate, records without ids, empty texts, a BOM."""
    docs = generate(700, seed=6, words_per_doc=150, dup_fraction=0.2, passage_fraction=0.0).docs
    for k in range(0, len(docs), 47):
        del docs[k]["id"]  # id from <file>:<line>, whichever block the line is in
    for k in range(5, len(docs), 151):
        docs[k]["text"] = " — "
    root = tmp_path_factory.mktemp("corpus")
    files = [root / "a.jsonl", root / "b.jsonl"]
    half = len(docs) // 2
    files[0].write_text("\ufeff" + "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs[:half]),
                        encoding="utf-8")
    files[1].write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" + ("\n" if k % 50 == 0 else "")
                                for k, d in enumerate(docs[half:])), encoding="utf-8")
    return [str(f) for f in files], docs


@pytest.fixture(scope="module")
def local(corpus):
    """The local path's answers on the corpus, with its default options."""
    return local_run(corpus[0])


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


READ = dict(id_field="id", text_field="text")


def test_partitions_read_what_the_reader_reads(client, corpus, tmp_path):
    """Each partition's records, and each record again by its place alone, as the reader reads the files."""
    files, _ = corpus
    small = tmp_path / "small.jsonl"
    records = b"".join(b'{"id": "%d", "text": "words %d"}\n' % (k, k) + b"\n" * (k % 3) for k in range(12))
    small.write_bytes(b"\xef\xbb\xbf" + records + b"{bad\n"
                      + b'{"text": "no id, caf\xc3\xa9"}\n{"id": 3, "text": "x"}')  # no newline at the end
    for inputs, blocksizes, encoding in (([str(small)], (1, 2, 3, 29, 10**9), "auto"),
                                         ([str(small)], (3,), "utf-8"), (files, (50_000,), "utf-8")):
        whole = [(line, str(item)) for f in inputs for s in sources_of(f, None)
                 for line, item in records_of(s, **READ, encoding=encoding)]
        for blocksize in blocksizes:
            plan = plan_partitions(inputs, client=client, blocksize=blocksize)
            assert len(plan) > 1 or blocksize == 10**9
            parts = [(line, str(item)) for part in plan
                     for line, item in read_records(part, **READ, encoding=encoding)]
            assert parts == whole, blocksize
            for part in plan:
                located = [(line, place, doc) for line, doc, place in located_records(part, **READ, encoding=encoding)
                           if not isinstance(doc, InputError)]
                found = records_at(part, [(line, place, doc.id) for line, place, doc in located[::-1]], **READ,
                                   encoding=encoding)
                assert found == [doc for _, _, doc in located[::-1]]


def test_reading_again_by_place_reads_only_those_records_and_refuses_changed_files(client, tmp_path):
    """The second reading goes to each record's place: a record it does not need is not read (a line spoilt
    after the first reading goes unnoticed), and a file changed since planning is refused, naming it."""
    path = tmp_path / "wires.jsonl"
    lines = [b'{"id": "%d", "text": "story number %d"}\n' % (k, k) for k in range(40)]
    path.write_bytes(b"".join(lines))
    plan = plan_partitions([str(path)], client=client, blocksize=300)
    part = plan[1]
    located = [(line, place, doc.id) for line, doc, place in located_records(part, **READ, encoding="utf-8")]
    first_line = located[0][0]
    stat = path.stat()

    def rewrite(data: bytes, *, keep_time: bool) -> None:
        path.write_bytes(data)
        if keep_time:
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    spoilt = lines.copy()
    spoilt[first_line - 1] = b"{" + b"x" * (len(lines[first_line - 1]) - 2) + b"\n"  # same size, not JSON
    rewrite(b"".join(spoilt), keep_time=True)
    assert [d.text for d in records_at(part, located[1:], **READ, encoding="utf-8")] == \
        [f"story number {int(doc_id)}" for _, _, doc_id in located[1:]]
    with pytest.raises(InputError) as bad:
        records_at(part, located[:1], **READ, encoding="utf-8")
    assert str(bad.value).startswith(f"{path}: changed since it was first read (line {first_line} held document "
                                     f"'{located[0][2]}', now a bad record ({path}:{first_line}: expected a JSON")
    swapped = lines.copy()
    swapped[first_line - 1], swapped[first_line] = lines[first_line], lines[first_line - 1]
    assert len(lines[first_line]) == len(lines[first_line - 1])
    rewrite(b"".join(swapped), keep_time=True)  # same size again, two lines swapped
    with pytest.raises(InputError, match=f"line {first_line} held document '{located[0][2]}', now document "
                                         f"'{located[1][2]}'"):
        records_at(part, located[:1], **READ, encoding="utf-8")
    rewrite(b"".join(lines) + lines[0], keep_time=False)
    with pytest.raises(InputError) as grown:
        records_at(part, located[1:], **READ, encoding="utf-8")
    assert str(grown.value) == (f"{path}: changed since it was first read (size {stat.st_size:,} bytes, now "
                                f"{stat.st_size + len(lines[0]):,}); expected the same file on both readings")
    texts = tmp_path / "texts"
    texts.mkdir()
    for k in range(3):
        (texts / f"{k}.txt").write_text(f"story {k}", encoding="utf-8")
    (part,) = plan_partitions([str(texts)], client=None)
    assert [d.text for d in records_at(part, [(0, 2, "2.txt"), (0, 0, "0.txt")], **READ, encoding="utf-8")] == \
        ["story 2", "story 0"]
    time.sleep(0.01)
    (texts / "2.txt").write_text("story 9", encoding="utf-8")
    with pytest.raises(InputError, match=f"^{texts / '2.txt'}: changed since it was first read \\(modification"):
        records_at(part, [(0, 2, "2.txt")], **READ, encoding="utf-8")


def planted_corpus(rng) -> tuple[list[dict], dict[frozenset, float]]:
    """Unrelated articles and planted pairs whose exact Jaccard (of 5-word shingles) is at each threshold,
    one shingle in a hundred above it and one below; and a chain of three near-copies."""
    seen: set[str] = set()

    def words(n: int) -> list[str]:
        found = []
        while len(found) < n:
            word = "".join(rng.choice(list("abcdefghijklmnopqrstuvwxyz"), 7))
            if word not in seen:
                seen.add(word)
                found.append(word)
        return found

    docs, planted = [], {}
    for t in THRESHOLDS:
        for shared in (round(100 * t) - 1, round(100 * t), round(100 * t) + 1):
            for copy in range(2):
                # Shingles: a has s_a, b has s_b, they share `shared`: Jaccard shared / (s_a + s_b - shared).
                s_a = (100 + shared) // 2
                s_b = 100 + shared - s_a
                a = words(s_a + 4)
                b = a[:shared + 4] + words(s_b - shared)
                ids = (f"t{t}-{shared}-{copy}a", f"t{t}-{shared}-{copy}b")
                docs += [{"id": ids[0], "text": " ".join(a)}, {"id": ids[1], "text": " ".join(b)}]
                planted[frozenset(ids)] = shared / 100
    chain = words(120)
    docs += [{"id": f"chain{k}", "text": " ".join(chain[:100 + 2 * k] + words(2 * k))} for k in range(3)]
    docs += [{"id": f"other{k}", "text": " ".join(words(90))} for k in range(20)]
    return [docs[k] for k in rng.permutation(len(docs))], planted


THRESHOLDS = (0.5, 0.8, 0.9)


def planted_directory(root, docs) -> None:
    """The planted articles as text files in nested folders, with an empty one and a JSON lines file."""
    for k, d in enumerate(docs):
        folder = root / ("sub" if k % 3 else "") / f"{k % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{d['id']}.txt").write_text(d["text"], encoding="utf-8")
    (root / "blank.txt").write_text("  \n", encoding="utf-8")
    (root / "wires.jsonl").write_text(json.dumps({"id": "w", "text": docs[1]["text"]}) + "\n")


@pytest.mark.parametrize("layout", ["jsonl", "txt"])
def test_same_pairs_local_and_dask_at_the_threshold(client, tmp_path, layout):
    """Pairs planted at each threshold and just either side of it: both paths report the same pairs,
    clusters and keep.txt (byte for byte), none below the threshold, and most of those at or above it;
    in JSON lines, and in a directory of text files (runs of files a partition, with a JSON lines file)."""
    docs, planted = planted_corpus(np.random.default_rng(17))
    if layout == "jsonl":
        inputs = [str(tmp_path / "planted.jsonl")]
        (tmp_path / "planted.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        blocksize = 16_000
    else:
        inputs = [str(tmp_path / "planted")]
        planted_directory(tmp_path / "planted", docs)
        blocksize = 20_000
        plan = plan_partitions(inputs, client=client, blocksize=blocksize)
        assert len(plan) >= 3 and any(len(p.files) > 1 for p in plan) and {p.format for p in plan} == {"txt", "jsonl"}
        with pytest.raises(InputError) as read_locally:  # the same files twice: a repeated id names its files
            list(read_documents(inputs * 2))
        with pytest.raises(InputError) as read_on_dask:
            dedup_on_dask(inputs * 2, client=client, blocksize=blocksize)
        assert str(read_on_dask.value) == str(read_locally.value)
    for threshold in THRESHOLDS if layout == "jsonl" else THRESHOLDS[::2]:
        local = dedup(DocumentFiles(inputs), threshold=threshold)
        on_dask = dedup_on_dask(inputs, client=client, threshold=threshold, blocksize=blocksize)
        assert on_dask.summary["dask"]["partitions"] >= 3
        assert_same(local, on_dask)
        assert local.summary["empty_documents"] == (layout == "txt")
        found = {frozenset((p.a.removesuffix(".txt").split("/")[-1], p.b.removesuffix(".txt").split("/")[-1])):
                 p.jaccard for p in local.pairs}
        assert not [ids for ids, j in planted.items() if j < threshold and ids in found]
        assert all(found[ids] == pytest.approx(j) for ids, j in planted.items() if ids in found)
        at_or_above = [ids for ids, j in planted.items() if j >= threshold]
        assert sum(ids in found for ids in at_or_above) >= len(at_or_above) // 2, threshold
        assert any(ids in found for ids, j in planted.items() if j == threshold)  # exactly at it: reported
        local.write(tmp_path / f"local-{threshold}")
        on_dask.write(tmp_path / f"dask-{threshold}")
        for name in OUTPUT_FILES[:3]:
            assert (tmp_path / f"dask-{threshold}" / name).read_bytes() == \
                (tmp_path / f"local-{threshold}" / name).read_bytes(), name


def test_same_answers_as_the_local_path(client, corpus, local):
    files, docs = corpus
    assert local.summary["pairs"] > 30 and local.summary["empty_documents"] > 2
    assert local.summary["boilerplate"]["shingles_ignored"] > 0
    assert any(":" in doc_id for doc_id in local.keep)  # ids from <file>:<line>
    on_dask = dedup_on_dask(files, client=client, blocksize=120_000)
    assert on_dask.summary["dask"]["partitions"] > 4
    assert_same(local, on_dask)
    assert isinstance(on_dask.keep, KeptIds)  # read from the workers' parts, not held by the client


def test_keep_parts_the_client_cannot_see_are_taken_from_their_workers(client, tmp_path):
    import pandas as pd

    docs = pd.DataFrame({"node": [0, 1, 2, 3], "id": ["a", "b\r", "c", "d"], "empty": [False, False, True, False]})
    future = client.submit(keep_part, docs, pd.DataFrame(index=[3]), directory=str(tmp_path / "w"), number=7,
                           pure=False)
    written = future.result()
    assert written["kept"] == 2 and written["listed"] == 3 and written["worker"] in client.scheduler_info()["workers"]
    # Told the client's copy is not the worker's: the part comes through the cluster, and leaves the worker.
    keep = gather_parts(client, [dict(written, bytes=written["bytes"] + 1)], str(tmp_path / "w"))
    assert keep == ["a", "b\r"] and len(keep) == 2 and keep[-1] == "b\r"
    with pytest.raises(InputError, match="left the cluster"):
        gather_parts(client, [dict(written, bytes=0, worker="tcp://127.0.0.1:9")], str(tmp_path / "w"))


def test_a_file_changed_between_the_readings_is_named(client, tmp_path, corpus, monkeypatch):
    from simcompare.dedup.dask import run

    path = tmp_path / "changing.jsonl"
    path.write_text(open(corpus[0][0], encoding="utf-8-sig").read(), encoding="utf-8")
    size = path.stat().st_size
    read_sides = run.read_sides

    def changed_first(*args, **kwargs):
        if path.stat().st_size == size:
            with open(path, "a", encoding="utf-8") as fh:
                fh.write('{"id": "late", "text": "written while the run was on"}\n')
        return read_sides(*args, **kwargs)

    monkeypatch.setattr(run, "read_sides", changed_first)
    with pytest.raises(InputError) as changed:
        dedup_on_dask([str(path)], client=client, blocksize=60_000)
    assert str(changed.value).startswith(f"{path}: changed since it was first read (size {size:,} bytes, now ")


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
    on_dask = dedup([str(path)], client=client, threshold=0.6, boilerplate=None)  # 64 MB blocks: one partition
    assert on_dask.summary["dask"]["partitions"] == 1
    assert [c.representative for c in local.clusters] == ["early"]
    assert_same(local, on_dask)


def test_parquet_glob_fast_mode_and_capped_buckets(client, tmp_path, corpus):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")

    _, docs = corpus
    same = "the same wire story word for word in every one of these many copies"
    rows = [dict(d, id=d.get("id", f"x{k}")) for k, d in enumerate(docs[:300])]
    rows += [{"id": f"copy{k}", "text": same, "outlet": "wire", "date": "2020-01-01"} for k in range(1010)]
    (tmp_path / "pq").mkdir()
    half = len(rows) // 2
    for name, part in (("p1.parquet", rows[:half]), ("p2.parquet", rows[half:])):
        pq.write_table(pa.Table.from_pylist(part), tmp_path / "pq" / name, row_group_size=200)
    files = sorted(str(p) for p in (tmp_path / "pq").iterdir())
    local = local_run(files, fast=True, boilerplate=None)
    # the copies share every band: one capped bucket per band
    assert local.summary["capped_buckets"] == local.summary["parameters"]["bands"] == 16
    assert local.summary["documents_in_capped_buckets"] == 1010
    on_dask = dedup_on_dask([str(tmp_path / "pq" / "*.parquet")], client=client, fast=True, boilerplate=None,
                            blocksize=20_000, shuffle_method="tasks")
    assert on_dask.summary["dask"]["partitions"] > 3
    assert_same(local, on_dask)
    assert all(p.containment_a_in_b is None for p in on_dask.pairs)
    exact = dedup_on_dask([str(tmp_path / "pq" / "*.parquet")], client=client, boilerplate=None, blocksize=20_000)
    assert_same(local_run(files, boilerplate=None), exact)  # verified by reading the row groups again


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
        dedup_on_dask([str(bad)], client=client, blocksize=90_000)
    assert str(dask_error.value) == str(local_error.value)
    assert str(local_error.value).startswith(f"{bad}:31: expected a JSON object with a string field 'text'")
    skipped = []
    local = dedup(lambda: read_documents([str(bad)], skip_bad=True, on_skip=skipped.append))
    on_dask = dedup_on_dask([str(bad)], client=client, blocksize=90_000, skip_bad=True)
    assert on_dask.summary["dask"]["partitions"] > 3
    assert_same(local, on_dask)
    assert on_dask.summary["skipped_records"] == 3
    assert on_dask.summary["skipped_examples"] == [str(e) for e in skipped[:3]]  # the first of two passes
    assert "duplicate id" in on_dask.summary["skipped_examples"][1]


@pytest.mark.slow  # over 9 s on a 2-core VM
def test_cli_outputs_are_the_local_outputs(tmp_path, corpus):
    """``--dask`` starts a local cluster of worker processes: the outputs are the local ones."""
    files, _ = corpus
    local = cli(*files, "-o", str(tmp_path / "local"), "--quiet")
    assert local.returncode == 0, local.stderr
    remote = cli(*files, "-o", str(tmp_path / "dask"), "--dask", "--blocksize", "200kB")
    assert remote.returncode == 0, remote.stderr
    assert remote.stderr.endswith(f"-> {tmp_path / 'dask'}\n")
    for name in OUTPUT_FILES[:3]:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    summaries = [json.loads((tmp_path / d / "summary.json").read_text()) for d in ("local", "dask")]
    for s in summaries:
        del s["stages"], s["parameters"]["workers"]
    dask_info = summaries[1].pop("dask")
    assert dask_info["partitions"] > 2 and dask_info["workers"] == os.cpu_count()
    assert summaries[0] == summaries[1]


def test_bad_inputs_on_dask(client, tmp_path, corpus):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The CLI waits 10 s for a scheduler; 1 s here says the same.
    code = ("from simcompare.dedup.dask import connected; connected.__wrapped__.__kwdefaults__['timeout'] = 1; "
            "from simcompare.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", code, "dedup", corpus[0][0], "-o", str(tmp_path / "o"),
                           "--scheduler", f"tcp://127.0.0.1:{port}"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"simcompare: error: no Dask scheduler answers at tcp://127.0.0.1:{port} within 1 s")
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
def test_a_worker_killed_mid_run_changes_nothing(tmp_path, corpus, local):
    files, _ = corpus
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


def test_gzip_json_lines_as_the_local_path_reads_them(client, tmp_path, corpus):
    files, _ = corpus
    packed = []
    for k, name in enumerate(files):
        target = tmp_path / f"{k}.jsonl.gz"
        target.write_bytes(gzip.compress(open(name, "rb").read()))
        packed.append(str(target))
    # A gzip file is one partition (it cannot be entered in the middle); places are in the decompressed stream.
    on_dask = dedup_on_dask(packed, client=client, blocksize=120_000)
    assert on_dask.summary["dask"]["partitions"] == 2
    local = local_run(packed)
    assert local.summary["pairs"] > 30
    assert_same(local, on_dask)
    assert dedup_on_dask([str(tmp_path / "*.jsonl.gz")], client=client).pairs == local.pairs  # a glob too
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(open(files[1], "rb").read())[:5000])
    with pytest.raises(InputError, match=r"cut\.jsonl\.gz: cannot read to the end .*expected a whole, uncorrupted"):
        dedup_on_dask([str(cut)], client=client)
    (tmp_path / "fake.jsonl.gz").write_text("not gzip")
    with pytest.raises(InputError, match=r"fake\.jsonl\.gz: not a readable gzip file .*expected JSONL compressed"):
        dedup_on_dask([str(tmp_path / "fake.jsonl.gz")], client=client)
