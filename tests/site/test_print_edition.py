"""The print edition: one document in reading order, unique anchors, reader pages only."""

from __future__ import annotations

from collections import Counter

from mkdocs.structure.files import File

from scholarly.print_edition import chapter, chapter_id, resolve


def test_chapters_are_the_reader_pages_in_reading_order(parse_page, nav_pages, mkdocs_config):
    edition = parse_page("print.md")
    chapters = [section["id"] for section in edition.select("section.print-chapter")]
    excluded = mkdocs_config["extra"]["scholarly"]["print"]["exclude"]
    assert chapters == [chapter_id(File(src, "docs", "site", use_directory_urls=True).url)
                        for src in nav_pages if src not in excluded]
    assert "contributing" not in chapters


def test_ids_are_unique_and_internal_links_stay_inside(parse_page):
    edition = parse_page("print.md")
    ids = Counter(element["id"] for element in edition.select("[id]"))
    assert [name for name, count in ids.items() if count > 1] == []
    for link in edition.select(".print-chapter a[href^='#']"):
        assert link["href"][1:] in ids, link


def test_a_link_between_pages_becomes_an_anchor_and_a_link_to_a_file_still_reaches_it():
    html = ('<h1 id="t">Who’s <span>who</span><a class="headerlink" href="#t">¶</a></h1>'
            '<p id="x"><a href="../../proposals/molotov/#territory">M</a> <a href="https://a.org/">A</a> '
            '<a href="../../references/okada2020.ris">RIS</a> <a href="../../references/#ref-okada2020">list</a></p>')
    out = chapter("findings/korean-war/", html, {"proposals/molotov/", "findings/korean-war/"}, "print/")
    assert out.title == "Who’s who" and out.id == "findings-korean-war"
    assert 'id="findings-korean-war--x"' in out.html
    assert 'href="#proposals-molotov--territory"' in out.html and 'href="https://a.org/"' in out.html
    # Not a chapter: from the edition's page (print/), the same file or page.
    assert 'href="../references/okada2020.ris"' in out.html and 'href="../references/#ref-okada2020"' in out.html
    assert resolve("findings/", "../") == ("", "")
    assert resolve("", "references/x.bib") == ("references/x.bib", "")
    assert resolve("references/", "x.bib#top") == ("references/x.bib", "top")
    # From another edition's page, a file of the default edition (its RIS and BibTeX).
    assert resolve("findings/", "../../references/x.ris") == ("../references/x.ris", "")
    out = chapter("findings/", '<p><a href="../../references/okada2020.ris">RIS</a></p>', set(), "print/")
    assert 'href="../../references/okada2020.ris"' in out.html  # from ja/print/: the site's root


def test_the_edition_is_not_in_the_search_index(site_dir):
    import json

    docs = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [doc for doc in docs if doc["location"].startswith("print/")]
