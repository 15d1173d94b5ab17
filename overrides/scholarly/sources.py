"""Every page's source, read once: its text, its front matter (with lines) and what is wrong with them.

The front matter is found by MkDocs' own pattern (so both agree where it ends), parsed once with
line numbers, and validated against the fields a page may have. Every problem with a page is
reported at once. What the build then uses (`title`, `description`, `about`) comes from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from mkdocs.utils.meta import YAML_RE

from .problems import BIDI_CONTROL, CONTROL, Problem, line_of
from .yaml_source import compose, construct, yaml_problem

MAX_DESCRIPTION = 160
MAX_TITLE = 120
FIELDS = {
    "title": "a short page title",
    "description": "one sentence of at most 160 characters saying what the page covers",
    "about": "which of the site's works the page discusses, e.g. `about: [okada2020]`",
}
REQUIRED = ("title", "description")
LEADING_HEADING = re.compile(r"\A\s*# ")


@dataclass
class PageSource:
    """One Markdown page as its author wrote it."""

    src_uri: str  # findings/korean-war.md
    path: str  # docs/findings/korean-war.md, as authors know it
    text: str
    meta: dict = field(default_factory=dict)  # the valid fields only
    field_lines: dict[str, int] = field(default_factory=dict)
    body_start: int = 0  # offset of the text after the front matter

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.src_uri

    @property
    def description(self) -> str:
        return self.meta.get("description") or ""

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    def line(self, offset_in_body: int) -> int:
        return line_of(self.text, self.body_start + offset_in_body)




def bidi_problems(path: str, text: str) -> list[Problem]:
    return [Problem(path, line_of(text, found.start()), f"an invisible bidirectional control (U+{ord(found.group()):04X}) "
                    "would show the text after it in another order", "delete it")
            for found in BIDI_CONTROL.finditer(text)]


def read_page(src_uri: str, path: str, text: str, about_keys: list[str]) -> tuple[PageSource, list[Problem]]:
    """The page's source and every problem with its front matter and shape."""
    page = PageSource(src_uri, path, text)
    problems: list[Problem] = bidi_problems(path, text)
    match = YAML_RE.match(text)
    if match is None:
        if text.startswith("---"):
            problems.append(Problem(path, 1, "the front matter is not closed",
                                    "add a line `---` after its last field"))
        else:
            problems.append(Problem(path, 1, "the page has no front matter",
                                    "start the file with a line `---`, then `title:` and `description:` lines, "
                                    "then a line `---`"))
        return page, problems
    page.body_start = match.end()
    try:
        node = compose(match.group(1))
    except yaml.YAMLError as error:
        return page, [yaml_problem(error, path, first_line=2, text=match.group(1))]
    if not isinstance(node, yaml.MappingNode):
        return page, [Problem(path, 2, "the front matter must be `name: value` lines",
                              "write `title: …` and `description: …`, one per line")]
    for key, _value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            return page, [Problem(path, key.start_mark.line + 2, "a front matter field's name must be a word",
                                  "write `title: …` and `description: …`, one per line")]
    values = {key.value: value for key, value in node.value}
    page.field_lines = {key.value: key.start_mark.line + 2 for key, _ in node.value}
    for name in values.keys() - FIELDS.keys():
        problems.append(Problem(path, page.field_lines[name], f"unknown front matter field `{name}`",
                                f"allowed fields: {', '.join(FIELDS)}"))
    for name in REQUIRED:
        if name not in values:
            problems.append(Problem(path, 1, f"the front matter has no `{name}`", f"add `{name}:` with {FIELDS[name]}"))
    for name in ("title", "description"):
        if name not in values:
            continue
        value, line = values[name], page.field_lines[name]
        if not isinstance(value, yaml.ScalarNode) or value.tag != "tag:yaml.org,2002:str" or not value.value.strip():
            problems.append(Problem(path, line, f"`{name}` must be text", f"write {FIELDS[name]}"))
            continue
        text_value = " ".join(value.value.split())
        limit = MAX_DESCRIPTION if name == "description" else MAX_TITLE
        if control := CONTROL.search(text_value):
            problems.append(Problem(path, line, f"`{name}` holds a control character (U+{ord(control.group()):04X})",
                                    "delete it: titles and descriptions are plain text"))
        elif len(text_value) > limit:
            problems.append(Problem(path, line, f"`{name}` is {len(text_value)} characters long",
                                    f"shorten it to {limit} or fewer (search engines cut longer ones)"))
        else:
            page.meta[name] = text_value
    if "about" in values:
        try:
            about = construct(values["about"])
        except yaml.YAMLError as error:
            return page, [yaml_problem(error, path, first_line=2)]
        if not (isinstance(about, list) and about and all(isinstance(key, str) and key in about_keys for key in about)):
            problems.append(Problem(path, page.field_lines["about"], "`about` must be a list drawn from "
                                    + ", ".join(about_keys), "write e.g. `about: [" + (about_keys[0] if about_keys else "key") + "]`"))
        else:
            page.meta["about"] = about
    body = page.body
    if not body.strip():
        problems.append(Problem(path, line_of(text, page.body_start), "the page has no text after its front matter",
                                "write the page, or delete the file and its line in `nav:`"))
    elif LEADING_HEADING.match(body):
        problems.append(Problem(path, line_of(text, page.body_start + body.index("#")),
                                "the page starts with a `# ` heading",
                                "delete it: the heading is made from `title` in the front matter"))
    return page, sorted(problems, key=lambda problem: problem.line)


def placeholder_lines(skeleton: str) -> set[str]:
    """The lines of a page skeleton that an author must replace: its prose and its description."""
    structure = ("#", "---", "title:", "about:", "!!!")  # headings and fields an author keeps
    return {line.strip() for line in skeleton.splitlines() if line.strip() and not line.strip().startswith(structure)}
