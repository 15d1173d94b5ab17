"""The Markdown extension in a real build: citations where Markdown reads text, never in code;
the title as the page's heading; notes before references; what authors write escaped."""

from __future__ import annotations

import json

from helpers import build_site, parse

PAGE = r"""---
title: Citations & "quotes" <b>here</b>
description: A page whose title holds markup characters & quotes "like these".
---

Cited [see @smith2020, 12; @doe2019]. Cited before a colon [@smith2020]: yes.

Code shows the syntax: `[@smith2020]`, and so does \[@doe2019] and [a link @smith2020](https://example.org).

```markdown
Text [@smith2020].
```

    Indented [@doe2019].

A note.[^1]

[^1]: The note's text.
"""


def test_citations_are_read_where_markdown_reads_text(site, tmp_path):
    project = site(pages={"page.md": PAGE})
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "out" / "page" / "index.html")
    article = page.select_one("article")
    citations = article.select("span.citation")
    assert [c.get_text() for c in citations] == [" (see Smith 2020, 12; Doe 2019)", " (Smith 2020)"]
    assert [a["href"] for a in citations[0].select("a.citation")] == ["#ref-smith2020", "#ref-doe2019"]
    codes = [code.get_text() for code in article.select("code")]
    assert "[@smith2020]" in codes and "Text [@smith2020].\n" in codes and "Indented [@doe2019].\n" in codes
    text = article.get_text()
    assert "[@doe2019]" in text and "a link @smith2020" in text
    # Notes come before the references; the references are those cited, in the style's order.
    notes, references = article.select_one("div.footnote"), article.select_one("#references")
    assert notes.find_next(id="references") is references
    assert [entry["id"] for entry in article.select("#references ~ .references .csl-entry")] == [
        "ref-doe2019", "ref-smith2020"]


def test_markup_characters_in_a_title_and_description_read_as_written(site, tmp_path):
    project = site(pages={"page.md": PAGE})
    assert build_site(project, tmp_path / "out").returncode == 0
    page = parse(tmp_path / "out" / "page" / "index.html")
    title = 'Citations & "quotes" <b>here</b>'
    description = 'A page whose title holds markup characters & quotes "like these".'
    heading = page.select_one("article h1").get_text().rstrip("¶")
    assert heading.replace("“", '"').replace("”", '"') == title  # the heading gets typographic quotes
    assert page.title.get_text() == f"{title} - A minimal site"
    assert page.find("meta", attrs={"name": "description"})["content"] == description
    assert page.find("meta", property="og:title")["content"] == title
    assert not page.select("article h1 b")  # the <b> is text
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["name"] == title and data["description"] == description
    nav_titles = [link.get_text(" ", strip=True) for link in page.select("nav.md-nav--primary a.md-nav__link")]
    assert title in nav_titles


TABLES = """---
title: Tables
description: A comparison whose rows are named in its first column, and a plain table.
---

|  | First | Second |
|---|---|---|
| Champion | A | B |
| Fate | C | D |

| Name | Value |
|---|---|
| x | 1 |
"""


def test_a_table_with_an_empty_corner_names_its_rows(site, tmp_path):
    # A review: the comparison's row labels were plain cells, so a screen reader could not say which row a cell is in.
    project = site(pages={"page.md": TABLES})
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    comparison, plain = parse(tmp_path / "out" / "page" / "index.html").select("article table")
    assert [(cell.name, cell.get("scope")) for cell in comparison.select("thead tr > *")] == [
        ("td", None), ("th", "col"), ("th", "col")]
    assert [row.find().name + ":" + row.find()["scope"] + ":" + row.find().get_text() for row in comparison.select("tbody tr")] == [
        "th:row:Champion", "th:row:Fate"]
    assert not plain.select("[scope]") and [cell.name for cell in plain.select("tbody td")] == ["td", "td"]
