"""A full disk (or a used-up quota) is the user's to fix: exit 1 and say so, not "a bug"."""

from __future__ import annotations

import errno
from pathlib import Path

from deckbuilder.errors import Diagnostic, SourceError, Where, rel

FULL = (errno.ENOSPC, errno.EDQUOT)


def is_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in FULL


def problem(exc: OSError, out: Path | None = None) -> SourceError:
    """``out``: the folder whose previous outputs are kept (where the command writes some)."""
    where = Path(exc.filename) if exc.filename else out or Path(".")
    shown = rel(where)
    if out is not None and where.parts[: len(out.parts)] == out.parts:
        inside = where.parts[len(out.parts) :]
        if inside[:1] == (".builds",):  # a build's own folder: name the output
            shown = f"{rel(out)}/{where.name}"  # (rel would follow out/NAME's link)
        elif any(part.startswith(".") for part in inside):  # a temp link: the folder
            shown = f"{rel(out)}/"
    cache = f"; {rel(out / '.cache')}/ may be deleted to make room" if out is not None else ""
    kept = "the previous outputs are unchanged; " if out is not None else ""
    message = (
        f"the disk is full (could not write {shown}): {kept}free some space{cache} and run again"
    )
    return SourceError(Diagnostic(Where(rel(out or where)), message, "error", None, "output"))
