"""A second site, with one .bib file, no data pages and no print edition, built strictly by the same
machinery: what the engine needs from a site is its own content and settings."""

from __future__ import annotations

import json

from helpers import build_site, heading_of, parse


def test_a_minimal_site_builds_strictly_with_citations_references_and_metadata(site, tmp_path):
    project = site()
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    home = parse(tmp_path / "out" / "index.html")
    assert heading_of(home) == "A minimal site"
    citation = home.select_one("article span.citation a.citation")
    assert citation.get_text() == "Smith 2020" and citation["href"] == "#ref-smith2020"
    assert home.select_one("#ref-smith2020").get_text().startswith("Smith, Jane. 2020.")
    references = parse(tmp_path / "out" / "references" / "index.html")
    assert {entry["id"] for entry in references.select(".csl-entry")} == {"ref-smith2020", "ref-doe2019"}
    data = json.loads(home.find("script", type="application/ld+json").string)
    assert data["@type"] == "WebSite" and data["about"][0]["name"] == "A Study of Things"
    assert not home.select(".islands-map, .timeline") and "print edition" not in home.select_one(".cite-this-page").text
    assert not (tmp_path / "out" / "scholarly").exists()  # the machinery's files are never published


def test_a_data_page_the_site_does_not_have_is_an_unknown_directive(site, tmp_path):
    project = site(pages={"about.md": "---\ntitle: About\ndescription: About this small site, in one sentence.\n---\n\n"
                                      "Text.\n\n\\timeline\n"})
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 1
    assert "docs/about.md:8: unknown directive \\timeline — use one of: full_bibliography" in result.stderr
