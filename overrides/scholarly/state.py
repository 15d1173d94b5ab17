"""The state of one build, passed explicitly from step to step (no page attributes; what outlives a
build is in .cache/).

MkDocs calls the hooks; `pipeline` keeps one `Build` per build and hands it to each step. A page
being rendered has a `PageState`, which the Markdown extension fills (what the page cites, which
lists it shows) and later steps read.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bibliography import Bibliography
from .problems import Problems
from .settings import SiteSettings
from .sources import PageSource
from .works import Work

# A token is two control characters around a number and this process's secret: a page cannot
# forge one (an author can write the control characters as &#2; and &#3;, but not the secret).
SECRET = secrets.token_hex(8)
TOKEN = re.compile(f"\x02{SECRET}:(\\d+)\x03")
SPACED_TOKEN = re.compile(f"( ?)\x02{SECRET}:(\\d+)\x03")
STRAY = re.compile("[\x02\x03]")


def token_text(index: int | str) -> str:
    return f"\x02{SECRET}:{index}\x03"


@dataclass(frozen=True)
class Fragment:
    """What a fragment shows, as data: its kind (`citation`, `references`, `appearances`, or a data
    page's `kind.name`) and what that needs, so that a page's conversion can be kept with its
    fragments (scholarly.conversions, as JSON) and the markup made in the build that uses it."""

    kind: str
    args: tuple = ()  # strings, None, and tuples of strings

    def __post_init__(self) -> None:
        def plain(value) -> bool:  # (what JSON gives back as it was: no Markup, which it would unmark)
            return value is None or type(value) is str or (type(value) is tuple and all(map(plain, value)))
        if not plain(self.args):
            raise TypeError(f"a fragment's arguments are strings, None or tuples of them: {self.args!r}")


class Fragments:
    """Markup the project adds to a page after its HTML has been judged: a token in the page now
    (control characters that Markdown removes from what authors write, so a page cannot forge one),
    the markup once it is known (citations need the whole site's citation pass).

    A fragment is given the space before its token, to keep or to take (a citation takes it, so
    that search, which leaves citations out, does not index "word ." where the text reads
    "word (Okada 2020).")."""

    def __init__(self) -> None:
        self._fragments: list[Fragment] = []

    def __len__(self) -> int:
        return len(self._fragments)

    def __getitem__(self, index):
        return self._fragments[index]

    def token(self, fragment: Fragment) -> str:
        self._fragments.append(fragment)
        return token_text(len(self._fragments) - 1)

    def add(self, fragments: list[Fragment]) -> int:
        """Fragments of a kept conversion (scholarly.conversions), numbered from the index returned."""
        first = len(self._fragments)
        self._fragments.extend(fragments)
        return first

    def fill(self, html: str, render: Callable[[Fragment, str], str]) -> str:
        """Each token replaced by `render(fragment, the space before it)`."""
        return SPACED_TOKEN.sub(lambda match: render(self._fragments[int(match.group(2))], match.group(1)), html)

    @staticmethod
    def strip(text: str) -> str:
        return TOKEN.sub("", text)

    @staticmethod
    def without_strays(html: str) -> str:
        """The page's HTML with any control character that is not part of a real token removed."""
        parts = TOKEN.split(html)  # text, index, text, index, …
        return "".join(token_text(part) if index % 2 else STRAY.sub("", part) for index, part in enumerate(parts))


@dataclass
class Citation:
    """One citation as written (`[see @a; @b, 12]`), with the keys it cites."""

    text: str
    keys: tuple[str, ...]


@dataclass
class PageState:
    source: PageSource
    cited: list[str] = field(default_factory=list)  # keys in order of first citation
    citations: list[Citation] = field(default_factory=list)
    listed: list[str] = field(default_factory=list)  # keys shown in full lists (\full_bibliography)
    anchors: set[str] = field(default_factory=set)  # ids the page gains once its fragments are filled
    mentioned: set[str] = field(default_factory=set)  # the mentions (people, terms) its text names
    directives: list[Callable[[], list]] = field(default_factory=list)  # what each directive shows


@dataclass
class Build:
    config: Any
    settings: SiteSettings
    root: Path
    mode: str  # "build", "serve" or "check"
    problems: Problems = field(default_factory=Problems)
    bibliography: Bibliography = field(default_factory=Bibliography)
    works: dict[str, Work] = field(default_factory=dict)
    sources: dict[str, PageSource] = field(default_factory=dict)  # by page name (scholarly.editions.key_of)
    pages: dict[str, PageState] = field(default_factory=dict)  # pages rendered so far, by page name
    current: PageState | None = None
    data: Any = None  # the data pages (scholarly.data.DataPages)
    fragments: Fragments = field(default_factory=Fragments)
    formatted: Any = None  # the citation pass's result (scholarly.citeproc.Formatted)
    changes: dict[str, int] = field(default_factory=dict)  # last commit time of each file
    extra: dict = field(default_factory=dict)  # per-step results that other steps read, by name
    edition: Any = None  # the language this build makes (scholarly.editions.Edition)
    outer: Build | None = None  # the build that started this one (another edition's), resumed after it

    def page(self, src_uri: str) -> PageState:
        return self.pages[src_uri]
