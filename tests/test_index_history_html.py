"""The history page of an indexed article: exact texts, escaped, every edit marked, and (in Chromium) live."""

from __future__ import annotations

import pytest

from simcompare.index.versions import History, Span, Version, compare_versions, count_words, text_sha256
from simcompare.report.history_html import render_history_html

PARAGRAPH = ("The harbour board voted on Monday to close the old ferry pier for repairs. Engineers found cracks in "
             "three of the concrete piles during an inspection in October. ")
V1 = PARAGRAPH * 6 + "The pier will reopen in March, the board said. <script>alert('x')</script> & more."
V2 = (PARAGRAPH * 6).replace("three of", "several of", 1) + "The pier will reopen in May, the board said. " \
    "<script>alert('x')</script> & more."
V3 = V2 + "\n\nCorrection: An earlier version of this article said the pier would reopen in March."


def history(*texts: str) -> History:
    versions = [Version(k + 1, f"2026-11-0{k + 2}T09:00:00+00:00", None, count_words(t), text_sha256(t), {}, t)
                for k, t in enumerate(texts)]
    changes = [compare_versions(a.text, b.text, from_version=a.version, to_version=b.version)
               for a, b in zip(versions, versions[1:])]
    return History("pier <1>", versions, changes)


def test_columns_reproduce_the_versions_and_mark_every_edit():
    import html
    import re

    page = render_history_html(history(V1, V2, V3))
    for n, (before, after) in enumerate(((V1, V2), (V2, V3))):
        for side, text in (("before", before), ("after", after)):
            column = re.search(f'<div class="text" id="c{n}-{side}">(.*?)</div>', page, re.S).group(1)
            assert html.unescape(re.sub(r"</?(?:del|ins)[^>]*>", "", column)) == text
    assert page.count("<del ") == 2 and page.count("<ins ") == 3  # three → several, March → May; the note
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more." in page
    assert "<title>simcompare: history of pier &lt;1&gt;</title>" in page
    assert "no correction note: stealth edit" in page and "correction note: Correction:" in page


def test_one_version_and_bad_spans():
    assert "One version: nothing has changed." in render_history_html(history(V1))
    bad = history(V1, V2)
    change = bad.changes[0]
    broken = History(bad.id, bad.versions, [type(change)(1, 2, 0.9, [Span(0, 3, "XYZ")], [], [(0, None)], 1, 0,
                                                         None)])
    with pytest.raises(ValueError, match="does not slice its version"):
        render_history_html(broken)


def test_in_chromium(driver, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = tmp_path / "history.html"
    page.write_text(render_history_html(history(V1, V2, V3)), encoding="utf-8")
    driver.get(page.as_uri())
    with pytest.raises(NoAlertPresentException):
        _ = driver.switch_to.alert.text
    assert driver.title == "simcompare: history of pier <1>"
    assert driver.execute_script("return document.scripts.length") == 1
    text = "return document.getElementById(arguments[0]).textContent"
    assert [driver.execute_script(text, f"c{n}-{side}") for n in (0, 1) for side in ("before", "after")] == \
        [V1, V2, V2, V3]
    removed, added = driver.find_element(By.ID, "c0-r1"), driver.find_element(By.ID, "c0-a1")
    assert (removed.text, added.text) == ("March", "May")

    def classes(el):
        return el.get_attribute("class").split()

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", added)
    ActionChains(driver).move_to_element(added).perform()
    assert "active" in classes(removed) and "active" in classes(added)  # hover outlines the counterpart
    ActionChains(driver).move_to_element(driver.find_element(By.TAG_NAME, "h1")).perform()
    assert "active" not in classes(removed)
    driver.execute_script("arguments[0].parentElement.scrollTop = 0", removed)
    driver.find_element(By.CSS_SELECTOR, '.edits tr[data-change="0"][data-edit="1"]').click()
    WebDriverWait(driver, 5, poll_frequency=0.05).until(lambda d: "selected" in classes(removed))
    assert "selected" in classes(added)
    # the earlier version's column scrolled to the removed words
    WebDriverWait(driver, 5, poll_frequency=0.05).until(
        lambda d: d.execute_script("return arguments[0].parentElement.scrollTop", removed) > 0)
    added.click()  # clicking an added span selects it and its removed counterpart only
    assert "selected" in classes(removed)
    assert driver.find_elements(By.CSS_SELECTOR, "#c1-after ins")[-1].text.startswith("Correction: An earlier")
