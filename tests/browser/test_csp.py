"""The Content-Security-Policy, as Chromium applies it: a script that reached a page some other way
than through the theme is refused, while the theme's own scripts run."""

from __future__ import annotations

import shutil

from playwright.sync_api import Page

from print_pdf import serve


def test_a_script_added_to_a_built_page_is_refused(page: Page, site_dir, tmp_path):
    site = shutil.copytree(site_dir, tmp_path / "site")
    target = site / "about" / "index.html"
    html = target.read_text(encoding="utf-8")
    # As if something had slipped through every check: an inline script and an inline handler.
    target.write_text(html.replace("</article>", '<script>document.title="pwned"</script>'
                                                 '<img src=x onerror="document.title=\'pwned\'"></article>', 1),
                      encoding="utf-8")
    refused, dialogs = [], []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(site) as url:
        page.goto(url + "about/", wait_until="networkidle")
        assert page.title() != "pwned"
        assert len(refused) == 2 and dialogs == []
        # The theme's scripts ran: Material's search box works, its palette script set the scheme.
        assert page.locator("body").get_attribute("data-md-color-scheme") in ("default", "slate")
