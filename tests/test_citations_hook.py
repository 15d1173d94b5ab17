"""The citation seam's pure functions: bad .bib input and unknown keys are named by file and line."""

from __future__ import annotations

from citations import check_bib_files, clean_pandoc_markdown, find_citations

GOOD = "@misc{a,\n  title = {A},\n  year = {2000},\n}\n"


def test_a_clean_file_yields_its_keys():
    entries, problems = check_bib_files({"bib/x.bib": GOOD + "\n@misc{b,\n  title = {B},\n  year = {2001},\n}\n"})
    assert problems == []
    assert {path: list(keys) for path, keys in entries.items()} == {"bib/x.bib": ["a", "b"]}


def test_incomplete_entries_and_bad_keys_are_named():
    text = "@book{a,\n  title = {A},\n  year = {2000},\n}\n@misc{b:2,\n  title = {日ソ},\n  year = {2001},\n}\n"
    _, problems = check_bib_files({"bib/x.bib": text})
    assert [str(problem).split(" — ")[0] for problem in problems] == [
        "bib/x.bib:1: @book{a} has no `author` or `editor`",
        "bib/x.bib:1: @book{a} has no `publisher`",
        "bib/x.bib:5: the key 'b:2' may only use letters, digits, '_' and '-' (the citation engine cuts it at the "
        "first other character)",
        "bib/x.bib:5: @misc{b:2} has a Japanese or Russian title but no `langid`",
    ]


def test_a_syntax_error_names_file_and_line():
    broken = GOOD + "@book{b,\n  title = {B\n  year = {2001},\n}\n"
    _, problems = check_bib_files({"bib/x.bib": broken})
    assert len(problems) == 1
    assert str(problems[0]).startswith("bib/x.bib:")
    assert "BibTeX syntax error" in problems[0].message and "braces" in problems[0].message


def test_a_key_repeated_in_one_file_points_at_the_repeat():
    _, problems = check_bib_files({"bib/x.bib": GOOD + GOOD})
    assert [str(p).split(" —")[0] for p in problems] == ["bib/x.bib:5: the key 'a' is used twice in this file"]


def test_a_key_repeated_across_files_names_both_places():
    _, problems = check_bib_files({"bib/x.bib": GOOD, "bib/y.bib": "\n\n" + GOOD})
    assert len(problems) == 1
    assert str(problems[0]).startswith("bib/y.bib:3: the key 'a' is already used at bib/x.bib:1")


def test_unknown_keys_are_reported_with_their_line():
    page = "---\ntitle: T\n---\n\nFine [@a].\n\nBroken [@nope, 12; @a].\n"
    blocks, problems = find_citations("docs/p.md", page, {"a"})
    assert len(blocks) == 2
    assert [str(p).split(" in ")[0] for p in problems] == ["docs/p.md:7: unknown citation key 'nope'"]


def test_citations_in_code_are_examples():
    page = ("Cited [@a].\n\nWrite `[@nope]` or ``[see @nope]``.\n\n```markdown\nText [@nope].\n```\n\n"
            "> ~~~\n> Quoted [@nope].\n> ~~~\n\nStray ` tick [@a].\n\nEscaped \\` ticks [@a] \\`.\n")
    blocks, problems = find_citations("docs/p.md", page, {"a"})
    assert [str(block) for block in blocks] == ["[@a]", "[@a]", "[@a]"] and problems == []


def test_pandoc_only_markup_is_removed():
    text = "*Relations [since]{.nocase} 1945*. <https://example.org/2020\\_200\\_84>."
    assert clean_pandoc_markdown(text) == "*Relations since 1945*. <https://example.org/2020_200_84>."


def test_urls_lose_the_escapes_pybtex_adds():
    text = "[https://a.org/2020\\\\\\_84/](https://a.org/2020\\_84/)."
    assert clean_pandoc_markdown(text) == "<https://a.org/2020_84/>."


def test_a_multi_work_citation_links_each_work_only_when_the_parts_are_verified():
    from mkdocs_bibtex.citation import CitationBlock
    from pybtex.database import parse_string

    from citations import citation_html

    entries = parse_string("@book{a, author={Hara, Kimie}, title={A}}\n@book{b, author={Kimura, H.}, title={B}}\n"
                           "@book{c, author={Hara, Kimie}, title={C}}\n@misc{d, title={Joint Declaration}}\n",
                           "bibtex").entries
    two = CitationBlock.from_markdown("[see @a; @b]")[0]
    linked = citation_html(two, {str(two): "(see Hara 1998; Kimura 2008)"}, entries)
    assert linked.count("<a ") == 2 and 'href="#ref-b">Kimura 2008</a>' in linked
    merged = CitationBlock.from_markdown("[@a; @c]")[0]  # the style merges one author's works
    assert citation_html(merged, {str(merged): "(Hara 1998, 2001)"}, entries).count("<a ") == 1
    untitled = CitationBlock.from_markdown("[@d; @b]")[0]
    assert citation_html(untitled, {str(untitled): "(*Joint Declaration* 1956; Kimura 2008)"}, entries).count("<a ") == 2
    swapped = CitationBlock.from_markdown("[@b; @a]")[0]  # parts that do not name their works
    assert citation_html(swapped, {str(swapped): "(Hara 1998; Kimura 2008)"}, entries).count("<a ") == 1


def test_entries_the_plugin_parsed_are_checked_without_parsing_again():
    from pybtex.database import parse_string

    text = GOOD + "\n@misc{b,\n  title = {B},\n}\n"
    parsed = parse_string(text, "bibtex").entries
    entries, problems = check_bib_files({"bib/x.bib": text}, parsed)
    assert list(entries["bib/x.bib"]) == ["a", "b"] and entries["bib/x.bib"]["b"] is parsed["b"]
    assert [str(problem) for problem in problems] == [str(problem) for problem in check_bib_files({"bib/x.bib": text})[1]]
    # An entry the line scan cannot place (not at the start of a line): each file is parsed on its own.
    hidden = GOOD + "A note, then @misc{c, title = {C}, year = {1}}\n"
    entries, _ = check_bib_files({"bib/x.bib": hidden}, parse_string(hidden, "bibtex").entries)
    assert "c" in entries["bib/x.bib"]
