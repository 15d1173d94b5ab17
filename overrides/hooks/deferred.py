"""HTML that is known only later in the build: a marker in the page now, the HTML once it is ready.

citations.py formats the site's citations with one pandoc call that runs while MkDocs renders the
pages. Whatever needs that call's result (a citation's text, a list of references, the Chicago
form in "Cite this page") enters the page as an empty marker element made by `later`. Markers are
filled when the page's HTML is final (citations.py's on_post_page) if the result is ready by then,
as it always is when the citations come from the cache; else in the written file at the end of
the build. Search indexes a page before that, so what the markers hold is not indexed. A page that
must be complete earlier (the References page, for search; the print edition) calls `complete`,
which waits.

Not a hook: hooks import it by name, so all of them share this one state.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

# `<span data-deferred="3"></span>`, or a div for a block; minifying drops the quotes.
MARKER = re.compile(r'<(span|div) data-deferred="?(\d+)"?></\1>')
ESCAPED_MARKER = re.compile(r"&lt;(span|div) data-deferred=")


@dataclass
class Deferred:
    wait: Callable[[], None] | None = None  # blocks until the fragments can render; None once they can
    finished: Callable[[], bool] = lambda: True  # whether `wait` would return at once
    fragments: list[Callable[[], str]] = field(default_factory=list)
    filled: dict[int, str] = field(default_factory=dict)
    late_files: set[str] = field(default_factory=set)  # pages written before their markers could be filled


STATE = Deferred()


def reset() -> None:
    """A new build: no markers yet, and ready."""
    global STATE
    STATE = Deferred()


def until(wait: Callable[[], None], finished: Callable[[], bool]) -> None:
    """Markers can be filled only after `wait()` has returned; `finished()` says if it would block."""
    STATE.wait, STATE.finished = wait, finished


def later(render: Callable[[], str], block: bool = False) -> str:
    """A marker standing for `render()`: a span, or a div where `render()` is a block."""
    STATE.fragments.append(render)
    tag = "div" if block else "span"
    return f'<{tag} data-deferred="{len(STATE.fragments) - 1}"></{tag}>'


def is_ready() -> bool:
    """Whether markers can be filled now, without waiting."""
    if STATE.wait is not None and STATE.finished():
        wait()
    return STATE.wait is None


def wait() -> None:
    wait_for, STATE.wait = STATE.wait, None
    if wait_for is not None:
        wait_for()


def fill(html: str) -> str:
    """The markers in `html` replaced by their HTML. Only once ready (after `wait` or `is_ready`)."""
    def fragment(match: re.Match) -> str:
        index = int(match.group(2))
        if index not in STATE.filled:
            STATE.filled[index] = STATE.fragments[index]()
        return STATE.filled[index]

    return MARKER.sub(fragment, html)


def complete(html: str) -> str:
    """`html` with its markers filled, waiting for them if need be."""
    wait()
    return fill(html)


def fill_or_finish_later(html: str, path: str) -> str:
    """A page's final HTML filled now if ready, or else left for `finish_late_files`."""
    if is_ready():
        return fill(html)
    if MARKER.search(html):
        STATE.late_files.add(path)
    return html


def finish_late_files() -> int:
    """Complete the pages written with markers in them (waiting if need be); return how many."""
    wait()
    for path in sorted(STATE.late_files):
        with open(path, encoding="utf-8") as file:
            html = file.read()
        with open(path, "w", encoding="utf-8") as file:
            file.write(fill(html))
    return len(STATE.late_files)


def discard_late_files() -> None:
    """Delete the pages written with markers in them (the build failed before completing them)."""
    for path in STATE.late_files:
        if os.path.exists(path):
            os.remove(path)
    STATE.late_files.clear()


def shown_as_text(html: str) -> bool:
    """Whether a marker was escaped, i.e. Markdown put it in code, where it cannot be filled."""
    return ESCAPED_MARKER.search(html) is not None


def late_files() -> list[str]:
    """The pages written with markers in them, during this build."""
    return sorted(STATE.late_files)
