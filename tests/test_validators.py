"""Real validators over the built site: the Nu Html Checker, lychee (links and fragments, offline),
and the Content-Security-Policy each page carries."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from page_output import INLINE_SCRIPT

ROOT = Path(__file__).resolve().parent.parent
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


def test_every_link_and_fragment_resolves_offline(site_dir, print_edition_pdf):
    result = subprocess.run(
        [Path(sys.executable).parent / "lychee", "--offline", "--include-fragments", "--index-files", "index.html",
         "--no-progress", "--root-dir", site_dir, site_dir],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert re.search(r"(\d+) OK", result.stdout) and int(re.search(r"(\d+) OK", result.stdout).group(1)) > 1000


def policy_of(page) -> dict[str, str]:
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    return dict(directive.strip().split(" ", 1) for directive in meta["content"].split(";"))


@pytest.mark.parametrize("src", ["index.md", "findings/korean-war.md", "map.md", "print.md"])
def test_the_policy_allows_only_the_sites_own_scripts(src, site_dir, parse_page):
    from conftest import output_path

    page = parse_page(src)
    policy = policy_of(page)
    sources = policy["script-src"].split()
    assert sources[0] == "'self'" and "'unsafe-inline'" not in sources and "*" not in sources
    assert all(source.startswith("'sha256-") for source in sources[1:])
    assert policy["object-src"] == "'none'" and policy["default-src"] == "'self'"
    html = (site_dir / output_path(src)).read_text(encoding="utf-8")
    hashes = {f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
              for script in INLINE_SCRIPT.findall(html)}
    assert hashes and hashes == set(sources[1:])
    assert all(script.get("src", "").startswith(("../", "assets/", "./")) or not script.get("src")
               for script in page.find_all("script"))
