"""The works a page cites, described for machines: Google Scholar, reference managers, schema.org.

Small pure functions from a pybtex `Entry` to each format; `citations.py` puts COinS into the
reference lists and `page_metadata.py` puts the rest into the page head.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlencode

from pybtex.backends.plaintext import Backend as PlainText
from pybtex.database import Entry
from pybtex.richtext import Text

LATEX_MARKUP = re.compile(r"[{}\\~$]|``|''")
# One backend for all conversions: `render_as("text")` would look it up among pybtex's plugins
# (slow entry-point scans) on every call.
PLAIN_TEXT = PlainText()


@cache
def latex_to_text(value: str) -> str:
    """BibTeX's braces, ``quotes'' and escapes resolved to plain text."""
    if not LATEX_MARKUP.search(value):  # plain text already: skip pybtex's slow parser
        return value
    return Text.from_latex(value).render(PLAIN_TEXT)


def field(entry: Entry, name: str) -> str | None:
    value = entry.fields.get(name)
    return latex_to_text(value) if value else None


def creators(entry: Entry) -> list:
    """Who a citation names first: the authors, or else the editors (pybtex Person objects)."""
    return entry.persons.get("author") or entry.persons.get("editor") or []


def names(entry: Entry) -> list[str]:
    """The creators as "Family, Given" (a corporate name stays whole)."""
    return [latex_to_text(str(person)) for person in creators(entry)]


def year_of(entry: Entry) -> str | None:
    return field(entry, "year") or (field(entry, "date") or "")[:4] or None


def highwire_reference(entry: Entry) -> str:
    """One `citation_reference` value, in the `name=value; ...` form Google Scholar reads."""
    parts = [("citation_title", field(entry, "title"))]
    parts += [("citation_author", name) for name in names(entry)]
    parts += [
        ("citation_journal_title", field(entry, "journal")),
        ("citation_publication_date", year_of(entry)),
        ("citation_issue", field(entry, "number")),
        ("citation_volume", field(entry, "volume")),
        ("citation_publisher", field(entry, "publisher")),
        ("citation_isbn", field(entry, "isbn")),
        ("citation_public_url", field(entry, "url")),
    ]
    return "; ".join(f"{name}={value}" for name, value in parts if value)


def coins(entry: Entry) -> str:
    """An OpenURL ContextObject (COinS) for Zotero and other reference managers."""
    is_article = entry.type == "article"
    fields = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{'journal' if is_article else 'book'}"),
        ("rft.genre", {"article": "article", "book": "book", "thesis": "document"}.get(entry.type, "document")),
        ("rft.atitle" if is_article else "rft.btitle", field(entry, "title")),
        ("rft.jtitle", field(entry, "journal")),
        ("rft.date", year_of(entry)),
        ("rft.issue", field(entry, "number")),
        ("rft.volume", field(entry, "volume")),
        ("rft.pages", field(entry, "pages")),
        ("rft.pub", field(entry, "publisher")),
        ("rft.isbn", field(entry, "isbn")),
        ("rft.issn", field(entry, "issn")),
        ("rft_id", field(entry, "url")),
    ]
    fields += [("rft.au", name) for name in names(entry)]
    return urlencode([(name, value) for name, value in fields if value])


def creative_work(entry: Entry) -> dict:
    """A cited or discussed work as schema.org data."""
    kind = {"article": "ScholarlyArticle", "book": "Book", "thesis": "Thesis"}.get(entry.type, "CreativeWork")
    work: dict = {"@type": kind, "name": field(entry, "title")}
    authors = names(entry)
    if authors:
        work["author"] = [person_or_organization(name) for name in authors]
    if year_of(entry):
        work["datePublished"] = year_of(entry)
    if field(entry, "url"):
        work["url"] = field(entry, "url")
    if field(entry, "journal"):
        work["isPartOf"] = {"@type": "PublicationIssue", "issueNumber": field(entry, "number"),
                            "isPartOf": {"@type": "Periodical", "name": field(entry, "journal"),
                                         "issn": field(entry, "issn")}}
    if field(entry, "langid") == "japanese":
        work["inLanguage"] = "ja"
    return work


def person_or_organization(name: str) -> dict:
    if "," in name and not name.startswith(("Asia ", "U.S.")):
        family, given = (part.strip() for part in name.split(",", 1))
        return {"@type": "Person", "name": f"{given} {family}", "familyName": family, "givenName": given}
    return {"@type": "Organization", "name": name}
