"""The print edition: every page of the navigation, in reading order, as one document.

`docs/print.md` holds the edition's front matter and preface; after every page has been rendered
(MkDocs renders all pages before it builds any template), this hook appends each page's content
as a chapter. Ids are prefixed per chapter so that the chapters' anchors (`ref-okada2020`, say)
stay unique, and links between pages become links within the document. `scripts/run build`
then prints it to PDF with headless Chromium (`scripts/print_pdf.py`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import deferred
from lxml.html import fragment_fromstring, tostring

PRINT_PAGE = "print.md"
PRINT_URL = "print/"
# Made after the build by scripts/print_pdf.py, next to the edition's HTML.
PDF_NAME = "okada-normalization-talks.pdf"


def chapter_id(url: str) -> str:
    """A page's anchor in the edition, from its site URL: "findings/korean-war/" → "findings-korean-war"."""
    path = url.strip("/")
    return path.replace("/", "-") if path not in ("", ".") else "home"


def chapter(page_url: str, content: str, chapter_urls: set[str]) -> str:
    """One page's content as a chapter: ids prefixed, links to other pages turned into anchors."""
    prefix = chapter_id(page_url)
    root = fragment_fromstring(content, create_parent="div")
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments
            continue
        if element.get("id"):
            element.set("id", f"{prefix}--{element.get('id')}")
        for attribute in ("aria-labelledby", "aria-describedby"):
            if element.get(attribute):
                element.set(attribute, " ".join(f"{prefix}--{ref}" for ref in element.get(attribute).split()))
        if element.tag == "a" and element.get("href"):
            target = resolve(page_url, element.get("href"))
            if target and target[0] in chapter_urls:
                url, fragment = target
                element.set("href", f"#{chapter_id(url)}--{fragment}" if fragment else f"#{chapter_id(url)}")
    inner = (root.text or "") + "".join(tostring(child, encoding="unicode") for child in root)
    return f'<section class="print-chapter" id="{prefix}">\n{inner}\n</section>'


def resolve(page_url: str, href: str) -> tuple[str, str] | None:
    """The site URL and fragment an href on `page_url` points to; None for other sites."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path
    if not path:
        return page_url, parts.fragment
    base = [segment for segment in page_url.split("/") if segment]
    for segment in path.split("/"):
        if segment == "..":
            base = base[:-1]
        elif segment and segment != ".":
            base.append(segment)
    url = "/".join(base)
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return (url.rstrip("/") + "/" if url else ""), parts.fragment


def on_page_context(context, page, config, nav):
    if page.file.src_uri != PRINT_PAGE:
        return context
    # `serve --dirty` renders only edited pages; the edition is complete after any full build.
    pages = [item for item in nav.pages if item.file.src_uri != PRINT_PAGE and item.content is not None]
    urls = {item.url for item in pages}
    contents = "\n".join(
        f'<li><a href="#{chapter_id(item.url)}">{item.meta.get("title", item.title)}</a></li>' for item in pages
    )
    # Citations and reference lists may still be markers (deferred.py); the chapters' links are
    # rewritten below, so they must be there first.
    chapters = "\n".join(chapter(item.url, deferred.complete(item.content), urls) for item in pages)
    page.content += (f'<nav class="print-contents" aria-label="Contents"><h2>Contents</h2>\n'
                     f"<ol>\n{contents}\n</ol></nav>\n{chapters}")
    return context
