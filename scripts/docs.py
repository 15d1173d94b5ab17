"""The project's command-line tool: one place for everything authors and CI run.

Run it through `scripts/run`, which installs what is needed first:

    scripts/run serve    preview the site at http://127.0.0.1:8000, rebuilt on every save
    scripts/run build    strict build into site/ plus the print edition's PDF (what the deploy publishes)
    scripts/run test     the whole test suite (`--fast`: everything but the browser, in under a minute)
    scripts/run check    every check an author's change must pass, fast and without a browser
    scripts/run new finding "Title"   a new page from its skeleton, added to the navigation
    scripts/run bib      sort the .bib files' entries and fields (`--check` only reports; `--keys` lists keys)
    scripts/run links    check the built site's links and fragments with lychee (`--external` too)
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from workspace import ROOT

PYTHON_BIN = Path(sys.executable).parent
THEME_BUNDLE = re.compile(r"/assets/(?:stylesheets|javascripts(?:/workers)?)/\w+\.[0-9a-f]{8}\.min\.(?:css|js)$")
sys.path.insert(0, str(ROOT / "overrides"))  # the build's machinery, scholarly/

# Material prints a banner about MkDocs 2 on every run; it is known (see README) and only noise here.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def run(*command: str | Path, **options) -> int:
    return subprocess.run([str(part) for part in command], cwd=ROOT, **options).returncode


def machinery_files() -> dict[Path, int]:
    """What `serve` cannot reload in a running process: the Python of the build's machinery."""
    return {path: path.stat().st_mtime_ns for path in [*(ROOT / "overrides").rglob("*.py")]}


def stop_like_ctrl_c(signum, frame):
    """`kill` (SIGTERM) stops the preview as Ctrl-C does: the server process goes with it."""
    raise KeyboardInterrupt


def serve(args: argparse.Namespace) -> int:
    """The live preview. Every save rebuilds the whole site (as published: navigation, search and
    the print edition stay right), and the page reloads. A change to the machinery's Python (which
    a running process cannot reload) restarts the preview, which says so."""
    if args.child:
        return serve_here(args.address)
    signal.signal(signal.SIGTERM, stop_like_ctrl_c)
    while True:
        before = machinery_files()
        child = subprocess.Popen([sys.executable, __file__, "serve", "--child", "--address", args.address], cwd=ROOT)
        try:
            while child.poll() is None and machinery_files() == before:
                time.sleep(0.5)
        except KeyboardInterrupt:
            child.terminate()
            child.wait()
            return 0
        if child.poll() is not None:
            return child.returncode
        changed = sorted(str(path.relative_to(ROOT)) for path, when in machinery_files().items() if before.get(path) != when)
        print(f"\nThe build's code changed ({', '.join(changed) or 'a file was removed'}): restarting the preview…\n",
              file=sys.stderr, flush=True)
        child.terminate()
        child.wait()


def serve_here(address: str) -> int:
    import logging

    from mkdocs import livereload
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands import serve as mkdocs_serve

    # What MkDocs' own command line shows: "Building…", warnings, "Serving on http://…".
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    class QuickReloadServer(livereload.LiveReloadServer):
        """MkDocs' live reload, with its script loaded from the server instead of written inline, so
        that the preview keeps the published site's Content-Security-Policy (no inline script but
        the theme's own): a change under review cannot run its script in the reviewer's browser."""

        SCRIPT = "/__livereload.js"

        def __init__(self, *server_args, **server_kwargs):
            # MkDocs looks for changed files by polling (inotify misses edits on mounted folders);
            # every 0.1 s costs about 1.5 ms of CPU for the ~115 watched files (measured idle), and a
            # save is noticed 0.05 s sooner on average than at 0.2 s (the goal is 1 s to the screen).
            super().__init__(*server_args, polling_interval=0.1, **server_kwargs)
            # After a change, MkDocs waits until none has come for this long (0.1 s): one poll
            # reports all of a save's renames and writes at once, so 0.05 s is time enough.
            self.build_delay = 0.05

        def _inject_js_into_html(self, content, epoch):
            body_end = content.rfind(b"</body>")
            body_end = len(content) if body_end < 0 else body_end
            tag = f'<script src="{self.SCRIPT}?{epoch}-{livereload._timestamp()}"></script>'.encode()
            return content[:body_end] + tag + content[body_end:]

        def _serve_request(self, environ, start_response):
            if environ["PATH_INFO"] == self.SCRIPT:
                epoch, _, request_id = environ.get("QUERY_STRING", "").partition("-")
                if epoch.isdigit() and request_id.isdigit():
                    script = livereload._SCRIPT_TEMPLATE.substitute(epoch=epoch, request_id=request_id).encode()
                    start_response("200 OK", [("Content-Type", "application/javascript"),
                                              ("Content-Length", str(len(script)))])
                    return [script]
            if THEME_BUNDLE.search(environ["PATH_INFO"]):  # named by its content: a reload need not fetch it again
                def cached(status, headers, *more):
                    return start_response(status, [*headers, ("Cache-Control", "max-age=86400, immutable")], *more)
                return super()._serve_request(environ, cached)
            return super()._serve_request(environ, start_response)

    # A mistake is shown as a warning while the preview keeps running; `check` and CI are strict.
    os.environ["STRICT"] = "false"
    mkdocs_serve.LiveReloadServer = QuickReloadServer
    os.chdir(ROOT)
    mkdocs_serve.serve(config_file=str(ROOT / "mkdocs.yml"), dev_addr=address, livereload=True)
    return 0


def build(args: argparse.Namespace) -> int:
    status = run(PYTHON_BIN / "mkdocs", "build", "--strict", "--clean", "--site-dir", args.site_dir)
    if status == 0:
        from print_pdf import print_pdf

        for path in print_pdf(ROOT / args.site_dir):
            print(f"Print edition: {path}")
    return status


def test(args: argparse.Namespace) -> int:
    selection = ["-m", "not browser"] if args.fast else []
    # One worker per core, each taking the next test as it finishes one (`-n 0` after the command
    # runs them in one process, e.g. to debug).
    return run(PYTHON_BIN / "pytest", *selection, "-n", "auto", "--dist", "load", *args.extra)


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
    from scholarly.authoring import check as check_everything

    found, note = check_everything(ROOT)
    for line in found:
        print(line)
    print(f"{len(found)} problem(s) found." if found else "No problems found.")
    if note:
        print(note)
    return 1 if found else 0


def new(args: argparse.Namespace) -> int:
    from mkdocs.config import load_config

    from scholarly import editions
    from scholarly.authoring import new as scaffold

    config = load_config(str(ROOT / "mkdocs.yml"))
    status, message = scaffold(ROOT, config.extra["scholarly"]["page_types"], args.kind, args.title, args.name,
                               editions.current(config).languages[1:])
    print(message)
    return status


def bib(args: argparse.Namespace) -> int:
    from scholarly.authoring import bib as normalise

    status, lines = normalise(ROOT, check_only=args.check, list_keys=args.keys)
    for line in lines:
        print(line)
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    command = commands.add_parser("serve", help="preview the site with live reload")
    command.add_argument("--address", default="127.0.0.1:8000", help="host:port (default %(default)s)")
    command.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    command.set_defaults(handler=serve)

    command = commands.add_parser("build", help="strict build of the site")
    command.add_argument("--site-dir", default="site", help="output folder (default %(default)s)")
    command.set_defaults(handler=build)

    command = commands.add_parser("test", help="run the test suite (extra arguments, e.g. -x, go to pytest)")
    command.add_argument("--fast", action="store_true", help="everything but the browser tests")
    command.set_defaults(handler=test, passes_extra_arguments=True)

    command = commands.add_parser("links", help="check the built site's links with lychee (offline unless --external)")
    command.add_argument("--site-dir", default="site", help="the built site (default %(default)s)")
    command.add_argument("--external", action="store_true", help="also check links to other sites; report in link-report.md")
    command.set_defaults(handler=links)

    command = commands.add_parser("check", help="check pages, citations, .bib and data files, links and anchors")
    command.set_defaults(handler=check)

    command = commands.add_parser("new", help="create a page from its skeleton and add it to the navigation")
    command.add_argument("kind", help="a kind of page from `page_types` in mkdocs.yml, e.g. finding")
    command.add_argument("title", help='the page title, e.g. "Finding 6: The fisheries question"')
    command.add_argument("--name", help="the file name without .md (default: from the title)")
    command.set_defaults(handler=new)

    command = commands.add_parser("bib", help="normalise bib/*.bib (sorted entries, fixed field order)")
    command.add_argument("--check", action="store_true", help="only report files that are not normalised")
    command.add_argument("--keys", action="store_true", help="list every citation key with its work")
    command.set_defaults(handler=bib)

    args, args.extra = parser.parse_known_args(argv)
    if args.extra and not getattr(args, "passes_extra_arguments", False):
        parser.error(f"unrecognized arguments: {' '.join(args.extra)}")
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
