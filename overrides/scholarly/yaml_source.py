"""YAML read once, with line numbers, and mistakes in it explained for authors.

Front matter and data files are parsed with libyaml into a node tree (for lines) and turned
into plain data from that same tree. A YAML error becomes a `Problem` at the line where the
mistake starts (an unclosed quote is reported where the quote opens), with a fix for the
mistakes authors make most.
"""

from __future__ import annotations

import yaml

from .problems import Problem

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the pure-Python loader is 10× slower


def compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=LOADER)


def construct(node: yaml.Node | None):
    """Plain data from a composed node (the same tree the line numbers come from)."""
    if node is None:
        return None
    loader = LOADER("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def yaml_problem(error: yaml.YAMLError, path: str, first_line: int) -> Problem:
    """The YAML mistake as `path:line: what — fix`; `first_line` is the file line of the text's line 1."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context = getattr(error, "context", None) or ""
    mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    line = first_line + (mark.line if mark else 0)
    fix = "write each field as `name: value`, indented like the others"
    if "quoted scalar" in context and context_mark is not None:
        line = first_line + context_mark.line
        return Problem(path, line, "a quoted value is not closed",
                       "add the closing quote on the same line (inside the value write a \" as \\\")")
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
