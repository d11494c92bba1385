"""``deckbuilder watch``: rebuild on every saved change; print the time taken and any problems.

Polls the modification times of deck/ and the layout sets (no extra dependency). A change is
built once the files have stopped changing for one poll, so an editor's save in several writes
is built once. A broken or half-saved file is reported like a build reports it, the last good
outputs stay, and the watch goes on.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .build import build
from .errors import SourceError, rel

Snapshot = dict[str, tuple[int, int]]


@dataclass
class WatchState:
    builds: int = 0
    ok: int = 0
    failed: int = 0
    last_ok: bool = False
    changed: list[str] = field(default_factory=list)


def watched_roots(deck_dir: Path, layouts: str | None) -> list[Path]:
    project = deck_dir.resolve().parent
    roots = [deck_dir.resolve(), project / "layouts"]
    if layouts:
        p = Path(layouts)
        if p.is_dir():
            roots.append(p.resolve())
    return roots


def snapshot(roots: list[Path]) -> Snapshot:
    """(mtime in ns, size) of every file under the roots, hidden files and folders skipped."""
    snap: Snapshot = {}
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            rel_parts = path.relative_to(root).parts
            if any(part.startswith(".") or part == "__pycache__" for part in rel_parts):
                continue
            try:
                st = path.stat()
            except OSError:  # removed between listing and stat
                continue
            if path.is_file():
                snap[str(path)] = (st.st_mtime_ns, st.st_size)
    return snap


def changes(old: Snapshot, new: Snapshot) -> list[str]:
    names = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    return sorted(rel(Path(n)) for n in names)


def watch(
    deck_dir: Path,
    out_dir: Path,
    layouts: str | None = None,
    png: bool = False,
    allow_overflow: bool = False,
    interval: float = 0.5,
    max_builds: int | None = None,
    quiet: bool = False,
    out: TextIO | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> WatchState:
    """Build now, then again after every change; stop after ``max_builds`` builds (tests, --once).

    ``sleep`` is called between polls; a test passes one that edits files.
    """
    stream = out or sys.stderr
    roots = watched_roots(deck_dir, layouts)
    state = WatchState()

    def say(msg: str) -> None:
        print(msg, file=stream, flush=True)

    def one_build(reason: list[str]) -> None:
        state.builds += 1
        stamp = time.strftime("%H:%M:%S")
        if reason and not quiet:
            shown = ", ".join(reason[:3]) + (
                f" and {len(reason) - 3} more" if len(reason) > 3 else ""
            )
            say(f"[{stamp}] changed: {shown}")
        start = time.perf_counter()
        try:
            res = build(deck_dir, out_dir, layouts, png, allow_overflow)
        except SourceError as exc:
            state.failed += 1
            state.last_ok = False
            took = time.perf_counter() - start
            n = len(exc.diagnostics)
            for d in exc.diagnostics:
                say(str(d))
            say(
                f"[{stamp}] {n} problem{'s' if n != 1 else ''} in {took:.2f} s; the last good "
                "outputs are unchanged. Watching…"
            )
            return
        except Exception as exc:  # an engine bug must not end the watch
            state.failed += 1
            state.last_ok = False
            say(f"[{stamp}] internal error: {type(exc).__name__}: {exc}. Watching…")
            return
        state.ok += 1
        state.last_ok = True
        for w in res.warnings:
            say(str(w))
        if not quiet:
            n = len(res.compiled.scenes)
            say(f"[{stamp}] built {n} slides in {res.seconds:.2f} s → {res.pdf.parent}/. Watching…")

    if not quiet:
        say(f"Watching {', '.join(rel(r) + '/' for r in roots if r.exists())} (Ctrl-C stops)")
    before = snapshot(roots)
    one_build([])
    try:
        while max_builds is None or state.builds < max_builds:
            sleep(interval)
            now = snapshot(roots)
            if now == before:
                continue
            # Let a save in several writes settle: build when a poll sees no further change.
            while True:
                sleep(interval)
                later = snapshot(roots)
                if later == now:
                    break
                now = later
            state.changed = changes(before, now)
            before = now
            one_build(state.changed)
    except KeyboardInterrupt:
        if not quiet:
            say("Stopped.")
    return state
