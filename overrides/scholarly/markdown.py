"""The Markdown extension: citations, directives, the end of a page, and first mentions.

It runs inside Python-Markdown, so "what is code" is what Markdown parses as code: a citation or a
directive in a code span or block is shown as written, by construction.

- Citations `[@key]`, `[see @a; @b, 12]` (pandoc's syntax, as mkdocs-bibtex reads it) become a
  token; once the citation pass has run, the token becomes `(<a>Okada 2020</a>)`.
- The page's title becomes its heading. A paragraph that is only a directive (`\\timeline`,
  `\\full_bibliography[okada.bib]`) becomes what the directive makes (see the data pages). Both are
  added after inline Markdown has run: their text is text, never Markdown.
- At the end of a page: sections the data pages add ("On the timeline"), the footnotes, then
  "References" with the works the page cites.
- The first mention of a person or a glossary term in running text links to its entry.
- Runs of Japanese or Russian text are marked with `lang` (scholarly.languages).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import TYPE_CHECKING

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs_bibtex.citation import CitationBlock

from .languages import mark
from .problems import Problem, line_of, locate
from .state import Fragments

if TYPE_CHECKING:
    from .pipeline import Pipeline

# `[…@key…]` not followed by `(` or `[` (a link, a reference link; link definitions are taken out
# by Markdown's block parser before inline patterns run).
CITATION = r"\[(?P<body>[^\[\]]*?@[A-Za-z0-9_][^\[\]]*?)\](?![(\[])"
DIRECTIVE = re.compile(r"\\(?P<name>[a-z_]+)(?:\[(?P<arg>[^\]\n]*)\])?")
# Where a first mention is not running text.
# Markdown's placeholders (for code, raw HTML…) and the project's tokens: control characters
# around an id. A mention or a citation is never read inside one.
PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
# A quotation or a quoted title is someone else's words: a term inside it is linked only if the page
# never mentions it outside quotation marks (see Quotes).
QUOTE_MARK = re.compile('["“”「」『』]')
CLOSING = {"”": "“", "」": "「", "』": "『"}
BLOCK_TAGS = {"p", "li", "td", "th", "dt", "dd", "blockquote", "div", "details", "summary", "figcaption",
              "table", "ul", "ol", "dl", "section"}
SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr", "time", "kbd", "samp", "script"}
SKIP_CLASSES = {"references", "footnote", "timeline__related", "admonition-title", "no-mentions"}
DIRECTIVE_PLACEHOLDER = "scholarly-directive"
# Python-Markdown parses each nested block (list item, quote, admonition, HTML element with Markdown
# inside) in a call of its own (a list level takes two): some 160 calls deep Python's recursion
# limit stopped the build with a traceback. 32 calls is about 16 list levels; no page needs 5.
MAX_BLOCK_DEPTH = 32
MAX_TREE_DEPTH = 128  # elements in elements, once inline markup is read (the HTML check allows 256)
YEAR_RANGE = re.compile(r"(\d{4}[–-]\d{2,4})")


class CitationProcessor(InlineProcessor):
    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__(CITATION)
        self.pipeline = pipeline

    def handleMatch(self, match: re.Match, data: str):
        if PLACEHOLDER.search(match.group("body")):  # Markdown has set code, HTML or an escape aside in it
            state = self.pipeline.build.current
            self.pipeline.build.problems.add(problem_at(
                state.source, "a citation holds code, HTML or a backslash escape, which it cannot show",
                "write the citation's prefix and locator as plain text, e.g. [see @key, 12]",
                "[" + PLACEHOLDER.split(match.group("body"))[0].rstrip(), "@"))
            return None, None, None
        text = "[" + " ".join(match.group("body").split()) + "]"
        blocks = CitationBlock.from_markdown(text)
        if not blocks:
            return None, None, None
        keys = tuple(citation.key for block in blocks for citation in block.citations)
        return self.pipeline.cite(text, keys), match.start(0), match.end(0)


class DirectiveProcessor(BlockProcessor):
    """A directive's paragraph becomes a placeholder, rendered once inline Markdown has run (so
    that nothing the directive shows is read as Markdown; see PageStartProcessor)."""

    def __init__(self, parser, pipeline: Pipeline) -> None:
        super().__init__(parser)
        self.pipeline = pipeline

    def test(self, parent, block: str) -> bool:
        return DIRECTIVE.fullmatch(block.strip()) is not None

    def run(self, parent, blocks) -> None:
        block = blocks.pop(0).strip()
        match = DIRECTIVE.fullmatch(block)
        render = self.pipeline.directive(match.group("name"), match.group("arg"), block)
        if render is None:  # not a directive after all: show the paragraph as written
            paragraph = etree.SubElement(parent, "p")
            paragraph.text = AtomicString(block)
            return
        placeholder = etree.SubElement(parent, DIRECTIVE_PLACEHOLDER)
        placeholder.set("index", str(len(self.pipeline.build.current.directives)))
        self.pipeline.build.current.directives.append(render)


class PageStartProcessor(Treeprocessor):
    """The page's title as its heading, and what directives show, added after inline Markdown (so
    their text is never read as Markdown) and before smarty (so it gets typographic quotes)."""

    def __init__(self, md, pipeline: Pipeline) -> None:
        super().__init__(md)
        self.pipeline = pipeline

    def run(self, root: etree.Element) -> None:
        self._expand(root)
        if self.pipeline.is_print_edition():
            return  # the edition opens with its title page (scholarly.print_edition)
        heading = etree.Element("h1")
        title = self.pipeline.build.current.source.title
        # A year range ("1955–56") is kept on one line: a break at its dash reads as two dates.
        pieces = YEAR_RANGE.split(title)
        heading.text = pieces[0]
        for index in range(1, len(pieces), 2):
            span = etree.SubElement(heading, "span", {"class": "nowrap"})
            span.text, span.tail = pieces[index], pieces[index + 1]
        root.insert(0, heading)

    def _expand(self, element: etree.Element) -> None:
        for child in list(element):
            if child.tag == DIRECTIVE_PLACEHOLDER:
                position = list(element).index(child)
                render = self.pipeline.build.current.directives[int(child.get("index"))]
                element[position:position + 1] = render()
            else:
                self._expand(child)


class PageEndProcessor(Treeprocessor):
    """"On the timeline" before the notes, "References" after them."""

    def __init__(self, md, pipeline: Pipeline) -> None:
        super().__init__(md)
        self.pipeline = pipeline

    def run(self, root: etree.Element) -> None:
        footnotes = next((child for child in root if child.tag == "div" and "footnote" in child.get("class", "").split()),
                         None)
        before = self.pipeline.page_end_sections()
        if footnotes is not None:
            position = list(root).index(footnotes)
            root[position:position] = before
        else:
            root.extend(before)
        root.extend(self.pipeline.references_section())


class MentionsProcessor(Treeprocessor):
    """Each person's (and glossary term's) first mention in running text links to their entry."""

    def __init__(self, md, pipeline: Pipeline) -> None:
        super().__init__(md)
        self.pipeline = pipeline

    def run(self, root: etree.Element) -> None:
        mentions = self.pipeline.mentions()
        if mentions is None:
            return
        pattern, by_form = mentions
        state = {"linked": set(), "unquoted": set()}
        self._read(root, pattern, by_form, state, Quotes())
        self._walk(root, pattern, by_form, state, Quotes())

    def _read(self, element: etree.Element, pattern, by_form, state, quotes: Quotes) -> None:
        """Who and what the page mentions outside quotation marks (in the order _walk reads)."""
        if _skipped(element):
            return

        def read(text: str) -> None:
            quoted = quotes.spans(text)
            state["unquoted"] |= {by_form[match.group(0)].id for match in pattern.finditer(text)
                                  if match.group(0) in by_form and not within(match.span(), quoted)}

        read(element.text or "")
        for child in element:
            self._read(child, pattern, by_form, state, Quotes() if child.tag in BLOCK_TAGS else quotes)
            read(child.tail or "")

    def _link(self, text: str, pattern, by_form, state, quotes: Quotes) -> tuple[str, list[etree.Element]]:
        """The text before the first new mention, and the links (with tails) that follow it. Tails
        keep the text's kind: plain text is still to be read by smarty (which runs after this)."""
        kind = type(text)
        elements: list[etree.Element] = []
        head, position = None, 0
        protected = [found.span() for found in PLACEHOLDER.finditer(text)]
        quoted = quotes.spans(text)
        for match in pattern.finditer(text):
            if within(match.span(), protected):
                continue
            mention = by_form.get(match.group(0))
            if mention is None:  # a term of the page being rendered, which does not link to itself
                continue
            self.pipeline.record_mention(mention)
            if mention.id in state["linked"] or (mention.id in state["unquoted"] and within(match.span(), quoted)):
                continue
            state["linked"].add(mention.id)
            link = etree.Element("a", {"href": mention.href(self.pipeline), "class": mention.css_class})
            if mention.title:
                link.set("title", mention.title)
            link.text = match.group(0)
            if head is None:
                head = kind(text[:match.start()])
            else:
                elements[-1].tail = kind(text[position:match.start()])
            elements.append(link)
            position = match.end()
        if head is None:
            return text, []
        elements[-1].tail = kind(text[position:])
        return head, elements

    def _walk(self, element: etree.Element, pattern, by_form, state, quotes: Quotes) -> None:
        if _skipped(element):
            return
        head, links = self._link(element.text or "", pattern, by_form, state, quotes)
        if links:
            element.text = head
            for offset, link in enumerate(links):
                element.insert(offset, link)
        for child in list(element):
            self._walk(child, pattern, by_form, state, Quotes() if child.tag in BLOCK_TAGS else quotes)
            head, links = self._link(child.tail or "", pattern, by_form, state, quotes)
            if links:
                child.tail = head
                position = list(element).index(child) + 1
                element[position:position] = links


def _skipped(element: etree.Element) -> bool:
    """Not running text: headings, links, code… and the classes the project marks so."""
    return element.tag in SKIP_TAGS or bool(set(element.get("class", "").split()) & SKIP_CLASSES)


class Quotes:
    """Which parts of a block's text are inside quotation marks, read text by text in reading order:
    a quotation may hold emphasis or a link, which split its text. “…”, 「…」 and 『…』 open and close
    with different marks; a straight " closes the one open before it, or opens one, unless it
    follows a digit (12" is an inch mark). A closing mark with nothing open is left alone."""

    def __init__(self) -> None:
        self.open: list[str] = []  # the marks open, innermost last

    def spans(self, text: str) -> list[tuple[int, int]]:
        spans, start = [], 0 if self.open else None
        for found in QUOTE_MARK.finditer(text):
            mark, index = found.group(0), found.start()
            if mark == '"':
                if index and text[index - 1].isdigit():
                    continue
                if self.open and self.open[-1] == '"':
                    self.open.pop()
                else:
                    self.open.append('"')
            elif mark in CLOSING:
                if CLOSING[mark] not in self.open:
                    continue
                while self.open.pop() != CLOSING[mark]:
                    pass
            else:
                self.open.append(mark)
            if self.open and start is None:
                start = index
            elif not self.open and start is not None:
                spans.append((start, index + 1))
                start = None
        if start is not None:
            spans.append((start, len(text)))
        return spans


def within(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    """Whether the span overlaps any of the ranges."""
    return any(start < span[1] and span[0] < end for start, end in ranges)


class LanguageProcessor(Treeprocessor):
    def __init__(self, md, pipeline: Pipeline) -> None:
        super().__init__(md)
        self.pipeline = pipeline

    def run(self, root: etree.Element) -> None:
        mark(root, self.pipeline.language)


class RowHeadersProcessor(Treeprocessor):
    """A table whose top-left cell is empty names its rows in its first column (the comparison of
    the two proposals): those cells become row headers, so that a screen reader says which row a
    cell is in, and the empty corner an ordinary cell. Other tables are left as written."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            header = table.find("thead/tr")
            corner = header[0] if header is not None and len(header) else None
            if corner is None or corner.tag != "th" or len(corner) or (corner.text or "").strip():
                continue
            corner.tag = "td"
            for cell in header[1:]:
                cell.set("scope", "col")
            for row in table.iterfind("tbody/tr"):
                if len(row) and row[0].tag == "td":
                    row[0].tag = "th"
                    row[0].set("scope", "row")


def guard_block_depth(parser, pipeline: Pipeline) -> None:
    """Blocks nested more than MAX_BLOCK_DEPTH deep are reported and left out of the page."""
    parse_blocks = parser.parseBlocks
    depth, reported = 0, False

    def parse_blocks_guarded(parent, blocks: list[str]) -> None:
        nonlocal depth, reported
        if depth >= MAX_BLOCK_DEPTH:
            text = next((block.strip() for block in blocks if block.strip()), "")
            if text and not reported:  # once a page (it is the same nesting, wherever it is cut)
                reported = True
                pipeline.build.problems.add(problem_at(
                    pipeline.build.current.source, "blocks (lists, quotes, admonitions, HTML) are nested too deeply "
                    "for the Markdown parser", "write the text with fewer levels", text.splitlines()[0]))
            blocks.clear()  # the parser reads the blocks it is given until none are left
            return
        depth += 1
        try:
            parse_blocks(parent, blocks)
        finally:
            depth -= 1

    parser.parseBlocks = parse_blocks_guarded


class MarkupTooDeep(Exception):
    """Python-Markdown ran out of recursion on the page's markup."""


def guard_recursion(md, pipeline: Pipeline) -> None:
    """Inline markup nested hundreds deep (`***…`, `[[[…`) exceeds Python's recursion limit inside
    Python-Markdown's own parsing: the page is reported and left empty instead of the build stopping.
    Only Python-Markdown's steps are watched: a recursion in the project's code is a bug to see."""
    def watched(step):
        def run(*arguments):
            try:
                return step(*arguments)
            except RecursionError as error:
                raise MarkupTooDeep from error
        return run

    inline = watched(md.treeprocessors["inline"].run)

    def inline_then_measured(root):
        result = inline(root)
        # The steps after this one (the project's among them) walk the tree recursively.
        stack, deepest = [(root, 1)], 0
        while stack:
            element, depth = stack.pop()
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in element)
        if deepest > MAX_TREE_DEPTH:
            raise MarkupTooDeep
        return result

    md.parser.parseDocument = watched(md.parser.parseDocument)
    md.treeprocessors["inline"].run = inline_then_measured
    convert = md.convert

    def convert_guarded(source: str) -> str:
        md.serializer = watched(md.serializer)  # (chosen after the extensions are loaded)
        try:
            return convert(source)
        except MarkupTooDeep:
            state = pipeline.build.current
            state.citations.clear()  # the page shows nothing: it cites nothing
            state.cited.clear()
            pipeline.build.problems.add(Problem(
                state.source.path, line_of(state.source.text, state.source.body_start),
                "the text nests markup (emphasis, links or blocks) too deeply for the Markdown parser",
                "write the text with less nesting"))
            return ""

    md.convert = convert_guarded


class ScholarlyExtension(Extension):
    def __init__(self, pipeline: Pipeline) -> None:
        super().__init__()
        self.pipeline = pipeline

    def extendMarkdown(self, md) -> None:
        # Above links (160) and footnote references (175), below backslash escapes (180): `\[@key]`
        # is shown as written.
        md.inlinePatterns.register(CitationProcessor(self.pipeline), "scholarly_citation", 176)
        md.parser.blockprocessors.register(DirectiveProcessor(md.parser, self.pipeline), "scholarly_directive", 75)
        guard_block_depth(md.parser, self.pipeline)
        guard_recursion(md, self.pipeline)
        # After inline patterns (20) and footnotes (50); before the table of contents (5), MkDocs'
        # link checks (0) and smarty's quotes (2), which then see the headings, links and text
        # added here.
        md.treeprocessors.register(PageStartProcessor(md, self.pipeline), "scholarly_page_start", 19)
        md.treeprocessors.register(PageEndProcessor(md, self.pipeline), "scholarly_page_end", 15)
        md.treeprocessors.register(MentionsProcessor(md, self.pipeline), "scholarly_mentions", 14)
        md.treeprocessors.register(RowHeadersProcessor(md), "scholarly_row_headers", 13)
        # After smarty (6) and the table of contents (5): runs of Japanese or Russian get `lang`.
        md.treeprocessors.register(LanguageProcessor(md, self.pipeline), "scholarly_languages", 3)
        if "toc" in md.treeprocessors:  # a heading's id from its text, without the tokens of its citations
            md.treeprocessors["toc"].slugify = without_tokens(md.treeprocessors["toc"].slugify)


def without_tokens(slugify):
    """A heading that cites (`## The treaty [@x]`) holds a token where the citation will be, made of
    a per-build secret and a number: its id would change from build to build."""
    def slugify_text(text: str, separator: str) -> str:
        return slugify(Fragments.strip(text), separator)
    return slugify_text


def problem_at(source, what: str, fix: str, *needles: str) -> Problem:
    """A problem on the page being rendered, at the line of the first needle found."""
    return Problem(source.path, locate(source.text, *needles, start=source.body_start,
                                       default=locate(source.text, *needles)), what, fix)
