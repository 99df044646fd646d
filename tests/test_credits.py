import json
import random
import re
import subprocess
import sys

import pytest
from conftest import CORPUS
from hypothesis import given
from hypothesis import strategies as st

from simcompare import InputError, compare
from simcompare.text.credits import AGENCIES, UNNAMED, Credit, Names, find_credits, load_aliases

# The accuracy table: realistic news sentences and the names they credit (set()).
CREDITED = [
    ("LONDON (Reuters) - British inflation rose to 3.2% in March, official data showed on Wednesday.",
     {"Reuters"}),
    ("WASHINGTON (AP) — The Senate passed the bill late on Tuesday after hours of debate.", {"AP"}),
    ("BEIJING, May 3 (Xinhua) -- China's exports grew 8.5 percent year on year in April.", {"Xinhua"}),
    ("(AFP) - Protesters gathered outside parliament for a third night.", {"AFP"}),
    ("The talks ended without agreement, officials said.\n— AFP", {"AFP"}),
    ("The company declined to comment.\n\nAdditional reporting by Reuters", {"Reuters"}),
    ("Additional reporting by Jane Smith in Berlin and AFP.", {"AFP"}),
    ("The Associated Press contributed to this report.", {"AP"}),
    ("Sam Jones of the Associated Press contributed to this report.", {"AP"}),
    ("Police said the road would stay closed overnight.\n\nWith AFP", {"AFP"}),
    ("Police said the road would stay closed overnight.\n\nWith agencies", {UNNAMED}),
    ("This article first appeared in The Independent.", {"The Independent"}),
    ("Shares fell 3%. (Reporting by Jane Doe; Editing by Mark Potter)", {"Reuters"}),
    ("The minister resigned on Friday. (Reuters)", {"Reuters"}),
    ("Growth slowed in the third quarter, according to Reuters calculations.", {"Reuters"}),
    ("Kim praised the party's leadership, according to the state-run KCNA news agency.", {"KCNA"}),
    ("The vote was postponed, the Associated Press news agency reported.", {"AP"}),
    ("The firm is considering a sale, Bloomberg reported, citing people familiar with the matter.",
     {"Bloomberg"}),
    ("\"We will not give in,\" the spokesman told Reuters.", {"Reuters"}),
    ("The deal is worth $2bn, said a Reuters report on Monday.", {"Reuters"}),
    ("Food insecurity is deepening, as per the AFP report.", {"AFP"}),
    ("The statement was carried by the official Xinhua News Agency.", {"Xinhua"}),
    ("South Korea's Yonhap news agency said the missile flew 600km.", {"Yonhap"}),
    ("An official was quoted as saying by the Interfax news agency that talks would resume.", {"Interfax"}),
    ("According to the KCNA report, which was picked up by Agence France-Presse (AFP), Kim spoke on Thursday.",
     {"KCNA", "AFP"}),
    ("The figures were in a letter seen by Reuters.", {"Reuters"}),
    ("Mr Walsh told AP news agency on Wednesday that the talks had failed.", {"AP"}),
    ("The plant will close next year, reported Kyodo.", {"Kyodo"}),
    ("The union source spoke to the PA news agency on Tuesday.", {"PA"}),
    ("Deutsche Boerse told news agency Reuters such a move would have to wait.", {"Reuters"}),
    ("PARIS (AFP/Reuters) - Strikes closed schools for a second day.", {"AFP", "Reuters"}),
    ("Reuters and AFP contributed to this report.", {"Reuters", "AFP"}),
    ("The strike went on.\n\n(With AFP and agencies)", {"AFP"}),
    ("By JANE DOE, Associated Press\nThe vote was close.", {"AP"}),
    ("The plan, first reported by The Times, was dropped.", {"The Times"}),
    ("In an email to the Associated Press on Wednesday, Conte said he stood by his words.", {"AP"}),
    ("The ferry capsized just off the pier, he added.\n Reuter", {"Reuters"}),
    # Agency datelines as the agencies write them: a place in any case, a date in either order, the name in
    # parentheses or slashes, then a dash, ".-", a colon, a full stop or nothing.
    ("SEOUL, 3 May (Yonhap).- North Korea fired a missile.", {"Yonhap"}),
    ("MOSCOW, May 3 /TASS/. Russia said the talks were over.", {"TASS"}),
    ("MOSCOW, March 3. /TASS/. Russia said the talks were over.", {"TASS"}),
    ("Milan (ANSA): The city closed its schools.", {"ANSA"}),
    ("New Delhi, May 3 (PTI) The government on Monday announced a plan.", {"PTI"}),
    ("Madrid, 3 may (EFE).- El Gobierno anunció un plan.", {"EFE"}),
    ("TOKYO, May 3 Kyodo - Japan's exports rose.", {"Kyodo"}),
    ("ANKARA (AA) - Turkey's exports rose.", {"Anadolu"}),
    ("SPRINGFIELD, Ill. (AP) — The governor signed the bill.", {"AP"}),
    ("BEIJING, Tuesday, May 3, 2024 (Xinhua) -- Exports rose.", {"Xinhua"}),
    ("Kathmandu, June 21st (IANS): The quake killed 12.", {"IANS"}),
    ("The rally ended.\n\n(With inputs from PTI)", {"PTI"}),
    ("The rally ended.\n\n(With inputs from Russia's TASS news agency)", {"TASS"}),
    ("The rally ended.\n\nInputs from IANS.", {"IANS"}),
    ("The rally ended.\n\nMaterial from Anadolu was used in this report.", {"Anadolu"}),
    ("The rally ended.\n\nInformation from The Associated Press was used in this report.", {"AP"}),
    ("The rally ended. This story includes reporting from Reuters.", {"Reuters"}),
    ("The rally ended.\n\nUPI contributed reporting.", {"UPI"}),
    ("The rally ended.\n\nSource: South Korea's Yonhap news agency", {"Yonhap"}),
    ("The rally ended.\n\nCopyright 2024 The Associated Press. All rights reserved.", {"AP"}),
    ("The rally ended.\n— AFP news agency", {"AFP"}),
    ("The rally ended, Spanish news agency EFE reported.", {"EFE"}),
    ("Yonhap News Agency said the rally had ended.", {"Yonhap"}),
    ("The minister told PTI on Monday that the rally had ended.", {"PTI"}),
    ("The plan was dropped, as first reported by PA.", {"PA"}),
    ("Shares fell.\n\nReporting by German news agency dpa; editing by staff", {"dpa"}),
    ("Rio de Janeiro (AFP): Rain fell all week.", {"AFP"}),
    ("ÇANAKKALE (AA) - Rain fell all week.", {"Anadolu"}),
    ("The rally ended early, PTI reported.", {"PTI"}),
]
NOT_CREDITED = [
    "Reuters beat profit forecasts, posting a 52% rise in earnings.",
    "The Dow Jones industrial average closed down 0.9% on Tuesday.",
    "Thomson Reuters said in a statement that it would cut 3,000 jobs.",
    "Michael Bloomberg said he would not run for president.",
    "The PA said in a statement that the talks had collapsed.",
    "The AAP said it would contest every seat in Delhi.",
    '"LONDON (Reuters) - is how every story used to start," the editor said.',
    "We met at the times when the metro line was closed.",
    "The metro said nothing about the delays.",
    "Residents of Metro Manila were told to stay indoors.",
    "The AP-style guide was updated this year.",
    "She told reporters the agency would publish its figures later.",
    "According to officials, the plant will reopen next week.",
    "The report said the economy would shrink by 2%.",
    "With prices rising, families are cutting back.",
    "He said the country had prevented the inroad of the malignant virus.",
    "Ernst Reuter said the city would never surrender.",
    "Sources such as the BBC and Reuters were named in the study.",
    "The map showed the route of the pipeline.",
    "Additional reporting was done by volunteers in the area.",
    "The minister spoke at a press association dinner.",
    "PTI chairman Imran Khan said the party would boycott the vote.",
    "Several times reported cases rose in the spring.",
    "The metro reported delays on two lines.",
    "A UPI payment failed at the till.",
    "The Golden Globes are awarded by the Hollywood Foreign Press Association.",
    "Transfers rose, according to the UPI payment app.",
    "He told the PTI party conference that he would stay.",
    "He told the PA he would resign.",
    "The AA said the roads were icy.",
    "LONDON (Reuters Institute): The study found that trust had fallen.",
    "Milan (Italy): The city closed its schools.",
    "PARIS (France) - The strike went on.",
    "The rally ended.\n\n(With inputs from the ministry)",
    "The rally ended.\n\nMaterial from the archive was used in this report.",
    "Copyright disputes with Reuters dragged on for years.",
    "PTI said the rally would go ahead.",
    "The PA reported a fall in violence.",
    "Palestinian Authority (PA) President Mahmoud Abbas met the envoy.",
    "Pakistan Tehreek-e-Insaf (PTI) Chairman Imran Khan addressed the rally.",
]


def names_of(text, names=None):
    return {c.name for c in find_credits(text, names=names)}


NAMES = Names.default().with_outlets(["The Independent", "Metro", "The Times"])


@pytest.mark.parametrize("sentence, expected", CREDITED)
def test_credited_sentences(sentence, expected):
    credits = find_credits(sentence, names=NAMES)
    assert {c.name for c in credits} == expected, [c.text for c in credits]
    assert all(sentence[c.start:c.end] == c.text and c.form in ("dateline", "credit_line", "attribution")
               for c in credits)


@pytest.mark.parametrize("sentence", NOT_CREDITED)
def test_sentences_that_credit_nobody(sentence):
    assert find_credits(sentence, names=NAMES) == []


def test_the_table_is_balanced_and_large_enough():
    assert len(CREDITED) >= 20 and len(NOT_CREDITED) >= 20


def test_each_form_has_its_span():
    cases = {
        "LONDON (Reuters) - Markets fell.": ("dateline", "LONDON (Reuters) -"),
        "BEIJING, May 3 (Xinhua) -- Exports rose.": ("dateline", "BEIJING, May 3 (Xinhua) --"),
        "Talks failed. — AFP": ("dateline", "— AFP"),
        "It ended.\nAdditional reporting by Reuters": ("credit_line", "Additional reporting by Reuters"),
        "It ended.\nWith agencies": ("credit_line", "With agencies"),
        "It ended. (Reporting by Jane Doe; Editing by Bob Roe)":
            ("credit_line", "(Reporting by Jane Doe; Editing by Bob Roe)"),
        "It ended, KCNA said.": ("attribution", "KCNA said"),
        "It ended, said a Reuters report.": ("attribution", "said a Reuters report"),
        "He told Reuters it ended.": ("attribution", "told Reuters"),
        "SEOUL, 3 May (Yonhap).- It ended.": ("dateline", "SEOUL, 3 May (Yonhap).-"),
        "MOSCOW, May 3 /TASS/. It ended.": ("dateline", "MOSCOW, May 3 /TASS/."),
        "Milan (ANSA): It ended.": ("dateline", "Milan (ANSA):"),
        "It ended.\n(With inputs from Yonhap News Agency)": ("credit_line", "(With inputs from Yonhap News Agency)"),
        "It ended.\nMaterial from UPI was used in this report.":
            ("credit_line", "Material from UPI was used in this report"),
    }
    for text, (form, span) in cases.items():
        credits = find_credits(text)
        assert [(c.form, c.text) for c in credits] == [(form, span)], text


def test_seed_pair_credits(seed_pair):
    bbc, independent = seed_pair
    a, b = find_credits(bbc), find_credits(independent)
    assert [(c.name, c.text) for c in a] == [("Reuters", "said a Reuters report")]
    texts = {(c.name, c.text) for c in b}
    assert {("KCNA", "according to the state-run KCNA news agency"), ("KCNA", "KCNA said"),
            ("AFP", "picked up by Agence France-Presse (AFP)"), ("AFP", "as per the AFP report")} <= texts
    assert {c.name for c in b} == {"KCNA", "AFP"}
    for text, credits in ((bbc, a), (independent, b)):
        at = text.index("North Korea closed its borders and put thousands into isolation")
        assert not any(c.start < at + 60 and at < c.end for c in credits)
        assert all(text[c.start:c.end] == c.text for c in credits)


def test_names_count_only_in_credit_forms():
    names = Names.default().with_outlets(["Metro", "The Times"])
    assert names_of("He was late at the times the metro line was shut.", names) == set()
    assert names_of("Figures from the station, Metro reported.", names) == {"Metro"}
    assert names_of("The figures, according to The Times, were wrong.", names) == {"The Times"}
    assert names_of("The figures, according to the Times, were wrong.", names) == {"The Times"}
    assert names_of("The map (ap) - a guide") == set()  # "AP" is matched in capitals only
    assert names_of("SNAP (AP) - The vote") == {"AP"}


def test_names_table_and_lookups():
    assert set(AGENCIES) >= {"Reuters", "AP", "AFP", "PA", "dpa", "EFE", "ANSA", "Xinhua", "KCNA", "Yonhap",
                             "Kyodo", "Bloomberg", "UPI", "TASS", "Anadolu", "PTI", "Interfax", "AAP", "CP"}
    names = Names.default().with_outlets(["Associated Press", "BBC"]).with_aliases({"BBC": ["BBC News"]})
    assert names.canonical("AP") == "Associated Press" and names.canonical("BBC News") == "BBC"
    assert names.same("The Associated Press", "AP") and not names.same("BBC", "AP")
    assert names_of("WASHINGTON (AP) — It rained.", names) == {"Associated Press"}
    assert names_of("It rained, BBC News reported.", names) == {"BBC"}
    assert Names.default().canonical("nobody") is None
    lower = Names.default().with_outlets(["reuters"])
    assert lower.same("Reuters", "reuters") and names_of("It fell, Reuters said.", lower) == {"reuters"}


def test_a_quoted_dateline_is_not_a_credit():
    assert find_credits('She wrote: “PARIS (AFP) - The strike goes on.” Nobody laughed.') == []
    assert names_of('“It is over,” he said. PARIS (AFP) - The strike goes on.') == {"AFP"}


@pytest.mark.parametrize("content, message", [
    ("{not json", "expected JSON (outlet -> names), got invalid JSON"),
    ('["BBC"]', "expected a JSON object of outlet -> names, got list"),
    ('{"BBC": 3}', "expected a name or a list of names for 'BBC', got 3"),
    ('{"BBC": ["BBC News", 7]}', "expected a name or a list of names for 'BBC'"),
])
def test_bad_alias_file_is_one_clear_line(tmp_path, content, message):
    path = tmp_path / "aliases.json"
    path.write_text(content)
    with pytest.raises(InputError) as info:
        load_aliases(path)
    assert message in str(info.value) and str(path) in str(info.value) and "\n" not in str(info.value)


def test_alias_file_round_trip(tmp_path):
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"Evening Gazette": ["the Gazette", "EG"], "BBC": "BBC News"}))
    names = Names.default().with_aliases(load_aliases(path))
    assert names_of("The strike ended, EG reported.", names) == {"Evening Gazette"}


PIECES = list("ab (AP)-—\n\"“”.,:") + ["Reuters", "AFP", " said", " told ", "according to ", "With ", "LONDON"]


@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_every_credit_is_its_span(text):
    credits = find_credits(text)
    assert credits == sorted(credits, key=lambda c: (c.start, -c.end, c.name))
    for c in credits:
        assert text[c.start:c.end] == c.text and c.name in AGENCIES


@given(st.text(max_size=200))
def test_arbitrary_text_never_fails(text):
    for c in find_credits(text):
        assert isinstance(c, Credit) and text[c.start:c.end] == c.text


def test_compare_carries_the_credits(seed_pair):
    c = compare(*seed_pair)
    assert [x.name for x in c.credits_a] == ["Reuters"]
    doc = json.loads(json.dumps(c.to_dict()))
    assert list(doc)[-1] == "credits" and set(doc["credits"]) == {"a", "b"}
    for side, text in zip("ab", seed_pair):
        for credit in doc["credits"][side]:
            assert list(credit) == ["name", "start", "end", "text", "form"]
            assert text[credit["start"]:credit["end"]] == credit["text"]
    names = Names.default().with_aliases({"Reuters wire": ["Reuters"]})
    assert [x.name for x in compare(*seed_pair, names=names).credits_a] == ["Reuters wire"]


def cli(*args):
    return subprocess.run([sys.executable, "-c", "from simcompare.cli import main; main()", *args],
                          capture_output=True, text=True)


SEED_FILES = [str(CORPUS / "bbc-kim-covid.txt"), str(CORPUS / "independent-kim-covid.txt")]


def test_cli_compare_shows_credits_and_takes_aliases(tmp_path):
    from typer.testing import CliRunner

    from simcompare.cli import app

    runner = CliRunner()
    aliases = tmp_path / "aliases.json"
    aliases.write_text('{"The Wire": ["Reuters"]}')
    result = runner.invoke(app, ["compare", *SEED_FILES, "--aliases", str(aliases), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [c["name"] for c in json.loads(result.output)["credits"]["a"]] == ["The Wire"]
    result = runner.invoke(app, ["compare", *SEED_FILES])
    assert re.search(r"credits in A\s+Reuters \(said a Reuters report\)", result.output), result.output


@pytest.mark.parametrize("command", ["compare", "align"])
def test_cli_bad_alias_file_is_one_line(tmp_path, command):
    bad = tmp_path / "bad.json"
    bad.write_text('{"BBC": [1]}')
    proc = cli(command, *SEED_FILES, "--aliases", str(bad))
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert "bad.json" in proc.stderr and "expected a name or a list of names" in proc.stderr


@pytest.mark.real_corpus
def test_reuters_21578_articles_sign_off(shared_data):
    sgm = shared_data / "reuters21578" / "reut2-000.sgm"
    if not sgm.exists():
        pytest.skip("Reuters-21578 is not in ../shared/data")
    raw = sgm.read_text(encoding="latin-1")
    bodies = [b.replace("&#3;", "").strip() for b in re.findall(r"<BODY>(.*?)</BODY>", raw, flags=re.S)]
    signed = [b for b in bodies if any(c.name == "Reuters" for c in find_credits(b))]
    assert len(signed) > 0.95 * len(bodies)  # 1987 wire copy ends with the sign-off "Reuter"


@pytest.mark.real_corpus
def test_bbc_news_credits_are_precise(shared_data):
    root = shared_data / "bbc_news" / "bbc"
    files = sorted(root.glob("*/*.txt"))
    if not files:
        pytest.skip("BBC News is not in ../shared/data")
    texts = [f.read_text(encoding="latin-1") for f in files]
    credited = [t for t in texts if find_credits(t)]
    # BBC News credits agencies in a minority of its articles ("told Reuters", "AFP reported").
    assert 0.02 * len(texts) < len(credited) < 0.3 * len(texts)
    names = re.compile("|".join(re.escape(a) for aliases in AGENCIES.values() for a in aliases) + "|agenc|wire")
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if 40 < len(s) and not names.search(s)]
    sample = random.Random(1).sample(sentences, 3000)
    assert [s for s in sample if find_credits(s)] == []


def test_html_report_marks_and_lists_the_credits(seed_pair):
    from simcompare.report.comparison_html import render_html

    c = compare(*seed_pair)
    page = render_html(c, *seed_pair)
    assert '<mark class="credit" title="credit: Reuters (attribution)">said a Reuters report</mark>' in page
    assert 'credits in A: <span class="credit-name">Reuters</span> (said a Reuters report)' in page
    assert page.count('data-side="a"') == len(c.passages)  # credits do not add passage spans


def test_html_credits_in_a_browser(seed_pair, driver, tmp_path):
    from selenium.webdriver.common.by import By

    from simcompare.report.comparison_html import render_html

    page = tmp_path / "report.html"
    page.write_text(render_html(compare(*seed_pair), *seed_pair), encoding="utf-8")
    driver.get(page.as_uri())
    marks = driver.find_elements(By.CSS_SELECTOR, "#text-b mark.credit")
    assert "picked up by Agence France-Presse (AFP)" in [m.text for m in marks]
    # The marks change no text: each column still reads as the article.
    assert driver.execute_script("return document.getElementById('text-b').textContent") == seed_pair[1]
    assert marks[0].value_of_css_property("border-bottom-style") == "solid"
