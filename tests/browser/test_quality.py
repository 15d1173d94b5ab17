"""In Chromium, as readers meet the site: navigation on a phone, the dark palette, no request to any
other host, no refused script, the glossary by keyboard, and no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from test_search import search

from helpers import reader_urls, url_of

WCAG_21_A_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
RESEARCH_PAGES = ["dissertation.md", "findings/korean-war.md", "findings/post-stalin-split.md",
                  "findings/divided-at-the-start.md", "findings/khrushchev-overrules-molotov.md",
                  "findings/two-islands.md", "proposals/molotov.md", "proposals/khrushchev.md"]


def test_every_research_page_is_in_the_navigation_and_opens_from_it(page: Page, site_url):
    page.goto(site_url)
    navigation = page.locator("nav.md-nav--primary")
    for src in RESEARCH_PAGES:
        expect(navigation.locator(f"a.md-nav__link[href$='{url_of(src)}']").first).to_have_count(1)
    navigation.locator(f"a.md-nav__link[href$='{url_of('proposals/molotov.md')}']").first.click()
    expect(page.locator("article h1")).to_have_text(re.compile("The Molotov Proposal"))


@pytest.fixture
def phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url)
    yield page
    context.close()


def test_the_mobile_menu_reaches_a_finding(phone: Page):
    phone.locator("label.md-header__button[for='__drawer']").click()
    drawer = phone.locator("nav.md-nav--primary")
    section = drawer.locator(".md-nav__container", has=phone.get_by_role("link", name="Findings", exact=True))
    section.locator("label").click()
    drawer.get_by_role("link", name=re.compile("Finding 5")).click()
    expect(phone.locator("article h1")).to_have_text(re.compile("Finding 5"))


def test_the_mobile_search_works(phone: Page):
    search(phone, "Habomai")
    result = phone.locator(".md-search-result__item a").first
    expect(result).to_be_visible(timeout=10_000)
    result.click()
    expect(phone.locator("article")).to_contain_text("Habomai")


def scheme(page: Page) -> str:
    return page.locator("body").get_attribute("data-md-color-scheme")


def test_the_dark_palette_toggle_works_and_is_remembered(browser, site_url):
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(site_url)
    for _ in range(3):  # automatic → light → dark
        if scheme(page) == "slate":
            break
        page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert scheme(page) == "slate"
    page.goto(site_url + "timeline/")
    assert scheme(page) == "slate"
    context.close()


def test_a_glossary_term_is_reached_by_keyboard_and_shows_its_definition(page: Page, site_url):
    page.goto(site_url + "dissertation/")
    term = page.locator("article a.glossary-term").first
    definition = term.get_attribute("title")
    for _ in range(200):
        page.keyboard.press("Tab")
        if term.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached a glossary term")
    expect(page.locator(".md-tooltip2--active")).to_contain_text(definition[:40])


@pytest.mark.parametrize("url", [*reader_urls(), "404.html"])
def test_a_page_requests_nothing_from_other_hosts_and_refuses_no_script(page: Page, site_url, url):
    requests, refused, failed = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    page.goto(site_url + url, wait_until="networkidle")  # 404.html: what GitHub Pages serves for an unknown address
    assert [request for request in requests if not request.startswith((site_url, "data:", "blob:"))] == []
    assert refused == []
    assert [response for response in failed if not response.endswith("/404.html")] == []  # nothing asked for is missing


def test_search_requests_nothing_from_other_hosts(page: Page, site_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url)
    search(page, "Yalta")  # the search worker and its language files load too
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)
    assert [request for request in requests if not request.startswith((site_url, "data:", "blob:"))] == []
    assert any("search" in request and request.endswith(".js") for request in requests)


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
@pytest.mark.parametrize("url", reader_urls())
def test_no_wcag_violations(browser, site_url, url, color_scheme):
    context = browser.new_context(color_scheme=color_scheme)
    page = context.new_page()
    if url.endswith("print/"):  # it has no theme script: it shows the palette the site's pages stored
        page.goto(site_url + url.removesuffix("print/"), wait_until="networkidle")
    page.goto(site_url + url, wait_until="networkidle")
    # Material's script chooses the palette from the reader's setting once it runs (a CI run under load
    # once read the page before it had).
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if color_scheme == "dark" else "default",
                                                   timeout=10_000)
    violations = Axe().run(page, options=WCAG_21_A_AA).response["violations"]
    context.close()
    assert [(violation["id"], violation["nodes"][0]["target"]) for violation in violations] == []


def test_the_home_page_says_on_a_phones_first_screen_what_the_site_is_and_where_to_start(phone: Page):
    first_screen = phone.viewport_size["height"]
    article = phone.locator("article")
    assert phone.locator("article h1").bounding_box()["y"] < first_screen
    opening = article.locator("p").first
    assert opening.bounding_box()["y"] + opening.bounding_box()["height"] < first_screen
    text = opening.inner_text()
    assert "independent" in text and "Okada" in text
    start = phone.locator("#start-here")
    assert start.bounding_box()["y"] < first_screen * 1.5  # the list of where to start follows at once


def test_the_comparison_fits_a_phone_without_sideways_scrolling(phone: Page, site_url):
    phone.goto(site_url + "proposals/")
    table = phone.locator("article table").first
    assert table.bounding_box()["width"] <= phone.viewport_size["width"]
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= phone.viewport_size["width"]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_legend_and_labels_stay_clear_and_legible(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + "map/")
    drawing = page.locator("svg.islands-map").bounding_box()
    legend = page.locator(".islands-legend").bounding_box()
    assert legend["y"] >= drawing["y"] + drawing["height"]  # below the drawing, never on it
    for label in page.locator("svg.islands-map text").all():
        box = label.bounding_box()
        assert drawing["x"] <= box["x"] and box["x"] + box["width"] <= drawing["x"] + drawing["width"] + 1
        assert drawing["y"] <= box["y"] and box["y"] + box["height"] <= drawing["y"] + drawing["height"] + 1
        assert label.evaluate("element => parseFloat(getComputedStyle(element).fontSize)") * \
            drawing["width"] / 800 >= 10  # at least 10 px on the screen
    boxes = [label.bounding_box() for label in page.locator("svg.islands-map text.label--island").all()]
    for index, one in enumerate(boxes):  # the island groups' names do not overlap one another
        for other in boxes[index + 1:]:
            apart = (one["x"] + one["width"] <= other["x"] or other["x"] + other["width"] <= one["x"]
                     or one["y"] + one["height"] <= other["y"] or other["y"] + other["height"] <= one["y"])
            assert apart
    context.close()


def test_the_islands_table_scrolls_in_its_own_region_by_keyboard_on_a_phone(phone: Page, site_url):
    phone.goto(site_url + "map/")
    region = phone.locator(".islands-table[role=region]")
    assert region.get_attribute("aria-label") == "The four island groups"
    last_column = region.locator("thead th").last
    assert last_column.bounding_box()["x"] >= phone.viewport_size["width"]  # out of sight at first
    region.focus()
    for _ in range(15):  # as a reader presses: each press scrolls smoothly, and a quicker one cuts it short
        phone.keyboard.press("ArrowRight")
        phone.wait_for_timeout(100)
    box = last_column.bounding_box()
    assert box["x"] + box["width"] <= phone.viewport_size["width"] + 1  # scrolled into sight by the keys
    name, region_box = region.locator("tbody th").first.bounding_box(), region.bounding_box()
    assert abs(name["x"] - region_box["x"]) <= 1  # each row's island name stays in sight
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= phone.viewport_size["width"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_each_map_key_is_painted_as_the_islands_it_stands_for_on_screen_and_on_paper(browser, site_url, scheme):
    context = browser.new_context(viewport={"width": 390, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    paint = "element => { const style = getComputedStyle(element); return [style.fill, style.stroke]; }"
    for address in ("map/", "ja/map/", "print/"):  # the print edition carries the map as a chapter, its ids renamed
        page.goto(site_url + address)
        # The map's styles (its own stylesheet) are there: Habomai and Shikotan are not drawn in the default black.
        assert page.locator("svg.islands-map path.island--article-9").first.evaluate(paint)[0] != "rgb(0, 0, 0)"
        for media in ("screen", "print"):
            page.emulate_media(media=media)
            for kind in ("island--article-9", "island--claimed", "land"):
                key = page.locator(f".islands-legend__key .{kind}").first.evaluate(paint)
                for shape in page.locator(f"svg.islands-map path.{kind}").all():
                    assert shape.evaluate(paint) == key, (address, media, kind)
            # Kunashiri and Etorofu are hatched, as the key and the map's description say: the pattern is there.
            for shape in page.locator("svg.islands-map path.island--claimed").all():
                pattern = shape.evaluate("element => getComputedStyle(element).fill.match(/#([^\"')]+)/)[1]")
                assert page.locator(f"pattern#{pattern}").count() == 1, (address, media)
    context.close()


def test_search_finds_a_russian_name_typed_without_yo(page: Page, site_url):
    page.goto(site_url)
    search(page, "Хрущев")
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching document"), timeout=15_000)
    search_field = page.locator("input.md-search__input")
    search_field.fill("")
    search_field.press_sequentially("Хрущёв", delay=20)
    search_field.press("End")
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ matching document"), timeout=15_000)


def test_the_404_page_has_search(page: Page, site_url):
    page.goto(site_url + "404.html")  # what GitHub Pages serves for an address it does not have
    search(page, "Molotov")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=10_000)


def test_the_404_page_speaks_each_editions_language_and_leads_home(page: Page, site_url):
    # Seen by a review: a Japanese reader on a dead link got only "404 - Not found".
    page.goto(site_url + "404.html")
    expect(page).to_have_title(re.compile(r"^Page not found · ページが見つかりません - "))  # (a review: it was the site's name alone)
    japanese = page.locator("article section[lang=ja]")
    expect(japanese).to_contain_text("ページが見つかりません")
    japanese.locator("a").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page).to_have_url(re.compile(r"/ja/$"))
