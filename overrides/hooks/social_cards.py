"""Social preview images (Open Graph / Twitter cards), drawn at build time without any network.

Each page gets a 1200×630 PNG with the site's name and the page's title. The font is IPAex Gothic
from Debian's `fonts-ipaexfont-gothic` (installed by `scripts/run`): one face that covers Latin,
Japanese and Cyrillic, so a title such as 「日ソ国交回復交渉の再検討」 renders correctly.
Cards are cached in `.cache/social/` by their content, so an unchanged page costs nothing.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from PIL import Image, ImageDraw, ImageFont

from project import page_meta, project_root

FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
SIZE = (1200, 630)
MARGIN = 80
INK, PAPER, ACCENT = "#ffffff", "#283593", "#c5cae9"  # Material's indigo, contrast 10:1


def social_card_path(src_uri: str) -> str:
    """Where a page's card is published, relative to the site root."""
    return "assets/social/" + src_uri.removesuffix(".md") + ".png"


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


def draw_card(site_name: str, title: str) -> bytes:
    if not FONT.is_file():
        raise PluginError(f"The font for social images is missing ({FONT}) — run the build through "
                          "`scripts/run`, which installs Debian's fonts-ipaexfont-gothic")
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    small = ImageFont.truetype(str(FONT), 34)
    draw.text((MARGIN, MARGIN), site_name, font=small, fill=ACCENT)
    for size in (72, 60, 50):  # the largest size at which the title fits in four lines
        large = ImageFont.truetype(str(FONT), size)
        lines = wrap(title, large, SIZE[0] - 2 * MARGIN)
        if len(lines) <= 4:
            break
    y = MARGIN + 90
    for line in lines[:4]:
        draw.text((MARGIN, y), line, font=large, fill=INK)
        y += int(size * 1.3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def cached_card(cache: Path, site_name: str, title: str) -> bytes:
    digest = hashlib.sha256(f"{site_name}\0{title}\0{FONT.stat().st_size if FONT.is_file() else 0}"
                            .encode()).hexdigest()[:20]
    path = cache / f"{digest}.png"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draw_card(site_name, title))
    return path.read_bytes()


def on_files(files, config):
    cache = project_root(config) / ".cache" / "social"
    for page_file in list(files.documentation_pages()):
        meta = page_meta(page_file.content_string)
        card = cached_card(cache, config.site_name, meta.get("title") or page_file.name)
        files.append(File.generated(config, social_card_path(page_file.src_uri), content=card))
    return files
