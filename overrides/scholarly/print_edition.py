"""The print edition: every reader page, in reading order, as one document (and then a PDF).

Its page (`print.md`) holds the edition's front matter and preface; once every page is final, each
reader page's content is appended as a chapter. Ids are prefixed per chapter so that the
chapters' anchors (`ref-okada2020`, say) stay unique, and links between pages become links within
the document. `scripts/run build` prints it to PDF with headless Chromium.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

from . import markup

PAINT_REFERENCE = re.compile(r"url\(#([^)]+)\)")


def chapter_id(url: str) -> str:
    """A page's anchor in the edition, from its site URL: "findings/korean-war/" → "findings-korean-war"."""
    path = url.strip("/")
    return path.replace("/", "-") if path not in ("", ".") else "home"


def resolve(page_url: str, href: str) -> tuple[str, str] | None:
    """The path (from the edition's root) and fragment an href on `page_url` points to; None for
    other sites. A page's path ends with "/" ("findings/korean-war/"), a file's does not
    ("references/x.ris"); a file of the default edition, from another edition, starts with "../"."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page_url, parts.fragment
    segments = page_url.split("/")[:-1]  # the page's directory
    above = 0  # levels above the edition's root
    for segment in parts.path.split("/"):
        if segment == ".." and segments:
            segments = segments[:-1]
        elif segment == "..":
            above += 1
        elif segment and segment != ".":
            segments.append(segment)
    path = "/".join(segments)
    if parts.path.endswith(("/", "/..", "/.")) or parts.path in ("..", "."):
        path += "/"
    path = path.removesuffix("index.html").lstrip("/")
    return "../" * above + path, parts.fragment


@dataclass(frozen=True)
class Chapter:
    id: str
    title: str
    html: Markup


def chapter(page_url: str, content: str, chapter_urls: set[str], edition_url: str) -> Chapter:
    """One page's content as a chapter: ids prefixed, links to other pages turned into anchors,
    links to the site's files (a reference's .ris, say) made relative to the edition's page."""
    prefix = chapter_id(page_url)
    up = "../" * edition_url.count("/")
    root = markup.fragment(content)
    for element in root.xpath('.//*[contains(concat(" ", @class, " "), " Z3988 ")]'):
        element.drop_tree()  # one document, saved as one item: the works are saved from the site's pages
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments
            continue
        if element.get("id"):
            element.set("id", f"{prefix}--{element.get('id')}")
        for attribute in ("aria-labelledby", "aria-describedby"):
            if element.get(attribute):
                element.set(attribute, " ".join(f"{prefix}--{ref}" for ref in element.get(attribute).split()))
        for attribute in ("fill", "stroke", "clip-path", "mask"):  # an SVG paint such as url(#islands-hatch)
            reference = PAINT_REFERENCE.fullmatch(element.get(attribute) or "")
            if reference:
                element.set(attribute, f"url(#{prefix}--{reference.group(1)})")
        for attribute in ("href", "src"):
            target = resolve(page_url, element.get(attribute) or "") if element.get(attribute) else None
            if target is None:
                continue
            path, fragment = target
            if path in chapter_urls:
                element.set(attribute, f"#{chapter_id(path)}--{fragment}" if fragment else f"#{chapter_id(path)}")
            else:
                element.set(attribute, up + path + (f"#{fragment}" if fragment else ""))
    heading = root.find(".//h1")
    title = "".join(heading.itertext()).removesuffix("¶").strip() if heading is not None else page_url
    inner = markup.inner_html(root)
    return Chapter(prefix, title, Markup(inner))


def edition(preface: str, pages: list, edition_url: str, title_page: dict, labels: dict) -> str:
    """The edition's whole content: a title page (the site, the edition, how to cite it), the
    preface, the contents, and each page's content as a chapter (which opens with its title)."""
    urls = {page.url for page in pages}
    chapters = [chapter(page.url, page.content, urls, edition_url) for page in pages]
    return markup.render("print/edition.html", title_page=title_page, labels=labels, preface=Markup(preface),
                         chapters=chapters)
