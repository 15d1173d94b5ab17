"""Data pages: each file checked against its schema and the other files, every problem at its line."""

from __future__ import annotations

import textwrap

from helpers import build_site, parse
from scholarly.data import CheckContext
from scholarly.data.islands import Islands
from scholarly.data.people import People
from scholarly.data.timeline import Timeline
from scholarly.markdown import Quotes

TIMELINE = """\
- id: yalta
  date: "1945-02-11"
  title: Yalta
  description: The leaders met.
  people: [stalin]
  pages: [index.md]
  sources: [smith2020]
- id: bad
  date: "1945-02-31"
  title: A day that never was
  description: Wrong day.
  people: [nobody]
  pages: [nowhere.md]
  sources: [nokey]
- id: early
  date: "1944"
  end: "1943"
  title: Out of order
  description: Before the others.
"""
PEOPLE = """\
- id: stalin
  name: Joseph Stalin
  original: Иосиф Сталин
  aliases: [Stalin]
  role: Soviet leader.
"""


def load(kind, text: str):
    return kind.load(f"docs/data/{kind.kind}.yml", f"data/{kind.kind}.yml", textwrap.dedent(text).encode())


def test_a_malformed_entry_names_file_line_entry_and_field():
    data, problems = load(Timeline, '- id: yalta\n  date: "11 Feb 1945"\n  title: Yalta\n  description: x\n  colour: red\n')
    assert data is None
    assert [str(problem).split(" — ")[0] for problem in problems] == [
        "docs/data/timeline.yml:1: entry 1 ('yalta'), field '(the entry)': Additional properties are not allowed "
        "('colour' was unexpected)",
        "docs/data/timeline.yml:2: entry 1 ('yalta'), field 'date': 11 Feb 1945 is not a date in quotes: "
        '"YYYY-MM-DD", "YYYY-MM" or "YYYY"',
    ]
    # A date without quotes is read by YAML as a date, not as the text the schema wants.
    _, problems = load(Timeline, "- id: yalta\n  date: 1945-02-11\n  title: Yalta\n  description: x\n")
    assert str(problems[0]) == ("docs/data/timeline.yml:2: entry 1 ('yalta'), field 'date': 1945-02-11 is not a date "
                                'in quotes: "YYYY-MM-DD", "YYYY-MM" or "YYYY" — write a date in quotes: "YYYY-MM-DD", '
                                '"YYYY-MM" or "YYYY", e.g. "1956-10-19"')


def test_values_nested_deeply_are_refused_not_a_traceback(tmp_path):
    # Deeper than Python's recursion limit, the validator's own messages (and json's reader) would crash.
    data, problems = load(People, "- id: deep\n  name: " + "[" * 3000 + "]" * 3000 + "\n  role: x\n")
    assert data is None and [str(problem) for problem in problems] == [
        "docs/data/people.yml:1: values are nested more than 8 levels deep — write each entry as the others are "
        "written (a list of fields)"]
    islands, problems = load(Islands, "- id: a\n  name: A\n  japanese: あ\n  russian: А\n  russian_name: A\n"
                                      "  area_km2: 1\n  latitude: 43.5\n  longitude: 146\n  article_9: true\n"
                                      "  label: [146, 43.5]\n  label_anchor: end\n")
    assert problems == [], problems
    deep = tmp_path / "deep.geojson"
    deep.write_text('{"type": "FeatureCollection", "features": [], "deep": ' + "[" * 3000 + "]" * 3000 + "}")
    assert [str(problem) for problem in islands.load_geometry("docs/data/deep.geojson", deep)] == [
        "docs/data/deep.geojson:1: not a GeoJSON file (arrays nested too deeply) — restore it from git"]


def test_the_nesting_limit_is_eight_levels_and_an_empty_file_is_not_nested():
    # people.yml: the list (1), an entry (2), its language mapping (3), a list in it (4): 8 is the limit.
    def nested(depth: int) -> str:
        return "- id: a\n  name: A\n  role: x\n  aliases: " + "[" * (depth - 2) + "x" + "]" * (depth - 2) + "\n"
    assert load(People, nested(8))[1] != [] and "nested" not in str(load(People, nested(8))[1])
    assert [str(problem).split(" — ")[0] for problem in load(People, nested(9))[1]] == [
        "docs/data/people.yml:1: values are nested more than 8 levels deep"]
    _, problems = load(People, "# only a comment\n")
    assert problems and not any("nested" in str(problem) for problem in problems)


def test_a_bidirectional_control_in_a_data_file_is_named_at_its_line():
    _, problems = load(People, PEOPLE.replace("Soviet leader.", "Soviet\u202e leader."))
    assert [str(problem).split(" — ")[0] for problem in problems] == [
        "docs/data/people.yml:5: an invisible bidirectional control (U+202E) would show the text after it in another order"]


def test_cross_checks_name_every_broken_reference_at_its_line():
    timeline, problems = load(Timeline, TIMELINE)
    people, _ = load(People, PEOPLE)
    assert problems == []
    found = [str(problem) for problem in timeline.check(CheckContext({"index.md"}, {"smith2020"},
                                                                     {"timeline": timeline, "people": people}))]
    assert any(line.startswith("docs/data/timeline.yml:14: entry 2 ('bad'), field 'sources': unknown bib key 'nokey'")
               for line in found)
    assert any(line.startswith("docs/data/timeline.yml:9: entry 2 ('bad'), field 'date': '1945-02-31' is not a day")
               for line in found)
    assert any("field 'people': no person 'nobody'" in line for line in found)
    assert any("field 'pages': no page docs/nowhere.md" in line for line in found)
    assert any(line.startswith("docs/data/timeline.yml:16: entry 3 ('early'), field 'date': 1944 comes before")
               for line in found)
    assert any("field 'end': the end is before the start" in line for line in found)


def test_control_characters_and_markup_in_data_are_text(site, tmp_path):
    people = PEOPLE.replace("role: Soviet leader.", 'role: "Leader <script>alert(1)</script> & \\"chief\\""')
    project = site(settings={"data_pages": {"people": {"file": "data/people.yml", "page": "people.md"}}},
                   pages={"people.md": "---\ntitle: People\ndescription: Everyone the small site names.\n---\n\n"
                                       "Who they are.\n\n\\people\n",
                          "index.md": "---\ntitle: Home\ndescription: A site with one bibliography and people.\n---\n\n"
                                      "Stalin acted [@smith2020]. Stalin again.\n"},
                   files={"docs/data/people.yml": people})
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "out" / "people" / "index.html")
    assert page.select_one("#stalin + p").get_text() == 'Leader <script>alert(1)</script> & “chief”'
    assert not page.select("article script")
    assert page.select_one("#stalin span[lang=ru]").get_text() == "Иосиф Сталин"
    assert page.select_one(".appears-in a").get_text() == "Home"
    home = parse(tmp_path / "out" / "index.html")
    assert len(home.select("article a.person")) == 1  # the first mention only

    control = PEOPLE.replace("role: Soviet leader.", 'role: "Leader\\u0002x"')
    project = site(files={"docs/data/people.yml": control},
                   settings={"data_pages": {"people": {"file": "data/people.yml", "page": None}}})
    result = build_site(project, tmp_path / "out2")
    assert result.returncode == 1 and "docs/data/people.yml:5: entry 1 ('stalin'), field 'role'" in result.stderr


def test_a_name_inside_quotation_marks_is_linked_only_if_the_page_has_no_other_mention(site, tmp_path):
    # Seen on findings/: the glossary linked "Security Treaty" inside the quoted English title of the article.
    project = site(settings={"data_pages": {"people": {"file": "data/people.yml", "page": "people.md"}}},
                   pages={"people.md": "---\ntitle: People\ndescription: Everyone the small site names.\n---\n\n"
                                       "Who they are.\n\n\\people\n",
                          "index.md": "---\ntitle: Home\ndescription: A site with one bibliography and people.\n---\n\n"
                                      'The article "Stalin and *Japan*" [@smith2020] and the book “Stalin *Again*” '
                                      "tell how Stalin acted.\n"},
                   files={"docs/data/people.yml": PEOPLE})
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    links = parse(tmp_path / "out" / "index.html").select("article a.person")
    assert len(links) == 1 and links[0].previous_sibling.endswith("tell how ")
    assert parse(tmp_path / "out" / "people" / "index.html").select_one(".appears-in a").get_text() == "Home"
    # Quoted words are still a mention: where they are the only one, a reader still reaches the entry.
    (project / "docs" / "index.md").write_text("---\ntitle: Home\ndescription: A site with one bibliography and "
                                              "people.\n---\n\nThe book 「Stalin」 [@smith2020].\n", encoding="utf-8")
    result = build_site(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert [link.get_text() for link in parse(tmp_path / "out" / "index.html").select("article a.person")] == ["Stalin"]


def test_quotation_marks_are_read_across_the_markup_of_a_block():
    # Seen in review: `"Stalin and *Japan*"` split the quotation at the emphasis, and an inch mark
    # paired with the next quotation mark.
    quotes = Quotes()
    assert quotes.spans('The book "Stalin and ') == [(9, 21)]
    assert quotes.spans('Japan') == [(0, 5)]  # still inside
    assert quotes.spans('" and then Stalin acted.') == [(0, 1)]
    assert Quotes().spans('A 12" record. Stalin spoke. He said "Stalin is here".') == [(36, 52)]
    assert Quotes().spans("「日ソ」と“Stalin” and ” alone") == [(0, 4), (5, 13)]
