import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from support.strategies import LANGUAGE_TEXTS, awkward, multilingual

from simcompare import TextTypeError, normalize, normalized_text


@given(awkward)
@example("ｶﾞ")
@example("´x")
@example("e\u0301\u0301")
def test_normalize_is_idempotent(text):
    once = normalize(text).text
    assert normalize(once).text == once


@given(st.one_of(awkward, multilingual))
def test_mapped_text_equals_definition(text):
    assert normalize(text).text == normalized_text(text)


@given(st.one_of(awkward, multilingual))
def test_map_is_monotonic_and_inside_the_original(text):
    n = normalize(text)
    assert len(n.starts) == len(n.ends) == len(n.text)
    assert np.all(n.starts < n.ends)
    assert np.all(n.starts >= 0) and np.all(n.ends <= len(text))
    assert np.all(np.diff(n.starts) >= 0) and np.all(np.diff(n.ends) >= 0)


@given(awkward, st.data())
def test_span_of_a_word_maps_to_its_original_spelling(text, data):
    n = normalize(text)
    if not n.text:
        return
    start = data.draw(st.integers(0, len(n.text) - 1))
    end = data.draw(st.integers(start + 1, len(n.text)))
    o_start, o_end = n.to_original(start, end)
    # The original slice normalises to a text that contains the span.
    assert n.text[start:end].strip() in normalized_text(text[o_start:o_end]) or not n.text[start:end].strip()


def test_folds_quotes_dashes_case_and_space():
    assert normalized_text("  “Shining  SUCCESS” — Worker’s\t\n") == '"shining success" - worker\'s'
    assert normalized_text("ﬁne …") == "fine ..."
    assert normalized_text("Straße") == "strasse"


def test_offsets_point_into_the_original(seed_pair):
    text = seed_pair[1]
    n = normalize(text)
    i = n.text.index("shining success")
    start, end = n.to_original(i, i + len("shining success"))
    assert text[start:end] == "shining success"


def test_collapsed_space_maps_to_the_whole_run():
    n = normalize("a \t\n b")
    assert n.text == "a b"
    assert n.to_original(1, 2) == (1, 5)


def test_empty_and_blank():
    assert normalize("").text == ""
    assert normalize(" \t\x00 ").text == ""
    assert normalize("").to_original(0, 0) == (0, 0)


def test_bad_span_and_type():
    with pytest.raises(IndexError):
        normalize("abc").to_original(2, 5)
    with pytest.raises(TextTypeError):
        normalize(b"bytes")


@pytest.mark.parametrize("language", sorted(LANGUAGE_TEXTS))
def test_each_language_maps_words_back_to_their_spelling(language):
    """Capitals that fold into several code points ("ß", "İ") and NFKC forms ("ﬁ", "Ａ", "²")
    map each normalised character back to the one original character it came from."""
    text = LANGUAGE_TEXTS[language]
    for variant in (text, text.upper()):
        n = normalize(variant)
        assert n.text == normalized_text(variant)
        for i, c in enumerate(n.text):
            if c != " ":
                assert n.ends[i] - n.starts[i] == 1
                assert c in normalized_text(variant[n.starts[i] : n.ends[i]])
