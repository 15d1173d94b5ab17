"""Authors' mistakes, one of each kind, caught by `scripts/run check` with `path:line: what — fix`.

Each case copies the project, makes one mistake and runs the real command. A few cases also run
the strict build, which must stop with the same words.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from authoring import copy_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(project: Path, path: str, text: str) -> None:
    with open(project / path, "a", encoding="utf-8") as file:
        file.write(text)


def run(project: Path, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, project / "scripts" / "docs.py", *command], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


GOOD_ENTRY = "\n@misc{extra,\n  title = {Extra},\n  year = {2000},\n  keywords = {references-only},\n}\n"

# (what goes wrong, how to make the mistake, the start of the message that must be printed)
CASES = {
    "bib syntax error": (lambda p: append(p, "bib/secondary.bib", "\n@book{broken,\n  title = {Unclosed,\n"),
                         "bib/secondary.bib:", "BibTeX syntax error"),
    "key repeated in one file": (lambda p: append(p, "bib/primary.bib", GOOD_ENTRY + GOOD_ENTRY),
                                 "bib/primary.bib:", "the key 'extra' is used twice in this file"),
    "key repeated across files": (lambda p: (append(p, "bib/primary.bib", GOOD_ENTRY),
                                             append(p, "bib/secondary.bib", GOOD_ENTRY)),
                                  "bib/secondary.bib:", "the key 'extra' is already used at bib/primary.bib:"),
    "missing required field": (lambda p: append(p, "bib/secondary.bib",
                                                "\n@book{nopub,\n  author = {A, B},\n  title = {T},\n  year = {2000},\n"
                                                "  keywords = {references-only},\n}\n"),
                               "bib/secondary.bib:", "@book{nopub} has no `publisher`"),
    "key with a colon": (lambda p: append(p, "bib/secondary.bib", GOOD_ENTRY.replace("{extra", "{smith:2020")),
                         "bib/secondary.bib:", "the key 'smith:2020' may only use letters"),
    "entry cited nowhere": (lambda p: append(p, "bib/secondary.bib", GOOD_ENTRY.replace("  keywords = {references-only},\n", "")),
                            "bib/secondary.bib:", "'extra' is cited on no page"),
    "Japanese title without langid": (lambda p: append(p, "bib/secondary.bib", GOOD_ENTRY.replace("{Extra}", "{日ソ国交}")),
                                      "bib/secondary.bib:", "@misc{extra} has a Japanese or Russian title but no `langid`"),
    "unknown citation key with a locator": (lambda p: edit(p, "docs/findings/two-islands.md", "[@okada2020]",
                                                           "[@okada2002, 12]"),
                                            "docs/findings/two-islands.md:", "unknown citation key 'okada2002'"),
    "front matter not valid YAML": (lambda p: edit(p, "docs/about.md", "title: About", "title: About: the site"),
                                    "docs/about.md:2:", "the front matter is not valid YAML"),
    "front matter field missing": (lambda p: edit(p, "docs/glossary.md", "description:", "summary:"),
                                   "docs/glossary.md:", "the front matter has no `description`"),
    "front matter value of the wrong type": (lambda p: edit(p, "docs/map.md", "title: Map of the islands", "title: [Map]"),
                                             "docs/map.md:2:", "`title` must be text"),
    "front matter value outside the list": (lambda p: edit(p, "docs/findings/korean-war.md", "about: [okada2020]",
                                                           "about: [okada2019]"),
                                            "docs/findings/korean-war.md:4:", "`about` must be a list drawn from"),
    "broken link": (lambda p: append(p, "docs/about.md", "\nSee [the proposals](proposals/molotv.md).\n"),
                    "docs/about.md:", "the link 'proposals/molotv.md' points to no page"),
    "broken anchor": (lambda p: append(p, "docs/about.md", "\nSee [its territory](proposals/molotov.md#teritory).\n"),
                      "docs/about.md:", "the link 'proposals/molotov.md#teritory' points to #teritory, which "
                                        "proposals/molotov.md does not have — use one of its anchors: "),
    "image without alt text": (lambda p: append(p, "docs/map.md", "\n![](islands.png)\n"),
                               "docs/map.md:", "the image islands.png has no alt text"),
    "raw script": (lambda p: append(p, "docs/about.md", "\n<script>alert(1)</script>\n"),
                   "docs/about.md:", "<script> is not allowed in pages"),
    "inline event handler": (lambda p: append(p, "docs/about.md", '\n<span onclick="steal()">x</span>\n'),
                             "docs/about.md:", "the event handler onclick= on <span> would run code"),
    "raw HTML outside the allow-list": (lambda p: append(p, "docs/about.md", '\n<div class="box">x</div>\n'),
                                        "docs/about.md:", "raw HTML <div> is not allowed in pages"),
    "citation in an indented code block": (lambda p: append(p, "docs/about.md", "\nAn example:\n\n    Text [@okada2020].\n"),
                                           "docs/about.md:", "a citation in an indented code block"),
    "malformed data file": (lambda p: edit(p, "docs/data/timeline.yml", 'date: "1945-02-11"', 'date: "11 Feb 1945"'),
                            "docs/data/timeline.yml:", "entry 1 ('yalta-agreement'), field 'date'"),
}


@pytest.mark.parametrize("case", CASES)
def test_check_names_file_line_and_fix(case, project):
    make_mistake, path, message = CASES[case]
    make_mistake(project)
    result = run(project, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(path) and message in line]
    assert lines, result.stdout + result.stderr
    assert " — " in lines[0], f"no fix offered: {lines[0]}"


def test_check_passes_on_the_real_project():
    result = subprocess.run([sys.executable, ROOT / "scripts" / "docs.py", "check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.strip() == "No problems found.", result.stdout


def test_check_lists_every_mistake_of_a_run_at_once(project):
    for case in ("unknown citation key with a locator", "front matter field missing", "broken anchor", "raw script"):
        CASES[case][0](project)
    result = run(project, "check")
    assert result.returncode == 1
    for case in ("unknown citation key with a locator", "front matter field missing", "broken anchor", "raw script"):
        assert CASES[case][2] in result.stdout, case
    assert "problem(s) found." in result.stdout


@pytest.mark.parametrize("case", ["unknown citation key with a locator", "bib syntax error", "raw script", "broken anchor"])
def test_the_strict_build_stops_with_the_same_words(case, project):
    make_mistake, path, message = CASES[case]
    make_mistake(project)
    result = subprocess.run([Path(sys.executable).parent / "mkdocs", "build", "--strict", "--site-dir",
                             project / "site"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert message in result.stderr and path in result.stderr
    assert "Traceback" not in result.stderr


def test_new_scaffolds_a_page_that_builds_and_is_in_the_navigation(project):
    result = run(project, "new", "finding", "Finding 6: A test")
    assert result.returncode == 0, result.stderr
    page = project / "docs" / "findings" / "finding-6-a-test.md"
    assert page.is_file() and "      - findings/finding-6-a-test.md\n" in (project / "mkdocs.yml").read_text()
    assert run(project, "check").stdout.strip() == "No problems found."


def test_bib_normalises_without_changing_any_entry(project):
    from pybtex.database import parse_file

    before = parse_file(project / "bib" / "secondary.bib")
    edit(project, "bib/secondary.bib", "@book{hara1998,", "@book{zzz-moved,\n  keywords = {references-only},")
    assert run(project, "bib", "--check").returncode == 1
    assert run(project, "bib").returncode == 0 and run(project, "bib", "--check").returncode == 0
    after = parse_file(project / "bib" / "secondary.bib")
    assert list(after.entries)[-1] == "zzz-moved"  # sorted by key
    assert dict(after.entries["hasegawa1998"].fields) == dict(before.entries["hasegawa1998"].fields)


def test_every_page_has_an_edit_link_when_the_repository_is_known(tmp_path, nav_pages):
    from bs4 import BeautifulSoup

    from conftest import build_site, output_path

    result = build_site(tmp_path, env={"REPO_URL": "https://github.com/example/site"})
    assert result.returncode == 0, result.stderr
    for src in nav_pages:
        page = BeautifulSoup((tmp_path / output_path(src)).read_text(encoding="utf-8"), "lxml")
        edit = page.select_one("a.md-content__button[href]")
        assert edit and edit["href"] == f"https://github.com/example/site/edit/main/docs/{src}", src


def test_last_updated_comes_from_git_and_survives_a_shallow_clone(tmp_path):
    from page_metadata import last_changes

    full = last_changes(ROOT)
    assert "docs/index.md" in full
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{ROOT}", shallow], check=True)
    dates = last_changes(shallow)
    head = int(subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=shallow, capture_output=True,
                              text=True, check=True).stdout)
    assert dates and set(dates.values()) == {head}  # the one commit there: too recent, never a crash
    assert last_changes(tmp_path / "not-a-repository") == {}
