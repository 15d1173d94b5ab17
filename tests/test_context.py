"""Context pages made from docs/data: timeline, map, who's who, glossary, and their error messages."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import yaml
from lxml import etree

from context_data import SCHEMAS, check_data, link_first_mentions, load

ROOT = Path(__file__).resolve().parent.parent
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


def test_every_event_source_person_and_page_resolves(nav_pages):
    bib_keys = {key for path in (ROOT / "bib").glob("*.bib")
                for key in re.findall(r"^@\w+\{([^,]+),", path.read_text(), re.MULTILINE)}
    people = {person["id"] for person in data("people.yml")}
    for event in data("timeline.yml"):
        assert set(event.get("sources", [])) <= bib_keys, event["id"]
        assert set(event.get("people", [])) <= people, event["id"]
        assert set(event.get("pages", [])) <= set(nav_pages), event["id"]
    for term in data("glossary.yml"):
        assert set(term.get("sources", [])) <= bib_keys, term["term"]


def test_findings_and_proposals_link_to_their_events(parse_page):
    page = parse_page("proposals/khrushchev.md")
    links = page.select("#on-the-timeline + ul a")
    assert links and all(link["href"].startswith("../../timeline/#event-") for link in links)


def test_every_person_mentioned_has_an_entry_and_first_mentions_link_there(parse_page):
    people = parse_page("people.md")
    for person in data("people.yml"):
        assert people.find(id=person["id"]), person["id"]
    finding = parse_page("findings/khrushchev-overrules-molotov.md")
    molotov = finding.select("article a.person[href$='#molotov']")
    assert len(molotov) == 1  # the first mention only


def test_first_mention_skips_headings_links_and_references():
    html = '<h2>Molotov</h2><p><a href="x">Molotov</a> and then Molotov and Molotov.</p>'
    out = link_first_mentions(html, [{"id": "molotov", "name": "Vyacheslav Molotov", "aliases": ["Molotov"]}],
                              "../people/")
    assert out.count('class="person"') == 1 and "and then <a" in out


def test_glossary_terms_are_hover_definitions_on_every_page(parse_page, nav_pages):
    terms = {term["term"]: term["definition"] for term in data("glossary.yml")}
    headings = {h3.get_text(strip=True).rstrip("¶") for h3 in parse_page("glossary.md").select("article h2")}
    assert set(terms) <= headings
    abbr = parse_page("dissertation.md").find("abbr", string="Joint Declaration")
    assert abbr and abbr["title"] == terms["Joint Declaration"]


def test_map_is_valid_svg_with_text_labels_and_a_table(parse_page):
    page = parse_page("map.md")
    svg = etree.fromstring(str(page.select_one("svg.islands-map")).encode())
    namespace = {"svg": "http://www.w3.org/2000/svg"}
    assert svg.find("svg:title", namespace).text and svg.find("svg:desc", namespace).text
    labels = {text.text for text in svg.iterfind(".//svg:text", namespace)}
    for island in data("islands.yml"):
        assert {island["name"], island["japanese"], island["russian"]} <= labels
    assert svg.find(".//svg:abbr", namespace) is None and not svg.xpath(".//*[local-name()='abbr']")
    rows = page.select("article table tbody tr")
    assert len(rows) == 4 and sum("Article 9" in row.get_text() for row in rows) == 4


def problems_for(name: str, text: str) -> list[str]:
    _, _, problems = load(f"docs/data/{name}", textwrap.dedent(text), SCHEMAS[name])
    return [str(problem) for problem in problems]


def test_a_malformed_event_names_file_line_entry_and_field():
    messages = problems_for("timeline.yml", """\
        - id: yalta
          date: "1945-02-11"
          title: Yalta
          description: Fine.
        - id: bad
          date: "1945-13-40"
          title: Bad
          description: Wrong month.
        """)
    assert len(messages) == 1
    assert messages[0].startswith("docs/data/timeline.yml:6: entry 2 ('bad'), field 'date':")


def test_a_missing_field_and_an_unknown_field_are_both_reported():
    messages = problems_for("people.yml", """\
        - id: molotov
          name: Vyacheslav Molotov
          rank: minister
        """)
    assert len(messages) == 2
    assert any("'role' is a required property" in message for message in messages)
    assert any("rank" in message and "remove the field" in message for message in messages)


def test_broken_yaml_is_reported_with_its_line():
    messages = problems_for("glossary.yml", "- term: A\n  definition: [unclosed\n")
    assert messages and messages[0].startswith("docs/data/glossary.yml:") and "not valid YAML" in messages[0]


def test_cross_references_are_checked(tmp_path):
    for name in SCHEMAS:
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    timeline = data("timeline.yml")
    timeline[0]["people"] = ["nobody"]
    timeline[1]["sources"] = ["no-such-key"]
    timeline[2]["date"] = "1900"
    (tmp_path / "timeline.yml").write_text(yaml.safe_dump(timeline, allow_unicode=True), encoding="utf-8")
    loaded, problems = check_data(tmp_path, tmp_path, {"dissertation.md"}, {"yalta1945"})
    assert loaded is None
    message = "\n".join(map(str, problems))
    assert "no person 'nobody'" in message and "unknown bib key 'no-such-key'" in message
    assert "keep events in date order" in message and "no page docs/" in message
