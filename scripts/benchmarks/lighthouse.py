"""Lighthouse at mobile settings on every page of the built site, median of three runs. Prints a table.

Needs the Node tools with Lighthouse (`npm ci`, dev dependencies included) and Chromium (both
installed by `scripts/run test`, Lighthouse by `npm ci`). Serves site/ on loopback gzip-compressed,
as GitHub Pages serves it, and runs Lighthouse's default mobile emulation (Moto G Power, slow 4G
throttling, simulated from the bytes actually transferred).

    npm ci && .venv/bin/python scripts/benchmarks/lighthouse.py [--runs 3] [--site-dir site] [--pages findings/ ja/findings/]

Every page takes about a minute (three runs); --pages measures only those given (paths under the site).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # scripts/
from transfer_size import page_urls  # noqa: E402

from print_pdf import CHROMIUM_ARGS, chromium_launch_options, serve  # noqa: E402
from workspace import ROOT  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def scores(url: str, output: Path) -> dict[str, float]:
    subprocess.run(
        [LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={output}",
         f"--only-categories={','.join(CATEGORIES)}",
         f"--chrome-flags={' '.join([*CHROMIUM_ARGS, '--headless=new'])}"],
        check=True, env={**os.environ, "CHROME_PATH": chromium_launch_options()["executable_path"]},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    report = json.loads(output.read_text())
    return {name: report["categories"][name]["score"] for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site-dir", default="site")
    parser.add_argument("--pages", nargs="*", help="only these pages (e.g. findings/ ja/findings/; / for the home page)")
    args = parser.parse_args()
    site = ROOT / args.site_dir
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` (it is a dev dependency in package.json)")
    if not (site / "index.html").is_file():
        raise SystemExit(f"No built site in {site}: run `scripts/run build` first")
    print(f"Lighthouse, mobile, median of {args.runs} runs per page")
    print(f"{'page':42} " + " ".join(f"{name:>14}" for name in CATEGORIES))
    lowest = dict.fromkeys(CATEGORIES, 1.0)
    with serve(site, compress=True) as base_url, tempfile.TemporaryDirectory() as folder:
        for url in [page.lstrip("/") for page in args.pages] if args.pages else page_urls(site):
            runs = [scores(base_url + url, Path(folder) / "report.json") for _ in range(args.runs)]
            medians = {name: statistics.median(run[name] for run in runs) for name in CATEGORIES}
            lowest = {name: min(lowest[name], medians[name]) for name in CATEGORIES}
            print(f"{url or '/':42} " + " ".join(f"{medians[name]:14.2f}" for name in CATEGORIES), flush=True)
    print(f"{'lowest':42} " + " ".join(f"{lowest[name]:14.2f}" for name in CATEGORIES))


if __name__ == "__main__":
    main()
