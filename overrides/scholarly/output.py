"""The last touches to every HTML file: a Content-Security-Policy, and minified markup.

GitHub Pages sets no custom HTTP headers, so the policy travels in a `<meta http-equiv>` tag
(which cannot carry `frame-ancestors`, `report-uri` or `sandbox`; see the contributor guide).
Scripts may come only from the site itself, and inline scripts only if they are the theme's own:
their hashes are computed from Material's templates (the inline `<script>`s of its
`partials/javascripts/`), rendered for the page's `base_url`, never from the page being served,
so a script that reached a page some other way cannot be allowed by it. Each page then allows only
those of the theme's scripts it holds (three of nine here: the rest wait on settings this site
does not use), which is also 0.3 KB less on every first visit. The live preview keeps
the same policy: `scripts/run serve` loads MkDocs' live-reload script from its server, not inline.

Pages are minified (minify-html; scripts and styles left as they are, so the hashes still match).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

import minify_html
from markupsafe import escape

THEME_SCRIPT_TEMPLATES = [
    "partials/javascripts/base.html", "partials/javascripts/palette.html", "partials/javascripts/content.html",
    "partials/javascripts/announce.html", "partials/javascripts/outdated.html", "partials/javascripts/consent.html",
    "partials/integrations/analytics.html",
]
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)  # in the theme's own template files
POLICY = {
    "default-src": "'self'",
    "script-src": "'self' {scripts}",
    "style-src": "'self' 'unsafe-inline'",  # Material sets styles from its scripts
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
UNNAMED_SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'


def theme_scripts(env) -> list:
    """Material's inline scripts, as templates: from the theme's files, not from any page."""
    scripts = []
    for name in THEME_SCRIPT_TEMPLATES:
        try:
            source, _, _ = env.loader.get_source(env, name)
        except Exception:  # a theme version without this partial
            continue
        scripts += [env.from_string(body) for body in INLINE_SCRIPT.findall(source)]
    return scripts


def sha256_source(script: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"


@dataclass(frozen=True)
class Policy:
    """The policy for pages at one depth: each of the theme's inline scripts, rendered for their
    `base_url`, by the source (`'sha256-…'`) that allows it."""

    scripts: dict[str, str]

    @classmethod
    def of_theme(cls, scripts: list, config, base_url: str) -> Policy:
        rendered = (script.render(config=config, base_url=base_url) for script in scripts)
        return cls({sha256_source(script): script for script in rendered})

    def text(self, sources=None) -> str:
        allowed = " ".join(sorted(self.scripts if sources is None else sources))
        return "; ".join(f"{name} {value.format(scripts=allowed)}".strip() for name, value in POLICY.items())

    @cached_property
    def printed(self) -> str:
        """The policy's tag as overrides/main.html prints it (autoescaped)."""
        return self.tag(self.text())

    @staticmethod
    def tag(policy: str) -> str:
        return f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'

    def narrowed(self, html: str) -> str | None:
        """The page with its policy allowing only the theme scripts it holds (as rendered, the same
        text that was hashed); None if the page does not carry this policy."""
        if self.printed not in html:
            return None
        held = [source for source, script in self.scripts.items() if f"<script>{script}</script>" in html]
        return html.replace(self.printed, self.tag(self.text(held)), 1)


def finish(html: str, serving: bool, search_name: str) -> str:
    """Material's search dialog named for screen readers (in the page's language); the page
    minified (not in the preview)."""
    named = UNNAMED_SEARCH.replace('role="dialog"', f'role="dialog" aria-label="{escape(search_name)}"')
    html = html.replace(UNNAMED_SEARCH, named)
    if serving:
        return html
    return minify_html.minify(html, minify_js=False, minify_css=False, keep_closing_tags=True,
                              keep_html_and_head_opening_tags=True, keep_comments=False)


def minified_css(css: str) -> str:
    return minify_html.minify(f"<style>{css}</style>", minify_css=True)[7:-8]


# Material ships the Japanese word splitter for search unminified (22 KB); with Japanese among the
# search languages the search worker fetches it on every first visit. Only scripts checked to work
# alike minified are listed (tests/site/test_validators.py runs both in node): the minifier treats
# a file as an inline <script>, so it may drop a top-level `var` other scripts read.
UNMINIFIED_THEME_SCRIPTS = ["assets/javascripts/lunr/tinyseg.js"]


def minified_js(script: str) -> str:
    """minify-html's JavaScript minifier (it keeps the licence comments)."""
    if "</script" in script.lower():  # it would end the <script> the minifier reads the file in
        return script
    return minify_html.minify(f"<script>{script}</script>", minify_js=True)[8:-9]
