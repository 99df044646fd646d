"""``simcompare sources``: text, JSON and HTML output, bad input."""

from __future__ import annotations

import csv
import json
import subprocess
import sys

from conftest import CORPUS
from typer.testing import CliRunner

from simcompare.cli import app
from simcompare.sources.analysis import sources

runner = CliRunner()
MANIFEST = str(CORPUS / "manifest.json")


def run(*args: str):
    return runner.invoke(app, ["sources", *args], env={"COLUMNS": "400"})  # no wrapping inside table cells


def test_listed_in_help():
    assert "sources" in runner.invoke(app, ["--help"]).output


def test_text_output_on_the_seed_pair():
    result = run(MANIFEST, "--by", "outlet")
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("2 articles from 2 outlets (by outlet) · 4 passage clusters (3 quotes, 1 prose) · "
                          "1 article pair shares passages")
    assert "2 articles are dated without a time of day" in out
    assert "undetermined: 2 articles dated 2020-07-03 without a time of day: their order is unknown" in out
    assert "North Korea closed its borders and put thousands into isolation" in out
    assert "90.5% found nowhere else" in out and "82.6% found nowhere else" in out
    assert "2.9% / 14.5%" in out  # The Independent's row: prose / quotes shared with the BBC


def test_json_output_is_the_library_document():
    result = run(MANIFEST, "--format", "json", "--min-words", "8")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document == json.loads(json.dumps(sources(MANIFEST, min_words=8).to_dict()))
    assert document["parameters"]["min_words"] == 8


def test_html_output(tmp_path):
    page = tmp_path / "sources.html"
    result = run(MANIFEST, "--html", str(page))
    assert result.exit_code == 0, result.output
    assert f"report: {page}" in result.output
    html = page.read_text(encoding="utf-8")
    assert html.count('class="heat') == 4 and html.count('class="cluster"') == 4


def test_problems_are_reported_per_document(tmp_path):
    path = tmp_path / "articles.csv"
    text = "The port reopened on Monday after the strike ended, the harbour authority said in a statement."
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "site", "published", "text"])
        writer.writerow(["w1", "Wire", "2024-05-02T09:00Z", text])
        writer.writerow(["p1", "", "2 May 2024 11:30 GMT", "Update: " + text])
        writer.writerow(["s1", "Site", "next Tuesday", text + " More soon."])
    result = run(str(path), "--by", "site", "--date-field", "published")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "3 problems" not in out and "2 problems (reported, nothing dropped):" in out
    assert "p1: 'site' is ''; counted as outlet 'unknown'" in out
    assert "s1: date 'next Tuesday': expected ISO 8601" in out
    assert "Wire 2024-05-02T09:00+00:00 (w1)" not in out  # s1 has no date: the source is undetermined
    document = json.loads(run(str(path), "--by", "site", "--date-field", "published", "--format", "json").output)
    assert document["matrix"]["outlets"] == ["Site", "Wire", "unknown"]
    assert document["clusters"][0]["source_status"] == "undated"
    assert [p["where"] for p in document["problems"]] == ["p1", "s1"]


def test_skip_bad_reports_the_records_it_skipped(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "a", "text": "one two three"}\n{broken\n', encoding="utf-8")
    assert run(str(path)).exit_code == 1
    document = json.loads(run(str(path), "--skip-bad", "--format", "json").stdout)
    assert [(p["where"], p["field"]) for p in document["problems"]] == [(f"{path}:2", None), ("a", "outlet"),
                                                                        ("a", "date")]
    assert "invalid JSON" in document["problems"][0]["problem"]


def main(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from simcompare.cli import main; main()", "sources", *args],
                          capture_output=True, text=True)


def test_bad_input_is_one_line_on_stderr(tmp_path):
    for args, message in (
        ([str(tmp_path / "missing.json")], "missing.json: no such file or directory"),
        ([MANIFEST, "--html", str(tmp_path / "no" / "dir.html")], "cannot write the report"),
        ([MANIFEST, "--min-words", "0"], "min_words must be an int >= 1, got 0"),
    ):
        proc = main(*args)
        assert proc.returncode == 1 and proc.stdout == ""
        assert proc.stderr.startswith("simcompare: error: ") and proc.stderr.count("\n") == 1
        assert message in proc.stderr


def test_stock_share_option_and_the_matrix_caption(tmp_path):
    from support.newsroom import FARM, STOCK_PHRASE, TAX_PAPER, TAX_WIRE

    from simcompare.sources.stock import DEFAULT_STOCK_SHARE

    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in (FARM, TAX_WIRE, TAX_PAPER)), encoding="utf-8")
    out = run(str(path)).output
    assert "Share of the row outlet's words inside passages aligned with an article of the column outlet" in out
    assert "Stock phrases (shared by unrelated articles: not evidence of copying)" in out and STOCK_PHRASE in out
    assert "stock phrases (wording unrelated articles share, not copying)" in out
    assert "Local Radio 2024" not in out  # the farm story is nobody's source
    document = json.loads(run(str(path), "--format", "json").output)
    assert document["parameters"]["stock_share"] == DEFAULT_STOCK_SHARE
    assert document["stock"][0]["documents"] == ["farm-story", "tax-wire", "tax-paper"]
    assert json.loads(run(str(path), "--format", "json", "--stock-share", "0.2").output)[
        "parameters"]["stock_share"] == 0.2
    assert json.loads(run(str(path), "--format", "json", "--no-stock-share").output)[
        "parameters"]["stock_share"] is None
    proc = main(str(path), "--stock-share", "1.5")
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "--stock-share must be a share between 0 and 1, such as 0.01; got 1.5" in proc.stderr


def test_aliases_option_credits_an_outlet_by_another_name(tmp_path):
    from support.newsroom import RATES, RATES_CREDITED, RATES_UNCREDITED, RATES_WIRE

    path = tmp_path / "news.jsonl"
    docs = ({**RATES_WIRE, "outlet": "Northern Wire"}, {**RATES_CREDITED, "text": "LEEDS (NW) - " + RATES},
            RATES_UNCREDITED)
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    aliases = tmp_path / "aliases.json"
    aliases.write_text(json.dumps({"Northern Wire": ["NW"]}), encoding="utf-8")
    plain = json.loads(run(str(path), "--format", "json").output)
    assert plain["articles"][1]["provenance"][0]["credited"] is False
    document = json.loads(run(str(path), "--format", "json", "--aliases", str(aliases)).output)
    assert document["parameters"]["aliases"] == {"Northern Wire": ["NW"]}
    part = document["articles"][1]["provenance"][0]
    assert part["credited"] is True and part["credit"] == {"start": 0, "end": 12, "text": "LEEDS (NW) -"}
    assert document["articles"][1]["credits"][0]["name"] == "Northern Wire"
    assert document["articles"][2]["provenance"][0]["credited"] is False
    out = run(str(path), "--aliases", str(aliases)).output
    assert "credited: LEEDS (NW) -" in out and "UNCREDITED" in out and "names: Northern Wire (LEEDS (NW) -)" in out


def test_a_bad_alias_file_is_one_line_on_stderr(tmp_path):
    aliases = tmp_path / "aliases.json"
    for content, message in (("{not json", "invalid JSON"), ('{"Wire": [1]}', "expected a name or a list of names")):
        aliases.write_text(content, encoding="utf-8")
        proc = main(MANIFEST, "--aliases", str(aliases))
        assert proc.returncode == 1 and proc.stdout == ""
        assert proc.stderr.startswith("simcompare: error: ") and proc.stderr.count("\n") == 1
        assert message in proc.stderr and "aliases.json" in proc.stderr
