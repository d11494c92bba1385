"""``deckbuilder watch``: rebuild on every saved change; print the time taken and any problems.

Waits on the operating system's file events (``watchfiles``, the Rust ``notify`` binding) for
deck/ and the layout sets. They are looked at every ``interval`` seconds, and gathered until a
look finds no file changed that the last did not (watchfiles' rule): the build starts one to two
intervals after a save's last new change, so an editor's save in several files (a temporary
file renamed over the old) is built once. 0.02 s: a save reaches both files 45 ms sooner on
average than at 0.05 s. A broken or half-saved file is reported like a build reports it, the
last good outputs stay, and the watch goes on.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from deckbuilder.commands import console, interrupted
from deckbuilder.commands.build import CHART_WORKERS, build
from deckbuilder.errors import SourceError, Where, error, rel
from deckbuilder.pictures import chart_files
from deckbuilder.workers import worker_pool


@dataclass
class WatchState:
    builds: int = 0
    ok: int = 0
    failed: int = 0
    last_ok: bool = False
    interrupted: bool = False  # stopped by Ctrl-C
    changed: list[str] = field(default_factory=list)


def watched_roots(deck_dir: Path, layouts: str | None) -> list[Path]:
    project = deck_dir.resolve().parent
    roots = [deck_dir.resolve(), project / "layouts"]
    if layouts:
        p = Path(layouts)
        if p.is_dir():
            roots.append(p.resolve())
    return roots


# What editors write beside the file they save (never a source): backups, swap and lock files,
# Emacs's #autosave#, Office's ~$owner files, JetBrains' safe-write copies, merge leftovers.
EDITOR_ENDINGS = (
    "~", "#", ".swp", ".swx", ".swo", ".swn", ".tmp", ".temp", ".bak", ".orig", ".rej",
    ".part", ".crdownload", ".kate-swp", "___jb_tmp___", "___jb_old___",
)  # fmt: skip
EDITOR_STARTS = ("#", "~$", ".~lock")


def shown_file(root: Path, path: str) -> bool:
    """Files a build reads: not hidden, not caches, not an editor's backup, swap or lock file,
    nor Vim's write test (a file named 4913, 4914, …)."""
    try:
        parts = Path(path).relative_to(root).parts
    except ValueError:
        return False
    name = parts[-1] if parts else ""
    hidden = any(part.startswith(".") or part == "__pycache__" for part in parts)
    editors = name.endswith(EDITOR_ENDINGS) or name.startswith(EDITOR_STARTS) or name.isdigit()
    return not hidden and not editors


def stamps(roots: list[Path]) -> dict[Path, tuple[int, int]]:
    """Each source file's modification time and size (a few dozen files: a millisecond)."""
    found = {}
    for root in roots:
        for p in root.rglob("*") if root.is_dir() else ():
            if shown_file(root, str(p)):
                try:
                    st = p.stat()
                except OSError:
                    continue  # gone meanwhile
                if p.is_file():
                    found[p] = (st.st_mtime_ns, st.st_size)
    return found


def changed_since(before: dict[Path, tuple[int, int]], roots: list[Path]) -> list[str]:
    now = stamps(roots)
    return sorted(rel(p) for p in before.keys() | now.keys() if before.get(p) != now.get(p))


def file_events(
    roots: list[Path], interval: float, stop: threading.Event | None = None
) -> Iterator[list[str]]:
    """Each settled batch of changed files (shown as the user typed them), as the OS reports
    them."""
    from watchfiles import watch as os_events

    # watch prints its own messages: watchfiles' log lines ("KeyboardInterrupt caught, stopping
    # watch") would otherwise reach stderr through logging's last-resort handler.
    quiet_library = logging.getLogger("watchfiles")
    quiet_library.addHandler(logging.NullHandler())
    quiet_library.propagate = False
    live = [r for r in roots if r.exists()]
    step_ms = max(1, round(interval * 1000))
    for batch in os_events(
        *live,
        watch_filter=lambda _change, path: any(shown_file(r, path) for r in live),
        step=step_ms,
        debounce=max(step_ms * 10, 1000),
        stop_event=stop,
    ):
        yield saved_files(batch)


def saved_files(batch: Iterable[tuple[int, str]]) -> list[str]:
    """The files a batch of events changed, shown as the user typed them: not a temporary file
    made and gone within it (an editor's or ``sed -i``'s safe save writes one, then renames it
    over the file it saves). A batch of nothing else is listed whole: it is built all the
    same, as no guess here may skip a build."""
    from watchfiles import Change

    kinds: dict[str, set[int]] = {}
    for change, path in batch:
        kinds.setdefault(path, set()).add(change)
    kept = [p for p, seen in kinds.items() if Change.added not in seen or Path(p).exists()]
    return sorted(rel(Path(p)) for p in (kept or kinds))


def watch(
    deck_dir: Path,
    out_dir: Path,
    layouts: str | None = None,
    png: bool = False,
    allow_overflow: bool = False,
    interval: float = 0.02,
    max_builds: int | None = None,
    quiet: bool = False,
    out: TextIO | None = None,
    events: Iterable[list[str]] | None = None,
    stop: threading.Event | None = None,
) -> WatchState:
    """Build now, then again after every change; stop after ``max_builds`` builds (tests, --once)
    or when ``stop`` is set. ``events`` replaces the file events (a test passes its own)."""
    if not deck_dir.is_dir():  # a mistyped path: watching it would wait forever
        raise error(Where(rel(deck_dir)), "deck folder not found; nothing to watch")
    stream = out or sys.stderr
    roots = watched_roots(deck_dir, layouts)
    state = WatchState()

    def say(msg: str) -> None:
        try:
            print(msg, file=stream, flush=True)
        except BrokenPipeError:  # `| tee` ended by the same Ctrl-C: nobody is reading
            console.detach()

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
            res = build(deck_dir, out_dir, layouts, png, allow_overflow, pool=pool)
            # What the build keeps for the next one lives as long as the watch: leave it out of
            # the garbage collector's full passes, which would otherwise walk it every build.
            gc.freeze()
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
    # One set of workers for the whole watch, matplotlib already imported in them; the
    # process keeps parsed files, layouts and written parts between builds (memo).
    with worker_pool(CHART_WORKERS, least=1) as pool:
        chart_files.warm_up(pool)
        state = _watch_loop(one_build, state, roots, interval, max_builds, events, stop)
    if not quiet and state.interrupted:
        say(interrupted.report("watch", interrupted.snapshot(str(out_dir))))
    elif not quiet and (max_builds is None or max_builds > 1):
        say("Stopped.")
    return state


def _watch_loop(
    one_build: Callable[[list[str]], None],
    state: WatchState,
    roots: list[Path],
    interval: float,
    max_builds: int | None,
    events: Iterable[list[str]] | None,
    stop: threading.Event | None,
) -> WatchState:
    try:
        before = stamps(roots) if events is None else {}
        one_build([])
        # The file events begin after the first build: a save made while it ran is built now.
        late = changed_since(before, roots) if events is None else []
        if late and (max_builds is None or state.builds < max_builds):
            state.changed = late
            one_build(late)
        if max_builds is not None and state.builds >= max_builds:
            return state
        for changed in events if events is not None else file_events(roots, interval, stop):
            state.changed = changed
            one_build(changed)
            if max_builds is not None and state.builds >= max_builds:
                break
    except KeyboardInterrupt:  # how a watch is stopped
        state.interrupted = True
    return state
