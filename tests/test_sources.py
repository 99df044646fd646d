"""simcompare.sources: clusters across outlets, earliest witnesses, matrix, provenance, bad input."""

from __future__ import annotations

import doctest
import importlib
import json
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simcompare import compare
from simcompare.errors import InputError, ParameterError
from simcompare.io.readers import Document
from simcompare.sources import UNKNOWN, describe_part, sources
from simcompare.sources.clusters import OVERLAP

# The module, not the function simcompare.sources that the package exports under the same name.
sources_module = importlib.import_module("simcompare.sources.analysis")

from conftest import CORPUS
from support.newsroom import (
    FARM,
    P1,
    P2,
    P3,
    PAPER,
    QUOTE,
    RATES,
    RATES_CREDITED,
    RATES_THIRD_PARTY,
    RATES_UNCREDITED,
    RATES_WIRE,
    SITE,
    STOCK_PHRASE,
    TAX_PAPER,
    TAX_WIRE,
    VOCAB,
    WIRE,
    words,
)


@pytest.fixture(scope="module")
def three():
    return sources([WIRE, PAPER, SITE], by="outlet")


def cluster_with(result, text: str):
    """The one cluster holding the middle three words of ``text``."""
    split = text.split()
    middle = " ".join(split[len(split) // 2 - 1 : len(split) // 2 + 2])
    found = [c for c in result.clusters if any(middle in w.text for w in c.witnesses)]
    assert len(found) == 1
    return found[0]


def test_doctests():
    assert doctest.testmod(sources_module).failed == 0


def test_each_reused_paragraph_is_one_cluster_with_the_wire_as_source(three):
    assert len(three.clusters) == 4
    p2 = cluster_with(three, P2)
    assert three.clusters[0] is p2  # most articles first
    assert (p2.kind, p2.source, p2.source_status, p2.reason) == ("prose", "a1", "earliest", None)
    assert [w.id for w in p2.witnesses] == ["a1", "c1", "b1"]  # by date: 09:00, 10:00, 10:30 UTC
    assert p2.outlets == ["Paper", "Site", "Wire"]
    for text, ids in ((P1, {"a1", "b1"}), (P3, {"a1", "c1"})):
        c = cluster_with(three, text)
        assert {w.id for w in c.witnesses} == ids and c.source == "a1" and c.kind == "prose"


def test_the_shared_quote_is_a_quote_cluster_not_copying(three):
    q = cluster_with(three, QUOTE)
    assert q.kind == "quote"
    assert {w.id for w in q.witnesses} == {"b1", "c1"}
    assert q.source == "c1"  # 10:00 UTC (12:00 +02:00) before 10:30 UTC
    assert all(QUOTE.split()[0] in w.text for w in q.witnesses)


def test_matrix_counts_quotes_and_prose_apart(three):
    o = {name: k for k, name in enumerate(three.outlets)}
    assert three.outlets == ["Paper", "Site", "Wire"]
    cell = three.matrix[o["Paper"]][o["Site"]]
    q = cluster_with(three, QUOTE)
    p2 = cluster_with(three, P2)
    paper_words = {c.cluster: w.words for c in three.clusters for w in c.witnesses if w.id == "b1"}
    assert cell.quote_words == paper_words[q.cluster] and cell.prose_words == paper_words[p2.cluster]
    assert cell.from_quote_words == paper_words[q.cluster] and cell.from_prose_words == 0
    assert cell.clusters == 2
    wire_cell = three.matrix[o["Paper"]][o["Wire"]]
    assert wire_cell.quote_words == 0 and wire_cell.from_prose_words == wire_cell.prose_words > 0
    paper_total = three.article("b1").words
    assert wire_cell.prose_share == pytest.approx(wire_cell.prose_words / paper_total)
    # the wire took nothing from anyone; nothing of an outlet is shared with itself (one article each)
    assert all(c.from_prose_words == c.from_quote_words == 0 for c in three.matrix[o["Wire"]])
    assert all(three.matrix[k][k].prose_words == three.matrix[k][k].quote_words == 0 for k in range(3))


def test_provenance_splits_every_article_into_parts_that_add_up(three):
    paper = three.article("b1")
    roles = [(p.role, p.kind, p.source, p.passages) for p in paper.provenance]
    assert roles == [("from", "prose", "a1", 2), ("from", "quote", "c1", 1), ("unique", None, None, 0)]
    assert paper.provenance[0].outlet == "Wire" and paper.provenance[0].date == "2024-05-02T09:00+00:00"
    wire = three.article("a1")
    # four passages: P1 with the paper, P2 with the paper and the site, P3 with the site
    assert [(p.role, p.kind, p.passages) for p in wire.provenance] == [("first", "prose", 4), ("unique", None, 0)]
    for article in three.articles:
        assert sum(p.words for p in article.provenance) == article.words
        assert sum(p.share for p in article.provenance) == pytest.approx(1.0)
    described = describe_part(paper.provenance[0])
    assert described.startswith(f"{100 * paper.provenance[0].share:.1f}% prose from Wire 2024-05-02T09:00+00:00 (a1)")


def test_json_document(three):
    d = json.loads(json.dumps(three.to_dict()))
    assert list(d) == ["by", "date_field", "parameters", "summary", "matrix", "articles", "clusters", "stock",
                       "pairs", "problems"]
    assert d["summary"] == {"articles": 3, "outlets": 3, "clusters": 4, "quote_clusters": 1, "prose_clusters": 3,
                            "clusters_with_source": 4, "pairs": 3, "stock_phrases": 0, "articles_without_date": 0,
                            "articles_without_time": 0, "problems": 0}
    assert d["parameters"] == {"min_words": 6, "max_gap": 4, "stock_share": 0.01, "aliases": None,
                               "candidates": "all_pairs", "candidate_pairs": 3}
    assert d["matrix"]["outlets"] == ["Paper", "Site", "Wire"] and len(d["matrix"]["cells"][2]) == 3
    assert set(d["matrix"]["cells"][0][1]) == {"prose_words", "quote_words", "prose_share", "quote_share",
                                               "from_prose_words", "from_quote_words", "clusters", "words",
                                               "share", "credited_words", "uncredited_words"}
    a = d["articles"][1]
    assert (a["id"], a["outlet"], a["date"], a["date_given"]) == ("b1", "Paper", "2024-05-02T10:30:00+00:00",
                                                                  PAPER["date"])
    assert set(a["provenance"][0]) == {"role", "kind", "words", "share", "passages", "source", "outlet", "date",
                                       "possible_sources", "source_share", "credited", "credit"}
    assert d["stock"] == []
    c = d["clusters"][0]
    assert list(c) == ["cluster", "kind", "outlets", "source", "source_status", "possible_sources", "reason",
                       "witnesses", "pairs", "articles"]
    assert set(c["witnesses"][0]) == {"id", "outlet", "date", "start", "end", "words", "text"}
    assert [(p["a"], p["b"]) for p in d["pairs"]] == [("a1", "b1"), ("a1", "c1"), ("b1", "c1")]


def test_spans_slice_the_texts(three):
    texts = {a.id: a.text for a in three.articles}
    for c in three.clusters:
        for w in c.witnesses:
            assert texts[w.id][w.start:w.end] == w.text
    for p in three.pairs:
        for x in p.passages:
            assert texts[p.a][x.a_start:x.a_end] == x.a_text and texts[p.b][x.b_start:x.b_end] == x.b_text


def test_ties_and_unknown_dates_are_reported_not_guessed():
    text = "Officials confirmed on Tuesday that the bridge over the river will stay closed until the spring."
    docs = [{"id": "d", "outlet": "D", "date": "3 July 2020", "text": text},
            {"id": "e", "outlet": "E", "date": "July 3, 2020", "text": "Update. " + text},
            {"id": "f", "outlet": "F", "date": "2020-07-03T14:02", "text": text + " More."}]
    tie = sources(docs).clusters[0]
    # d and e could be before or after f (14:02 falls inside their day): nobody is known to be first
    assert (tie.source, tie.source_status, tie.possible_sources) == (None, "tie", ["d", "e", "f"])
    assert "d (2020-07-03, no time of day)" in tie.reason and "f (2020-07-03T14:02)" in tie.reason
    same_day = sources(docs[:2]).clusters[0]
    assert same_day.reason == "2 articles dated 2020-07-03 without a time of day: their order is unknown"
    next_day = sources(docs[:2] + [{"id": "g", "outlet": "G", "date": "2020-07-04T00:30", "text": text}])
    assert next_day.clusters[0].source_status == "tie" and "g" not in next_day.clusters[0].possible_sources
    minute = sources([{"id": "m", "outlet": "M", "date": "2020-07-03T14:02", "text": text},
                      {"id": "n", "outlet": "N", "date": "2020-07-03T14:02:40", "text": text}]).clusters[0]
    assert minute.source_status == "tie"  # 14:02 is any second of that minute
    undated = sources([docs[2], {"id": "u", "outlet": "U", "text": text}])
    c = undated.clusters[0]
    assert (c.source, c.source_status, c.possible_sources) == (None, "undated", ["f", "u"])
    assert c.reason == "no date for u, which may be first"
    assert [p.role for p in undated.article("f").provenance] == ["undetermined", "unique"]


def test_mixed_date_formats_are_parsed_or_reported_per_document():
    text = "The council approved the new budget for schools and roads after a long debate on Monday night."
    docs = [
        {"id": "iso", "outlet": "A", "date": "2024-03-04T22:10:00+01:00", "text": text},
        {"id": "rfc", "outlet": "B", "date": "Mon, 04 Mar 2024 21:40:00 GMT", "text": text},
        {"id": "news", "outlet": "C", "date": "March 5, 2024 8:15 am", "text": text},
        {"id": "bad", "outlet": "D", "date": "yesterday", "text": text},
        {"id": "none", "outlet": "E", "text": text},
    ]
    result = sources(docs)
    assert [a.date.iso if a.date else None for a in result.articles] == [
        "2024-03-04T22:10:00+01:00", "2024-03-04T21:40:00+00:00", "2024-03-05T08:15", None, None]
    problems = [(p.where, p.field, p.value) for p in result.problems]
    assert problems == [("bad", "date", "yesterday"), ("none", "date", None)]
    assert "expected ISO 8601" in result.problems[0].problem and "counts as unknown" in result.problems[0].problem
    assert result.problems[1].problem == "no 'date' field; its date counts as unknown"
    assert result.clusters[0].source_status == "undated"
    dated = sources(docs[:3]).clusters[0]
    # 21:10 UTC, 21:40 UTC; 08:15 without a zone is widened by 14 h and cannot be ordered against them
    assert dated.source_status == "tie" and dated.possible_sources == ["iso", "news"]


def test_a_missing_outlet_counts_as_unknown_and_is_reported():
    text = "Heavy rain flooded the main road into the town centre for the second time this month."
    result = sources([{"id": "x", "outlet": "Zeta", "date": "2024-01-01", "text": text},
                      {"id": "y", "date": "2024-01-02", "text": text},
                      {"id": "z", "outlet": "  ", "date": "2024-01-03", "text": text},
                      {"id": "w", "outlet": "alpha", "date": "2024-01-04", "text": text}])
    assert result.outlets == ["alpha", "Zeta", UNKNOWN]
    assert [a.outlet for a in result.articles] == ["Zeta", UNKNOWN, UNKNOWN, "alpha"]
    assert [(p.where, p.field, p.problem) for p in result.problems] == [
        ("y", "outlet", "no 'outlet' field; counted as outlet 'unknown'"),
        ("z", "outlet", "'outlet' is '  '; counted as outlet 'unknown'")]
    assert result.matrix[2][2].prose_words > 0  # the two unknown articles share with each other
    assert result.clusters[0].source == "x"


def test_by_any_field_and_empty_texts():
    docs = [Document("a", "Stocks rose sharply in early trading after the central bank held rates.",
                     {"site": "S1", "date": "2024-01-01"}),
            Document("b", "Stocks rose sharply in early trading after the central bank held rates.",
                     {"site": "S2", "date": "2024-01-02"}),
            Document("c", "  ", {"site": "S3", "date": "2024-01-02"})]
    result = sources(docs, by="site")
    assert result.outlets == ["S1", "S2", "S3"] and result.clusters[0].source == "a"
    assert result.article("c").words == 0 and [p.role for p in result.article("c").provenance] == ["unique"]
    assert [(p.where, p.problem) for p in result.problems] == [("c", "the text has no words; it shares nothing")]


def test_paths_manifests_and_dataframes_are_read():
    from_manifest = sources(CORPUS / "manifest.json")
    assert [a.id for a in from_manifest.articles] == ["bbc-kim-covid", "independent-kim-covid"]
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([WIRE, PAPER, SITE])
    assert sources(frame).to_dict() == sources([WIRE, PAPER, SITE]).to_dict()
    # a DataFrame's missing values (NaN, NaT) are missing fields, not an outlet called "nan"
    gaps = pd.DataFrame([WIRE, {**PAPER, "outlet": None, "date": None}])
    gaps["date"] = pd.to_datetime(gaps["date"], utc=True, format="ISO8601")
    result = sources(gaps)
    assert result.outlets == ["Wire", UNKNOWN] and result.article("a1").date.iso == "2024-05-02T09:00:00+00:00"
    assert [(p.where, p.field, p.value) for p in result.problems] == [("b1", "outlet", None), ("b1", "date", None)]


def test_bad_input_raises(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        sources([tmp_path / "missing.jsonl"])
    with pytest.raises(ParameterError, match="paths, or documents"):
        sources([CORPUS / "manifest.json", WIRE])
    with pytest.raises(InputError, match="duplicate id 'a1'"):
        sources([WIRE, WIRE])
    with pytest.raises(ParameterError, match="min_words must be an int >= 1, got 0"):
        sources([WIRE], min_words=0)
    with pytest.raises(ParameterError, match="by must be a field name"):
        sources([WIRE], by="")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(WIRE) + "\nnot json\n" + json.dumps(PAPER) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2"):
        sources(bad)
    result = sources(bad, skip_bad=True)
    assert [a.id for a in result.articles] == ["a1", "b1"]
    assert result.problems[0].where == f"{bad}:2" and "invalid JSON" in result.problems[0].problem


def test_large_sets_use_anchors_and_find_the_same_long_passages(monkeypatch):
    everything = sources([WIRE, PAPER, SITE])
    monkeypatch.setattr(sources_module, "ALL_PAIRS_MAX_DOCS", 2)
    anchored = sources([WIRE, PAPER, SITE])
    assert anchored.parameters["candidates"] == "anchors"
    assert [(c.kind, c.source, [w.id for w in c.witnesses]) for c in anchored.clusters] == [
        (c.kind, c.source, [w.id for w in c.witnesses]) for c in everything.clusters]


def test_the_seed_pair_is_a_two_outlet_case():
    result = sources(CORPUS / "manifest.json", by="outlet")
    assert result.outlets == ["BBC", "The Independent"]
    assert [c.kind for c in result.clusters].count("quote") == 3 and len(result.clusters) == 4
    for c in result.clusters:
        assert c.source is None and c.source_status == "tie"
        assert c.reason == "2 articles dated 2020-07-03 without a time of day: their order is unknown"
    prose = next(c for c in result.clusters if c.kind == "prose")
    assert prose.witnesses[0].text == "North Korea closed its borders and put thousands into isolation"
    bbc_row = result.matrix[0]
    assert bbc_row[1].quote_words > 0 and bbc_row[1].prose_words == 10 and bbc_row[0].prose_words == 0
    assert result.summary["articles_without_time"] == 2 and result.problems == []


def test_the_seed_pair_credits():
    """BBC credits a Reuters report, The Independent KCNA and AFP; the prose both carry is credited by neither."""
    result = sources(CORPUS / "manifest.json", by="outlet")
    bbc, independent = result.article("bbc-kim-covid"), result.article("independent-kim-covid")
    assert {c["name"] for c in bbc.credits} == {"Reuters"}  # "told the BBC" in the BBC's story credits nobody
    assert {c["name"] for c in independent.credits} == {"KCNA", "AFP"}
    for article in (bbc, independent):
        assert all(article.text[c["start"]:c["end"]] == c["text"] for c in article.credits)
        prose = next(p for p in article.provenance if p.kind == "prose")
        assert prose.role == "undetermined" and prose.credited is False and prose.credit is None


# A text is a list of segments: random filler words, or one of the shared passages.
PASSAGES = [words(random.Random(k), 12) for k in range(3)]
segment = st.one_of(
    st.integers(0, 2).map(lambda k: PASSAGES[k]),
    st.lists(st.sampled_from(VOCAB[:40]), min_size=0, max_size=15).map(" ".join),
    st.sampled_from(['"', "“", "”", ".\n\n", " — ", "<b>", "’s"]),
)
document = st.lists(segment, max_size=8).map(" ".join)


@given(st.lists(document, min_size=2, max_size=5),
       st.lists(st.sampled_from(["A", "B", "C", None]), min_size=5, max_size=5),
       st.lists(st.sampled_from(["2024-01-01", "2024-01-01T10:00Z", "2 Jan 2024 09:00", "soon", None]),
                min_size=5, max_size=5),
       st.integers(1, 8))
def test_every_reported_span_slices_the_original_text(texts, outlets, dates, min_words):
    docs = [{"id": str(k), "text": t, **({"outlet": outlets[k]} if outlets[k] else {}),
             **({"date": dates[k]} if dates[k] else {})} for k, t in enumerate(texts)]
    result = sources(docs, min_words=min_words)
    by_id = {a.id: a for a in result.articles}
    spans: dict[str, list] = {}
    for c in result.clusters:
        assert len({w.id for w in c.witnesses}) >= 2
        for w in c.witnesses:
            assert by_id[w.id].text[w.start:w.end] == w.text
            spans.setdefault(w.id, []).append((w.start, w.end))
    for found in spans.values():  # witnesses of one article overlap by less than half of the shorter
        found = sorted(set(found))
        for k, (s1, e1) in enumerate(found):
            for s2, e2 in found[k + 1:]:
                assert min(e1, e2) - max(s1, s2) < OVERLAP * min(e1 - s1, e2 - s2)
    for p in result.pairs:
        for x in p.passages:
            assert by_id[p.a].text[x.a_start:x.a_end] == x.a_text
            assert by_id[p.b].text[x.b_start:x.b_end] == x.b_text
    for a in result.articles:
        assert sum(p.words for p in a.provenance) == a.words
    json.dumps(result.to_dict())


# --------------------------------------------------------------------------
# The cases: stock phrases chain nothing; the matrix is compare's coverage
# --------------------------------------------------------------------------


@pytest.mark.parametrize("stock_share", [0.01, None])
def test_a_stock_phrase_does_not_make_an_unrelated_earlier_story_the_source(stock_share):
    result = sources([FARM, TAX_WIRE, TAX_PAPER], stock_share=stock_share)
    roles = {a.id: [(p.role, p.source) for p in a.provenance] for a in result.articles}
    assert roles == {"farm-story": [("stock", None), ("unique", None)],
                     "tax-wire": [("first", None), ("unique", None)],
                     "tax-paper": [("from", "tax-wire"), ("unique", None)]}
    assert result.article("tax-wire").provenance[0].words == result.article("tax-wire").words
    paper = result.article("tax-paper").provenance[0]
    assert paper.words >= 0.95 * result.article("tax-paper").words and paper.source_share == 1.0
    assert result.article("farm-story").provenance[0].words == len(STOCK_PHRASE.split())
    assert [[w.id for w in c.witnesses] for c in result.clusters] == [["tax-wire", "tax-paper"]]
    assert [(s.phrase, s.documents) for s in result.stock] == [(STOCK_PHRASE, ["farm-story", "tax-wire",
                                                                               "tax-paper"])]
    assert [(p.a, p.b) for p in result.pairs] == [("tax-wire", "tax-paper")]
    o = {name: k for k, name in enumerate(result.outlets)}
    assert all(cell.words == 0 for cell in result.matrix[o["Local Radio"]])
    assert result.matrix[o["Evening Gazette"]][o["Local Radio"]].words == 0


def test_a_phrase_two_unrelated_stories_share_is_not_copying_but_a_shared_story_is():
    phrase_only = sources([FARM, TAX_WIRE])
    assert phrase_only.clusters == [] and phrase_only.pairs == []
    assert [p.role for p in phrase_only.article("tax-wire").provenance] == ["stock", "unique"]
    # the same seven words are most of a short article: not a phrase in passing
    short = {"id": "short", "outlet": "S", "date": "2024-03-05T11:00Z", "text": f"A minister {STOCK_PHRASE}."}
    taken = sources([TAX_WIRE, short])
    assert [(p.role, p.source) for p in taken.article("short").provenance][0] == ("from", "tax-wire")


def test_words_go_to_the_earliest_article_carrying_those_words_pair_by_pair():
    # an early article carries one paragraph of the wire story; a paper copies the whole wire story later
    early = {"id": "early", "outlet": "Blog", "date": "2024-05-02T08:00Z", "text": filler_text("e") + P2 + "."}
    result = sources([early, WIRE, PAPER])
    paper = {p.source: p for p in result.article("b1").provenance if p.role == "from"}
    wire = result.article("a1")
    # P2 (in the blog, the wire and the paper) is the blog's; P1 (the wire and the paper only) the wire's
    assert set(paper) == {"early", "a1"}
    assert paper["a1"].words == sum(w.words for c in result.clusters for w in c.witnesses
                                    if w.id == "b1" and P1.split()[10] in w.text)
    assert [(p.role, p.source) for p in wire.provenance][0] == ("from", "early")
    assert wire.provenance[0].words < 0.4 * wire.words  # the blog had P2, never the rest of the story


def filler_text(tag: str) -> str:
    return words(random.Random(tag), 25) + ".\n\n"


def test_a_matrix_cell_is_compare_coverage_for_two_articles():
    result = sources([WIRE, PAPER, SITE])
    o = {name: k for k, name in enumerate(result.outlets)}
    texts = {"Wire": WIRE["text"], "Paper": PAPER["text"], "Site": SITE["text"]}
    for row in texts:
        for column in texts:
            if row == column:
                continue
            cell = result.matrix[o[row]][o[column]]
            coverage = compare(texts[row], texts[column]).coverage_a
            assert cell.share == pytest.approx(coverage) and cell.words == cell.prose_words + cell.quote_words
            assert cell.prose_share + cell.quote_share == pytest.approx(cell.share)
    # the wire's row: nothing taken from anyone; the paper's: credited and uncredited are 0 without credits
    two = sources([WIRE, PAPER])
    assert two.matrix[0][1].share == pytest.approx(compare(PAPER["text"], WIRE["text"]).coverage_a)
    assert two.matrix[1][0].share == pytest.approx(compare(WIRE["text"], PAPER["text"]).coverage_a)
    paper = two.article("b1").provenance[0]
    assert paper.source_share == pytest.approx(compare(PAPER["text"], WIRE["text"]).coverage_b)


def test_stock_share_is_checked():
    with pytest.raises(ParameterError, match="stock_share must be a share between 0 and 1 .*; got 1.5"):
        sources([WIRE], stock_share=1.5)


def test_frequent_wording_is_stock_and_a_widely_copied_story_is_not():
    rng = random.Random(3)
    line = "said in a statement released by its press office on Monday"
    docs = [{"id": f"s{k}", "outlet": f"O{k % 4}", "date": f"2024-01-{k + 1:02d}",
             "text": f"{words(rng, 30)} The company {line}. {words(rng, 30)}"} for k in range(12)]
    story = words(rng, 60)
    docs += [{"id": f"c{k}", "outlet": f"O{k % 4}", "date": f"2024-02-{k + 1:02d}",
              "text": f"{words(rng, 10)}. {story}"} for k in range(12)]
    result = sources(docs, stock_share=0.2)
    assert len(result.stock) == 1 and result.stock[0].documents == [f"s{k}" for k in range(12)]
    assert all(p.role in ("stock", "unique") for k in range(12) for p in result.article(f"s{k}").provenance)
    later = result.article("c5").provenance[0]
    assert (later.role, later.source) == ("from", "c0") and later.words == 60


@pytest.mark.slow
@pytest.mark.real_corpus
def test_bbc_politics_a_shared_radio_phrase_chains_nothing(shared_data):
    """politics/005 is a duplicate of politics/359 and shares only "told BBC Radio 4's Today programme" with
    politics/281; 281 comes first of all, as when it was named the source of 005."""
    from datetime import datetime, timedelta

    folder = shared_data / "bbc_news" / "bbc" / "politics"
    paths = sorted(folder.glob("*.txt"))
    if not paths:
        pytest.skip("BBC News politics is not in ../shared/data")
    start = datetime(2005, 1, 1)
    docs = [{"id": p.stem, "outlet": "BBC", "text": p.read_text(encoding="utf-8", errors="replace"),
             "date": (start + timedelta(minutes=-1 if p.stem == "281" else 1000 - int(p.stem))).isoformat() + "Z"}
            for p in paths]
    result = sources(docs)
    duplicate = result.article("005")
    assert [(p.role, p.source) for p in duplicate.provenance][0] == ("from", "359")
    assert duplicate.provenance[0].share > 0.95 and duplicate.provenance[0].source_share > 0.95
    assert all(p.source != "281" for p in duplicate.provenance)
    today = [s for s in result.stock if "Radio 4's Today" in s.phrase]
    assert today and max(len(s.documents) for s in today) >= 20 and "281" in today[0].documents
    biggest = max(len({w.id for w in c.witnesses}) for c in result.clusters)
    assert biggest < 20
    assert not any({"005", "281"} <= {w.id for w in c.witnesses} for c in result.clusters)


def test_credited_and_uncredited_copies_are_told_apart():
    result = sources([RATES_WIRE, RATES_CREDITED, RATES_UNCREDITED, RATES_THIRD_PARTY])
    texts = {a.id: a.text for a in result.articles}
    credited = result.article("rates-credited").provenance[0]
    assert (credited.role, credited.source, credited.credited) == ("from", "rates-wire", True)
    assert credited.credit == {"start": 0, "end": 18, "text": "LONDON (Reuters) -"}
    assert texts["rates-credited"][credited.credit["start"]:credited.credit["end"]] == credited.credit["text"]
    for article in ("rates-uncredited", "rates-third-party"):
        part = result.article(article).provenance[0]
        assert (part.role, part.source, part.credited, part.credit) == ("from", "rates-wire", False, None)
    assert [p.credited for p in result.article("rates-wire").provenance] == [None, None]
    # every source an article names is listed, third parties included, each span slicing its text
    named = result.article("rates-third-party").credits
    assert [c["name"] for c in named] == ["KCNA", "AFP", "Daily Post"]
    assert all(texts["rates-third-party"][c["start"]:c["end"]] == c["text"] for c in named)
    # the matrix: words taken from Reuters, credited or not
    o = {name: k for k, name in enumerate(result.outlets)}
    words = len(RATES.split())
    assert result.matrix[o["Daily Post"]][o["Reuters"]].credited_words == words
    assert result.matrix[o["Daily Post"]][o["Reuters"]].uncredited_words == 0
    for paper in ("Evening Gazette", "The Herald"):
        cell = result.matrix[o[paper]][o["Reuters"]]
        assert (cell.credited_words, cell.uncredited_words) == (0, words)
    assert "UNCREDITED" in describe_part(result.article("rates-uncredited").provenance[0])
    d = json.loads(json.dumps(result.to_dict()))
    assert d["articles"][1]["provenance"][0]["credit"] == credited.credit
    assert d["articles"][3]["credits"][0] == {**named[0], "name": "KCNA"}


def test_aliases_name_an_outlet_by_another_name(tmp_path):
    wire = {**RATES_WIRE, "outlet": "Northern Wire"}
    copy = {**RATES_CREDITED, "text": "LEEDS (NW) - " + RATES}
    assert sources([wire, copy]).article("rates-credited").provenance[0].credited is False
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"Northern Wire": ["NW"]}), encoding="utf-8")
    for aliases in (path, str(path), {"Northern Wire": "NW"}):
        result = sources([wire, copy], aliases=aliases)
        part = result.article("rates-credited").provenance[0]
        assert part.credited is True and part.credit["text"] == "LEEDS (NW) -"
        assert result.parameters["aliases"] == {"Northern Wire": ["NW"]}


@pytest.mark.parametrize("content, message", [
    ("{not json", "aliases.json"),
    ('{"Northern Wire": [1, 2]}', "aliases.json"),
    ('["NW"]', "aliases.json"),
])
def test_a_bad_alias_file_is_one_clear_error(tmp_path, content, message):
    path = tmp_path / "aliases.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        sources([RATES_WIRE, RATES_CREDITED], aliases=path)
    assert "\n" not in str(raised.value)
    with pytest.raises(InputError):
        sources([RATES_WIRE, RATES_CREDITED], aliases=tmp_path / "missing.json")


def test_a_short_quotation_two_articles_share_stays_a_quote():
    statement = "We will not accept any deal that puts jobs at risk in our factories"
    a = {"id": "q1", "outlet": "A", "date": "2024-01-01T10:00Z",
         "text": f'{words(random.Random("q1"), 80)}. "{statement}," the union said.'}
    b = {"id": "q2", "outlet": "B", "date": "2024-01-01T12:00Z",
         "text": f'The union said: "{statement}." {words(random.Random("q2"), 80)}.'}
    result = sources([a, b])
    assert result.stock == [] and [c.kind for c in result.clusters] == ["quote"]
    assert [(p.role, p.kind) for p in result.article("q2").provenance][0] == ("from", "quote")
