"""Files published as they are (images, stylesheets): only kinds that cannot run code, checked.

A page may embed images and the site has its own stylesheet; anything a browser would run when a
reader opens it (HTML, JavaScript, an SVG with a script, an event handler or an animated link) or
that would make the reader's browser fetch from another site (an SVG or CSS pointing elsewhere) is
refused, by file. An SVG is judged against an allow-list of drawing elements, parsed without its
DTD (an SVG with a DOCTYPE is refused: its entities could hold markup); CSS is read with tinycss2,
as a browser reads it, so that escapes (`url(\\68ttps://…)`) hide nothing. Other kinds of file (text,
fonts, PDFs) are not published from docs/: a file of the site's own origin with arbitrary content
is what an injected script or frame would need.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import tinycss2
from lxml import etree

from .html_policy import browser_url, is_outside
from .problems import Problem, line_of

ALLOWED_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".css"}
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# What a drawing needs; no script, link, animation, embedded image or foreign content.
SVG_ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "metadata", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "clipPath", "mask", "pattern", "marker", "linearGradient",
    "radialGradient", "stop", "style", "filter", "feBlend", "feColorMatrix", "feComposite", "feFlood",
    "feGaussianBlur", "feMerge", "feMergeNode", "feOffset",
}
# Functions whose arguments a browser fetches.
FETCHING_FUNCTIONS = {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "element"}


def is_stylesheet(src_uri: str) -> bool:
    return PurePosixPath(src_uri).suffix.lower() == ".css"


def check_asset(path: str, src_uri: str, raw: bytes) -> list[Problem]:
    suffix = PurePosixPath(src_uri).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        return [Problem(path, 1, f"files of type '{suffix or src_uri}' are not published from docs/ (they could run "
                                 "code in readers' browsers or are not needed)",
                        "remove the file; pages are Markdown, images PNG/JPEG/WebP/SVG, styles in the theme")]
    if suffix == ".svg":
        return svg_problems(path, raw)
    if is_stylesheet(src_uri):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return [Problem(path, raw[: error.start].count(b"\n") + 1, "the stylesheet is not UTF-8 text",
                            "save it as UTF-8")]
        invalid = [node for node in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
                   if node.type == "error"]
        return [Problem(path, node.source_line, f"the stylesheet is not CSS ({node.message})",
                        "correct it: a stylesheet holds only CSS rules") for node in invalid] + [
                Problem(path, line, what, "remove it: readers' browsers fetch nothing from other sites, and the "
                                          "stylesheet loads no other file")
                for line, what in css_findings(text, allow_local=True)]
    return []


# Every stylesheet published from docs/ starts with this rule: valid CSS (browsers ignore it once
# read), and a syntax error as JavaScript. A file that is CSS and JavaScript at once (`x=1\n{}…`)
# can then never run as a script of the site's own origin, whatever header the host sends.
CSS_FIRST_LINE = '@charset "utf-8";\n'


def published_css(text: str) -> str:
    return text if text.startswith('@charset "') else CSS_FIRST_LINE + text


PARSERS = {"stylesheet": tinycss2.parse_stylesheet, "declarations": tinycss2.parse_blocks_contents,
           "value": tinycss2.parse_component_value_list}


def css_findings(css: str, allow_local: bool, kind: str = "stylesheet") -> list[tuple[int, str]]:
    """(line, what) for each thing in CSS (a stylesheet, a style attribute's declarations, or one
    property's value) that makes the browser fetch: @import, and url()/image-set() to another site
    (or to anything, unless `allow_local`: an SVG may point only within itself, at `#id`)."""
    nodes = PARSERS[kind](css)
    findings: list[tuple[int, str]] = []

    def fetches(value: str) -> bool:
        if browser_url(value).startswith("#"):
            return False
        return is_outside(value) or not allow_local

    def walk(tokens) -> None:
        for token in tokens or ():
            if token.type == "at-rule" and token.lower_at_keyword == "import":
                findings.append((token.source_line, "the stylesheet imports another stylesheet (@import)"))
            if token.type == "url" and fetches(token.value):
                findings.append((token.source_line, f"the stylesheet loads '{token.value[:60]}'"))
            if token.type == "function" and token.lower_name in FETCHING_FUNCTIONS:
                for argument in token.arguments:
                    if argument.type == "string" and fetches(argument.value):
                        findings.append((token.source_line, f"the stylesheet loads '{argument.value[:60]}'"))
            for part in ("prelude", "content", "arguments", "value"):
                inner = getattr(token, part, None)
                if isinstance(inner, list):
                    walk(inner)

    walk(nodes)
    return findings


def svg_problems(path: str, raw: bytes) -> list[Problem]:
    """An SVG opened on its own is a document: it may hold a drawing and nothing that runs or fetches."""
    text = raw.decode("utf-8", errors="replace")
    doctype = text.find("<!DOCTYPE")
    if doctype >= 0 or "<!ENTITY" in text:
        return [Problem(path, line_of(text, max(doctype, 0)), "the SVG has a DOCTYPE (its entities could hold markup)",
                        "remove the <!DOCTYPE …> line; drawing programs export SVG without one")]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        return [Problem(path, error.lineno or 1, f"the SVG is not well-formed XML ({error.msg})", "fix or re-export it")]
    problems = []
    for element in [*reversed(list(root.itersiblings(preceding=True))), *root.iter(), *root.itersiblings()]:
        line = getattr(element, "sourceline", None) or 1
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Entity):
                problems.append(Problem(path, line, "the SVG uses an entity", "write the text out"))
            elif isinstance(element, etree._ProcessingInstruction):  # <?xml-stylesheet href=…?> loads a file
                problems.append(Problem(path, line, f"the SVG has a processing instruction <?{element.target} …?>",
                                        "remove it"))
            continue
        local = etree.QName(element).localname
        if not element.tag.startswith(SVG):
            problems.append(Problem(path, line, f"the SVG holds a <{local}> that is not SVG",
                                    "remove it (export as plain SVG, without the editor's own data)"))
            continue
        if local not in SVG_ELEMENTS:
            problems.append(Problem(path, line, f"the SVG holds a <{local}>, which could run code, link or load "
                                                "content", "remove it (export the drawing as a plain picture)"))
            continue
        for name, value in element.attrib.items():
            attribute = etree.QName(name).localname if name.startswith("{") else name
            if attribute.lower().startswith("on"):
                problems.append(Problem(path, line, f"the SVG has an event handler {attribute}= on <{local}>", "remove it"))
            elif name in (XLINK_HREF, "href") and not browser_url(value).startswith("#"):
                problems.append(Problem(path, line, f"the SVG refers to something outside it ({value[:60]})",
                                        "embed only what the drawing itself holds (links within it start with #)"))
            else:  # a style, or a presentation attribute such as fill="url(#gradient)"
                kind = "declarations" if attribute == "style" else "value"
                for _line, what in css_findings(value, allow_local=False, kind=kind):
                    problems.append(Problem(path, line, f"{what} (in {attribute}= on <{local}>)", "remove it"))
        if local == "style" and len(element):  # a browser reads the text around a comment as one stylesheet
            problems.append(Problem(path, line, "the SVG's <style> holds a comment or markup",
                                    "remove it: a <style> holds only CSS text"))
        elif local == "style":
            for offset, what in css_findings(element.text or "", allow_local=False):
                problems.append(Problem(path, line + offset - 1, what + " (in the SVG's <style>)", "remove it"))
    return problems
