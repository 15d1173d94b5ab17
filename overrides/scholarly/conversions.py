"""Each page's Markdown conversion, kept in .cache/ and given back while nothing it depends on changed.

Markdown is the largest part of a build the machinery adds to (0.54 s of a warm 3.3 s build of the
benchmark's 237 pages; 0.23 of a 0.62 s preview rebuild, where a save changes one page).

A page's conversion depends on its own Markdown and on what the build reads while converting it:
the other pages' front matter (titles in the timeline), the site's files and addresses (links),
the .bib and data files, templates, the machinery's own code, mkdocs.yml and the settings it
resolves, and the installed packages. Every one of those is in the inputs' digest (files under the
folders MkDocs watches by content, the .bib and data files as the build read them); the page's
Markdown is in its key. So a kept conversion is used only where converting again would give the same.

What a conversion leaves besides its HTML is kept with it and given back: the page's state (what it
cites and lists, its mentions), its fragments (data: scholarly.state.Fragment, renumbered into the
new build's), its table of contents, title, anchors and links to anchors. A conversion that
reported anything (a problem, a message logged by MkDocs, Python-Markdown or an extension) is not
kept: that page is converted again, and reports again, every time. New conversions are written at
the build's end, and only if no watched file changed while it ran. Entries are JSON, never code; an
entry that cannot be read is a page to convert.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sys
import sysconfig
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .cache import FileCache, digest
from .markup import toc_items
from .state import STRAY, TOKEN, Build, Citation, Fragment, PageState, token_text

FORMAT = "1"  # of an entry: a change to what is kept changes it
# A token as kept: without the secret of the process that made it (each build has its own), which
# is put back when the page is given back. A conversion with any other control character is not
# kept (see `convert`), so in an entry these are tokens.
KEPT_TOKEN = re.compile("\x02(\\d+)\x03")
PAGES_LOG = logging.getLogger(Page.__module__)


class Watched(NamedTuple):
    """The files MkDocs watches, by content (for the inputs' digest) and with their times of change."""

    content: str
    with_times: str


class MessageCounter(logging.Handler):
    """Counts the messages logged while a page converts."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def convert(build: Build, store: FileCache, page: Page, config, files) -> None:
    """MkDocs' `Page.render`, or what it gave for the same Markdown and inputs."""
    if PAGES_LOG.getEffectiveLevel() <= logging.DEBUG:
        # A verbose build (`-v`) shows every page's messages, and MkDocs then checks no anchors:
        # every page is converted.
        Page.render(page, config, files)
        return
    key = digest(build.extra["conversion_inputs"], page.file.src_uri, page.markdown)
    kept = readable(store.get(key))
    if kept is not None:
        restore(kept, build, build.current, page, files)
        return
    first, added, counter = len(build.fragments), build.problems.added, MessageCounter()
    loggers = [logging.getLogger("mkdocs"), logging.getLogger()]  # (MkDocs' own does not pass its messages on)
    for logger in loggers:
        logger.addHandler(counter)
    try:
        Page.render(page, config, files)
    finally:
        for logger in loggers:
            logger.removeHandler(counter)
    # Kept only if it reported nothing, and only where MkDocs' messages are logged (not with
    # `--quiet`, which would hide them from the counter): given back, it reports nothing at any level.
    if counter.count or build.problems.added != added or not PAGES_LOG.isEnabledFor(logging.INFO):
        return
    texts = [page.content, page._title_from_render or "", *(item.title for item in toc_items(page.toc))]
    if any(int(number) < first for text in texts for number in TOKEN.findall(text)):
        return  # a fragment made before the page: not its own
    if any(STRAY.search(TOKEN.sub("", text)) for text in texts):
        return  # a control character that is no token (a page's or data file's: refused after conversion)

    def without_secret(text: str | None) -> str | None:
        return None if text is None else TOKEN.sub(lambda found: f"\x02{int(found.group(1)) - first}\x03", text)

    state = build.current
    build.extra.setdefault("new_conversions", {})[key] = json.dumps({
        "content": without_secret(page.content),
        "fragments": [[fragment.kind, fragment.args] for fragment in build.fragments[first:]],
        "toc": [kept_toc_item(item, without_secret) for item in page.toc],
        "title": without_secret(page._title_from_render),
        "anchor_ids": sorted(page.present_anchor_ids or ()),
        "links_to_anchors": None if page.links_to_anchors is None else [
            [target.src_uri, links] for target, links in page.links_to_anchors.items()],
        "cited": state.cited, "citations": [[citation.text, citation.keys] for citation in state.citations],
        "listed": state.listed, "anchors": sorted(state.anchors), "mentioned": sorted(state.mentioned),
    }, ensure_ascii=False)


def kept_toc_item(item, without_secret) -> dict:
    """A table of contents' item as the Markdown toc extension gave it (mkdocs' `get_toc` reads these)."""
    return {"level": item.level, "id": item.id, "name": without_secret(item.title),
            "children": [kept_toc_item(child, without_secret) for child in item.children]}


def tuples(value):
    """JSON's lists as the tuples they were."""
    return tuple(tuples(item) for item in value) if isinstance(value, list) else value


def readable(text: str | None) -> dict | None:
    """An entry with every field of this format, or None (a missing, cut or older entry)."""
    if text is None:
        return None
    try:
        kept = json.loads(text)
        kept["fragments"] = [Fragment(kind, tuples(args)) for kind, args in kept["fragments"]]
        kept["citations"] = [Citation(text, tuple(keys)) for text, keys in kept["citations"]]
        fields = {"content", "toc", "title", "anchor_ids", "links_to_anchors", "cited", "listed", "anchors", "mentioned"}
        return kept if fields <= kept.keys() and isinstance(kept["content"], str) else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def restore(kept: dict, build: Build, state: PageState, page: Page, files) -> None:
    first = build.fragments.add(kept["fragments"])

    def with_secret(text: str | None) -> str | None:
        return None if text is None else KEPT_TOKEN.sub(lambda found: token_text(int(found.group(1)) + first), text)

    def toc_item(item: dict) -> dict:
        return {**item, "name": with_secret(item["name"]), "children": [toc_item(child) for child in item["children"]]}

    page.content = with_secret(kept["content"])
    page.toc = get_toc([toc_item(item) for item in kept["toc"]])
    page._title_from_render = with_secret(kept["title"])
    page.present_anchor_ids = set(kept["anchor_ids"])
    if kept["links_to_anchors"] is not None:
        page.links_to_anchors = {files.get_file_from_path(target): links for target, links in kept["links_to_anchors"]}
    state.cited, state.listed, state.citations = kept["cited"], kept["listed"], kept["citations"]
    state.anchors, state.mentioned = set(kept["anchors"]), set(kept["mentioned"])


def keep_new(build: Build, store: FileCache, config) -> None:
    """At the build's end, the new conversions are written: unless a watched file was saved while
    it ran (during a preview rebuild), when the build may have read either version, or both (the
    save rebuilds anyway). A save undone meanwhile counts too: its time of change is another."""
    new = build.extra.pop("new_conversions", {})
    if new and watched_files(config).with_times == build.extra["watched_files"].with_times:
        for key, text in new.items():
            store.put(key, text)


def inputs_digest(build: Build, files, config) -> str:
    """Everything but the pages' bodies that a page's conversion may read (see the module's note)."""
    root = os.path.dirname(config.config_file_path)
    # (Where the site is written, and whether a warning stops the build, change no conversion; the
    # project's folder is left out of paths, so that a copy of it keeps its conversions.)
    settings = {name: value for name, value in config.items() if name not in ("site_dir", "strict")}
    parts = [FORMAT, sys.version, build.edition.language,
             json.dumps(settings, sort_keys=True, default=as_json).replace(json.dumps(root)[1:-1], "."),
             *installed_packages(), machinery(), build.extra["watched_files"].content,
             build.extra["bib_files"], build.extra["data_files"]]  # (as read: MkDocs need not watch them)
    parts += sorted(f"{file.src_uri}\0{file.url}" for file in files)
    parts += [f"{key}\0{source.text[:source.body_start]}" for key, source in sorted(build.sources.items())]
    return digest(*parts)


def watched_files(config) -> Watched:
    """The files MkDocs watches (docs/, `watch:`, the theme's custom_dir: data, .bib, templates),
    the pages by name only: their front matter and bodies count as the build read them
    (`inputs_digest`, each page's key). Taken before the build reads any file, and after it."""
    root, docs = os.path.dirname(config.config_file_path), os.path.realpath(config.docs_dir)
    content, times = [Path(config.config_file_path).read_bytes()], []
    for folder in sorted({os.path.realpath(folder) for folder in [docs, *config.watch, config.theme.custom_dir or ""] if folder}):
        for directory, subfolders, names in os.walk(folder, followlinks=True):  # as MkDocs reads docs/
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(names):
                path = os.path.join(directory, name)
                shown = os.path.relpath(path, root)
                try:
                    times.append(f"{shown}\0{os.stat(path).st_mtime_ns}")
                    if name.endswith(".md") and path.startswith(docs + os.sep):
                        content.append(shown)
                    else:
                        content.append(f"{shown}\0{hashlib.sha256(Path(path).read_bytes()).hexdigest()}")
                except OSError:  # removed meanwhile, or a link to nothing: counted as absent
                    content.append(f"{shown}\0absent")
    return Watched(digest(*content), digest(*content, *times))


def machinery() -> str:
    """The machinery's own code, wherever it lives."""
    return digest(*(path.read_bytes() for path in sorted(Path(__file__).parent.rglob("*.py"))))


def as_json(value):
    """MkDocs' settings as loaded (from mkdocs.yml, the files it INHERITs, !ENV values): sections are
    mappings, a plugin or Markdown extension counts by its own settings, a file pattern by its
    patterns. Anything else by its repr (where that names a place in memory, nothing is kept)."""
    if isinstance(value, Mapping):
        return {str(name): item for name, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(getattr(value, "config", None), Mapping):  # a plugin (or a Markdown extension)
        return {type(value).__name__: value.config}
    if hasattr(value, "patterns"):  # pathspec's GitIgnoreSpec (not_in_nav, exclude_docs)
        return [str(getattr(pattern, "pattern", pattern)) for pattern in value.patterns]
    if type(value).__name__ == "module":  # the hooks
        return value.__name__
    return repr(value)


def installed_packages() -> list[str]:
    """The installed distributions with their versions, as their metadata folders are named."""
    folders = {sysconfig.get_paths()[kind] for kind in ("purelib", "platlib")}
    return sorted(f"{folder}/{name}" for folder in folders if os.path.isdir(folder)
                  for name in os.listdir(folder) if name.endswith(".dist-info"))
