"""Real validators over the built site: the Nu Html Checker, and the Content-Security-Policy each
page carries, judged against the theme's own scripts."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess

import pytest
from jinja2 import Environment, FileSystemLoader
from material import templates

from helpers import ROOT, output_path, parse

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors the Nu Html Checker reports in Material for MkDocs' own templates, which this site extends
# but does not copy. Each is listed once, with why it is accepted; any other error fails the test.
MATERIAL_MARKUP = {
    "Attribute “autocomplete” is only allowed when the input type is":
        "Material puts autocomplete=off on its hidden drawer/search checkboxes to stop browsers "
        "restoring their state on back navigation; harmless, and in base.html.",
    "Bad value “” for attribute “tabindex” on element “label”":
        "Material's nav-item.html writes tabindex=\"\" on section labels when navigation.sections "
        "is on; browsers treat it as absent.",
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control":
        "Material's table-of-contents title points at its hidden __toc checkbox on pages whose "
        "contents list is collapsed.",
}


def test_nu_html_checker_finds_no_errors_in_our_markup(site_dir):
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker: run the tests through `scripts/run test`"
    assert VNU.is_file(), "vnu.jar is missing: run the tests through `scripts/run test` (npm ci)"
    result = subprocess.run([java, "-jar", VNU, "--format", "json", "--skip-non-html", "--errors-only", site_dir],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr)["messages"]
    ours = [f"{message['url'].split(str(site_dir))[-1]}:{message.get('lastLine')}: {message['message']}"
            for message in messages if not any(known in message["message"] for known in MATERIAL_MARKUP)]
    assert ours == []
    assert messages, "expected Material's known errors: is the checker running at all?"


def theme_script_hashes(base_url: str, config) -> set[str]:
    """The hashes of Material's own inline scripts, from its template files, for a page's base_url."""
    folder = templates.__path__[0]
    env = Environment(loader=FileSystemLoader(folder))
    hashes = set()
    for path in sorted((ROOT / ".venv").glob("lib/python*/site-packages/material/templates/partials/**/*.html")):
        for body in re.findall(r"<script>(.*?)</script>", path.read_text(encoding="utf-8"), re.DOTALL):
            script = env.from_string(body).render(base_url=base_url, config=config)
            hashes.add(f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'")
    return hashes


def policy_of(page) -> dict[str, str]:
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    return dict(directive.strip().split(" ", 1) for directive in meta["content"].split(";"))


@pytest.mark.parametrize("src", ["index.md", "findings/korean-war.md", "map.md", "print.md", "404.html"])
def test_the_policy_allows_only_the_themes_own_scripts(src, site_dir, mkdocs_config):
    path = site_dir / (src if src.endswith(".html") else output_path(src))
    page = parse(path)
    policy = policy_of(page)
    sources = policy["script-src"].split()
    assert sources[0] == "'self'" and "'unsafe-inline'" not in sources and "*" not in sources
    base_url = "/" if src == "404.html" else ("." if src == "index.md" else "../" * output_path(src).count("/"))
    allowed = theme_script_hashes(base_url.rstrip("/") or ".", mkdocs_config) | theme_script_hashes(base_url, mkdocs_config)
    assert set(sources[1:]) <= allowed
    assert policy["object-src"] == "'none'" and policy["default-src"] == "'self'"
    # Every inline script the page runs is one of the theme's: nothing else is allowed to run.
    # and the policy allows no more than those (the theme's scripts for settings the site does not use).
    html = path.read_text(encoding="utf-8")
    held = {f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in re.findall(r"<script>(.*?)</script>", html, re.DOTALL)}
    assert held == set(sources[1:])
    assert all(not script.get("src") or script["src"].startswith(("../", "assets/", "./", "/assets/"))
               for script in page.find_all("script"))


# Loads a TinySegmenter script as the search worker does (it sets lunr.TinySegmenter) and prints how
# it splits the text on stdin.
SEGMENT = """
const fs = require("fs"), lunr = {};
const module = {exports: {}};
new Function("define", "exports", "module", fs.readFileSync(process.argv[1], "utf8"))(undefined, module.exports, module);
module.exports(lunr);
console.log(JSON.stringify(new lunr.TinySegmenter().segment(fs.readFileSync(0, "utf8"))));
"""


def test_the_published_japanese_word_splitter_splits_as_materials_does(site_dir):
    """The site publishes Material's tinyseg.js minified: node, a real JavaScript engine, splits every
    Japanese page's text into the same words with both, and the licence comment is kept."""
    node = shutil.which("node")
    assert node, "node is needed (the README's machine has it)"
    published = site_dir / "assets/javascripts/lunr/tinyseg.js"
    original = next((ROOT / ".venv").glob("lib/python*/site-packages/material/templates/assets/javascripts/lunr/tinyseg.js"))
    assert published.stat().st_size < 0.8 * original.stat().st_size
    assert "TinySegmenter is freely distributable under the terms of a new BSD licence" in published.read_text("utf-8")
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").rglob("*.ja.md")))

    def words(script) -> list[str]:
        result = subprocess.run([node, "-e", SEGMENT, str(script)], input=text, capture_output=True, text=True, check=True)
        return json.loads(result.stdout)

    split = words(original)
    assert len(split) > 10_000 and words(published) == split
