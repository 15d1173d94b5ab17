"""Data pages: pages made from YAML files in docs/, each optional and registered in one place.

A site lists the ones it has in `mkdocs.yml` (`extra: scholarly: data: {timeline: data/timeline.yml}`).
Each kind (a subclass of `DataPage`) says how its file is checked (a JSON Schema, then checks
across files: ids, pages, people, bib keys, dates), what its directive shows on a page
(`\\timeline`), what its entries contribute to other pages (first mentions that link to it, an
"On the timeline" section), all from autoescaped templates. To add a kind: write a subclass in
this package and add it to `KINDS`.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

import yaml
from jsonschema import Draft7Validator

from ..problems import Problem
from ..sources import bidi_problems
from ..yaml_source import compose, construct, node_line, yaml_problem

if TYPE_CHECKING:
    from ..pipeline import Pipeline

# One line of plain text: no control characters (a page's markup could not hold them).
TEXT = {"type": "string", "minLength": 1, "pattern": "^[^\\u0000-\\u001f\\u007f]*$"}
ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "description": 'a date in quotes: "YYYY-MM-DD", "YYYY-MM" or "YYYY"'}
KEYS = {"type": "array", "items": {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9_-]*$"}, "uniqueItems": True}
HINTS = {
    "pattern": "check the format shown in the file's other entries",
    "required": "add the field",
    "additionalProperties": "remove the field or correct its name",
    "type": "check the value's type",
    "maxLength": "shorten it",
    "minItems": "add at least one entry",
}


def entries_schema(properties: dict, required: list[str]) -> dict:
    return {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": False, "required": required, "properties": properties}}


def script_of(text: str) -> str | None:
    """The language of a name in its original script: "ja" for kana or kanji, "ru" for Cyrillic."""
    if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", text):
        return "ja"
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    return None


@dataclass(frozen=True)
class Mention:
    """A name whose first mention on a page links to its entry on a data page."""

    id: str
    forms: tuple[str, ...]
    target: str  # the data page (src_uri), e.g. people.md
    anchor: str
    css_class: str
    title: str = ""  # shown on hover and focus (a glossary term's definition)

    def href(self, pipeline: Pipeline) -> str:
        here = pipeline.current_src_uri()
        return os.path.relpath(self.target, os.path.dirname(here) or ".").replace(os.sep, "/") + "#" + self.anchor


@dataclass
class CheckContext:
    pages: set[str]  # src_uris of every page
    bib_keys: set[str]
    data: dict[str, DataPage]  # the other data pages, by kind
    unusable: set[str] = field(default_factory=set)  # kinds whose file is broken (reported once, not per use)


MAX_DEPTH = 8  # an entry, its language mapping, a list in it: a few levels; more is a mistake or an attack


def too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and mappings nest deeper than `limit` (walked without recursion: the
    validator's messages recurse, and a value nested 20,000 deep would crash them)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return False


def nesting_problem(path: str, limit: int = MAX_DEPTH) -> Problem:
    return Problem(path, 1, f"values are nested more than {limit} levels deep",
                   "write each entry as the others are written (a list of fields)")


# A file's reading depends on nothing but its bytes: each edition of a build, and each rebuild of
# the preview, reads the same file once. Each DataPage gets its own copy of the entries; the YAML
# nodes (for line numbers) and the problems are shared, and only read.
@lru_cache(maxsize=64)
def _read(cls: type[DataPage], path: str, raw: bytes, languages: tuple[str, ...]) -> tuple:
    data, node, problems = cls.read(path, raw, languages)
    return data, node, tuple(problems)


class DataPage:
    kind: ClassVar[str]
    schema: ClassVar[dict]
    DIRECTIVES: ClassVar[tuple[str, ...]] = ()  # the directives its page may use (`\\timeline`)
    label: ClassVar[str] = "entry"
    # The fields an entry gives again in each other language of the site, under the language's code
    # (`ja: {title: …, description: …}`), and what else such a mapping may hold.
    TRANSLATED: ClassVar[tuple[str, ...]] = ()
    TRANSLATION_EXTRAS: ClassVar[dict] = {}

    def __init__(self, path: str, src_uri: str, entries: list[dict], node: yaml.Node,
                 languages: tuple[str, ...] = ()) -> None:
        self.path = path  # docs/data/timeline.yml
        self.src_uri = src_uri  # data/timeline.yml
        self.entries = entries
        self.node = node
        self.languages = languages  # the site's other languages, whose mappings each entry holds
        self.page: str | None = None  # the page that shows it (where its directive is), once known

    @classmethod
    def schema_for(cls, languages: tuple[str, ...]) -> dict:
        """The kind's schema, with a mapping for each other language of the site, required in every
        entry: an edition never shows an entry in another edition's language."""
        schema = copy.deepcopy(cls.schema)
        item = schema["items"]
        for language in languages:
            item["properties"][language] = {
                "type": "object", "additionalProperties": False,
                "properties": {**{field: item["properties"][field] for field in cls.TRANSLATED}, **cls.TRANSLATION_EXTRAS},
                "required": [field for field in cls.TRANSLATED if field in item["required"]]}
            item["required"] = [*item["required"], language]
        return schema

    def localize(self, language: str) -> None:
        """Show the entries in `language` (one of the other languages): its mapping's fields replace
        the default language's; ids, dates, links and sources stay as they are. A translated field the
        mapping leaves out is left out (an English alias or note has no place on a Japanese page)."""
        if language in self.languages:
            self.entries = [self.localized(entry, language) for entry in self.entries]

    def localized(self, entry: dict, language: str) -> dict:
        shared = {name: value for name, value in entry.items()
                  if name not in self.languages and name not in self.TRANSLATED}
        return {**shared, **entry[language]}

    @classmethod
    def load(cls, path: str, src_uri: str, raw: bytes,
             languages: tuple[str, ...] = ()) -> tuple[DataPage | None, list[Problem]]:
        data, node, problems = _read(cls, path, raw, languages)
        if problems:
            return None, list(problems)
        return cls(path, src_uri, copy.deepcopy(data), node, languages), []

    @classmethod
    def read(cls, path: str, raw: bytes, languages: tuple[str, ...]) -> tuple[object, yaml.Node | None, list[Problem]]:
        """The file parsed and checked against the kind's schema: its data, the YAML nodes (for
        line numbers) and its problems."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            return None, None, [Problem(path, raw[: error.start].count(b"\n") + 1, "the file is not UTF-8 text",
                                        "save it as UTF-8")]
        try:
            node = compose(text)
            data = construct(node)
        except yaml.YAMLError as error:
            return None, None, [yaml_problem(error, path, first_line=1, text=text)]
        except RecursionError:
            return None, None, [nesting_problem(path)]
        if too_deep(data):
            return None, None, [nesting_problem(path)]
        problems = bidi_problems(path, text)
        validator = Draft7Validator(cls.schema_for(languages))
        for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
            where = list(error.absolute_path)
            label = cls.entry_label(data, where[0]) if where else "the file"
            field = ".".join(str(part) for part in where[1:]) or "(the entry)"
            fix = HINTS.get(error.validator, "see the other entries for the expected form")
            message = error.message
            if "description" in error.schema:  # a field with a format of its own says what it expects
                message = f"{error.instance!s} is not {error.schema['description']}"
                fix = f"write {error.schema['description']}, e.g. \"1956-10-19\""
            if error.validator == "required" and any(f"'{language}'" in error.message for language in languages):
                fix = (f"add the entry's fields in each language of the site: {', '.join(languages)}: "
                       f"{{{', '.join(f for f in cls.TRANSLATED)}}} (see the other entries)")
            problems.append(Problem(path, node_line(node, where) if node is not None else 1,
                                    f"{label}, field '{field}': {message}", fix))
        return data, node, problems

    @staticmethod
    def entry_label(data, index: int) -> str:
        entry = data[index] if isinstance(data, list) and index < len(data) else {}
        name = (entry.get("id") or entry.get("term")) if isinstance(entry, dict) else None
        return f"entry {index + 1}" + (f" ('{name}')" if name else "")

    def problem(self, index: int, field: str, what: str, fix: str) -> Problem:
        return Problem(self.path, node_line(self.node, [index, field]),
                       f"{self.entry_label(self.entries, index)}, field '{field}': {what}", fix)

    def check(self, context: CheckContext) -> list[Problem]:
        """Checks across files: unique ids, known bib keys (and the kind's own)."""
        problems, seen = [], set()
        for index, entry in enumerate(self.entries):
            identity = entry.get("id") or entry.get("term")
            if identity in seen:
                problems.append(self.problem(index, "id" if "id" in entry else "term", f"'{identity}' is used twice",
                                             "make it unique"))
            seen.add(identity)
            for key in entry.get("sources", []):
                if key not in context.bib_keys:
                    problems.append(self.problem(index, "sources", f"unknown bib key '{key}'", "use a key from bib/*.bib"))
        return problems

    def load_geometry(self, path: str, file) -> list[Problem]:
        """A map's shapes (GeoJSON), for a kind that draws one; others have none to load."""
        return [Problem(path, 1, f"the data page '{self.kind}' draws no map", "remove `geometry:` from its settings")]

    # What the kind contributes; each may be left as it is.
    def directives(self) -> dict:
        """Directive name → function(pipeline, arg) returning Markdown elements."""
        return {}

    def fragments(self) -> dict:
        """Fragment name → function(pipeline, *args) returning markup made once the pages are (a
        directive places one with `pipeline.fragment(self, name, *args)`; args are strings)."""
        return {}

    def mentions(self) -> list[Mention]:
        return []

    def page_end(self, pipeline: Pipeline, src_uri: str) -> list:
        return []

    def cited_keys(self) -> set[str]:
        return {key for entry in self.entries for key in entry.get("sources", [])}


def kinds() -> dict[str, type[DataPage]]:
    from .glossary import Glossary
    from .islands import Islands
    from .people import People
    from .timeline import Timeline

    return {kind.kind: kind for kind in (Timeline, People, Glossary, Islands)}
