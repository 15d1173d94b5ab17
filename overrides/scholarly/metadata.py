"""What a page says about itself: a web page by the site's authors about the works it discusses.

A page is described as what it is, a `webpage` item: its title, the site's name as the website,
the site's authors as one name (an organization), its date, address, language and description.
That description is one `Work`, so "cite this page" (Chicago, BibTeX, RIS), the page's COinS
(which Zotero's "Save" reads first) and the head tags all say the same. The works the page
discusses and cites are exposed as references (schema.org `about`, in full, and `citation`,
identified; each reference on the page links its RIS and BibTeX, and the References page carries
a COinS for every work), never as the page's own identity. (Highwire `citation_reference` is left out: Google Scholar
reads it only beside a `citation_title`, which would file the page as an article.) Nothing here is HTML: the templates
(`overrides/main.html`, `overrides/partials/cite-this-page.html`) escape every value.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.utils import get_build_datetime
from pybtex.database import Entry, Person

from .dates import display_date
from .works import Name, Work, bibtex, coins, ris, ris_record, schema_org, schema_org_cited

LOCALES = {"en": "en_US", "ja": "ja_JP"}


def last_changes(repo: Path) -> dict[str, int]:
    """Commit time of the last change to every file under docs/, in one `git log` call.

    In a shallow clone the history stops early: each file then gets the oldest commit that is
    there, a date that is too recent rather than a crash. Outside git the result is empty.
    """
    try:
        log = subprocess.run(["git", "log", "--format=@%ct", "--name-only", "--no-renames", "--", "docs"],
                             cwd=repo, capture_output=True, text=True, check=True).stdout
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


def modified(path: str, changes: dict[str, int]) -> datetime:
    """A file's last change, or the build's date for a file not committed yet."""
    return datetime.fromtimestamp(changes[path], UTC) if path in changes else get_build_datetime()


def page_key(src_uri: str) -> str:
    return "page-" + (src_uri.removesuffix(".md").replace("/", "-").removesuffix("-index") or "home")


def page_work(src_uri: str, title: str, description: str, url: str, when: datetime, config, language: str) -> Work:
    # The title is CSL rich text as written: pandoc escapes it (escaped here, "&" showed as "&Amp;").
    return Work(key=page_key(src_uri), bibtex_type="online", kind="webpage", title=title,
                title_rich=title, authors=(Name(literal=config.site_author),),
                container=config.site_name, date=(when.year, when.month, when.day), url=url, language=language,
                abstract=description)


def page_entry(work: Work, language_name: str) -> Entry:
    """The page as a BibTeX @online entry, in the fields both biblatex and Zotero's import read:
    `langid` (biblatex's language name, for hyphenation) and `language` (the code, which Zotero keeps
    as written, so the item matches the one the RIS gives)."""
    return Entry("online", fields={
        "title": work.title, "organization": work.container, "journaltitle": work.container,
        "date": "-".join(f"{part:02d}" if index else str(part) for index, part in enumerate(work.date)),
        "url": work.url, "langid": language_name, "language": work.language, "abstract": work.abstract,
    }, persons={"author": [Person("{" + work.authors[0].literal + "}")]})


def head_tags(work: Work, image_url: str | None, description: str,
              alternates: dict[str, str] | None = None) -> dict:
    names = [
        ("DC.title", work.title), ("DC.creator", work.authors[0].natural), ("DC.date", "-".join(
            f"{part:02d}" if index else str(part) for index, part in enumerate(work.date))),
        ("DC.publisher", work.container), ("DC.type", "Text"), ("DC.format", "text/html"),
        ("DC.language", work.language), ("DC.identifier", work.url), ("DC.description", description),
        ("twitter:card", "summary_large_image" if image_url else "summary"),
    ]
    properties = [("og:type", "article"), ("og:title", work.title), ("og:description", description),
                  ("og:url", work.url), ("og:site_name", work.container),
                  ("og:locale", LOCALES.get(work.language, "en_US")),
                  *[("og:locale:alternate", LOCALES.get(language, language)) for language in sorted(alternates or {})
                    if language != work.language],
                  ("article:modified_time", datetime(*work.date, tzinfo=UTC).isoformat())]
    if image_url:
        properties += [("og:image", image_url), ("og:image:width", "1200"), ("og:image:height", "630"),
                       ("og:image:alt", f"{work.title} — {work.container}")]
    return {"names": names, "properties": properties}


def json_ld(work: Work, is_home: bool, about: list[Work], cited: list[Work], when: datetime, description: str) -> dict:
    publisher = {"@type": "Organization", "name": work.authors[0].literal}
    if is_home:
        return {"@context": "https://schema.org", "@type": "WebSite", "name": work.container, "url": work.url,
                "description": description, "inLanguage": work.language, "publisher": publisher,
                "about": [schema_org(other) for other in about]}
    return {"@context": "https://schema.org", "@type": "WebPage", "name": work.title, "headline": work.title,
            "url": work.url, "description": description, "inLanguage": work.language,
            "dateModified": when.isoformat(), "author": publisher,
            "isPartOf": {"@type": "WebSite", "name": work.container},
            "about": [schema_org(other) for other in about], "citation": [schema_org_cited(other) for other in cited]}


def context(*, work: Work, is_home: bool, about: list[Work], about_bibtex: list[str], cited: list[Work],
            when: datetime, description: str, image_url: str | None, chicago: tuple[str, str],
            about_chicago: list[tuple[str, str]],
            print_url: str, pdf_url: str, language_name: str, is_print_edition: bool, labels: dict,
            alternates: dict[str, str], bibtex_of=bibtex) -> dict:
    """What the templates need for one page (`context["scholarly"]`). `alternates` are the page's
    versions in each language, by language (its own included), for `og:locale:alternate`;
    `bibtex_of` writes an entry as BibTeX (a cached writer, in the build)."""
    return {
        "modified": when,
        "modified_text": display_date((when.year, when.month, when.day), work.language),
        "labels": labels,
        "head": head_tags(work, image_url, description, alternates),
        "json_ld": json_ld(work, is_home, about, cited, when, description),
        "coins": coins(work),
        "chicago": chicago[1],
        "chicago_lang": chicago[0],
        "bibtex": bibtex_of(work.key, page_entry(work, language_name)),
        "ris": ris([ris_record(work)]),
        "about": [{"chicago": text, "lang": lang, "bibtex": entry}
                  for entry, (lang, text) in zip(about_bibtex, about_chicago, strict=True)],
        "print_url": print_url,
        "pdf_url": pdf_url,
        "is_print_edition": is_print_edition,
    }


def absolute(site_url: str, path: str) -> str:
    return urljoin(site_url, path)
