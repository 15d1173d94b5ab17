"""MkDocs' own link, anchor and navigation checks, reported as `path:line: what — fix`.

MkDocs validates links and anchors (`validation:` in mkdocs.yml) but its warnings name neither
the line nor a fix. A logging filter on MkDocs' loggers turns each into a `Problem`: the line of
the link in the page's source, and a "did you mean" (the nearest page, or the nearest anchor the
target page does have).
"""

from __future__ import annotations

import difflib
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from . import editions
from .problems import Problem, line_of, locate

if TYPE_CHECKING:
    from .pipeline import Pipeline

MISSING_ANCHOR = re.compile(r"Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+)', but "
                            r"(?:the doc '(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']+)'|"
                            r"there is no such anchor on this page)")
MISSING_TARGET = re.compile(r"Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+)', but the target.* is not "
                            r"found among documentation files\.")
UNRECOGNIZED = re.compile(r"Doc file '(?P<src>[^']+)' contains an (?P<kind>unrecognized relative|absolute) "
                          r"link '(?P<link>[^']+)'")
OMITTED = re.compile(r"The following pages exist in the docs directory, but are not included in the \"nav\" "
                     r"configuration:\n(?P<pages>.*)", re.DOTALL)
NAV_NOT_FOUND = re.compile(r"A reference to '(?P<link>[^']+)' is included in the 'nav' configuration, which is not "
                           r"found in the documentation files\.")
LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav")


def nearest(word: str, options) -> str | None:
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return found[0] if found else None


class LinkMessages(logging.Filter):
    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.reported: dict[tuple, int] = {}  # (build, file, link) → where the last report of it was

    def where(self, src_uri: str, link: str) -> tuple[str, int]:
        """The line of `link` in the file MkDocs names (`timeline.ja.md` in the Japanese edition)."""
        build = self.pipeline.build
        path = os.path.relpath(os.path.join(build.config.docs_dir, src_uri), build.root) if build else ""
        source = next((source for source in build.sources.values() if source.path == path), None) if build else None
        if source is None:
            return f"docs/{src_uri}", 1
        # MkDocs reports each use of a broken link: the second report is of the second use.
        seen = (id(build), source.path, link)
        start = self.reported.get(seen, source.body_start)
        offset = source.text.find(f"({link}", start)
        if offset < 0:
            offset = source.text.find(link, start)
        if offset < 0:
            return source.path, locate(source.text, f"({link}", link, start=source.body_start)
        self.reported[seen] = offset + 1
        return source.path, line_of(source.text, offset)

    def problems_for(self, message: str) -> list[Problem] | None:
        """The problems a message of MkDocs' reports; None for a message that is not one of these."""
        build = self.pipeline.build
        if match := MISSING_ANCHOR.match(message):
            target = match.group("target") or match.group("src")
            anchor = match.group("anchor") or match.group("link").split("#", 1)[-1]
            anchors = sorted(anchor for anchor in self.pipeline.anchors_of(target)
                             if not anchor.startswith(("fn:", "fnref:", "__")))
            guess = nearest(anchor, anchors)
            fix = (f"did you mean #{guess}?" if guess else "use one of its anchors: "
                   + ", ".join(f"#{name}" for name in anchors[:12]) + (" …" if len(anchors) > 12 else ""))
            return [Problem(*self.where(match.group("src"), match.group("link")),
                            f"the link '{match.group('link')}' points to #{anchor}, which {target} does not have",
                            fix + " (a heading's anchor is shown by the ¶ beside it)")]
        if match := MISSING_TARGET.match(message):
            src, link = match.group("src"), match.group("link")
            path = link.split("#", 1)[0]
            wanted = os.path.normpath(os.path.join(os.path.dirname(src), path)).replace(os.sep, "/")
            guess = nearest(wanted, build.sources if build else [])
            if not path.endswith(".md"):  # an image or another file
                return [Problem(*self.where(src, link), f"'{path}' is no file under docs/",
                                "check the path (relative to this page's file), or put the file in docs/assets/images/")]
            if editions.awaits_translation(build.config.docs_dir, wanted, build.edition,
                                          build.settings.editions.untranslated):
                return []
            if not build.edition.default and wanted in build.settings.editions.untranslated:
                return [Problem(*self.where(src, link), f"the link '{link}' points to a page this edition does not "
                                f"have ('{wanted}' is listed as untranslated)",
                                "leave the link out of this page, or translate the page and take it off "
                                "`extra.scholarly.editions.untranslated`")]
            fix = (f"did you mean {os.path.relpath(guess, os.path.dirname(src) or '.')}?" if guess else
                   "check the path: links are relative to this page's file and end in .md, e.g. ../proposals/molotov.md")
            return [Problem(*self.where(src, link), f"the link '{link}' points to no page", fix)]
        if match := UNRECOGNIZED.match(message):
            fix = ("link to the page's .md file by a relative path, e.g. ../about.md"
                   if match.group("kind") == "absolute" else "a link to a page must end in .md, e.g. about.md")
            return [Problem(*self.where(match.group("src"), match.group("link")),
                            f"the link '{match.group('link')}' is not a link to a page", fix)]
        if match := OMITTED.match(message):
            pages = [line.strip().removeprefix("- ") for line in match.group("pages").splitlines() if line.strip()]
            pages = [page for page in pages if not editions.is_orphan(build.config.docs_dir, page, build.edition)]
            return [Problem(f"docs/{page}", 1, "the page is not in the navigation",
                            "add it to `nav:` at the end of mkdocs.yml (`scripts/run new` does this for new pages), "
                            "or to `not_in_nav:` if readers reach it another way") for page in pages]
        if match := NAV_NOT_FOUND.match(message):
            link = match.group("link")
            if not build.edition.default and link in build.settings.editions.untranslated:
                return []  # expected: the edition's menu links to the default edition's page (Pipeline.navigation)
            if editions.awaits_translation(build.config.docs_dir, link, build.edition,
                                          build.settings.editions.untranslated):
                return []
            text = Path(build.config.config_file_path).read_text(encoding="utf-8")
            guess = nearest(link, build.sources)
            return [Problem("mkdocs.yml", locate(text, link), f"`nav:` lists '{link}', which is no page under docs/",
                            f"did you mean {guess}?" if guess else "correct the path (relative to docs/)")]
        return None

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or self.pipeline.build is None:
            return True
        problems = self.problems_for(record.getMessage())
        if problems is None:
            return True
        self.pipeline.build.problems.add(*problems)  # logged (and counted) by the problems' own logger
        return False


def install(pipeline: Pipeline) -> None:
    """One filter per MkDocs logger, also across `serve` rebuilds (which import the hooks again)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for old in [existing for existing in logger.filters if type(existing).__name__ == "LinkMessages"]:
            logger.removeFilter(old)
        logger.addFilter(LinkMessages(pipeline))
