"""Where the project is, and working copies of it: shared by scripts/, benchmarks and tests.

A working copy holds what a build reads (mkdocs.yml, docs/, bib/, overrides/, scripts/ and the
caches, which make its first build fast), so that experiments never touch the real tree.
"""

from __future__ import annotations

import shutil
import socket
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["mkdocs.yml", "docs", "bib", "overrides", "scripts", ".cache"]


def copy_project(destination: Path, parts: list[str] = PROJECT_PARTS) -> Path:
    """A copy of the project to experiment on without touching the real one."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in parts:
        source = ROOT / name
        if source.is_dir():
            try:
                shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
            except shutil.Error:
                if name != ".cache":
                    raise
                # A build alongside removed entries it did not use while they were copied: what was
                # copied is a cache still (each entry is written whole, scholarly/cache.py).
        elif source.exists():
            shutil.copy(source, destination / name)
    return destination


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, timeout: float = 60) -> float:
    """Seconds until the page at url contains text."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            if text in fetch(url):
                return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{text!r} did not appear at {url} within {timeout} s")
