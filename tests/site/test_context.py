"""The context pages made from docs/data: timeline, map, who's who and glossary."""

from __future__ import annotations

import re

import yaml
from lxml import etree

from helpers import ROOT

DATA = ROOT / "docs" / "data"


def data(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def test_timeline_is_a_semantic_list_in_date_order(parse_page):
    events = parse_page("timeline.md").select("ol.timeline > li.timeline__event")
    assert len(events) == len(data("timeline.yml")) >= 18
    starts = [event.find("time")["datetime"] for event in events]
    assert starts == sorted(starts)
    assert all(re.fullmatch(r"\d{4}(-\d{2}){0,2}", start) for start in starts)


def test_timeline_covers_the_required_events():
    titles = " | ".join(event["title"] + " " + event["description"] for event in data("timeline.yml"))
    for needle in ["Yalta", "declares war", "Korean War", "San Francisco", "Security Treaty", "Stalin",
                   "Hatoyama", "London", "Habomai", "Shepilov", "Dulles", "aide-mémoire", "Joint Declaration",
                   "force", "United Nations", "revised", "memorandum"]:
        assert needle.lower() in titles.lower(), needle


def test_findings_and_proposals_list_their_events_before_notes_and_references(parse_page):
    page = parse_page("proposals/khrushchev.md")
    links = page.select("#on-the-timeline + ul a")
    assert links and all(link["href"].startswith("../../timeline/#event-") for link in links)
    headings = [h2["id"] for h2 in page.select("article h2") if h2["id"] != "cite-this-page"]
    assert headings.index("on-the-timeline") < headings.index("references") == len(headings) - 1


def test_every_person_has_an_entry_and_first_mentions_link_there(parse_page):
    people = parse_page("people.md")
    for person in data("people.yml"):
        assert people.find(id=person["id"]), person["id"]
    finding = parse_page("findings/khrushchev-overrules-molotov.md")
    assert len(finding.select("article a.person[href$='#molotov']")) == 1  # the first mention only


def test_appears_in_lists_reader_pages_in_reading_order(parse_page, nav_pages):
    people = parse_page("people.md")
    order = {f"../{src.removesuffix('.md').removesuffix('index')}/".replace("//", "/").replace("../index/", "../"):
             position for position, src in enumerate(nav_pages)}
    for person in data("people.yml"):
        entry = people.find(id=person["id"]).find_next_sibling("p").find_next_sibling("p", class_="appears-in")
        assert entry, f"{person['id']} appears nowhere"
        hrefs = [link["href"] for link in entry.select("a")]
        assert "../contributing/" not in hrefs
        assert [order.get(href, -1) for href in hrefs] == sorted(order.get(href, -1) for href in hrefs), person["id"]


def test_glossary_is_alphabetical_and_terms_link_to_their_definition(parse_page):
    terms = {term["term"]: term["definition"] for term in data("glossary.yml")}
    headings = [h2.get_text(strip=True).rstrip("¶") for h2 in parse_page("glossary.md").select("article h2")
                if h2["id"] not in ("references", "cite-this-page")]
    assert headings == sorted(terms, key=str.casefold)
    link = parse_page("dissertation.md").select_one("article a.glossary-term")
    assert link and link["href"].startswith("../glossary/#") and link["title"] == terms[link.get_text()]


def test_map_is_drawn_from_coastlines_with_text_labels_a_scale_and_a_table(parse_page):
    page = parse_page("map.md")
    svg = etree.fromstring(str(page.select_one("svg.islands-map")).encode())
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.find("svg:title", namespace).text and svg.find("svg:desc", namespace).text
    labels = " ".join("".join(text.itertext()) for text in svg.iterfind(".//svg:text", namespace))
    for island in data("islands.yml"):
        assert island["name"] in labels and island["japanese"] in labels
    for place in ("Hokkaidō", "Shiretoko Peninsula", "Nemuro Peninsula", "50 km"):
        assert place in labels
    groups = {path.get("data-group") for path in svg.iterfind(".//svg:path", namespace)}
    assert {"hokkaido", "etorofu", "kunashiri", "shikotan", "habomai"} <= groups
    assert page.select_one("figure.islands-figure figcaption.islands-legend")  # the legend is outside the drawing
    rows = page.select("article table tbody tr")
    assert len(rows) == 4 and all(island["russian"] in " ".join(row.get_text() for row in rows)
                                  for island in data("islands.yml"))


def test_japanese_and_russian_runs_carry_their_language(parse_page, nav_pages):
    import re

    for src in nav_pages:
        article = parse_page(src).select_one("article")
        for code in article.select("code, pre, svg, script"):
            code.decompose()
        for text in article.find_all(string=re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]")):
            language = next((parent.get("lang") for parent in text.parents if parent.get("lang")), None)
            expected = "ru" if re.search(r"[\u0400-\u04ff]", text) else "ja"
            assert language == expected, (src, str(text)[:40], language)
