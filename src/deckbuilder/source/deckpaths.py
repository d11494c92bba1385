"""Paths and names written in deck.yaml, checked as Windows, macOS and Linux would all accept them.

A path typed on Windows has backslashes; a name typed on a Mac may be stored decomposed (NFD:
か + ゛) while the YAML holds it composed (NFC: が); a name in the wrong case opens on Windows and
macOS but not on Linux. Each is reported at the deck.yaml line with what to write instead.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

# Characters no file name may hold on Windows (the strictest of the three), and its device names.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_DEVICES = {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
MAX_NAME_BYTES = 200  # Linux allows 255 bytes per name; room for ".pptx" and a build's suffixes


class PathProblem(ValueError):
    """What is wrong with a path or name, said with the fix."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def find(folder: Path, written: str, shown: str) -> Path:
    """The file ``written`` (relative to ``folder``) names, matched as its NFC form; a path with
    backslashes, or a part in the wrong case or misspelt, raises PathProblem with the fix
    (``shown``: the folder as the user knows it, for the message)."""
    if "\\" in written:
        raise PathProblem(
            f"'{written}' uses backslashes: use forward slashes ('{_slashed(folder, written)}')"
        )
    here = folder
    for part in nfc(written).split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            here = here / part
            continue
        here = here / _entry(here, part, f"{shown}/{written}" if shown else repr(written))
    return here


def _slashed(folder: Path, written: str) -> str:
    """The path with forward slashes, relative to ``folder`` where it was written from above
    it (``slides\\02.yaml`` in deck.yaml means ``02.yaml``)."""
    fixed = written.replace("\\", "/")
    inside = fixed.removeprefix(f"{folder.name}/")
    return inside if not (folder / fixed).exists() and (folder / inside).exists() else fixed


def _entry(folder: Path, part: str, path: str) -> str:
    """The name on disk of ``part`` in ``folder`` (which may store it as NFD)."""
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return part  # not a folder: the caller's open reports it
    if part in names:
        return part
    same = [n for n in names if nfc(n) == part]
    if same:
        return same[0]
    case = [n for n in names if nfc(n).casefold() == part.casefold()]
    if case:
        raise PathProblem(
            f"{path} not found: did you mean {case[0]!r}? (file names are case-sensitive)"
        )
    close = difflib.get_close_matches(part, sorted(nfc(n) for n in names), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise PathProblem(f"{path} not found{hint}")


def output_name(name: str) -> str:
    """``name`` (NFC) if it is a file name Windows, macOS and Linux all accept; else PathProblem."""
    name = nfc(name)
    bad = _FORBIDDEN.search(name)
    if not name:
        raise PathProblem("output must be a file name, such as report or 活動報告_2025")
    if bad:
        shown = repr(bad.group()) if bad.group().isprintable() else f"U+{ord(bad.group()):04X}"
        raise PathProblem(
            f"output {name!r} holds {shown}, which Windows does not allow in a file name "
            '(none of < > : " / \\ | ? *)'
        )
    if name.startswith(".") or name.endswith((".", " ")):
        raise PathProblem(
            f"output {name!r} must not start with '.' nor end with '.' or a space "
            "(hidden, or cut short by Windows)"
        )
    if name.split(".")[0].casefold() in _DEVICES:
        raise PathProblem(f"output {name!r} is a device name on Windows: choose another name")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise PathProblem(
            f"output {name!r} is too long for a file name (at most {MAX_NAME_BYTES} bytes "
            "in UTF-8: about 66 Japanese characters)"
        )
    return name
