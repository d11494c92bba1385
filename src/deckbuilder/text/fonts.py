"""Font files and their metrics, read with fontTools: exact advances for TrueType and CFF
OpenType fonts, a face of a collection (.ttc) taken out into a font file of its own.

BIZ UDPGothic has no kerning (no GPOS/kern), so a string's width is the sum of its advances, the
same number that matplotlib, PowerPoint and LibreOffice use when they place the glyphs.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import tempfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuilder.memo import Memo
from deckbuilder.text.font_subset import char_map, collection, extract, names, tables

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

    @property
    def cff(self) -> bool:
        """Whether the face has CFF (PostScript) outlines rather than TrueType ones."""
        return font_file(self.path)[0][:4] == b"OTTO"

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


RESTRICTED, BITMAP_ONLY = 0x0002, 0x0200  # OS/2 fsType bits that forbid embedding


def embedding_refusal(face: FontFace) -> str:
    """Why ``face`` cannot be embedded in a PPTX (its licence, its outlines), or "" when it can."""
    if face.cff:
        return "it has CFF outlines (PowerPoint embeds TrueType outlines only)"
    os2 = tables(font_file(face.path)[0]).get("OS/2", b"")
    fs_type = struct.unpack_from(">H", os2, 8)[0] if len(os2) >= 10 else 0
    if fs_type & RESTRICTED:
        return f"its licence forbids embedding (OS/2 fsType {fs_type:#06x}: restricted)"
    if fs_type & BITMAP_ONLY:
        return f"its licence allows embedding bitmaps only (OS/2 fsType {fs_type:#06x})"
    return ""


# Cache: a face's metrics by (resolved path, bold, hash of its bytes): a changed file is a new key.
_FACES: Memo[FontFace] = Memo(8, disk="fonts")


def font_file(path: Path | str) -> tuple[bytes, str]:
    """A font file's bytes and their SHA-256, read once per process (again if it changes):
    the faces, the glyph map and the PDF's subsets all rest on them."""
    st = os.stat(path)
    return _font_file(str(path), st.st_mtime_ns, st.st_size)


# Cache: a font file's bytes by (path, mtime, size): a file rewritten in place is read again.
@lru_cache(maxsize=4)
def _font_file(path: str, _mtime_ns: int, _size: int) -> tuple[bytes, str]:
    data = Path(path).read_bytes()
    return data, hashlib.sha256(data).hexdigest()


# Not cached by path: the memo inside is keyed by the file's bytes (through font_file's
# stat), so a font changed in place during a watch is read again.
def load_face(path: Path, bold: bool, face: int | str | None = None) -> FontFace:
    """The face's metrics, kept (on disk too, during a build) by the file's bytes. In a
    collection, ``face`` picks a face by index or name (the first face when None); the face
    is taken out into a font file of its own, which the FontFace's path then names."""
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    path = _standalone(path, face)
    digest = font_file(path)[1][:16]
    kept = _FACES.get((str(path.resolve()), bold, digest), lambda: _load_face(path, bold))
    # Kept by the resolved file: a face first met through a link that is gone since (diff's
    # exported revision) names the path it is met by now.
    return kept if Path(kept.path) == path else replace(kept, path=path)


def _standalone(path: Path, face: int | str | None) -> Path:
    data, digest = font_file(path)
    offsets = collection(data)
    if not offsets:
        if isinstance(face, int) and face != 0:
            raise FontError(
                f"{path.name} holds one face, not a collection: face {face} is not in it"
            )
        return path
    index = _pick(path.name, data, offsets, face)
    at = offsets[index]
    ext = ".otf" if data[at : at + 4] == b"OTTO" else ".ttf"
    out = _faces_folder() / f"{path.stem}-{digest[:16]}-{index}{ext}"
    if not out.is_file():
        blob = extract(data, at)
        tmp = out.with_name(f".{out.name}.{os.getpid()}")
        tmp.write_bytes(blob)
        os.replace(tmp, out)
    return out


def _pick(name: str, data: bytes, offsets: list[int], face: int | str | None) -> int:
    """The index of ``face`` in the collection: an index, or a name: the face's full name,
    PostScript name or family (case and spaces ignored)."""
    if face is None:
        return 0
    if isinstance(face, int):
        if not 0 <= face < len(offsets):
            raise FontError(f"{name} has faces 0 to {len(offsets) - 1}, not {face}")
        return face
    wanted = _key(face)
    listed = []
    for i, at in enumerate(offsets):
        n = names(tables(data, at).get("name", b""))
        full = n.get(4, "")
        listed.append(f"{i}: {full}")
        if wanted in {_key(n.get(k, "")) for k in (4, 6, 1, 16)} - {""}:
            return i
    raise FontError(f"{name} has no face named {face!r} (its faces: {'; '.join(listed)})")


def _key(name: str) -> str:
    return "".join(name.split()).casefold()


def _faces_folder() -> Path:
    """Where faces taken out of collections are kept: the user's cache folder, named by the
    collection's bytes (so the same face is taken out once per machine)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    for folder in (
        Path(base) / "deckbuilder" / "faces",
        Path(tempfile.gettempdir()) / "deckbuilder-faces",
    ):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return folder
        except OSError:
            continue
    raise FontError(
        "no folder to keep a face of a font collection in (cache and temp are read-only)"
    )


def _load_face(path: Path, bold: bool) -> FontFace:
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    from fontTools.ttLib import TTLibError  # only when the face is not kept: 12 ms

    try:
        return _read_face(path, bold)
    except (TTLibError, OSError, struct.error, KeyError, IndexError, ValueError) as exc:
        raise FontError(f"{path.name} is not a font file we can read: {exc!r}") from None


def _read_face(path: Path, bold: bool) -> FontFace:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    if "glyf" not in font and "CFF " not in font:
        kind = "CFF2 (variable) outlines" if "CFF2" in font else "no outlines we can embed"
        raise FontError(f"{path.name} has {kind}; use a TrueType or CFF OpenType font")
    if "CFF " in font:
        _cid_keyed(path, font)
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


def _cid_keyed(path: Path, font: TTFont) -> None:
    """The PDF embeds CFF outlines as a CIDFont: the font program must be CID-keyed (as
    Japanese OpenType fonts are: Noto Sans CJK, Source Han Sans, Hiragino)."""
    import io

    from fontTools.cffLib import CFFFontSet

    cff = CFFFontSet()
    cff.decompile(io.BytesIO(font.reader["CFF "]), None)
    if not hasattr(cff.topDictIndex[0], "ROS"):
        raise FontError(
            f"{path.name} has name-keyed CFF outlines; use a CID-keyed CFF font (as Japanese "
            "OpenType fonts are) or a TrueType font"
        )


def variation_sequences(cmap: bytes) -> frozenset[tuple[int, int]]:
    """Every (base, variation selector) pair of a raw cmap table's format 14 subtable.

    Read from the bytes: fontTools would first name every glyph of the CJK font."""
    return _format14(cmap)[0]


def variant_glyphs(cmap: bytes) -> dict[tuple[int, int], int]:
    """The glyph id of each (base, selector) pair that has a glyph of its own (non-default)."""
    return dict(_format14(cmap)[1])


# Cache: by the cmap table's bytes, a pure function of them.
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
