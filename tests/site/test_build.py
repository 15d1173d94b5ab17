"""The site builds strictly, every page in the navigation exists with a title, and builds repeat exactly."""

from __future__ import annotations

import filecmp
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import MKDOCS, ROOT, append, build_site, copy_project, edit, heading_of, output_path, parse
from workspace import PROJECT_PARTS


def test_every_nav_page_is_built_with_its_front_matter_title(site_dir, nav_pages, parse_page, mkdocs_config):
    assert len(nav_pages) >= 13
    for src in nav_pages:
        assert (site_dir / output_path(src)).is_file(), f"{src} was not built"
        page = parse_page(src)
        heading = heading_of(page).replace("’", "'")
        title = (ROOT / "docs" / src).read_text(encoding="utf-8").split("title:", 1)[1].splitlines()[0].strip().strip('"')
        assert heading == title.replace("’", "'"), src
        expected = mkdocs_config["site_name"] if src == "index.md" else f"{title} - {mkdocs_config['site_name']}"
        assert page.title.get_text(strip=True) == expected


def tree(root: Path) -> set[str]:
    """The built files (the print edition's PDF is made after the build, by `scripts/run build`)."""
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file() and path.suffix != ".pdf"}


def test_two_builds_are_byte_identical_with_and_without_the_caches(site_dir, tmp_path):
    # The second build is of a copy of the working tree, pointing at its git history (the pages'
    # dates come from it), without .cache/, so it formats everything afresh: a cache that changed the output
    # (say, the order of references) would show here. (The real .cache/ is left alone: other
    # tests may be building with it meanwhile.)
    project = copy_project(tmp_path / "project", [part for part in PROJECT_PARTS if part != ".cache"])
    git = ROOT / ".git"  # the repository itself, or (in a worktree) a file naming where it is
    (project / ".git").write_text(git.read_text() if git.is_file() else f"gitdir: {git}\n", encoding="utf-8")
    assert not (project / ".cache").exists()
    result = build_site(project, tmp_path / "again")
    assert result.returncode == 0, result.stderr
    assert tree(site_dir) == tree(tmp_path / "again")
    assert [name for name in sorted(tree(site_dir))
            if not filecmp.cmp(site_dir / name, tmp_path / "again" / name, shallow=False)] == []


def test_a_build_in_a_new_process_gives_back_kept_conversions_and_makes_the_same_site(tmp_path):
    # Kept conversions (scholarly/conversions.py) are read by a later process, whose tokens have
    # another secret: a heading that cites puts one in the table of contents too.
    project = copy_project(tmp_path / "project", [part for part in PROJECT_PARTS if part != ".cache"])
    edit(project, "docs/about.md", "\n## Sources", "\n## Sources [@kimura2008]")
    environment = {"SOURCE_DATE_EPOCH": "0"}
    assert build_site(project, tmp_path / "first", environment).returncode == 0
    kept = {path.name: path.stat().st_mtime_ns for path in (project / ".cache" / "conversions").rglob("*.json")}
    assert len(kept) == len(list((project / "docs").rglob("*.md")))
    result = build_site(project, tmp_path / "second", environment)
    assert result.returncode == 0, result.stderr
    assert {path.name: path.stat().st_mtime_ns for path in (project / ".cache" / "conversions").rglob("*.json")} == kept
    assert tree(tmp_path / "first") == tree(tmp_path / "second")
    assert [name for name in sorted(tree(tmp_path / "first"))
            if not filecmp.cmp(tmp_path / "first" / name, tmp_path / "second" / name, shallow=False)] == []
    contents = parse(tmp_path / "second" / "about" / "index.html").select("nav.md-nav--secondary a")
    assert "Sources and corrections" in [link.get_text(strip=True) for link in contents]
    # An entry cut short, or kept by an older version without a field, is a page to convert again.
    cut, older = sorted((project / ".cache" / "conversions" / "en").glob("*.json"))[:2]
    cut.write_text(cut.read_text(encoding="utf-8")[:100], encoding="utf-8")
    entry = json.loads(older.read_text(encoding="utf-8"))
    del entry["mentioned"]
    older.write_text(json.dumps(entry), encoding="utf-8")
    result = build_site(project, tmp_path / "third", environment)
    assert result.returncode == 0, result.stderr
    assert [name for name in sorted(tree(tmp_path / "first"))
            if not filecmp.cmp(tmp_path / "first" / name, tmp_path / "third" / name, shallow=False)] == []


@pytest.mark.long
def test_what_an_earlier_build_kept_never_hides_a_problem_from_a_later_one(tmp_path):
    # Conversions kept by a build that logged otherwise (`-v`), or under other settings (a file
    # mkdocs.yml INHERITs), are not given back where a page's problem would then go unseen.
    project = copy_project(tmp_path / "project", [part for part in PROJECT_PARTS if part != ".cache"])
    append(project, "docs/about.md", "\nSee [the start](index.md#no-such-anchor).\n")
    verbose = subprocess.run([MKDOCS, "build", "-v", "--site-dir", tmp_path / "verbose"], cwd=project,
                             capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert verbose.returncode == 0, verbose.stderr
    result = build_site(project, tmp_path / "strict")
    assert result.returncode != 0 and "#no-such-anchor" in result.stderr, result.stderr[-2000:]
    edit(project, "docs/about.md", "\nSee [the start](index.md#no-such-anchor).\n", "\nSee [nothing](nothing.md).\n")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    validation = re.search(r"^validation:\n(?:  .*\n)+", config, re.MULTILINE).group()
    (project / "base.yml").write_text(validation.replace("  links:\n    not_found: warn", "  links:\n    not_found: ignore"),
                                      encoding="utf-8")
    (project / "mkdocs.yml").write_text("INHERIT: base.yml\n" + config.replace(validation, ""), encoding="utf-8")
    assert build_site(project, tmp_path / "ignoring").returncode == 0
    (project / "base.yml").write_text(validation, encoding="utf-8")
    result = build_site(project, tmp_path / "warning")
    assert result.returncode != 0 and "nothing.md" in result.stderr, result.stderr[-2000:]


def test_sitemap_dates_come_from_the_last_commit(site_dir):
    commit_day = subprocess.run(["git", "log", "-1", "--format=%cs"], capture_output=True, text=True, cwd=ROOT,
                                check=True).stdout.strip()
    sitemap = BeautifulSoup((site_dir / "sitemap.xml").read_text(), "xml")
    assert {lastmod.text for lastmod in sitemap.find_all("lastmod")} == {commit_day}


def test_nothing_of_the_machinery_or_the_data_is_published(site_dir):
    assert not (site_dir / "scholarly").exists() and not (site_dir / "page-types").exists()
    assert not (site_dir / "data").exists()
