"""Front matter: read once, every mistake of a page at once, each at its line with a fix."""

from __future__ import annotations

from scholarly.sources import read_page


def problems(text: str) -> list[str]:
    return [str(problem) for problem in read_page("p.md", "docs/p.md", text, ["okada2020", "okada2021"])[1]]


def test_a_sound_page_has_no_problems_and_its_fields_are_read():
    page, found = read_page("p.md", "docs/p.md", '---\ntitle: "Finding 6: A title"\ndescription: What it covers.\n'
                                                  "about: [okada2020]\n---\n\nText.\n", ["okada2020"])
    assert found == [] and page.title == "Finding 6: A title" and page.meta["about"] == ["okada2020"]
    assert page.body == "\nText.\n"


def test_an_unquoted_colon_is_reported_on_its_line_with_the_quoting_fix():
    (message,) = problems("---\ntitle: Finding 6: A title\ndescription: x\n---\n\nText.\n")
    assert message.startswith("docs/p.md:2: not valid YAML") and 'title: "Finding 6: A short title"' in message


def test_an_unclosed_quote_is_reported_where_it_opens():
    (message,) = problems('---\ntitle: "A title\ndescription: x\n---\n\nText.\n')
    assert message.startswith("docs/p.md:2: a quoted value is not closed — add the closing quote")


def test_a_missing_closing_line_is_named_as_such():
    assert problems("---\ntitle: T\ndescription: x\n\nText.\n") == [
        "docs/p.md:1: the front matter is not closed — add a line `---` after its last field"]


def test_every_problem_of_a_page_at_once():
    found = problems("---\ntitle: [T]\nsummary: x\nabout: [okada2019]\n---\n")
    assert any(line.startswith("docs/p.md:2: `title` must be text") for line in found)
    assert any(line.startswith("docs/p.md:3: unknown front matter field `summary`") for line in found)
    assert any(line.startswith("docs/p.md:4: `about` must be a list drawn from okada2020, okada2021") for line in found)
    assert any("the front matter has no `description`" in line for line in found)
    assert any("the page has no text after its front matter" in line for line in found)


def test_a_long_description_and_a_leading_heading():
    found = problems("---\ntitle: T\ndescription: " + "x" * 161 + "\n---\n\n# T\n")
    assert found[0].startswith("docs/p.md:3: `description` is 161 characters long — shorten it to 160")
    assert found[1].startswith("docs/p.md:6: the page starts with a `# ` heading — delete it")
