"""The site's editions: one per language, as mkdocs-static-i18n builds them.

The plugin builds the default language's edition, then each other language's by running the
whole build again with `page.LANG.md` in place of `page.md` and every file published under
`LANG/`. For this machinery a page is known by its language-neutral name (`timeline.md`, never
`timeline.ja.md`): settings, data files (`pages:`), links and caches use that name in every
edition. A site without the plugin has one edition, in the theme's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Problem


@dataclass(frozen=True)
class Edition:
    language: str  # "en", "ja"
    default: bool  # the edition at the site's root
    languages: tuple[str, ...]  # every edition the site builds, the default first

    @property
    def prefix(self) -> str:
        """Where the edition's files are published, from the site's root: "" or "ja/"."""
        return "" if self.default else f"{self.language}/"

    def published(self, path: str) -> str:
        return self.prefix + path


def _plugin(config):
    return config.plugins.get("i18n")


def current(config) -> Edition:
    plugin = _plugin(config)
    if plugin is None:
        return Edition(config.theme.get("language") or "en", True, (config.theme.get("language") or "en",))
    default = plugin.default_language
    languages = (default, *[language for language in plugin.build_languages if language != default])
    return Edition(plugin.current_language or default, (plugin.current_language or default) == default, languages)


def is_nested(config) -> bool:
    """True while the plugin builds another edition from inside the default edition's build."""
    plugin = _plugin(config)
    return bool(plugin is not None and getattr(plugin, "building", False))


def key_of(file) -> str:
    """A page's language-neutral name: `timeline.md` for `timeline.ja.md` too."""
    return getattr(file, "norm_src_uri", None) or file.src_uri


def awaits_translation(docs_dir: Path | str, page: str, edition: Edition, untranslated: list[str]) -> bool:
    """A page this (non-default) edition lacks only because its translation is not written yet,
    which `missing_translations` reports at the page with the fix: what else its absence breaks in
    this edition (menu, links, a data page) would only bury that one message. Exactly the pages it
    reports: in docs/, with an original, not listed as untranslated, and no `page.LANG.md`."""
    docs = Path(docs_dir).resolve()
    original = (docs / page).resolve()
    return (not edition.default and page not in untranslated and original.is_relative_to(docs)
            and original.suffix == ".md" and original.is_file()
            and not (docs / _translated(original.relative_to(docs).as_posix(), edition.language)).is_file())


def is_orphan(docs_dir: Path | str, page: str, edition: Edition) -> bool:
    """A page of another edition (`page.md` or `page.LANG.md`) without its original: reported at its
    file by `missing_translations`."""
    return not edition.default and not (Path(docs_dir) / _original(page, edition.language)).is_file()


def missing_translations(docs_dir: Path, pages: list[str], edition: Edition, untranslated: list[str],
                         root: Path) -> list[Problem]:
    """Every page of the default edition has its version in each other edition (`page.LANG.md`),
    unless the site lists it as untranslated; and no translation is left without its original."""
    if not edition.default or len(edition.languages) < 2:
        return []
    problems = []
    for language in edition.languages[1:]:
        for page in pages:
            translated = docs_dir / _translated(page, language)
            if page not in untranslated and not translated.is_file():
                problems.append(Problem(str((docs_dir / page).relative_to(root)), 1,
                                        f"this page has no {language} version ({translated.relative_to(root)})",
                                        f"write it (start from a copy of this page), or list '{page}' under "
                                        "`extra.scholarly.editions.untranslated` in mkdocs.yml"))
        for translated in sorted(docs_dir.rglob(f"*.{language}.md")):
            original = _original(translated.relative_to(docs_dir).as_posix(), language)
            if not (docs_dir / original).is_file():
                problems.append(Problem(str(translated.relative_to(root)), 1,
                                        f"this {language} page has no original (docs/{original})",
                                        f"rename it after the page it translates (PAGE.{language}.md beside PAGE.md)"))
    return problems


def _translated(page: str, language: str) -> str:
    return page.removesuffix(".md") + f".{language}.md"


def _original(page: str, language: str) -> str:
    """`page.md` for `page.LANG.md`; any other name as it is."""
    suffix = f".{language}.md"
    return page.removesuffix(suffix) + ".md" if page.endswith(suffix) else page
