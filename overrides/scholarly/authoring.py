"""What authors run besides the preview: `check`, `new` and `bib` (see scripts/docs.py).

`check` is the build itself, run in-process into a temporary folder: every problem it reports is
what the strict build would stop on, in the same words, collected from the build's own log
records (each is a `Problem` already; MkDocs' link and navigation warnings are turned into
problems by scholarly.links). Nothing is checked twice and nothing is parsed from text output.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import tempfile
from pathlib import Path

import bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.bwriter import BibTexWriter
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError
from slugify import slugify

from .bibliography import read_bibliography
from .problems import Problem
from .works import work_from_entry


class _Collect(logging.Handler):
    """MkDocs' own warnings and errors (the pipeline's problems are read from the pipeline itself)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name != "mkdocs.plugins.scholarly" and message not in self.messages:
            self.messages.append(message)


def check(root: Path) -> tuple[list[str], str]:
    """Every problem a strict build of the project at `root` would report, each once; and, when a
    file could not be read, the note that the other checks run once it can."""
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    environ = dict(os.environ)  # the build sets SOURCE_DATE_EPOCH from the project's git history
    os.environ["SCHOLARLY_MODE"] = "check"
    try:
        with tempfile.TemporaryDirectory(prefix="check-") as site:
            try:
                config = load_config(str(root / "mkdocs.yml"), site_dir=site, strict=False)
            except ConfigurationError as error:
                return [f"mkdocs.yml:1: {error} — correct the configuration"], ""
            except Abort:  # MkDocs logged each configuration error (collected) before stopping
                return [f"mkdocs.yml:1: {message} — correct the configuration" for message in collect.messages
                        if not message.startswith("Aborted with")] or ["mkdocs.yml:1: the configuration is not valid"
                                                                         " — run `mkdocs build` to see why"], ""
            pipeline = next(hooks.PIPELINE for hooks in config.plugins.values() if hasattr(hooks, "PIPELINE"))
            config.plugins.on_startup(command="build", dirty=False)
            with contextlib.suppress(Abort):  # what stopped it is among the problems (or MkDocs' messages) below
                build(config)
            found = pipeline.build.problems if pipeline.build else None
            if found and found.fatal_note:
                return [str(problem) for problem in found.found], found.fatal_note
            problems = [str(problem) for problem in sorted(found.found)] if found else []  # by file and line
            return problems + [message for message in collect.messages if message not in problems
                               and not message.startswith("Aborted with")], ""
    finally:
        os.environ.clear()
        os.environ.update(environ)
        logger.removeHandler(collect)


# -- new ----------------------------------------------------------------------------------------------

LABEL = re.compile(r"^[^:]*\d+\s*:\s*")  # "Finding 6: " (the label before a page's own title)


def page_file_name(title: str) -> str:
    """"Finding 6: The fisheries question" → "fisheries-question" (as the existing findings are named)."""
    words = slugify(LABEL.sub("", title)).split("-")
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return "-".join(words) or slugify(title)


def add_to_nav(mkdocs_yml: str, section: str | None, entry: str) -> str:
    """mkdocs.yml with `entry` as the last item of a nav section (or before About, at the top level).
    Text is inserted, not re-serialised, so the file's comments and layout stay as they are."""
    lines = mkdocs_yml.splitlines(keepends=True)
    start = next(index for index, line in enumerate(lines) if line.rstrip() == "nav:")
    if section is None:
        about = next((index for index in range(start, len(lines)) if lines[index].strip().startswith("- About:")),
                     len(lines))
        lines.insert(about, f"  - {entry}\n")
        return "".join(lines)
    header = next(index for index in range(start, len(lines)) if lines[index].strip() == f"- {section}:")
    end = header + 1
    while end < len(lines) and lines[end].startswith("      - "):
        end += 1
    lines.insert(end, f"      - {entry}\n")
    return "".join(lines)


def new(root: Path, page_types: dict, kind: str, title: str, name: str | None = None,
        other_languages: tuple[str, ...] = ()) -> tuple[int, str]:
    """Create a page of a kind from its skeleton and add it to the navigation (the site's other
    editions, if any, follow it there once the page has its translation)."""
    if kind not in page_types:
        return 1, f"there is no kind of page '{kind}' — use one of: {', '.join(sorted(page_types))}"
    page_type = page_types[kind]
    folder = page_type.get("folder", "")
    target = root / "docs" / folder / f"{name or page_file_name(title)}.md"
    relative = os.path.relpath(target, root)
    if target.exists():
        return 1, f"{relative} already exists — choose another title (or --name), or edit that page"
    skeleton = (root / page_type["skeleton"]).read_text(encoding="utf-8")
    escaped = title.replace("\\", "\\\\").replace('"', '\\"')
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton.replace('title: "TITLE"', f'title: "{escaped}"', 1), encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(add_to_nav(config.read_text(encoding="utf-8"), page_type.get("section"),
                                 target.relative_to(root / "docs").as_posix()), encoding="utf-8")
    translations = "".join(
        f"\nThe site has a {language} edition too: write {relative.removesuffix('.md')}.{language}.md beside it "
        "(start from a copy), or list the page under `extra.scholarly.editions.untranslated` in mkdocs.yml."
        for language in other_languages)
    return 0, (f"Created {relative} and added it to the navigation in mkdocs.yml.\n"
               "Next: replace the description and the template's text (`scripts/run check` lists what is left), "
               "then preview with `scripts/run serve`." + translations)


# -- bib ----------------------------------------------------------------------------------------------

FIELD_ORDER = ["entrysubtype", "author", "editor", "translator", "title", "titleaddon", "journal", "booktitle", "series",
               "volume", "volumes", "number", "pages", "type", "publisher", "organization", "institution", "school",
               "address", "location", "date", "year", "isbn", "issn", "url", "note", "keywords", "langid"]


def normalised(text: str, path: str) -> tuple[str, list[Problem]]:
    """A .bib text with entries sorted by key and fields in one order; the comment block at the top
    of the file is kept as it is. Comments elsewhere would be lost, so they are reported instead."""
    first_entry = re.search(r"^@", text, re.MULTILINE)
    header = text[: first_entry.start()] if first_entry else text
    body = text[len(header):]
    stray = list(re.finditer(r"^\s*%.*$", body, re.MULTILINE))
    if stray:
        line = header.count("\n") + body.count("\n", 0, stray[0].start()) + 1
        return text, [Problem(path, line, "a comment between entries would be lost when the file is normalised",
                              "move it to the comment block at the top of the file")]
    parser = BibTexParser(common_strings=False, ignore_nonstandard_types=False, interpolate_strings=False)
    database = bibtexparser.loads(body, parser)
    writer = BibTexWriter()
    writer.indent, writer.align_values, writer.add_trailing_comma = "  ", True, True
    writer.order_entries_by, writer.display_order = ("ID",), FIELD_ORDER
    return header.rstrip("\n") + ("\n\n" if header.strip() else "") + writer.write(database).strip() + "\n", []


def bib(root: Path, check_only: bool, list_keys: bool) -> tuple[int, list[str]]:
    """Normalise the .bib files (or with `check_only`, report those that are not), or list the keys."""
    paths = sorted((root / "bib").rglob("*.bib"))
    bibliography, fatal, problems = read_bibliography({os.path.relpath(path, root): path.read_bytes() for path in paths})
    if fatal:
        return 1, [str(problem) for problem in fatal] + ["Fix these first: the files cannot be read as they are."]
    if list_keys:
        lines = []
        for path, keys in bibliography.files.items():
            lines.append(f"{path}:")
            for key in keys:
                work = work_from_entry(key, bibliography.entries[key].entry)
                who = (work.creators[0].literal or work.creators[0].family) if work.creators else "—"
                lines.append(f"  @{key:<22} {who}, {work.year or 'n.d.'}: {work.title[:70]}")
        return 0, lines
    lines, changed = [], []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        result, file_problems = normalised(text, os.path.relpath(path, root))
        problems += file_problems
        if result != text:
            changed.append(os.path.relpath(path, root))
            if not check_only:
                path.write_text(result, encoding="utf-8")
    lines += [str(problem) for problem in problems]
    for path in changed:
        lines.append(f"{path}:1: not in the normal form (entries sorted by key, fields in a fixed order) — "
                     "run `scripts/run bib` to rewrite it" if check_only else f"Normalised {path}")
    if not lines:
        lines.append(f"The {len(paths)} .bib files are in normal form ({len(bibliography.entries)} entries).")
    failed = bool(problems) or (check_only and bool(changed))
    return (1 if failed else 0), lines
