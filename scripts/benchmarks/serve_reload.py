"""How long after saving a page does `scripts/run serve` show the change? Prints the numbers.

Runs the real `scripts/docs.py serve` on a copy of the project (so the working tree is never
touched), opens the page in Chromium as an author would, edits it several times and times each
save until the edit is on screen: the preview's rebuild (both editions), its live-reload signal
and the browser's reload. (Polling the served file instead saw the page before the rebuild had
finished, 0.13 s too soon.) Needs Chromium, which `scripts/run test` installs.

    .venv/bin/python scripts/benchmarks/serve_reload.py [--edits 5] [--page findings/two-islands.md] [--cite]

Every save rebuilds the whole site (so that navigation, search and the print edition are right);
the goal is an edit on screen within 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from playwright.sync_api import sync_playwright  # noqa: E402

from print_pdf import chromium_launch_options  # noqa: E402
from workspace import copy_project, free_port, wait_for  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--page", default="findings/two-islands.md")
    parser.add_argument("--cite", action="store_true",
                        help="each edit adds a citation not yet formatted (a new pandoc pass) instead of prose")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder))
        port = free_port()
        url = f"http://127.0.0.1:{port}/" + args.page.removesuffix(".md").removesuffix("index") + "/"
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, project / "scripts" / "docs.py", "serve", "--address", f"127.0.0.1:{port}"],
            cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(url, "</html>", timeout=120)
            startup = time.perf_counter() - started
            page_file = project / "docs" / args.page
            original = page_file.read_text(encoding="utf-8")
            times = []
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(**chromium_launch_options())
                page = browser.new_page()
                page.goto(url)
                time.sleep(0.5)  # the live-reload script is connected
                for edit in range(args.edits):
                    if args.cite:
                        locator = 400 + edit  # a page number no citation of the site has yet
                        addition, shown = f"A benchmark claim [@kimura2008, {locator}].", f"Kimura 2008, {locator}"
                    else:
                        addition = shown = f"Benchmark edit {edit} {time.time_ns()}"
                    saved = time.perf_counter()
                    page_file.write_text(original + f"\n{addition}\n", encoding="utf-8")
                    page.wait_for_function("text => document.body && document.body.innerText.includes(text)",
                                           arg=shown, timeout=60_000, polling=10)
                    times.append(time.perf_counter() - saved)
                    time.sleep(0.5)  # let the watcher settle before the next edit
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"serve: first page served after {startup:.2f} s")
    kind = "a new citation" if args.cite else "a prose edit"
    print(f"scripts/run serve: {kind} → the open page shows it, {args.edits} edits of docs/{args.page}: "
          f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
