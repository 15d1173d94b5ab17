"""How the machinery reports a mistake in a source file: `path:line: what is wrong — how to fix it`.

Every check adds `Problem`s to the build's `Problems`. Each is logged as a warning on a
`mkdocs.plugins.*` logger, so a strict build lists every problem and then stops; `scripts/run
check` reads the same objects. A problem the build cannot get past (a .bib file that does not
parse) is fatal: it stops the build at once, reported alone, because what would follow from it
(every citation of that file "unknown") would only bury it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.scholarly")
# Characters no text of the site may hold: control characters (and lone surrogates), which no page
# can show; and the invisible controls that reorder what follows them, so that a link or a name
# reads otherwise than it is (`https://example.org/‮lmth.exe`; the site's scripts never need them).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
BIDI_CONTROL = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# What a report line shows escaped, so that it stays one line that reads as it is.
UNPRINTABLE = re.compile(rf"[\x00-\x1f\x7f\x85\u2028\u2029]|{BIDI_CONTROL.pattern}")


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake: where it is, what is wrong, and how to fix it."""

    path: str
    line: int
    what: str
    fix: str

    def __str__(self) -> str:
        # One line, whatever a file's name or a quoted value holds (a form feed or newline would
        # break it, and a terminal would act on an escape sequence): control characters shown escaped.
        return UNPRINTABLE.sub(lambda found: f"\\x{ord(found.group()):02x}",
                               f"{self.path}:{self.line}: {self.what} — {self.fix}")


class FatalProblems(PluginError):
    """Problems that stop the build before anything else is checked."""

    def __init__(self, problems: list[Problem], note: str) -> None:
        self.problems = problems
        self.note = note
        listing = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) stop the build:\n{listing}\n{note}")


@dataclass
class Problems:
    """The problems found in one build, in the order found (each reported once)."""

    found: list[Problem] = field(default_factory=list)
    fatal_note: str = ""  # set when problems stopped the build
    added: int = 0  # problems added, repeated ones too (scholarly.conversions: did a page report any?)

    def add(self, *problems: Problem) -> None:
        self.added += len(problems)
        for problem in problems:
            if problem not in self.found:
                self.found.append(problem)
                log.warning(str(problem))

    def extend(self, problems) -> None:
        self.add(*problems)

    def stop(self, problems: list[Problem], note: str) -> None:
        """Stop the build with these problems alone (if there are any)."""
        if problems:
            self.found = list(problems)  # reported alone: what was found before would only bury it
            self.fatal_note = note
            raise FatalProblems(problems, note)


def line_of(text: str, offset: int) -> int:
    """The 1-based line of a character offset."""
    return text.count("\n", 0, max(offset, 0)) + 1


def locate(text: str, *needles: str, start: int = 0, default: int = 1) -> int:
    """The line of the first of `needles` found in `text` (from offset `start`), else `default`.
    For messages about output (rendered HTML) that must point back into the source."""
    for needle in needles:
        if needle:
            offset = text.find(needle, start)
            if offset < 0:
                offset = text.lower().find(needle.lower(), start)
            if offset >= 0:
                return line_of(text, offset)
    return default
