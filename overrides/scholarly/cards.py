"""Social preview images (Open Graph / X cards), drawn at build time without any network.

Each page gets a 1200×630 PNG with the site's name and the page's title, in one font that covers
Latin, Japanese and Cyrillic (IPAex Gothic from Debian's fonts-ipaexfont-gothic, installed by
`scripts/run`). Cards are cached in `.cache/cards/` by what they show, so an unchanged page
costs nothing. The image is drawn in 16 shades between background and text and saved as a 4-bit
palette PNG: smaller, and several times faster to encode, than full colour.

Many new cards (a first build) are drawn by another Python process, started when the pages are
collected, while this one converts their Markdown; the build waits for it only before MkDocs
copies the site's files. (Threads gained nothing: each of Pillow's many short calls waits up to
5 ms for the interpreter while the pages are converted, and 237 cards took as long beside the
conversion as after it.) A few new cards (a retitled page in the preview) are drawn here: starting
an interpreter costs about as much as drawing 30 cards. The process is `python -m scholarly.cards`
with its job in a file; it ends when the job is done, whatever becomes of the build.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

from PIL import Image, ImageColor, ImageDraw, ImageFont

from .cache import write_whole

CARD_VERSION = "2"  # bump when the drawing changes
ELSEWHERE_FROM = 32  # new cards, from which another process draws them (it takes 0.17 s to start)
PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # where `scholarly` is imported from (overrides/)
SIZE = (1200, 630)
MARGIN = 80
SHADES = 16


def card_path(src_uri: str) -> str:
    """Where a page's card is published, relative to the site root."""
    return "assets/social/" + src_uri.removesuffix(".md") + ".png"


@lru_cache(maxsize=16)
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break text into lines no wider than `width`: at spaces, or anywhere in Japanese text."""
    lines: list[str] = []
    line = ""
    for token in text.replace(" ", " \0").split("\0"):
        for piece in ([token] if font.getlength(token) <= width else list(token)):
            if font.getlength(line + piece) > width and line:
                lines.append(line.rstrip())
                line = ""
            line += piece
    return lines + [line.rstrip()] if line.strip() else lines


def draw_card(site_name: str, title: str, colours, font_path: str) -> bytes:
    """The card as PNG bytes. `colours` has background, text and accent (CSS colours)."""
    background, ink, accent = (ImageColor.getrgb(value)[:3] for value in (colours.background, colours.text,
                                                                          colours.accent))
    palette = [round(b + (i - b) * shade / (SHADES - 1)) for shade in range(SHADES)
               for b, i in zip(background, ink, strict=True)]
    # Drawn in SHADES levels from background (0) to text (SHADES - 1); the site's name in the level
    # nearest the accent colour.
    nearest = min(range(SHADES), key=lambda shade: sum((palette[shade * 3 + n] - accent[n]) ** 2 for n in range(3)))
    image = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(image)
    small = font(font_path, 34)
    draw.text((MARGIN, MARGIN), site_name, font=small, fill=round(nearest * 255 / (SHADES - 1)))
    for size in (72, 60, 50):  # the largest size at which the title fits in four lines
        large = font(font_path, size)
        lines = wrap(title, large, SIZE[0] - 2 * MARGIN)
        if len(lines) <= 4:
            break
    y = MARGIN + 90
    for line in lines[:4]:
        draw.text((MARGIN, y), line, font=large, fill=255)
        y += int(size * 1.3)
    indexed = image.point(lambda level: round(level / 255 * (SHADES - 1))).convert("P")
    indexed.putpalette(palette + [0] * (768 - len(palette)))
    buffer = io.BytesIO()
    indexed.save(buffer, format="PNG", compress_level=6, bits=4)  # 16 shades fit in 4 bits
    return buffer.getvalue()


def card_files(cache: Path, site_name: str, titles: dict[str, str], colours,
               font_path: str) -> tuple[dict[str, Path], Callable[[], None]]:
    """Where the card for each title (by key) is in the cache, and a function that returns once
    every one is there (the new ones may still be being drawn), or raises RuntimeError."""
    size = str(Path(font_path).stat().st_size)
    paths = {key: cache / (hashlib.sha256("\0".join([CARD_VERSION, site_name, title, colours.background, colours.text,
                                                      colours.accent, font_path, size]).encode()).hexdigest()[:20] + ".png")
             for key, title in titles.items()}
    job = {"cards": {str(path): titles[key] for key, path in paths.items() if not path.is_file()},
           "site_name": site_name, "font": font_path,
           "colours": {"background": colours.background, "text": colours.text, "accent": colours.accent}}
    if len(job["cards"]) < ELSEWHERE_FROM:
        draw_cards(job)
        return paths, lambda: None
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=cache, suffix=".job", delete=False) as file:
        json.dump(job, file, ensure_ascii=False)
    # The package first on the path: a `scholarly` installed elsewhere must not stand in for it.
    python_path = os.pathsep.join(filter(None, [str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))
    process = subprocess.Popen([sys.executable, "-m", "scholarly.cards", file.name], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": python_path})

    def drawn() -> None:
        _output, errors = process.communicate()
        if process.returncode:
            raise RuntimeError(f"The social cards could not be drawn: {errors.decode(errors='replace').strip()[-2000:]}")

    return paths, drawn


def draw_cards(job: dict) -> None:
    colours = SimpleNamespace(**job["colours"])
    for path, title in job["cards"].items():
        write_whole(Path(path), draw_card(job["site_name"], title, colours, job["font"]))


def main() -> None:
    """`python -m scholarly.cards JOB`: draw the cards a build asked for (see card_files)."""
    job_file = Path(sys.argv[1])
    job = json.loads(job_file.read_text(encoding="utf-8"))
    job_file.unlink()
    draw_cards(job)


if __name__ == "__main__":
    main()
