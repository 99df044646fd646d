"""Tests for the source-comparison benchmark: the corpus's ground truth, the scoring, a quick run."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from benchmarks._newsroom import HELD_OUT, NEWSROOM, Article, Corpus, Sentence, build, count_words, synthetic_pool
from benchmarks.bench_sources import OLD, SIMCOMPARE, main, old_rule_sources, predicted_sources, score
from simcompare.text.dates import parse_date
from tests.support.newsroom import VOCAB


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build(synthetic_pool(200, seed=4), groups=12, seed=4, name="synthetic", vocab=VOCAB)


def test_corpus_is_reproducible(corpus) -> None:
    again = build(synthetic_pool(200, seed=4), groups=12, seed=4, name="synthetic", vocab=VOCAB)
    assert again.records() == corpus.records() and again.truth() == corpus.truth()


def test_truth_is_consistent(corpus) -> None:
    articles = corpus.by_id()
    truth = corpus.truth()
    copies = [t for t in truth.values() if t["role"] in ("copy", "copy_of_copy")]
    assert len(articles) == len(corpus.records()) and copies
    for t in truth.values():
        assert 0.0 <= t["share"] <= 1.0
        if t["role"] in ("copy", "copy_of_copy"):
            source = articles[t["source"]]
            assert source.role == "original" and t["share"] > 0.1
            # dates: the source is known to come first under the documented date rule
            assert parse_date(source.date).before(parse_date(articles[t["id"]].date))
        else:
            assert t["source"] is None and t["share"] == 0.0
    # a copy of a copy takes its words from its parent's copy, not the other way round
    for t in copies:
        if t["role"] == "copy_of_copy":
            assert articles[t["parent"]].role == "copy" and t["source"] == articles[t["parent"]].parent


@pytest.mark.parametrize("style", [NEWSROOM, HELD_OUT], ids=lambda s: s.name)
def test_credited_copies_name_their_source(style) -> None:
    corpus = build(synthetic_pool(200, seed=5), groups=12, seed=5, name="synthetic", vocab=VOCAB, style=style)
    articles = corpus.by_id()
    copies = [a for a in corpus.articles if a.role in ("copy", "copy_of_copy")]
    assert {articles[a.parent].outlet for a in copies} <= set(style.outlets)
    for a in copies:
        source = articles[a.truth()["source"]]
        names = style.names(source.outlet)
        if a.credit != "none":
            (start, end), = a.truth()["credit_spans"]
            credit = a.text[start:end]
            assert any(name.lower() in credit.lower() for name in names), (a.credit, credit)
            if a.credit == "dateline":
                assert start == 0 and credit.rstrip(" -–—:.").endswith(("(" + names[0] + ")", "/" + names[0] + "/"))
        elif a.uncredited_kind == "plain":
            assert not any(name in a.text for name in names if len(name) > 3)


def test_share_counts_words_by_origin() -> None:
    when = parse_date("2024-05-02T09:00Z").start
    a = Article("c", "Paper", "copy", when + timedelta(hours=1), False,
                [[Sentence("Own words here.", "c")], [Sentence("Copied words from the wire story.", "w")]])
    t = a.truth()
    assert t["source"] == "w" and t["share"] == pytest.approx(6 / 9) and count_words(a.text) == 9


def test_scores_of_the_truth_itself_meet_every_target(corpus) -> None:
    truth = corpus.truth()
    perfect = {i: ({t["source"]: {"share": t["share"], "credited": t["credited"]}} if t["source"] else {})
               for i, t in truth.items()}
    m = score(perfect, truth)
    assert (m["source_accuracy"], m["share_error"], m["credit_accuracy"], m["originals_attributed"]) == (1, 0, 1, 0)
    nothing = score({}, truth)
    assert nothing["source_accuracy"] == 0 and nothing["credit_accuracy"] < 1


def test_credit_spans_are_checked_against_the_text(corpus) -> None:
    truth = corpus.truth()
    texts = {a.id: a.text for a in corpus.articles}
    credited = [t for t in truth.values() if t["credited"]]
    assert credited and all(len(t["credit_spans"]) == 1 for t in credited)
    right, wrong = {}, {}
    for t in credited:
        start, end = t["credit_spans"][0]
        credit = {"start": start, "end": end, "text": texts[t["id"]][start:end]}
        right[t["id"]] = {t["source"]: {"share": t["share"], "credited": True, "credit": credit}}
        wrong[t["id"]] = {t["source"]: {"share": t["share"], "credited": True, "credit": {**credit, "text": "x"}}}
    assert score(right, truth, texts)["credit_span_accuracy"] == 1.0
    assert score(wrong, truth, texts)["credit_span_accuracy"] == 0.0


def test_old_rule_chains_through_a_shared_phrase() -> None:
    when = parse_date("2024-05-02T09:00Z").start
    phrase = "told BBC Radio 4's Today programme that"
    farm = Article("farm", "Local", "earlier", when - timedelta(days=1), False,
                   [[Sentence(f"He {phrase} cows.", "farm")]])
    wire = Article("wire", "Reuters", "original", when, False, [[Sentence(f"She {phrase} taxes rise.", "wire")]])
    paper = Article("paper", "Metro", "copy", when + timedelta(hours=5), False,
                    [[Sentence(f"She {phrase} taxes rise.", "wire")]])
    corpus = Corpus("tiny", [farm, wire, paper], 0)
    ft, wt, pt = (a.text.index(phrase) for a in (farm, wire, paper))
    n = len(phrase)
    result = {"articles": [], "pairs": [
        {"a": "farm", "b": "wire", "passages": [{"a_start": ft, "a_end": ft + n, "b_start": wt, "b_end": wt + n}]},
        {"a": "wire", "b": "paper", "passages": [{"a_start": 0, "a_end": len(wire.text), "b_start": 0,
                                                  "b_end": len(paper.text)}]}]}
    predicted = old_rule_sources(result, corpus)
    assert set(predicted["paper"]) == {"farm"} and set(predicted["wire"]) == {"farm"}
    assert predicted["paper"]["farm"]["share"] == pytest.approx(1.0)


def test_old_rule_counts_stock_phrases_listed_apart() -> None:
    when = parse_date("2024-05-02T09:00Z").start
    farm = Article("farm", "Local", "earlier", when - timedelta(days=1), False, [[Sentence("a b c d e f.", "farm")]])
    wire = Article("wire", "Reuters", "original", when, False, [[Sentence("a b c d e f. More words.", "wire")]])
    corpus = Corpus("tiny", [farm, wire], 0)
    # the stock phrase is not in pairs but in the stock list, with its witnesses
    result = {"articles": [], "pairs": [], "stock": [{"phrase": "a b c d e f", "witnesses": [
        {"id": "farm", "start": 0, "end": 11}, {"id": "wire", "start": 0, "end": 11}]}]}
    assert set(old_rule_sources(result, corpus)["wire"]) == {"farm"}


def test_predicted_sources_reads_the_json_contract() -> None:
    result = {"articles": [{"id": "p", "provenance": [
        {"role": "from", "source": "w", "share": 0.5, "credited": True},
        {"role": "from", "source": "w", "share": 0.1},
        {"role": "from", "source": "x", "share": 0.2},
        {"role": "unique", "source": None, "share": 0.2}]}]}
    got = predicted_sources(result)["p"]
    assert got["w"] == {"share": pytest.approx(0.6), "credited": True} and got["x"]["credited"] is False


def test_quick_run_writes_both_approaches(tmp_path, capsys) -> None:
    out = tmp_path / "quick.json"
    assert main(["--quick", "--data", str(tmp_path / "absent"), "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    run = results["corpora"][-1]
    assert run["corpus"] == "synthetic" and set(run["approaches"]) == {SIMCOMPARE, OLD}
    for measures in run["approaches"].values():
        assert 0 <= measures["source_accuracy"] <= 1 and measures["copies"] > 0
    assert "target" in capsys.readouterr().out


def test_quick_run_on_bbc(shared_data, tmp_path) -> None:
    out = tmp_path / "quick.json"
    assert main(["--quick", "--synthetic-groups", "0", "--data", str(shared_data), "--json", str(out)]) == 0
    runs = json.loads(out.read_text())["corpora"]
    assert [(r["corpus"], r["style"]) for r in runs] == [("bbc", NEWSROOM.name), ("held-out", HELD_OUT.name)]
    for run in runs:
        assert run["roles"]["copy"] > 0 and set(run["approaches"]) == {SIMCOMPARE, OLD}


@pytest.mark.slow  # starts the CLI in a subprocess
def test_cli_json_scores_as_the_api(tmp_path) -> None:
    scores = []
    for extra in ([], ["--cli"]):
        out = tmp_path / f"run{len(extra)}.json"
        assert main(["--quick", "--data", str(tmp_path / "absent"), "--json", str(out), *extra]) == 0
        run = json.loads(out.read_text())["corpora"][-1]["approaches"][SIMCOMPARE]
        scores.append({k: run[k] for k in ("source_accuracy", "share_error", "credit_accuracy", "wrong_sources")})
    assert scores[0] == scores[1]
