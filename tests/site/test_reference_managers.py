"""What reference managers read, checked against the rules Zotero publishes: its COinS reader
(openurl.js), Embedded Metadata, and its RIS and BibTeX importers. The real translation-server
was run against the site when these rules were written (see the session notes); here the rules
themselves are checked on every page, so that a change that breaks them fails in CI."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
import rispy
from pybtex.database import parse_string

from helpers import heading_of, output_path

ZOTERO_TYPES = {  # openurl.js: rft_val_fmt (and rft.genre) → the item type Zotero makes
    ("info:ofi/fmt:kev:mtx:journal", None): "journalArticle",
    ("info:ofi/fmt:kev:mtx:book", "bookitem"): "bookSection",
    ("info:ofi/fmt:kev:mtx:book", "report"): "report",
    ("info:ofi/fmt:kev:mtx:book", "document"): "document",
    ("info:ofi/fmt:kev:mtx:book", None): "book",
    ("info:ofi/fmt:kev:mtx:dissertation", None): "thesis",
    ("info:ofi/fmt:kev:mtx:dc", None): "webpage",
}


def zotero_item(coins: str) -> dict:
    """The item openurl.js makes of a ContextObject: its type, title and creators (the rules that
    decide whether a work is saved at all, and as what)."""
    pairs = parse_qsl(coins)
    fields: dict[str, list[str]] = {}
    for name, value in pairs:
        fields.setdefault(name, []).append(value)
    fmt, genre = fields["rft_val_fmt"][0], (fields.get("rft.genre") or [None])[0]
    item_type = ZOTERO_TYPES.get((fmt, genre if fmt == "info:ofi/fmt:kev:mtx:book" and genre in
                                  ("bookitem", "report", "document") else None))
    title = None
    if item_type in ("book", "report"):
        title = (fields.get("rft.btitle") or [None])[0]
    if item_type in ("journalArticle", "bookSection"):
        title = (fields.get("rft.atitle") or [None])[0]
    if title is None and item_type not in ("journalArticle", "bookSection"):
        title = (fields.get("rft.title") or [None])[0]
    if item_type not in ("thesis",) and fields.get("rft.type"):
        item_type = fields["rft.type"][0]  # any Zotero type (statute, webpage)
    creators = [("person", name) for name in fields.get("rft.au", [])]
    creators += [("organization", name) for name in fields.get("rft.aucorp", [])]
    return {"type": item_type, "title": title, "creators": creators, "fields": fields}


def straight(text: str) -> str:
    return text.replace("’", "'").replace("“", '"').replace("”", '"')


def test_every_content_page_saves_as_itself_a_web_page_by_the_sites_authors(nav_pages, parse_page, mkdocs_config):
    for src in [*nav_pages, "print.md"]:
        if src == mkdocs_config["extra"]["scholarly"]["references_page"]:
            continue
        page = parse_page(src)
        spans = page.select("span.Z3988")
        assert len(spans) == 1, f"{src}: {len(spans)} COinS: Zotero would offer works instead of the page"
        item = zotero_item(spans[0]["title"])
        # The print edition's h1 is its title page (the site's name); the page itself is "Print edition".
        heading = page.find("meta", property="og:title")["content"] if src == "print.md" else heading_of(page)
        assert item["type"] == "webpage" and straight(item["title"]) == straight(heading), src
        assert item["creators"] == [("organization", "Site editors")], src
        assert item["fields"]["rft.source"] == [mkdocs_config["site_name"]], src
        for name in ("rft.date", "rft.language", "rft.description", "rft_id"):
            assert item["fields"].get(name), (src, name)
        # Embedded Metadata calls any page with citation_title a journal article: there is none.
        assert not page.find("meta", attrs={"name": "citation_title"}), src


def test_every_work_on_the_references_page_saves_with_its_type_and_title(parse_page):
    entries = parse_page("references.md").select(".csl-entry")
    items = {entry["id"].removeprefix("ref-"): zotero_item(entry.select_one("span.Z3988")["title"]) for entry in entries}
    assert all(item["title"] and item["type"] for item in items.values()), items
    assert items["okada2021"]["type"] == "thesis" and items["okada2020"]["type"] == "journalArticle"
    assert items["jointdeclaration1956"]["type"] == "statute" and items["frus-v24"]["type"] == "bookSection"
    assert items["hemri2021"]["creators"] == [("organization", "Asia Pacific Forum, Awaji Conference Japan")]
    assert items["okada2020"]["fields"]["rft.pages"] == ["84–100"]
    assert items["jointdeclaration1956"]["fields"]["rft.date"] == ["1956-10-19"]
    assert not [key for key, item in items.items() if ("person", "Rozman, Gilbert") in item["creators"]]  # an editor


@pytest.mark.parametrize("key, kind, roles", [
    ("kimura2008", "BOOK", {"authors": ["Kimura, Hiroshi"], "subsidiary_authors": ["Ealey, Mark"]}),
    ("rozman2000", "BOOK", {"tertiary_authors": ["Rozman, Gilbert"]}),  # RIS: a book's editor is A3
    ("frus-v24", "CHAP", {"secondary_authors": ["Landa, Ronald D.", "Miller, Aaron D.", "Sampson, Charles S."]}),
    ("okada2021", "THES", {"authors": ["Okada, Miho"]}),
    ("jointdeclaration1956", "STAT", {}),
])
def test_each_work_downloads_as_ris_and_bibtex_with_every_field(key, kind, roles, site_dir, parse_page):
    (record,) = rispy.loads((site_dir / "references" / f"{key}.ris").read_text(encoding="utf-8"))
    assert record["type_of_reference"] == kind
    for role, names in roles.items():
        assert record[role] == names
    entry = parse_string((site_dir / "references" / f"{key}.bib").read_text(encoding="utf-8"), "bibtex").entries[key]
    assert entry.fields.get("url", "").find("\\_") == -1
    assert entry.fields["language"] == record["language"]  # Zotero keeps `language` as written; langid it ignores
    links = parse_page("references.md").select(f"#ref-{key} .references__save a")
    assert [link["href"] for link in links] == [f"./{key}.ris", f"./{key}.bib"]


def test_reference_lists_show_what_the_bib_holds_for_readers(parse_page):
    page = parse_page("references.md")
    assert "English title on the prize announcement" in page.select_one("#ref-okada2021").get_text()
    assert "Date of issue not confirmed" in page.select_one("#ref-okada-bulletin").get_text()
    assert "United Nations Treaty Series" in page.select_one("#ref-jointdeclaration1956").get_text()
    assert "October 19, 1956" in page.select_one("#ref-jointdeclaration1956").get_text()


def test_the_print_edition_is_one_item_not_every_work(parse_page):
    assert len(parse_page("print.md").select("span.Z3988")) == 1


def test_output_path_is_consistent():
    assert output_path("references.md") == "references/index.html"
