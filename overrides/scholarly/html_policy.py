"""What HTML a page may contain, judged after Markdown has parsed it.

Authors write Markdown; Python-Markdown, its extensions (attr_list, md_in_html, footnotes…) and
raw HTML all end up as one HTML fragment per page. That fragment is judged here as a browser would
parse it (selectolax: the HTML5 parsing algorithm), against one allow-list of tags, attributes and
URL schemes. Whatever breaks it is reported, by the page's file and line, and the fragment is then
cleaned with nh3 (ammonia: the HTML5 parser html5ever and an allow-list), so that even a build that
goes on (the live preview) never carries a script, an event handler, a style or a `javascript:`
URL. Markup the project makes itself (citations, references, the map) is added after this step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

# Tags that Markdown and its extensions produce, and inline tags authors may need.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "data-search-exclude"}
ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "col": {"span"}, "colgroup": {"span"},
}
URL_ATTRIBUTES = {"href", "src", "cite"}
# Ids the theme and the templates use: Material finds its configuration and components by id
# (`__config`, `__drawer`…) and would take an author's element of that id for its own.
RESERVED_IDS = {"cite-this-page"}
RESERVED_ID_PREFIX = "__"
LINK_SCHEMES = {"http", "https", "mailto"}
STYLE_PROPERTIES = {"text-align"}  # the tables extension aligns columns with it
TABLE_ALIGNMENT = re.compile(r"\s*text-align:\s*(left|right|center);?\s*")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class Finding:
    """One thing the allow-list does not allow: what it is, and text to find it by in the source."""

    what: str
    fix: str
    needles: tuple[str, ...]


def browser_url(value: str) -> str:
    """A URL as a browser reads it (the WHATWG URL standard): controls and spaces around it dropped,
    tabs and newlines anywhere dropped, and a backslash read as a slash."""
    trimmed = value.strip("".join(map(chr, range(0x21))))
    return re.sub(r"[\t\n\r]", "", trimmed).replace("\\", "/")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see, if any."""
    match = SCHEME.match(browser_url(value))
    return match.group(1).lower() if match else None


def is_outside(value: str) -> bool:
    """True if a browser would fetch the URL from another site (a scheme, or `//host/…`)."""
    return url_scheme(value) is not None or browser_url(value).startswith("//")


def text_of(html: str) -> str:
    """The text a browser shows for an HTML fragment (tags, comments and CDATA tricks dropped)."""
    body = LexborHTMLParser(f"<body>{html}</body>").body
    return body.text(deep=True) if body is not None else ""


def _url_finding(tag: str, name: str, value: str) -> Finding | None:
    scheme = url_scheme(value)
    shown = value if len(value) < 60 else value[:57] + "…"
    if tag == "img" and name == "src" and is_outside(value):
        return Finding(f"the image '{shown}' is on another site",
                       "put the image file in docs/assets/images/ and link it by a relative path: readers' "
                       "browsers fetch nothing from other sites", (value, value.lstrip("/\\\t\n\r ")[:40], name + "="))
    if scheme is not None and scheme not in LINK_SCHEMES:
        # The source may spell the scheme with entities or tabs (jav&#x61;script:): what follows it finds the line.
        rest = value.split(":", 1)[1][:40] if ":" in value else ""
        return Finding(f"a link to '{shown}' uses the scheme '{scheme}:'",
                       "link only to http(s) addresses, e-mail (mailto:) or pages of this site",
                       (value, rest, f"{scheme}:"))
    return None


MAX_DEPTH = 256  # libxml2's own limit for HTML; no page comes near it


def nested_too_deep(html: str) -> bool:
    """Whether elements nest deeper than MAX_DEPTH (the minifier, written in Rust, recurses, and
    20,000 nested spans crash it): libxml2's HTML parser reports it."""
    parser = etree.HTMLParser()
    etree.fromstring(f"<div>{html}</div>", parser)
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def judge(html: str) -> list[Finding]:
    """Everything in a page's HTML that the allow-list does not allow, in document order."""
    findings: list[Finding] = []
    body = LexborHTMLParser(f"<body>{html}</body>").body
    if body is None:
        return findings
    for node in body.traverse(include_text=False):
        tag = node.tag
        if node is body or tag in (None, "body", "-comment", "_comment", "!comment"):  # None: <?…>, a comment too
            continue
        if tag not in TAGS:
            findings.append(Finding(f"the HTML tag <{tag}> is not allowed in pages",
                                    "delete it: pages may hold Markdown and a few inline tags, never scripts, "
                                    "styles, frames, forms or embedded objects", (f"<{tag}",)))
            continue
        if tag == "img" and not (node.attributes.get("alt") or "").strip():
            src = node.attributes.get("src") or ""  # the address MkDocs wrote (relative to the page's URL)
            name = src.rsplit("/", 1)[-1]
            findings.append(Finding(f"the image {name} has no alt text",
                                    f"describe it for readers who cannot see it: ![what it shows](…/{name})",
                                    (f'src="{src}"', f"src={src}", f"src='{src}'", f"]({src}", f"{name})",
                                     f"{name}\"", name)))
        allowed = GENERIC_ATTRIBUTES | ATTRIBUTES.get(tag, set())
        for name, value in node.attributes.items():
            value = value or ""
            if name.startswith("on"):
                findings.append(Finding(f"the event handler {name}= on <{tag}> would run code in readers' browsers",
                                        "delete it", (name,)))
            elif name == "style" and name in allowed and TABLE_ALIGNMENT.fullmatch(value):
                continue
            elif name not in allowed:
                findings.append(Finding(f"the attribute {name}= on <{tag}> is not allowed",
                                        f"delete it (allowed on <{tag}>: {', '.join(sorted(allowed))})", (f"{name}=", name)))
            elif name in URL_ATTRIBUTES and (finding := _url_finding(tag, name, value)):
                findings.append(finding)
            elif name == "title" and ("<" in value or ">" in value):
                findings.append(Finding(f"the hover text (title) of <{tag}> holds < or >",
                                        "write it without < and >: the theme shows hover text as HTML",
                                        (value[:40], "title=", '"')))
            elif name == "id" and (value.startswith(RESERVED_ID_PREFIX) or value in RESERVED_IDS):
                findings.append(Finding(f"the id '{value}' is the theme's or the site's own",
                                        "choose another id (ids starting with __, and cite-this-page, are taken)",
                                        (f"#{value}", value, value.replace("-", " "))))
    return findings


def _allowed_value(tag: str, attribute: str, value: str) -> str | None:
    """nh3's last word on a value: no image from another site, no hover text that holds markup, no
    id of the theme's."""
    if tag == "img" and attribute == "src" and is_outside(value):
        return None
    if attribute == "title" and ("<" in value or ">" in value):
        return value.replace("<", "‹").replace(">", "›")
    if attribute == "id" and (value.startswith(RESERVED_ID_PREFIX) or value in RESERVED_IDS):
        return None
    return value


def clean(html: str) -> str:
    """The HTML with everything outside the allow-list removed (enforcement, whatever `judge` said)."""
    return nh3.clean(
        html, tags=TAGS, clean_content_tags={"script", "style"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()}, generic_attribute_prefixes=None,
        url_schemes=LINK_SCHEMES, link_rel=None, strip_comments=True, attribute_filter=_allowed_value,
        filter_style_properties=STYLE_PROPERTIES, set_tag_attribute_values=None,
    ) if html else html


def _with_generic_attributes() -> None:
    # nh3 takes attributes allowed on every tag under the key "*".
    ATTRIBUTES.setdefault("*", set()).update(GENERIC_ATTRIBUTES)


_with_generic_attributes()
