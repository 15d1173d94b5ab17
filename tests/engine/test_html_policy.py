"""What a page's HTML may hold, judged as a browser parses it, and cleaned whatever the judgment."""

from __future__ import annotations

import pytest

from scholarly.html_policy import clean, judge, url_scheme

REFUSED = {
    "a script": "<p>x</p><script>alert(1)</script>",
    "a script in SVG": "<svg><script>alert(1)</script></svg>",
    "an event handler": '<p onclick="alert(1)">x</p>',
    "a handler on an allowed inline tag": '<span onmouseover="alert(1)">x</span>',
    "a style attribute": '<p style="position:fixed">x</p>',
    "a javascript link": '<a href="javascript:alert(1)">x</a>',
    "a javascript link with entities and tabs": '<a href="jav&#x09;ascript&colon;alert(1)">x</a>',
    "a javascript link in capitals with spaces": '<a href="  JavaScript:alert(1)">x</a>',
    "a data: link": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "a vbscript link": '<a href="vbscript:msgbox(1)">x</a>',
    "an iframe": '<iframe src="https://example.org"></iframe>',
    "a form": '<form action="https://example.org"><input name=x></form>',
    "an object": '<object data="x.swf"></object>',
    "a meta refresh": '<meta http-equiv="refresh" content="0;url=https://example.org">',
    "a base": '<base href="https://example.org/">',
    "a link to a stylesheet": '<link rel="stylesheet" href="https://example.org/x.css">',
    "an image from another site": '<img alt="x" src="https://example.org/x.png">',
    "a protocol-relative image": '<img alt="x" src="//example.org/x.png">',
    "an srcset": '<img alt="x" src="x.png" srcset="https://example.org/x.png 2x">',
    "a target": '<a href="https://example.org" target="_blank">x</a>',
    "a math element": "<math><mi>x</mi></math>",
    "a template": "<template><script>alert(1)</script></template>",
    "a noscript": "<noscript><p>x</p></noscript>",
}


@pytest.mark.parametrize("name", REFUSED)
def test_refused_markup_is_reported_and_removed(name):
    html = REFUSED[name]
    assert judge(html), name
    cleaned = clean(html)
    assert not judge(cleaned), (name, cleaned)
    for fragment in ("<script", "onclick", "onmouseover", "javascript", "vbscript", "<iframe", "<form", "<object",
                     "<meta", "<base", "<link", "style=", "srcset", "target="):
        assert fragment not in cleaned.lower(), (name, cleaned)


def test_what_markdown_and_its_extensions_make_is_allowed():
    html = ('<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
            '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>'
            '<p>Text<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup> <em>e</em> <strong>s</strong> '
            '<code>c</code> <a href="../x/">l</a> <a href="https://a.org" title="t">x</a> <a href="mailto:a@b.org">m</a> '
            '<img alt="a" src="../assets/a.png"> <span lang="ja">日本</span> <time datetime="1956-10-19">19</time></p>'
            '<table><thead><tr><th style="text-align: left;">a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
            '<details open><summary>s</summary><p>x</p></details>'
            '<div class="footnote"><hr><ol><li id="fn:1"><p>N <a class="footnote-backref" href="#fnref:1">↩</a></p></li></ol></div>')
    assert judge(html) == []


def test_the_scheme_is_read_as_a_browser_reads_it():
    assert url_scheme(" \tJava\nScript:alert(1)") == "javascript"
    assert url_scheme("../page/#x") is None and url_scheme("https://a.org") == "https"
