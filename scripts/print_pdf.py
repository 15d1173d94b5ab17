"""Print the site's print edition to PDF with headless Chromium (Debian's, not a downloaded one).

Used by `scripts/run build` (so the deployed site carries the PDF) and by the tests, which also
borrow `chromium_launch_options` and `serve` from here. Where the edition is and what the PDF is
called are the site's settings (`extra: scholarly: print:` in mkdocs.yml).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import io
import os
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml
from mkdocs.structure.files import File

from workspace import ROOT

sys.path.insert(0, str(ROOT / "overrides"))  # the build's machinery, scholarly/
from scholarly.cache import write_whole  # noqa: E402

# Flags that keep Chromium off the network (no update checks, no sync) and working as root.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_launch_options() -> dict:
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("google-chrome")
    if not executable:
        raise SystemExit("No Chromium found: run this through `scripts/run`, which installs it.")
    return {"executable_path": executable, "args": CHROMIUM_ARGS}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # no access log on the console
        pass


class CompressingHandler(QuietHandler):
    """Text files gzip-compressed, as GitHub Pages serves them (for measurements of speed)."""

    COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSIBLE \
                or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site_dir: Path, compress: bool = False):
    """The built site on a free loopback port, as a browser would fetch it; yields the base URL."""
    handler = CompressingHandler if compress else QuietHandler
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=site_dir))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def print_settings(project: Path = ROOT) -> tuple[list[str], str]:
    """The print editions' URLs in the site (e.g. "print/" and, for a Japanese edition built by
    mkdocs-static-i18n, "ja/print/") and the PDF's file name."""
    class Loader(yaml.SafeLoader):  # mkdocs.yml's !ENV tags are not needed here
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader)
    settings = config["extra"]["scholarly"]["print"]
    url = File(settings["page"], "docs", "site", use_directory_urls=True).url
    i18n = next((plugin["i18n"] for plugin in config.get("plugins", []) if isinstance(plugin, dict) and "i18n" in plugin), {})
    prefixes = [""] + [f"{language['locale']}/" for language in (i18n or {}).get("languages", [])
                       if not language.get("default") and language.get("build", True)]
    return [prefix + url for prefix in prefixes], settings["pdf"]


# The page number, centred at the foot of every page (Chromium's own header/footer templates).
FOOTER = '<div style="width:100%;font-size:8pt;text-align:center;color:#444"><span class="pageNumber"></span></div>'
PDF_OPTIONS = {"format": "A4", "print_background": True, "outline": True, "tagged": True,
               "display_header_footer": True, "header_template": "<span></span>", "footer_template": FOOTER,
               "margin": {"top": "18mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}}
FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")


def pdf_fontconfig(cache: Path = ROOT / ".cache" / "pdf-fonts") -> Path:
    """A fontconfig setup for the PDF whose Japanese font gives every character a glyph of its own.

    IPAex Gothic draws some characters with one shared glyph: 田 and the Kangxi radical ⽥ (U+2F65),
    〜 (U+301C) and ～ (U+FF5E). Chromium's PDF writer then names one character for that glyph, so
    copying or searching 岡田 in the PDF finds 岡⽥, and 1955〜56 comes out as 1955～56. A copy of
    the font (made once, with fontTools) gives each further character a copy of the glyph.
    """
    font, config = cache / "ipaexg-glyph-per-character.ttf", cache / "fonts.conf"
    if not font.is_file():
        import copy
        from collections import defaultdict

        from fontTools.ttLib import TTFont

        cache.mkdir(parents=True, exist_ok=True)
        for older in cache.glob("*.ttf"):  # an earlier version of the copy would compete with this one
            if older != font:
                older.unlink(missing_ok=True)
        ttf = TTFont(str(FONT))
        sharing = defaultdict(list)
        for codepoint, glyph in ttf.getBestCmap().items():
            sharing[glyph].append(codepoint)
        order, copies = list(ttf.getGlyphOrder()), {}
        for glyph, codepoints in sharing.items():
            # The ordinary character keeps the glyph (and the font's features for it); radicals and
            # compatibility forms get the copies.
            for codepoint in sorted(codepoints, key=lambda cp: (0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF, cp))[1:]:
                name = f"{glyph}.u{codepoint:04X}"
                ttf["glyf"].glyphs[name] = copy.deepcopy(ttf["glyf"][glyph])
                for metrics in ("hmtx", "vmtx"):
                    if metrics in ttf:
                        ttf[metrics].metrics[name] = ttf[metrics].metrics[glyph]
                order.append(name)
                copies[codepoint] = name
        ttf.setGlyphOrder(order)
        ttf["glyf"].glyphOrder = order
        for table in ttf["cmap"].tables:
            if table.isUnicode():
                table.cmap.update({codepoint: name for codepoint, name in copies.items() if codepoint in table.cmap})
        saved = io.BytesIO()
        ttf.save(saved)
        write_whole(font, saved.getvalue())  # (another build may be reading the font meanwhile)
    write_whole(config, f"""<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{cache}</dir><cachedir>{cache}/cache</cachedir>
<selectfont><rejectfont><glob>{FONT.parent}/*</glob><glob>/usr/share/fonts/truetype/fonts-japanese-gothic.ttf</glob>
</rejectfont></selectfont></fontconfig>""".encode())
    return config


def chapter_pages(pdf: bytes) -> list[int]:
    """The page on which each top-level heading starts, from the PDF's outline (1-based)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [reader.get_destination_page_number(item) + 1 for item in reader.outline if not isinstance(item, list)]


def print_pdf(site_dir: Path) -> list[Path]:
    """Write each edition's print PDF into the built site, with Debian's Chromium.

    Printed twice: the first print tells on which page each chapter starts, and the second puts
    those numbers in the table of contents (Chromium has no `target-counter()`).
    """
    from playwright.sync_api import sync_playwright

    print_urls, pdf_name = print_settings()
    targets = []
    env = {**os.environ, "FONTCONFIG_FILE": str(pdf_fontconfig())}
    with sync_playwright() as playwright, serve(site_dir) as base_url:
        browser = playwright.chromium.launch(**chromium_launch_options(), env=env)
        try:
            for print_url in print_urls:
                page = browser.new_page()
                page.goto(base_url + print_url, wait_until="networkidle")
                page.emulate_media(media="print", color_scheme="light")
                # The outline's first entry is the title page's heading; then one per chapter.
                numbers = chapter_pages(page.pdf(**PDF_OPTIONS))[1:]
                page.evaluate("""numbers => document.querySelectorAll(".print-contents__page").forEach(
                    (cell, index) => { cell.textContent = numbers[index] ?? ""; })""", numbers)
                targets.append(site_dir / print_url / pdf_name)
                page.pdf(path=targets[-1], **PDF_OPTIONS)
                page.close()
        finally:
            browser.close()
    return targets


if __name__ == "__main__":
    for path in print_pdf(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")):
        print(path)
