"""The bibliography: every .bib file parsed once, with the file and line of each entry.

pybtex reads each file on its own (so that a key can be placed in its file, and a key repeated
across files is caught instead of silently overwritten); the parser below records where each
entry starts. Every problem names the file and line. A file that cannot be read (not UTF-8, a
syntax error) is fatal and reported alone: citations are checked once it is fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from .dates import parse_date
from .problems import Problem, line_of
from .sources import bidi_problems

# A key: ASCII letters, digits, '-' and '_', starting with a letter (a key is also part of an
# anchor, `#ref-KEY`, and the citation syntax ends a key at any other character).
KEY_FORM = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Fields each entry type needs for a complete reference; a tuple means "one of these". An entry
# whose date is honestly unknown says so with `keywords = {undated}` instead of inventing one.
REQUIRED_FIELDS = {
    "article": ["author", "title", "journal", ("year", "date", "undated")],
    "book": [("author", "editor"), "title", "publisher", ("year", "date")],
    "incollection": ["author", "title", "booktitle", "publisher", ("year", "date")],
    "thesis": ["author", "title", "type", ("year", "date")],
    "phdthesis": ["author", "title", "school", ("year", "date")],
    "report": [("author", "institution"), "title", ("year", "date")],
    "online": [("author", "organization"), "title", "url"],
    "legislation": ["title", ("year", "date")],
    "misc": ["title", ("year", "date")],
}
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")  # \href, \emph…; escapes such as \& are fine
NON_LATIN = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff]")  # Cyrillic, kana, kanji
SYNTAX_NOTE = "Citations and the other checks run once the bibliography files can be read."


@dataclass(frozen=True)
class BibEntry:
    """One entry and where it is written."""

    key: str
    entry: Entry
    path: str  # bib/okada.bib
    line: int

    @property
    def file_name(self) -> str:
        return Path(self.path).name

    @property
    def keywords(self) -> set[str]:
        return {word.strip() for word in self.entry.fields.get("keywords", "").split(",") if word.strip()}


@dataclass
class Bibliography:
    entries: dict[str, BibEntry] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)  # path → keys, in file order

    def keys_of(self, file_name: str) -> list[str] | None:
        """The keys of the file called `file_name` (e.g. okada.bib), or None if there is none."""
        return next((keys for path, keys in self.files.items() if Path(path).name == file_name), None)

    def __contains__(self, key: str) -> bool:
        return key in self.entries


class _ProvenanceParser(Parser):
    """pybtex's BibTeX parser, remembering each entry's line and collecting its complaints."""

    def __init__(self, path: str) -> None:
        super().__init__(encoding="utf-8")
        self.path = path
        self.lines: dict[str, int] = {}
        self.keys_by_case: dict[str, str] = {}  # key.lower() → the key as first written
        self.errors: list[Problem] = []
        self.repeats: list[tuple[str, int, int]] = []  # key, line, line of the first one
        self._text = ""

    def parse_string(self, text):
        self._text = text
        self._counted = (0, 1)  # (offset, its line): entries come in order, so lines are counted on from there
        self.unnamed_entry_counter = 1
        from pybtex.database.input.bibtex import LowLevelParser

        self._scanner = LowLevelParser(text, keyless_entries=False, handle_error=self.handle_error,
                                       want_entry=self.data.want_entry, filename=self.path, macros=self.macros)
        for command in self._scanner:
            kind = command[0].lower()
            if kind == "preamble":
                self.process_preamble(*command[1])
            elif kind != "string":
                self.process_entry(command[0], *command[1])
        return self.data

    def process_entry(self, entry_type, key, fields):
        line = self.line_at(self._scanner.command_start)
        if key is None:
            return
        first = self.keys_by_case.get(key.lower())
        if first is not None:
            self.repeats.append((key, line, self.lines[first]))
            return
        self.lines[key] = line
        self.keys_by_case[key.lower()] = key
        super().process_entry(entry_type, key, fields)

    def line_at(self, offset: int) -> int:
        """line_of(text, offset), counting only from the last entry (from the start, 1,000 entries took 0.1 s)."""
        counted_to, line = self._counted
        if offset < counted_to:
            return line_of(self._text, offset)
        line += self._text.count("\n", counted_to, offset)
        self._counted = (offset, line)
        return line

    def handle_error(self, error):
        if isinstance(error, PybtexSyntaxError):
            key = self._scanner.current_entry_key
            start = line_of(self._text, self._scanner.command_start)
            where = f" in the entry '{key}' (it starts at line {start})" if key else f" (in the entry at line {start})"
            reason = error.args[0] if error.args else error
            unclosed = unclosed_field(self._text, self._scanner.command_start, error.lineno)
            if unclosed:  # pybtex reads on to the end of the entry; the mistake is where the field began
                name, line = unclosed
                self.errors.append(Problem(self.path, line, f"BibTeX syntax error{where}: the `{name}` field opens "
                                           "a { that is not closed before the next field",
                                           "add the missing } at the end of its value"))
                return
            self.errors.append(Problem(self.path, error.lineno or 1, f"BibTeX syntax error{where}: {reason}",
                                       "check that the entry's braces and quotes are closed and that fields are "
                                       "separated by commas (the mistake may be at the end of the line above)"))
        else:  # e.g. a field given twice
            self.errors.append(Problem(self.path, line_of(self._text, self._scanner.command_start),
                                       f"BibTeX: {error}", "remove the repeated field"))


FIELD_START = re.compile(r"\s*([A-Za-z][\w-]*)\s*=")


def unclosed_field(text: str, start: int, error_line: int | None) -> tuple[str, int] | None:
    """The field (name, line) whose `{` is still open when a later line starts another field, in
    the entry beginning at `start`: a diagnosis for the author, after pybtex has failed."""
    first_line = line_of(text, start)
    depth, field = 0, None
    for number, line in enumerate(text[start:].splitlines(), first_line):
        if error_line and number > error_line:
            break
        starts = FIELD_START.match(line)
        if starts and depth >= 2 and field:
            return field
        if starts and depth == 1:
            field = (starts.group(1), number)
        depth += len(re.findall(r"(?<!\\)\{", line)) - len(re.findall(r"(?<!\\)\}", line))
    return None


def read_bib_file(path: str, raw: bytes) -> tuple[dict[str, BibEntry], list[Problem], list[Problem]]:
    """One file's entries, its fatal problems (unreadable) and its other problems."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return {}, [Problem(path, raw[: error.start].count(b"\n") + 1, "the file is not UTF-8 text",
                            "save it as UTF-8 (any editor's 'Save with encoding' offers it)")], []
    bidi = bidi_problems(path, text)
    parser = _ProvenanceParser(path)
    try:
        parser.parse_string(text.removeprefix("\ufeff"))
    except PybtexError as error:  # anything the parser cannot recover from
        return {}, [Problem(path, getattr(error, "lineno", None) or 1, f"BibTeX: {error}",
                            "correct the entry (see the message)")], []
    fatal = [problem for problem in parser.errors if "syntax error" in problem.what]
    problems = [problem for problem in parser.errors if problem not in fatal]
    for key, line, first in parser.repeats:
        same = "is used twice in this file" if key in parser.lines else f"differs only in case from a key at line {first}"
        problems.append(Problem(path, line, f"the key '{key}' {same}",
                                "give one of the entries another key (keys are compared without case)"))
    entries = {key: BibEntry(key, entry, path, parser.lines[key]) for key, entry in parser.data.entries.items()}
    return entries, fatal, bidi + problems


def entry_problems(item: BibEntry, bibliography: Bibliography) -> list[Problem]:
    """What an entry lacks for the style to render it completely and correctly."""
    entry, where = item.entry, (item.path, item.line)
    problems = []
    if not KEY_FORM.fullmatch(item.key):
        problems.append(Problem(*where, f"the key '{item.key}' may only use ASCII letters, digits, '-' and '_', "
                                        "starting with a letter", "rename it (and its citations)"))
    present = set(entry.fields.keys()) | set(entry.persons.keys()) | item.keywords
    needs = REQUIRED_FIELDS.get(entry.type)
    if needs is None:
        problems.append(Problem(*where, f"@{entry.type}{{{item.key}}}: entry type not used on this site",
                                "use one of " + ", ".join("@" + kind for kind in REQUIRED_FIELDS)))
    for need in needs or []:
        options = need if isinstance(need, tuple) else (need,)
        if not present & set(options):
            shown = " or ".join(f"`{option}`" for option in options if option != "undated")
            extra = " (or `keywords = {undated}` if no date is known)" if "undated" in options else ""
            problems.append(Problem(*where, f"@{entry.type}{{{item.key}}} has no {shown}{extra}", "add it"))
    if NON_LATIN.search(entry.fields.get("title", "")) and "langid" not in entry.fields:
        problems.append(Problem(*where, f"@{entry.type}{{{item.key}}} has a Japanese or Russian title but no `langid`",
                                "add `langid = {japanese}` or `langid = {russian}` so that the style does not re-case it"))
    if entry.fields.get("date"):
        try:
            parse_date(entry.fields["date"])
        except ValueError as error:
            problems.append(Problem(*where, f"@{entry.type}{{{item.key}}}: {error}", "write a real date, YYYY-MM-DD"))
    for name, value in entry.fields.items():
        command = LATEX_COMMAND.search(value)
        if command and name.lower() not in ("url", "doi"):
            problems.append(Problem(*where, f"@{entry.type}{{{item.key}}}, field `{name}`: the LaTeX command "
                                            f"{command.group(0)} is not read on this site",
                                    "write the text in plain Unicode (put an address in the `url` field)"))
    url = entry.fields.get("url", "").strip()
    if url and not re.match(r"https?://", url):
        problems.append(Problem(*where, f"@{entry.type}{{{item.key}}}: the `url` is not an http(s) address",
                                "give the work's web address, starting with https://"))
    crossref = entry.fields.get("crossref")
    if crossref and crossref not in bibliography:
        problems.append(Problem(*where, f"@{entry.type}{{{item.key}}} has `crossref = {{{crossref}}}`, which is no entry",
                                "correct the key or remove the field"))
    return problems


def read_bibliography(files: dict[str, bytes]) -> tuple[Bibliography, list[Problem], list[Problem]]:
    """All the .bib files (display path → bytes): the bibliography, its fatal problems and the others."""
    bibliography = Bibliography()
    fatal: list[Problem] = []
    problems: list[Problem] = []
    first_seen: dict[str, BibEntry] = {}
    for path, raw in files.items():
        entries, file_fatal, file_problems = read_bib_file(path, raw)
        fatal += file_fatal
        problems += file_problems
        bibliography.files[path] = []
        for key, item in entries.items():
            other = first_seen.get(key.lower())
            if other is not None:
                problems.append(Problem(item.path, item.line, f"the key '{key}' is already used at {other.path}:{other.line}"
                                        + ("" if other.key == key else f" (as '{other.key}'; keys are compared without case)"),
                                        "keys must be unique across all files in bib/: rename one or delete the duplicate"))
                continue
            first_seen[key.lower()] = item
            bibliography.entries[key] = item
            bibliography.files[path].append(key)
    if not fatal:
        for item in bibliography.entries.values():
            problems += entry_problems(item, bibliography)
    return bibliography, fatal, problems


def as_pybtex(bibliography: Bibliography, keys=None) -> BibliographyData:
    """The entries (all, or those of `keys`) as one pybtex database, e.g. for the BibTeX writer."""
    wanted = bibliography.entries if keys is None else {key: bibliography.entries[key] for key in keys}
    return BibliographyData(entries={key: item.entry for key, item in wanted.items()})
