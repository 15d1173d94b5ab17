"""The glossary: terms in alphabetical order; a term's first mention on a page links to its definition."""

from __future__ import annotations

import html
import re

from ..markup import elements_from_html, render
from . import KEYS, TEXT, DataPage, Mention, entries_schema

DEFINITION = {**TEXT, "maxLength": 200}


def term_id(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def hover_text(definition: str) -> str:
    """A definition as its terms' hover text: read as a browser reads the attribute, with < and >
    made harmless (the theme shows hover text as HTML). `check` refuses a definition this changes,
    at its line; the pages that mention the term then show it neutralised, without reporting it again."""
    return html.unescape(definition).replace("<", "‹").replace(">", "›")


class Glossary(DataPage):
    kind = "glossary"
    DIRECTIVES = ("glossary",)
    schema = entries_schema({"term": TEXT, "definition": DEFINITION, "sources": KEYS}, ["term", "definition"])
    TRANSLATED = ("term", "definition")
    # A term in a script that does not sort by its letters (Japanese kanji) sorts by its reading.
    TRANSLATION_EXTRAS = {"sort_as": TEXT}

    def check(self, context) -> list:
        """A definition is also the hover text of the term's mentions, which the theme reads as HTML."""
        problems = super().check(context)
        for index, entry in enumerate(self.entries):
            for version in (entry, *(entry.get(language, {}) for language in self.languages)):
                definition = version.get("definition", "")
                if hover_text(definition) != html.unescape(definition):
                    problems.append(self.problem(index, "definition", "the definition holds < or > (or &lt;, &gt;)",
                                                 "write it without < and >: it is the hover text of the term's "
                                                 "mentions, which the theme shows as HTML"))
        return problems

    def localized(self, entry: dict, language: str) -> dict:
        # The anchor stays the default language's, so that a link to a term works in every edition.
        return {**super().localized(entry, language), "id": term_id(entry["term"])}

    def terms(self) -> list[dict]:
        return sorted(({"id": term_id(term["term"]), **term} for term in self.entries),
                      key=lambda term: (term.get("sort_as") or term["term"]).casefold())

    def mentions(self) -> list[Mention]:
        if not self.page:
            return []
        return [Mention(f"term:{term['id']}", (term["term"],), self.page, term["id"], "glossary-term",
                        hover_text(term["definition"])) for term in self.terms()]

    def directives(self) -> dict:
        return {"glossary": self.render_glossary}

    def render_glossary(self, pipeline, arg) -> list:
        html = render("data/glossary.html", terms=self.terms(), labels=pipeline.labels)
        return elements_from_html(html, pipeline.special_elements())
