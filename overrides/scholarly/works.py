"""One description of each cited work, and every format made from it.

A `.bib` entry is read once into a `Work`: its type, title, people in their roles, dates at the
precision given, and so on, with BibTeX's braces and escapes resolved. Every format a reader or a
machine gets is made from that one `Work`, so they cannot disagree: CSL JSON (what pandoc formats
the references from), COinS (reference managers reading the page), RIS and BibTeX (downloads and
"cite this page") and schema.org (search engines).

Rules followed: Zotero's `openurl.js` for COinS (which fields it reads for which type, `aucorp`
for an organization), its RIS import for RIS tags, CSL 1.0.2 for CSL JSON.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlencode

import rispy
from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person
from pybtex.richtext import Protected, String, Text

from .dates import iso, parse_date

# BibTeX entry type → (our kind, CSL type, RIS type, schema.org type)
KINDS = {
    "article": ("article", "article-journal", "RIS:JOUR", "ScholarlyArticle"),
    "book": ("book", "book", "RIS:BOOK", "Book"),
    "incollection": ("chapter", "chapter", "RIS:CHAP", "Chapter"),
    "thesis": ("thesis", "thesis", "RIS:THES", "Thesis"),
    "phdthesis": ("thesis", "thesis", "RIS:THES", "Thesis"),
    "report": ("report", "report", "RIS:RPRT", "Report"),
    "online": ("webpage", "webpage", "RIS:ELEC", "WebPage"),
    "misc": ("document", "document", "RIS:GEN", "CreativeWork"),
}
# `@misc` with `entrysubtype = {treaty}` (biblatex's field for a kind within a type): a treaty,
# which CSL formats as one; Zotero has no treaty type and files it, like a statute, as "statute".
TREATY = ("treaty", "treaty", "RIS:STAT", "Legislation")


def kind_of(entry_type: str, fields) -> tuple[str, str, str, str]:
    if entry_type == "misc" and fields.get("entrysubtype", "").strip().lower() == "treaty":
        return TREATY
    return KINDS.get(entry_type, KINDS["misc"])
LANGUAGES = {"english": "en", "american": "en", "british": "en", "japanese": "ja", "russian": "ru"}
# Only these LaTeX escapes mean something in this site's .bib files; any other command is
# reported (bibliography checks) and shown as written.
PLAIN = PlainTextBackend()


def latex_text(value: str) -> Text:
    return Text.from_latex(value)


@lru_cache(maxsize=8192)
def plain(value: str) -> str:
    """A BibTeX value as plain text: braces and escapes resolved."""
    if not re.search(r"[{}\\~$]|--|``|''", value):
        return value
    return latex_text(value).render(PLAIN)


def _rich(part) -> str:
    if isinstance(part, Protected):
        return '<span class="nocase">' + "".join(_rich(child) for child in part.parts) + "</span>"
    if isinstance(part, (Text,)):
        return "".join(_rich(child) for child in part.parts)
    return part.value if isinstance(part, String) else str(part)


@lru_cache(maxsize=8192)
def csl_rich_text(value: str) -> str:
    """A BibTeX value as CSL rich text, {braced} words kept from re-casing. pandoc reads a string's
    `<i>`, `<b>`, `<sup>`, `<sub>` and `<span class="nocase">` as formatting and everything else as
    text (which its HTML output escapes): entities are not decoded, so text is not escaped here."""
    return _rich(latex_text(value))


@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    literal: str = ""  # an organization, written whole

    @property
    def inverted(self) -> str:
        """"Okada, Miho" (how references and reference managers list a person)."""
        return self.literal or (f"{self.family}, {self.given}" if self.given else self.family)

    @property
    def natural(self) -> str:
        return self.literal or " ".join(part for part in (self.given, self.family) if part)

    def csl(self) -> dict:
        return {"literal": self.literal} if self.literal else {"family": self.family, "given": self.given}


def name_of(person) -> Name:
    """A pybtex Person; a name written in double braces ({{U.S. Department of State}}) is an organization."""
    given = plain(" ".join(person.first_names + person.middle_names))
    family = plain(" ".join(person.prelast_names + person.last_names))
    if not given and len(person.last_names) == 1 and person.last_names[0].startswith("{"):
        return Name(literal=family)
    return Name(family=family, given=given)


@dataclass(frozen=True)
class Work:
    key: str
    bibtex_type: str
    kind: str  # article, book, chapter, thesis, report, webpage, treaty, document
    title: str
    title_rich: str
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = ()
    container: str = ""  # journal, book (of a chapter), website
    date: tuple[int, ...] = ()
    volume: str = ""
    volumes: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    genre: str = ""  # a thesis's degree, a report's kind
    series: str = ""
    series_number: str = ""
    url: str = ""
    issn: str = ""
    isbn: str = ""
    doi: str = ""
    language: str = ""  # BCP 47: en, ja, ru
    note: str = ""
    abstract: str = ""
    fields: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def creators(self) -> tuple[Name, ...]:
        """Who a citation names first: the authors, or else the editors."""
        return self.authors or self.editors

    @property
    def year(self) -> str:
        return str(self.date[0]) if self.date else ""


def names_in(entry: Entry, role: str) -> tuple[Name, ...]:
    """The people in a role: pybtex parses authors and editors; other roles (translator) are fields."""
    if role in entry.persons:
        return tuple(name_of(person) for person in entry.persons[role])
    return tuple(name_of(Person(name)) for name in split_name_list(entry.fields.get(role, "")))


def work_from_entry(key: str, entry: Entry) -> Work:
    kind = kind_of(entry.type, entry.fields)[0]
    get = lambda name: plain(entry.fields.get(name, ""))  # noqa: E731
    date: tuple[int, ...] = ()
    if entry.fields.get("date"):
        try:
            date = parse_date(plain(entry.fields["date"]))
        except ValueError:
            date = ()  # reported by the bibliography checks
    elif entry.fields.get("year", "").strip().isdigit():
        date = (int(entry.fields["year"]),)
    # biblatex's `titleaddon` follows the title, as pandoc and biblatex print it.
    title_source = ". ".join(part for part in (entry.fields.get("title", ""), entry.fields.get("titleaddon", "")) if part)
    return Work(
        key=key, bibtex_type=entry.type, kind=kind,
        title=plain(title_source), title_rich=csl_rich_text(title_source),
        authors=names_in(entry, "author"), editors=names_in(entry, "editor"), translators=names_in(entry, "translator"),
        container=get("journal") or get("booktitle") or (get("organization") if kind == "webpage" else ""),
        date=date, volume=get("volume"), volumes=get("volumes"), issue=get("number") if kind != "report" else "",
        pages=get("pages").replace("--", "–").replace("-", "–"),
        publisher=get("publisher") or get("school") or get("institution") or (get("organization") if kind != "webpage" else ""),
        place=get("address") or get("location"), genre=get("type"),
        series=get("series"), series_number=get("number") if kind == "report" else "",
        url=get("url"), issn=get("issn"), isbn=get("isbn"), doi=get("doi"),
        language=LANGUAGES.get(get("langid").lower(), ""), note=get("note"), abstract=get("abstract"),
        fields=dict(entry.fields),
    )


# -- CSL JSON (what pandoc's citeproc formats) ------------------------------------------------------

def csl_item(work: Work) -> dict:
    csl_type = kind_of(work.bibtex_type, work.fields)[1]
    item: dict = {"id": work.key, "type": csl_type, "title": work.title_rich}
    for role, names in (("author", work.authors), ("editor", work.editors), ("translator", work.translators)):
        if names:
            item[role] = [name.csl() for name in names]
    if work.date:
        item["issued"] = {"date-parts": [list(work.date)]}
    for csl_name, value in (("container-title", work.container), ("volume", work.volume),
                            ("number-of-volumes", work.volumes), ("issue", work.issue), ("page", work.pages),
                            ("publisher", work.publisher), ("publisher-place", work.place), ("genre", work.genre),
                            ("collection-title", work.series), ("number", work.series_number), ("URL", work.url),
                            ("ISSN", work.issn), ("ISBN", work.isbn), ("DOI", work.doi), ("language", work.language),
                            ("note", work.note)):
        if value:
            item[csl_name] = value
    return item


# -- COinS (Zotero's openurl.js, and other reference managers) --------------------------------------

def coins(work: Work) -> str:
    """An OpenURL ContextObject in the form Zotero's COinS translator reads for each type."""
    pairs: list[tuple[str, str]] = [("ctx_ver", "Z39.88-2004")]
    people = [("rft.aucorp", name.literal) if name.literal else ("rft.au", name.inverted) for name in work.authors]
    if work.kind == "article":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", "article"),
                  ("rft.atitle", work.title), ("rft.jtitle", work.container), ("rft.volume", work.volume),
                  ("rft.issue", work.issue), ("rft.pages", work.pages), ("rft.issn", work.issn)]
    elif work.kind in ("book", "chapter", "report"):
        genre = {"book": "book", "chapter": "bookitem", "report": "report"}[work.kind]
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", genre)]
        pairs += [("rft.atitle", work.title), ("rft.btitle", work.container)] if work.kind == "chapter" else [
            ("rft.btitle", work.title)]
        pairs += [("rft.pub", work.publisher), ("rft.place", work.place), ("rft.series", work.series),
                  ("rft.pages", work.pages), ("rft.isbn", work.isbn)]
    elif work.kind == "thesis":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dissertation"), ("rft.title", work.title),
                  ("rft.degree", work.genre), ("rft.inst", work.publisher)]
    elif work.kind == "webpage":
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.type", "webpage"), ("rft.title", work.title),
                  ("rft.source", work.container), ("rft.publisher", work.publisher)]
    else:  # treaties (Zotero's "statute", set by rft.type) and other documents (Zotero's "document")
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "document"), ("rft.title", work.title),
                  ("rft.type", "statute" if work.kind == "treaty" else ""), ("rft.pub", work.publisher),
                  ("rft.place", work.place)]
    pairs += [("rft.date", iso(work.date) if work.date else ""), ("rft.language", work.language),
              ("rft.description", work.abstract)]
    pairs += people
    if work.url:
        pairs.append(("rft_id", work.url))
    if work.doi:
        pairs.append(("rft_id", f"info:doi/{work.doi}"))
    return urlencode([(name, value) for name, value in pairs if value])


# -- RIS (Zotero's RIS import; EndNote and others read the same tags) -----------------------------

class _OneRecordWriter(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # rispy numbers records ("1."); a file of one record needs no number


def ris_record(work: Work) -> dict:
    ris_type = kind_of(work.bibtex_type, work.fields)[2].removeprefix("RIS:")
    record: dict = {"type_of_reference": ris_type, "title": work.title}
    people = [name.inverted for name in work.authors]
    if people:
        record["authors"] = people
    if work.editors:  # RIS puts a book's editors in A3 (A2 is its series editor), a chapter's in A2
        record["tertiary_authors" if work.kind == "book" else "secondary_authors"] = [name.inverted for name in work.editors]
    if work.translators:
        record["subsidiary_authors"] = [name.inverted for name in work.translators]
    if work.date:
        record["year"] = str(work.date[0])
        record["date"] = "/".join([f"{work.date[0]:04d}", *(f"{part:02d}" for part in work.date[1:])])
    if work.container:
        record["secondary_title"] = work.container
    if work.pages:
        start, _, end = work.pages.partition("–")
        record["start_page"] = start
        if end:
            record["end_page"] = end
    for tag, value in (("volume", work.volume), ("number", work.issue), ("publisher", work.publisher),
                       ("place_published", work.place), ("tertiary_title", work.series), ("url", work.url),
                       ("doi", work.doi), ("language", work.language), ("notes", work.note),
                       ("type_of_work", work.genre), ("issn", work.issn or work.isbn), ("abstract", work.abstract)):
        if value:
            record[tag] = [value] if tag in ("url", "notes") else value
    if "url" in record:
        record["urls"] = record.pop("url")
    return record


def ris(records: list[dict]) -> str:
    return rispy.dumps(records, implementation=_OneRecordWriter)


# -- BibTeX (the entry as its authors wrote it) ---------------------------------------------------

def bibtex(key: str, entry: Entry) -> str:
    """The entry as BibTeX, its values as written: bibtexparser's writer, which (unlike pybtex's)
    does not escape `_` in an address, which biblatex and Zotero would keep as `\\_`."""
    record = {"ENTRYTYPE": entry.type, "ID": key, **dict(entry.fields)}
    for role, people in entry.persons.items():
        record[role] = " and ".join(str(person) for person in people)
    database = BibDatabase()
    database.entries = [record]
    writer = BibTexWriter()
    writer.indent, writer.order_entries_by, writer.display_order = "  ", None, BIBTEX_ORDER
    return writer.write(database)


BIBTEX_ORDER = ["author", "editor", "translator", "title", "titleaddon", "journal", "journaltitle", "booktitle",
                "series", "volume", "number", "pages", "type", "publisher", "organization", "address", "location",
                "date", "year", "isbn", "issn", "url", "note", "langid", "language", "abstract"]


# -- schema.org (search engines) ------------------------------------------------------

def schema_org(work: Work) -> dict:
    """The work as schema.org data (for a page's `about` and `citation`)."""
    item: dict = {"@type": kind_of(work.bibtex_type, work.fields)[3], "name": work.title}

    def agent(name: Name) -> dict:
        if name.literal:
            return {"@type": "Organization", "name": name.literal}
        return {"@type": "Person", "name": name.natural, "familyName": name.family, "givenName": name.given}

    for role, names in (("author", work.authors), ("editor", work.editors), ("translator", work.translators)):
        if names:
            item[role] = [agent(name) for name in names]
    if work.date:
        item["datePublished"] = iso(work.date)
    if work.url:
        item["url"] = work.url
    if work.kind == "article" and work.container:
        periodical = {"@type": "Periodical", "name": work.container}
        if work.issn:
            periodical["issn"] = work.issn
        item["isPartOf"] = {"@type": "PublicationIssue", "isPartOf": periodical}
        if work.issue:
            item["isPartOf"]["issueNumber"] = work.issue
    elif work.publisher:
        item["publisher"] = {"@type": "Organization", "name": work.publisher}
    if work.pages:
        item["pagination"] = work.pages
    if work.isbn:
        item["isbn"] = work.isbn
    if work.language:
        item["inLanguage"] = work.language
    if work.kind == "thesis" and work.genre:
        item["inSupportOf"] = work.genre
    return item


# What identifies a work a page cites. Its full record is a link away (each reference on the page
# links its RIS and BibTeX file), and every byte here is paid by every reader on every first visit.
CITED_WORK_PROPERTIES = ("@type", "name", "author", "editor", "datePublished", "url", "isbn", "inLanguage")


def schema_org_cited(work: Work) -> dict:
    """The work as a page's schema.org `citation`: identified, not described in full."""
    return {name: value for name, value in schema_org(work).items() if name in CITED_WORK_PROPERTIES}
