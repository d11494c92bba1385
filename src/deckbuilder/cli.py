"""The command line: ``deckbuilder build|check …``. Problems print like a linter, no traceback."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .build import build, compile_deck
from .errors import SourceError

EXIT_OK, EXIT_SOURCE, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="deckbuilder",
        description="Build the Digital Agency report deck (PPTX + PDF) from YAML sources.",
    )
    p.add_argument("--version", action="version", version=f"deckbuilder {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build OUT_DIR/report.pptx and OUT_DIR/report.pdf")
    b.add_argument("deck", nargs="?", default="deck", help="deck folder (default: deck)")
    b.add_argument("-o", "--out", default="out", help="output folder (default: out)")
    b.add_argument("--layouts", help="layout set name or folder (default: from deck.yaml)")
    b.add_argument("--png", action="store_true", help="also write a PNG preview per slide")
    b.add_argument(
        "--allow-overflow",
        action="store_true",
        help="report overflowing text as a warning instead of an error",
    )
    b.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    c = sub.add_parser("check", help="validate the sources without writing outputs")
    c.add_argument("deck", nargs="?", default="deck")
    c.add_argument("--layouts")
    c.add_argument("--format", choices=("text", "json"), default="text")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        _parser().print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "build":
            return _build(args)
        if args.command == "check":
            return _check(args)
    except SourceError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        n = len(exc.diagnostics)
        print(f"Found {n} problem{'s' if n != 1 else ''}; nothing was written.", file=sys.stderr)
        return EXIT_SOURCE
    except KeyboardInterrupt:
        return 130
    return EXIT_USAGE


def _build(args: argparse.Namespace) -> int:
    quiet = args.quiet

    def progress(msg: str) -> None:
        if not quiet:
            print(f"  {msg} …", file=sys.stderr)

    res = build(
        Path(args.deck), Path(args.out), args.layouts, args.png, args.allow_overflow, progress
    )
    for w in res.warnings:
        print(w, file=sys.stderr)
    if not quiet:
        n = len(res.compiled.scenes)
        print(f"Built {n} slides in {res.seconds:.2f} s:")
        print(f"  {res.pptx}")
        print(f"  {res.pdf}")
        if res.pngs:
            print(f"  {res.pngs[0].parent}/ ({len(res.pngs)} PNG previews)")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    try:
        c = compile_deck(Path(args.deck), args.layouts)
        diags = c.diagnostics
    except SourceError as exc:
        diags = exc.diagnostics
    if args.format == "json":
        print(json.dumps([d.as_dict() for d in diags], ensure_ascii=False, indent=2))
    else:
        for d in diags:
            print(d)
        errors = sum(1 for d in diags if d.severity == "error")
        print(f"{errors} error(s), {len(diags) - errors} warning(s)")
    return EXIT_SOURCE if any(d.severity == "error" for d in diags) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
