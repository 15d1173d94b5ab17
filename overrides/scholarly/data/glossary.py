"""The glossary: terms in alphabetical order; a term's first mention on a page links to its definition."""

from __future__ import annotations

import re

from ..markup import elements_from_html, render
from . import KEYS, TEXT, DataPage, Mention, entries_schema

DEFINITION = {**TEXT, "maxLength": 200}


def term_id(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


class Glossary(DataPage):
    kind = "glossary"
    DIRECTIVES = ("glossary",)
    schema = entries_schema({"term": TEXT, "definition": DEFINITION, "sources": KEYS}, ["term", "definition"])

    def terms(self) -> list[dict]:
        return sorted(({**term, "id": term_id(term["term"])} for term in self.entries),
                      key=lambda term: term["term"].casefold())

    def mentions(self) -> list[Mention]:
        if not self.page:
            return []
        return [Mention(f"term:{term['id']}", (term["term"],), self.page, term["id"], "glossary-term", term["definition"])
                for term in self.terms()]

    def directives(self) -> dict:
        return {"glossary": self.render_glossary}

    def render_glossary(self, pipeline, arg) -> list:
        html = render("data/glossary.html", terms=self.terms(), labels=pipeline.labels)
        return elements_from_html(html, pipeline.special_elements())
