"""Files published as they are (images, stylesheets): only kinds that cannot run code, checked.

A page may embed images and the site has its own stylesheet; anything a browser would run when a
reader opens it (HTML, JavaScript, an SVG with a script or an event handler) or that would make
the reader's browser fetch from another site (an SVG or CSS pointing elsewhere) is refused, by file.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from lxml import etree

from .problems import Problem, line_of

ALLOWED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".css", ".pdf", ".woff2", ".woff",
                    ".txt", ".ico"}
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
SVG_FORBIDDEN = {"script", "foreignObject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
OUTSIDE_URL = re.compile(r"@import|url\(\s*['\"]?\s*(?:https?:)?//", re.IGNORECASE)


def check_asset(path: str, src_uri: str, raw: bytes) -> list[Problem]:
    suffix = PurePosixPath(src_uri).suffix.lower()
    if " " in src_uri:
        return [Problem(path, 1, "the file name has a space", f"rename it, e.g. {src_uri.replace(' ', '-')}")]
    if suffix not in ALLOWED_SUFFIXES:
        return [Problem(path, 1, f"files of type '{suffix or src_uri}' are not published from docs/ (they could run "
                                 "code in readers' browsers or are not needed)",
                        "remove the file; pages are Markdown, images PNG/JPEG/WebP/SVG, styles in the theme")]
    if suffix == ".svg":
        return svg_problems(path, raw)
    if suffix == ".css":
        text = raw.decode("utf-8", errors="replace")
        return [Problem(path, line_of(text, match.start()), "the stylesheet loads something from another site or file",
                        "remove the url()/@import: readers' browsers fetch nothing from other sites")
                for match in OUTSIDE_URL.finditer(text)]
    return []


def svg_problems(path: str, raw: bytes) -> list[Problem]:
    """An SVG opened on its own is a document: it may hold no script, handler or outside reference."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        return [Problem(path, error.lineno or 1, f"the SVG is not well-formed XML ({error.msg})", "fix or re-export it")]
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        line = element.sourceline or 1
        if not element.tag.startswith(SVG):
            problems.append(Problem(path, line, f"the SVG holds a <{local}> that is not SVG", "remove it"))
        elif local in SVG_FORBIDDEN:
            problems.append(Problem(path, line, f"the SVG holds a <{local}>, which could run code or load content",
                                    "remove it (export the drawing without scripts)"))
        for name, value in element.attrib.items():
            attribute = etree.QName(name).localname if name.startswith("{") else name
            if attribute.lower().startswith("on"):
                problems.append(Problem(path, line, f"the SVG has an event handler {attribute}= on <{local}>", "remove it"))
            elif (name in (XLINK_HREF, "href") and not value.strip().startswith("#")) or OUTSIDE_URL.search(value):
                problems.append(Problem(path, line, f"the SVG refers to something outside it ({value[:60]})",
                                        "embed only what the drawing itself holds (links within it start with #)"))
        if local == "style" and element.text and OUTSIDE_URL.search(element.text):
            problems.append(Problem(path, line, "the SVG's style loads something from outside it", "remove the url()/@import"))
    return problems
