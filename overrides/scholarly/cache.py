"""Results kept in .cache/ between builds, each under a digest of everything it was made from.

A build that changed nothing makes nothing twice: each page's conversion (scholarly.conversions),
the citation pass, the social cards, each page's minified HTML and BibTeX. Entries a build did not
use are removed at its end, so each folder holds the last build's worth (of each edition). Deleting
.cache/ between builds is always safe. Entries are written whole (to a temporary file, then
renamed), so builds running side by side (the tests do) never read half an entry.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


def write_whole(path: Path, data: bytes) -> None:
    """The file appears complete or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class FileCache:
    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder = folder
        self.suffix = suffix
        self.used: set[str] = set()

    def get(self, key: str) -> str | None:
        """The text stored under `key`, if there is one."""
        path = self.folder / f"{key}{self.suffix}"
        self.used.add(path.name)
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:  # not made yet (or removed by a build alongside, which used other entries)
            return None

    def put(self, key: str, value: str) -> None:
        path = self.folder / f"{key}{self.suffix}"
        self.used.add(path.name)
        write_whole(path, value.encode("utf-8"))

    def text(self, key: str, make: Callable[[], str]) -> str:
        """The text stored under `key`, or `make()`, stored."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def prune(self) -> None:
        """Remove what this build did not use."""
        if self.folder.is_dir():
            for path in self.folder.glob(f"*{self.suffix}"):
                if path.name not in self.used:
                    path.unlink(missing_ok=True)
