"""Each page's Markdown conversion, kept in .cache/ and given back while nothing it depends on changed.

Markdown is the largest part of a build the machinery adds to (0.54 s of a warm 3.3 s build of the
benchmark's 237 pages; 0.23 of a 0.62 s preview rebuild, where a save changes one page).

A page's conversion depends on its own Markdown and on what the build reads while converting it:
the other pages' front matter (titles in the timeline), the site's files and addresses (links),
the .bib files (which keys exist), the data files, templates and the machinery's own code (under
the folders MkDocs watches: docs/, `watch:` and the theme's custom_dir), mkdocs.yml and the
settings it resolves, and the installed packages. Every one of those is in the inputs' digest; the
page's Markdown is in its key. So a kept conversion is used only where converting again would give
the same.

What a conversion leaves besides its HTML is kept with it and given back: the page's state (what it
cites and lists, its mentions), its fragments (as data: scholarly.state.Fragment, renumbered into
the new build's), its table of contents, title, anchors and links to anchors. A conversion that
reported anything (a problem, a message from MkDocs or an extension) is not kept: that page is
converted again, and reports again, every time. Entries are JSON, never code.
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

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .cache import FileCache, digest
from .state import STRAY, TOKEN, Build, Citation, Fragment, PageState, token_text

# A token as kept: without the secret of the process that made it (each build has its own), which
# is put back when the page is given back. (Markdown removes these characters from what authors
# write, so nothing else in a conversion has them: scholarly.state.)
KEPT_TOKEN = re.compile("\x02(\\d+)\x03")


class Reported(logging.Handler):
    """Counts what MkDocs' loggers report while a page converts."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.INFO:
            self.count += 1


class Conversions:
    """Converts pages, or gives back their kept conversions. One per process."""

    def __init__(self) -> None:
        self.reused = 0  # conversions given back (for the tests and benchmarks)

    def render(self, build: Build, store: FileCache, page: Page, config, files) -> None:
        """MkDocs' `Page.render`, or what it gave for the same Markdown and inputs."""
        if logging.getLogger(Page.__module__).getEffectiveLevel() <= logging.DEBUG:
            # A verbose build (`-v`) shows every page's messages, and MkDocs then checks no anchors:
            # every page is converted.
            Page.render(page, config, files)
            return
        key = digest(build.extra["conversion_inputs"], page.file.src_uri, page.markdown)
        state = build.current
        kept = store.get(key)
        if kept is not None:
            restore(json.loads(kept), build, state, page, files)
            self.reused += 1
            return
        first, attempts, reported = len(build.fragments), build.problems.attempts, Reported()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(reported)
        try:
            Page.render(page, config, files)
        finally:
            logger.removeHandler(reported)
        # Kept only if it reported nothing, and only where MkDocs' messages are logged (not with
        # `--quiet`, which would hide them from `reported`): given back, it reports nothing at any level.
        if reported.count or build.problems.attempts != attempts or not logger.isEnabledFor(logging.INFO):
            return
        texts = [page.content, page._title_from_render or "", *toc_titles(page.toc)]
        if any(int(number) < first for text in texts for number in TOKEN.findall(text)):
            return  # a fragment made before the page: not its own
        if any(STRAY.search(TOKEN.sub("", text)) for text in texts):
            return  # a control character that is no token (a page or data file's: refused after conversion)

        def without_secret(text: str | None) -> str | None:
            return None if text is None else TOKEN.sub(lambda found: f"\x02{int(found.group(1)) - first}\x03", text)

        store.put(key, json.dumps({
            "content": without_secret(page.content),
            "fragments": [[fragment.kind, fragment.args, fragment.takes_space] for fragment in build.fragments.since(first)],
            "toc": [toc_token(item, without_secret) for item in page.toc],
            "title": without_secret(page._title_from_render),
            "anchor_ids": sorted(page.present_anchor_ids or ()),
            "links_to_anchors": None if page.links_to_anchors is None else [
                [target.src_uri, links] for target, links in page.links_to_anchors.items()],
            "cited": state.cited, "citations": [[citation.text, citation.keys] for citation in state.citations],
            "listed": state.listed, "anchors": sorted(state.anchors), "mentioned": sorted(state.mentioned),
        }, ensure_ascii=False))


def toc_titles(items) -> list[str]:
    return [text for item in items for text in (item.title, *toc_titles(item.children))]


def toc_token(item, without_secret) -> dict:
    """A table of contents' item as the Markdown toc extension gave it (mkdocs' `get_toc` reads these)."""
    return {"level": item.level, "id": item.id, "name": without_secret(item.title),
            "children": [toc_token(child, without_secret) for child in item.children]}


def tuples(value):
    """JSON's lists as the tuples they were."""
    return tuple(tuples(item) for item in value) if isinstance(value, list) else value


def restore(kept: dict, build: Build, state: PageState, page: Page, files) -> None:
    first = build.fragments.add(Fragment(kind, tuples(args), takes_space) for kind, args, takes_space in kept["fragments"])

    def with_secret(text: str | None) -> str | None:
        return None if text is None else KEPT_TOKEN.sub(lambda found: token_text(int(found.group(1)) + first), text)

    def toc_tokens(token: dict) -> dict:
        return {**token, "name": with_secret(token["name"]), "children": [toc_tokens(child) for child in token["children"]]}

    page.content = with_secret(kept["content"])
    page.toc = get_toc([toc_tokens(token) for token in kept["toc"]])
    page._title_from_render = with_secret(kept["title"])
    page.present_anchor_ids = set(kept["anchor_ids"])
    if kept["links_to_anchors"] is not None:
        page.links_to_anchors = {files.get_file_from_path(target): links for target, links in kept["links_to_anchors"]}
    state.cited, state.listed = kept["cited"], kept["listed"]
    state.citations = [Citation(text, tuple(keys)) for text, keys in kept["citations"]]
    state.anchors, state.mentioned = set(kept["anchors"]), set(kept["mentioned"])


def inputs_digest(build: Build, files, config) -> str:
    """Everything but the pages' bodies that a page's conversion may read (see the module's note)."""
    # (Where the site is written, and whether a warning stops the build, change no conversion.)
    settings = {name: value for name, value in config.items() if name not in ("site_dir", "strict")}
    parts = [sys.version, build.edition.language, json.dumps(settings, sort_keys=True, skipkeys=True, default=as_json),
             *installed_packages(), build.extra["watched_files"][0],
             build.extra["bib_files"], build.extra["data_files"]]  # (as read: MkDocs need not watch them)
    parts += sorted(f"{file.src_uri}\0{file.url}" for file in files)
    parts += [f"{key}\0{source.text[:source.body_start]}" for key, source in sorted(build.sources.items())]
    return digest(*parts)


def watched_files(config) -> tuple[str, str]:
    """The files MkDocs watches (docs/, `watch:`, the theme's custom_dir: data, .bib, templates, the
    machinery's code): a digest of their content, for `inputs_digest`, and one with their times of
    change, for `keep_if_unchanged`. The pages count by name only: their front matter and bodies
    count as the build read them (`inputs_digest`, each page's key). Taken before the build reads
    any file, and again after it."""
    docs = os.path.realpath(config.docs_dir)
    content, times = [Path(config.config_file_path).read_bytes()], []
    for folder in sorted({os.path.realpath(folder) for folder in [docs, *config.watch, config.theme.custom_dir or ""] if folder}):
        for directory, subfolders, names in os.walk(folder, followlinks=True):  # as MkDocs reads docs/
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(names):
                path = os.path.join(directory, name)
                try:
                    times.append(f"{path}\0{os.stat(path).st_mtime_ns}")
                    if name.endswith(".md") and path.startswith(docs + os.sep):
                        content.append(path)
                    else:
                        content.append(f"{path}\0{hashlib.sha256(Path(path).read_bytes()).hexdigest()}")
                except OSError:  # removed meanwhile, or a link to nothing: counted as absent
                    content.append(f"{path}\0absent")
    return digest(*content), digest(*content, *times)


def keep_if_unchanged(build: Build, store: FileCache, config) -> None:
    """At the build's end: if a watched file was saved while it ran (during a preview rebuild), the
    build may have read either version, or both, and what it kept is removed (the save rebuilds
    anyway). A save undone meanwhile counts too: its time of change is not the one seen before."""
    if watched_files(config)[1] != build.extra["watched_files"][1]:
        store.remove_used()


def as_json(value):
    """MkDocs' settings as loaded (from mkdocs.yml, the files it INHERITs, !ENV values): sections are
    mappings; a plugin counts by its own settings; anything else by its kind."""
    if isinstance(value, Mapping):
        return {str(name): item for name, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if isinstance(getattr(value, "config", None), Mapping):
        return {type(value).__name__: value.config}
    return type(value).__name__


def installed_packages() -> list[str]:
    """The installed distributions with their versions, as their metadata folders are named."""
    folders = {sysconfig.get_paths()[kind] for kind in ("purelib", "platlib")}
    return sorted(f"{folder}/{name}" for folder in folders if os.path.isdir(folder)
                  for name in os.listdir(folder) if name.endswith(".dist-info"))


CONVERSIONS = Conversions()
