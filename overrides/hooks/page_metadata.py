"""What a page says about itself: dates, how to cite it, and metadata for search engines and Zotero.

Each page is described as what it is: a web page by this site's editors about Okada Miho's work.
The works it discusses and cites are exposed as references (Highwire `citation_reference`,
Dublin Core `DC.relation`, schema.org `about` and `citation`, COinS in the reference lists), never
as the page's own identity: no page claims her name as author or her journal as its venue.

The template `overrides/main.html` renders what `on_page_context` puts in `context["scholarly"]`;
the small functions below build each part and are tested directly.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

import deferred
import markdown
import rispy
from markupsafe import Markup, escape
from mkdocs.utils import get_build_datetime, get_relative_url
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as BibTeXWriter

from print_edition import PDF_NAME, PRINT_URL
from project import bibtex_plugin, page_meta, project_root, source_path
from social_cards import social_card_path
from work_metadata import creative_work, highwire_reference

# The works the site is about; a page's `about` front matter names which (default: both).
DEFAULT_ABOUT = ["okada2020", "okada2021"]


@dataclass(frozen=True)
class PageRecord:
    """The facts a citation of one page needs."""

    key: str
    title: str
    description: str
    author: str
    site_name: str
    url: str
    modified: datetime
    language: str = "en"


# -- Dates ---------------------------------------------------------------------------------------

def last_changes(repo: Path) -> dict[str, int]:
    """Commit time of the last change to every file git knows, in one `git log` call.

    In a shallow clone the history stops early: each file then gets the oldest commit that is
    there, a date that is too recent rather than a crash. Outside git the result is empty.
    """
    try:
        log = subprocess.run(
            ["git", "log", "--format=@%ct", "--name-only", "--no-renames", "--", "docs"],
            cwd=repo, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    changes: dict[str, int] = {}
    when = 0
    for line in log.splitlines():
        if line.startswith("@"):
            when = int(line[1:])
        elif line:
            changes.setdefault(line, when)
    return changes


def modified_date(path: str, changes: dict[str, int]) -> datetime:
    """A file's last change, or the build's date for a file not committed yet."""
    if path in changes:
        return datetime.fromtimestamp(changes[path], UTC)
    return get_build_datetime()


# -- Citing the page -----------------------------------------------------------------------------

def page_entry(record: PageRecord) -> Entry:
    return Entry("online", fields={
        "title": record.title,
        "organization": record.site_name,
        "date": record.modified.strftime("%Y-%m-%d"),
        "url": record.url,
        "langid": "english",
    }, persons={"author": [Person(f"{{{record.author}}}")]})


# One writer for all pages: `BibliographyData.to_string` looks the writer up among pybtex's plugins
# (a slow scan of installed packages) on every call.
BIBTEX_WRITER = BibTeXWriter()


def bibtex(key: str, entry: Entry) -> str:
    return BIBTEX_WRITER.to_string(BibliographyData(entries={key: entry}))


def page_bibtex(record: PageRecord) -> str:
    return bibtex(record.key, page_entry(record))


class RisWriter(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # rispy numbers references ("1."); a file for one reference needs no number


def page_ris(record: PageRecord) -> str:
    return rispy.dumps(implementation=RisWriter, references=[{
        "type_of_reference": "ELEC",
        "title": record.title,
        "authors": [record.author],
        "secondary_title": record.site_name,
        "year": record.modified.strftime("%Y"),
        "date": record.modified.strftime("%Y/%m/%d"),
        "urls": [record.url],
        "language": record.language,
        "abstract": record.description,
    }])


# -- Head metadata -------------------------------------------------------------------------------

def head_meta(record: PageRecord, cited: list[Entry], image_url: str | None) -> dict[str, list[tuple[str, str]]]:
    """`<meta name=…>` and `<meta property=…>` pairs: Highwire, Dublin Core, Open Graph, Twitter."""
    date = record.modified
    named = [
        ("citation_title", record.title),
        ("citation_author", record.author),
        ("citation_publication_date", date.strftime("%Y/%m/%d")),
        ("citation_public_url", record.url),
        ("citation_language", record.language),
        *[("citation_reference", highwire_reference(entry)) for entry in cited],
        ("DC.title", record.title),
        ("DC.creator", record.author),
        ("DC.date", date.strftime("%Y-%m-%d")),
        ("DC.publisher", record.site_name),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.language", record.language),
        ("DC.identifier", record.url),
        ("DC.description", record.description),
        # X reads og:title, og:description and og:image when its own tags are absent.
        ("twitter:card", "summary_large_image" if image_url else "summary"),
    ]
    properties = [
        ("og:type", "article"),
        ("og:title", record.title),
        ("og:description", record.description),
        ("og:url", record.url),
        ("og:site_name", record.site_name),
        ("og:locale", "en_US"),
        ("article:modified_time", date.isoformat()),
    ]
    if image_url:
        properties += [("og:image", image_url), ("og:image:width", "1200"), ("og:image:height", "630"),
                       ("og:image:alt", f"{record.title} — {record.site_name}")]
    return {"names": named, "properties": properties}


def json_ld(record: PageRecord, is_home: bool, about: list[Entry], cited: list[Entry]) -> str:
    """schema.org data: `WebSite` on the home page, a `WebPage` about Okada's work elsewhere."""
    publisher = {"@type": "Organization", "name": record.author}
    if is_home:
        data = {"@context": "https://schema.org", "@type": "WebSite", "name": record.site_name,
                "url": record.url, "description": record.description, "inLanguage": record.language,
                "publisher": publisher, "about": [creative_work(entry) for entry in about]}
    else:
        data = {"@context": "https://schema.org", "@type": "WebPage", "name": record.title,
                "headline": record.title, "url": record.url, "description": record.description,
                "inLanguage": record.language, "dateModified": record.modified.isoformat(),
                "author": publisher, "isPartOf": {"@type": "WebSite", "name": record.site_name},
                "about": [creative_work(entry) for entry in about],
                "citation": [creative_work(entry) for entry in cited]}
    return json.dumps(data, ensure_ascii=False, indent=None, sort_keys=True)


# All pages share an author and a year, so the style tells them apart as 2026a, 2026b… That suffix
# is right in a list of several pages, wrong in the citation of one page on its own.
YEAR_SUFFIX = re.compile(r"^(.+?\. \d{4})[a-z]\. ")


def page_citation(formatted: str) -> str:
    return YEAR_SUFFIX.sub(r"\1. ", plain_text(formatted), count=1)


def formatted_later(text: Callable[[], str]) -> Markup:
    """Text from the citation pass, for a template: a marker now (deferred.py), escaped as Jinja would."""
    return Markup(deferred.later(lambda: str(escape(text()))))


def plain_text(formatted: str) -> str:
    """A formatted reference as text to paste: markdown emphasis, escapes and <> around URLs gone."""
    return Markup(markdown.markdown(formatted, extensions=["smarty"])).striptags()


# -- MkDocs events -------------------------------------------------------------------------------

# Per build: the last change of every file, and the record of every page (by source path).
CHANGES: dict[str, int] = {}
RECORDS: dict[str, PageRecord] = {}


def on_config(config):
    CHANGES.clear()
    CHANGES.update(last_changes(project_root(config)))
    return config


def page_record(file, config) -> PageRecord:
    meta = page_meta(file.content_string)
    return PageRecord(
        key="page-" + (file.src_uri.removesuffix(".md").replace("/", "-").removesuffix("-index") or "home"),
        title=meta.get("title") or file.name,  # a missing title or description is reported by
        description=meta.get("description") or "",  # front_matter.py; the build still completes
        author=config.site_author,
        site_name=config.site_name,
        url=urljoin(config.site_url, file.url),
        modified=modified_date(source_path(file, config), CHANGES),
    )


# Runs before citations.py's on_files (listed earlier in `hooks:`): each page joins the site's
# bibliography as an @online entry, so its Chicago form comes out of the same single pandoc pass.
def on_files(files, config):
    registry = bibtex_plugin(config).registry
    RECORDS.clear()
    for file in files.documentation_pages():
        record = RECORDS[file.src_uri] = page_record(file, config)
        registry.bib_data.entries[record.key] = page_entry(record)
    return files


def on_page_context(context, page, config, nav):
    record = RECORDS.get(page.file.src_uri)
    if record is None:  # not a content page (MkDocs' own 404 page)
        return context
    registry = bibtex_plugin(config).registry
    entries = registry.bib_data.entries
    cited = [entries[key] for key in getattr(page, "cited_keys", [])]
    about_keys = page.meta.get("about", DEFAULT_ABOUT)
    image = urljoin(config.site_url, social_card_path(page.file.src_uri))
    context["scholarly"] = {
        "modified": record.modified,
        "meta": head_meta(record, cited, image),
        "json_ld": json_ld(record, page.is_homepage, [entries[key] for key in about_keys], cited),
        "chicago_text": formatted_later(lambda: page_citation(registry._reference_cache[record.key])),
        "print_url": get_relative_url(PRINT_URL, page.url),
        "pdf_url": get_relative_url(PRINT_URL + PDF_NAME, page.url),
        "bibtex": page_bibtex(record),
        "ris": page_ris(record),
        "about": [{"chicago_text": formatted_later(lambda key=key: plain_text(registry._reference_cache[key])),
                   "bibtex": bibtex(key, entries[key])}
                  for key in about_keys],
    }
    return context
