"""The scholarly apparatus as machines read it: citation formats, head metadata, JSON-LD, COinS."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from urllib.parse import parse_qs

import extruct
import pytest
import rispy
from PIL import Image
from pybtex.database import parse_string
from pyld import jsonld

from helpers import ROOT, heading_of
from scholarly.cards import draw_card
from scholarly.settings import CardSettings

CONTENT_PAGES = ["index.md", "dissertation.md", "findings/korean-war.md", "proposals/khrushchev.md"]


def code_blocks(page, heading: str) -> str:
    return page.find("h3", string=heading).find_next("pre").get_text()


@pytest.mark.parametrize("src", CONTENT_PAGES)
def test_cite_this_page_offers_three_formats_that_describe_the_same_page(src, parse_page):
    page = parse_page(src)
    title = heading_of(page).replace("’", "'")
    chicago = code_blocks(page, "Chicago (author-date)")
    assert chicago.startswith("Site editors. 20") and "2026a" not in chicago
    (entry,) = parse_string(code_blocks(page, "BibTeX"), "bibtex").entries.values()
    assert entry.type == "online" and entry.fields["title"].replace("’", "'") == title
    assert entry.fields["journaltitle"] == entry.fields["organization"] == "Okada Miho on the Japan–Soviet Normalization Talks"
    assert "\\_" not in entry.fields["url"]
    (ris,) = rispy.loads(code_blocks(page, "RIS"))
    assert ris["type_of_reference"] == "ELEC" and ris["title"].replace("’", "'") == title
    assert ris["urls"] == [entry.fields["url"]] and ris["secondary_title"] == entry.fields["organization"]
    assert ris["abstract"] == entry.fields["abstract"] and ris["language"] == entry.fields["language"] == "en"


def test_cite_the_research_gives_okadas_work_not_the_page(parse_page):
    work = parse_page("findings/korean-war.md").select_one(".cite-this-page__work").get_text()
    assert "Okada, Miho. 2020." in work and "@article{okada2020" in work


def head(page, name: str) -> list[str]:
    return [meta["content"] for meta in page.find_all("meta", attrs={"name": name})]


def test_head_tags_describe_the_page_and_list_its_references(parse_page):
    page = parse_page("findings/korean-war.md")
    # A page, not an article: no Highwire tags (Google Scholar would read citation_reference only
    # beside a citation_title). The works it cites are identified in its JSON-LD `citation`; each
    # reference on the page links its full record (RIS, BibTeX), and the work the page is about is
    # described in full under `about`.
    assert not page.find("meta", attrs={"name": re.compile(r"^citation_")})
    (data,) = [json.loads(script.string) for script in page.select("script[type='application/ld+json']")]
    assert len(data["citation"]) == len({link["href"] for link in page.select("article a.citation")})
    (okada,) = [work for work in data["citation"] if work["name"].startswith("Japan-Soviet Normalization Talks")]
    assert okada["author"][0]["familyName"] == "Okada" and okada["datePublished"] == "2020" and "isPartOf" not in okada
    assert data["about"][0]["isPartOf"]["isPartOf"]["name"] == "Kokusai Seiji"
    assert page.select_one("#ref-okada2020 a[href$='okada2020.ris']") and page.select_one("#ref-okada2020 a[href$='okada2020.bib']")
    assert head(page, "DC.creator") == ["Site editors"] and head(page, "DC.title")


def test_open_graph_and_twitter_cards_point_at_a_built_image(parse_page, site_dir):
    page = parse_page("dissertation.md")
    (og,) = extruct.extract(str(page), syntaxes=["opengraph"], uniform=True)["opengraph"]
    assert og["og:title"] == "The dissertation in summary"
    image = og["og:image"].split("/", 3)[3]
    assert (site_dir / image).read_bytes().startswith(b"\x89PNG")
    assert head(page, "twitter:card") == ["summary_large_image"]


def test_json_ld_home_is_a_website_and_a_content_page_is_about_okadas_work(parse_page):
    (home,) = extruct.extract(str(parse_page("index.md")), syntaxes=["json-ld"])["json-ld"]
    assert home["@type"] == "WebSite"
    (data,) = extruct.extract(str(parse_page("findings/two-islands.md")), syntaxes=["json-ld"])["json-ld"]
    expanded = jsonld.expand(data, {"documentLoader": lambda url, options=None: {
        "contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "https://schema.org/"}}}})
    (page,) = expanded
    assert page["@type"] == ["https://schema.org/WebPage"]
    about = page["https://schema.org/about"]
    assert about[0]["@type"] == ["https://schema.org/ScholarlyArticle"]
    author = about[0]["https://schema.org/author"][0]
    assert author["https://schema.org/familyName"][0]["@value"] == "Okada"
    assert page["https://schema.org/dateModified"] and page["https://schema.org/citation"]
    assert page["https://schema.org/author"][0]["https://schema.org/name"][0]["@value"] == "Site editors"


def test_every_json_ld_block_parses(site_dir):
    for path in site_dir.rglob("*.html"):
        for block in extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]:
            json.dumps(block)


@pytest.mark.parametrize("src", ["references.md", "findings/korean-war.md", "print.md"])
def test_each_save_link_names_the_work_it_saves(parse_page, src):
    # A review: a screen reader's list of links read "RIS, BibTeX, In the full list" again and again.
    # Their purpose is told by the paragraph they stand in (WCAG 2.4.4, technique H78): the reference's.
    page = parse_page(src)
    links = page.select(".csl-entry a[href$='.ris'], .csl-entry a[href$='.bib'], .csl-entry a.references__more")
    assert links
    language = page.html["lang"]
    for link in links:
        paragraph, entry = link.find_parent("p"), link.find_parent(class_="csl-entry")
        assert paragraph is not None and paragraph is entry.find("p")
        assert len(paragraph.get_text(" ", strip=True)) > len(link.find_parent(class_="references__links").get_text()) + 20
        assert link.find_parent(lang=True)["lang"] == language  # read in the page's language, not the work's


def test_the_page_itself_carries_coins_and_every_listed_work_can_be_saved(parse_page):
    own = parse_qs(parse_page("findings/korean-war.md").select_one(".cite-this-page span.Z3988")["title"])
    assert own["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dc"] and own["rft.aucorp"] == ["Site editors"]
    for entry in parse_page("references.md").select(".csl-entry"):
        query = parse_qs(entry.select_one("span.Z3988")["title"])
        assert query["ctx_ver"] == ["Z39.88-2004"] and (query.get("rft.atitle") or query.get("rft.btitle")
                                                        or query.get("rft.title"))


def test_social_card_renders_japanese(tmp_path):
    card = draw_card("Site", "日ソ国交回復交渉の再検討", CardSettings(), CardSettings().font)
    (tmp_path / "card.png").write_bytes(card)
    with Image.open(tmp_path / "card.png") as image:
        assert image.size == (1200, 630)
        # A font without Japanese glyphs draws nothing (or boxes); count the ink in the title area.
        title_area = image.convert("L").crop((80, 170, 1120, 260))
        assert sum(1 for value in title_area.get_flattened_data() if value > 200) > 5000


def test_citation_cff_is_valid():
    result = subprocess.run([sys.executable.replace("python", "cffconvert"), "--validate", "-i", ROOT / "CITATION.cff"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
