"""The SQLite index file: bad files, a writer killed mid-batch, readers and
writers in separate processes, and the ``simcompare index`` commands."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.synth import iter_texts

from simcompare.errors import IndexFileError
from simcompare.index.index import Index
from simcompare.index.store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
TEXTS = list(iter_texts(40, seed=13, words_per_doc=300))
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from simcompare.cli import main; main()", *args],
                          capture_output=True, text=True, input=stdin, env=ENV, timeout=300)


def built(tmp_path: Path, n: int = 10) -> Path:
    path = tmp_path / "news.db"
    with Index(path) as index:
        index.add([{"id": f"d{k}", "text": TEXTS[k]} for k in range(n)])
    return path


# -- files that are not (good) indexes -----------------------------------------


def test_missing_index_is_an_error_and_nothing_is_created(tmp_path):
    with pytest.raises(IndexFileError, match="no index at"):
        Index(tmp_path / "none.db", create=False)
    with pytest.raises(IndexFileError, match="no index at"):
        Index(tmp_path / "none.db", readonly=True)
    assert list(tmp_path.iterdir()) == []


def test_a_text_file_is_not_an_index_and_is_left_alone(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("not a database\n" * 100)
    before = digest(path)
    with pytest.raises(IndexFileError, match="not a simcompare index \\(not an SQLite database\\)"):
        Index(path)
    assert digest(path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_another_sqlite_database_is_not_an_index(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t(x)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(IndexFileError, match="SQLite database without its tables"):
        Index(path)
    assert digest(path) == before


def test_newer_schema_is_refused_and_left_alone(tmp_path):
    path = built(tmp_path)
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    before = digest(path)
    with pytest.raises(IndexFileError, match=f"schema version {SCHEMA_VERSION + 1}; this simcompare reads "
                                             f"version {SCHEMA_VERSION}: upgrade simcompare"):
        Index(path)
    assert digest(path) == before


def test_truncated_index_is_corrupt_and_left_alone(tmp_path):
    path = built(tmp_path, 30)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = digest(path)
    with pytest.raises(IndexFileError, match="corrupt|malformed|not a database"):
        with Index(path, readonly=True) as index:
            index.query(TEXTS[25])
            index.stats()
            index.ids()
    assert digest(path) == before


def test_garbage_inside_the_index_is_reported(tmp_path):
    path = built(tmp_path, 30)
    data = bytearray(path.read_bytes())
    page = 16384
    data[page : len(data)] = bytes([0xA5]) * (len(data) - page)  # every page but the header's
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(IndexFileError):
        with Index(path, readonly=True) as index:
            index.query(TEXTS[3])
    assert digest(path) == before


def read_only(directory: Path, on: bool) -> None:
    """Make ``directory`` read-only (or writable again): by its mode, or, for
    root, whom modes do not stop, by the immutable attribute."""
    if os.geteuid() != 0:
        os.chmod(directory, 0o555 if on else 0o755)
        return
    done = subprocess.run(["chattr", "+i" if on else "-i", str(directory)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"root ignores file permissions and chattr failed: {done.stderr.decode().strip()}")


def test_read_only_directory(tmp_path):
    path = built(tmp_path)
    read_only(tmp_path, True)
    try:
        with pytest.raises(OSError):
            (tmp_path / "probe").write_text("x")  # really read-only
        with Index(path, readonly=True) as index:  # queries still work
            assert index.query(TEXTS[1])[0].id == "d1"
        with pytest.raises(IndexFileError):
            Index(tmp_path / "new.db")
    finally:
        read_only(tmp_path, False)


def test_cannot_create_in_a_missing_directory(tmp_path):
    with pytest.raises(IndexFileError, match="no directory"):
        Index(tmp_path / "missing" / "news.db")


def test_a_directory_is_not_an_index(tmp_path):
    with pytest.raises(IndexFileError, match="is a directory"):
        Index(tmp_path, create=False)


# -- real processes -------------------------------------------------------------

WRITER = """
import sys, time
sys.path.insert(0, {bench!r})
from support.synth import iter_texts
from simcompare.index import Index

texts = list(iter_texts(400, seed=17, words_per_doc=200))
with Index({path!r}) as index:
    def slow(report):
        print(report.added, flush=True)
        time.sleep(0.3)
    docs = ({{"id": f"w{{k}}", "text": t}} for k, t in enumerate(texts))
    index.add(docs, batch_size=50, on_batch=slow)
print("done", flush=True)
"""


def test_writer_killed_mid_batch_leaves_whole_batches(tmp_path):
    path = tmp_path / "news.db"
    script = WRITER.format(bench=str(ROOT / "tests"), path=str(path))
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=ENV)
    committed = int(writer.stdout.readline())  # the first batch is in; more are being written
    time.sleep(0.45)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL
    with Index(path) as index:  # opens, and holds whole batches only
        n = len(index)
        assert n >= committed and n % 50 == 0 and n < 400
        stats = index.stats()
        assert stats.postings["band"] == n * index.bands  # no orphan postings
        texts = list(iter_texts(400, seed=17, words_per_doc=200))
        assert index.query(texts[n - 1], limit=1)[0].id == f"w{n - 1}"
        assert index.query(texts[n], align=False) == [] or index.query(texts[n])[0].id != f"w{n}"
        report = index.add([{"id": f"w{k}", "text": texts[k]} for k in range(400)], if_exists="skip")
        assert report.skipped == n and len(index) == 400  # and it carries on


READER = """
import sys, time
from simcompare.index import Index
seen = []
deadline = time.time() + 60
with Index({path!r}, readonly=True) as index:
    while time.time() < deadline:
        matches = index.query({query!r}, align=False)
        assert matches and matches[0].id == "d0", matches
        n = len(index)
        assert not seen or n >= seen[-1], (seen[-1], n)
        if not seen:
            print("ready", flush=True)
        seen.append(n)
        if n >= {final}:
            break
print(len(set(seen)), seen[0], seen[-1])
"""


def test_readers_query_while_a_writer_adds(tmp_path):
    path = built(tmp_path, 1)
    texts = list(iter_texts(300, seed=19, words_per_doc=200))
    final = 1 + len(texts)
    script = READER.format(path=str(path), query=TEXTS[0], final=final)
    readers = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=ENV) for _ in range(2)]
    for reader in readers:  # both have answered a first query
        assert reader.stdout.readline() == "ready\n"
    with Index(path) as index:
        for k in range(0, len(texts), 25):
            index.add([{"id": f"n{j}", "text": texts[j]} for j in range(k, k + 25)])
            time.sleep(0.1)
    for reader in readers:
        out, err = reader.communicate(timeout=120)
        assert reader.returncode == 0, err
        sizes_seen, first, last = map(int, out.split())
        assert sizes_seen >= 2 and first < final and last == final


def test_two_writers_in_separate_processes(tmp_path):
    path = built(tmp_path, 1)
    script = """
import sys
sys.path.insert(0, {bench!r})
from support.synth import iter_texts
from simcompare.index import Index
texts = list(iter_texts(200, seed={seed}, words_per_doc=150))
with Index({path!r}) as index:
    for k in range(0, 200, 20):
        index.add([{{"id": f"{prefix}{{j}}", "text": texts[j]}} for j in range(k, k + 20)])
"""
    writers = [subprocess.Popen([sys.executable, "-c", script.format(bench=str(ROOT / "tests"), path=str(path),
                                                                     seed=seed, prefix=prefix)],
                                stderr=subprocess.PIPE, text=True, env=ENV)
               for seed, prefix in ((23, "a"), (29, "b"))]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    with Index(path) as index:
        assert len(index) == 401
        assert index.stats().postings["band"] == 401 * index.bands
        assert index.query(list(iter_texts(200, seed=29, words_per_doc=150))[77], limit=1)[0].id == "b77"


# -- the commands -----------------------------------------------------------------


def test_checkpoints_copy_the_wal_into_the_file(tmp_path, monkeypatch):
    """The checkpointer thread copies commits into the file, so the WAL is
    rewound instead of growing with the index, and a clean close leaves no WAL."""
    from simcompare.index.store import sqlite

    monkeypatch.setattr(sqlite, "_WAL_LIMIT_BYTES", 64 << 10)
    path = tmp_path / "news.db"
    texts = list(iter_texts(300, seed=19, words_per_doc=300))
    largest_wal = 0
    with Index(path) as index:
        def watch(report):
            nonlocal largest_wal
            largest_wal = max(largest_wal, os.path.getsize(str(path) + "-wal"))

        index.add([{"id": f"c{k}", "text": t} for k, t in enumerate(texts)], batch_size=20, on_batch=watch)
        assert len(index) == 300
    assert not os.path.exists(str(path) + "-wal")
    assert 0 < largest_wal < os.path.getsize(path) / 3
    with Index(path, readonly=True) as index:
        assert len(index) == 300 and index.query(texts[7], limit=1)[0].id == "c7"


def test_cli_add_query_stats_remove(tmp_path):
    jsonl = tmp_path / "news.jsonl"
    records = ({"id": f"d{k}", "text": TEXTS[k], "outlet": "Wire", "date": "2020-07-03"} for k in range(12))
    jsonl.write_text("".join(json.dumps(record) + "\n" for record in records))
    index = tmp_path / "news.db"
    done = run_cli("index", "add", str(index), str(jsonl))
    assert done.returncode == 0, done.stderr
    assert "added 12; replaced 0; skipped 0 already indexed" in done.stderr
    query = tmp_path / "query.txt"
    query.write_text(TEXTS[4][: len(TEXTS[4]) // 2] + " And a last line of our own.")
    done = run_cli("index", "query", str(index), str(query), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    top = result["matches"][0]
    assert top["id"] == "d4" and top["kind"] == "reuse" and top["meta"] == {"outlet": "Wire", "date": "2020-07-03"}
    passage = top["passages"][0]
    assert query.read_text()[passage["a_start"] : passage["a_end"]] == passage["a_text"]
    done = run_cli("index", "query", str(index), "-", stdin=TEXTS[4])
    assert done.returncode == 0 and "d4" in done.stdout and "duplicate" in done.stdout
    done = run_cli("index", "stats", str(index), "--format", "json")
    assert json.loads(done.stdout)["documents"] == 12
    done = run_cli("index", "stats", str(index))
    assert "documents" in done.stdout and "bytes per document" in done.stdout
    done = run_cli("index", "remove", str(index), "d4", "d99")
    assert done.returncode == 3 and done.stderr == "removed 1 ('d4'); not in the index, so not removed: 1 ('d99')\n"
    done = run_cli("index", "query", str(index), str(query), "--format", "json")
    assert [m["id"] for m in json.loads(done.stdout)["matches"]] == []
    done = run_cli("index", "compact", str(index))
    assert done.returncode == 0 and "11 documents; 2 segments" in done.stderr


def test_cli_errors_are_one_line(tmp_path):
    query = tmp_path / "q.txt"
    query.write_text(TEXTS[0])
    missing = tmp_path / "missing.db"
    done = run_cli("index", "query", str(missing), str(query))
    assert done.returncode == 1 and done.stderr.count("\n") == 1 and "no index at" in done.stderr
    assert not missing.exists()
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    done = run_cli("index", "stats", str(notes))
    assert done.returncode == 1 and "not a simcompare index" in done.stderr and notes.read_text() == "hello"
    index = built(tmp_path, 2)
    done = run_cli("index", "query", str(index), str(tmp_path / "nope.txt"))
    assert done.returncode == 1 and "no such file" in done.stderr
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(210_000_001)
    done = run_cli("index", "query", str(index), str(big))
    assert done.returncode == 1 and "a query is at most 50,000,000 characters" in done.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "fine words here for once"}\n{"id": broken\n')
    done = run_cli("index", "add", str(index), str(bad))
    assert done.returncode == 1 and f"{bad}:2" in done.stderr
    done = run_cli("index", "add", str(index), str(bad), "--skip-bad")
    assert done.returncode == 0 and "1 bad record skipped" in done.stderr


# -- versions: an index of schema 1, a writer killed while adding versions, the commands ----------------------------

SCHEMA1 = ROOT / "tests" / "support" / "index_schema1.sql"
NOTE = " Correction: an earlier version of this article gave the wrong figure."


def schema1_index(tmp_path: Path) -> Path:
    """The index simcompare made before article versions (tests/support/index_schema1.sql)."""
    path = tmp_path / "old.db"
    con = sqlite3.connect(path)
    con.executescript(SCHEMA1.read_text(encoding="utf-8"))
    con.close()
    return path


def schema_of(path: Path) -> tuple[int, str, bool]:
    """user_version, meta's schema, and whether the versions table is there."""
    con = sqlite3.connect(path)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return (con.execute("PRAGMA user_version").fetchone()[0],
                con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0], "versions" in tables)
    finally:
        con.close()


def test_a_schema1_index_is_read_as_is_and_migrated_on_its_first_write(tmp_path):
    path = schema1_index(tmp_path)
    before = digest(path)
    with Index(path, readonly=True) as index:
        assert len(index) == 3 and index.stats().schema == 1 and index.stats().earlier_versions == 0
        harbour = index.get("harbour").text
        assert index.query(harbour)[0].id == "harbour"
        assert [v.version for v in index.versions("harbour")] == [1] and index.changes() == []
    with Index(path) as index:
        assert index.query(harbour, all_versions=True)[0].version == 1
    assert digest(path) == before and schema_of(path) == (1, "1", False)  # reading writes nothing
    with Index(path, readonly=True) as reader, Index(path) as index:
        report = index.add([{"id": "harbour", "text": harbour.replace("spring", "summer") + NOTE}],
                           if_exists="version")
        assert report.versions == 1 and index.stats().schema == SCHEMA_VERSION
        assert len(reader.versions("harbour")) == 2  # a reader opened on schema 1 sees the migration
        change = index.history("harbour").changes[0]
        assert [s.text for s in change.removed] == ["spring"] and change.note == "Correction:"
        assert index.query(harbour, all_versions=True)[0].version == 1
        assert index.query(harbour + NOTE)[0].version == 2
    assert schema_of(path) == (SCHEMA_VERSION, str(SCHEMA_VERSION), True)


def test_a_failed_first_write_leaves_schema1(tmp_path, monkeypatch):
    path = schema1_index(tmp_path)
    with Index(path) as index:
        harbour = index.get("harbour").text

        def killed(rows):
            raise KeyboardInterrupt  # as if the process died inside the transaction

        monkeypatch.setattr(index._store, "put_versions", killed)
        with pytest.raises(KeyboardInterrupt):
            index.add([{"id": "harbour", "text": harbour + NOTE}], if_exists="version")
        assert schema_of(path) == (1, "1", False) and index.stats().schema == 1
        assert index.get("harbour").text == harbour and index.versions("harbour")[0].text == harbour
        monkeypatch.undo()
        assert index.add([{"id": "harbour", "text": harbour + NOTE}], if_exists="version").versions == 1
    assert schema_of(path) == (SCHEMA_VERSION, str(SCHEMA_VERSION), True)


VERSION_WRITER = """
import sys, time
sys.path.insert(0, {bench!r})
from support.synth import iter_texts
from simcompare.index import Index

texts = list(iter_texts(400, seed=17, words_per_doc=200))
with Index({path!r}) as index:
    def slow(report):
        print(report.versions, flush=True)
        time.sleep(0.3)
    docs = ({{"id": f"w{{k}}", "text": t + {note!r}}} for k, t in enumerate(texts))
    index.add(docs, batch_size=50, on_batch=slow, if_exists="version")
print("done", flush=True)
"""


def test_writer_killed_mid_versioned_add_leaves_whole_batches(tmp_path):
    """SIGKILL while new versions are added to an index of schema 1: the
    migration and every batch are whole or absent, and the add carries on."""
    from simcompare.index.versions import text_sha256

    texts = list(iter_texts(400, seed=17, words_per_doc=200))
    path = tmp_path / "news.db"
    with Index(path) as index:
        index.add([{"id": f"w{k}", "text": t} for k, t in enumerate(texts)])
    con = sqlite3.connect(path)  # back to schema 1, as simcompare made it before versions
    con.executescript("DROP TABLE versions; UPDATE meta SET value = '1' WHERE key = 'schema'; "
                      "PRAGMA user_version = 1;")
    con.close()
    script = VERSION_WRITER.format(bench=str(ROOT / "tests"), path=str(path), note=NOTE)
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=ENV)
    committed = int(writer.stdout.readline())
    time.sleep(0.45)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL and schema_of(path)[0] == SCHEMA_VERSION
    with Index(path) as index:
        counts = [len(index.versions(f"w{k}")) for k in range(400)]
        n = counts.count(2)
        assert n >= committed and n % 50 == 0 and n < 400 and counts == [2] * n + [1] * (400 - n)
        assert len(index) == 400 and index.stats().earlier_versions == n
        for k in (0, n - 1, n, 399):
            latest = index.versions(f"w{k}")[-1]
            assert latest.text == index.get(f"w{k}").text == texts[k] + (NOTE if k < n else "")
            assert latest.sha256 == text_sha256(latest.text)
        assert index.query(texts[n - 1] + NOTE, limit=1, align=False)[0].version == 2
        report = index.add([{"id": f"w{k}", "text": t + NOTE} for k, t in enumerate(texts)], if_exists="version")
        assert (report.versions, report.unchanged) == (400 - n, n)  # and it carries on, without duplicates
        assert index.stats().earlier_versions == 400


def run_main(capsys, *args: str) -> tuple[int, str, str]:
    """``simcompare ARGS`` in this process: (exit status, stdout, stderr)."""
    from simcompare.cli import main

    with pytest.raises(SystemExit) as stop:
        main(list(args))
    out = capsys.readouterr()
    return stop.value.code or 0, out.out, out.err


def test_cli_versions_history_changes(tmp_path, capsys):
    crawls = sorted(str(p) for p in (ROOT / "corpus" / "versions").glob("crawl-*.jsonl"))
    index = str(tmp_path / "news.db")
    status, _, err = run_main(capsys, "index", "add", index, *crawls, "--if-exists", "version")
    assert status == 0 and "added 3; new versions 3; unchanged 0" in err
    status, _, err = run_main(capsys, "index", "add", index, *crawls, "--if-exists", "version")
    assert status == 0 and "added 0; new versions 0; unchanged 6" in err
    page = tmp_path / "pier.html"
    status, out, _ = run_main(capsys, "index", "history", index, "pier-closure", "--format", "json",
                              "--html", str(page))
    history = json.loads(out)
    assert [v["version"] for v in history["versions"]] == [1, 2, 3] and len(history["changes"]) == 2
    first, second = history["changes"]
    assert first["stealth"] and [s["text"] for s in first["removed"]][0] == "three"
    assert second["note"] == "Correction:" and second["added"][0]["text"] == "May"
    assert "stealth edit" in page.read_text(encoding="utf-8")
    status, out, _ = run_main(capsys, "index", "history", index, "pier-closure")
    assert status == 0 and "v2 -> v3" in out and '+ [205:208] "May"' in out
    status, out, err = run_main(capsys, "index", "changes", index, "--since", "2026-11-03", "--format", "json")
    changes = json.loads(out)
    assert (changes["since"], changes["articles"], changes["stealth_edits"]) == ("2026-11-03", 2, 1)
    assert [(c["id"], c["stealth"]) for c in changes["changes"]] == [("pier-closure", False),
                                                                     ("library-sundays", True)]
    status, out, err = run_main(capsys, "index", "changes", index, "--stealth-only")
    assert status == 0 and out.count("STEALTH EDIT") == 2 and "2 stealth edits" in err
    query = tmp_path / "first.txt"
    query.write_text(json.loads((ROOT / "corpus" / "versions" / "crawl-1.jsonl").read_text().splitlines()[0])["text"])
    status, out, _ = run_main(capsys, "index", "query", index, str(query), "--all-versions", "--format", "json")
    assert [(m["id"], m["version"], m["jaccard"]) for m in json.loads(out)["matches"]][0] == ("pier-closure", 1, 1.0)
    status, out, _ = run_main(capsys, "index", "query", index, str(query), "--all-versions")
    assert status == 0 and "version 1" in out
    status, out, _ = run_main(capsys, "index", "query", index, str(query))
    assert status == 0 and "version 3" in out  # the latest version of the story, its third


def test_cli_version_errors_are_one_line(tmp_path, capsys):
    index = str(built(tmp_path, 2))
    for args, message in [
        (("index", "history", index, "nope"), "document 'nope' is not in the index"),
        (("index", "history", index, "d0", "--from-version", "3"), "document 'd0' has no version 3: expected 1 to 1"),
        (("index", "changes", index, "--since", "yesterday"), "date 'yesterday': expected ISO 8601"),
        (("index", "history", str(tmp_path / "none.db"), "d0"), "no index at"),
    ]:
        status, _, err = run_main(capsys, *args)
        assert status == 1 and err.count("\n") == 1 and message in err, err
