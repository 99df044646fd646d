"""What the commands print is written for a person: counts agree with their nouns, no Python in messages
or help, no word or place said twice, file names and Chinese text readable in an 80-column terminal."""

from __future__ import annotations

import json
import re

import pytest
from conftest import CORPUS
from typer.testing import CliRunner

from simcompare.cli import app
from simcompare.text import count, plural

runner = CliRunner()
SEED_FILES = [str(CORPUS / "bbc-kim-covid.txt"), str(CORPUS / "independent-kim-covid.txt")]
COMMANDS = [[], ["compare"], ["align"], ["sign"], ["dedup"], ["sources"], ["index"], ["index", "add"],
            ["index", "query"], ["index", "stats"], ["index", "remove"], ["index", "compact"]]


def test_plural():
    assert [count(n, "match") for n in (0, 1, 2)] == ["0 matches", "1 match", "2 matches"]
    assert count(1, "passage cluster") == "1 passage cluster" and count(2, "bad record") == "2 bad records"
    assert count(12345, "article") == "12,345 articles" and plural("query") == "queries"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "simcompare")
def test_help_is_for_a_person(command):
    result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.output
    usage = out[out.index("Usage:"):].splitlines()[0]
    assert "{" not in usage and "}" not in usage  # "compare [OPTIONS] A B", not "{a} {b}"
    for python in ("<str>", "<bool>", "<list[str]>", "<int>", "<float>"):
        assert python not in out, python
    assert not re.search(r"\w +[.,](\s|$)", out)  # "[keep]" read as markup used to leave "passages ."


def test_sign_keeps_the_part_of_file_names_that_differs(tmp_path):
    names = []
    for topic in ("business", "sport"):
        folder = tmp_path / "data" / "bbc_news" / "bbc" / topic
        folder.mkdir(parents=True)
        path = folder / "001.txt"
        path.write_text(f"An article about {topic} with enough words to sign it well.", encoding="utf-8")
        names.append(str(path))
    result = runner.invoke(app, ["sign", *names], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "business/001.txt" in result.output and "sport/001.txt" in result.output
    assert "thefilesarein" in "".join(result.output.split())  # the folder they share, said once


def test_cjk_passages_wrap_in_the_table(tmp_path):
    a = ("新华社北京电国家主席习近平今天在人民大会堂会见来访的外国领导人"
         "双方就两国关系和共同关心的国际地区问题深入交换意见。")
    (tmp_path / "a.txt").write_text(a * 2, encoding="utf-8")
    (tmp_path / "b.txt").write_text("据报道，" + a + "其他内容完全不同的句子出现在这里作为结尾。", encoding="utf-8")
    result = runner.invoke(app, ["align", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    assert "国际地区问题" in "".join(re.sub(r"[│\s]", "", line) for line in result.output.splitlines())


def test_one_match_is_a_match(tmp_path):
    db = str(tmp_path / "news.db")
    assert runner.invoke(app, ["index", "add", db, SEED_FILES[0], "-q"]).exit_code == 0
    result = runner.invoke(app, ["index", "query", db, SEED_FILES[0]], env={"COLUMNS": "200"})
    assert "1 match for" in result.output and "1 matches" not in result.output


def test_bad_records_counted_in_words(tmp_path):
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"id": "1", "text": "one two three four five six"}\n{"id": "2", "text": "unterminated\n',
                   encoding="utf-8")
    result = runner.invoke(app, ["dedup", str(bad), "-o", str(tmp_path / "out"), "--skip-bad"])
    assert result.exit_code == 0, result.output
    assert "1 document, 0 near-duplicate pairs in 0 clusters" in result.output
    assert "skipped 1 bad record " in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    example = summary["skipped_examples"][0]
    assert " at at " not in example and "character at column" in example  # json's "... at" once
    assert example.count("broken.jsonl:2") == 1


def test_a_skipped_record_is_named_once_in_sources(tmp_path):
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"id": "1", "text": "one two three four five six"}\n{"id": 2, "text": \n', encoding="utf-8")
    result = runner.invoke(app, ["sources", str(bad), "--skip-bad", "--format", "json"])
    problems = json.loads(result.stdout)["problems"]
    assert problems[0]["where"] == f"{bad}:2" and not problems[0]["problem"].startswith(str(bad))


@pytest.mark.parametrize("args, message", [
    (["dedup", SEED_FILES[0], "-o", "{tmp}/out", "--bands", "3"], "got 3 bands and no rows"),
    (["index", "add", "{tmp}/n.db", SEED_FILES[0], "--if-exists", "error"], "expected a new id"),
])
def test_no_python_in_messages(tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if args[:2] == ["index", "add"]:
        assert runner.invoke(app, args).exit_code == 0  # the second add meets the id the first added
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    text = str(result.exception)
    assert message in text
    for python in ("None", "='", "=None"):
        assert python not in text, text
