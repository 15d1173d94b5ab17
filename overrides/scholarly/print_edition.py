"""The print edition: every reader page, in reading order, as one document (and then a PDF).

Its page (`print.md`) holds the edition's front matter and preface; once every page is final, each
reader page's content is appended as a chapter. Ids are prefixed per chapter so that the
chapters' anchors (`ref-okada2020`, say) stay unique, and links between pages become links within
the document. `scripts/run build` prints it to PDF with headless Chromium.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml.html import fragment_fromstring, tostring
from markupsafe import escape


def chapter_id(url: str) -> str:
    """A page's anchor in the edition, from its site URL: "findings/korean-war/" → "findings-korean-war"."""
    path = url.strip("/")
    return path.replace("/", "-") if path not in ("", ".") else "home"


def resolve(page_url: str, href: str) -> tuple[str, str] | None:
    """The site URL and fragment an href on `page_url` points to; None for other sites."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page_url, parts.fragment
    base = [segment for segment in page_url.split("/") if segment]
    for segment in parts.path.split("/"):
        if segment == "..":
            base = base[:-1]
        elif segment and segment != ".":
            base.append(segment)
    url = "/".join(base)
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return (url.rstrip("/") + "/" if url else ""), parts.fragment


def chapter(page_url: str, content: str, chapter_urls: set[str]) -> str:
    """One page's content as a chapter: ids prefixed, links to other pages turned into anchors."""
    prefix = chapter_id(page_url)
    root = fragment_fromstring(content, create_parent="div")
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
        if element.tag == "a" and element.get("href"):
            target = resolve(page_url, element.get("href"))
            if target and target[0] in chapter_urls:
                url, fragment = target
                element.set("href", f"#{chapter_id(url)}--{fragment}" if fragment else f"#{chapter_id(url)}")
    inner = (root.text or "") + "".join(tostring(child, encoding="unicode") for child in root)
    return f'<section class="print-chapter" id="{prefix}">\n{inner}\n</section>'


def edition(preface: str, pages: list, titles: dict[str, str], title_page: dict, labels: dict) -> str:
    """The edition's whole content: a title page (the site, the edition, how to cite it), the
    preface (the edition page's own text), the contents (page numbers are added when the PDF is
    printed), and each page's content as a chapter (which opens with its title)."""
    urls = {page.url for page in pages}
    contents = "\n".join(f'<li><a href="#{chapter_id(page.url)}">{escape(titles[page.url])}</a>'
                         f'<span class="print-contents__page"></span></li>' for page in pages)
    chapters = "\n".join(chapter(page.url, page.content, urls) for page in pages)
    return (f'<section class="print-title-page"><h1>{escape(title_page["site"])}</h1>'
            f'<p class="print-title-page__subtitle">{escape(title_page["description"])}</p>'
            f'<p class="print-title-page__edition">{escape(labels["print_edition"])}, {escape(title_page["date"])}. '
            f'<a href="{escape(title_page["url"])}">{escape(title_page["url"])}</a></p>'
            f'<p class="print-title-page__cite">{escape(labels["cite_as"])}: {escape(title_page["citation"])}</p>'
            f'</section>\n{preface}\n'
            f'<nav class="print-contents" aria-label="{escape(labels["contents"])}"><h2>{escape(labels["contents"])}</h2>\n'
            f"<ol>\n{contents}\n</ol></nav>\n{chapters}")
