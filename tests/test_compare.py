import json

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simcompare import EmptyTextError, compare, shingle
from simcompare._core import _reference


def test_seed_pair(seed_pair):
    c = compare(*seed_pair, paths=("bbc.txt", "independent.txt"))
    assert c.verdict == "partial_reuse"
    assert 0 < c.similarity.jaccard < 0.1
    assert c.similarity.containment_b_in_a > c.similarity.containment_a_in_b  # the shorter text is more covered
    assert 0 < c.coverage_a < c.coverage_b < 0.5
    assert {p.kind for p in c.passages} == {"quote", "prose"}
    assert (c.a.path, c.a.chars, c.b.path) == ("bbc.txt", len(seed_pair[0]), "independent.txt")


def test_identical_texts_are_duplicates(seed_pair):
    c = compare(seed_pair[1], seed_pair[1])
    assert c.verdict == "duplicate"
    assert c.similarity.jaccard == c.similarity.minhash == 1.0
    assert c.coverage_a == c.coverage_b == 1.0


def test_shared_quotes_only():
    quote = '"We will never accept the terms offered by the other side," the minister said'
    a = f"Talks stalled on Monday. {quote} at a press conference in the capital."
    b = f"The minister was defiant: {quote}, according to state media reports published later."
    c = compare(a, b)
    assert [p.kind for p in c.passages] == ["quote"]
    assert c.verdict == "shared_quotes"


def test_unrelated():
    c = compare("The harvest was the best in a decade, farmers said.",
                "Stocks fell sharply in early trading on Wall Street.")
    assert c.passages == [] and c.verdict == "unrelated" and c.similarity.jaccard == 0.0


def test_json_document_is_stable(seed_pair):
    doc = json.loads(json.dumps(compare(*seed_pair).to_dict()))
    assert list(doc) == ["a", "b", "similarity", "coverage", "verdict", "parameters", "passages", "credits"]
    assert list(doc["similarity"]) == ["jaccard", "containment_a_in_b", "containment_b_in_a", "minhash"]
    assert list(doc["passages"][0]) == [
        "a_start", "a_end", "b_start", "b_end", "score", "a_text", "b_text", "kind", "words"
    ]


def test_empty_text_is_an_error():
    with pytest.raises(EmptyTextError, match="text b is empty"):
        compare("words", "")


@given(st.lists(st.sampled_from("a b c d e f g h i j".split()), min_size=1, max_size=40),
       st.lists(st.sampled_from("a b c d e f g h i j".split()), min_size=1, max_size=40))
def test_exact_similarity_matches_the_reference_shingles(a, b):
    a, b = " ".join(a), " ".join(b)
    sa = set(_reference.shingles(_reference.text_units(a, "word"), 5))
    sb = set(_reference.shingles(_reference.text_units(b, "word"), 5))
    assert set(shingle(a).tolist()) == sa
    c = compare(a, b, min_words=1)
    assert c.similarity.jaccard == pytest.approx(len(sa & sb) / len(sa | sb))
    assert c.similarity.containment_a_in_b == pytest.approx(len(sa & sb) / len(sa))
    swapped = compare(b, a, min_words=1)
    assert swapped.similarity.jaccard == c.similarity.jaccard  # symmetric
    assert swapped.similarity.containment_a_in_b == c.similarity.containment_b_in_a


def test_char_shingles_match_the_reference():
    text = "Kim’s “shining success”"
    expected = set(_reference.shingles(_reference.text_units(text, "char"), 4))
    assert set(shingle(text, shingle_size=4, shingle_kind="char").tolist()) == expected
    assert shingle("", shingle_size=4).dtype == np.uint64 and len(shingle("")) == 0
