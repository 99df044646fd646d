"""Failures of the CLI: one line and a documented exit status, nothing half-written, Ctrl-C said plainly."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from simcompare.cli import app, main
from simcompare.dedup import OUTPUT_FILES
from simcompare.dedup import result as dedup_result

runner = CliRunner()
A, B = str(CORPUS / "bbc-kim-covid.txt"), str(CORPUS / "independent-kim-covid.txt")
STORY = "The central bank raised interest rates by half a point on Thursday citing stubborn inflation again"


def cli(*args, input=None):
    return subprocess.run([sys.executable, "-c", "from simcompare.cli import main; main()", *args],
                          capture_output=True, text=True, input=input)


def one_line_error(proc, message: str, status: int = 1) -> None:
    assert proc.returncode == status, (proc.returncode, proc.stderr)
    assert proc.stderr.startswith("simcompare: error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr and message in proc.stderr, proc.stderr


def run_main(args, capsys) -> tuple[int, str]:
    """main() in this process (so a test can monkeypatch), its exit status and stderr."""
    with pytest.raises(SystemExit) as stop:
        main(args)
    return stop.value.code, capsys.readouterr().err


# -- dedup: the old complete result or the new complete one --------------------------------------------

@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY)
    (folder / "b.txt").write_text(STORY + " and again")
    (folder / "c.txt").write_text("A storm closed schools across the region on Monday morning")
    return folder


def _files(directory) -> dict:
    return {name: (directory / name).read_text() for name in sorted(os.listdir(directory))}


def _earlier_result(corpus_dir, out, capsys) -> dict:
    status, err = run_main(["dedup", str(corpus_dir), "-o", str(out), "--quiet", "--threshold", "0.5",
                            "--no-boilerplate"], capsys)
    assert status == 0, err
    before = _files(out)
    assert sorted(before) == sorted(OUTPUT_FILES)
    return before


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk-full", "interrupt"])
def test_dedup_failing_part_way_keeps_the_earlier_result_whole(tmp_path, corpus_dir, capsys, monkeypatch,
                                                              failure):
    out = tmp_path / "res"
    before = _earlier_result(corpus_dir, out, capsys)
    real_open = open
    written = []

    def failing_open(path, *args, **kwargs):
        # The third output file fails: two of the new run's are written by then.
        if "keep.txt" in os.path.basename(str(path)):
            written.append(path)
            raise failure
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(dedup_result, "open", failing_open, raising=False)
    status, err = run_main(["dedup", str(corpus_dir), "-o", str(out), "--mode", "reuse", "--overwrite",
                            "--min-words", "5", "--quiet"], capsys)
    assert written, "the injected failure never happened"
    assert status == (130 if isinstance(failure, KeyboardInterrupt) else 1), err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    if isinstance(failure, KeyboardInterrupt):
        assert err.startswith("simcompare: interrupted; nothing written") and str(out) in err, err
    else:
        assert "no space left on device" in err.lower(), err
    assert _files(out) == before  # the old run whole: not a mix, no temporary files
    assert sorted(os.listdir(tmp_path)) == ["in", "res"]


def test_dedup_overwrite_replaces_the_whole_result_and_keeps_other_files(tmp_path, corpus_dir, capsys):
    out = tmp_path / "res"
    _earlier_result(corpus_dir, out, capsys)
    (out / "notes.md").write_text("mine")
    status, err = run_main(["dedup", str(corpus_dir), "-o", str(out), "--mode", "reuse", "--overwrite",
                            "--min-words", "5", "--quiet"], capsys)
    assert status == 0, err
    assert json.loads((out / "summary.json").read_text())["parameters"]["mode"] == "reuse"
    assert sorted(os.listdir(out)) == sorted([*OUTPUT_FILES, "notes.md"])
    assert sorted(os.listdir(tmp_path)) == ["in", "res"]


def test_dedup_unwritable_output_is_one_line(tmp_path, corpus_dir):
    afile = tmp_path / "afile"
    afile.write_text("x")
    one_line_error(cli("dedup", str(corpus_dir), "-o", str(afile / "res"), "--quiet"), "cannot")
    one_line_error(cli("dedup", str(corpus_dir), "-o", str(afile), "--quiet"), "not a directory")
    if os.geteuid() != 0:  # root writes through chmod
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        try:
            one_line_error(cli("dedup", str(corpus_dir), "-o", str(locked / "res"), "--quiet"), "permission denied")
        finally:
            locked.chmod(0o700)


@pytest.mark.parametrize("fails", ["making the directory", "writing, then cleaning up"])
def test_dedup_on_a_read_only_file_system_is_one_line(tmp_path, corpus_dir, capsys, monkeypatch, fails):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    if fails == "making the directory":
        monkeypatch.setattr(dedup_result, "tempfile", SimpleNamespace(mkdtemp=read_only))
    else:  # the cleanup inside the error handler fails too
        monkeypatch.setattr(dedup_result, "open", read_only, raising=False)
        monkeypatch.setattr(dedup_result, "shutil", SimpleNamespace(rmtree=read_only))
    status, err = run_main(["dedup", str(corpus_dir), "-o", str(tmp_path / "res"), "--quiet"], capsys)
    assert status == 1 and err.count("\n") == 1 and "read-only file system" in err, err
    assert not (tmp_path / "res").exists()


def test_dedup_quiet_help_says_what_it_hides():
    out = " ".join(runner.invoke(app, ["dedup", "--help"], env={"COLUMNS": "200"}).output.split())
    assert "summary line" in out and "progress" in out


def test_dedup_interrupted_before_writing_says_nothing_written(tmp_path, corpus_dir, capsys, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sys.modules["simcompare.dedup"], "dedup", interrupt)
    status, err = run_main(["dedup", str(corpus_dir), "-o", str(tmp_path / "res"), "--quiet"], capsys)
    assert status == 130 and err == "simcompare: interrupted; nothing written\n", err
    assert not (tmp_path / "res").exists()


# -- output paths of the other commands ------------------------------------------------------------------

def test_sign_output_that_cannot_be_written_is_one_line(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    somedir = tmp_path / "somedir"
    somedir.mkdir()
    one_line_error(cli("sign", A, "-o", str(tmp_path / "nodir" / "s.npz")), "no such directory")
    one_line_error(cli("sign", A, "-o", str(somedir)), "is a directory")
    one_line_error(cli("sign", A, "-o", str(afile / "s.npz")), "not a directory")
    assert sorted(os.listdir(tmp_path)) == ["afile", "somedir"] and not os.listdir(somedir)


@pytest.mark.parametrize("command", ["compare", "sources"])
def test_html_output_that_cannot_be_written_is_one_line_before_any_work(tmp_path, command):
    somedir = tmp_path / "somedir"
    somedir.mkdir()
    inputs = [A, B] if command == "compare" else [str(CORPUS / "manifest.json")]
    one_line_error(cli(command, *inputs, "--html", str(somedir)), "is a directory")
    one_line_error(cli(command, *inputs, "--html", str(tmp_path / "nodir" / "r.html")), "no such directory")


# -- standard input read once ------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["compare", "align", "sign"])
def test_stdin_given_twice_is_refused(command):
    one_line_error(cli(command, "-", "-", input=open(A).read()), "standard input")


# -- the empty-text error names the file ----------------------------------------------------------------

@pytest.mark.parametrize("command", ["compare", "align"])
def test_empty_text_error_names_the_file(tmp_path, command):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    one_line_error(cli(command, A, str(empty)), f"{empty}: text b is empty")


def test_empty_query_names_the_file(tmp_path):
    index = tmp_path / "n.db"
    assert cli("index", "add", str(index), A, "-q").returncode == 0
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    one_line_error(cli("index", "query", str(index), str(empty)), str(empty))


# -- terminal control sequences in article text ------------------------------------------------------------

def test_control_sequences_in_texts_are_shown_escaped(tmp_path):
    text = open(A).read()
    hostile = text[:200] + "\x1b[2J\x1b]0;owned\x07 \x9b31m\x08" + text[200:]
    (tmp_path / "a.txt").write_text(hostile)
    for command in ("compare", "align"):
        proc = cli(command, str(tmp_path / "a.txt"), A)
        assert proc.returncode == 0, proc.stderr
        assert not any(c in proc.stdout for c in "\x1b\x07\x9b\x08"), repr(proc.stdout[:400])
        assert "\\x1b[2J" in "".join(proc.stdout.split()), proc.stdout


def test_escape_controls_keeps_newlines_and_tabs():
    from simcompare.report.controls import escape_controls

    assert escape_controls("a\tb\nc\x1b[2J\x07\x85\x7f") == "a\tb\nc\\x1b[2J\\x07\\x85\\x7f"


# -- sources ----------------------------------------------------------------------------------------------

def test_sources_by_a_field_no_document_has_is_an_error_that_suggests(tmp_path):
    proc = cli("sources", str(CORPUS / "manifest.json"), "--by", "outlets")
    one_line_error(proc, "no document has a field 'outlets'")
    assert "'outlet'" in proc.stderr and "--by outlet" in proc.stderr


def test_sources_advice_on_an_unknown_file_type(tmp_path):
    odd = tmp_path / "tool.bin"
    odd.write_text("x")
    proc = cli("sources", str(odd))
    one_line_error(proc, "cannot tell the format")
    assert "--format" not in proc.stderr
    assert "rename it, or list it in a manifest" in proc.stderr
    # In dedup and index add, --format is the input's.
    assert "; pass --format" in cli("dedup", str(odd), "-o", str(tmp_path / "o")).stderr
    assert "; pass --format" in cli("index", "add", str(tmp_path / "n.db"), str(odd)).stderr


def test_the_library_names_no_command_line_option_for_an_unknown_file_type(tmp_path):
    from simcompare import UnknownFormatError, read_documents

    odd = tmp_path / "tool.bin"
    odd.write_text("x")
    with pytest.raises(UnknownFormatError, match="expected .txt, .jsonl") as caught:
        list(read_documents([str(odd)]))
    assert "--format" not in str(caught.value) and caught.value.path == str(odd)


# -- index ---------------------------------------------------------------------------------------------------

def test_index_remove_says_what_was_removed_and_missing(tmp_path):
    index = tmp_path / "n.db"
    docs = tmp_path / "d.jsonl"
    docs.write_text("".join(json.dumps({"id": str(i), "text": f"{STORY} {i}"}) + "\n" for i in (1, 2, 17)))
    assert cli("index", "add", str(index), str(docs), "-q").returncode == 0
    proc = cli("index", "remove", str(index), "1", "17", "nope")
    assert proc.returncode == 3, proc.stderr
    assert proc.stderr == "removed 2 ('1', '17'); not in the index, so not removed: 1 ('nope')\n", proc.stderr
    proc = cli("index", "remove", str(index), "2")
    assert proc.returncode == 0 and proc.stderr == "removed 1 ('2')\n", proc.stderr
    help_text = " ".join(runner.invoke(app, ["index", "remove", "--help"], env={"COLUMNS": "200"}).output.split())
    assert "Exit status: 0 when every id was removed, 3 when some" in help_text


@pytest.mark.parametrize("command", [["stats"], ["query", A]])
def test_read_only_index_commands_leave_no_wal_files(tmp_path, command):
    index = tmp_path / "n.db"
    assert cli("index", "add", str(index), A, B, "-q").returncode == 0
    assert os.listdir(tmp_path) == ["n.db"]
    proc = cli("index", command[0], str(index), *command[1:])
    assert proc.returncode == 0, proc.stderr
    assert os.listdir(tmp_path) == ["n.db"]


# -- Ctrl-C ----------------------------------------------------------------------------------------------------

def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize("args, target", [
    (["compare", A, B], "simcompare:compare"),
    (["align", A, B], "simcompare:compare"),
    (["sign", A, B], "simcompare:sign"),
    (["sources", str(CORPUS / "manifest.json")], "simcompare.sources.analysis:sources"),
    (["index", "stats", str(CORPUS / "no.db")], "simcompare.index.index:Index.__init__"),
])
def test_ctrl_c_says_nothing_written(args, target, capsys, monkeypatch):
    module, _, name = target.partition(":")
    owner = sys.modules[module]
    for part in name.split(".")[:-1]:
        owner = getattr(owner, part)
    monkeypatch.setattr(owner, name.split(".")[-1], _interrupt)
    status, err = run_main(args, capsys)
    assert status == 130 and err == "simcompare: interrupted; nothing written\n", err


def test_ctrl_c_during_index_add_says_what_was_kept(tmp_path, capsys, monkeypatch):
    from simcompare.index.index import Index

    docs = tmp_path / "d.jsonl"
    docs.write_text("".join(json.dumps({"id": str(i), "text": f"{STORY} {i}"}) + "\n" for i in range(5)))
    real_add = Index.add

    def add_then_interrupt(self, documents, **kwargs):
        on_batch = kwargs["on_batch"]

        def interrupted_after_first(report):
            on_batch(report)
            raise KeyboardInterrupt

        return real_add(self, documents, **{**kwargs, "on_batch": interrupted_after_first})

    monkeypatch.setattr(Index, "add", add_then_interrupt)
    status, err = run_main(["index", "add", str(tmp_path / "n.db"), str(docs), "--batch-size", "2", "-q"], capsys)
    assert status == 130, err
    assert err == f"simcompare: interrupted; 2 documents added to {tmp_path / 'n.db'} before it are kept\n", err
    with Index(str(tmp_path / "n.db"), create=False, readonly=True) as index:
        assert len(index) == 2
