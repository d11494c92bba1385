"""Font files and their metrics, read with fontTools: exact advances for TrueType fonts.

BIZ UDPGothic has no kerning (no GPOS/kern), so a string's width is the sum of its advances, the
same number that matplotlib, PowerPoint and LibreOffice use when they place the glyphs.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from .font_subset import char_map
from .memo import Memo

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont


class FontError(Exception):
    pass


@dataclass
class FontFace:
    """One font file: its family name, advances (in em) and vertical metrics."""

    path: Path
    family: str
    bold: bool
    ascent: float  # in em
    descent: float  # in em, positive
    advances: dict[int, float] = field(repr=False)  # code point -> advance in em
    digest: str = ""
    # (base, selector) pairs the font maps in its cmap format 14 (葛 + U+E0100 → its variant)
    sequences: frozenset[tuple[int, int]] = field(default=frozenset(), repr=False)

    def has(self, ch: str) -> bool:
        return ord(ch) in self.advances or ch in "\n\t"

    def maps_sequence(self, base: str, selector: str) -> bool:
        return (ord(base), ord(selector)) in self.sequences

    def missing(self, text: str) -> list[str]:
        return sorted({c for c in text if not self.has(c)})

    def width(self, text: str, size: float, spacing: float = 0.0) -> float:
        """Advance width in pt; ``spacing`` (pt) follows every character, as PDF's Tc does."""
        ems = sum(map(self.advances.get, map(ord, text), repeat(1.0)))
        if not spacing:
            return ems * size
        glyphs = len(text) - len(_SELECTORS.findall(text))  # a selector joins its base glyph
        return ems * size + spacing * glyphs


_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def is_selector(ch: str) -> bool:
    """A variation selector: no glyph of its own, it picks its base's variant."""
    o = ord(ch)
    return 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF


_FACES: Memo[FontFace] = Memo(8, disk="fonts")


def font_file(path: Path | str) -> tuple[bytes, str]:
    """A font file's bytes and their SHA-256, read once per process (again if it changes):
    the faces, the glyph map and the PDF's subsets all rest on them."""
    st = os.stat(path)
    return _font_file(str(path), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=4)
def _font_file(path: str, _mtime_ns: int, _size: int) -> tuple[bytes, str]:
    data = Path(path).read_bytes()
    return data, hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=8)
def load_face(path: Path, bold: bool) -> FontFace:
    """The face's metrics, kept (on disk too, during a build) by the file's bytes."""
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    digest = font_file(path)[1][:16]
    return _FACES.get((str(path.resolve()), bold, digest), lambda: _load_face(path, bold))


def _load_face(path: Path, bold: bool) -> FontFace:
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    head = font_file(path)[0][:4]
    if head in (b"OTTO", b"ttcf"):
        kind = "CFF-flavoured OpenType" if head == b"OTTO" else "a TrueType collection (.ttc)"
        raise FontError(
            f"{path.name} is {kind}: matplotlib writes such fonts into PDFs as broken "
            "TrueType. Use a TrueType (glyf) font such as BIZ UDPGothic."
        )
    from fontTools.ttLib import TTFont, TTLibError  # only when the face is not kept: 12 ms

    try:
        font = TTFont(str(path), lazy=True)
    except (TTLibError, OSError) as exc:
        raise FontError(f"{path.name} is not a font file: {exc}") from None
    if "glyf" not in font or "CFF " in font:
        raise FontError(f"{path.name} has no TrueType outlines (glyf); CFF fonts are refused")
    upm = font["head"].unitsPerEm
    advances = _advances(font, upm)
    sequences = variation_sequences(font.reader["cmap"])
    for _base, selector in sequences:
        advances.setdefault(selector, 0.0)  # a selector has no width of its own
    hhea = font["hhea"]
    family = str(font["name"].getBestFamilyName())
    digest = font_file(path)[1][:16]
    asc, desc = hhea.ascent / upm, -hhea.descent / upm
    return FontFace(path, family, bold, asc, desc, advances, digest, sequences)


def variation_sequences(cmap: bytes) -> frozenset[tuple[int, int]]:
    """Every (base, variation selector) pair of a raw cmap table's format 14 subtable.

    Read from the bytes: fontTools would first name every glyph of the CJK font."""
    return _format14(cmap)[0]


def variant_glyphs(cmap: bytes) -> dict[tuple[int, int], int]:
    """The glyph id of each (base, selector) pair that has a glyph of its own (non-default)."""
    return dict(_format14(cmap)[1])


@lru_cache(maxsize=4)
def _format14(
    cmap: bytes,
) -> tuple[frozenset[tuple[int, int]], tuple[tuple[tuple[int, int], int], ...]]:
    glyphs: dict[tuple[int, int], int] = {}
    found = _sequences(cmap, glyphs)
    return frozenset(found), tuple(glyphs.items())


def _sequences(cmap: bytes, glyphs: dict[tuple[int, int], int]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    (n_tables,) = struct.unpack_from(">H", cmap, 2)
    for i in range(n_tables):
        _plat, _enc, off = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        if struct.unpack_from(">H", cmap, off)[0] != 14:
            continue
        (n_sel,) = struct.unpack_from(">I", cmap, off + 6)
        for k in range(n_sel):
            rec = off + 10 + 11 * k
            sel = int.from_bytes(cmap[rec : rec + 3], "big")
            default, special = struct.unpack_from(">II", cmap, rec + 3)
            if default:
                (n,) = struct.unpack_from(">I", cmap, off + default)
                for j in range(n):
                    at = off + default + 4 + 4 * j
                    start, extra = int.from_bytes(cmap[at : at + 3], "big"), cmap[at + 3]
                    found.update((cp, sel) for cp in range(start, start + extra + 1))
            if special:
                (n,) = struct.unpack_from(">I", cmap, off + special)
                for j in range(n):
                    at = off + special + 4 + 5 * j
                    base = int.from_bytes(cmap[at : at + 3], "big")
                    found.add((base, sel))
                    glyphs[(base, sel)] = struct.unpack_from(">H", cmap, at + 3)[0]
    return found


def _advances(font: TTFont, upm: int) -> dict[int, float]:
    """Advance of every mapped character, in em, read from the raw cmap and hmtx tables.

    fontTools' cmap maps to glyph names, which it must first invent for every glyph of a CJK
    font (a quarter of a second); the raw tables give glyph indices directly."""
    n_metrics = font["hhea"].numberOfHMetrics
    raw = font.reader["hmtx"]
    widths = struct.unpack(f">{n_metrics * 2}H", raw[: n_metrics * 4])[0::2]
    last = widths[-1]
    return {
        cp: (widths[gid] if gid < n_metrics else last) / upm
        for cp, gid in char_map(font.reader["cmap"]).items()
    }


@dataclass(frozen=True)
class FontSet:
    regular: FontFace
    bold: FontFace

    def face(self, bold: bool) -> FontFace:
        return self.bold if bold else self.regular

    @property
    def family(self) -> str:
        return self.regular.family
