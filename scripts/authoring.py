"""What `scripts/run check`, `new` and `bib` do: the author-facing checks, page scaffolding and
.bib normalisation. The checks are the build hooks' own functions (overrides/hooks/), run here
on every file at once, so an author sees every mistake in one run and the same words as the build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bibtexparser
from bibtexparser.bparser import BibTexParser
from bibtexparser.bwriter import BibTexWriter
from slugify import slugify

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
from citations import check_bib_files, find_citations, uncited_problems  # noqa: E402
from context_data import DATA_DIR, check_data  # noqa: E402
from front_matter import check_front_matter  # noqa: E402
from page_checks import page_problems  # noqa: E402
from project import Problem  # noqa: E402

DOCS = ROOT / "docs"
BIB = ROOT / "bib"
MKDOCS_LOG_LINE = re.compile(r"^(WARNING|ERROR)\s+-\s+(?P<message>.*)$")


# What a working copy of the project needs (the caches make its first build fast).
PROJECT_PARTS = ["mkdocs.yml", "docs", "bib", "overrides", "scripts", ".cache"]


def copy_project(destination: Path) -> Path:
    """A copy of the project to experiment on (tests, benchmarks) without touching the real one."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_PARTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy(source, destination / name)
    return destination


def rel(path: Path) -> str:
    return os.path.relpath(path, ROOT)


def pages() -> dict[str, str]:
    """Every Markdown page by its path under docs/ (the data folder holds no pages)."""
    return {path.relative_to(DOCS).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(DOCS.rglob("*.md")) if DATA_DIR not in path.relative_to(DOCS).parts}


def source_problems() -> list[Problem]:
    """Everything that can be checked without building: .bib files, front matter, citations,
    raw HTML, images, data files."""
    entries_by_file, problems = check_bib_files({rel(path): path.read_text(encoding="utf-8")
                                                 for path in sorted(BIB.rglob("*.bib"))})
    entries = {key: entry for file_entries in entries_by_file.values() for key, entry in file_entries.items()}
    cited: set[str] = set()
    texts = pages()
    for name, text in texts.items():
        path = f"docs/{name}"
        problems += check_front_matter(path, text)
        problems += page_problems(path, text)
        blocks, citation_problems = find_citations(path, text, entries)
        problems += citation_problems
        cited |= {citation.key for block in blocks for citation in block.citations}
    data, data_problems = check_data(DOCS / DATA_DIR, ROOT, set(texts), entries)
    problems += data_problems
    if data:  # timeline events and glossary terms cite too, on the pages that show them
        cited |= {key for item in [*data.timeline, *data.glossary] for key in item.get("sources", [])}
    problems += uncited_problems({path: list(keys) for path, keys in entries_by_file.items()}, cited, entries)
    return problems


def build_problems() -> list[str]:
    """What only a build finds (links, anchors, pages missing from the navigation), in the
    build's own words: a strict build into a temporary folder."""
    with tempfile.TemporaryDirectory() as site:
        result = subprocess.run(
            [Path(sys.executable).parent / "mkdocs", "build", "--strict", "--site-dir", site],
            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    messages = []
    for line in result.stderr.splitlines():
        match = MKDOCS_LOG_LINE.match(line)
        if match and not match.group("message").startswith("Aborted with"):
            messages.append(match.group("message"))
        elif line.startswith("  ") and messages:  # the hooks list one problem per indented line
            messages.append(line.strip())
    if result.returncode and not messages:
        messages.append(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "the build failed")
    return messages


def check() -> int:
    found = [str(problem) for problem in source_problems()]
    if not any(line.startswith("bib/") and "syntax error" in line for line in found):
        # The build repeats the source problems in the same words; show each once.
        found += [message for message in build_problems()
                  if message not in found and not re.match(r"\d+ problem\(s\) in ", message)]
    for line in found:
        print(line)
    print(f"{len(found)} problem(s) found." if found else "No problems found.")
    return 1 if found else 0


# -- new ----------------------------------------------------------------------------------------

SKELETONS = {
    "finding": ("findings", "Findings", "about: [okada2020]", """\
!!! abstract "The finding"
    State the finding in one or two sentences, attributed to Okada [@okada2020].

## Background

What a reader new to the subject needs, with a citation for every fact.

## What the Soviet records show

What Okada reports, at the level the sources allow.

## How this departs from earlier accounts

## Related
"""),
    "proposal": ("proposals", "The two proposals", "about: [okada2021, okada2020]", """\
!!! abstract "In brief"
    Two sentences on the proposal [@okada2021].

## Who championed it {#champion}

## Legal basis {#legal-basis}

## Territory {#territory}

## The Security Treaty {#security-treaty}

## The United States {#united-states}

## The reasoning {#reasoning}

## What became of it {#fate}

## Related
"""),
    "page": ("", None, None, """\
Start with a paragraph that says what the page is for. Cite sources as [@okada2020].
"""),
}


def add_to_nav(mkdocs_yml: str, section: str | None, entry: str) -> str:
    """mkdocs.yml with `entry` as the last item of a nav section (or before About, at the top level).
    Text is inserted, not re-serialised, so the file's comments and layout stay as they are."""
    lines = mkdocs_yml.splitlines(keepends=True)
    start = next(index for index, line in enumerate(lines) if line.rstrip() == "nav:")
    if section is None:
        about = next(index for index in range(start, len(lines)) if lines[index].strip().startswith("- About:"))
        lines.insert(about, f"  - {entry}\n")
        return "".join(lines)
    header = next(index for index in range(start, len(lines)) if lines[index].strip() == f"- {section}:")
    end = header + 1
    while end < len(lines) and lines[end].startswith("      - "):
        end += 1
    lines.insert(end, f"      - {entry}\n")
    return "".join(lines)


def new(kind: str, title: str) -> int:
    folder, section, about, body = SKELETONS[kind]
    target = DOCS / folder / f"{slugify(title)}.md"
    if target.exists():
        print(f"{rel(target)} already exists — choose another title or edit that page")
        return 1
    front = [f'title: "{title}"', 'description: "One sentence, at most 160 characters, on what the page covers."']
    if about:
        front.append(about)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("---\n" + "\n".join(front) + "\n---\n\n" + body, encoding="utf-8")
    config = ROOT / "mkdocs.yml"
    config.write_text(add_to_nav(config.read_text(encoding="utf-8"), section,
                                 target.relative_to(DOCS).as_posix()), encoding="utf-8")
    print(f"Created {rel(target)} and added it to the navigation in mkdocs.yml.\n"
          f"Next: write the description and the text, then preview with `scripts/run serve`.")
    return 0


# -- bib ----------------------------------------------------------------------------------------

FIELD_ORDER = ["author", "editor", "translator", "title", "journal", "booktitle", "series", "volume", "volumes",
               "number", "pages", "type", "publisher", "organization", "address", "date", "year", "isbn", "issn",
               "url", "note", "keywords", "langid"]


def normalised(text: str, path: str) -> tuple[str, list[Problem]]:
    """A .bib text with entries sorted by key and fields in one order; the comment block at the top
    of the file is kept as it is. Comments elsewhere would be lost, so they are reported instead."""
    first_entry = re.search(r"^@", text, re.MULTILINE)
    header = text[: first_entry.start()] if first_entry else text
    body = text[len(header):]
    stray = [match for match in re.finditer(r"^\s*%.*$", body, re.MULTILINE)]
    if stray:
        line = header.count("\n") + body.count("\n", 0, stray[0].start()) + 1
        return text, [Problem(path, line, "a comment between entries would be lost when the file is normalised — "
                                          "move it to the comment block at the top of the file")]
    parser = BibTexParser(common_strings=False, ignore_nonstandard_types=False, interpolate_strings=False)
    database = bibtexparser.loads(body, parser)
    writer = BibTexWriter()
    writer.indent, writer.align_values, writer.add_trailing_comma = "  ", True, True
    writer.order_entries_by, writer.display_order = ("ID",), FIELD_ORDER
    return header.rstrip("\n") + ("\n\n" if header.strip() else "") + writer.write(database).strip() + "\n", []


def bib(check_only: bool) -> int:
    entries_by_file, problems = check_bib_files({rel(path): path.read_text(encoding="utf-8")
                                                 for path in sorted(BIB.rglob("*.bib"))})
    changed = []
    if not any("syntax error" in problem.message for problem in problems):
        for path in sorted(BIB.rglob("*.bib")):
            text = path.read_text(encoding="utf-8")
            result, file_problems = normalised(text, rel(path))
            problems += file_problems
            if result != text:
                changed.append(rel(path))
                if not check_only:
                    path.write_text(result, encoding="utf-8")
    for problem in problems:
        print(problem)
    for path in changed:
        print(f"{path}:1: not in the normal form (entries sorted by key, fields in a fixed order) — "
              "run `scripts/run bib` to rewrite it" if check_only else f"Normalised {path}")
    return 1 if problems or (check_only and changed) else 0
