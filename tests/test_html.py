"""The HTML report: unit tests on the page, then a real headless Chromium.

The comparisons are built by hand from texts assembled out of marked segments,
so the tests know every passage's offsets without the alignment code.
"""

from __future__ import annotations

import doctest
import re
import time
from html import escape
from html.parser import HTMLParser

import pytest
from support.screenshots import screenshot

import simcompare.report.comparison_html as report_html
from simcompare.passages.records import Comparison, Passage, Similarity, TextInfo
from simcompare.report.comparison_html import PALETTE, render_html

SCRIPT = "<script>alert(1)</script>"


# ---------------------------------------------------------------- fixtures


def build(segments) -> tuple[str, dict[str, tuple[int, int]]]:
    """Concatenate segments; a ``(key, text)`` segment records its span under key."""
    text, spans = "", {}
    for seg in segments:
        if isinstance(seg, tuple):
            key, seg = seg
            spans[key] = (len(text), len(text) + len(seg))
        text += seg
    return text, spans


def make_comparison(a_segments, b_segments, order, *, quotes=(), paths=(None, None)):
    """A Comparison whose passages are the keyed segments, listed in ``order``."""
    a, sa = build(a_segments)
    b, sb = build(b_segments)
    passages = [
        Passage(
            a_start=sa[k][0], a_end=sa[k][1], b_start=sb[k][0], b_end=sb[k][1],
            score=0.9 if k in quotes else 1.0,
            a_text=a[slice(*sa[k])], b_text=b[slice(*sb[k])],
            kind="quote" if k in quotes else "prose",
            words=len(a[slice(*sa[k])].split()),
        )
        for k in order
    ]
    comparison = Comparison(
        a=TextInfo(paths[0], len(a), len(a.split())),
        b=TextInfo(paths[1], len(b), len(b.split())),
        similarity=Similarity(jaccard=0.4123, containment_a_in_b=0.6321,
                              containment_b_in_a=0.5555, minhash=0.3984),
        passages=passages,
        coverage_a=0.7312, coverage_b=0.2468,
        verdict="partial_reuse",
    )
    return comparison, a, b


QUOTE = "“We will stay open,”"
SHOPS = f"Schools & shops {SCRIPT} remain shut"
CASES = "Officials confirmed 12 new cases 🎉 in the city"


def pair_segments(filler=lambda tag: ""):
    """Passages q (a quote, at the very start of A and the very end of B), s, o, c
    (at the very end of A and the very start of B); their order in B is reversed."""
    a = [
        ("q", QUOTE), " the mayor said on Monday.\n\n", filler("a1"),
        ("s", SHOPS), "; caf&amp;é owners said \"it's hard\" <b>today</b>.\n\n", filler("a2"),
        ("o", CASES), ". ", filler("a3"),
        ("c", "The council meets again on Friday."),
    ]
    b = [
        ("c", "The council meets again on Friday,"), " officials said.\n\n", filler("b1"),
        ("o", CASES), ", the health board said. ", filler("b2"),
        ("s", SHOPS), ".\n\n", filler("b3"),
        "Asked about the rules, the mayor added: ", ("q", QUOTE),
    ]
    return a, b


@pytest.fixture
def small():
    a, b = pair_segments()
    return make_comparison(a, b, "qsoc", quotes="q", paths=('news/<bbc>&"one".txt', None))


def filler(tag: str) -> str:
    return "".join(
        f"Paragraph {tag}.{j}: unrelated local news about roads, the weather and the "
        f"weekend's football results, told at some length.\n\n"
        for j in range(14)
    )


# ---------------------------------------------------------------- page parsing


class Page(HTMLParser):
    """Collects each column's text and its highlight spans (which never nest)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.columns = {"a": "", "b": ""}
        self.spans = {"a": {}, "b": {}}  # side -> {passage index: (attrs, text)}
        self.title = ""
        self._side = self._span = None
        self._depth = 0
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in_title = True
        if self._side:
            self._depth += 1
            if tag == "span" and "hl" in attrs.get("class", "").split():
                self._span = attrs
                self.spans[self._side][int(attrs["data-passage"])] = (attrs, "")
        elif attrs.get("id") in ("text-a", "text-b"):
            self._side, self._depth = attrs["id"][-1], 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if self._side:
            self._depth -= 1
            if tag == "span" and self._span is not None:
                self._span = None
            if self._depth == 0:
                self._side = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._side:
            self.columns[self._side] += data
            if self._span is not None:
                i = int(self._span["data-passage"])
                attrs, text = self.spans[self._side][i]
                self.spans[self._side][i] = (attrs, text + data)


# ---------------------------------------------------------------- unit tests


def test_columns_reproduce_the_texts_exactly(small):
    comparison, a, b = small
    page = Page(render_html(comparison, a, b))
    assert page.columns == {"a": a, "b": b}  # newlines, markup, emoji, curly quotes all kept


def test_every_passage_is_highlighted_in_both_columns(small):
    comparison, a, b = small
    html = render_html(comparison, a, b)
    page = Page(html)
    for side, text in (("a", a), ("b", b)):
        assert sorted(page.spans[side]) == list(range(len(comparison.passages)))
        for i, p in enumerate(comparison.passages):
            start, end = getattr(p, f"{side}_start"), getattr(p, f"{side}_end")
            attrs, inner = page.spans[side][i]
            assert inner == text[start:end]
            assert attrs["id"] == f"{side}-p{i}" and attrs["data-side"] == side
            assert p.kind in attrs["class"].split()
            # the exact passage text, escaped, is the element's whole content
            element = re.search(rf'<span [^>]*id="{side}-p{i}"[^>]*>(.*?)</span>', html, re.S)
            assert element.group(1) == escape(text[start:end])


def test_matching_colours_and_palette_cycles():
    # twelve one-word passages, in reverse order in B
    words = [f"w{i}" for i in range(12)]
    a_segs = [seg for w in words for seg in ((w, w), " ")]
    b_segs = [seg for w in reversed(words) for seg in ((w, w), " ")]
    comparison, a, b = make_comparison(a_segs, b_segs, words)
    page = Page(render_html(comparison, a, b))
    for i in range(12):
        colour = page.spans["a"][i][0]["style"]
        assert colour == page.spans["b"][i][0]["style"] == f"background:{PALETTE[i % len(PALETTE)]}"
    assert page.spans["a"][0][0]["style"] == page.spans["a"][10][0]["style"]
    assert len({page.spans["a"][i][0]["style"] for i in range(10)}) == 10


def test_article_markup_and_paths_are_escaped(small):
    comparison, a, b = small
    html = render_html(comparison, a, b)
    assert "<script>alert" not in html
    assert html.count("<script>") == 1  # the page's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>today</b>" not in html and "&lt;b&gt;today&lt;/b&gt;" in html
    assert "caf&amp;amp;é" in html  # a literal "&amp;" in the article stays literal
    assert "<bbc>" not in html and "news/&lt;bbc&gt;&amp;&quot;one&quot;.txt" in html
    assert Page(html).title == 'simcompare: news/<bbc>&"one".txt vs text B'


def test_summary_figures(small):
    comparison, a, b = small
    html = render_html(comparison, a, b)
    for figure in ("partial_reuse", "0.412", "0.398", "63.2%", "55.5%", "73.1%", "24.7%",
                   "<b>4</b> (1 quote, 3 prose)", "text B"):
        assert figure in html, figure
    # the passage table: one row per passage, with kind, words and score
    rows = re.findall(r'<tr data-passage="(\d+)">(.*?)</tr>', html, re.S)
    assert [int(i) for i, _ in rows] == [0, 1, 2, 3]
    assert ">quote<" in rows[0][1] and ">prose<" in rows[1][1]
    assert "0.90" in rows[0][1] and "&lt;script&gt;" in rows[1][1]


def test_page_is_self_contained_utf8(small):
    comparison, a, b = small
    html = render_html(comparison, a, b, title="A & B <compared>")
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    assert not re.search(r"\b(src|href)=|<link|@import|url\(", html)
    assert "<title>A &amp; B &lt;compared&gt;</title>" in html
    html.encode("utf-8")


def test_zero_passages():
    comparison, a, b = make_comparison(["Nothing <i>shared</i> here 🎉."], ["Completely different."], "")
    html = render_html(comparison, a, b)
    page = Page(html)
    assert page.spans == {"a": {}, "b": {}}
    assert page.columns == {"a": a, "b": b}
    assert "No shared passages." in html and "<b>0</b> (0 quotes, 0 prose)" in html


def test_passage_covering_a_whole_text():
    comparison, a, b = make_comparison([("x", "All of it.")], ["Intro. ", ("x", "All of it.")], "x")
    page = Page(render_html(comparison, a, b))
    assert page.spans["a"][0][1] == a and page.columns == {"a": a, "b": b}


def test_bad_offsets_are_rejected(small):
    comparison, a, b = small
    p = comparison.passages[0]
    overlapping = Passage(p.a_start + 1, p.a_end + 1, 0, 1, 1.0, "", "", "prose", 1)
    outside = Passage(len(a), len(a), len(b), len(b) + 1, 1.0, "", "", "prose", 1)
    for extra, message in ((overlapping, "overlaps"), (outside, "outside text b")):
        bad = Comparison(comparison.a, comparison.b, comparison.similarity,
                         [*comparison.passages, extra], 0.5, 0.5, "partial_reuse")
        with pytest.raises(ValueError, match=message):
            render_html(bad, a, b)


def test_docstring_example():
    assert doctest.testmod(report_html).failed == 0


# ---------------------------------------------------------------- headless Chromium

IN_VIEW = """
const el = arguments[0], r = el.getBoundingClientRect(), c = el.parentElement.getBoundingClientRect();
return r.height > 0 && r.top >= c.top && r.bottom <= c.bottom && c.top >= 0 && c.bottom <= window.innerHeight;
"""


def test_in_chromium(driver, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    a_segs, b_segs = pair_segments(filler)
    comparison, a, b = make_comparison(a_segs, b_segs, "qsoc", quotes="q",
                                       paths=("bbc/kim-covid.txt", "independent/kim-covid.txt"))
    n = len(comparison.passages)
    page = tmp_path / "report.html"
    page.write_text(render_html(comparison, a, b), encoding="utf-8")
    driver.get(page.as_uri())

    def span(side, i):
        return driver.find_element(By.ID, f"{side}-p{i}")

    def classes(el):
        return el.get_attribute("class").split()

    def in_view(el):
        return driver.execute_script(IN_VIEW, el)

    # one highlight per passage in each column; the article's <script> is text
    assert len(driver.find_elements(By.CSS_SELECTOR, "#text-a .hl")) == n
    assert len(driver.find_elements(By.CSS_SELECTOR, "#text-b .hl")) == n
    assert driver.title == "simcompare: bbc/kim-covid.txt vs independent/kim-covid.txt"
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text
    assert driver.execute_script("return document.scripts.length") == 1
    assert driver.execute_script("return arguments[0].textContent", span("a", 1)) == SHOPS
    assert driver.execute_script("return document.getElementById('text-a').textContent") == a

    # hovering passage 2 in A outlines its counterpart in B, and leaving clears it
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", span("a", 2))
    ActionChains(driver).move_to_element(span("a", 2)).perform()
    assert "active" in classes(span("b", 2)) and "active" in classes(span("a", 2))
    assert "active" not in classes(span("b", 1))
    ActionChains(driver).move_to_element(driver.find_element(By.TAG_NAME, "h1")).perform()
    assert "active" not in classes(span("b", 2))

    # clicking passage 0 (top of A) scrolls its counterpart (bottom of B) into view
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", span("a", 0))
    assert not in_view(span("b", 0))
    span("a", 0).click()
    WebDriverWait(driver, 5, poll_frequency=0.05).until(lambda d: in_view(span("b", 0)))
    assert "selected" in classes(span("a", 0)) and "selected" in classes(span("b", 0))

    # clicking a row of the passage table selects that passage instead, in both columns
    assert not in_view(span("a", 3))
    driver.find_element(By.CSS_SELECTOR, '#passages tr[data-passage="3"]').click()
    WebDriverWait(driver, 5, poll_frequency=0.05).until(
        lambda d: in_view(span("a", 3)) and in_view(span("b", 3)))
    selected = driver.find_elements(By.CSS_SELECTOR, "#text-a .selected, #text-b .selected")
    assert {el.get_attribute("id") for el in selected} == {"a-p3", "b-p3"}

    # a screenshot with the quote (passage 0) selected from the table and hovered in B
    driver.find_element(By.CSS_SELECTOR, '#passages tr[data-passage="0"]').click()
    WebDriverWait(driver, 5, poll_frequency=0.05).until(
        lambda d: in_view(span("a", 0)) and in_view(span("b", 0)))
    ActionChains(driver).move_to_element(span("b", 0)).perform()
    time.sleep(0.3)  # let the smooth scroll settle
    assert screenshot(driver, tmp_path, "report.png").stat().st_size > 10_000


# Elements, other than the page itself, that scroll on their own: a box the reader must scroll inside the page.
SCROLL_BOXES = """
return Array.from(document.querySelectorAll("body *")).filter(function (el) {
  var s = getComputedStyle(el);
  return /(auto|scroll)/.test(s.overflowY + s.overflowX) &&
         (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1);
}).map(function (el) { return el.id || el.className || el.tagName; });
"""
OVERFLOW_X = "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"


def test_seed_pair_marks_differing_words_and_has_a_legend(seed_pair):
    from simcompare import compare

    a, b = seed_pair
    html = render_html(compare(a, b), a, b)
    assert 'class="legend"' in html and "dotted underline" in html
    marked = re.findall(r'<mark class="diff">([^<]*)</mark>', html)
    assert marked  # the KCNA quotes differ by a few words ("an", "the")
    assert "the country had" in marked and "was still present" in marked  # a run of changed words: one mark


@pytest.mark.parametrize("width", [1400, 800])
def test_layout_in_chromium_at(width, driver, seed_pair, tmp_path):
    """At 1400 px the texts scroll side by side; at 800 px they flow in the page: no box to scroll inside it."""
    from selenium.webdriver.common.by import By

    from simcompare import compare

    a, b = seed_pair
    page = tmp_path / "seed.html"
    page.write_text(render_html(compare(a, b, paths=("bbc-kim-covid.txt", "independent-kim-covid.txt")), a, b),
                    encoding="utf-8")
    driver.set_window_size(width, 900)
    try:
        driver.get(page.as_uri())
        assert driver.execute_script(OVERFLOW_X) <= 0
        boxes = driver.execute_script(SCROLL_BOXES)
        cols = driver.find_elements(By.CSS_SELECTOR, ".col")
        left = [c.rect["x"] for c in cols]
        if width >= 1400:
            assert left[0] < left[1] and set(boxes) <= {"text-a", "text-b", "passages"}  # two columns, each scrolls
        else:
            assert left[0] == left[1] and boxes == []  # one after the other, in the page's own scroll
        assert driver.find_elements(By.CSS_SELECTOR, "#text-a mark.diff")
        screenshot(driver, tmp_path, f"seed-{width}.png")
    finally:
        driver.set_window_size(1280, 800)
