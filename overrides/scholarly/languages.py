"""Runs of Japanese or Russian in a page written in another language, marked with `lang`.

Screen readers read text with the rules of its language, and browsers choose glyph forms by it
(without it, Japanese kanji may be drawn in Chinese forms). Each run of Japanese (kana, kanji,
Japanese punctuation) or Russian (Cyrillic words) becomes `<span lang="ja">` or `<span lang="ru">`.
The walk works on any ElementTree-like tree: the page's Markdown tree and pandoc's references.
"""

from __future__ import annotations

import re

RUNS = {
    "ja": r"[\u3005-\u3007\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u3004\u3008-\u303f"
          r"\uff01-\uff5e\u2015\u2014]+",
    "ru": r"[\u0400-\u04ff]+(?:[ \u00a0\-][\u0400-\u04ff]+)*",
}
RUN = re.compile("|".join(f"(?P<{language}>{pattern})" for language, pattern in RUNS.items()))
SKIP = {"code", "pre", "script", "style", "kbd", "samp", "svg", "math", "title"}


def runs(text: str, page_language: str) -> list[tuple[str | None, str]]:
    """The text as (language, piece) pairs; None for text in the page's own language."""
    pieces: list[tuple[str | None, str]] = []
    position = 0
    for match in RUN.finditer(text):
        language = match.lastgroup
        if language == page_language:
            continue
        if match.start() > position:
            pieces.append((None, text[position:match.start()]))
        pieces.append((language, match.group(0)))
        position = match.end()
    if position < len(text):
        pieces.append((None, text[position:]))
    return pieces


def mark(element, page_language: str) -> None:
    """Wrap every foreign run under `element` (in place), skipping code and marked elements."""
    if element.tag in SKIP or not isinstance(element.tag, str) or element.get("lang"):
        return
    if element.text:
        head, spans = _split(element, element.text, page_language)
        if spans:
            element.text = head
            for offset, span in enumerate(spans):
                element.insert(offset, span)
    for child in list(element):
        mark(child, page_language)
        if child.tail:
            head, spans = _split(element, child.tail, page_language)
            if spans:
                child.tail = head
                position = list(element).index(child) + 1
                element[position:position] = spans


def _split(parent, text: str, page_language: str):
    pieces = runs(text, page_language)
    if all(language is None for language, _ in pieces):
        return text, []
    kind = type(text)  # keep Markdown's AtomicString where the text was one
    head = kind(pieces[0][1]) if pieces[0][0] is None else kind("")
    spans = []
    for language, piece in pieces[0 if pieces[0][0] is not None else 1:]:
        if language is None:
            spans[-1].tail = kind(piece)
        else:
            span = parent.makeelement("span", {"lang": language})
            span.text = kind(piece)
            spans.append(span)
    return head, spans


def mark_html(html: str, page_language: str) -> str:
    """The same for a fragment of HTML (pandoc's references), parsed with lxml."""
    if not RUN.search(html):
        return html
    from .markup import fragment, inner_html

    root = fragment(html)
    mark(root, page_language)
    return inner_html(root)


# Two or more words in Latin script: in a page in another script, a phrase a screen reader would read
# with the page's rules unless it is marked (a single word, "PDF" or "Tab", reads well enough).
LATIN_PHRASE = re.compile(r"[A-Za-z][A-Za-z'’.-]*(?:[ ,:;]+[A-Za-z][A-Za-z'’.-]*)+")


def unmarked_latin_phrases(html: str, page_language: str) -> list[str]:
    """Latin-script phrases in a page's HTML whose nearest `lang` is the page's, outside code; only
    for a page in a script this module knows (Japanese, Russian)."""
    if page_language not in RUNS or not LATIN_PHRASE.search(html):
        return []
    from .markup import fragment

    found: list[str] = []

    def walk(element, language: str) -> None:
        if element.tag in SKIP or not isinstance(element.tag, str):
            return
        language = element.get("lang") or language
        texts = [element.text, *(child.tail for child in element)]
        if language == page_language:
            found.extend(phrase for text in texts if text for phrase in LATIN_PHRASE.findall(text))
        for child in element:
            walk(child, language)

    walk(fragment(html), page_language)
    return found
