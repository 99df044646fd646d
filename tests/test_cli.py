import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

import simcompare
from simcompare.cli import app

runner = CliRunner()
SEED_FILES = [str(CORPUS / "bbc-kim-covid.txt"), str(CORPUS / "independent-kim-covid.txt")]


def test_help_and_version():
    assert "sign" in runner.invoke(app, ["--help"]).output
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"simcompare {simcompare.__version__}"


def test_sign_prints_the_pair(tmp_path):
    out = tmp_path / "sigs.npz"
    result = runner.invoke(app, ["sign", *SEED_FILES, "--output", str(out), "--num-perm", "64"])
    assert result.exit_code == 0, result.output
    assert "2 texts signed (num_perm=64" in result.output and "estimated Jaccard" in result.output
    assert simcompare.Signatures.load(out).params.num_perm == 64


def test_sign_reads_stdin():
    result = runner.invoke(app, ["sign", "-", SEED_FILES[0]], input=CORPUS.joinpath("bbc-kim-covid.txt").read_text())
    assert result.exit_code == 0 and "1.000" in result.output


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "bin.dat").write_bytes(b"\x00\x01\x02") and d / "bin.dat", "binary file"),
        (lambda d: (d / "latin.txt").write_bytes("café".encode("latin-1")) and d / "latin.txt", "not valid utf-8"),
        (lambda d: (d / "empty.txt").write_text("") is not None and d / "empty.txt", "has no words"),
    ],
    ids=["missing", "directory", "binary", "latin-1", "empty"],
)
def test_bad_input_is_one_line_on_stderr(tmp_path, make, message):
    path = make(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-c", "from simcompare.cli import main; main()", "sign", str(path), SEED_FILES[0]],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and message in proc.stderr
    assert proc.stderr.startswith("simcompare: error: ")


def test_bad_option_value_exits_non_zero():
    proc = subprocess.run(
        [sys.executable, "-c", "from simcompare.cli import main; main()", "sign", *SEED_FILES, "--num-perm", "0"],
        capture_output=True, text=True,
    )
    assert proc.returncode == 1 and "num_perm must be in [1, 65536], got 0" in proc.stderr


def test_installed_console_script_runs():
    beside_python = Path(sys.executable).with_name("simcompare")
    exe = str(beside_python) if beside_python.exists() else shutil.which("simcompare")
    if exe is None:
        pytest.skip("the simcompare console script is not installed")
    proc = subprocess.run([exe, "sign", *SEED_FILES], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "2 texts signed" in proc.stdout


def cli(*args, input=None):
    """Run the CLI in a real subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-c", "from simcompare.cli import main; main()", *args],
        capture_output=True, text=True, input=input,
    )


def test_compare_shows_summary_then_passages():
    result = runner.invoke(app, ["compare", *SEED_FILES])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("verdict") < out.index("Shared passages")
    assert "partial reuse" in out and "3 quotes, 1 prose" in out
    assert "far-sighted leadership" in out


def test_compare_and_align_take_quiet_and_show_no_progress_off_a_terminal():
    """Progress goes to stderr only on a terminal (the runner's is not) and past a second; -q hides it."""
    for command in ("compare", "align"):
        loud = runner.invoke(app, [command, *SEED_FILES, "--format", "json"])
        quiet = runner.invoke(app, [command, *SEED_FILES, "--format", "json", "-q"])
        assert loud.exit_code == quiet.exit_code == 0, quiet.output
        assert json.loads(loud.output) == json.loads(quiet.output)


def test_compare_and_align_json_follow_the_schema():
    for command in ("compare", "align"):
        result = runner.invoke(app, [command, *SEED_FILES, "--format", "json", "--min-words", "6", "--max-gap", "4"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.output)
        assert doc["a"]["path"] == SEED_FILES[0]
        assert doc["b"]["chars"] == len(CORPUS.joinpath("independent-kim-covid.txt").read_text())
        assert set(doc["similarity"]) == {"jaccard", "containment_a_in_b", "containment_b_in_a", "minhash"}
        a = CORPUS.joinpath("bbc-kim-covid.txt").read_text()
        for p in doc["passages"]:
            assert a[p["a_start"] : p["a_end"]] == p["a_text"] and p["kind"] in ("quote", "prose")


def test_align_text_and_stdin():
    result = runner.invoke(app, ["align", "-", SEED_FILES[1]], input=CORPUS.joinpath("bbc-kim-covid.txt").read_text())
    assert result.exit_code == 0 and "4 shared passages" in result.output


def test_compare_writes_html(tmp_path):
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["compare", *SEED_FILES, "--html", str(report)])
    assert result.exit_code == 0, result.output
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('data-side="a"') == 4


def test_identical_files_are_a_duplicate():
    doc = json.loads(runner.invoke(app, ["compare", SEED_FILES[0], SEED_FILES[0], "--format", "json"]).output)
    assert doc["verdict"] == "duplicate" and len(doc["passages"]) == 1


@pytest.mark.parametrize("command", ["compare", "align"])
def test_compare_bad_input_is_one_line(tmp_path, command):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Café société, déjà vu".encode("latin-1"))
    cases = [
        ([str(tmp_path / "missing.txt"), SEED_FILES[0]], "no such file"),
        ([str(tmp_path), SEED_FILES[0]], "is a directory"),
        ([SEED_FILES[0], str(empty)], "text b is empty"),
        ([str(latin), SEED_FILES[0]], "not valid utf-8 at byte 3"),
        ([SEED_FILES[0], SEED_FILES[1], "--min-words", "0"], "min_words must be an int >= 1, got 0"),
        ([SEED_FILES[0], SEED_FILES[1], "--html", str(tmp_path / "no" / "dir" / "r.html")] if command == "compare"
         else [SEED_FILES[0], SEED_FILES[1], "--max-gap", "-1"],
         "cannot write the report" if command == "compare" else "max_gap"),
    ]
    for args, message in cases:
        proc = cli(command, *args)
        assert proc.returncode == 1, (args, proc.stderr)
        assert proc.stderr.count("\n") == 1 and message in proc.stderr, proc.stderr
    assert cli(command, str(latin), SEED_FILES[0], "--encoding", "latin-1").returncode == 0


def test_file_names_with_brackets_are_not_markup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a short name, so the terminal view doesn't wrap it
    odd = tmp_path / "[bold]report[red].txt"
    odd.write_text(CORPUS.joinpath("independent-kim-covid.txt").read_text())
    result = runner.invoke(app, ["compare", SEED_FILES[0], odd.name])
    assert result.exit_code == 0, result.output
    assert "[bold]report[red].txt" in "".join(result.output.split())
