"""`scripts/run serve` as an author uses it: after every save the preview is the site as published
(navigation, search index, citations), and a change to the build's code restarts it, saying so."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from bs4 import BeautifulSoup

from helpers import copy_project
from workspace import fetch, free_port, wait_for


def nav_titles(html: str) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    return [link.get_text(" ", strip=True) for link in page.select("nav.md-nav--primary a.md-nav__link")
            if not link.find_parent(class_="md-nav--secondary")]


def cache_control(url: str) -> str | None:
    with urllib.request.urlopen(url) as response:
        return response.headers.get("Cache-Control")


@pytest.mark.long
def test_every_save_gives_the_published_site_and_code_changes_restart(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, project / "scripts" / "docs.py", "serve", "--address", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(base + "findings/two-islands/", "</html>", timeout=180)
        assert f"Serving on {base}" in log.read_text()
        first = fetch(base + "findings/two-islands/")
        index = len(json.loads(fetch(base + "search/search_index.json"))["docs"])
        page = project / "docs" / "findings" / "two-islands.md"
        original = page.read_text(encoding="utf-8")
        for edit in range(3):  # prose edits, then a new citation
            page.write_text(original + f"\nAn edit in the prose, number {edit}.\n", encoding="utf-8")
            wait_for(base + "findings/two-islands/", f"number {edit}.")
        page.write_text(original + "\nA new claim [@kimura2008, 412].\n", encoding="utf-8")
        wait_for(base + "findings/two-islands/", "Kimura 2008, 412")
        cited = BeautifulSoup(fetch(base + "findings/two-islands/"), "html.parser")
        other = fetch(base + "proposals/molotov/")
        assert nav_titles(other) == nav_titles(first) and "None" not in nav_titles(other)
        assert len(json.loads(fetch(base + "search/search_index.json"))["docs"]) == index
        assert cited.select('a.citation[href="#ref-kimura2008"]') and cited.select("#references ~ .references #ref-kimura2008")
        assert "<mark>" not in fetch(base + "search/search_index.json")
        # The preview keeps the published policy (no inline script but the theme's): live reload
        # comes from the server; the Japanese edition is previewed too.
        policy = cited.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        reload_script = cited.find("script", src=lambda src: src and src.startswith("/__livereload.js?"))
        assert reload_script and "livereload(" in fetch(base + reload_script["src"].lstrip("/"))
        assert BeautifulSoup(fetch(base + "ja/findings/two-islands/"), "html.parser").html["lang"] == "ja"
        # A reload takes Material's content-named bundle from the browser's cache, and nothing an author changes.
        bundle = cited.find("script", src=lambda src: src and "/bundle." in src)["src"]
        assert cache_control(base + bundle.lstrip("/")) == "max-age=86400, immutable"
        for changing in ("assets/stylesheets/site.css", "search/search_index.json", "findings/two-islands/"):
            assert cache_control(base + changing) is None, changing
        # The build's code: a running process cannot reload it, so the preview restarts.
        hooks = project / "overrides" / "hooks.py"
        hooks.write_text(hooks.read_text() + "\n# an edit\n")
        deadline = time.time() + 60
        while "restarting the preview" not in log.read_text() and time.time() < deadline:
            time.sleep(0.2)
        assert "The build's code changed (overrides/hooks.py): restarting the preview" in log.read_text()
        time.sleep(1)
        wait_for(base + "findings/two-islands/", "Kimura 2008, 412", timeout=120)
    finally:
        server.terminate()  # as `kill` does: the server process must go with it
        server.wait(timeout=30)
    time.sleep(1)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the preview's server outlived `kill`"
    text = log.read_text()
    assert "Traceback" not in text and "ERROR" not in text, text


# The preview's rebuilds, in one process as `serve` makes them: after each change, the site built
# with the conversions kept from the build before (scholarly.conversions, in .cache/) and the site
# built with none kept must be the same, byte for byte, and report the same problems.
REBUILDS = r'''
import filecmp, json, logging, os, shutil, sys
from pathlib import Path

project = Path(sys.argv[1])
os.chdir(project)
sys.path.insert(0, str(project / "overrides"))
from mkdocs.commands.build import build
from mkdocs.config import load_config

from scholarly import conversions
from scholarly.pipeline import Pipeline

# As the preview logs (INFO): which messages a page gives decides whether its conversion is kept.
logging.getLogger("mkdocs").setLevel(logging.INFO)
logging.getLogger("mkdocs").propagate = False
logging.getLogger("mkdocs").addHandler(logging.NullHandler())


def rebuild(site):
    config = load_config("mkdocs.yml", site_dir=str(project / site))
    config.plugins.on_startup(command="serve", dirty=False)
    pipeline = next(hooks.PIPELINE for hooks in config.plugins.values() if hasattr(hooks, "PIPELINE"))
    build(config, serve_url="http://127.0.0.1:8000/")
    return [str(problem) for problem in pipeline.build.problems.found]


restored = [0]  # conversions given back
give_back = conversions.restore


def counted_restore(*arguments):
    restored[0] += 1
    return give_back(*arguments)


conversions.restore = counted_restore


def differences(comparison):
    found = [os.path.join(comparison.left, name)
             for name in comparison.diff_files + comparison.left_only + comparison.right_only]
    return found + [name for sub in comparison.subdirs.values() for name in differences(sub)]


def change(path, old, new):
    file = project / path
    if new is None:
        file.unlink()
    else:
        text = file.read_text(encoding="utf-8") if file.exists() else ""
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), encoding="utf-8")


rebuild("site")
for path, old, new, during in json.loads(sys.argv[2]):
    reused = restored[0]
    if during:  # saved while a rebuild runs (after the data is read, or before it and undone); the save rebuilds again
        step = "add_cards" if during == "after reading" else "load_data"
        original, pending = getattr(Pipeline, step), [(path, old, new)]

        def saved_meanwhile(*arguments):
            while pending:  # once (the Japanese edition's build calls it too)
                change(*pending.pop())
            return original(*arguments)

        setattr(Pipeline, step, saved_meanwhile)
        if during == "before reading, then undone":  # in a rebuild that converts every page (as after a .bib edit)
            shutil.rmtree(project / ".cache" / "conversions")
        rebuild("kept")
        setattr(Pipeline, step, original)
        if during == "before reading, then undone":
            change(path, new, old)
    else:
        change(path, old, new)
    problems = rebuild("kept")
    reused = restored[0] - reused
    shutil.rmtree(project / ".cache" / "conversions", ignore_errors=True)
    print(json.dumps({"change": [path, new], "reused": reused, "problems": problems, "fresh_problems": rebuild("fresh"),
                      "differences": differences(filecmp.dircmp(project / "kept", project / "fresh"))}), flush=True)
'''

# Each change: (file, text, replaced by, saved during a rebuild?, conversions the rebuild keeps:
# "others" (all but the edited page's), "japanese" (the Japanese edition's), "none", or unchecked).
PAGE_CHANGES = [
    ("docs/findings/two-islands.md", "\n## ", "\nA claim [@kimura2008, 412] that Molotov made, as "
     "[the proposal](../proposals/molotov.md#in-brief) says.\n\n## ", None, "others"),  # a citation, a mention, a link
    ("docs/findings/two-islands.md", "[@kimura2008, 412]", "[@kimura2009, 412]", None, "others"),  # a problem
    ("docs/findings/two-islands.md", "[@kimura2009, 412]", "[@kimura2008, 412]", None, "others"),  # mended
    ("docs/findings/two-islands.ja.md", "\n## ", "\n新しい文 [@kimura2008]。\n\n## ", None, "others"),
    # A heading that cites: its id must not depend on how many fragments the site's other pages have.
    ("docs/references.md", "## Primary sources", "## Primary sources [@kimura2008]", None, "others"),
    ("docs/about.md", "\n## Sources", "\nA claim [@kimura2008, 412] here.\n\n## Sources", None, "others"),
]
INPUT_CHANGES = [
    ("docs/findings/korean-war.md", "title: ", "title: Renamed: ", None, "japanese"),  # a title the timeline shows
    ("docs/data/people.yml", "First Secretary", "First secretary", None, "none"),
    ("bib/secondary.bib", "The Kurillian Knot", "The Kurillian Knot Renamed", None, "none"),
    # A Japanese page links to an English page that has no translation yet; then that page goes.
    ("docs/about.ja.md", "\n## ", "\n[新しいページ](newpage.md)\n\n## ", None, "others"),
    ("docs/newpage.md", "", "---\ntitle: A new page\ndescription: A page of the test, new.\n---\n\nIts text.\n", None, "none"),
    ("docs/newpage.md", None, None, None, "none"),
    ("docs/data/people.yml", "Nikolai", "Nikolay", "after reading", None),
    # (A data file counts as the build read it; a template, read as pages convert, by the files' stock-taking.)
    ("overrides/scholarly/templates/data/people.html", '<h2 id="{{ person.id }}">', '<h2 id="{{ person.id }}" class="x">',
     "before reading, then undone", None),
]


@pytest.mark.long
@pytest.mark.parametrize("changes", [INPUT_CHANGES, PAGE_CHANGES], ids=["inputs", "pages"])
def test_a_rebuild_that_keeps_unchanged_conversions_makes_the_site_a_full_one_makes(tmp_path, changes):
    project = copy_project(tmp_path / "project")
    result = subprocess.run([sys.executable, "-c", REBUILDS, project, json.dumps([change[:4] for change in changes])],
                            cwd=project, capture_output=True, text=True, timeout=600,
                            env={**os.environ, "SCHOLARLY_MODE": "serve", "STRICT": "false", "SOURCE_DATE_EPOCH": "0",
                                 "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(reports) == len(changes)
    for report in reports:
        assert report["differences"] == [], report["change"]
        assert report["problems"] == report["fresh_problems"], report["change"]
    pages = len(list((project / "docs").rglob("*.md")))
    kept = {"others": pages - 1, "japanese": len(list((project / "docs").rglob("*.ja.md"))), "none": 0}
    assert [report["reused"] for report in reports] == [
        kept.get(change[4], report["reused"]) for change, report in zip(changes, reports, strict=True)]
    if changes is PAGE_CHANGES:
        assert any("kimura2009" in problem for problem in reports[1]["problems"])
        assert not any("kimura2009" in problem for problem in reports[2]["problems"])
