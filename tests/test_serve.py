"""`scripts/run serve` as an author uses it: edits show, citations survive rebuilds, new ones render."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

from bs4 import BeautifulSoup

from authoring import copy_project
from benchmarks.serve_reload import free_port, wait_for


def fetch(url: str) -> BeautifulSoup:
    with urllib.request.urlopen(url, timeout=5) as response:
        return BeautifulSoup(response.read().decode("utf-8"), "html.parser")


def test_serve_rebuilds_keep_citations_and_format_new_ones(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    url = f"http://127.0.0.1:{port}/findings/two-islands/"
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen([sys.executable, project / "scripts" / "docs.py", "serve", "--address", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(url, "</html>", timeout=180)
        page = project / "docs" / "findings" / "two-islands.md"
        original = page.read_text(encoding="utf-8")
        # A prose edit: the citations come from memory, no pandoc run.
        page.write_text(original + "\nAn edit in the prose.\n", encoding="utf-8")
        wait_for(url, "An edit in the prose.")
        edited = fetch(url)
        # A new citation: one site-wide pass runs while the page renders, which is completed after.
        page.write_text(original + "\nA new claim [@kimura2008, 12].\n", encoding="utf-8")
        wait_for(url, "(Kimura 2008, 12)")
        cited = fetch(url)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(edited.select("a.citation")) > 5 and edited.select("#references ~ .references .csl-entry")
    assert cited.select('a.citation[href="#ref-kimura2008"]')
    assert cited.select("#references ~ .references #ref-kimura2008")
    assert not cited.select("[data-deferred]") and not edited.select("[data-deferred]")
    assert "Traceback" not in log.read_text() and "ERROR" not in log.read_text(), log.read_text()
