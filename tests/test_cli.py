import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import simcompare
from simcompare.cli import app

from conftest import CORPUS

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
