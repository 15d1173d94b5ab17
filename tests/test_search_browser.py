"""In Debian Chromium: the home page opens and the search box finds a page and opens it."""

from __future__ import annotations

import re

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


def test_home_page_opens(page: Page, site_url):
    page.goto(site_url)
    expect(page.locator("article h1")).to_be_visible()
    expect(page).to_have_title(re.compile("Okada"))


def test_search_finds_a_page_and_opens_it(page: Page, site_url):
    page.goto(site_url)
    search(page, "Molotov Proposal")
    result = page.locator(".md-search-result__item a[href*='proposals/molotov/']").first
    expect(result).to_be_visible(timeout=10_000)
    result.click()
    expect(page).to_have_url(re.compile(r"/proposals/molotov/"))
    expect(page.locator("article h1")).to_have_text(re.compile("Molotov Proposal"))
