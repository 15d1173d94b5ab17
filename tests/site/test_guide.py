"""The contributor guide's examples, tried: the example page passes `check` and builds; each
citation in the table reads as the table says; the BibTeX and YAML examples are the entries in the
project's files; the HTML the guide allows is allowed."""

from __future__ import annotations

import re

import pytest
import yaml
from pybtex.database import parse_string

from helpers import ROOT, build_site, copy_project, edit, parse, run_tool
from scholarly.authoring import add_to_nav

GUIDE = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")


def fenced(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", GUIDE, re.DOTALL | re.MULTILINE)


def citation_rows() -> list[tuple[str, str]]:
    return re.findall(r"^\| `(\[[^`]+\])` \| (.+?) \|$", GUIDE, re.MULTILINE)


def allowed_tags() -> list[str]:
    section = GUIDE.split("- **HTML.**", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"`([a-z]+)`", section.split("attributes", 1)[0])


@pytest.fixture(scope="module")
def tried(tmp_path_factory):
    """A copy of the project with the guide's example page, citations and HTML in it: `check` and a build."""
    project = copy_project(tmp_path_factory.mktemp("guide"))
    (project / "docs" / "findings" / "guide-example.md").write_text(fenced("markdown")[0], encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(add_to_nav(config.read_text(encoding="utf-8"), "Findings", "findings/guide-example.md"),
                      encoding="utf-8")
    edit(project, "mkdocs.yml", "untranslated: [contributing.md]", "untranslated: [contributing.md, findings/guide-example.md]")
    lines = [f"Row {index}: a claim {written}." for index, (written, _) in enumerate(citation_rows())]
    lines += [f'<{tag} class="guide">{tag} text</{tag}>' if tag != "br" else "A break<br>here." for tag in allowed_tags()]
    with open(project / "docs" / "findings" / "guide-example.md", "a", encoding="utf-8") as page:
        page.write("\n\n" + "\n\n".join(lines) + "\n")
    check = run_tool(project, "check")
    site = tmp_path_factory.mktemp("guide-site")
    return check, build_site(project, site), site


def test_the_example_page_and_the_allowed_html_pass_check_and_build(tried):
    check, build, _ = tried
    assert check.stdout.strip() == "No problems found.", check.stdout
    assert build.returncode == 0, build.stderr


def test_each_citation_reads_as_the_table_says(tried):
    _, _, site = tried
    page = parse(site / "findings" / "guide-example" / "index.html")
    rows = citation_rows()
    assert len(rows) >= 4
    for index, (written, shown) in enumerate(rows):
        paragraph = next(p for p in page.select("article p") if p.get_text().startswith(f"Row {index}:"))
        citation = paragraph.select_one("span.citation").get_text().strip()
        assert citation == shown, (written, citation)


def test_the_bibtex_example_is_the_entry_in_the_bibliography():
    (example,) = fenced("bibtex")
    (key, entry), = parse_string(example, "bibtex").entries.items()
    files = {path.name: parse_string(path.read_text(encoding="utf-8"), "bibtex") for path in (ROOT / "bib").glob("*.bib")}
    real = next(data.entries[key] for data in files.values() if key in data.entries)
    assert dict(entry.fields) == {name: value for name, value in real.fields.items() if name in entry.fields}
    assert set(real.fields) - set(entry.fields) <= {"langid"}
    assert [str(person) for person in entry.persons["author"]] == [str(person) for person in real.persons["author"]]


def test_the_yaml_example_is_the_entry_in_the_timeline():
    (example,) = fenced("yaml")
    (event,) = yaml.safe_load(example)
    timeline = yaml.safe_load((ROOT / "docs" / "data" / "timeline.yml").read_text(encoding="utf-8"))
    assert event == next(entry for entry in timeline if entry["id"] == event["id"])


def test_the_guide_names_the_commands_the_readme_names():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("scripts/run serve", "scripts/run check", "scripts/run new finding", "scripts/run bib"):
        assert command in GUIDE and command in readme, command
