"""Hostile input through every channel a pull request can touch: page bodies (raw HTML, Markdown
links, attribute lists, code-span tricks), front matter, every .bib field, every data file and the
published files. Each input either makes `scripts/run check` and the strict build fail, naming the
file and line, or renders as the text it is; and whatever the build lets through, nothing runs in
Chromium: no dialog, no script the theme did not ship, no Content-Security-Policy violation, and
every JSON-LD block parses.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import extruct
import pytest
from bs4 import BeautifulSoup

from helpers import build_site, copy_project, output_path, parse, run_tool
from print_pdf import serve

# -- Refused: (file, text to append, part of the message the check must print at that line) -----------

PAGE = "docs/about.md"
REFUSED_IN_PAGES = [
    ("<script>alert(1)</script>", "the HTML tag <script> is not allowed"),
    ("A stray ` backtick opens nothing.\n\n<script>alert(2)</script>\n\nAnother ` here.", "<script> is not allowed"),
    ("Escaped \\` ticks <script>alert(3)</script> \\` around it.", "<script> is not allowed"),
    ("An autolink <https://a.example<script>alert(4)</script>> trick.", "<script> is not allowed"),
    ('<img src="x.png" alt="x" onerror="alert(5)">', "the event handler onerror= on <img>"),
    ("<svg onload=alert(6)></svg>", "the HTML tag <svg> is not allowed"),
    ('<iframe src="javascript:alert(7)"></iframe>', "the HTML tag <iframe> is not allowed"),
    ("[a link](javascript:alert(8))", "uses the scheme 'javascript:'"),
    ("[a link](jav&#x61;script:alert(9))", "uses the scheme 'javascript:'"),
    ("[a link](JAVASCRIPT:alert(10))", "uses the scheme 'javascript:'"),
    ("[a link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)", "uses the scheme 'data:'"),
    ('A paragraph.\n{: onclick="alert(12)" }', "the event handler onclick= on <p>"),
    ('A styled paragraph.\n{: style="position:fixed;top:0;left:0;width:100%;height:100%" }', "the attribute style= on <p>"),
    ('[a link](https://example.org){: href="javascript:alert(14)" }', "uses the scheme 'javascript:'"),
    ('<a href="javascript:alert(15)">x</a>', "uses the scheme 'javascript:'"),
    ('<form action="https://evil.example/"><button>Go</button></form>', "the HTML tag <form> is not allowed"),
    ('<object data="x.swf"></object>', "the HTML tag <object> is not allowed"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(18)">', "the HTML tag <meta> is not allowed"),
    ('<base href="https://evil.example/">', "the HTML tag <base> is not allowed"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "the HTML tag <link> is not allowed"),
    ("<style>body{background:url(https://evil.example/x)}</style>", "the HTML tag <style> is not allowed"),
    ("![a picture](https://evil.example/x.png)", "is on another site"),
    ('<div markdown="1" onmouseover="alert(23)">Text.</div>', "the event handler onmouseover= on <div>"),
    ("<details open ontoggle=alert(24)><summary>s</summary>x</details>", "the event handler ontoggle= on <details>"),
    ("<math><mtext><script>alert(25)</script></mtext></math>", "the HTML tag <math> is not allowed"),
    ("## A heading {#ref-okada2020}", "the anchor '#ref-okada2020' is used twice on this page"),
    # Material shows hover text (title) as HTML, and finds its configuration by id.
    ("""[x](https://example.org/ "<meta http-equiv='refresh' content='0;url=https://evil.example/phish'>")""",
     "the hover text (title) of <a> holds < or >"),
    ("A closing remark.\n{: #__config }", "the id '__config' is the theme's or the site's own"),
    ("## Cite this page", "the id 'cite-this-page' is the theme's or the site's own"),
    ('<img alt="a" src="\\\\evil.example\\x.png">', "is on another site"),
    ('<img alt="b" src="/&#9;/evil.example/tab.png">', "is on another site"),
    ("A note &#2;scholarly:1&#3; here.", "the page holds a control character"),
    ("A claim [see @okada2020 p. 5 `code`].", "a citation holds code, HTML or a backslash escape"),
    ('<img src="a">', "the image a has no alt text"),  # found at its line, though "a)" is all over the page
    ("A link [to a document](https://example.org/\u202elmth.exe) that reads backwards.",
     "an invisible bidirectional control (U+202E)"),
]
# (file, text appended, message) for the other channels
REFUSED_ELSEWHERE = [
    ("bib/secondary.bib", "\n@misc{evil31,\n  title = {Click \\href{javascript:alert(31)}{here}},\n  year = {2000},\n"
                          "  keywords = {references-only},\n}\n", "the LaTeX command \\href is not read on this site"),
    ("bib/secondary.bib", "\n@misc{evil32,\n  title = {A title},\n  year = {2000},\n  url = {javascript:alert(32)},\n"
                          "  keywords = {references-only},\n}\n", "the `url` is not an http(s) address"),
    ("bib/secondary.bib", "\n@misc{evil33,\n  title = {A title},\n  date = {1945-02-31},\n  crossref = {nosuch},\n"
                          "  keywords = {references-only},\n}\n", "'1945-02-31' is not a day of the calendar"),
    ("bib/secondary.bib", "\n@misc{evil34,\n  title = {A report},\n  year = {2000},\n"
                          "  url = {https://example.org/\u202efdp.exe},\n  keywords = {references-only},\n}\n",
     "an invisible bidirectional control (U+202E)"),
    ("bib/primary.bib", "\n@misc{Hara1998,\n  title = {Same key, other case},\n  year = {2000},\n"
                        "  keywords = {references-only},\n}\n", "keys are compared without case"),
    ("docs/data/people.yml", '\n- id: evil\n  name: Evil\n  role: "Controls\\u0002here"\n  ja: {name: 悪, role: 役}\n',
     "field 'role'"),
    ("docs/data/glossary.yml", '\n- term: Phish\n  definition: "A term.<meta http-equiv=refresh content=0;url=https://evil'
                               '.example/>"\n  ja: {term: 釣り, definition: "&lt;b&gt;用語&lt;/b&gt;。"}\n',
     "the definition holds < or >"),
    ("docs/data/timeline.yml", '\n- id: evil-date\n  date: "1960-02-31"\n  title: A day that never was\n'
                               "  ja: {title: 存在しない日, description: ありえない。}\n"
                               "  description: It cannot be.\n", "'1960-02-31' is not a day of the calendar"),
]
# (text in mkdocs.yml, what a change makes of it, message): the theme prints these as markup
REFUSED_IN_CONFIG = [
    # A title named like an option the check exempts is a title all the same
    ("  - References: references.md", "  - 'References <b>.separator': references.md",
     "`nav.References <b>.separator` holds '<'"),
    ("      permalink: true", "      permalink: true\n      title: '<meta http-equiv=refresh content=0;url=https://evil.example/toc>'",
     "`mdx_configs.toc.title` holds '<'"),
    ("  - The dissertation: dissertation.md", """  - "The dissertation <img src=x onerror=alert(61)>": dissertation.md""",
     "`nav.The dissertation <img src=x onerror=alert(61)>` holds '<'"),
    ("            About: このサイトについて",
     "            About: \"このサイトについて<meta http-equiv='refresh' content='0;url=https://evil.example/'>\"",
     "`plugins.i18n.languages.nav_translations.About` holds '<'"),
    ("          site_name: 岡田美保の日ソ国交回復交渉研究", "          site_name: 岡田美保<b>の</b>研究",
     "`plugins.i18n.languages.site_name` holds '<'"),
    ("        name: Switch to dark mode", "        name: 'Dark <meta http-equiv=refresh content=0;url=https://evil.example/>'",
     "`theme.palette.toggle.name` holds '<'"),
    # Material writes extra.scope into an inline script of its own, before anything else in the head
    ("            repo_name: ソースコードと課題", "            repo_name: ソースコードと課題\n"
                                           "            scope: '\");alert(66);(\"'",
     "`plugins.i18n.languages.extra.scope` holds '\"'"),
    ("  Code under the MIT licence.", "  Code under the MIT licence.<script>alert(64)</script>",
     "`copyright`: the HTML tag <script> is not allowed"),
]
PAGE_HEAD = b"---\ntitle: A page\ndescription: A page with something wrong in its front matter.\n"
REFUSED_FILES = [
    ("docs/bomb.md", PAGE_HEAD + b"about: &a [okada2020]\nx: [*a, *a, *a]\n---\n\nText.\n", "anchors and aliases"),
    ("docs/tagged.md", PAGE_HEAD + b"about: !!python/object/apply:os.system [echo]\n---\n\nText.\n",
     "is not a plain value"),
    ("docs/keyed.md", PAGE_HEAD + b"? [a, b]\n: c\n---\n\nText.\n", "a front matter field's name must be a word"),
    ("docs/controlled.md", b'---\ntitle: "About \\x02scholarly:1\\x03"\ndescription: A title with control characters.\n'
                           b"---\n\nText.\n", "`title` holds a control character"),
    ("docs/data/islands-coastline.geojson", b'{"type": "FeatureCollection", "features": [{"type": "Feature", '
                                            b'"properties": {"group": "etorofu"}, "geometry": {"type": "Polygon", '
                                            b'"coordinates": [[[NaN, 45], [147, 45], [147, 46], [146, 45]]]}}]}',
     "NaN is not a number"),
    ("docs/assets/images/entity.svg", b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x "<script>alert(43)</script>">]>\n'
                                      b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "the SVG has a DOCTYPE"),
    ("docs/assets/images/animated.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" '
                                        b'to="javascript:alert(44)"/><rect width="4" height="4"/></a></svg>',
     "the SVG holds a <a>"),
    ("docs/assets/images/escaped.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:url(\\68ttps://evil.'
                                       b'example/x.svg#p)}</style></svg>', "the stylesheet loads 'https://evil.example"),
    ("docs/assets/stylesheets/escaped.css", b"a{background:url(\\68ttps://evil.example/x.png)}",
     "the stylesheet loads 'https://evil.example/x.png'"),
    ("docs/assets/notes.txt", b"alert(document.domain)", "files of type '.txt' are not published"),
    ("docs/assets/images/evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(40)</script></svg>',
     "the SVG holds a <script>"),
    ("docs/assets/images/evil2.svg", b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
                                     b'<image x:href="https://evil.example/x.png"/><rect onclick="alert(1)"/></svg>',
     "the SVG holds a <image>"),
    ("docs/assets/evil.html", b"<script>alert(41)</script>", "files of type '.html' are not published"),
    ("docs/assets/evil.js", b"alert(42)", "files of type '.js' are not published"),
    ("docs/assets/stylesheets/evil.css", b"@import url(https://evil.example/x.css);", "imports another stylesheet"),
    ("docs/my page.md", b"---\ntitle: Spaced\ndescription: A page whose file name has a space.\n---\n\nText.\n",
     "the file's name may only use ASCII letters"),
    # MkDocs writes a page's file name unquoted into "Edit this page"; a form feed separates attributes
    ('docs/notes"><meta\x0chttp-equiv=refresh\x0ccontent=0;url=\\evil.example><b\x0cx=".md',
     b"---\ntitle: Notes\ndescription: A page whose file name is markup.\n---\n\nText.\n",
     "the file's name may only use ASCII letters"),
    ("docs/assets/stylesheets/gadget.css", b"alert(document.domain); document.title = 'x'", "the stylesheet is not CSS"),
    ("docs/assets/images/split.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:u<!-- -->rl(https://'
                                     b'evil.example/x.png)}</style><rect width="4" height="4"/></svg>',
     "the SVG's <style> holds a comment or markup"),
    ("docs/assets/stylesheets/GADGET.CSS", b"x=1\n{}alert(67)//{}\n\xff", "the stylesheet is not UTF-8 text"),
    ("docs/assets/images/trailing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>\n'
                                        b'<?xml-stylesheet type="text/css" href="https://evil.example/y.css"?>',
     "the SVG has a processing instruction <?xml-stylesheet"),
    ("docs/assets/images/instructed.svg", b'<?xml-stylesheet type="text/css" href="https://evil.example/x.css"?>\n'
                                          b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>',
     "the SVG has a processing instruction <?xml-stylesheet"),
    # 20,000 nested spans crash the minifier (written in Rust, it recurses)
    ("docs/deep.md", PAGE_HEAD + b"---\n\n<p>" + b"<span>" * 20000 + b"deep" + b"</span>" * 20000 + b"</p>\n",
     "elements are nested more than 256 levels deep"),
    # Python-Markdown recurses once a nesting level: 400 levels stopped the build with a traceback
    ("docs/deeplist.md", PAGE_HEAD + b"---\n\n" + b"".join(b"    " * level + b"- item\n" for level in range(400)),
     "blocks (lists, quotes, admonitions, HTML) are nested too deeply for the Markdown parser"),
    ("docs/deepstars.md", PAGE_HEAD + b"---\n\n" + b"**a " * 1000 + b"b" + b"**" * 1000 + b"\n",
     "the text nests markup (emphasis, links or blocks) too deeply for the Markdown parser"),
    ("docs/empty.md", b"---\ntitle: Empty\ndescription: A page with nothing after its front matter.\n---\n",
     "the page has no text after its front matter"),
    ("docs/templated.md", b"---\ntitle: T\ndescription: A page that asks for another template.\ntemplate: redirect.html\n"
                          b"---\n\nText.\n", "unknown front matter field `template`"),
]


MARKERS = re.compile(r"<script|<svg|<iframe|<form|<object|<meta|<base|<link|<style|<math|on\w+=|style=|javascript|"
                     r"JAVASCRIPT|jav&|data:|https://evil|\{#|\{: #")


def append(project: Path, path: str, text: str) -> int:
    """Append text after a blank line; the line of its hostile part."""
    file = project / path
    before = file.read_text(encoding="utf-8")
    file.write_text(before.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    marker = MARKERS.search(text)
    return before.rstrip("\n").count("\n") + 3 + text.count("\n", 0, marker.start() if marker else 0)


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("refused"))
    expected = []
    for text, message in REFUSED_IN_PAGES:
        expected.append((f"{PAGE}:{append(project, PAGE, text)}:", message))
    for path, text, message in REFUSED_ELSEWHERE:
        append(project, path, text)
        # (a key written twice is reported where the second one is, which may be the other file)
        expected.append(("bib/" if "without case" in message else f"{path}:", message))
    for path, content, message in REFUSED_FILES:
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_bytes(content)
        expected.append((f"{path}:".replace("\x0c", "\\x0c"), message))  # (messages show control characters escaped)
    config = project / "mkdocs.yml"
    for before, after, _message in REFUSED_IN_CONFIG:
        text = config.read_text(encoding="utf-8")
        assert text.count(before) == 1, before
        config.write_text(text.replace(before, after), encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    for _before, after, message in REFUSED_IN_CONFIG:  # (at the last line of what was written)
        expected.append((f"mkdocs.yml:{text[: text.index(after)].count(chr(10)) + after.count(chr(10)) + 1}:", message))
    return project, expected, run_tool(project, "check")


def test_the_corpus_is_large(refused):
    assert len(refused[1]) >= 30


@pytest.mark.parametrize("index", range(len(REFUSED_IN_PAGES) + len(REFUSED_ELSEWHERE) + len(REFUSED_FILES)
                                         + len(REFUSED_IN_CONFIG)))
def test_check_refuses_each_naming_file_and_line(refused, index):
    _, expected, result = refused
    where, message = expected[index]
    assert result.returncode == 1
    assert any(line.startswith(where) and message in line and " — " in line for line in result.stdout.splitlines()), (
        where, message, result.stdout)


def test_the_strict_build_refuses_the_same(refused, tmp_path):
    project, _, check = refused
    result = build_site(project, tmp_path / "site")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for line in check.stdout.splitlines()[:-1]:
        assert line in result.stderr, line


# -- Rendered as the text it is ------------------------------------------------------------------------

TITLE = 'Quotes " and </title><script>alert(51)</script> & <b>bold</b>'
DESCRIPTION = 'A description with "quotes", </script><script>alert(52)</script> & <i>tags</i>.'
BIB_TITLE = 'A </script><script>alert(53)</script> "title" & more'
ROLE = 'Leader <img src=x onerror="alert(54)"> & "chief"'
TERM_DEFINITION = 'Defined "here" & there, \'quoted\' (as text).'
GUIDE_TITLE = "Guide <meta http-equiv='refresh' content='0;url=https://evil.example/'> & more"
# CSS and JavaScript at once: two rules for a stylesheet, an alert for a script tag pointed at it
POLYGLOT_CSS = "x=1\n{}alert(71)//{}\n"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("rendered"))
    for name in ("about.md", "about.ja.md"):  # both editions render what a change puts in
        page = project / "docs" / name
        text = page.read_text(encoding="utf-8")
        head, body = text.split("\n---\n", 1)
        sentence = "It cites an odd work" if name == "about.md" else "奇妙な文献を引用する"
        page.write_text(f"---\ntitle: {json.dumps(TITLE)}\ndescription: {json.dumps(DESCRIPTION)}\n---\n{body}"
                        f"\n\n{sentence} [@odd2000].\n", encoding="utf-8")
    (project / "bib" / "secondary.bib").write_text(
        (project / "bib" / "secondary.bib").read_text(encoding="utf-8")
        + "\n@book{odd2000,\n  author = {<img src=x onerror=alert(56)>, Someone},\n"
          f"  title = {{{BIB_TITLE}}},\n  publisher = {{A \"publisher\" <script>}},\n  year = {{2000}},\n"
          "  note = {<script>alert(57)</script>},\n}\n", encoding="utf-8")
    people = project / "docs" / "data" / "people.yml"
    people.write_text(re.sub(r"(?m)^(  |    )role: .*$", lambda match: f"{match.group(1)}role: {json.dumps(ROLE)}",
                             people.read_text(encoding="utf-8"), count=2), encoding="utf-8")
    glossary = project / "docs" / "data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8")
                        + f"\n- term: Zeta term\n  definition: {json.dumps(TERM_DEFINITION)}\n"
                        f"  ja:\n    term: ゼータ用語\n    definition: {json.dumps(TERM_DEFINITION)}\n"
                        # a term that is also the word inside the build's own tokens
                        "\n- term: scholarly\n  definition: A word.\n  ja: {term: scholarly, definition: 語。}\n",
                        encoding="utf-8")
    heading = "<![CDATA[x><<!--]]><!--b-->meta http-equiv=refresh content=0;url=https://evil.example/?"
    for name, mention, note, notes in (("about.md", "The Zeta term appears here.", "A scholarly note", heading),
                                       ("about.ja.md", "ゼータ用語はここにある。", "scholarlyの注",
                                        f'<span lang="en">{heading}</span>')):  # (English, marked so)
        about = project / "docs" / name
        about.write_text(about.read_text(encoding="utf-8") + f"\n{mention} {note} [@okada2020].\n\n"
                         f"## Notes {notes}\n\nText.\n", encoding="utf-8")
    # The guide has no Japanese version: the Japanese menu shows its English title.
    guide = project / "docs" / "contributing.md"
    guide.write_text(re.sub(r"(?m)^title: .*$", f"title: {json.dumps(GUIDE_TITLE)}", guide.read_text(encoding="utf-8"),
                            count=1), encoding="utf-8")
    for name in ("polyglot.css", "POLYGLOT2.CSS"):  # (a suffix in capitals is a stylesheet too)
        (project / "docs" / "assets" / "stylesheets" / name).write_text(POLYGLOT_CSS, encoding="utf-8")
    site = tmp_path_factory.mktemp("rendered-site")
    result = build_site(project, site)
    return project, site, result


@pytest.mark.parametrize(("edition", "site_name"), [("", "Okada Miho on the Japan–Soviet Normalization Talks"),
                                                     ("ja/", "岡田美保の日ソ国交回復交渉研究")])
def test_markup_characters_build_strictly_and_read_as_written(rendered, edition, site_name):
    _, site, result = rendered
    assert result.returncode == 0, result.stderr
    about = parse(site / edition / "about" / "index.html")
    assert about.title.get_text() == f"{TITLE} - {site_name}"
    assert about.select_one("article h1").get_text().rstrip("¶").replace("“", '"').replace("”", '"') == TITLE
    assert about.find("meta", attrs={"name": "description"})["content"] == DESCRIPTION
    assert about.find("meta", property="og:title")["content"] == TITLE
    (data,) = extruct.extract(str(about), syntaxes=["json-ld"])["json-ld"]
    assert data["name"] == TITLE and data["description"] == DESCRIPTION
    assert any(work["name"] == BIB_TITLE for work in data["citation"])
    nav = [link.get_text(" ", strip=True) for link in about.select("nav.md-nav--primary a.md-nav__link")]
    assert TITLE in nav
    assert (f"{GUIDE_TITLE} （英語）" if edition else GUIDE_TITLE) in nav  # (an English title is a span of its own)
    chicago = about.select_one(".cite-this-page__formats pre").get_text()
    assert "</title><script>alert(51)</script> & bold" in chicago.lower() and "&amp;" not in chicago.lower(), chicago
    entry = about.select_one("#ref-odd2000").get_text()
    assert "</script><script>alert(53)</script>" in entry.lower()  # as text (title-cased by the style)
    people = parse(site / edition / "people" / "index.html")
    assert ROLE in people.select_one("article").get_text().replace("“", '"').replace("”", '"')
    term = about.select_one("article a.glossary-term[href$='#zeta-term']")
    assert term["title"] == TERM_DEFINITION
    (ris,) = [code.get_text() for code in about.select(".cite-this-page__formats pre")][2:3]
    assert f"TI  - {TITLE}" in ris and f"AB  - {DESCRIPTION}" in ris
    # The heading's tags, hidden by a CDATA trick from Python-Markdown's tag stripping, are text in
    # the table of contents; no control character of the build's tokens is left anywhere.
    assert not about.select("meta[http-equiv=refresh]")
    toc = [link for link in about.select("nav.md-nav--secondary a") if "Notes" in link.get_text()]
    assert toc and not [element for link in toc for element in link.find_all(True) if element.name != "span"]
    html = (site / edition / "about" / "index.html").read_text(encoding="utf-8")
    assert "\x02" not in html and "\x03" not in html and "scholarly:" not in html


def script_sources(html: str) -> list[str]:
    page = BeautifulSoup(html, "lxml")
    return [script.get("src") or script.get("type") or "inline" for script in page.find_all("script")]


@pytest.fixture(scope="module")
def hostile_sites(refused, rendered, tmp_path_factory) -> dict[str, Path]:
    """The refused corpus as the preview (not strict) would show it, and the rendered corpus."""
    site = tmp_path_factory.mktemp("refused-site") / "site"
    assert build_site(refused[0], site, strict=False).returncode == 0
    return {"refused": site, "rendered": rendered[1]}


@pytest.mark.browser
@pytest.mark.parametrize("edition", ["", "ja/"])  # each edition's pages by a test of its own, which workers share out
@pytest.mark.parametrize("which", ["refused", "rendered"])
def test_nothing_runs_in_chromium(which, edition, hostile_sites, browser):
    site = hostile_sites[which]
    pages = [path for path in sorted(site.rglob("*.html")) if (path.relative_to(site).parts[0] == "ja") == bool(edition)]
    for path in pages:  # scripts: the theme's bundle, its inline scripts, its JSON configuration, our JSON-LD,
        # and the search folding script that mkdocs.yml names (code, reviewed by maintainers, not content)
        for source in script_sources(path.read_text(encoding="utf-8")):
            assert source in ("inline", "application/json", "application/ld+json") or re.search(
                r"assets/javascripts/(bundle|workers/search|lunr/|search-yo\.js$)", source), (path, source)
        for block in extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"])["json-ld"]:
            assert isinstance(block, dict)
    context = browser.new_context()
    page = context.new_page()
    dialogs, violations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused" in message.text else None)
    with serve(site) as url:
        for path in pages:
            relative = path.relative_to(site).as_posix().removesuffix("index.html")
            page.goto(url + relative, wait_until="networkidle")
            page.mouse.move(5, 5)
            page.mouse.move(400, 400)  # hover handlers, if any survived
        # A stylesheet of the site's own origin is what an injected <script src> would point at
        # (the CSP allows 'self'): none runs as a script, not even one written to be both.
        page.goto(url, wait_until="networkidle")
        if which == "rendered":  # the polyglots are published, and defused
            for name in ("polyglot.css", "POLYGLOT2.CSS"):
                assert (site / "assets" / "stylesheets" / name).read_text(encoding="utf-8").startswith('@charset "utf-8";')
        for stylesheet in sorted(path for path in site.rglob("*") if path.suffix.lower() == ".css"):
            if "assets/stylesheets/main." in stylesheet.as_posix() or "palette." in stylesheet.name:
                continue  # the theme's own
            page.evaluate("src => new Promise(done => { const s = document.createElement('script'); s.src = src;"
                          " s.onload = s.onerror = done; document.head.append(s); })",
                          url + stylesheet.relative_to(site).as_posix())
    context.close()
    assert dialogs == [] and violations == []
    assert edition + output_path("about.md") in {path.relative_to(site).as_posix() for path in pages}
