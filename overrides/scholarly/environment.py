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
"""

from __future__ import annotations

import logging
import os
import subprocess
from pathlib import Path

from jinja2 import FileSystemBytecodeCache

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
