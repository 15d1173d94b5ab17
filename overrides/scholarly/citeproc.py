"""The citation pass: pandoc's citeproc formats every citation and reference of the site's works in
one call (and its own pages in a second, beside it: see the end of this note).

Input: the site's works as CSL JSON (from `works`), every citation as written on the pages, and the
keys of works listed without being cited. pandoc returns HTML with each citation's works linked
(`(<a href="#ref-okada2020">Okada 2020</a>; …)`) and each reference as a `csl-entry`: nothing is
guessed or re-rendered here. The result is cached in `.cache/citeproc/` under a digest of all it
depends on, so a build whose citations and bibliography are unchanged starts no pandoc at all.
pandoc's output is cleaned with the same kind of allow-list as pages (no `<script>`, only http(s)
links), although the CSL JSON it reads holds escaped text only.

The site's own pages (each cited in its "Cite this page" box) are formatted in a second call,
started before the pages' Markdown is converted (`format_pages_soon`: their titles, addresses and
dates are known), in the same style without disambiguation: every page shares an author and a
year, so a list of them is told apart as 2026a, 2026b…, a letter that is wrong in the citation of
one page on its own; and citeproc's disambiguation takes time that grows with the square of their
number (0.9 s for 200 pages, against 0.3 s without it).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nh3
import pypandoc
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

from . import markup
from .cache import FileCache, digest
from .languages import RUN, runs

CACHE_VERSION = 7
CSL = "{http://purl.org/net/xbiblio/csl}"
DISAMBIGUATION = ["disambiguate-add-names", "disambiguate-add-givenname", "givenname-disambiguation-rule",
                  "disambiguate-add-year-suffix"]
NEUTRAL = re.compile(r"[\s\d\W]*")  # what reads the same in any language: years, spaces, punctuation
# What pandoc's citeproc writes: emphasis, links to references and to the works' addresses.
OUTPUT_TAGS = {"a", "span", "em", "i", "strong", "b", "sup", "sub", "div"}
OUTPUT_ATTRIBUTES = {"a": {"href", "role"}, "span": {"class"}, "div": {"class", "id", "role"}}


@dataclass
class Formatted:
    citations: dict[str, str]  # citation as written → its HTML, e.g. `(<a href="#ref-x">X 2020</a>)`
    references: dict[str, str]  # key → the reference's HTML (inside its csl-entry), in the work's language
    order: list[str]  # keys in the style's order (author, then year)


def style_language(locale: str) -> str:
    """The language the style writes its terms in ("n.d.", "ed."), from its CSL locale."""
    return locale.split("-")[0]


def pandoc_path() -> str:
    return os.environ.get("PYPANDOC_PANDOC") or pypandoc.get_pandoc_path()


def without_disambiguation(csl: bytes) -> bytes:
    """The style with the attributes of its <citation> that ask for disambiguation removed."""
    style = etree.fromstring(csl, etree.XMLParser(resolve_entities=False, no_network=True))
    for citation in style.iter(f"{CSL}citation"):
        for attribute in DISAMBIGUATION:
            citation.attrib.pop(attribute, None)
    return etree.tostring(style, xml_declaration=True, encoding="utf-8")


def cache_key(items: list[dict], citations: list[str], listed: list[str], csl: bytes, locale: str, language: str) -> str:
    """A digest of everything the result depends on (pandoc known by its file, not by running it)."""
    pandoc = Path(pandoc_path())
    stat = pandoc.stat()
    return digest(f"v{CACHE_VERSION}", str(pandoc), str(stat.st_size), str(stat.st_mtime_ns), locale, language, csl,
                  json.dumps([items, sorted(citations), sorted(listed)], sort_keys=True, ensure_ascii=False))


def document(citations: list[str], listed: list[str], locale: str) -> str:
    """A pandoc Markdown document with one div per citation and the listed works as `nocite`."""
    front = {"link-citations": True, "lang": locale, "nocite": ", ".join(f"@{key}" for key in listed)}
    body = "\n".join(f"::: {{#c{index}}}\n{text}\n:::\n" for index, text in enumerate(citations))
    return f"---\n{json.dumps(front)}\n---\n\n{body}"


def clean(html: str) -> str:
    return nh3.clean(html, tags=OUTPUT_TAGS, attributes={name: set(values) for name, values in OUTPUT_ATTRIBUTES.items()},
                     url_schemes={"http", "https"}, link_rel=None, strip_comments=True)


def run_pandoc(items: list[dict], citations: list[str], listed: list[str], csl: bytes, locale: str,
               language: str) -> Formatted:
    """Citations are marked for a page in `language`; a reference is left as it is, to be marked
    for the language of its work (it may stand on a page in another language)."""
    with tempfile.TemporaryDirectory(prefix="citeproc-") as folder:
        bibliography, csl_file = Path(folder) / "works.json", Path(folder) / "style.csl"
        bibliography.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        csl_file.write_bytes(csl)
        # Citations are read as pandoc Markdown without raw HTML: what an author writes inside
        # the brackets is text, never markup.
        result = subprocess.run(
            [pandoc_path(), "--from", "markdown-raw_html-raw_attribute-raw_tex-native_divs-native_spans+fenced_divs",
             "--to", "html5", "--wrap=none", "--citeproc", f"--csl={csl_file}", f"--bibliography={bibliography}"],
            input=document(citations, listed, locale), capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise RuntimeError(f"pandoc could not format the citations: {result.stderr.strip()}")
    tree = LexborHTMLParser(clean(result.stdout))
    # pandoc wraps quoted titles in bare <span>s (for nested quotes). They mean nothing on the page,
    # and Material's search index, which pairs elements by tag, would take one closing inside a
    # citation for the end of the citation it leaves out.
    for span in tree.css("span"):
        if not span.attributes:
            span.unwrap()
    formatted = Formatted({}, {}, [])
    for index, text in enumerate(citations):
        node = tree.css_first(f"div#c{index} span.citation")
        formatted.citations[text] = citation_markup(node.inner_html, language, style_language(locale)) \
            if node is not None else ""
    for entry in tree.css("div.csl-entry"):
        key = entry.id.removeprefix("ref-")
        formatted.references[key] = entry.inner_html.strip()
        formatted.order.append(key)
    return formatted


def citation_markup(html: str, language: str, style_language: str) -> str:
    """A citation's HTML without a <span> inside: the citation is a `<span data-search-exclude>`, and
    Material's search leaves out an excluded element only up to the first end tag of the same name
    (a `nocase` span of the style, or a span marking Japanese, would let the rest into the index).
    The style's spans are unwrapped, and each link says its language where it is not the page's:
    a link whose words are all in another script takes that script's language; one with no word
    in the page's script, on a page in another language than the style's, is in the style's words
    ("Okada 2020", "n.d.")."""
    root = markup.fragment(html)
    for span in root.xpath(".//span"):
        span.drop_tag()
    for link in root.iter("a"):
        text = link.text_content()
        pieces = runs(text, language)
        scripts = {script for script, _piece in pieces if script}
        if len(scripts) == 1 and all(script or NEUTRAL.fullmatch(piece) for script, piece in pieces):
            link.set("lang", scripts.pop())
        elif not scripts and language != style_language and not NEUTRAL.fullmatch(text) and not RUN.search(text):
            link.set("lang", style_language)
    return markup.inner_html(root)


def formatted(items: list[dict], citations: list[str], listed: list[str], csl: bytes, locale: str, language: str,
              store: FileCache) -> dict:
    """One pandoc call's result (citations, references, order), from the cache when nothing it depends on changed."""
    citations, listed = sorted(set(citations)), sorted(set(listed))

    def run() -> str:
        result = run_pandoc(items, citations, listed, csl, locale, language)
        return json.dumps({"citations": result.citations, "references": result.references, "order": result.order},
                          ensure_ascii=False)

    return json.loads(store.text(cache_key(items, citations, listed, csl, locale, language), run))


def format_pages_soon(pages: list[dict], csl_file: Path, locale: str, language: str, store: FileCache) -> Future | None:
    """The site's own pages formatted in another thread (pandoc runs meanwhile, while the pages'
    Markdown is converted: a page's title, address and date are known before)."""
    csl = without_disambiguation(csl_file.read_bytes())
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(formatted, pages, [], [page["id"] for page in pages], csl, locale, language, store) \
        if pages else None
    pool.shutdown(wait=False)  # (its thread ends with the call)
    return future


def format_all(items: list[dict], citations: list[str], listed: list[str], pages: Future | None, csl_file: Path,
               locale: str, language: str, store: FileCache) -> Formatted:
    """Every citation and reference formatted: the works here, the pages as `format_pages_soon` did."""
    works = formatted(items, citations, listed, csl_file.read_bytes(), locale, language, store)
    own = pages.result() if pages is not None else {"references": {}, "order": []}
    return Formatted(works["citations"], {**works["references"], **own["references"]}, works["order"] + own["order"])
