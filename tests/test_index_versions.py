"""Article versions in the index: adding them, matching them, their history and changes (memory and SQLite)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.synth import iter_texts

from simcompare.errors import InputError, ParameterError
from simcompare.index import compare_versions, correction_note
from simcompare.index.versions import count_words, text_sha256
from simcompare.report.history_html import render_history_html

TEXTS = list(iter_texts(30, seed=23, words_per_doc=200))
NOTE = " Correction: An earlier version of this article gave the wrong date."


def edit(text: str, every: int = 40, word: str = "changed") -> str:
    """``text`` with one word in ``every`` replaced."""
    words = text.split(" ")
    return " ".join(word if k % every == every // 2 else w for k, w in enumerate(words))


def docs(n: int, **meta) -> list[dict]:
    return [{"id": f"d{k}", "text": TEXTS[k], **meta} for k in range(n)]


def test_a_changed_text_is_a_new_version_and_queries_see_the_latest(make_index):
    index = make_index()
    index.add(docs(4, date="2026-11-02"))
    report = index.add([{"id": "d1", "text": TEXTS[20], "updated": "2026-11-03", "outlet": "new"}],
                       if_exists="version")
    assert (report.added, report.versions, report.unchanged, report.replaced) == (0, 1, 0, 0)
    assert len(index) == 4 and index.ids() == ["d0", "d1", "d2", "d3"]
    versions = index.versions("d1")
    assert [(v.version, v.date) for v in versions] == [(1, "2026-11-02"), (2, "2026-11-03")]
    assert [v.sha256 for v in versions] == [text_sha256(TEXTS[1]), text_sha256(TEXTS[20])]
    assert [v.words for v in versions] == [count_words(TEXTS[1]), count_words(TEXTS[20])]
    assert versions[1].meta == {"updated": "2026-11-03", "outlet": "new"}
    assert index.get("d1").text == TEXTS[20] and index.get("d1", version=1).text == TEXTS[1]
    assert index.get("d1", version=1).meta == {"date": "2026-11-02"}
    [match] = index.query(TEXTS[20])
    assert (match.id, match.version, match.jaccard) == ("d1", 2, 1.0)
    assert index.query(TEXTS[1]) == []  # the first version no longer matches by default
    [match] = index.query(TEXTS[1], all_versions=True)
    assert (match.id, match.version, match.jaccard, match.meta) == ("d1", 1, 1.0, {"date": "2026-11-02"})
    assert index.stats().earlier_versions == 1


def test_the_same_batch_twice_adds_no_versions(make_index):
    index = make_index()
    first = docs(6)
    assert index.add(first, if_exists="version").added == 6
    again = index.add(first, if_exists="version")
    assert (again.added, again.versions, again.unchanged) == (0, 0, 6)
    changed = [{"id": d["id"], "text": edit(d["text"])} for d in first[:3]]
    assert index.add(changed, if_exists="version").versions == 3
    for batch in (changed, first[:3] + changed):  # an earlier crawl added again: no reversion either
        report = index.add(batch, if_exists="version")
        assert report.versions == 0 and report.unchanged == len(batch)
    assert [len(index.versions(f"d{k}")) for k in range(6)] == [2, 2, 2, 1, 1, 1]
    # A real reversion (a later date) is a version.
    assert index.add([{"id": "d0", "text": TEXTS[0], "updated": "2026-11-09"}], if_exists="version").versions == 1
    assert [v.sha256 == text_sha256(TEXTS[0]) for v in index.versions("d0")] == [True, False, True]


def test_versions_of_one_id_in_one_batch_are_taken_in_order(make_index):
    index = make_index()
    texts = [TEXTS[0], edit(TEXTS[0], 30), edit(TEXTS[0], 30), edit(edit(TEXTS[0], 30), 25, "again")]
    report = index.add([{"id": "a", "text": t} for t in texts] + [{"id": "b", "text": TEXTS[1]}],
                       if_exists="version", batch_size=3)
    assert (report.added, report.versions, report.unchanged) == (2, 2, 1)
    assert [v.text for v in index.versions("a")] == [texts[0], texts[1], texts[3]]
    for version, text in ((1, texts[0]), (2, texts[1]), (3, texts[3])):
        best = index.query(text, all_versions=True, align=False)[0]
        assert (best.id, best.version, best.jaccard) == ("a", version, 1.0)
    assert index.query(texts[3], align=False)[0].version == 3


def test_a_new_version_adds_only_the_postings_it_lacks(make_index):
    index = make_index()
    index.add(docs(10))
    before = index.stats().postings
    index.add([{"id": "d3", "text": edit(TEXTS[3])}], if_exists="version")
    after = index.stats().postings
    assert 0 < after["band"] - before["band"] <= index.bands
    assert 0 < after["anchor"] - before["anchor"] < before["anchor"] / 10 / 3  # a third of a text's anchors
    index.compact()  # the first version's postings are kept for all_versions
    assert index.stats().postings == after
    assert index.query(TEXTS[3], all_versions=True, align=False)[0].version == 1
    index.add([{"id": "d3", "text": TEXTS[25]}])  # replace: the history goes with the text
    index.compact()
    assert len(index.versions("d3")) == 1 and index.stats().earlier_versions == 0
    assert index.stats().postings["band"] == 10 * index.bands
    assert index.query(TEXTS[3], all_versions=True) == []


def test_remove_drops_every_version(make_index):
    index = make_index()
    index.add(docs(3))
    index.add([{"id": "d1", "text": edit(TEXTS[1])}], if_exists="version")
    assert index.remove(["d1"]).removed == ["d1"]
    assert index.stats().earlier_versions == 0 and index.query(TEXTS[1], all_versions=True) == []
    with pytest.raises(InputError, match="'d1' is not in the index"):
        index.versions("d1")


def test_history_and_changes(make_index):
    index = make_index()
    index.add(docs(3, date="2026-11-02"))
    index.add([{"id": "d0", "text": edit(TEXTS[0]) + NOTE, "updated": "2026-11-03T10:00"},
               {"id": "d1", "text": edit(TEXTS[1]), "updated": "2026-11-03T11:00"}], if_exists="version")
    history = index.history("d0")
    [change] = history.changes
    assert (change.from_version, change.to_version, change.note, change.stealth) == (1, 2, "Correction:", False)
    assert 0.5 < change.similarity < 1.0
    assert all(s.text == "changed" for s in change.added[:-1]) and change.added[-1].text.startswith("Correction")
    record = json.loads(json.dumps(history.to_dict()))
    assert set(record) == {"id", "versions", "changes"} and record["id"] == "d0"
    assert set(record["versions"][0]) == {"version", "added_at", "date", "words", "sha256"}
    assert {"from", "to", "similarity", "removed", "added"} <= set(record["changes"][0])
    assert set(record["changes"][0]["removed"][0]) == {"start", "end", "text"}
    summaries = index.changes(since="2026-11-03")
    assert [(c.id, c.stealth, c.note) for c in summaries] == [("d0", False, "Correction:"), ("d1", True, None)]
    assert summaries[1].words_removed == summaries[1].words_added == 5
    assert [c.id for c in index.changes(since="2026-11-03T10:30")] == ["d1"]
    assert index.changes(since="4 November 2026") == [] and len(index.changes()) == 2
    assert index.history("d2").changes == [] and len(index.history("d2").versions) == 1
    assert "stealth edit" in render_history_html(index.history("d1"))


def test_history_between_two_versions(make_index):
    index = make_index()
    texts = [TEXTS[5], edit(TEXTS[5], 50), edit(edit(TEXTS[5], 50), 33, "later")]
    index.add([{"id": "s", "text": t} for t in texts], if_exists="version")
    assert [(c.from_version, c.to_version) for c in index.history("s").changes] == [(1, 2), (2, 3)]
    [change] = index.history("s", from_version=1, to_version=3).changes
    assert (change.from_version, change.to_version) == (1, 3)
    assert [(c.from_version, c.to_version) for c in index.history("s", to_version=2).changes] == [(1, 2)]
    assert [(c.from_version, c.to_version) for c in index.history("s", from_version=2).changes] == [(2, 3)]


def test_bad_input(make_index):
    index = make_index()
    index.add(docs(2))
    with pytest.raises(InputError, match="document 'nope' is not in the index .*expected one of its 2 ids"):
        index.history("nope")
    with pytest.raises(ParameterError, match="document 'd0' has no version 4: expected 1 to 1"):
        index.history("d0", from_version=4)
    with pytest.raises(ParameterError, match="has no version 0"):
        index.get("d0", version=0)
    with pytest.raises(KeyError):
        index.get("nope", version=1)
    with pytest.raises(ParameterError, match="from_version must be below to_version; got from_version=1, "
                                             "to_version=1"):
        index.history("d0", from_version=1, to_version=1)
    with pytest.raises(InputError, match="date 'last week': expected ISO 8601"):
        index.changes(since="last week")
    bare = make_index(store_text=False)
    with pytest.raises(ParameterError, match="if_exists='version' needs the texts kept"):
        bare.add(docs(1), if_exists="version")
    with pytest.raises(ParameterError, match="keeps no texts"):
        bare.history("d0")


def test_correction_notes():
    for text, note in [
        ("Correction: the mayor is Ann Lee.", "Correction:"),
        ("CLARIFICATION : we meant the north quay.", "CLARIFICATION :"),
        ("Editor’s note: this story was changed.", "Editor’s note:"),
        ("Update: the road has reopened.", "Update:"),
        ("This article has been amended to correct a figure.", "This article has been amended"),
        ("This story was updated on Tuesday.", "This story was updated"),
        ("An earlier version of this story misnamed the club.", "An earlier version of this story"),
        ("a previous version of this article said ten", "a previous version of this article"),
    ]:
        assert correction_note(text) == note, text
    for text in ("The corrections officer spoke.", "An updated timetable is out.", "an earlier version of the bill",
                 "The article says the update failed.", ""):
        assert correction_note(text) is None, text


def test_compare_versions_small_edits_make_small_spans():
    a = "The council voted on Tuesday to close three libraries and keep the pool open."
    b = "The council voted on Wednesday to close four libraries, and keep the pool open until March."
    change = compare_versions(a, b)
    assert [s.text for s in change.removed] == ["Tuesday", "three"]
    assert [s.text for s in change.added] == ["Wednesday", "four", "until March"]
    assert change.edits == [(0, 0), (1, 1), (None, 2)]
    assert (change.words_removed, change.words_added, change.stealth) == (2, 4, True)
    same = compare_versions(a, a.replace("libraries and", "libraries, and"))
    assert (same.removed, same.added, same.stealth, same.similarity) == ([], [], False, 1.0)


WORDS = st.sampled_from("the pier board said that ferries will use north quay in May March Ann Lee".split())


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40), st.lists(WORDS, min_size=1, max_size=40),
       st.sampled_from([" ", "  ", ", ", ".\n"]))
def test_property_spans_are_exact_and_the_rest_is_unchanged(words_a, words_b, sep):
    a, b = sep.join(words_a), sep.join(words_b)
    change = compare_versions(a, b)
    for text, spans in ((a, change.removed), (b, change.added)):
        for s in spans:
            assert text[s.start : s.end] == s.text and s.text.strip() == s.text != ""
        assert all(x.end < y.start for x, y in zip(spans, spans[1:]))

    def outside(text, spans):
        kept, pos = [], 0
        for s in spans:
            kept.append(text[pos : s.start])
            pos = s.end
        return [w for w in (x.strip(",.") for x in " ".join(kept + [text[pos:]]).split()) if w]

    # What is not removed from a is what is not added to b: the spans are the whole difference.
    assert outside(a, change.removed) == outside(b, change.added)
    assert change.words_removed >= len(change.removed) and change.words_added >= len(change.added)
