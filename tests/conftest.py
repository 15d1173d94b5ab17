"""Shared fixtures: one strict build of the site per test session, served over HTTP for the browser."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = Path(sys.executable).parent / "mkdocs"
sys.path.insert(0, str(ROOT / "overrides" / "hooks"))  # the hooks' pure functions are tested directly
sys.path.insert(0, str(ROOT / "scripts"))
from print_pdf import chromium_launch_options, print_pdf, serve  # noqa: E402


def build_site(site_dir: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A strict build of the real site into site_dir; the result carries exit code and log."""
    return subprocess.run(
        [MKDOCS, "build", "--strict", "--site-dir", site_dir],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = build_site(site)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    return site


@pytest.fixture(scope="session")
def mkdocs_config():
    return load_config(str(ROOT / "mkdocs.yml"))


def nav_sources(items) -> list[str]:
    """Every Markdown file named in a mkdocs.yml nav, in reading order."""
    found = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += nav_sources(value)
        elif isinstance(value, str) and value.endswith(".md"):
            found.append(value)
    return found


def output_path(src: str) -> str:
    """The built HTML file for a Markdown source, as MkDocs names it (directory URLs)."""
    return File(src, "docs", "site", use_directory_urls=True).dest_uri


@pytest.fixture(scope="session")
def nav_pages(mkdocs_config) -> list[str]:
    return nav_sources(mkdocs_config["nav"])


@pytest.fixture(scope="session")
def parse_page(site_dir):
    @functools.cache
    def parse(src: str) -> BeautifulSoup:
        return BeautifulSoup((site_dir / output_path(src)).read_text(encoding="utf-8"), "lxml")

    return parse


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
def print_edition_pdf(site_dir, browser) -> Path:
    """The print edition's PDF, made in the built site as `scripts/run build` makes it."""
    return print_pdf(site_dir, browser)
