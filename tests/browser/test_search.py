"""In Debian Chromium: search finds words in three scripts and opens the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect


def search(page: Page, term: str) -> None:
    # Keys typed before Material's search has loaded its index are lost: wait for it.
    page.wait_for_load_state("networkidle")
    opener = page.locator("label.md-header__button[for='__search']")
    if opener.is_visible():  # narrow screens hide the search field behind a button
        opener.click()
    field = page.locator("input.md-search__input")
    field.click()
    # press_sequentially, not fill(): Material's search reacts to key events. Japanese and Cyrillic
    # characters arrive as text input without a keyup, so a last key that changes nothing follows.
    field.press_sequentially(term, delay=20)
    field.press("End")


@pytest.mark.parametrize("term", ["Molotov Proposal", "peaceful coexistence", "重光葵", "Молотов"])
def test_search_finds_english_japanese_and_russian_and_opens_the_page(page: Page, site_url, term):
    page.goto(site_url)
    search(page, term)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching document"),
                                                                    timeout=15_000)
    page.locator(".md-search-result__item a").first.click()
    expect(page.locator("article")).to_contain_text(re.compile(re.escape(term.split()[0]), re.IGNORECASE))


@pytest.mark.parametrize("term", ["重光", "二島", "モロトフ案", "ソ連提案", "二島引き渡し"])
def test_japanese_search_finds_the_terms_of_the_japanese_edition(page: Page, site_url, term):
    page.goto(site_url + "ja/")
    search(page, term)
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+"), timeout=15_000)
    first = page.locator(".md-search-result__item a").first
    expect(first).to_have_attribute("href", re.compile(r"/ja/"))
    first.click()
    expect(page.locator("article")).to_contain_text(term)
