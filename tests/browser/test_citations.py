"""In Chromium: a citation shows its full reference on hover, on keyboard focus and on tap, and
"Cite this page" copies each format with one click."""

from __future__ import annotations

import re

import rispy
from playwright.sync_api import Page, expect
from pybtex.database import parse_string

PAGE = "findings/korean-war/"
FULL_REFERENCE = re.compile(r"Okada, Miho\. 2020\. “Japan-Soviet Normalization Talks Reexamined")


def first_okada_citation(page: Page):
    return page.locator("article a.citation[href='#ref-okada2020']").first


def test_hover_shows_the_full_reference(page: Page, site_url):
    page.goto(site_url + PAGE)
    first_okada_citation(page).hover()
    expect(page.locator(".md-tooltip2--active")).to_contain_text(FULL_REFERENCE)


def test_keyboard_focus_shows_the_full_reference(page: Page, site_url):
    page.goto(site_url + PAGE)
    citation = first_okada_citation(page)
    for _ in range(200):  # Tab through the page as a keyboard user would
        page.keyboard.press("Tab")
        if citation.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the citation")
    expect(page.locator(".md-tooltip2--active")).to_contain_text(FULL_REFERENCE)


def test_tap_goes_to_the_reference_at_the_foot_of_the_page(page: Page, site_url):
    page.goto(site_url + PAGE)
    first_okada_citation(page).click()
    expect(page).to_have_url(re.compile("#ref-okada2020$"))
    expect(page.locator("#ref-okada2020")).to_be_in_viewport()


def test_every_format_in_cite_this_page_copies_with_one_click(page: Page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + PAGE)
    page.get_by_text("Chicago, BibTeX and RIS for this page").click()
    formats = page.locator(".cite-this-page__formats pre")
    expect(formats).to_have_count(3)
    copied = []
    for index in range(3):
        button = formats.nth(index).locator("button[data-md-type='copy']")
        expect(button).to_have_count(1)
        button.click()
        copied.append(page.evaluate("navigator.clipboard.readText()"))
    assert copied[0].startswith("Site editors. 20")
    (entry,) = parse_string(copied[1], "bibtex").entries.values()
    assert entry.fields["title"] == "Finding 1: The Korean War and the Kurils"
    assert rispy.loads(copied[2])[0]["type_of_reference"] == "ELEC"
