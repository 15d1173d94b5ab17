"""The Japanese edition (日本語版), read from the built site: every reader page under /ja/ in
Japanese, a language switcher that keeps the reader on the page, the data pages from the same YAML
in Japanese, metadata and citation help in Japanese, and the checks that keep the editions whole."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
import yaml

from helpers import ROOT, append, build_site, copy_project, edit, heading_of, output_path, parse, url_of

SITE_NAME_JA = "岡田美保の日ソ国交回復交渉研究"


@pytest.fixture(scope="session")
def parse_ja(site_dir):
    return lambda src: parse(site_dir / "ja" / output_path(src))


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def test_every_reader_page_has_its_japanese_page_with_its_own_title_and_language(japanese_pages, parse_ja):
    assert len(japanese_pages) >= 17
    for src in [*japanese_pages, "print.md"]:
        page = parse_ja(src)
        meta = front_matter(ROOT / "docs" / src.replace(".md", ".ja.md"))
        assert page.html["lang"] == "ja", src
        if src != "print.md":  # the edition's h1 is its title page
            assert heading_of(page) == meta["title"], src
        assert page.find("meta", attrs={"name": "description"})["content"] == meta["description"], src
        assert page.title.get_text() in (SITE_NAME_JA, f"{meta['title']} - {SITE_NAME_JA}"), src
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", page.select_one("article").get_text()), src


def test_the_japanese_menu_is_in_japanese_and_names_every_page(japanese_pages, parse_ja):
    page = parse_ja("index.md")
    items = [item.get_text(" ", strip=True) for item in page.select("nav.md-nav--primary .md-nav__link")]
    links = [link.get_text(" ", strip=True) for link in page.select("nav.md-nav--primary a.md-nav__link")]
    assert {"ホーム", "論文の知見", "二つの提案", "背景", "このサイトについて", "参考文献"} <= set(items)
    assert not {"Home", "Findings", "The two proposals", "Context", "About", "References"} & set(items)
    assert "None" not in links and "" not in links
    # The untranslated contributor guide is offered in English, marked as such.
    assert "Contributing to this site（英語）" in links or any(link.endswith("（英語）") for link in links)


def test_heading_links_and_english_menu_entries_are_named_in_their_own_language(japanese_pages, parse_ja, parse_page):
    # Seen by a review: every heading's ¶ link on /ja/ was titled "Permanent link", and the menu's
    # "Contributing" was read with Japanese rules.
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    for src in japanese_pages:
        in_japanese = {link["title"] for link in parse_ja(src).select("a.headerlink")}
        in_english = {link["title"] for link in parse_page(src).select("a.headerlink")}
        assert in_japanese and all(japanese.search(title) for title in in_japanese), (src, in_japanese)
        assert in_english and not any(japanese.search(title) for title in in_english), (src, in_english)
    entry = parse_ja("index.md").select_one('nav.md-nav--primary a[href$="contributing/"] span[lang]')
    assert entry["lang"] == "en" and entry.get_text() == "Contributing"


def test_english_phrases_in_japanese_pages_are_marked_english(japanese_pages, site_dir):
    # Seen by a review: "the first line of defense", English titles and the map's source were read
    # with Japanese rules. Two or more Latin-script words in a row, in text whose nearest `lang` is
    # Japanese, outside code.
    phrase = re.compile(r"[A-Za-z][A-Za-z'’.-]*(?:[ ,:;]+[A-Za-z][A-Za-z'’.-]*)+")
    for src in [*japanese_pages, "print.md"]:
        page = parse(site_dir / "ja" / output_path(src))  # (a copy of its own: the walk reads every text)
        unmarked = []
        for text in page.select_one("article").find_all(string=True):
            parents = [parent for parent in text.parents if parent.name]
            if any(parent.name in ("code", "pre", "script", "style") for parent in parents):
                continue
            if next((parent["lang"] for parent in parents if parent.get("lang")), None) == "ja":
                unmarked += phrase.findall(text)
        assert not unmarked, (src, unmarked)


def test_the_citation_of_the_research_in_the_cite_box_is_marked_in_its_languages(parse_ja, site_dir):
    # Seen by a review: the English citation of Okada's article was read with Japanese rules on /ja/
    # pages, and the Japanese title of her thesis with English rules on English pages.
    article = [code for code in parse_ja("findings/index.md").select(".cite-this-page__work code")
               if code.get_text().startswith("Okada, Miho. 2020.")]
    assert article and article[0]["lang"] == "en"
    thesis = [code for code in parse(site_dir / output_path("dissertation.md")).select(".cite-this-page__work code")
              if code.get_text().startswith("Okada, Miho. 2021.")]
    assert thesis and not thesis[0].get("lang") and thesis[0].select_one("span[lang=ja]").get_text() == "日ソ国交回復交渉の再検討"


def test_the_language_switcher_keeps_the_reader_on_the_same_page(japanese_pages, parse_page, parse_ja):
    for src in japanese_pages:
        english = {link["hreflang"]: link["href"] for link in parse_page(src).select("a.md-select__link[hreflang]")}
        japanese = {link["hreflang"]: link["href"] for link in parse_ja(src).select("a.md-select__link[hreflang]")}
        assert english["ja"].endswith(f"ja/{url_of(src)}"), (src, english)
        assert japanese["en"].endswith(url_of(src)) and "ja/" not in japanese["en"], (src, japanese)
    # Each language's name is read in that language ("日本語" on an English page, "English" on a Japanese one).
    for page in (parse_page("index.md"), parse_ja("index.md")):
        links = page.select("a.md-select__link[hreflang]")
        assert len(links) == 2 and all(link.get("lang") == link["hreflang"] for link in links)


def test_the_sitemap_pairs_each_page_with_its_other_language(site_dir, japanese_pages, mkdocs_config):
    namespaces = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(site_dir / "sitemap.xml").getroot()
    alternates = {url.find("s:loc", namespaces).text: {link.get("hreflang"): link.get("href")
                                                       for link in url.findall("x:link", namespaces)}
                  for url in root.findall("s:url", namespaces)}
    site_url = mkdocs_config["site_url"]
    for src in japanese_pages:
        english, japanese = site_url + url_of(src), site_url + "ja/" + url_of(src)
        assert alternates[english] == {"en": english, "ja": japanese}, src
        assert alternates[japanese] == {"en": english, "ja": japanese}, src


def test_japanese_pages_describe_themselves_in_japanese(parse_ja, japanese_pages):
    for src in japanese_pages:
        page = parse_ja(src)
        assert page.find("meta", property="og:locale")["content"] == "ja_JP", src
        assert page.find("meta", property="og:locale:alternate")["content"] == "en_US", src
        assert page.find("meta", property="og:image")["content"].split("/assets/social/")[0].endswith("/ja"), src
        (data,) = [json.loads(script.string) for script in page.select("script[type='application/ld+json']")]
        assert data["inLanguage"] == "ja", src
    cite = parse_ja("findings/korean-war.md").select_one(".cite-this-page")
    assert cite.select_one("h2").get_text() == "このページの引用"
    assert re.fullmatch(r"最終更新：\d{4}年\d{1,2}月\d{1,2}日。サイト全体を印刷やオフラインで読むには：印刷版（PDF）。",
                        cite.select_one(".cite-this-page__updated").get_text())
    bibtex = cite.select(".cite-this-page__formats pre")[1].get_text()
    assert "langid = {japanese}" in bibtex and "/ja/findings/korean-war/" in bibtex and "知見1" in bibtex


def test_the_timeline_people_glossary_and_map_come_from_the_same_yaml_in_japanese(parse_ja):
    timeline = parse_ja("timeline.md")
    declaration = timeline.select_one("#event-joint-declaration-signed")
    assert declaration.select_one("time").get_text() == "1956年10月19日"
    assert declaration.select_one("time")["datetime"] == "1956-10-19"
    people = parse_ja("people.md")
    assert people.select_one("h2#shigemitsu").get_text().rstrip("¶") == "重光葵"
    assert "ヴャチェスラフ・モロトフ" in people.select_one("h2#molotov").get_text()
    glossary = parse_ja("glossary.md")
    terms = [heading.get_text().rstrip("¶") for heading in glossary.select("article h2[id]")
             if heading["id"] not in ("references", "cite-this-page")]
    readings = {entry["ja"]["term"]: entry["ja"]["sort_as"]
                for entry in yaml.safe_load((ROOT / "docs/data/glossary.yml").read_text(encoding="utf-8"))}
    assert terms == sorted(readings, key=readings.get)  # in the order of their readings (五十音順)
    assert glossary.select_one("h2#article-9").get_text().rstrip("¶") == "第9項"  # anchors shared with English
    svg = parse_ja("map.md").select_one("svg.islands-map")
    labels = [text.get_text() for text in svg.select("text.label")]
    assert {"択捉島", "国後島", "色丹島", "歯舞群島", "北海道"} <= set(labels)
    assert not any(re.search(r"[A-Za-z]", label) for label in labels)


def test_a_first_mention_in_japanese_text_links_to_its_entry(parse_ja):
    page = parse_ja("proposals/molotov.md")
    people = [link["href"] for link in page.select("article a.person")]
    terms = [link["href"] for link in page.select("article a.glossary-term")]
    assert any(href.endswith("people/#molotov") for href in people)
    assert terms and all("/glossary/#" in href for href in terms)


def test_english_forms_of_names_do_not_count_as_mentions_on_japanese_pages(parse_ja, parse_page):
    # The About page quotes the prize page's "Aoi Shigemitsu": the link belongs on 重光葵, which follows.
    (link,) = [link for link in parse_ja("about.md").select("article a.person") if link["href"].endswith("#shigemitsu")]
    assert link.get_text() == "重光葵"
    assert any(link.get_text() == "Shigemitsu" for link in parse_page("about.md").select("article a.person"))


def test_japanese_date_spans_use_the_wave_dash(parse_ja, parse_page):
    japanese = parse_ja("timeline.md").select_one("#event-korean-war .timeline__date").get_text()
    assert re.fullmatch(r"1950年6月25日〜1953年7月27日", japanese), japanese
    english = parse_page("timeline.md").select_one("#event-korean-war .timeline__date").get_text()
    assert " – " in english, english


def test_english_works_in_japanese_pages_are_marked_english(parse_ja):
    entry = parse_ja("findings/korean-war.md").select_one("#ref-okada2020 p")
    assert entry["lang"] == "en" and "Okada, Miho. 2020." in entry.get_text()


def test_an_untranslated_page_or_an_orphan_translation_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "docs" / "timeline.ja.md").unlink()
    stray = project / "docs" / "findings" / "stray.ja.md"
    stray.write_text("---\ntitle: 迷子\ndescription: 対応する英語版がない。\n---\n\n本文。\n", encoding="utf-8")
    # Links to pages the edition does not have for other reasons are still broken links.
    about = project / "docs" / "about.ja.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[手引き](contributing.md)と[説明](../README.md)。\n",
                     encoding="utf-8")
    lines = about.read_text(encoding="utf-8").count("\n")
    # English left unmarked in a Japanese page (a marked phrase and single words pass).
    about.write_text(about.read_text(encoding="utf-8") + '\n英語版では "the final word" とある。'
                     '<span lang="en">Marked words</span>、Tabキー、PDF。\n', encoding="utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1
    assert ("docs/timeline.md:1: this page has no ja version (docs/timeline.ja.md) — write it (start from a copy of "
            "this page), or list 'timeline.md' under `extra.scholarly.editions.untranslated` in mkdocs.yml") in result.stderr
    assert "docs/findings/stray.ja.md:1: this ja page has no original (docs/findings/stray.md)" in result.stderr
    # The untranslated page's absence from the edition's menu, links and data page is the same
    # mistake, reported once; the links to pages the edition lacks for other reasons are reported.
    assert [line for line in result.stderr.splitlines() if line.startswith("WARNING")] == [
        f"WARNING -  {line}" for line in [
            "docs/timeline.md:1: this page has no ja version (docs/timeline.ja.md) — write it (start from a copy of "
            "this page), or list 'timeline.md' under `extra.scholarly.editions.untranslated` in mkdocs.yml",
            "docs/findings/stray.ja.md:1: this ja page has no original (docs/findings/stray.md) — rename it after the "
            "page it translates (PAGE.ja.md beside PAGE.md)",
            f"docs/about.ja.md:{lines}: the link 'contributing.md' points to a page this edition does not have "
            "('contributing.md' is listed as untranslated) — leave the link out of this page, or translate the page "
            "and take it off `extra.scholarly.editions.untranslated`",
            f"docs/about.ja.md:{lines}: the link '../README.md' points to no page — check the path: links are relative "
            "to this page's file and end in .md, e.g. ../proposals/molotov.md",
            f"docs/about.ja.md:{lines + 2}: 'the final word' is not marked with its language: a screen reader would "
            "read it with the rules of the page's (ja) — mark it: <span lang=\"en\">the final word</span>"]]


def test_a_data_entry_without_its_japanese_fields_fails_the_build(tmp_path):
    project = copy_project(tmp_path / "project")
    append(project, "docs/data/people.yml", "\n- id: newcomer\n  name: A Newcomer\n  role: Someone new.\n")
    edit(project, "docs/data/glossary.yml", "    sort_as: だいきゅうこう\n", "")
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1
    assert "entry 17 ('newcomer'), field '(the entry)': 'ja' is a required property — add the entry's fields in each " \
           "language of the site: ja: {name, role, aliases}" in result.stderr
    assert "glossary.yml" not in result.stderr  # sort_as is optional: a term without it sorts by itself
