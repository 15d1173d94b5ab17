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


def print_settings(project: Path = ROOT) -> tuple[str, str]:
    """The print edition's URL in the site (e.g. "print/") and the PDF's file name."""
    class Loader(yaml.SafeLoader):  # mkdocs.yml's !ENV tags are not needed here
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    settings = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader)["extra"]["scholarly"]["print"]
    return File(settings["page"], "docs", "site", use_directory_urls=True).url, settings["pdf"]


def print_pdf(site_dir: Path, browser=None) -> Path:
    """Write the print edition's PDF into the built site; with a Playwright browser or a new one."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**chromium_launch_options())
            try:
                return print_pdf(site_dir, browser)
            finally:
                browser.close()
    print_url, pdf_name = print_settings()
    target = site_dir / print_url / pdf_name
    with serve(site_dir) as base_url:
        page = browser.new_page()
        page.goto(base_url + print_url, wait_until="networkidle")
        page.emulate_media(media="print", color_scheme="light")
        page.pdf(path=target, format="A4", print_background=True, outline=True, tagged=True,
                 margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
        page.close()
    return target


if __name__ == "__main__":
    print(print_pdf(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")))
