"""A synthetic site for the engine's tests: a few pages, one .bib, the same machinery (overrides/)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

BIB = """\
@article{smith2020,
  author  = {Smith, Jane},
  title   = {A Study of Things},
  journal = {Journal of Studies},
  volume  = {3},
  pages   = {10--20},
  year    = {2020},
  langid  = {english},
}

@book{doe2019,
  editor    = {Doe, John},
  title     = {Collected Essays},
  publisher = {University Press},
  address   = {Cambridge},
  year      = {2019},
  langid    = {english},
  keywords  = {references-only},
}
"""

PAGES = {
    "index.md": "---\ntitle: A minimal site\ndescription: A site with one bibliography and no data pages.\n---\n\n"
                "Things were studied [@smith2020].\n",
    "references.md": "---\ntitle: References\ndescription: Every work the site cites.\n---\n\n"
                     "All works.\n\n\\full_bibliography[works.bib]\n",
}


def site_config(settings: dict | None = None, nav: list | None = None) -> dict:
    return {
        "site_name": "A minimal site",
        "site_author": "The editors",
        "site_url": "https://example.org/",
        "theme": {"name": "material", "custom_dir": str(ROOT / "overrides"), "font": False},
        "plugins": ["search", {"bibtex": {"bib_dir": "bib", "enable_inline_citations": False, "bib_by_default": False}}],
        "hooks": [str(ROOT / "overrides" / "hooks.py")],
        "markdown_extensions": ["admonition", "attr_list", {"footnotes": {"USE_DEFINITION_ORDER": False}},
                                "md_in_html", "smarty", "tables", {"toc": {"permalink": True}}],
        "validation": {"links": {"not_found": "warn", "anchors": "warn", "absolute_links": "warn",
                                 "unrecognized_links": "warn"}, "nav": {"omitted_files": "warn"}},
        "extra": {"scholarly": {"about": ["smith2020"], "print": {"page": "print.md"}, **(settings or {})}},
        **({"nav": nav} if nav else {}),
    }


def make_site(folder: Path, pages: dict[str, str] | None = None, bib: str = BIB, settings: dict | None = None,
              files: dict[str, str | bytes] | None = None, nav: list | None = None) -> Path:
    """Write a small project: pages (src_uri → text), bib/works.bib, extra files, and mkdocs.yml."""
    folder.mkdir(parents=True, exist_ok=True)
    for src_uri, text in {**PAGES, **(pages or {})}.items():
        path = folder / "docs" / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    (folder / "bib").mkdir(exist_ok=True)
    (folder / "bib" / "works.bib").write_text(bib, encoding="utf-8")
    for name, content in (files or {}).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(site_config(settings, nav), allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    return folder


@pytest.fixture
def site(tmp_path):
    """make_site in this test's own folder."""
    return lambda **parts: make_site(tmp_path / "project", **parts)
