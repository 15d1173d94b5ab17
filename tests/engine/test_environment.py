"""What the machinery changes in MkDocs' own steps gives MkDocs' own result."""

from __future__ import annotations

from mkdocs.config import load_config
from mkdocs.structure.files import Files
from mkdocs.theme import Theme

from helpers import ROOT
from scholarly.environment import ThemeLoader, list_theme_files_quickly


def published_theme_files(config, env) -> list[tuple[str, str]]:
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted((file.src_uri, file.abs_src_path) for file in files)


def test_the_quick_theme_listing_publishes_what_mkdocs_publishes():
    config = load_config(str(ROOT / "mkdocs.yml"))
    list_theme_files_quickly()
    quick = config.theme.get_env()
    assert isinstance(quick.loader, ThemeLoader)
    stock = Theme.get_env.__wrapped__(config.theme)  # MkDocs' own environment, its own loader
    assert not isinstance(stock.loader, ThemeLoader)
    published = published_theme_files(config, stock)
    assert len(published) > 40 and any(name.endswith("tinyseg.js") for name, _ in published)
    assert published_theme_files(config, quick) == published
