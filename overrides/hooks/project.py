"""What every hook shares: where the project is, and how a problem is reported.

Every check reports a `Problem`, printed as `path:line: what is wrong — how to fix it` with the
path as authors know it (from the project root). `report` logs each as a warning, so a build goes
on and a strict build lists every problem before it stops; `fail` stops at once, for mistakes the
build cannot get past.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data


def bibtex_plugin(config):
    """The mkdocs-bibtex plugin, which citations.py stands in front of and other hooks read."""
    try:
        return config.plugins["bibtex"]
    except KeyError:
        raise PluginError("the hooks in overrides/hooks/ need the bibtex plugin in mkdocs.yml") from None


def project_root(config) -> Path:
    """The folder of mkdocs.yml, absolute whichever folder the build was started from."""
    return Path(config.config_file_path).resolve().parent


@lru_cache(maxsize=4096)
def page_meta(text: str) -> dict:
    """A page's front matter (parsed once per page text, though several hooks read it)."""
    return get_data(text)[1]


@dataclass(frozen=True)
class Problem:
    """One mistake in a source file, reported as `path:line: what is wrong — how to fix it`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def source_path(file, config) -> str:
    """A page's path from the project root, as authors know it (`docs/findings/two-islands.md`).
    Computed from docs_dir because a hook that rewrites a page's text unsets `abs_src_path`."""
    return os.path.relpath(os.path.join(config.docs_dir, file.src_path), project_root(config))


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def report(problems: list[Problem], logger: logging.Logger) -> None:
    """One warning per problem: the build goes on, so a strict build lists every mistake at once
    and then stops ("Aborted with N warnings in strict mode")."""
    for problem in problems:
        logger.warning(str(problem))


def fail(problems: list[Problem], what: str) -> None:
    """For mistakes the build cannot get past: stop now, listing them all."""
    if problems:
        listing = "\n".join(f"  {problem}" for problem in problems)
        raise PluginError(f"{len(problems)} {what}:\n{listing}")
