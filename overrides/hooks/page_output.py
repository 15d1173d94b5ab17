"""Last touches to each page's HTML: minified, a Content-Security-Policy, a name for the search dialog.

Pages are minified (minify-html; scripts and styles left as they are) and so is site.css: with
Material's indentation a page's HTML was 1 KB more to download, compressed, and the budget for a
first visit is 100 KB.

GitHub Pages sets no custom HTTP headers, so the policy travels in a `<meta http-equiv>` tag
(which cannot carry `frame-ancestors`, `report-uri` or `sandbox`; see the contributor guide).
Scripts may come only from the site itself: Material's few inline scripts are allowed by their
SHA-256 hashes, computed here for each page (one of them differs from page to page), and no
other inline script can run. `scripts/run serve` gets no policy: MkDocs' live reload injects an
inline script of its own.

A page written while the citation pass was still running is completed at the end of the build
(deferred.py) and minified again here.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import deferred
import minify_html
from mkdocs.plugins import event_priority

INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)  # Material's: no attributes at all
CHARSET = '<meta charset="utf-8">'
POLICY = {
    "default-src": "'self'",
    "script-src": "'self' {hashes}",
    "style-src": "'self' 'unsafe-inline'",  # Material sets styles from its scripts
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
UNNAMED_SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'

STATE = {"serving": False}


def script_hashes(html: str) -> list[str]:
    return [f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in INLINE_SCRIPT.findall(html)]


def content_security_policy(html: str) -> str:
    hashes = " ".join(script_hashes(html))
    return "; ".join(f"{name} {value.format(hashes=hashes)}".strip() for name, value in POLICY.items())


def on_startup(command, dirty):
    STATE["serving"] = command == "serve"


def minified(html: str) -> str:
    return minify_html.minify(html, minify_js=False, minify_css=False, keep_closing_tags=True,
                              keep_html_and_head_opening_tags=True, keep_comments=False)


def on_post_page(output, page, config):
    output = output.replace(UNNAMED_SEARCH, UNNAMED_SEARCH.replace('role="dialog"', 'role="dialog" aria-label="Search"'))
    if STATE["serving"] or CHARSET not in output:
        return output
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(output)}">'
    # Minifying leaves scripts as they are, so the hashes still match what is served (tested).
    return minified(output.replace(CHARSET, f"{CHARSET}\n    {meta}", 1))


@event_priority(-50)  # after citations.py's, which completes the late pages
def on_post_build(config):
    # Pages completed after they were written, by citations.py's on_post_build (deferred.py); their
    # new parts hold no script, so the policy's hashes stand. (`serve` minifies nothing.)
    late_pages = [] if STATE["serving"] else deferred.late_files()
    for path in late_pages:
        page = Path(path)
        page.write_text(minified(page.read_text(encoding="utf-8")), encoding="utf-8")
    for stylesheet in config.extra_css:
        path = Path(config.site_dir) / stylesheet
        if path.is_file():
            css = path.read_text(encoding="utf-8")
            path.write_text(minify_html.minify(f"<style>{css}</style>", minify_css=True)[7:-8], encoding="utf-8")
