"""The project's command-line tool: one place for everything authors and CI run.

Run it through `scripts/run`, which installs what is needed first:

    scripts/run serve    preview the site at http://127.0.0.1:8000, rebuilt on every save
    scripts/run build    strict build into site/ plus the print edition's PDF (what the deploy publishes)
    scripts/run test     the whole test suite: builds, parses the HTML, drives Chromium, lints workflows
    scripts/run check    every check an author's change must pass, fast and without a browser
    scripts/run new finding "Title"   a new page with its front matter, added to the navigation
    scripts/run bib      sort the .bib files' entries and fields (`--check` only reports)
    scripts/run links    check the built site's links and fragments with lychee (`--external` too)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_BIN = Path(sys.executable).parent

# Material prints a banner about MkDocs 2 on every run; it is known (see README) and only noise here.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run(*command: str | Path) -> int:
    return subprocess.run([str(part) for part in command], cwd=ROOT).returncode


def serve(args: argparse.Namespace) -> int:
    """MkDocs' own live-reload server, tuned for a fast edit-to-screen loop (see
    scripts/benchmarks/serve_reload.py): only edited pages are re-rendered (a "dirty" build; pages
    made from every page, such as the print edition, refresh on the next full build), files are
    polled every 0.2 s instead of 0.5 s, and strict mode is off so that a mistake is shown as a
    warning while the preview keeps running."""
    from mkdocs import livereload
    from mkdocs.commands import serve as mkdocs_serve

    class QuickReloadServer(livereload.LiveReloadServer):
        def __init__(self, *server_args, **server_kwargs):
            super().__init__(*server_args, polling_interval=0.2, **server_kwargs)

    os.environ["STRICT"] = "false"
    mkdocs_serve.LiveReloadServer = QuickReloadServer
    os.chdir(ROOT)
    mkdocs_serve.serve(config_file=str(ROOT / "mkdocs.yml"), dev_addr=args.address, livereload=True,
                       build_type=None if args.full else "dirty")
    return 0


def build(args: argparse.Namespace) -> int:
    status = run(PYTHON_BIN / "mkdocs", "build", "--strict", "--clean", "--site-dir", args.site_dir)
    if status == 0:
        from print_pdf import print_pdf

        print(f"Print edition: {print_pdf(ROOT / args.site_dir)}")
    return status


def test(args: argparse.Namespace) -> int:
    return run(PYTHON_BIN / "pytest", *args.extra)


def links(args: argparse.Namespace) -> int:
    """lychee over the built site: every internal link and fragment, offline; with --external, the
    links to other sites too (the weekly workflow), with a Markdown report for the run summary."""
    command = [PYTHON_BIN / "lychee", "--include-fragments", "--index-files", "index.html", "--no-progress",
               "--root-dir", ROOT / args.site_dir, ROOT / args.site_dir]
    if args.external:
        command += ["--max-retries", "3", "--format", "markdown", "--output", ROOT / "link-report.md"]
    else:
        command.insert(1, "--offline")
    return run(*command)


def check(args: argparse.Namespace) -> int:
    from authoring import check as check_everything

    return check_everything()


def new(args: argparse.Namespace) -> int:
    from authoring import new as scaffold

    return scaffold(args.kind, args.title)


def bib(args: argparse.Namespace) -> int:
    from authoring import bib as normalise

    return normalise(check_only=args.check)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    command = commands.add_parser("serve", help="preview the site with live reload")
    command.add_argument("--address", default="127.0.0.1:8000", help="host:port (default %(default)s)")
    command.add_argument("--full", action="store_true", help="rebuild every page on each save")
    command.set_defaults(handler=serve)

    command = commands.add_parser("build", help="strict build of the site")
    command.add_argument("--site-dir", default="site", help="output folder (default %(default)s)")
    command.set_defaults(handler=build)

    command = commands.add_parser("test", help="run the whole test suite (extra arguments, e.g. -x, go to pytest)")
    command.set_defaults(handler=test, passes_extra_arguments=True)

    command = commands.add_parser("links", help="check the built site's links with lychee (offline unless --external)")
    command.add_argument("--site-dir", default="site", help="the built site (default %(default)s)")
    command.add_argument("--external", action="store_true", help="also check links to other sites; report in link-report.md")
    command.set_defaults(handler=links)

    command = commands.add_parser("check", help="check pages, citations, .bib and data files, links and anchors")
    command.set_defaults(handler=check)

    command = commands.add_parser("new", help="create a page with front matter and add it to the navigation")
    command.add_argument("kind", choices=["finding", "proposal", "page"])
    command.add_argument("title", help='the page title, e.g. "Finding 6: The fisheries question"')
    command.set_defaults(handler=new)

    command = commands.add_parser("bib", help="normalise bib/*.bib (sorted entries, fixed field order)")
    command.add_argument("--check", action="store_true", help="only report files that are not normalised")
    command.set_defaults(handler=bib)

    args, args.extra = parser.parse_known_args(argv)
    if args.extra and not getattr(args, "passes_extra_arguments", False):
        parser.error(f"unrecognized arguments: {' '.join(args.extra)}")
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
