"""Who's who: everyone the site names, in the original script, with the pages they appear in."""

from __future__ import annotations

from ..markup import elements_from_html, render
from . import ID, TEXT, DataPage, Mention, entries_schema, script_of


class People(DataPage):
    kind = "people"
    DIRECTIVES = ("people",)
    schema = entries_schema({
        "id": ID, "name": TEXT, "original": TEXT, "aliases": {"type": "array", "items": TEXT}, "role": TEXT,
    }, ["id", "name", "role"])
    TRANSLATED = ("name", "role", "aliases")

    def mentions(self) -> list[Mention]:
        if not self.page:
            return []
        return [Mention(f"person:{person['id']}", (person["name"], *person.get("aliases", [])), self.page,
                        person["id"], "person") for person in self.entries]

    def directives(self) -> dict:
        return {"people": self.render_people}

    def render_people(self, pipeline, arg) -> list:
        # A name in Latin letters is in the site's default language (John Foster Dulles on a Japanese page).
        default = pipeline.build.edition.languages[0]
        people = [{**person, "original_lang": script_of(person.get("original", "")) or default} for person in self.entries]
        html = render("data/people.html", people=people, labels=pipeline.labels)
        return elements_from_html(html, pipeline.special_elements())

    def appearances(self, pipeline, person_id: str) -> list[str]:
        """The reader pages that mention a person (or list them among an event's people), in reading order."""
        pages = set(pipeline.mentioned_on(f"person:{person_id}"))
        timeline = pipeline.data_page("timeline")
        if timeline and timeline.page and any(person_id in event.get("people", []) for event in timeline.entries):
            pages.add(timeline.page)
        pages.discard(self.page)
        return [page for page in pipeline.reading_order() if page in pages and not pipeline.is_editorial(page)]
