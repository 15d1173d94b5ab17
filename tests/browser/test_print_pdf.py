"""The print edition's PDF (printed by Chromium, as `scripts/run build` does): every reader page and
the references are in its text, and every link of the built site resolves (lychee, offline)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import heading_of, output_path, parse


@pytest.fixture(scope="session")
def pdf_text(print_edition_pdf) -> str:
    reader = PdfReader(print_edition_pdf)
    assert len(reader.pages) > 20
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_holds_every_reader_page_and_the_references(pdf_text, nav_pages, parse_page):
    for src in nav_pages:
        if src == "contributing.md":
            continue
        title = heading_of(parse_page(src))
        assert title in pdf_text, title
    assert "Okada, Miho. 2020." in pdf_text and "Hasegawa, Tsuyoshi. 1998." in pdf_text


def test_the_pdf_prints_outside_addresses_once_and_no_site_chrome(pdf_text):
    assert "https://www.jstage.jst.go.jp/" in pdf_text
    # A link whose text is its address (a reference's URL) is not followed by the address again.
    assert not re.search(r"(https?://\S+) <\1>", pdf_text)
    assert "Cite this page" not in pdf_text and "Table of contents" not in pdf_text
    assert "Contributing" not in pdf_text  # reader pages only


def test_the_pdf_opens_with_a_title_page_and_contents_with_page_numbers(print_edition_pdf, mkdocs_config):
    reader = PdfReader(print_edition_pdf)
    title_page = " ".join(reader.pages[0].extract_text().split())
    assert mkdocs_config["site_name"] in title_page and "Cite as: Site editors." in title_page
    contents = next(index for index, page in enumerate(reader.pages) if page.extract_text().startswith("Contents"))
    lines = reader.pages[contents].extract_text().splitlines()[1:]
    entries = [entry for entry in map(re.compile(r"(.+?) (\d+)$").match, lines) if entry]  # not the page's number
    assert len(entries) >= 15
    for entry in entries:  # each chapter starts on the page the contents give
        page_text = " ".join(reader.pages[int(entry.group(2)) - 1].extract_text().split())
        assert " ".join(entry.group(1).split()) in page_text, entry.group(0)
    # Every page is numbered at its foot.
    assert reader.pages[5].extract_text().split()[-1] == "6"


def test_japanese_text_in_the_pdf_is_the_characters_it_shows(pdf_text):
    for name in ("岡田美保", "歯舞群島", "色丹島", "日ソ国交回復交渉の再検討", "重光葵"):
        assert name in pdf_text, name
    assert not re.search(r"[\u2e80-\u2fdf\uf900-\ufaff]", pdf_text)  # no radical look-alikes


def test_every_link_and_fragment_resolves_offline(site_dir, print_edition_pdf):
    result = subprocess.run(
        [Path(sys.executable).parent / "lychee", "--offline", "--include-fragments", "--index-files", "index.html",
         "--no-progress", "--root-dir", site_dir, site_dir], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert int(re.search(r"(\d+) OK", result.stdout).group(1)) > 1000


def test_the_japanese_pdf_holds_every_japanese_page_in_japanese_type(japanese_print_edition_pdf, japanese_pages,
                                                                     site_dir):
    reader = PdfReader(japanese_print_edition_pdf)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "目次" in text and "引用表記" in text and "岡田美保の日ソ国交回復交渉研究" in reader.pages[0].extract_text()
    unspaced = re.sub(r"\s+", "", text)  # the PDF's text runs break Japanese lines at Latin digits
    for src in japanese_pages:
        title = heading_of(parse(site_dir / "ja" / output_path(src)))
        assert re.sub(r"\s+", "", title) in unspaced, title
    assert not re.search(r"[\u2e80-\u2fdf\uf900-\ufaff]", text)  # each kanji is the character it shows
