from hypothesis import example, given
from support.strategies import awkward

from simcompare import tokenize
from simcompare.text.normalize import normalized_text
from simcompare.text.tokenize import token_forms


def forms(text):
    return [t.text for t in tokenize(text)]


@given(awkward)
@example("Worker’s ｶﾞ ﬁne 10.7")
def test_every_token_span_slices_the_original(text):
    for token in tokenize(text):
        piece = text[token.start : token.end]
        assert 0 <= token.start < token.end <= len(text)
        # The original slice tokenises back to the same form.
        assert token.text in token_forms(normalized_text(piece)) or token.text in "".join(
            token_forms(normalized_text(piece))
        )


@given(awkward)
@example("ำ")  # Thai SARA AM: NFKC makes it two letters, so two tokens share its span
@example("0¼")  # NFKC "01⁄4": the tokens "01" and "4" both take their span from "¼"
def test_tokens_are_in_order(text):
    tokens = tokenize(text)
    for a, b in zip(tokens, tokens[1:]):
        assert a.start <= b.start and a.end <= b.end


def test_issue_2_curly_and_straight_apostrophes_are_one_token():
    assert forms("Worker’s Party") == forms("Worker's Party") == ["workers", "party"]
    assert forms("Workers’ Party") == ["workers", "party"]


def test_numbers_hyphens_and_quotes():
    assert forms("10.7 million and 516,000 lives.") == ["10.7", "million", "and", "516,000", "lives"]
    assert forms("Kim Jong-un, Covid-19") == ["kim", "jong", "un", "covid", "19"]
    assert forms("“shining success”") == ["shining", "success"]
    assert forms("'90s rock'n'roll U.S.") == ["90s", "rocknroll", "u", "s"]


def test_scripts_without_spaces_give_one_token_per_letter():
    assert forms("北京欢迎你") == ["北", "京", "欢", "迎", "你"]
    assert forms("Москва слезам не верит") == ["москва", "слезам", "не", "верит"]
    assert forms("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]  # marks stay in the word


def test_spans_on_the_seed_article(seed_pair):
    text = seed_pair[1]
    for token in tokenize(text):
        bare = normalized_text(text[token.start : token.end]).replace("'", "").replace("’", "")
        assert bare.startswith(token.text[:1])
    first = tokenize(text)[0]
    assert (first.text, text[first.start : first.end]) == ("north", "North")


def test_empty_text_has_no_tokens():
    assert tokenize("") == [] and tokenize(" — “ ” ") == []
