"""The timeline: events in date order, each with its date at the precision the sources give."""

from __future__ import annotations

from ..dates import display_date, iso, parse_date
from ..markup import elements_from_html, render
from . import DATE, ID, KEYS, TEXT, CheckContext, DataPage, entries_schema


class Timeline(DataPage):
    kind = "timeline"
    DIRECTIVES = ("timeline",)
    schema = entries_schema({
        "id": ID, "date": DATE, "end": DATE, "title": TEXT, "description": TEXT,
        "people": {"type": "array", "items": ID, "uniqueItems": True},
        "pages": {"type": "array", "items": {"type": "string", "pattern": r"\.md$"}, "uniqueItems": True},
        "sources": KEYS,
    }, ["id", "date", "title", "description"])
    TRANSLATED = ("title", "description")

    def check(self, context: CheckContext) -> list:
        problems = super().check(context)
        people = context.data.get("people")
        known_people = {person["id"] for person in people.entries} if people else set()
        previous = None
        for index, event in enumerate(self.entries):
            dates = {}
            for field in ("date", "end"):
                if field in event:
                    try:
                        dates[field] = parse_date(event[field])
                    except ValueError as error:
                        problems.append(self.problem(index, field, str(error), "write a real date, YYYY-MM-DD"))
            for person in event.get("people", []):
                if person not in known_people and "people" not in context.unusable:
                    problems.append(self.problem(index, "people", f"no person '{person}' in the people file",
                                                 "add them there or correct the id"))
            for page in event.get("pages", []):
                if page not in context.pages:
                    problems.append(self.problem(index, "pages", f"no page docs/{page}", "use a path under docs/"))
            if "date" in dates:
                if previous and dates["date"] < previous:
                    problems.append(self.problem(index, "date", f"{event['date']} comes before the previous event "
                                                 f"({iso(previous)})", "keep events in date order"))
                if "end" in dates and dates["end"] < dates["date"]:
                    problems.append(self.problem(index, "end", "the end is before the start", "swap or correct the dates"))
                previous = dates["date"]
        return problems

    def events(self, pipeline, src_uri: str | None = None) -> list[dict]:
        """The events as shown (all, or those that list the page `src_uri`), with links from the page
        being rendered."""
        people = pipeline.data_page("people")
        names = {person["id"]: person["name"] for person in people.entries} if people else {}
        shown = []
        for event in self.entries:
            if src_uri is not None and src_uri not in event.get("pages", []):
                continue
            shown.append({
                **event,
                "start": self.shown_date(event["date"], pipeline.language),
                "finish": self.shown_date(event["end"], pipeline.language) if event.get("end") else None,
                "people_links": [{"href": pipeline.link(people.page, person), "name": names[person]}
                                 for person in event.get("people", [])] if people and people.page else [],
                "page_links": [{"href": pipeline.link(page), "title": pipeline.title_of(page)}
                               for page in event.get("pages", []) if page in pipeline.build.sources],
            })
        return shown

    @staticmethod
    def shown_date(value: str, language: str) -> dict:
        """A date as the page shows it; one that is no real date (reported by `check`) as written."""
        try:
            parts = parse_date(value)
        except ValueError:
            return {"iso": value, "text": value}
        return {"iso": iso(parts), "text": display_date(parts, language)}

    def directives(self) -> dict:
        return {"timeline": self.render_timeline}

    def render_timeline(self, pipeline, arg) -> list:
        html = render("data/timeline.html", events=self.events(pipeline), labels=pipeline.labels)
        return elements_from_html(html, pipeline.special_elements())

    def page_end(self, pipeline, src_uri: str) -> list:
        if not self.page:
            return []
        events = self.events(pipeline, src_uri)
        if not events:
            return []
        html = render("data/on_the_timeline.html", events=events, timeline=pipeline.link(self.page),
                      labels=pipeline.labels)
        return elements_from_html(html)
