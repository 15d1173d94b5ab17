"""The whole build against stock Material on the same pages, cold and warm; and citations at scale.

The corpus (in a temporary folder, deterministic): this project plus --pages more pages of prose
in a nav section of their own. Kinds of build, each timed --runs times in alternating rounds
(median and range are printed):

- stock:      the same mkdocs.yml without this project's hooks, templates (overrides/) and bibtex
              plugin (Material, search and the same Markdown extensions);
- ours, cold: this project's build with its caches emptied before each run;
- ours, warm: the same with the caches of the previous run (what CI and authors mostly see);
- with --cite: the extra pages also cite 5 works each from a .bib of --entries more entries
  (locators, prefixes, several works at once, Japanese and Russian titles, 20 shared surnames),
  built cold and warm, against ours without those citations.

    .venv/bin/python scripts/benchmarks/build_speed.py [--pages 200] [--runs 3] [--cite] [--entries 1000]

Goals (issue 17): ours cold ≤ 2× stock, warm ≤ 1.2× stock; with citations ≤ 1.3× without.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from workspace import copy_project  # noqa: E402

SURNAMES = ["Tanaka", "Hasegawa", "Kimura", "Hara", "Iwashita", "Matsumoto", "Wada", "Rozman", "Ivanov", "Petrov",
            "Smith", "Jones", "Okada", "Sato", "Suzuki", "Kuznetsov", "Volkov", "Brown", "Miller", "Ito"]
GIVEN = ["Akira", "Hiroshi", "Kimie", "Tsuyoshi", "Yuko", "Ivan", "Sergei", "Anna", "John", "Mary"]
JAPANESE_TITLES = ["日ソ国交回復交渉の研究", "北方領土問題の歴史", "冷戦期の日本外交", "サンフランシスコ講和と日本"]
RUSSIAN_TITLES = ["Советско-японские отношения", "Курильский вопрос", "Внешняя политика СССР", "Холодная война"]
WORDS = ("the talks opened in London and moved to Moscow where the delegations met again while the question "
         "of the islands and the security treaty remained open for both governments").split()


def bib_entry(index: int, rng: random.Random) -> str:
    key, author, year = f"work{index:04d}", f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}", rng.randint(1950, 2020)
    kind = index % 10
    if kind == 0:
        return (f"@book{{{key},\n  author = {{{author}}},\n  title = {{{rng.choice(JAPANESE_TITLES)} {index}}},\n"
                f"  publisher = {{Yūhikaku}},\n  year = {{{year}}},\n  langid = {{japanese}},\n"
                "  keywords = {references-only},\n}\n")
    if kind == 1:
        return (f"@article{{{key},\n  author = {{{author}}},\n  title = {{{rng.choice(RUSSIAN_TITLES)} {index}}},\n"
                f"  journal = {{Voprosy istorii}},\n  number = {{{rng.randint(1, 12)}}},\n  year = {{{year}}},\n"
                f"  pages = {{{index % 90 + 1}--{index % 90 + 20}}},\n  langid = {{russian}},\n"
                "  keywords = {references-only},\n}\n")
    return (f"@article{{{key},\n  author = {{{author}}},\n  title = {{Study number {index} of the normalization}},\n"
            f"  journal = {{Journal of Cold War Studies}},\n  volume = {{{rng.randint(1, 25)}}},\n"
            f"  year = {{{year}}},\n  pages = {{{index % 90 + 1}--{index % 90 + 30}}},\n  langid = {{english}},\n"
            "  keywords = {references-only},\n}\n")


def citation(rng: random.Random, entries: int) -> str:
    key = lambda: f"@work{rng.randrange(entries):04d}"  # noqa: E731
    form = rng.randrange(5)
    if form == 0:
        return f"[{key()}]"
    if form == 1:
        return f"[{key()}, {rng.randint(1, 300)}]"
    if form == 2:
        return f"[see {key()}]"
    return f"[{key()}; {key()}]"


def make_corpus(folder: Path, pages: int, cite: bool, entries: int) -> Path:
    project = copy_project(folder, ["mkdocs.yml", "docs", "bib", "overrides"])
    rng = random.Random(1956)
    (project / "docs" / "extra").mkdir()
    nav = ["  - Extra:\n"]
    for number in range(pages):
        paragraphs = []
        for _ in range(6):
            sentence = " ".join(rng.choice(WORDS) for _ in range(40)).capitalize()
            if cite and len(paragraphs) < 5:
                sentence += " " + citation(rng, entries)
            paragraphs.append(sentence + ".")
        (project / "docs" / "extra" / f"page{number:03d}.md").write_text(
            f"---\ntitle: Extra page {number}\ndescription: A page of the benchmark corpus, number {number}.\n---\n\n"
            + "\n\n## A section\n\n".join(paragraphs) + "\n", encoding="utf-8")
        nav.append(f"      - extra/page{number:03d}.md\n")
    if cite:
        (project / "bib" / "extra.bib").write_text("\n".join(bib_entry(index, rng) for index in range(entries)),
                                                   encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "".join(nav), encoding="utf-8")
    stock = re.sub(r"\nhooks:\n(  - .*\n)+", "\n", config.read_text(encoding="utf-8"))
    stock = re.sub(r"  - bibtex:\n(      .*\n)+", "", stock).replace("  custom_dir: overrides\n", "")
    (project / "mkdocs-stock.yml").write_text(stock, encoding="utf-8")
    return project


def build(project: Path, config: str, cold: bool) -> float:
    if cold:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    site = project / "out"
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    # Logging as `scripts/run build` does (not --quiet, which also keeps the machinery from keeping
    # conversions: scholarly/conversions.py); the output is captured, not printed.
    result = subprocess.run([Path(sys.executable).parent / "mkdocs", "build", "-f", project / config, "-d", site],
                            cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "STRICT": "false", "SOURCE_DATE_EPOCH": "0"})
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"{config} failed:\n{result.stderr[-3000:]}")
    return elapsed


def measure(projects: dict[str, tuple[Path, str, bool]], runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in projects}
    for project, config, cold in projects.values():  # a first, unmeasured build fills the warm caches
        if not cold:
            build(project, config, cold=False)
    for _ in range(runs):
        for name, (project, config, cold) in projects.items():
            times[name].append(build(project, config, cold))
    return times


def report(times: dict[str, list[float]], baseline: str) -> None:
    """Medians, and the fastest runs: on a shared machine the fastest run is the one least slowed by
    others, so both ratios are printed."""
    base, fastest = statistics.median(times[baseline]), min(times[baseline])
    print(f"{'build':<30} {'median s':>9} {'range':>13} {'× ' + baseline:>12} {'(fastest runs)':>15}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<30} {median:9.2f} {min(values):6.2f}–{max(values):<6.2f} {median / base:11.2f} "
              f"{min(values) / fastest:15.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cite", action="store_true", help="also measure citations at scale")
    parser.add_argument("--entries", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        plain = make_corpus(Path(folder) / "plain", args.pages, cite=False, entries=0)
        print(f"Corpus: this project plus {args.pages} pages; {args.runs} runs each, in alternating rounds.\n")
        report(measure({"stock Material": (plain, "mkdocs-stock.yml", False),
                        "ours, cold": (plain, "mkdocs.yml", True),
                        "ours, warm": (plain, "mkdocs.yml", False)}, args.runs), "stock Material")
        if args.cite:
            cited = make_corpus(Path(folder) / "cited", args.pages, cite=True, entries=args.entries)
            print(f"\nCitations at scale: 5 citations on each of the {args.pages} pages, {args.entries} more entries.\n")
            report(measure({"ours without citations, cold": (plain, "mkdocs.yml", True),
                            "ours with citations, cold": (cited, "mkdocs.yml", True),
                            "ours without citations, warm": (plain, "mkdocs.yml", False),
                            "ours with citations, warm": (cited, "mkdocs.yml", False)}, args.runs),
                   "ours without citations, cold")


if __name__ == "__main__":
    main()
