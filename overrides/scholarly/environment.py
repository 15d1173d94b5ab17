"""Settings that come from where the site is built rather than from mkdocs.yml.

- Reproducible output: MkDocs stamps `sitemap.xml` (and the gzip header of `sitemap.xml.gz`) with
  the build time unless SOURCE_DATE_EPOCH is set; it is set from the last commit's time, so every
  way of building (`mkdocs build`, `scripts/run build`, CI) gets the same stamp.
- Repository links: the workflows set REPO_URL to the GitHub repository they run in. Without it
  (a local preview, a clone with no GitHub remote) the site has no "edit this page" links rather
  than links to a guessed address.
- Template cache: MkDocs makes a new Jinja environment for every build, so Material's templates
  would be compiled again on every `serve` rebuild; Jinja's bytecode cache in .cache/jinja keeps
  them, checked against each template's modification time.
- Theme files: MkDocs publishes the theme's files by listing every file of its folders, for each
  edition and on every preview rebuild, and then drops those under a folder whose name starts with
  a dot. Material keeps 14,000 icons in `.icons/`: the listing leaves such folders out from the
  start (0.07 s a listing; templates still include icons from there by name).
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from jinja2 import FileSystemBytecodeCache, FileSystemLoader
from mkdocs.theme import Theme

log = logging.getLogger("mkdocs.plugins.scholarly")


def last_commit_epoch(repo: Path) -> str | None:
    """Committer time of HEAD in seconds, or None outside a git checkout (e.g. a source tarball)."""
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo, capture_output=True, text=True,
                                check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() or None


def configure(config, root: Path) -> None:
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = last_commit_epoch(root)
        if epoch is None:
            log.info("Not a git checkout: sitemap dates are today's, so builds are not reproducible.")
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    if not config.repo_url:
        config.edit_uri = None


def cache_templates(env, root: Path) -> None:
    cache = root / ".cache" / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))


class ThemeLoader(FileSystemLoader):
    """Jinja's loader for the theme's folders, listing no file under a folder named `.*`: MkDocs
    never publishes those (its filter drops `.*` and `*/.*`), and walking them is most of the time."""

    def list_templates(self) -> list[str]:
        found = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath)
                found.update(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/") for name in names)
        return sorted(found)


def list_theme_files_quickly() -> None:
    """Every theme environment MkDocs makes from now on lists its files with ThemeLoader."""
    if getattr(Theme.get_env, "lists_quickly", False):
        return
    make_environment = Theme.get_env

    def get_env(theme):
        env = make_environment(theme)
        env.loader = ThemeLoader(theme.dirs)
        return env

    get_env.lists_quickly = True
    get_env.__wrapped__ = make_environment  # MkDocs' own, for the test that compares them
    Theme.get_env = get_env
