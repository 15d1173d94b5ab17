"""Authors' mistakes, caught by `scripts/run check` as `path:line: what — fix`, all of a run at once,
and the strict build stopping with the same words. Each runs the real command on a copy of the project."""

from __future__ import annotations

import re
import subprocess

import pytest

from helpers import ROOT, append, build_site, copy_project, edit, run_tool

GOOD_ENTRY = "\n@misc{extra,\n  title = {Extra},\n  year = {2000},\n  keywords = {references-only},\n}\n"

# (what goes wrong, how to make the mistake, the start of the message that must be printed)
CASES = {
    "key repeated across files": (lambda p: (append(p, "bib/primary.bib", GOOD_ENTRY),
                                             append(p, "bib/secondary.bib", GOOD_ENTRY)),
                                  "bib/secondary.bib:", "the key 'extra' is already used at bib/primary.bib:"),
    "missing required field": (lambda p: append(p, "bib/secondary.bib", "\n@book{nopub,\n  author = {A, B},\n  title = {T},"
                                                "\n  year = {2000},\n  keywords = {references-only},\n}\n"),
                               "bib/secondary.bib:", "@book{nopub} has no `publisher`"),
    "key with a colon": (lambda p: append(p, "bib/primary.bib", GOOD_ENTRY.replace("{extra", "{smith:2020")),
                         "bib/primary.bib:", "the key 'smith:2020' may only use ASCII letters"),
    "entry cited nowhere": (lambda p: append(p, "bib/okada.bib", GOOD_ENTRY.replace("{extra", "{uncited")
                                             .replace("  keywords = {references-only},\n", "")),
                            "bib/okada.bib:", "'uncited' is cited on no page"),
    "unknown citation key with a locator": (lambda p: append(p, "docs/findings/two-islands.md", "\nA claim [@okada2002, 12].\n"),
                                            "docs/findings/two-islands.md:", "unknown citation key 'okada2002'"),
    "front matter not valid YAML": (lambda p: edit(p, "docs/about.md", "title: About", "title: About: the site"),
                                    "docs/about.md:2:", "not valid YAML"),
    "front matter field missing": (lambda p: edit(p, "docs/glossary.md", "description:", "summary:"),
                                   "docs/glossary.md:", "the front matter has no `description`"),
    "front matter value of the wrong type": (lambda p: edit(p, "docs/map.md", "title: Map of the islands", "title: [Map]"),
                                             "docs/map.md:2:", "`title` must be text"),
    "broken link": (lambda p: append(p, "docs/about.md", "\nSee [the proposals](proposals/molotv.md).\n"),
                    "docs/about.md:", "the link 'proposals/molotv.md' points to no page — did you mean proposals/molotov.md?"),
    "broken anchor": (lambda p: append(p, "docs/about.md", "\nSee [its territory](proposals/molotov.md#teritory).\n"),
                      "docs/about.md:", "the link 'proposals/molotov.md#teritory' points to #teritory, which "
                                        "proposals/molotov.md does not have — did you mean #territory?"),
    "image without alt text": (lambda p: append(p, "docs/map.md", "\n![](assets/images/favicon.svg)\n"),
                               "docs/map.md:", "the image favicon.svg has no alt text"),
    "raw script": (lambda p: append(p, "docs/about.md", "\n<script>alert(1)</script>\n"),
                   "docs/about.md:", "the HTML tag <script> is not allowed in pages"),
    "inline event handler": (lambda p: append(p, "docs/about.md", '\n<span onclick="steal()">x</span>\n'),
                             "docs/about.md:", "the event handler onclick= on <span> would run code"),
    "page missing from the navigation": (lambda p: (p / "docs" / "stray.md").write_text(
        "---\ntitle: Stray\ndescription: A page that nobody added to the navigation.\n---\n\nText.\n"),
        "docs/stray.md:1:", "the page is not in the navigation — add it to `nav:`"),
    "empty page": (lambda p: (p / "docs" / "empty.md").write_text("---\ntitle: E\ndescription: A page with no text.\n---\n"),
                   "docs/empty.md:", "the page has no text after its front matter"),
    "malformed data file": (lambda p: edit(p, "docs/data/timeline.yml", 'date: "1945-02-11"', 'date: "11 Feb 1945"'),
                            "docs/data/timeline.yml:", "entry 1 ('yalta-agreement'), field 'date'"),
    "unknown directive": (lambda p: append(p, "docs/about.md", "\n\\timelines\n"),
                          "docs/about.md:", "unknown directive \\timelines — use one of:"),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One copy of the project with every mistake above, checked once."""
    project = copy_project(tmp_path_factory.mktemp("mistakes"))
    for make_mistake, _, _ in CASES.values():
        make_mistake(project)
    return project, run_tool(project, "check")


@pytest.mark.parametrize("case", CASES)
def test_check_names_file_line_and_fix(case, checked):
    _, result = checked
    _, path, message = CASES[case]
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(path) and message in line]
    assert lines, result.stdout + result.stderr
    assert " — " in lines[0], f"no fix offered: {lines[0]}"


def test_the_strict_build_stops_with_the_same_words(checked, tmp_path):
    project, check = checked
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = [line for line in check.stdout.splitlines()[:-1]]
    for line in problems:
        assert line in result.stderr, line


def test_check_passes_on_the_real_project():
    result = run_tool(ROOT, "check")
    assert result.returncode == 0 and result.stdout.strip() == "No problems found.", result.stdout


@pytest.mark.parametrize("mistake, expected", [
    (lambda p: append(p, "bib/secondary.bib", "\n@book{broken,\n  title = {Unclosed,\n  year = {2000},\n}\n"),
     "bib/secondary.bib:"),
    (lambda p: (p / "docs" / "latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\n".encode("latin-1")), "docs/latin1.md:2:"),
])
def test_a_file_that_cannot_be_read_is_reported_alone(mistake, expected, tmp_path):
    project = copy_project(tmp_path)
    append(project, "docs/about.md", "\nA claim [@nosuchkey].\n")  # would be reported if the build went on
    mistake(project)
    result = run_tool(project, "check")
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and lines[0].startswith(expected) and " — " in lines[0]
    assert not any("nosuchkey" in line for line in lines) and "1 problem(s) found." in lines
    assert "run once" in lines[-1]


def test_a_mistake_in_mkdocs_yml_is_named_not_silent(tmp_path):
    project = copy_project(tmp_path / "project")
    edit(project, "mkdocs.yml", "\nsite_name: ", "\nsite_nam: ")
    result = run_tool(project, "check")
    assert result.returncode == 1
    assert "mkdocs.yml:1: Config value 'site_nam': Unrecognised configuration name: site_nam — correct the " \
           "configuration" in result.stdout, result.stdout


@pytest.mark.long
def test_new_scaffolds_a_page_named_like_the_others_whose_placeholders_check_refuses(tmp_path):
    project = copy_project(tmp_path)
    result = run_tool(project, "new", "finding", "Finding 6: The fisheries question")
    assert result.returncode == 0, result.stderr
    page = project / "docs" / "findings" / "fisheries-question.md"
    assert page.is_file() and "      - findings/fisheries-question.md\n" in (project / "mkdocs.yml").read_text()
    check = run_tool(project, "check")
    assert check.returncode == 1
    placeholders = [line for line in check.stdout.splitlines() if "placeholder text" in line]
    assert placeholders and all(line.startswith("docs/findings/fisheries-question.md:") for line in placeholders)
    # Written out, the page lacks only its Japanese version, as `new` said; with it, the page passes.
    assert "fisheries-question.ja.md beside it" in result.stdout
    page.write_text('---\ntitle: "Finding 6: The fisheries question"\ndescription: "A test finding about fisheries, '
                    'written out in full for the test."\nabout: [okada2020]\n---\n\nThe text [@okada2020].\n')
    check = run_tool(project, "check")
    assert check.stdout.splitlines()[0] == (
        "docs/findings/fisheries-question.md:1: this page has no ja version (docs/findings/fisheries-question.ja.md) — "
        "write it (start from a copy of this page), or list 'findings/fisheries-question.md' under "
        "`extra.scholarly.editions.untranslated` in mkdocs.yml")
    page.with_name("fisheries-question.ja.md").write_text(
        '---\ntitle: "知見6：漁業問題"\ndescription: "漁業問題についての試験用の知見。"\nabout: [okada2020]\n---\n\n'
        '本文[@okada2020]。\n')
    assert run_tool(project, "check").stdout.strip() == "No problems found."


def test_bib_normalises_without_changing_any_entry_and_lists_keys(tmp_path):
    from pybtex.database import parse_file

    project = copy_project(tmp_path)
    before = parse_file(project / "bib" / "secondary.bib")
    edit(project, "bib/secondary.bib", "@book{hara1998,", "@book{zzz-moved,\n  keywords = {references-only},")
    assert run_tool(project, "bib", "--check").returncode == 1
    assert run_tool(project, "bib").returncode == 0 and run_tool(project, "bib", "--check").returncode == 0
    after = parse_file(project / "bib" / "secondary.bib")
    assert list(after.entries)[-1] == "zzz-moved"  # sorted by key
    assert dict(after.entries["hasegawa1998"].fields) == dict(before.entries["hasegawa1998"].fields)
    keys = run_tool(project, "bib", "--keys").stdout
    assert "@okada2020" in keys and "Okada, 2020" in keys


def test_every_page_has_an_edit_link_when_the_repository_is_known(tmp_path, nav_pages):
    from helpers import output_path, parse

    result = build_site(ROOT, tmp_path, env={"REPO_URL": "https://github.com/example/site"})
    assert result.returncode == 0, result.stderr
    for src in nav_pages:
        edit_link = parse(tmp_path / output_path(src)).select_one("a.md-content__button[href]")
        assert edit_link and edit_link["href"] == f"https://github.com/example/site/edit/main/docs/{src}", src
    # The header as published, repository link included, names its controls in the page's language
    # (the Japanese edition said "Switch to dark mode", "Search" and "Source and issues").
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for path, in_japanese in [("findings/index.html", False), ("ja/findings/index.html", True)]:
        header = parse(tmp_path / path).select_one("header.md-header")
        names = [element[attribute] for attribute in ("aria-label", "title")
                 for element in header.select(f"[{attribute}]")] + [
                 header.select_one(".md-source__repository").get_text(strip=True)]
        assert len(names) >= 8 and all(bool(japanese.search(name)) == in_japanese for name in names), (path, names)


def test_last_updated_comes_from_git_and_survives_a_shallow_clone(tmp_path):
    from scholarly.metadata import last_changes

    assert "docs/index.md" in last_changes(ROOT)
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", shallow], check=True)
    dates = last_changes(shallow)
    head = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=shallow, capture_output=True,
                              text=True, check=True).stdout)
    assert dates and set(dates.values()) == {head}  # the one commit there: too recent, never a crash
    assert last_changes(tmp_path / "not-a-repository") == {}
