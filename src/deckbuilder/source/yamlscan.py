"""The mistakes a Japanese IME makes in YAML syntax, found before the parser sees them.

A full-width space (U+3000) as indentation, a full-width colon after a key, a tab in the
indentation or a full-width hyphen as a list marker either confuse the YAML parser, which then
reports something unrelated a few lines further on, or parse into the wrong thing without a word.
This scan reads the text line by line and names the character at its own line and column, with
the fix. It looks only where YAML syntax stands (the indentation, a key and its colon, a list
marker), never inside block scalars (``|``, ``>``) or values, where these characters are text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deckbuilder.errors import Diagnostic, Where

# Characters an IME types where YAML wants ASCII, with the name a user knows them by.
NAMES = {
    "\u3000": "全角スペース (U+3000)",
    "\t": "タブ (tab, U+0009)",
    "\uff1a": "全角コロン '：' (U+FF1A)",
    "\uff0d": "全角ハイフン '－' (U+FF0D)",
    "\u30fc": "長音記号 'ー' (U+30FC)",
    "\uff70": "半角長音記号 'ｰ' (U+FF70)",
    "\u2212": "マイナス記号 '−' (U+2212)",
    "\u2010": "ハイフン '‐' (U+2010)",
}
_HYPHENS = "\uff0d\u30fc\uff70\u2212\u2010"
_SPACE = " \t\u3000"
_KEY = r"[a-z][a-z0-9_.\-]*"  # every key and figure id of a deck starts so
# What may follow the indentation where YAML syntax stands: a list marker or ``key:``.
_SYNTAX = re.compile(rf"(?:[-{_HYPHENS}](?:[{_SPACE}]|$)|{_KEY}\s*[:\uff1a]|#)")
_ITEM = re.compile(rf"[-{_HYPHENS}](?=[{_SPACE}]|$)")
_KEY_COLON = re.compile(rf"({_KEY})(\s*)([:\uff1a])(\u3000?)")
# A file none of whose lines could hold a slip (nearly every file) is passed over in one search.
_MAYBE = re.compile(rf"^[ ]*[\t\u3000]|^[ -]*[{_HYPHENS}]|-\u3000|\uff1a|:\u3000", re.MULTILINE)
_BLOCK_HEADER = re.compile(r"(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$")


@dataclass(frozen=True)
class Slip:
    """One character in a place of YAML syntax, with what to type instead."""

    line: int
    col: int
    message: str


def scan(text: str) -> list[Slip]:
    """Every IME slip in the syntax of ``text``, in the order of the file."""
    if not _MAYBE.search(text):
        return []
    slips: list[Slip] = []
    block_indent = -1  # inside a block scalar: the indentation of the line that opened it
    for n, line in enumerate(text.splitlines(), start=1):
        spaces = len(line) - len(line.lstrip(" "))
        if block_indent >= 0:
            if not line.strip(" ") or spaces > block_indent:
                continue  # the block scalar's own text
            block_indent = -1
        slips.extend(_line(n, line))
        if _BLOCK_HEADER.search(line.split(" #")[0].rstrip()):
            block_indent = spaces
    return slips


def _line(n: int, line: str) -> list[Slip]:
    out: list[Slip] = []
    rest = line.lstrip(_SPACE)
    indent = line[: len(line) - len(rest)]
    bad = next((i for i, c in enumerate(indent) if c in "\t\u3000"), None)
    if bad is not None and not rest:  # YAML refuses these even on an empty line
        c = indent[bad]
        out.append(Slip(n, bad + 1, f"{NAMES[c]} on a line with nothing else: delete it"))
    elif bad is not None and _SYNTAX.match(rest):
        c = indent[bad]
        out.append(Slip(n, bad + 1, f"{NAMES[c]} in the indentation: use half-width spaces"))
    col = len(indent)
    item = _ITEM.match(rest)
    while item:  # ``- `` items, nested on one line (``- - a``)
        mark = rest[0]
        if mark != "-":
            out.append(
                Slip(n, col + 1, f"{NAMES[mark]} used as a list marker: use a half-width '-'")
            )
        after = rest[1:2]
        if after == "\u3000":
            out.append(Slip(n, col + 2, f"{NAMES[after]} after '-': use a half-width space"))
        skipped = len(rest) - len(rest[1:].lstrip(_SPACE)) or 1
        col, rest = col + skipped, rest[skipped:]
        item = _ITEM.match(rest)
    key = _KEY_COLON.match(rest)
    if key:
        name, gap, colon, space = key.groups()
        at = col + len(name) + len(gap) + 1
        if colon == "\uff1a":
            out.append(
                Slip(
                    n,
                    at,
                    f"{NAMES[colon]} after the key {name!r}: use a half-width colon and a space "
                    f"('{name}: …')",
                )
            )
        elif space:
            out.append(Slip(n, at + 1, f"{NAMES[space]} after '{name}:': use a half-width space"))
    return out


def diagnostics(text: str, shown: str) -> list[Diagnostic]:
    return [Diagnostic(Where(shown, s.line, s.col), s.message, code="yaml") for s in scan(text)]
