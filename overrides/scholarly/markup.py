"""Markup the project makes: autoescaped Jinja templates, and their output as Markdown elements.

Data pages and the apparatus are written as HTML templates in `scholarly/templates/`, rendered
with autoescaping, so every value from a data file, a page or a .bib entry is escaped for where it
lands; only markup the templates write is markup. Where the output becomes part of a page's
Markdown tree (so that headings reach the table of contents and links are checked like any link),
it is turned into ElementTree elements, added after inline Markdown has run (scholarly.markdown),
so that their text is never read as Markdown.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from .state import TOKEN, token_text

TEMPLATES = Path(__file__).parent / "templates"


def json_for_script(value) -> Markup:
    """JSON to put inside a <script> element: `<`, `>` and `&` escaped, so that no value (a title
    with `</script>`, say) can end the element early."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
                  .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters["json_for_script"] = json_for_script
    return env


ENVIRONMENT = environment()


def render(template: str, **context) -> str:
    return ENVIRONMENT.get_template(template).render(**context)


def fragment(html: str):
    """An HTML fragment parsed with lxml, under a <div> that `inner_html` leaves out again."""
    from lxml.html import fragment_fromstring

    return fragment_fromstring(html, create_parent="div")


def inner_html(root) -> str:
    """The HTML inside `root`: its leading text escaped (lxml holds it decoded), then its children."""
    from lxml.html import tostring

    return str(Markup.escape(root.text or "")) + "".join(tostring(child, encoding="unicode") for child in root)


def elements_from_html(html: str, special: dict[str, Callable[[etree.Element], str]] | None = None) -> list[etree.Element]:
    """Well-formed HTML from a template as elements for a Markdown tree. An element whose tag is in
    `special` (e.g. `scholarly-cite`) is replaced by the text its function returns (a token); tokens
    already in the HTML (which XML cannot hold) travel as elements through the parse."""
    special = {**(special or {}), "scholarly-token": lambda element: token_text(element.get("index"))}
    root = etree.fromstring("<div>" + TOKEN.sub(lambda match: f'<scholarly-token index="{match.group(1)}"/>', html)
                            + "</div>")
    _replace_special(root, special)
    if (root.text or "").strip():
        raise ValueError(f"markup must start with an element, not text: {html[:60]!r}")
    return list(root)


def _replace_special(element: etree.Element, special: dict) -> None:
    for child in list(element):
        if child.tag in special:
            replacement = special[child.tag](child)
            index = list(element).index(child)
            tail = child.tail or ""
            if index == 0:
                element.text = (element.text or "") + replacement + tail
            else:
                previous = element[index - 1]
                previous.tail = (previous.tail or "") + replacement + tail
            element.remove(child)
        else:
            _replace_special(child, special)


def toc_items(toc):
    """Every item of a page's table of contents, depth first."""
    for item in toc:
        yield item
        yield from toc_items(item.children)
