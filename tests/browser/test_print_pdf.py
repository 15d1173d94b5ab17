"""The print edition's PDF (printed by Chromium, as `scripts/run build` does): every reader page and
the references are in its text, and every link of the built site resolves (lychee, offline)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader


@pytest.fixture(scope="session")
def pdf_text(print_edition_pdf) -> str:
    reader = PdfReader(print_edition_pdf)
    assert len(reader.pages) > 20
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_pdf_holds_every_reader_page_and_the_references(pdf_text, nav_pages, parse_page):
    for src in nav_pages:
        if src == "contributing.md":
            continue
        title = parse_page(src).select_one("article h1").get_text(strip=True).rstrip("¶")
        assert title in pdf_text, title
    assert "Okada, Miho. 2020." in pdf_text and "Hasegawa, Tsuyoshi. 1998." in pdf_text


def test_the_pdf_prints_outside_addresses_and_no_site_chrome(pdf_text):
    assert "https://www.jstage.jst.go.jp/" in pdf_text
    assert "Cite this page" not in pdf_text and "Table of contents" not in pdf_text


def test_every_link_and_fragment_resolves_offline(site_dir, print_edition_pdf):
    result = subprocess.run(
        [Path(sys.executable).parent / "lychee", "--offline", "--include-fragments", "--index-files", "index.html",
         "--no-progress", "--root-dir", site_dir, site_dir], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert int(re.search(r"(\d+) OK", result.stdout).group(1)) > 1000
