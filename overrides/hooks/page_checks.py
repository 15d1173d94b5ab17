"""Checks on what authors write in pages, and clearer messages for broken links and anchors.

- Raw HTML: Markdown pages may use only a few inline tags (ALLOWED_TAGS); never `<script>`,
  `<style>`, `<iframe>` or an `on…=` event handler, which would run code in readers' browsers.
- Images need alt text for screen readers: `![what the image shows](file.png)`.
- Links and anchors are validated by MkDocs itself (`validation:` in mkdocs.yml); its warnings
  name neither the line nor the fix, so a logging filter rewrites them as
  `path:line: what is wrong — how to fix it`, listing the anchors the target page does have.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

from project import Problem, report, source_path

log = logging.getLogger("mkdocs.plugins.page_checks")

# Inline HTML an author may need that Markdown lacks; everything else is Markdown's job.
ALLOWED_TAGS = {"abbr", "br", "kbd", "mark", "small", "span", "sub", "sup", "ruby", "rp", "rt", "time"}
ALLOWED_ATTRIBUTES = {"title", "lang", "datetime", "class"}
DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "form", "link", "meta", "base"}

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
AUTOLINK = re.compile(r"<(?:https?|mailto):[^>\s]*>")
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)")


def without_code(markdown: str) -> str:
    """The text with code blocks, code spans and autolinks blanked (same length, same lines)."""
    blank = lambda match: re.sub(r"[^\n]", " ", match.group(0))  # noqa: E731
    return AUTOLINK.sub(blank, INLINE_CODE.sub(blank, FENCE.sub(blank, markdown)))


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((self.getpos()[0], tag, attrs))

    handle_startendtag = handle_starttag


def raw_html_problems(path: str, markdown: str) -> list[Problem]:
    """Every raw HTML tag or attribute outside the allow-list, with its line."""
    collector = _TagCollector()
    collector.feed(without_code(markdown))
    collector.close()
    problems = []
    for line, tag, attributes in collector.tags:
        if tag in DANGEROUS_TAGS:
            problems.append(Problem(path, line, f"<{tag}> is not allowed in pages: it would run or load code in "
                                                "readers' browsers — delete it (ask a maintainer if the page needs it)"))
        elif tag not in ALLOWED_TAGS:
            problems.append(Problem(path, line, f"raw HTML <{tag}> is not allowed in pages — write it in Markdown "
                                                "(headings ##, lists -, tables |, links [text](page.md), images "
                                                "![alt](file.png)); inline tags allowed: "
                                                + ", ".join(sorted(ALLOWED_TAGS))))
        for name, _ in attributes:
            if name.startswith("on"):
                problems.append(Problem(path, line, f"the event handler {name}= on <{tag}> would run code in readers' "
                                                    "browsers — delete it"))
            elif tag in ALLOWED_TAGS and name not in ALLOWED_ATTRIBUTES:
                problems.append(Problem(path, line, f"the attribute {name}= on <{tag}> is not allowed — allowed: "
                                                    + ", ".join(sorted(ALLOWED_ATTRIBUTES))))
    return problems


def image_problems(path: str, markdown: str) -> list[Problem]:
    text = without_code(markdown)
    return [Problem(path, text.count("\n", 0, match.start()) + 1,
                    f"the image {match.group('src')} has no alt text — describe it for readers who cannot see it: "
                    f"![what it shows]({match.group('src')})")
            for match in IMAGE.finditer(text) if not match.group("alt").strip()]


def page_problems(path: str, markdown: str) -> list[Problem]:
    return raw_html_problems(path, markdown) + image_problems(path, markdown)


# -- MkDocs' link and anchor warnings, rewritten ------------------------------------------------

MISSING_ANCHOR = re.compile(r"Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+)', but "
                            r"(?:the doc '(?P<target>[^']+)' does not contain an anchor '#(?P<anchor>[^']+)'|"
                            r"there is no such anchor on this page)")
MISSING_TARGET = re.compile(r"Doc file '(?P<src>[^']+)' contains a link '(?P<link>[^']+)', but the target.* is not "
                            r"found among documentation files\.(?P<hint>.*)", re.DOTALL)
UNRECOGNIZED = re.compile(r"Doc file '(?P<src>[^']+)' contains an (?P<kind>unrecognized relative|absolute) "
                          r"link '(?P<link>[^']+)'")


class LinkMessages(logging.Filter):
    """Turns MkDocs' link warnings into `path:line: what — fix` with the anchors that do exist."""

    def __init__(self) -> None:
        super().__init__()
        self.files = None
        self.config = None

    def where(self, src_uri: str, link: str) -> str:
        file = self.files.get_file_from_path(src_uri) if self.files else None
        if file is None:
            return f"docs/{src_uri}"
        source = file.content_string
        offset = source.find(f"({link}") if f"({link}" in source else source.find(link)
        line = source.count("\n", 0, offset) + 1 if offset >= 0 else 1
        return f"{source_path(file, self.config)}:{line}"

    def anchors_of(self, src_uri: str) -> str:
        file = self.files.get_file_from_path(src_uri) if self.files else None
        ids = sorted(file.page.present_anchor_ids or []) if file and file.page else []
        ids = [anchor for anchor in ids if not anchor.startswith(("fn:", "fnref:", "__"))]
        return ", ".join(f"#{anchor}" for anchor in ids[:12]) + (" …" if len(ids) > 12 else "")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if match := MISSING_ANCHOR.match(message):
            target = match.group("target") or match.group("src")
            anchor = match.group("anchor") or match.group("link").split("#", 1)[-1]
            record.msg = (f"{self.where(match.group('src'), match.group('link'))}: the link '{match.group('link')}' "
                          f"points to #{anchor}, which {target} does not have — use one of its anchors: "
                          f"{self.anchors_of(target)} (a heading's anchor is shown by the ¶ beside it)")
        elif match := MISSING_TARGET.match(message):
            record.msg = (f"{self.where(match.group('src'), match.group('link'))}: the link '{match.group('link')}' "
                          "points to no page — check the path; links are relative to this page's file and end in "
                          f".md, e.g. ../proposals/molotov.md.{match.group('hint')}")
        elif match := UNRECOGNIZED.match(message):
            fix = ("link to the page's .md file by a relative path, e.g. ../about.md"
                   if match.group("kind") == "absolute" else "a link to a page must end in .md, e.g. about.md")
            record.msg = (f"{self.where(match.group('src'), match.group('link'))}: the link '{match.group('link')}' "
                          f"is not a link to a page — {fix}")
        else:
            return True
        record.args = ()
        return True


LINK_MESSAGES = LinkMessages()


def on_config(config):
    logger = logging.getLogger("mkdocs.structure.pages")
    # `serve` re-imports hooks on every rebuild: keep exactly one filter on MkDocs' logger.
    for old in [f for f in logger.filters if type(f).__name__ == "LinkMessages"]:
        logger.removeFilter(old)
    logger.addFilter(LINK_MESSAGES)
    return config


def on_files(files, config):
    LINK_MESSAGES.files, LINK_MESSAGES.config = files, config
    problems = []
    for file in files.documentation_pages():
        problems += page_problems(source_path(file, config), file.content_string)
    report(problems, log)
    return files
