"""First-visit transfer of each page, compressed, as a reader's browser downloads it. Prints a table.

Loads every page of the built site in a fresh Chromium profile (empty cache), records every
response, and counts each body gzip-compressed as GitHub Pages serves it. The search index
(search/search_index.json) is counted apart: it is fetched once for the whole site.

    .venv/bin/python scripts/benchmarks/transfer_size.py [--site-dir site] [--budget-kb 100]

The published site also links its repository (the workflows set REPO_URL): about 0.4 KB more a
page. To measure it as published, build with REPO_URL set, e.g.
`REPO_URL=https://github.com/OWNER/REPO .venv/bin/mkdocs build -d site`.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/
from print_pdf import chromium_launch_options, serve  # noqa: E402
from workspace import ROOT  # noqa: E402

SEARCH_INDEX = "search/search_index.json"
PRINT_EDITION = "print/"  # in each edition: print/, ja/print/


def page_urls(site: Path) -> list[str]:
    return sorted(str(path.relative_to(site).parent).replace(".", "") + "/" if path.parent != site else ""
                  for path in site.rglob("index.html"))


def first_visit(browser, url: str) -> dict[str, int]:
    """Each response of a first visit to url (an empty cache), by URL: its gzip-compressed size."""
    context = browser.new_context()
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    sizes = {response.url: len(gzip.compress(response.body(), compresslevel=6)) for response in responses if response.ok}
    context.close()
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", default="site")
    parser.add_argument("--budget-kb", type=float, default=100)
    args = parser.parse_args()
    site = ROOT / args.site_dir
    if not (site / "index.html").is_file():
        raise SystemExit(f"No built site in {site}: run `scripts/run build` first")
    from playwright.sync_api import sync_playwright

    rows = []
    with serve(site) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(**chromium_launch_options())
        for url in page_urls(site):
            sizes = first_visit(browser, base_url + url)
            index = sum(size for name, size in sizes.items() if name.endswith(SEARCH_INDEX))
            rest = sum(size for name, size in sizes.items() if not name.endswith(SEARCH_INDEX))
            rows.append((url or "/", len(sizes), rest, index))
        browser.close()
    print(f"{'page':42} {'requests':>8} {'KB gzip':>8} {'+ search index KB':>18}")
    for url, count, rest, index in rows:
        print(f"{url:42} {count:8d} {rest / 1024:8.1f} {index / 1024:18.1f}")
    content = [row for row in rows if not row[0].endswith(PRINT_EDITION)]  # the edition is the whole site in one page
    worst = max(content, key=lambda row: row[2])
    verdict = "within" if worst[2] / 1024 <= args.budget_kb else "OVER"
    print(f"Largest content page: {worst[0]} at {worst[2] / 1024:.1f} KB, {verdict} the {args.budget_kb:.0f} KB "
          "budget (search index aside; the print edition, all pages in one, is listed but not judged).")


if __name__ == "__main__":
    main()
