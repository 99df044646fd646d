"""The README runs as written: its marked examples run on the files shipped in corpus/, from a fresh copy.

A fenced block runs when the line before it is the marker comment ``<!-- readme-test: run -->`` (invisible
on GitHub). In a ``bash`` block every line is a ``simcompare`` command (``\\`` continues a line, ``#``
starts a comment), run as ``python -m simcompare`` in a temporary directory holding a copy of corpus/,
and must exit 0; a ``python`` block runs there as a script. Blocks without the marker are for reading
(commands on data the user brings, output, JSON): add the marker to any new example that runs on
shipped files.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass

import pytest
from conftest import CORPUS, ROOT

import simcompare
import simcompare.errors

README = ROOT / "README.md"
MARKER = "<!-- readme-test: run -->"


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    line: int  # of the opening fence, 1-based
    runs: bool


def blocks(text: str) -> list[Block]:
    """Every fenced block of ``text``, and whether the marker comment comes right before it."""
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        fence = re.match(r"^(`{3,})\s*([\w+-]*)\s*$", lines[i])
        if not fence:
            i += 1
            continue
        start, close = i, fence.group(1)
        before = next((line.strip() for line in reversed(lines[:start]) if line.strip()), "")
        i += 1
        while i < len(lines) and lines[i].strip() != close:
            i += 1
        found.append(Block(fence.group(2).lower(), "\n".join(lines[start + 1:i]), start + 1, before == MARKER))
        i += 1
    return found


def commands(body: str) -> list[list[str]]:
    """The commands of a shell block: lines joined at a trailing backslash, comments dropped."""
    joined = re.sub(r"\\\n", " ", body)
    return [args for args in (shlex.split(line, comments=True) for line in joined.splitlines()) if args]


README_BLOCKS = blocks(README.read_text(encoding="utf-8"))
RUNNABLE = [b for b in README_BLOCKS if b.runs]


def test_the_extractor():
    text = f"intro\n\n{MARKER}\n```bash\nsimcompare a \\\n  --b 1  # note\n\n```\n\n```python\nx = 1\n```\n"
    found = blocks(text)
    assert [(b.lang, b.line, b.runs) for b in found] == [("bash", 4, True), ("python", 10, False)]
    assert commands(found[0].body) == [["simcompare", "a", "--b", "1"]]


def test_runnable_examples_are_marked():
    assert {b.lang for b in RUNNABLE} == {"bash", "python"}
    assert len(RUNNABLE) >= 6
    for block in RUNNABLE:
        if block.lang == "bash":
            assert all(args[0] == "simcompare" for args in commands(block.body)), block.line


def test_examples_use_no_local_data():
    """A user has no ../shared: examples name the data they bring and where it comes from."""
    for block in README_BLOCKS:
        assert "../shared" not in block.body, f"README.md:{block.line}"


def test_every_error_class_is_listed():
    text = README.read_text(encoding="utf-8")
    for name in simcompare.errors.__all__:
        assert f"`{name}`" in text, name


def test_index_json_keys_are_documented():
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### The newsroom index"):text.index("### Source comparison")]
    with simcompare.Index() as index:
        index.add(simcompare.read_documents([str(CORPUS / "manifest.json")]))
        match = index.query(CORPUS.joinpath("independent-kim-covid.txt").read_text(encoding="utf-8"),
                            min_words=6)[0].to_dict()
        stats = index.stats().to_dict()
    keys = {"query", "matches", *match, *stats, *stats["parameters"], *stats["segments"]}
    missing = sorted(k for k in keys if f"`{k}`" not in section)
    assert not missing, f"index query/stats JSON keys not in README: {missing}"


@pytest.fixture()
def fresh_copy(tmp_path, monkeypatch):
    """A directory like a fresh clone, as far as the examples go: corpus/ and nothing else."""
    shutil.copytree(CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    return tmp_path


# The shell examples start a Python process per command (several seconds a block): slow.
@pytest.mark.parametrize("block", [pytest.param(b, id=f"line{b.line}-{b.lang}",
                                                marks=[pytest.mark.slow] if b.lang == "bash" else [])
                                   for b in RUNNABLE])
def test_readme_example_runs(block, fresh_copy):
    if block.lang == "python":
        code = compile(block.body, f"README.md:{block.line}", "exec")
        exec(code, {"__name__": "__readme__"})
        return
    for args in commands(block.body):
        proc = subprocess.run([sys.executable, "-m", "simcompare", *args[1:]], cwd=fresh_copy,
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"README.md:{block.line}: {shlex.join(args)}\n{proc.stderr}"
