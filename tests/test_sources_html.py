"""The sources page: structure and escaping, then a real headless Chromium (see conftest.driver)."""

from __future__ import annotations

import doctest
from html.parser import HTMLParser

import pytest
from support.newsroom import (
    FARM,
    PAPER,
    RATES_CREDITED,
    RATES_THIRD_PARTY,
    RATES_UNCREDITED,
    RATES_WIRE,
    SITE,
    STOCK_PHRASE,
    TAX_PAPER,
    TAX_WIRE,
    WIRE,
)
from support.screenshots import screenshot

import simcompare.report.sources_html as sources_html
from simcompare.report.sources_html import render_sources_html
from simcompare.sources.analysis import sources

SCRIPT = "<script>alert(1)</script>"
# Markup in an article, an outlet name and an id: all must show as text.
MARKED = {**PAPER, "id": 'b1 "<b>"', "outlet": "<i>Paper & Co</i>", "text": f"{SCRIPT} & <b>bold</b>\n" + PAPER["text"]}


@pytest.fixture(scope="module")
def result():
    return sources([WIRE, MARKED, SITE])


@pytest.fixture(scope="module")
def page(result):
    return render_sources_html(result)


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a":
            self.hrefs.append(attrs["href"])


def test_doctest():
    assert doctest.testmod(sources_html).failed == 0


def test_structure_and_escaping(result, page):
    found = Elements()
    found.feed(page)
    assert "script" not in found.tags and "i" not in found.tags and "b" not in found.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "&lt;i&gt;Paper &amp; Co&lt;/i&gt;" in page and "b1 &quot;&lt;b&gt;&quot;" in page
    assert len(found.ids) == len(set(found.ids))
    assert all(h.startswith("#") and h[1:] in found.ids for h in found.hrefs)
    assert page.count('class="heat') == len(result.outlets) ** 2
    assert page.count('class="pairview"') == len(result.pairs) == 3
    assert page.count('class="cluster"') == len(result.clusters)


def test_heat_is_the_prose_share(result, page):
    assert sources_html._heat(0.0) == "background:hsl(0,75%,100%);color:#000"
    assert sources_html._heat(1.0) == "background:hsl(0,75%,45%);color:#fff"  # white on deep red
    row = result.outlets.index("<i>Paper & Co</i>")
    column = result.outlets.index("Wire")
    share = result.matrix[row][column].prose_share
    assert share > 0.2
    cell = result.matrix[row][column]
    assert (f'data-row="{row}" data-column="{column}" data-prose-share="{share:.4f}" '
            f'data-share="{cell.share:.4f}" data-uncredited-words="{cell.uncredited_words}" '
            f'style="{sources_html._heat(share)}"') in page


def test_the_matrix_caption_says_what_a_cell_is(page):
    assert ("Share of the row outlet&#x27;s words inside passages aligned with an article of the column outlet "
            "(stock phrases left out): prose") in page


def test_in_chromium(driver, result, page, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    path = tmp_path / "sources.html"
    path.write_text(page, encoding="utf-8")
    driver.get(path.as_uri())
    assert driver.title == "simcompare sources: 3 articles from 3 outlets"
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text
    assert driver.execute_script("return document.scripts.length") == 0

    # the heatmap: one cell per outlet pair, coloured where prose is shared
    cells = driver.find_elements(By.CSS_SELECTOR, "#matrix td.heat")
    assert len(cells) == 9
    row, column = result.outlets.index("<i>Paper & Co</i>"), result.outlets.index("Wire")
    copied = driver.find_element(By.CSS_SELECTOR, f'#matrix td[data-row="{row}"][data-column="{column}"]')
    assert copied.value_of_css_property("background-color") != "rgba(255, 255, 255, 1)"
    header = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#matrix thead th")]
    assert header == ["outlet", *result.outlets]  # markup in an outlet name shows as text

    # the clusters, each with its witnesses; the first one names the wire as its probable source
    clusters = driver.find_elements(By.CSS_SELECTOR, "#clusters .cluster")
    assert len(clusters) == len(result.clusters) == 4
    assert "probable source: Wire 2024-05-02T09:00+00:00 (a1)" in clusters[0].find_element(By.TAG_NAME, "h3").text
    assert len(clusters[0].find_elements(By.CSS_SELECTOR, "tbody tr")) == 3

    # side-by-side views are hidden until a link opens one
    views = driver.find_elements(By.CSS_SELECTOR, ".pairview")
    assert len(views) == 3 and not any(v.is_displayed() for v in views)
    link = clusters[0].find_element(By.CSS_SELECTOR, "a.pairlink")
    target = link.get_attribute("href").split("#")[1]
    link.click()
    WebDriverWait(driver, 5, poll_frequency=0.05).until(
        lambda d: d.find_element(By.ID, target).is_displayed())
    view = driver.find_element(By.ID, target)
    assert sum(v.is_displayed() for v in views) == 1
    pair = result.pairs[int(target.split("-")[1])]
    assert len(view.find_elements(By.CSS_SELECTOR, ".hl")) == 2 * len(pair.passages)
    texts = {a.id: a.text for a in result.articles}
    for side, article in (("a", pair.a), ("b", pair.b)):
        shown = driver.execute_script(f"return document.getElementById('{target.replace('-', '')}-text-{side}')"
                                      ".textContent")
        assert shown == texts[article]  # the <script> in the paper's text is text

    # the pair list opens the others
    driver.find_element(By.CSS_SELECTOR, '#pairs a[href="#pair-2"]').click()
    WebDriverWait(driver, 5, poll_frequency=0.05).until(lambda d: d.find_element(By.ID, "pair-2").is_displayed())
    assert not driver.find_element(By.ID, target).is_displayed() or target == "pair-2"

    assert screenshot(driver, tmp_path, "sources.png").stat().st_size > 10_000


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(fg: str, bg: str) -> float:
    high, low = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_heat_cells_are_readable_at_every_share():
    """WCAG AA: text on every shade of the heatmap, from white to the deepest red, contrasts 4.5:1 or more."""
    import re

    for share in [i / 20 for i in range(21)]:
        style = sources_html._heat(share)
        light = int(re.search(r"hsl\(0,75%,(\d+)%\)", style).group(1))
        import colorsys

        bg = "rgb(" + ",".join(str(round(255 * c)) for c in colorsys.hls_to_rgb(0, light / 100, 0.75)) + ")"
        fg = "rgb(0,0,0)" if "color:#000" in style else "rgb(255,255,255)"
        assert _contrast(fg, bg) >= 4.5, (share, style)


def test_a_cap_on_side_by_side_views(result, monkeypatch):
    monkeypatch.setattr(sources_html, "MAX_PAIR_VIEWS", 1)
    page = render_sources_html(result)
    tags = Elements()
    tags.feed(page)
    views = [i for i in tags.ids if i.startswith("pair-")]
    assert len(views) == 1 and len(result.pairs) == 3
    assert {h for h in tags.hrefs if h.startswith("#pair-")} == {f"#{views[0]}"}  # no link to a missing view
    assert "the 1 pairs sharing the most words" not in page and "--format json has the passages of all 3" in page


@pytest.mark.parametrize("width", [1400, 800])
def test_readable_in_chromium_at(width, driver, page, tmp_path):
    """Text on the heatmap contrasts 4.5:1 (WCAG AA); dates never break; the page does not scroll sideways."""
    from selenium.webdriver.common.by import By

    path = tmp_path / "sources.html"
    path.write_text(page, encoding="utf-8")
    driver.set_window_size(width, 900)
    try:
        driver.get(path.as_uri())
        for cell in driver.find_elements(By.CSS_SELECTOR, "#matrix td.heat:not(.none)"):
            bg = cell.value_of_css_property("background-color")
            for el in (cell, cell.find_element(By.CSS_SELECTOR, ".q")):
                assert _contrast(el.value_of_css_property("color"), bg) >= 4.5, cell.text
        dates = driver.find_elements(By.CSS_SELECTOR, "td.date")
        assert dates
        for td in dates:
            assert driver.execute_script(
                "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
                "return r.getClientRects().length", td) == 1, td.text  # one line box: not wrapped
        assert driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        screenshot(driver, tmp_path, f"sources-{width}.png")
    finally:
        driver.set_window_size(1280, 800)


def test_long_lists_start_folded(result, monkeypatch):
    monkeypatch.setattr(sources_html, "FOLD_ROWS", 1)
    page = render_sources_html(result)
    assert f"<details><summary>{len(result.clusters) - 1} more clusters</summary>" in page
    assert f"<details><summary>{len(result.articles)} articles</summary>" in page


@pytest.fixture(scope="module")
def newsroom():
    return sources([RATES_WIRE, RATES_CREDITED, RATES_UNCREDITED, RATES_THIRD_PARTY, FARM, TAX_WIRE, TAX_PAPER])


def test_uncredited_reuse_and_stock_phrases_are_shown(newsroom):
    html = render_sources_html(newsroom)
    assert html.count('<li class="uncredited"><span class="flag uncredited">UNCREDITED: Reuters is not named') == 2
    assert html.count('<li class="credited"><span class="flag credited">credited</span>') == 1
    assert "names: KCNA (according to the KCNA report)" in html
    assert '<section id="stock"><h2>Stock phrases</h2>' in html and STOCK_PHRASE.replace("'", "&#x27;") in html
    o = {name: k for k, name in enumerate(newsroom.outlets)}
    cell = newsroom.matrix[o["Evening Gazette"]][o["Reuters"]]
    assert cell.uncredited_words > 0
    assert f'{cell.uncredited_words} words uncredited</span>' in html


def test_uncredited_reuse_in_chromium(driver, newsroom, tmp_path):
    from selenium.webdriver.common.by import By

    path = tmp_path / "newsroom.html"
    path.write_text(render_sources_html(newsroom), encoding="utf-8")
    driver.get(path.as_uri())
    flags = driver.find_elements(By.CSS_SELECTOR, "#provenance .flag.uncredited")
    assert len(flags) == 3 and all(f.is_displayed() for f in flags)  # two copies of Reuters, one of the Wire
    assert sorted(f.text for f in flags) == ["UNCREDITED: Reuters is not named"] * 2 + [
        "UNCREDITED: Wire is not named"]
    assert flags[0].value_of_css_property("background-color") == "rgba(176, 0, 32, 1)"
    stock = driver.find_element(By.ID, "stock")
    assert STOCK_PHRASE in stock.text and "farm-story" in stock.text
    o = {name: k for k, name in enumerate(newsroom.outlets)}
    cell = driver.find_element(By.CSS_SELECTOR,
                               f'#matrix td[data-row="{o["Evening Gazette"]}"][data-column="{o["Reuters"]}"]')
    assert "words uncredited" in cell.text
