"""The print edition: one document in reading order, unique anchors, and a PDF whose text is all there."""

from __future__ import annotations

from collections import Counter

import pytest
from mkdocs.structure.files import File
from pypdf import PdfReader

from print_edition import chapter, chapter_id, resolve


def test_chapters_follow_the_navigation(parse_page, nav_pages):
    edition = parse_page("print.md")
    chapters = [section["id"] for section in edition.select("section.print-chapter")]
    assert chapters == [chapter_id(File(src, "docs", "site", use_directory_urls=True).url) for src in nav_pages]


def test_ids_are_unique_and_internal_links_stay_inside(parse_page):
    edition = parse_page("print.md")
    ids = Counter(element["id"] for element in edition.select("[id]"))
    assert [name for name, count in ids.items() if count > 1] == []
    for link in edition.select(".print-chapter a[href^='#']"):
        assert link["href"][1:] in ids, link


def test_a_link_between_pages_becomes_an_anchor():
    html = '<p id="x"><a href="../../proposals/molotov/#territory">M</a> <a href="https://a.org/">A</a></p>'
    out = chapter("findings/korean-war/", html, {"proposals/molotov/", "findings/korean-war/"})
    assert 'id="findings-korean-war--x"' in out
    assert 'href="#proposals-molotov--territory"' in out and 'href="https://a.org/"' in out
    assert resolve("findings/", "../") == ("", "")


@pytest.fixture(scope="session")
def pdf_text(print_edition_pdf) -> str:
    reader = PdfReader(print_edition_pdf)
    assert len(reader.pages) > 20
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_holds_every_research_page_and_the_references(pdf_text, nav_pages, parse_page):
    for src in nav_pages:
        title = parse_page(src).select_one("article h1").get_text(strip=True).rstrip("¶")
        assert title in pdf_text, title
    assert "Okada, Miho. 2020." in pdf_text and "Hasegawa, Tsuyoshi. 1998." in pdf_text


def test_the_pdf_prints_outside_addresses_and_no_site_chrome(pdf_text):
    assert "<https://www.jstage.jst.go.jp/" in pdf_text
    assert "Cite this page" not in pdf_text and "Table of contents" not in pdf_text
