"""The review site in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by selenium) opens the pages of a tiny archive's site and
the tests read the rendered DOM. Without a browser they skip, naming what to install;
in CI (``CI=true``, where ``scripts/install.sh --dev`` installs it) they fail."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from pipeline.review import browser, build_site
from pipeline.review.data import KINDS, load_archive

from .conftest import CONFERENCE, SEMINAR, doc_ids, in_ci

By: Any = None


@pytest.fixture(scope="module")
def web() -> Iterator[Any]:
    global By
    reason = browser.missing()
    if reason:
        if in_ci():
            pytest.fail(f"{reason}; CI installs them with `bash scripts/install.sh --dev` as root")
        pytest.skip(reason)
    from selenium.webdriver.common.by import By as by

    By = by
    with browser.chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def site(tiny_run, gold_file, tmp_path_factory) -> Path:
    """The tiny archive's tables and their site, scored against the gold with known errors."""
    out = tmp_path_factory.mktemp("review-site") / "out"
    shutil.copytree(tiny_run, out, symlinks=True)
    build_site(out, gold_file)
    return out


def open_doc(web, site: Path, source: str, fragment: str = "") -> str:
    doc_id = doc_ids(site)[source]
    web.get(browser.url(site / "review" / "doc" / f"{doc_id}.html") + (f"#{fragment}" if fragment else ""))
    return doc_id


def classes(element) -> set[str]:
    return set((element.get_attribute("class") or "").split())


def selected(web) -> set[str]:
    """Ids of the rows selected on the page."""
    return {e.get_attribute("id") for e in web.find_elements(By.CSS_SELECTOR, "tr.selected")}


def person_row(site: Path, source: str, name: str) -> str:
    archive = load_archive(site)
    return next(r["id"] for r in archive.rows("person_mentions", doc_ids(site)[source]) if r["name"] == name)


def test_every_mention_is_marked_once_over_its_text_beside_its_row(web, site):
    """Per document, the marked mentions are the rows of the mention tables, each over
    the characters its row says (``text``), each with its row."""
    tables = {k.table: pq.read_table(site / f"{k.table}.parquet").to_pylist() for k in KINDS}
    checked = 0
    for source, doc_id in doc_ids(site).items():
        open_doc(web, site, source)
        rows = [r for k in KINDS for r in tables[k.table] if r["doc_id"] == doc_id]
        tags = web.find_elements(By.CSS_SELECTOR, "#text .tag")
        assert len(tags) == len(rows), source
        assert len(web.find_elements(By.CSS_SELECTOR, "tr[data-m]")) == len(rows)
        covered = web.execute_script("""
            var out = {};
            document.querySelectorAll('#text .tag').forEach(function (t) {
              var words = Array.prototype.filter.call(document.querySelectorAll('#text .tok'), function (w) {
                return w.getAttribute('data-ms').split(' ').indexOf(t.dataset.m) >= 0; });
              out[t.dataset.m] = words.map(function (w) { return w.textContent; }).join('');
              out[t.dataset.m + ' row'] = !!document.getElementById('row-' + t.dataset.m);
            });
            return out;""")
        assert sorted(r["text"] for r in rows) == sorted(v for k, v in covered.items() if not k.endswith(" row"))
        assert all(v for k, v in covered.items() if k.endswith(" row"))
        checked += len(rows)
    assert checked > 20
    assert browser.console_errors(web) == []


def test_hovering_or_clicking_a_mention_shows_its_row_and_a_click_on_a_row_its_mention(web, site):
    open_doc(web, site, SEMINAR)
    orlov, belova = person_row(site, SEMINAR, "Орлов И.С."), person_row(site, SEMINAR, "Белова Е.В.")
    assert selected(web) == set()
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(web).move_to_element(web.find_element(By.ID, f"tag-{belova}")).perform()  # hovering shows the row
    assert "hover" in classes(web.find_element(By.ID, f"row-{belova}"))
    assert "hover" not in classes(web.find_element(By.ID, f"row-{orlov}"))
    web.find_element(By.ID, f"tag-{orlov}").click()  # its label
    assert selected(web) == {f"row-{orlov}"}
    assert "selected" in classes(web.find_element(By.ID, f"tag-{orlov}"))
    assert web.execute_script("return location.hash") == f"#{orlov}"
    word = web.find_element(By.CSS_SELECTOR, f'#text .tok[data-ms^="{belova}"]')  # a word of the mention
    word.click()
    assert selected(web) == {f"row-{belova}"}
    assert web.find_element(By.ID, f"row-{belova}").is_displayed()
    date = web.find_element(By.CSS_SELECTOR, "tr[id^='row-dt']")
    date.click()
    date_id = date.get_attribute("data-m")
    assert "selected" in classes(web.find_element(By.ID, f"tag-{date_id}")) and selected(web) == {f"row-{date_id}"}
    bars = web.find_elements(By.CSS_SELECTOR, f'#text .bar[data-m="{date_id}"]')
    assert bars and all("selected" in classes(b) for b in bars)


def test_a_link_from_a_person_page_opens_the_mention_selected(web, site):
    archive = load_archive(site)
    person = next(p for p in archive.persons.values() if p["name"] == "Смирнова О.И.")
    web.get(browser.url(site / "review" / "person" / f"{person['person_id']}.html"))
    assert person["evidence"] in web.find_element(By.ID, "evidence").text
    web.find_element(By.CSS_SELECTOR, "#mentions a").click()
    row = person_row(site, CONFERENCE, "Смирнова О.И.")
    assert web.current_url.endswith(f"#{row}") and selected(web) == {f"row-{row}"}


def test_the_gold_marks_the_known_errors_of_the_seminar_in_their_colours(web, site):
    open_doc(web, site, SEMINAR)
    fp, role, org = (person_row(site, SEMINAR, n) for n in ("Белова Е.В.", "Крылова А.П.", "Орлов И.С."))
    assert "gold-fp" in classes(web.find_element(By.ID, f"row-{fp}"))
    assert "gold-fp" in classes(web.find_element(By.ID, f"tag-{fp}"))
    assert "gold-role" in classes(web.find_element(By.ID, f"row-{role}"))
    assert classes(web.find_element(By.ID, f"row-{org}")) >= {"gold-org"}
    colours = {web.find_element(By.CSS_SELECTOR, f"#row-{i} td").value_of_css_property("background-color")
               for i in (fp, role, org)}
    assert len(colours) == 3  # distinct colours
    assert "2023-03-16" in web.find_element(By.ID, "gold-missed").text
    assert "Белова Е.В." in web.find_element(By.ID, "gold-wrong").text
    assert web.find_element(By.CSS_SELECTOR, ".gold-legend").is_displayed()
    web.find_element(By.CSS_SELECTOR, f'#gold-wrong li[data-m="{fp}"]').click()  # a listed error selects its row
    assert selected(web) == {f"row-{fp}"}
    open_doc(web, site, CONFERENCE)
    assert web.find_elements(By.ID, "gold") == [] and web.find_elements(By.CSS_SELECTOR, "tr.gold-fp") == []


def test_the_index_lists_every_document_sorted_by_errors_and_filters(web, site):
    web.get(browser.url(site / "review" / "index.html"))
    rows = web.find_elements(By.CSS_SELECTOR, "#docs tbody tr")
    assert len(rows) == 4 and rows[0].get_attribute("data-doc") == doc_ids(site)[SEMINAR]
    assert "the PDF file is damaged" in web.find_element(By.CSS_SELECTOR, "#docs tr.err").text
    box = web.find_element(By.CSS_SELECTOR, "input.filter")
    box.send_keys("Озёрск")
    visible = [r for r in web.find_elements(By.CSS_SELECTOR, "#docs tbody tr") if r.is_displayed()]
    assert [r.get_attribute("data-doc") for r in visible] == [doc_ids(site)[CONFERENCE]]
    assert web.find_element(By.ID, "docs-n").text == "1"
    box.clear()
    box.send_keys(" ")  # an input event with nothing to filter by
    header = next(th for th in web.find_elements(By.CSS_SELECTOR, "#docs thead th") if th.text == "persons")
    header.click()
    header.click()  # descending
    counts = [int(td.get_attribute("data-v")) for td in web.find_elements(By.CSS_SELECTOR, "#docs tbody tr td:nth-child(7)")]
    assert counts == sorted(counts, reverse=True) and counts[0] == 3
    assert browser.console_errors(web) == []


def test_a_screenshot_of_a_document_page(web, site, tmp_path):
    doc_id = doc_ids(site)[SEMINAR]
    row = person_row(site, SEMINAR, "Белова Е.В.")
    png = browser.screenshot(web, site / "review" / "doc" / f"{doc_id}.html", tmp_path / "seminar.png", row)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert selected(web) == {f"row-{row}"}
