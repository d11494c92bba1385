"""Copies of the PPTX as built, kept under ``OUT/.cache/pristine/`` for ``deckbuilder pull``.

The file in ``OUT`` may be saved over in place (through its link), so what the build wrote is
kept apart: pull compares an edited file with the copy it was made from, and so finds exactly
what a person changed, even after the sources moved on.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

FOLDER = "pristine"
KEEP = 4  # the newest builds' copies (a few MB each, with the fonts); older ones go


def keep(cache: Path, built: Path, digest: str) -> Path:
    """Copy the staged PPTX (named by its digest, which the build already has) and drop the
    oldest copies. Copied by the system (``copyfile``: no read into Python, no second hash);
    never a hard link, which a save in place through ``OUT/report.pptx`` would change too."""
    folder = cache / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{digest[:16]}.pptx"
    if dest.exists():
        os.utime(dest)  # the newest again
    else:
        tmp = folder / f".{dest.name}.new-{os.getpid()}"
        shutil.copyfile(built, tmp)
        os.replace(tmp, dest)
    _prune(folder)
    return dest


def copies(cache: Path) -> list[Path]:
    """The kept copies, newest first."""
    folder = cache / FOLDER
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob("*.pptx") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def _prune(folder: Path) -> None:
    for old in copies(folder.parent)[KEEP:]:
        old.unlink(missing_ok=True)
    for tmp in folder.glob(".*.new-*"):
        if tmp.is_file():
            tmp.unlink(missing_ok=True)
