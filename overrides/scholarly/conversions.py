"""The preview's memory of each page's Markdown conversion, kept from one rebuild to the next.

After a save, the preview rebuilds the whole site (so that navigation, search, citations and the
print edition are as published), but only the pages whose conversion could have changed are
converted again: Markdown was a third of a rebuild (0.23 of 0.62 s), and a save changes one page.

A page's conversion depends on its own Markdown and on what the whole build reads while converting
it: the other pages' front matter (titles in the timeline), the site's files and addresses (links),
the .bib files (which keys exist), the data files and templates, and mkdocs.yml. Every file the
preview watches is in that digest (`inputs`) except the pages' text after their front matter, which
is the page's own key. So a kept conversion is used only when converting again would give the same.

What a conversion leaves besides its HTML is kept with it and given back: the page's state (what it
cites and lists, its mentions), its fragments (renumbered into the new build's), its table of
contents, anchors and links to anchors. A conversion that reported anything (a problem, a warning
from MkDocs or an extension) is not kept: the page is converted again, and reports again, every time.

Only `scripts/run serve` uses this (mode "serve"); `build`, `check` and CI convert every page.
"""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.structure.pages import Page

from .cache import digest
from .state import TOKEN, Build, Citation, PageState, token_text


@dataclass(frozen=True)
class Conversion:
    content: str  # with its tokens numbered from 0
    renderers: tuple  # its fragments' renderers, in token order
    toc: object
    title: str | None
    anchor_ids: frozenset[str]
    links_to_anchors: tuple | None  # ((target's src_uri, {anchor: link as written}), …)
    cited: tuple[str, ...]
    citations: tuple[Citation, ...]
    listed: tuple[str, ...]
    anchors: frozenset[str]
    mentioned: frozenset[str]


class Reported(logging.Handler):
    """Counts what MkDocs' loggers report while a page converts."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class Conversions:
    """One per process: the last build's conversions of each site and edition, under its inputs' digest."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], tuple[str, dict[tuple[str, str], Conversion]]] = {}
        self.reused = 0  # conversions given back (for the tests and benchmarks)

    def start(self, build: Build, files, config) -> None:
        """A build begins (after its files are known): the conversions kept for other inputs are dropped."""
        inputs = inputs_digest(build, files, config)
        place = (str(build.root), build.edition.language)
        if self.kept.get(place, ("", {}))[0] != inputs:
            self.kept[place] = (inputs, {})
        build.extra["conversions"] = self.kept[place][1]

    def render(self, build: Build, page: Page, config, files) -> None:
        """MkDocs' `Page.render`, or what it gave last time for the same Markdown and inputs."""
        kept = build.extra["conversions"]
        key = (page.file.src_uri, page.markdown)
        state = build.current
        conversion = kept.get(key)
        if conversion is not None:
            restore(conversion, build, state, page, files)
            self.reused += 1
            return
        first, attempts, reported = len(build.fragments), build.problems.attempts, Reported()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(reported)
        try:
            Page.render(page, config, files)
        finally:
            logger.removeHandler(reported)
        if reported.count or build.problems.attempts != attempts:
            kept.pop(key, None)
            return
        numbers = [int(number) for number in TOKEN.findall(page.content)]
        if any(number < first for number in numbers):  # a fragment made before the page: not its own
            return
        for old in [old for old in kept if old[0] == key[0]]:  # one conversion per page
            del kept[old]
        kept[key] = Conversion(
            content=TOKEN.sub(lambda found: token_text(int(found.group(1)) - first), page.content),
            renderers=tuple(build.fragments.renderers_from(first)), toc=copy.deepcopy(page.toc),
            title=page._title_from_render, anchor_ids=frozenset(page.present_anchor_ids or ()),
            links_to_anchors=None if page.links_to_anchors is None else tuple(
                (target.src_uri, dict(links)) for target, links in page.links_to_anchors.items()),
            cited=tuple(state.cited), citations=tuple(state.citations), listed=tuple(state.listed),
            anchors=frozenset(state.anchors), mentioned=frozenset(state.mentioned))


def restore(conversion: Conversion, build: Build, state: PageState, page: Page, files) -> None:
    first = build.fragments.add_renderers(conversion.renderers)
    page.content = TOKEN.sub(lambda found: token_text(int(found.group(1)) + first), conversion.content)
    page.toc = copy.deepcopy(conversion.toc)
    page._title_from_render = conversion.title
    page.present_anchor_ids = set(conversion.anchor_ids)
    if conversion.links_to_anchors is not None:
        page.links_to_anchors = {files.get_file_from_path(target): dict(links)
                                 for target, links in conversion.links_to_anchors}
    state.cited, state.citations = list(conversion.cited), list(conversion.citations)
    state.listed, state.anchors = list(conversion.listed), set(conversion.anchors)
    state.mentioned = set(conversion.mentioned)


def inputs_digest(build: Build, files, config) -> str:
    """Everything but the pages' bodies that a page's conversion may read (see the module's note)."""
    parts = [build.edition.language, Path(config.config_file_path).read_bytes(), config.site_url or "",
             str(config.use_directory_urls)]
    parts += sorted(f"{file.src_uri}\0{file.url}" for file in files)
    parts += [f"{key}\0{source.text[:source.body_start]}" for key, source in sorted(build.sources.items())]
    docs = os.path.realpath(config.docs_dir)
    folders = [docs, *config.watch, config.theme.custom_dir or ""]
    for folder in sorted({os.path.realpath(folder) for folder in folders if folder}):
        for directory, _subfolders, names in sorted(os.walk(folder)):
            for name in sorted(names):
                path = os.path.join(directory, name)
                # A page (of any edition) counts by its front matter above, and by its body in its own key.
                if not (name.endswith(".md") and path.startswith(docs + os.sep)):
                    stat = os.stat(path)
                    parts.append(f"{path}\0{stat.st_mtime_ns}\0{stat.st_size}")
    return digest(*parts)


CONVERSIONS = Conversions()
