"""The site builds strictly, every page in the navigation exists with a title, and builds repeat exactly."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from conftest import ROOT, build_site, output_path


def test_every_nav_page_is_built_with_a_title(site_dir, nav_pages, parse_page, mkdocs_config):
    assert len(nav_pages) >= 13
    for src in nav_pages:
        assert (site_dir / output_path(src)).is_file(), f"{src} was not built"
        page = parse_page(src)
        h1 = page.select_one("article h1")
        assert h1 is not None and h1.get_text(strip=True), f"{src} has no visible title"
        heading = h1.get_text(strip=True).rstrip("¶").replace("’", "'")  # smarty curls the heading's quotes
        expected = mkdocs_config["site_name"] if src == "index.md" else f"{heading} - {mkdocs_config['site_name']}"
        assert page.title.get_text(strip=True) == expected


def tree(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_two_builds_are_byte_identical_with_and_without_the_caches(site_dir, tmp_path):
    # The second build runs with .cache/ moved aside, so it formats everything afresh: a cache
    # that changed the output (say, the order of references) would show here.
    cache, aside = ROOT / ".cache", tmp_path / "cache-aside"
    if cache.exists():
        shutil.move(cache, aside)
    try:
        again = tmp_path / "again"
        result = build_site(again)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if aside.exists():
            shutil.move(aside, cache)
    assert result.returncode == 0, result.stderr
    assert tree(site_dir) == tree(again)
    differing = [name for name in sorted(tree(site_dir))
                 if not filecmp.cmp(site_dir / name, again / name, shallow=False)]
    assert differing == []


def test_sitemap_dates_come_from_the_last_commit(site_dir):
    # Without SOURCE_DATE_EPOCH, MkDocs would write today's date; the hook sets it from git.
    import subprocess

    commit_day = subprocess.run(["git", "log", "-1", "--format=%cs"], capture_output=True, text=True,
                                cwd=Path(__file__).parent, check=True).stdout.strip()
    from bs4 import BeautifulSoup

    sitemap = BeautifulSoup((site_dir / "sitemap.xml").read_text(), "xml")
    assert {lastmod.text for lastmod in sitemap.find_all("lastmod")} == {commit_day}
