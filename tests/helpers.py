"""What many tests need, in one place: building a project, reading its pages, the Chromium launcher."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.structure.files import File

from workspace import ROOT, copy_project  # noqa: F401  (re-exported for the tests)

MKDOCS = Path(sys.executable).parent / "mkdocs"


def build_site(project: Path, site_dir: Path, env: dict[str, str] | None = None,
               strict: bool = True) -> subprocess.CompletedProcess:
    """A build of `project` into `site_dir` by the real command line; the result carries code and log."""
    return subprocess.run(
        [MKDOCS, "build", *(["--strict"] if strict else []), "--site-dir", site_dir], cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **({} if strict else {"STRICT": "false"}), **(env or {})},
        capture_output=True, text=True)


def run_tool(project: Path, *command: str) -> subprocess.CompletedProcess:
    """`scripts/run COMMAND` of a project, without the installer (the tests' environment has it all)."""
    return subprocess.run([sys.executable, project / "scripts" / "docs.py", *command], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def output_path(src: str) -> str:
    """The built HTML file for a Markdown source, as MkDocs names it (directory URLs)."""
    return File(src, "docs", "site", use_directory_urls=True).dest_uri


def url_of(src: str) -> str:
    return output_path(src).removesuffix("index.html")


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def heading_of(page: BeautifulSoup) -> str:
    """The page's h1 as a reader hears it: whitespace between its parts kept, the permalink sign dropped."""
    return " ".join(page.select_one("article h1").get_text().split()).rstrip("¶").strip()


def edit(project: Path, path: str, old: str, new: str) -> None:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(project: Path, path: str, text: str) -> None:
    with open(project / path, "a", encoding="utf-8") as file:
        file.write(text)


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


def japanese_sources(config) -> list[str]:
    """The reader pages the Japanese edition has (under ja/), in reading order."""
    untranslated = config["extra"]["scholarly"]["editions"]["untranslated"]
    return [src for src in nav_sources(config["nav"]) if src not in untranslated]


@functools.cache
def reader_urls() -> list[str]:
    """Every reader page of both editions, and both print editions, as paths under the site's root:
    known when tests are collected, so that a test can take one page at a time (and the test
    workers share the pages out)."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return ([url_of(src) for src in [*nav_sources(config["nav"]), "print.md"]]
            + ["ja/" + url_of(src) for src in [*japanese_sources(config), "print.md"]])
