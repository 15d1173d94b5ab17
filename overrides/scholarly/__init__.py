"""The machinery of a scholarly microsite built with MkDocs, Material and mkdocs-bibtex.

`overrides/hooks.py` is the only file MkDocs loads; it calls `pipeline`, which runs the steps below
in the order written there. Everything a site decides for itself (the works it is about, its
citation style, its data pages) is in `mkdocs.yml` under `extra: scholarly:` (see `settings`).

Layers, from source to page:

- `sources`       every page's text and front matter, read once, with line numbers
- `bibliography`  every .bib file parsed once, with the file and line of each entry
- `works`         one description of each work, from which every format is made (CSL JSON for
                  pandoc, COinS, RIS, BibTeX, schema.org)
- `markdown`      the Markdown extension: citations, directives (`\\timeline`), references, mentions
- `citeproc`      the pandoc call that formats the citations and references of the whole site
                  (and one beside it for the site's own pages)
- `html_policy`   what HTML a page may contain, judged after Markdown has parsed it
- `data`          the data pages (timeline, people, glossary, islands), each optional
- `metadata`      what a page says about itself: head tags, JSON-LD, cite this page
- `cards`, `print_edition`, `output`   social images, the print edition, the final HTML
"""
