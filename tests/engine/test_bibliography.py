"""The .bib files: parsed once, each entry placed in its file and line, every mistake named."""

from __future__ import annotations

from scholarly.bibliography import read_bibliography

GOOD = b"@misc{a,\n  title = {A},\n  year = {2000},\n}\n"


def read(**files: bytes):
    bibliography, fatal, problems = read_bibliography({f"bib/{name}.bib": text for name, text in files.items()})
    return bibliography, [str(p) for p in fatal], [str(p).split(" — ")[0] for p in problems]


def test_entries_are_placed_in_their_file_and_line():
    bibliography, fatal, problems = read(x=GOOD + b"\n@misc{b,\n  title = {B},\n  year = {2001},\n}\n")
    assert fatal == problems == []
    assert [(item.key, item.path, item.line) for item in bibliography.entries.values()] == [
        ("a", "bib/x.bib", 1), ("b", "bib/x.bib", 6)]


def test_a_syntax_error_is_fatal_and_reported_alone_with_its_entry():
    _, fatal, problems = read(x=GOOD + b"@book{b,\n  title = {B}\n  year = {2001},\n}\n", y=b"@misc{c, title={x}}\n")
    assert len(fatal) == 1 and fatal[0].startswith("bib/x.bib:7: BibTeX syntax error in the entry 'b' (it starts at line 5)")
    assert problems == []  # no false "unknown key" or "missing field" lines behind it


def test_an_unclosed_brace_is_reported_at_the_field_that_opens_it():
    entry = (b"@article{b,\n  author = {B, A},\n  title = {The {Soviet} view,\n  journal = {J},\n"
             b"  year = {2001},\n}\n\n@misc{c,\n  title = {C},\n  year = {2002},\n}\n")
    _, fatal, _ = read(x=GOOD + entry)
    assert fatal == ["bib/x.bib:7: BibTeX syntax error in the entry 'b' (it starts at line 5): the `title` field opens a "
                     "{ that is not closed before the next field — add the missing } at the end of its value"]


def test_a_file_that_is_not_utf8_is_fatal():
    _, fatal, _ = read(x=GOOD + b"@misc{b, title={\xff}}\n")
    assert fatal == ["bib/x.bib:5: the file is not UTF-8 text — save it as UTF-8 (any editor's 'Save with encoding' "
                     "offers it)"]


def test_keys_repeated_in_a_file_or_across_files_even_in_another_case():
    _, _, problems = read(x=GOOD + GOOD, y=b"\n" + GOOD.replace(b"{a,", b"{A,"))
    assert "bib/x.bib:5: the key 'a' is used twice in this file" in problems
    assert "bib/y.bib:2: the key 'A' is already used at bib/x.bib:1 (as 'a'; keys are compared without case)" in problems


def test_incomplete_or_unusable_entries_are_named():
    text = (b"@book{a,\n  title = {A},\n  year = {2000},\n}\n"
            b"@misc{b:2,\n  title = {\xe6\x97\xa5\xe3\x82\xbd},\n  date = {1945-02-31},\n  crossref = {nope},\n}\n"
            b"@misc{c,\n  title = {A \\href{javascript:alert(1)}{link}},\n  year = {2000},\n  url = {javascript:x},\n}\n")
    _, _, problems = read(x=text)
    assert problems == [
        "bib/x.bib:1: @book{a} has no `author` or `editor`",
        "bib/x.bib:1: @book{a} has no `publisher`",
        "bib/x.bib:5: the key 'b:2' may only use ASCII letters, digits, '-' and '_', starting with a letter",
        "bib/x.bib:5: @misc{b:2} has a Japanese or Russian title but no `langid`",
        "bib/x.bib:5: @misc{b:2}: '1945-02-31' is not a day of the calendar (February 1945 has 28 days)",
        "bib/x.bib:5: @misc{b:2} has `crossref = {nope}`, which is no entry",
        "bib/x.bib:10: @misc{c}, field `title`: the LaTeX command \\href is not read on this site",
        "bib/x.bib:10: @misc{c}: the `url` is not an http(s) address",
    ]
