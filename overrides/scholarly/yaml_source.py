"""YAML read once, with line numbers, and mistakes in it explained for authors.

Front matter and data files are parsed with libyaml into a node tree (for lines) and turned
into plain data from that same tree. A YAML error becomes a `Problem` at the line where the
mistake starts (an unclosed quote is reported where the quote opens), with a fix for the
mistakes authors make most.
"""

from __future__ import annotations

import re

import yaml

from .problems import Problem

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the pure-Python loader is 10× slower


def compose(text: str) -> yaml.Node | None:
    """The node tree of a YAML text. Anchors and aliases (`&a`, `*a`) are refused before anything
    is built: the site's files do not need them, and nested aliases can make a few lines expand
    into billions of values (a "billion laughs")."""
    for event in yaml.parse(text, Loader=LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(problem="anchors and aliases (&name, *name) are not used in this site's files",
                                       problem_mark=event.start_mark)
    return yaml.compose(text, Loader=LOADER)


def construct(node: yaml.Node | None):
    """Plain data from a composed node (the same tree the line numbers come from). Only YAML's
    standard types: a tag such as `!!python/object` is a YAMLError, like any other mistake."""
    if node is None:
        return None
    loader = LOADER("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def unclosed_quote(text: str) -> tuple[int, str] | None:
    """The first line (0-based) whose value opens a quote it does not close, and which quote: YAML
    reads on to the next quote, lines later, and reports its mistake there."""
    for number, line in enumerate(text.splitlines()):
        match = re.match(r"\s*[\w-]+:\s*(?P<value>.*)$", line)
        value = match.group("value").rstrip() if match else ""
        if value.startswith('"') and re.search(r'(?<!\\)"', value[1:]) is None:
            return number, '"'
        if value.startswith("'"):
            rest = value[1:].replace("''", "")  # '' is a quote inside the value
            if not rest.endswith("'") or rest.index("'") != len(rest) - 1:
                return number, "'"
    return None


def yaml_problem(error: yaml.YAMLError, path: str, first_line: int, text: str = "") -> Problem:
    """The YAML mistake as `path:line: what — fix`; `first_line` is the file line of the text's line 1."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None) or ""
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    line = first_line + (mark.line if mark else 0)
    fix = "write each field as `name: value`, indented like the others"
    quote = unclosed_quote(text) if text else None
    if quote is not None and (quote[0] + first_line <= line or "quoted scalar" in context):
        if quote[1] == "'":
            return Problem(path, first_line + quote[0], "a value in single quotes ends at the next ' (an apostrophe)",
                           "write the value in double quotes (\"Okada's …\"), or without quotes")
        return Problem(path, first_line + quote[0], "a quoted value is not closed",
                       "add the closing quote on the same line (inside the value write a \" as \\\")")
    if "quoted scalar" in context and context_mark is not None:
        line = first_line + context_mark.line
        return Problem(path, line, "a quoted value is not closed",
                       "add the closing quote on the same line (inside the value write a \" as \\\")")
    lines = text.splitlines()
    found = lines[mark.line][mark.column:mark.column + 1] if mark is not None and mark.line < len(lines) else ""
    if "cannot start any token" in problem and found == "@":
        return Problem(path, line, "a value cannot start with @", "write bib keys without @, e.g. `about: [okada2020]`")
    if "anchors and aliases" in problem:
        return Problem(path, line, problem, "write the value out in full where it is needed")
    if "could not determine a constructor" in problem:
        return Problem(path, line, f"not valid YAML here ({problem.split(' for the tag ')[-1]} is not a plain value)",
                       "remove the `!!tag`: values are plain text, numbers, lists and `name: value` mappings")
    if "mapping values are not allowed" in problem and mark is not None and mark.line < len(lines) \
            and lines[mark.line][:1].isspace():
        return Problem(path, line, "a field is indented", "start each field at the beginning of its line")
    if "mapping values are not allowed" in problem:
        fix = 'a value that contains ": " must be quoted: write `title: "Finding 6: A short title"`'
    elif "found character '\\t'" in problem:
        fix = "indent with spaces, not tabs"
    elif "could not find expected ':'" in problem:
        fix = "every line must be `name: value`; quote a value that continues on a second line"
    return Problem(path, line, f"not valid YAML ({problem})", fix)


def node_line(node: yaml.Node, path: list, first_line: int = 1) -> int:
    """The file line of the value at a data path ([2, 'date']), or of the deepest part that exists."""
    for part in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            found = next((value for key, value in node.value if key.value == part), None)
            if found is None:
                break
            node = found
        else:
            break
    return first_line + node.start_mark.line
