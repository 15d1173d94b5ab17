"""Context for general readers, made at build time from the data files in docs/data/.

- `timeline.yml` → `\\timeline` on a page: a semantic list of events with `<time datetime>`;
  each finding and proposal page gets "On the timeline" links to the events it discusses.
- `people.yml` → `\\people`: who's who, with the pages where each person appears (found in
  the pages' text); on every page a person's first mention links to their entry.
- `glossary.yml` → `\\glossary`, and the same definitions as hover abbreviations on every page
  (pymdown's snippets auto-appends the generated abbreviation list).
- `islands.yml` → `\\islands_map`: a schematic SVG map with a text table beside it.

Every file is checked against its JSON Schema and cross-checked (ids, pages, people, bib keys,
date order); all problems are reported together as `path:line: entry N ('id'), field: what — fix`.
The markers are expanded in `on_files`, before citations.py collects citations, so the data's
`sources` are cited and listed like any other citation.
"""

from __future__ import annotations

import calendar
import html
import logging
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, NavigableString
from jsonschema import Draft7Validator
from mkdocs.utils import get_relative_url

from project import Problem, bibtex_plugin, page_meta, project_root, report

log = logging.getLogger("mkdocs.plugins.context_data")
DATA_DIR = "data"
ABBREVIATIONS = Path(".cache") / "snippets" / "glossary-abbreviations.md"

ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
DATE = {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"}
TEXT = {"type": "string", "minLength": 1}
KEYS = {"type": "array", "items": {"type": "string", "pattern": r"^[\w-]+$"}, "uniqueItems": True}


def entries_of(properties: dict, required: list[str]) -> dict:
    return {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": required, "properties": properties}}


SCHEMAS = {
    "timeline.yml": entries_of({
        "id": ID, "date": DATE, "end": DATE, "title": TEXT, "description": TEXT,
        "people": {**KEYS, "items": ID}, "pages": {"type": "array", "items": {"type": "string", "pattern": r"\.md$"}},
        "sources": KEYS,
    }, ["id", "date", "title", "description"]),
    "people.yml": entries_of({
        "id": ID, "name": TEXT, "original": TEXT, "aliases": {"type": "array", "items": TEXT}, "role": TEXT,
    }, ["id", "name", "role"]),
    "glossary.yml": entries_of({
        "term": TEXT, "definition": {"type": "string", "minLength": 1, "maxLength": 200}, "sources": KEYS,
    }, ["term", "definition"]),
    "islands.yml": entries_of({
        "id": ID, "name": TEXT, "japanese": TEXT, "russian": TEXT, "russian_name": TEXT,
        "area_km2": {"type": "number", "exclusiveMinimum": 0}, "area_note": TEXT,
        "latitude": {"type": "number", "minimum": 40, "maximum": 50},
        "longitude": {"type": "number", "minimum": 140, "maximum": 150},
        "article_9": {"type": "boolean"},
    }, ["id", "name", "japanese", "russian", "area_km2", "latitude", "longitude", "article_9"]),
}
HINTS = {
    "pattern": "check the format shown in the file's other entries",
    "required": "add the field",
    "additionalProperties": "remove the field or correct its name",
    "type": "check the value's type",
    "maxLength": "shorten it",
}


@dataclass
class ContextData:
    timeline: list[dict]
    people: list[dict]
    glossary: list[dict]
    islands: list[dict]


# -- Loading and checking ------------------------------------------------------------------------

def node_line(node: yaml.Node, path) -> int:
    """1-based line of the YAML node at a JSON path (deepest node that exists)."""
    for part in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            match = next((value for key, value in node.value if key.value == part), None)
            if match is None:
                break
            node = match
        else:
            break
    return node.start_mark.line + 1


def entry_label(data, index: int) -> str:
    entry = data[index] if isinstance(data, list) and index < len(data) else {}
    name = entry.get("id") or entry.get("term") if isinstance(entry, dict) else None
    return f"entry {index + 1}" + (f" ('{name}')" if name else "")


# libyaml's C loader: the pure-Python one takes most of a rebuild's time on these files.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(path: str, text: str, schema: dict) -> tuple[list, yaml.Node | None, list[Problem]]:
    """A data file's entries and YAML tree (for line numbers), or the problems that stop its use."""
    try:
        node = yaml.compose(text, Loader=LOADER)
        data = yaml.load(text, Loader=LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [], None, [Problem(path, mark.line + 1 if mark else 1,
                                  f"not valid YAML ({getattr(error, 'problem', error)}) — check indentation and quoting")]
    problems = []
    for error in sorted(Draft7Validator(schema).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = list(error.absolute_path)
        field = ".".join(str(part) for part in where[1:]) or "(the entry)"
        label = entry_label(data, where[0]) if where else "the file"
        hint = HINTS.get(error.validator, "see the other entries for the expected form")
        line = node_line(node, where) if node else 1
        problems.append(Problem(path, line, f"{label}, field '{field}': {error.message} — {hint}"))
    return (data if not problems else []), node, problems


def check_references(files: dict[str, tuple[list, yaml.Node]], pages: set[str], bib_keys) -> list[Problem]:
    """Cross-checks the schema cannot make: unique ids, known people/pages/keys, date order."""
    problems = []

    def report(name: str, index: int, field: str, message: str) -> None:
        data, node = files[name]
        problems.append(Problem(f"docs/{DATA_DIR}/{name}", node_line(node, [index, field]),
                                f"{entry_label(data, index)}, field '{field}': {message}"))

    for name, (data, _) in files.items():
        seen: set[str] = set()
        for index, entry in enumerate(data):
            identity = entry.get("id") or entry.get("term")
            if identity in seen:
                report(name, index, "id" if "id" in entry else "term", f"'{identity}' is used twice — make it unique")
            seen.add(identity)
            for key in entry.get("sources", []):
                if key not in bib_keys:
                    report(name, index, "sources", f"unknown bib key '{key}' — use a key from bib/*.bib")

    people = {person["id"] for person in files["people.yml"][0]}
    previous = ""
    for index, event in enumerate(files["timeline.yml"][0]):
        for person in event.get("people", []):
            if person not in people:
                report("timeline.yml", index, "people", f"no person '{person}' in people.yml — add them or fix the id")
        for page in event.get("pages", []):
            if page not in pages:
                report("timeline.yml", index, "pages", f"no page docs/{page} — use a path under docs/")
        if event["date"] < previous:
            report("timeline.yml", index, "date", f"{event['date']} comes before the previous event ({previous}) — "
                                                  "keep events in date order")
        if event.get("end", event["date"]) < event["date"]:
            report("timeline.yml", index, "end", "the end is before the start — swap or correct the dates")
        previous = event["date"]
    return problems


def check_data(data_dir: Path, root: Path, pages: set[str], bib_keys) -> tuple[ContextData | None, list[Problem]]:
    """The data files, loaded and cross-checked; None and the problems if any file is unusable."""
    files, problems = {}, []
    for name, schema in SCHEMAS.items():
        path = data_dir / name
        display = os.path.relpath(path, root)
        if not path.is_file():
            problems.append(Problem(display, 1, "the data file is missing — restore it from git"))
            continue
        text = path.read_text(encoding="utf-8")
        data, node, file_problems = load(display, text, schema)
        problems += file_problems
        files[name] = (data, node)
    if not problems:
        problems += check_references(files, pages, bib_keys)
    return (None if problems else ContextData(*(files[name][0] for name in SCHEMAS))), problems




# -- Rendering -----------------------------------------------------------------------------------

def display_date(value: str) -> str:
    """"1956-10-19" → "19 October 1956"; "1955-08" → "August 1955"; "1953" → "1953"."""
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {calendar.month_name[parts[1]]} {parts[0]}"
    if len(parts) == 2:
        return f"{calendar.month_name[parts[1]]} {parts[0]}"
    return str(parts[0])


def display_span(start: str, end: str | None) -> str:
    if not end:
        return f'<time datetime="{start}">{display_date(start)}</time>'
    return (f'<time datetime="{start}">{display_date(start)}</time> – '
            f'<time datetime="{end}">{display_date(end)}</time>')


def link(from_page: str, to_page: str, text: str, anchor: str = "") -> str:
    """A Markdown link between two pages (paths under docs/), written as MkDocs expects."""
    target = os.path.relpath(to_page, os.path.dirname(from_page) or ".")
    return f"[{text}]({target}{'#' + anchor if anchor else ''})"


def page_titles(pages: dict[str, str]) -> dict[str, str]:
    return {path: page_meta(text).get("title", path) for path, text in pages.items()}


def timeline_markdown(data: ContextData, here: str, titles: dict[str, str]) -> str:
    names = {person["id"]: person["name"] for person in data.people}
    items = []
    for event in data.timeline:
        citation = f" [{'; '.join('@' + key for key in event['sources'])}]" if event.get("sources") else ""
        related = []
        if event.get("people"):
            related.append("People: " + ", ".join(link(here, "people.md", names[p], p) for p in event["people"]))
        if event.get("pages"):
            related.append("Discussed in: " + ", ".join(link(here, p, titles.get(p, p)) for p in event["pages"]))
        items.append(
            f'<li class="timeline__event" id="event-{event["id"]}" markdown="block">\n\n'
            f'{display_span(event["date"], event.get("end"))}\n\n'
            f'**{event["title"]}.** {event["description"]}{citation}\n\n'
            + (f'{". ".join(related)}.\n{{: .timeline__related }}\n\n' if related else "")
            + "</li>"
        )
    return '<ol class="timeline" markdown="1">\n' + "\n".join(items) + "\n</ol>"


def mention_pattern(person: dict) -> re.Pattern:
    forms = sorted([person["name"], *person.get("aliases", [])], key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, forms))})(?!\w)")


def people_markdown(data: ContextData, here: str, pages: dict[str, str], titles: dict[str, str]) -> str:
    blocks = []
    for person in data.people:
        mentioned = mention_pattern(person).search
        where = [link(here, path, titles[path]) for path in titles if path != here and mentioned(pages[path])]
        original = f' ({person["original"]})' if person.get("original") else ""
        blocks.append(f'## {person["name"]}{original} {{#{person["id"]}}}\n\n{person["role"]}\n\n'
                      + (f"Appears in: {', '.join(where)}.\n" if where else ""))
    return "\n".join(blocks)


def glossary_markdown(data: ContextData) -> str:
    blocks = []
    for term in data.glossary:
        citation = f" [{'; '.join('@' + key for key in term['sources'])}]" if term.get("sources") else ""
        anchor = re.sub(r"[^a-z0-9]+", "-", term["term"].lower()).strip("-")
        blocks.append(f'## {term["term"]} {{#{anchor}}}\n\n{term["definition"]}{citation}\n')
    return "\n".join(blocks)


def abbreviations(data: ContextData) -> str:
    """The glossary as Markdown abbreviation definitions, for every page's hover text."""
    return "".join(f"*[{term['term']}]: {term['definition']}\n" for term in data.glossary)


def timeline_links(data: ContextData, here: str) -> str:
    """"On the timeline" for a page: the events that list it among their pages."""
    events = [event for event in data.timeline if here in event.get("pages", [])]
    if not events:
        return ""
    items = "\n".join(f"- {link(here, 'timeline.md', event['title'], 'event-' + event['id'])} "
                      f"({display_date(event['date'])})" for event in events)
    return f"\n\n## On the timeline\n\n{items}\n"


# Schematic map: an equirectangular view of the islands' area, every label real text.
MAP_BOUNDS = (145.2, 148.9, 43.15, 45.35)  # west, east, south, north (degrees)
MAP_WIDTH = 800


def project(longitude: float, latitude: float) -> tuple[float, float]:
    west, east, south, north = MAP_BOUNDS
    scale = MAP_WIDTH / (east - west)
    y_scale = scale / math.cos(math.radians((south + north) / 2))
    return (longitude - west) * scale, (north - latitude) * y_scale


def map_height() -> int:
    return round(project(MAP_BOUNDS[0], MAP_BOUNDS[2])[1])


def islands_svg(islands: list[dict]) -> str:
    """The four island groups as circles sized by area at their approximate centers."""
    width, height = MAP_WIDTH, map_height()
    shapes = []
    for island in islands:
        x, y = project(island["longitude"], island["latitude"])
        radius = max(9.0, math.sqrt(island["area_km2"]) * 1.1)
        kind = "island--article-9" if island["article_9"] else "island--claimed"
        shapes.append(
            f'<g class="island {kind}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}"/>'
            f'<text x="{x + radius + 8:.1f}" y="{y - 8:.1f}" class="island__name">{html.escape(island["name"])}</text>'
            f'<text x="{x + radius + 8:.1f}" y="{y + 16:.1f}" class="island__alt" lang="ja">{html.escape(island["japanese"])}</text>'
            f'<text x="{x + radius + 8:.1f}" y="{y + 40:.1f}" class="island__alt" lang="ru">{html.escape(island["russian"])}</text>'
            "</g>")
    # Eastern Hokkaidō, drawn only as a block ending where the Nemuro Peninsula points at Habomai.
    cape_x, cape_y = project(145.8, 43.38)
    hokkaido = (f'<path class="hokkaido" d="M0,{cape_y - 90:.0f} L{cape_x - 60:.0f},{cape_y - 35:.0f} '
                f'L{cape_x:.0f},{cape_y:.0f} L{cape_x - 70:.0f},{cape_y + 30:.0f} L0,{cape_y + 80:.0f} Z"/>'
                f'<text x="10" y="{cape_y + 60:.0f}" class="island__name">Hokkaidō</text>'
                f'<text x="10" y="{cape_y + 84:.0f}" class="island__alt" lang="ja">北海道</text>')
    legend = ('<g class="legend">'
              '<g class="island island--article-9"><circle cx="22" cy="28" r="9"/></g>'
              '<text x="40" y="35">Article 9 (1956): to be handed over after a peace treaty</text>'
              '<g class="island island--claimed"><circle cx="22" cy="62" r="9"/></g>'
              '<text x="40" y="69">Also claimed by Japan (the four-island position)</text>'
              '<text x="10" y="100" class="island__alt">Schematic: circles sized by area, not to scale</text></g>')
    names = ", ".join(island["name"] for island in islands)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" class="islands-map" '
        f'role="img" aria-labelledby="islands-map-title islands-map-desc">'
        f'<title id="islands-map-title">Schematic map of the islands northeast of Hokkaidō</title>'
        f'<desc id="islands-map-desc">Schematic, not to scale: {names} shown as circles sized by area at their '
        "approximate centers. Filled circles are the two groups Article 9 of the 1956 Joint Declaration covers; "
        "outlined circles are the two further groups in Japan's four-island claim. The table beside the map gives "
        "the same information.</desc>"
        f"{legend}{hokkaido}{''.join(shapes)}</svg>"
    )


def islands_table(islands: list[dict]) -> str:
    rows = "\n".join(
        f"| {i['name']} | {i['japanese']} | {i['russian']}"
        f"{' (' + i['russian_name'] + ')' if i.get('russian_name') else ''} | "
        f"{i['area_km2']:,} km²{' ' + i['area_note'] if i.get('area_note') else ''} | "
        f"{i['latitude']:.2f}° N, {i['longitude']:.2f}° E | "
        f"{'Article 9: to be handed over after a peace treaty' if i['article_9'] else 'Claimed by Japan; not in Article 9'} |"
        for i in islands)
    return ("| Island group | Japanese | Russian | Area | Approximate center | 1956 Joint Declaration |\n"
            "|---|---|---|---|---|---|\n" + rows)


def islands_markdown(islands: list[dict]) -> str:
    # Raw HTML: with markdown inside, the glossary's <abbr> would land in the SVG's <text>.
    return f'<figure class="islands-figure">\n{islands_svg(islands)}\n</figure>\n\n{islands_table(islands)}'


# -- MkDocs events -------------------------------------------------------------------------------

STATE: dict = {}


def on_config(config):
    STATE.clear()
    # The generated abbreviations live outside docs/ and the repository's tracked files.
    root = project_root(config)
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(root / ABBREVIATIONS.parent)]
    snippets["auto_append"] = [ABBREVIATIONS.name]
    snippets["check_paths"] = True
    (root / ABBREVIATIONS).parent.mkdir(parents=True, exist_ok=True)
    if not (root / ABBREVIATIONS).exists():
        (root / ABBREVIATIONS).write_text("")
    return config


# After page_metadata.py (which reads the pages' front matter) and before citations.py (which
# must see the citations the markers expand to), by their order in `hooks:`.
def on_files(files, config):
    root = project_root(config)
    pages = {file.src_uri: file.content_string for file in files.documentation_pages()}
    data, problems = check_data(Path(config.docs_dir) / DATA_DIR, root, set(pages),
                                bibtex_plugin(config).registry.bib_data.entries)
    report(problems, log)
    STATE["data"] = data
    if data is None:  # the pages keep their markers; the warnings above stop a strict build
        return files
    new_abbreviations = abbreviations(data)
    if (root / ABBREVIATIONS).read_text() != new_abbreviations:
        (root / ABBREVIATIONS).write_text(new_abbreviations)
    titles = page_titles(pages)
    renderers = {
        "\\timeline": lambda here: timeline_markdown(data, here, titles),
        "\\people": lambda here: people_markdown(data, here, pages, titles),
        "\\glossary": lambda here: glossary_markdown(data),
        "\\islands_map": lambda here: islands_markdown(data.islands),
    }
    for file in files.documentation_pages():
        text = pages[file.src_uri]
        markers = [marker for marker in renderers if marker in text]
        for marker in markers:
            text = text.replace(marker, renderers[marker](file.src_uri))
        if markers:
            file.content_string = text
    return files


def on_page_markdown(markdown, page, config, files):
    if STATE["data"] is None:
        return markdown
    return markdown + timeline_links(STATE["data"], page.file.src_uri)


# Where a mention is not running text: headings, links, code, dates, lists of references.
SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr", "time", "title", "desc", "text"}
SKIP_CLASSES = {"references", "footnote", "timeline__related", "admonition-title"}


def is_running_text(text: NavigableString) -> bool:
    return not text.find_parent(lambda tag: tag.name in SKIP_TAGS or set(tag.get("class", [])) & SKIP_CLASSES)


def link_first_mentions(content: str, people: list[dict], people_url: str) -> str:
    """Each person's first mention in the page's running text becomes a link to their entry.
    One pass over the page's text, with one pattern for every name and alias."""
    person_of = {form: person for person in people for form in [person["name"], *person.get("aliases", [])]}
    pattern = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, sorted(person_of, key=len, reverse=True)))})(?!\w)")
    soup = BeautifulSoup(content, "lxml")
    body = soup.body or soup
    linked: set[str] = set()
    for text in body.find_all(string=pattern):
        if not is_running_text(text):
            continue
        pieces, position = [], 0
        for match in pattern.finditer(text):
            person = person_of[match.group(1)]
            if person["id"] in linked:
                continue
            linked.add(person["id"])
            anchor = soup.new_tag("a", href=f"{people_url}#{person['id']}", attrs={"class": "person"})
            anchor.string = match.group(1)
            pieces += [NavigableString(text[position:match.start()]), anchor]
            position = match.end()
        if pieces:
            text.replace_with(*pieces, NavigableString(text[position:]))
        if len(linked) == len(people):
            break
    return "".join(str(child) for child in body.children)


def on_page_content(html_content, page, config, files):
    if page.file.src_uri == "people.md" or STATE["data"] is None:
        return html_content
    return link_first_mentions(html_content, STATE["data"].people, get_relative_url("people/", page.url))
