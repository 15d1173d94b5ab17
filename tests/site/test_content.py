"""The research pages: present, long enough to stand alone, cited, and with every citation resolved."""

from __future__ import annotations

import copy
import json
import re

import pytest
from pybtex.database import parse_file

from helpers import ROOT

# Page → (fewest, most) words of prose; citation marks and reference lists are not counted.
# The finding pages carry only what is particular to their finding (the shared background is on
# findings/index.md), so they are shorter than the proposal pages.
RESEARCH_PAGES = {
    "dissertation.md": (800, 1500),
    "findings/korean-war.md": (300, 650),
    "findings/post-stalin-split.md": (300, 650),
    "findings/divided-at-the-start.md": (300, 650),
    "findings/khrushchev-overrules-molotov.md": (300, 650),
    "findings/two-islands.md": (300, 650),
    "proposals/molotov.md": (400, 900),
    "proposals/khrushchev.md": (400, 900),
}


def prose_words(page) -> int:
    article = copy.copy(page.select_one("article"))
    for element in article.select("h1, #references, #references ~ *, .footnote, span.citation, a.headerlink, "
                                  "#on-the-timeline, #on-the-timeline + ul"):
        element.decompose()
    return len(article.get_text(" ").split())


@pytest.mark.parametrize("src", RESEARCH_PAGES)
def test_research_page_stands_alone_and_is_cited(src, nav_pages, parse_page):
    assert src in nav_pages
    page = parse_page(src)
    fewest, most = RESEARCH_PAGES[src]
    assert fewest <= prose_words(page) <= most
    citations = page.select("article a.citation")
    assert citations, f"{src} cites nothing"
    entries = {entry["id"] for entry in page.select("#references ~ .references .csl-entry")}
    assert {link["href"].lstrip("#") for link in citations} <= entries


def test_no_page_has_an_unresolved_citation_or_a_leftover_token(nav_pages, parse_page):
    for src in [*nav_pages, "print.md"]:
        article = copy.copy(parse_page(src).select_one("article"))  # the parsed page is shared
        for code in article.select("code"):  # examples of the syntax are shown as written
            code.decompose()
        text = article.get_text(" ")
        assert "[@" not in text and not re.search(r"\[see @|@\w+\]", text), src
        assert "\x02" not in str(article) and "scholarly-" not in str(article), src


def test_citation_examples_in_code_are_shown_as_written(parse_page):
    guide = parse_page("contributing.md")
    examples = [code.get_text() for code in guide.select("article td code")]
    assert examples[:3] == ["[@okada2020]", "[@okada2020; @hemri2021]", "[see @hasegawa1998]"]
    assert not guide.select("article a.citation") and not guide.select("#references")


def test_every_page_has_a_title_and_a_description(nav_pages, parse_page):
    for src in nav_pages:
        description = parse_page(src).find("meta", attrs={"name": "description"})
        assert description and 20 < len(description["content"]) <= 160, src


def bib_keys() -> set[str]:
    return {key for path in (ROOT / "bib").glob("*.bib") for key in parse_file(path).entries}


def test_every_bib_entry_is_cited_or_listed_on_the_references_page(nav_pages, parse_page):
    cited = {link["href"].lstrip("#").removeprefix("ref-")
             for src in nav_pages for link in parse_page(src).select("article a.citation")}
    listed = {entry["id"].removeprefix("ref-") for entry in parse_page("references.md").select(".csl-entry")}
    assert listed == bib_keys()
    # Only the general literature may appear on the References page alone.
    assert bib_keys() - cited <= set(parse_file(ROOT / "bib" / "secondary.bib").entries)


def test_page_references_link_to_the_full_list(parse_page):
    page = parse_page("findings/korean-war.md")
    link = page.select_one("#references ~ .references .references__more")
    assert link["href"].startswith("../../references/#ref-")


def test_ordinary_footnotes_keep_their_numbers_and_come_before_the_references(parse_page):
    article = parse_page("about.md").select_one("article")
    note_marks = [mark.get_text() for mark in article.select("sup[id^='fnref'] a.footnote-ref")]
    assert note_marks == [str(number) for number in range(1, len(note_marks) + 1)] and note_marks
    notes, references = article.select_one("div.footnote"), article.select_one("#references")
    assert notes.find_next(id="references") is references  # notes first, then the references
    assert not article.select("sup a.citation")  # citations are not numbered notes


def test_search_indexes_the_references_page_not_the_citation_marks(site_dir):
    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    reference_lists = ("references/", "ja/references/")  # each edition's full list
    listed = " ".join(doc["text"] for doc in docs if doc["location"].startswith(reference_lists))
    assert "Hasegawa, Tsuyoshi. 1998" in listed and "Okada, Miho. 2020" in listed
    elsewhere = " ".join(doc["text"] for doc in docs
                         if not doc["location"].startswith((*reference_lists, "contributing/")))
    assert "Kokusai Seiji" in elsewhere  # the prose is indexed
    for apparatus in ("(Okada 2020)", "Okada 2020", "In the full list", "文献一覧で見る", "Okada, Miho. 2020"):
        assert apparatus not in elsewhere
    # Where a citation was left out, no space is left before the full stop.
    assert not re.search(r"\w \.(\s|$)", elsewhere)
