"""Front matter: checked on every page before anything renders, and the source of each page's heading.

Every page starts with YAML front matter holding a `title` and a one-sentence `description`. All
mistakes on all pages are reported together, each as `path:line: what is wrong — how to fix it`,
and fail the build. The `title` becomes the page's heading, so the short labels in `nav:` stay
navigation labels only.
"""

from __future__ import annotations

import logging
import re

import yaml
from mkdocs.exceptions import PluginError

from project import Problem, report, source_path

log = logging.getLogger("mkdocs.plugins.front_matter")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.DOTALL)
REQUIRED = {
    "title": "a short page title",
    "description": "one sentence of at most 160 characters saying what the page covers",
}
# Optional: which of Okada's works a page is about (its metadata and "cite the research" box).
ABOUT_VALUES = ("okada2020", "okada2021")
OPTIONAL = {"about": f"a list drawn from {', '.join(ABOUT_VALUES)}"}
MAX_DESCRIPTION = 160


def check_front_matter(path: str, source: str) -> list[Problem]:
    """Every problem with one page's front matter (an empty list when it is sound)."""
    match = FRONT_MATTER.match(source)
    if not match:
        return [Problem(path, 1, "the page has no front matter — start the file with a line `---`, "
                                 "then `title:` and `description:` lines, then a line `---`")]
    try:
        node = yaml.compose(match.group(1) or "", Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        return [Problem(path, line, f"the front matter is not valid YAML ({getattr(error, 'problem', error)}) — "
                                    "write each field as `name: value` and quote values that contain `: `")]
    if not isinstance(node, yaml.MappingNode):
        return [Problem(path, 2, "the front matter must be `name: value` lines — see README.md, "
                                 "'Adding a page'")]
    fields = {key.value: (value, key.start_mark.line + 2) for key, value in node.value}
    problems = []
    for name in sorted(fields.keys() - REQUIRED.keys() - OPTIONAL.keys()):
        problems.append(Problem(path, fields[name][1], (
            f"unknown front matter field '{name}' — allowed fields: {', '.join([*REQUIRED, *OPTIONAL])}")))
    if "about" in fields:
        value, line = fields["about"]
        items = [item.value for item in value.value] if isinstance(value, yaml.SequenceNode) else None
        if not items or any(item not in ABOUT_VALUES for item in items):
            problems.append(Problem(path, line, f"`about` must be {OPTIONAL['about']} — write e.g. `about: [okada2020]`"))
    for name, meaning in REQUIRED.items():
        if name not in fields:
            problems.append(Problem(path, 1, f"the front matter has no `{name}` — add `{name}:` with {meaning}"))
            continue
        value, line = fields[name]
        if not isinstance(value, yaml.ScalarNode) or value.tag != "tag:yaml.org,2002:str" or not value.value.strip():
            problems.append(Problem(path, line, f"`{name}` must be text — write {meaning}"))
        elif name == "description" and len(value.value) > MAX_DESCRIPTION:
            problems.append(Problem(path, line, (
                f"`description` is {len(value.value)} characters long — shorten it to {MAX_DESCRIPTION} "
                "or fewer (search engines cut longer ones)")))
    return sorted(problems, key=lambda problem: problem.line)


def on_files(files, config):
    problems = []
    for file in files.documentation_pages():
        problems += check_front_matter(source_path(file, config), file.content_string)
    report(problems, log)
    return files


def on_page_markdown(markdown, page, config, files):
    if re.match(r"\s*# ", markdown):
        raise PluginError(f"{source_path(page.file, config)}: the page starts with a `# ` heading — delete it; the heading "
                          "is made from `title` in the front matter")
    return f"# {page.meta.get('title') or page.title}\n\n{markdown}"  # (a missing title is reported above)
