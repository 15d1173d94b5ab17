"""The last touches to every HTML file: a Content-Security-Policy, and minified markup.

GitHub Pages sets no custom HTTP headers, so the policy travels in a `<meta http-equiv>` tag
(which cannot carry `frame-ancestors`, `report-uri` or `sandbox`; see the contributor guide).
Scripts may come only from the site itself, and inline scripts only if they are the theme's own:
their hashes are computed from Material's templates (the inline `<script>`s of its
`partials/javascripts/`), rendered for the page's `base_url`, never from the page being served,
so a script that reached a page some other way cannot be allowed by it. The live preview keeps
the same policy: `scripts/run serve` loads MkDocs' live-reload script from its server, not inline.

Pages are minified (minify-html; scripts and styles left as they are, so the hashes still match).
"""

from __future__ import annotations

import base64
import hashlib
import re

import minify_html

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


def content_security_policy(scripts: list, config, base_url: str) -> str:
    allowed = " ".join(sorted({sha256_source(script.render(config=config, base_url=base_url)) for script in scripts}))
    return "; ".join(f"{name} {value.format(scripts=allowed)}".strip() for name, value in POLICY.items())


def finish(html: str, serving: bool) -> str:
    """Material's search dialog named for screen readers; the page minified (not in the preview)."""
    html = html.replace(UNNAMED_SEARCH, UNNAMED_SEARCH.replace('role="dialog"', 'role="dialog" aria-label="Search"'))
    if serving:
        return html
    return minify_html.minify(html, minify_js=False, minify_css=False, keep_closing_tags=True,
                              keep_html_and_head_opening_tags=True, keep_comments=False)


def minified_css(css: str) -> str:
    return minify_html.minify(f"<style>{css}</style>", minify_css=True)[7:-8]
