"""What Ctrl-C leaves: a command stopped by the user says what its output folder now holds.

A build is atomic (both files of one build, or the previous ones), so the answer is read from
the folder itself: the outputs as they were before the command started, or those it finished.
"""

from __future__ import annotations

import os
from pathlib import Path

from deckbuilder.errors import rel

Snapshot = tuple[Path, dict[str, tuple[int, int]]] | None  # out/, each output's identity

OUTPUT_SUFFIXES = (".pptx", ".pdf")
BEFORE = "Stopped (Ctrl-C) before anything was done; nothing was written."  # as deckbuilder.run


def snapshot(out: str | None) -> Snapshot:
    """The outputs in ``out`` now (file identity through the links), to compare with later."""
    if out is None:
        return None
    folder = Path(out)
    return folder, _outputs(folder)


def _outputs(folder: Path) -> dict[str, tuple[int, int]]:
    found = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return {}
    for name in names:
        if name.startswith(".") or not name.endswith(OUTPUT_SUFFIXES):
            continue
        try:
            st = (folder / name).stat()
        except OSError:
            continue  # a link whose build was swept
        found[name] = (st.st_ino, st.st_mtime_ns)
    return found


def report(command: str, before: Snapshot) -> str:
    """One line for stderr after Ctrl-C."""
    if before is None or command not in ("build", "watch"):
        return "Stopped (Ctrl-C)."
    folder, then = before
    now = _outputs(folder)
    shown = rel(folder)
    if not now:
        return f"Stopped (Ctrl-C): {shown}/ holds no outputs yet."
    names = ", ".join(now)
    if command == "watch":
        return f"Stopped (Ctrl-C): {shown}/ holds {names} from the last good build."
    if now == then:
        return f"Stopped (Ctrl-C): nothing was changed; {shown}/ holds the previous {names}."
    return f"Stopped (Ctrl-C) after the build had finished: {shown}/ holds its {names}."
