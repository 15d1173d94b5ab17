"""Shared fixtures: one strict build of the site per session, served over HTTP for the browser.

Tests under tests/browser/ drive Debian Chromium and are marked `browser`, so that
`scripts/run test --fast` can leave them out.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from helpers import ROOT, build_site, japanese_sources, nav_sources, output_path, parse
from print_pdf import chromium_launch_options, serve


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.browser)
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # (a stable sort: the rest keep their order)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def mkdocs_config():
    return load_config(str(ROOT / "mkdocs.yml"))


@pytest.fixture(scope="session")
def nav_pages(mkdocs_config) -> list[str]:
    return nav_sources(mkdocs_config["nav"])


@pytest.fixture(scope="session")
def japanese_pages(mkdocs_config) -> list[str]:
    """The reader pages the Japanese edition has (under ja/), in reading order."""
    return japanese_sources(mkdocs_config)


@pytest.fixture(scope="session")
def parse_page(site_dir):
    @functools.cache
    def parse_built(src: str):
        return parse(site_dir / output_path(src))

    return parse_built


@pytest.fixture(scope="session")
def site_url(site_dir):
    """The built site served on a free loopback port, as a reader's browser would fetch it."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian Chromium (no downloaded browser), with the flags that keep it off the network."""
    return {**browser_type_launch_args, **chromium_launch_options()}


@pytest.fixture(scope="session")
def print_edition_pdf(site_dir) -> Path:
    """The print edition's PDF, made in the built site as `scripts/run build` makes it: in its own
    process, since Playwright's sync API refuses to start inside the browser tests' event loop."""
    return print_edition_pdfs(site_dir)[0]


@functools.cache
def print_edition_pdfs(site_dir: Path) -> list[Path]:
    """Every edition's PDF (English, then Japanese), printed once for the session."""
    result = subprocess.run([sys.executable, ROOT / "scripts" / "print_pdf.py", site_dir], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return [Path(line) for line in result.stdout.strip().splitlines()]


@pytest.fixture(scope="session")
def japanese_print_edition_pdf(site_dir) -> Path:
    return print_edition_pdfs(site_dir)[1]
