"""The command line: ``deckbuilder build|check|figures|diff|preview|watch …``.

Problems print like a linter (``file:line:col: error: slide N: message``), never as a traceback.
Exit codes: 0 success, 1 a problem in the sources (or the user's machine: a full disk, a folder
that cannot be written), 2 wrong usage, 70 an internal error (a bug: the message asks for a
report; ``DECKBUILDER_DEBUG=1`` shows the traceback), 130 stopped with Ctrl-C.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from deckbuilder.commands import console, diskfull, interrupted
from deckbuilder.commands.guard import shown_path
from deckbuilder.errors import SourceError
from deckbuilder.version import __version__
from deckbuilder.workers import ctrl_c_deferred

# The pipeline is imported by the command that needs it, inside ``main``: an interrupt while it
# loads (the first half second) is then answered like any other, without a traceback. It loads
# whole, with Ctrl-C deferred: one inside pikepdf's native import aborts the process (SIGABRT).
PIPELINES = {
    "build": "deckbuilder.commands.build",
    "check": "deckbuilder.check.checks",
    "figures": "deckbuilder.commands.figures",
    "diff": "deckbuilder.commands.diff",
    "pull": "deckbuilder.commands.pull",
    "preview": "deckbuilder.commands.preview",
    "schema": "deckbuilder.commands.schema",
    "watch": "deckbuilder.commands.watch",
}

EXIT_OK, EXIT_SOURCE, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="deckbuilder",
        description="Build the Digital Agency report deck (PPTX, PDF and a web page) from YAML "
        "sources.",
        epilog="Exit codes: 0 success, 1 a problem in the sources, 2 wrong usage, "
        "70 an internal error (a bug: please report it), 130 stopped with Ctrl-C.",
    )
    p.add_argument("--version", action="version", version=f"deckbuilder {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build OUT_DIR/report.pptx, report.pdf and report.html")
    b.add_argument("deck", nargs="?", default="deck", help="deck folder (default: deck)")
    b.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    b.add_argument("--layouts", help="layout set name or folder (default: from deck.yaml)")
    b.add_argument("--png", action="store_true", help="also write a PNG preview per slide")
    b.add_argument(
        "--allow-overflow",
        action="store_true",
        help="report overflowing text as a warning instead of an error",
    )
    b.add_argument(
        "--force",
        action="store_true",
        help="replace outputs edited since the last build (the edited files are kept aside)",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    c = sub.add_parser(
        "check",
        help="validate the sources without writing outputs",
        description="Validate everything a build would, plus stale figures, duplicate slide "
        "titles, missing alt text and WCAG AA contrast of the layout set. Writes nothing.",
    )
    c.add_argument("deck", nargs="?", default="deck")
    c.add_argument("--layouts", help="layout set name or folder (default: from deck.yaml)")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")

    f = sub.add_parser("figures", help="table of every figure and the slides that show it")
    f.add_argument("deck", nargs="?", default="deck")
    f.add_argument("--csv", action="store_true", help="write CSV (for a spreadsheet)")

    d = sub.add_parser(
        "diff",
        help="figures and text changed between two git revisions of the deck",
        description="Compare the deck at REV_A with REV_B (default: the working tree): figures "
        "changed (old → new) with the slides they touch, and the text changed per slide.",
    )
    d.add_argument("rev_a", metavar="REV_A", help="a git revision: a commit, tag or HEAD~1")
    d.add_argument("rev_b", metavar="REV_B", nargs="?", help="default: the working tree")
    d.add_argument("--deck", default="deck", help="deck folder (default: deck)")
    d.add_argument("--png", action="store_true", help="before | after images in OUT_DIR/diff/")
    d.add_argument(
        "--html",
        action="store_true",
        help="one self-contained report, OUT_DIR/diff.html; prints its path",
    )
    d.add_argument(
        "-o", "--out", default="out", help="output folder for --png and --html (default: out)"
    )
    d.add_argument("--layouts", help="layout set for --png (default: from deck.yaml)")
    d.add_argument("-q", "--quiet", action="store_true", help="print only the changes")

    u = sub.add_parser(
        "pull",
        help="take edits made in the PPTX back into the YAML",
        description="Compare FILE (a PPTX deckbuilder built, edited in PowerPoint or LibreOffice) "
        "with the file the build wrote, and write each edited text back into the slide's YAML "
        "or figures.yaml, changing only those lines. Edits with no source in the YAML (shapes "
        "added, deleted or moved, formatting, new slides) are listed and not written.",
    )
    u.add_argument("file", metavar="FILE", help="the edited PPTX, e.g. out/report.pptx")
    u.add_argument("--deck", default="deck", help="deck folder (default: deck)")
    u.add_argument("-o", "--out", default="out", help="the build's output folder (default: out)")
    u.add_argument("--diff", action="store_true", help="print the YAML changes; write nothing")
    s = sub.add_parser(
        "schema",
        help="write JSON Schemas of the deck's files (for editors and CI)",
        description="Write deck.schema.json, figures.schema.json and slide.schema.json (JSON "
        "Schema 2020-12) from the loader's own definitions, with the deck's figure ids, layout "
        "sets and layouts as enums.",
    )
    s.add_argument("deck", nargs="?", default="deck", help="deck folder (default: deck)")
    s.add_argument("-o", "--out", default="schema", help="output folder (default: schema)")

    v = sub.add_parser("preview", help="a PNG per slide and a contact sheet in OUT_DIR/preview/")
    v.add_argument("deck", nargs="?", default="deck")
    v.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    v.add_argument("--layouts", help="layout set name or folder (default: from deck.yaml)")
    v.add_argument("--columns", type=int, default=6, help="contact sheet columns (default: 6)")
    v.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    w = sub.add_parser("watch", help="rebuild on every saved change")
    w.add_argument("deck", nargs="?", default="deck")
    w.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    w.add_argument("--layouts", help="layout set name or folder (default: from deck.yaml)")
    w.add_argument("--png", action="store_true", help="also write a PNG preview per slide")
    w.add_argument("--allow-overflow", action="store_true", help="overflow is a warning")
    w.add_argument(
        "--interval",
        type=float,
        default=0.02,
        help="seconds between looks for changes; a build starts at the first look that finds "
        "none new (default: 0.02)",
    )
    w.add_argument("--once", action="store_true", help="build once and stop (as watch would)")
    w.add_argument("--max-builds", type=int, help="stop after this many builds")
    w.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return p


def main(argv: list[str] | None = None) -> int:
    console.prepare()
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    commands = {
        "build": _build,
        "check": _check,
        "figures": _figures,
        "diff": _diff,
        "pull": _pull,
        "preview": _preview,
        "schema": _schema,
        "watch": _watch,
    }
    before = interrupted.snapshot(getattr(args, "out", None))
    try:
        with ctrl_c_deferred():
            importlib.import_module(PIPELINES[args.command])
        return commands[args.command](args)
    except KeyboardInterrupt:
        console.say(interrupted.report(args.command, before))
        return EXIT_INTERRUPTED
    except SourceError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        n = len(exc.diagnostics)
        print(f"Found {n} problem{'s' if n != 1 else ''}; nothing was written.", file=sys.stderr)
        return EXIT_SOURCE
    except OSError as exc:
        if not diskfull.is_full(exc):
            return _internal(args.command, exc)
        out = Path(args.out) if getattr(args, "out", None) else None
        for d in diskfull.problem(exc, out).diagnostics:
            print(d, file=sys.stderr)
        return EXIT_SOURCE
    except Exception as exc:
        return _internal(args.command, exc)


def _internal(command: str, exc: Exception) -> int:
    if os.environ.get("DECKBUILDER_DEBUG"):
        raise exc
    print(
        f"deckbuilder: internal error in {command!r}: {type(exc).__name__}: {exc}\n"
        "This is a bug: deckbuilder should have named the file at fault. Nothing was "
        "written. Run again with DECKBUILDER_DEBUG=1 for the traceback, and report it.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


class Progress:
    """Build progress on stderr: the stage, and "slide n of N" where a stage reports it.

    On a terminal one line is rewritten in place; in a log each stage is printed once.
    """

    def __init__(self, quiet: bool, stream: TextIO | None = None):
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.start = time.perf_counter()
        self.stage = ""
        self.open = False  # a rewritten line is on screen

    def __call__(self, stage: str, done: int = 0, total: int = 0) -> None:
        if self.quiet:
            return
        t = time.perf_counter() - self.start
        text = f"  [{t:5.1f} s] {stage}" + (f": slide {done} of {total}" if total else "")
        if self.tty:
            self.stream.write(f"\r\x1b[K{text}")
            self.open = True
            if total and done >= total:
                self.stream.write("\n")
                self.open = False
            self.stream.flush()
        elif stage != self.stage or (total and done >= total):
            print(text, file=self.stream)
        self.stage = stage

    def done(self) -> None:
        if self.open:
            self.stream.write("\n")
            self.stream.flush()
            self.open = False


def _build(args: argparse.Namespace) -> int:
    from deckbuilder.commands.build import build

    progress = Progress(args.quiet)
    try:
        res = build(
            Path(args.deck),
            Path(args.out),
            args.layouts,
            args.png,
            args.allow_overflow,
            progress,
            force=args.force,
        )
    finally:
        progress.done()
    for path in res.kept:
        print(f"Kept the edited file as {shown_path(path)}", file=sys.stderr)
    for w in res.warnings:
        print(w, file=sys.stderr)
    if not args.quiet:
        n = len(res.compiled.scenes)
        print(f"Built {n} slides in {res.seconds:.2f} s:")
        print(f"  {res.pptx}")
        print(f"  {res.pdf}")
        if res.html is not None:
            print(f"  {res.html}")
        if res.pngs:
            print(f"  {res.pngs[0].parent}/ ({len(res.pngs)} PNG previews)")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from deckbuilder.check.checks import run_checks

    diags = run_checks(Path(args.deck), args.layouts).diagnostics
    errors = sum(1 for d in diags if d.severity == "error")
    warnings = len(diags) - errors
    if args.format == "json":
        print(json.dumps([d.as_dict() for d in diags], ensure_ascii=False, indent=2))
    else:
        for d in diags:
            print(d)
        print(f"{errors} error(s), {warnings} warning(s)")
    failed = errors > 0 or (args.strict and warnings > 0)
    return EXIT_SOURCE if failed else EXIT_OK


def _figures(args: argparse.Namespace) -> int:
    from deckbuilder.commands.figures import as_csv, as_csv_bytes, as_text, rows
    from deckbuilder.layout.blocks import registry
    from deckbuilder.source.loader import load_deck

    deck = load_deck(Path(args.deck), registry.readers())
    table = rows(deck)
    raw = getattr(sys.stdout, "buffer", None)
    if args.csv and raw is not None:  # UTF-8 with the BOM Excel needs, whatever the code page
        sys.stdout.flush()
        raw.write(as_csv_bytes(table))
        raw.flush()
    elif args.csv:
        sys.stdout.write(as_csv(table))
    else:
        sys.stdout.write(as_text(table))
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from deckbuilder.commands.diff import diff, report

    progress = Progress(args.quiet or not (args.png or args.html))
    try:
        res = diff(
            Path(args.deck),
            args.rev_a,
            args.rev_b,
            args.png,
            Path(args.out),
            args.layouts,
            progress,
            args.html,
        )
    finally:
        progress.done()
    if res.html is not None:  # stdout holds the path alone: `open "$(deckbuilder diff …)"`
        print(res.html)
        return EXIT_OK
    sys.stdout.write(report(res.diff))
    if res.pngs and not args.quiet:
        print(f"{len(res.pngs)} before | after image(s) in {res.pngs[0].parent}/")
    return EXIT_OK


def _pull(args: argparse.Namespace) -> int:
    from deckbuilder.commands.pull import pull
    from deckbuilder.errors import rel

    res = pull(Path(args.file), Path(args.deck), Path(args.out), write=not args.diff)
    if args.diff:
        sys.stdout.write(res.diff)
    else:
        for line in res.taken:
            print(f"  {line}")
    for d in res.problems:
        print(d, file=sys.stderr)
    n = len(res.taken)
    if args.diff:
        print(f"{n} edit(s) would be taken back; nothing was written.", file=sys.stderr)
    elif res.written:
        files = ", ".join(rel(p) for p in res.written)
        print(f"Took back {n} edit(s) into {files}. Review with `git diff`, commit, then build.")
    elif not res.problems:
        print(f"No edits to take back: {args.file} shows what the YAML says.")
    if res.problems:
        k = len(res.problems)
        print(
            f"{k} edit(s) could not be taken back and were not written: make them in the YAML "
            "(or the layout set), then `deckbuilder build --force`.",
            file=sys.stderr,
        )
        return EXIT_SOURCE
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from deckbuilder.commands.schema import write_schemas

    for path in write_schemas(Path(args.deck), Path(args.out)):
        print(path)
    return EXIT_OK


def _preview(args: argparse.Namespace) -> int:
    from deckbuilder.commands.preview import preview

    if args.columns < 1:
        print("deckbuilder preview: --columns must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    progress = Progress(args.quiet)
    try:
        res = preview(Path(args.deck), Path(args.out), args.layouts, args.columns, 72, progress)
    finally:
        progress.done()
    for w in res.warnings:
        print(w, file=sys.stderr)
    if not args.quiet:
        print(f"{len(res.pngs)} slide images in {res.sheet.parent}/, contact sheet:")
        print(f"  {res.sheet}")
    return EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    from deckbuilder.commands.watch import watch

    if args.interval <= 0:
        print("deckbuilder watch: --interval must be more than 0", file=sys.stderr)
        return EXIT_USAGE
    max_builds = 1 if args.once else args.max_builds
    state = watch(
        Path(args.deck),
        Path(args.out),
        args.layouts,
        args.png,
        args.allow_overflow,
        args.interval,
        max_builds,
        args.quiet,
    )
    return EXIT_OK if state.last_ok or max_builds is None else EXIT_SOURCE


def run() -> None:
    """The ``deckbuilder`` command: ``main``, then an exit that leaves the objects a build made
    to the operating system. Collecting them at exit cost 0.1 s, a sixth of a rebuild; every
    file is closed by then."""
    try:
        code = main()
    except KeyboardInterrupt:  # while the command line was read, before the command started
        console.say(interrupted.BEFORE)
        code = EXIT_INTERRUPTED
    gc.freeze()
    _exit(code)


def _exit(code: int) -> None:
    """Exit without freeing the heap object by object (0.03-0.05 s of a build's CPU, even with
    the collector frozen): the exit handlers run and the streams are flushed first. Where
    another thread still runs, or the handlers cannot be run, the ordinary exit waits for it."""
    import atexit
    import threading

    run_handlers = getattr(atexit, "_run_exitfuncs", None)
    if run_handlers is None or threading.active_count() > 1:
        sys.exit(code)
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # a closed pipe (| head): nothing more can reach it
    os._exit(code)


if __name__ == "__main__":
    run()
