"""The deck's two faces as PDF fonts that every page shares, and text written in their glyphs.

Pages show their text as glyph ids of the layout set's font files, under the resource names
below; the assembly embeds each face once, cut to the glyphs the document shows (ids kept), as
a Type 0 / CIDFontType2 font with Identity encoding, its widths and a ToUnicode map. (matplotlib
would embed a fresh subset of each face in every page: 88 in the report.)
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from . import font_subset
from .fonts import FontFace, font_file, is_selector, variant_glyphs
from .memo import Memo

RESOURCE = {False: "/DeckR", True: "/DeckB"}  # the faces' names in every page's /Font


@dataclass(frozen=True)
class Glyphs:
    """A font file's character to glyph id mapping, variation sequences included."""

    gids: dict[int, int]
    variants: dict[tuple[int, int], int]
    widths: tuple[int, ...]  # advance per glyph id, in 1/1000 em
    upm: int


_GLYPHS: Memo[Glyphs] = Memo(4, disk="glyphs")


@lru_cache(maxsize=4)
def glyphs_of(path: str) -> Glyphs:
    """The font's glyph ids and widths, kept (on disk too, during a build) by its bytes."""
    data, digest = font_file(path)
    key = (path, digest)
    return _GLYPHS.get(key, lambda: _glyphs(data))


def _glyphs(data: bytes) -> Glyphs:
    t = font_subset.tables(data)
    upm = struct.unpack_from(">H", t["head"], 18)[0]
    n_metrics = struct.unpack_from(">H", t["hhea"], 34)[0]
    count = struct.unpack_from(">H", t["maxp"], 4)[0]
    metrics = struct.unpack_from(f">{n_metrics * 2}H", t["hmtx"])[0::2]
    advances = list(metrics) + [metrics[-1]] * (count - n_metrics)
    widths = tuple(round(a * 1000 / upm) for a in advances)
    return Glyphs(font_subset.char_map(t["cmap"]), variant_glyphs(t["cmap"]), widths, upm)


def glyph_ids(text: str, g: Glyphs) -> list[tuple[int, str]]:
    """Each glyph of ``text`` with the characters it stands for: a character followed by a
    variation selector is the one glyph the font maps that sequence to (cmap format 14)."""
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt and is_selector(nxt):
            out.append((g.variants.get((ord(ch), ord(nxt)), g.gids.get(ord(ch), 0)), ch + nxt))
            i += 2
        else:
            out.append((g.gids.get(ord(ch), 0), ch))
            i += 1
    return out


def show_text(
    face: FontFace, text: str, size: float, color: str, spacing: float, x: float, y: float
) -> bytes:
    """The operators that paint ``text`` with its baseline starting at (x, y), PDF space."""
    g = glyphs_of(str(face.path))
    codes = "".join(f"{gid:04X}" for gid, _ in glyph_ids(text, g))
    r, gr, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return (
        f"q {_n(r)} {_n(gr)} {_n(b)} rg BT {RESOURCE[face.bold]} {_n(size)} Tf {_n(spacing)} Tc "
        f"1 0 0 1 {_n(x)} {_n(y)} Tm <{codes}> Tj ET Q"
    ).encode()


def _n(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") or "0"


# --- embedding, once per document ----------------------------------------------------------------


def embed(pdf: pikepdf.Pdf, face: FontFace, texts: Iterable[str]) -> pikepdf.Object:
    """``face`` as a Type 0 font holding every glyph of ``texts``, with their widths and a
    ToUnicode map."""
    g = glyphs_of(str(face.path))
    data, unicode_map, shown = _program(face, tuple(texts))
    t = font_subset.tables(font_file(face.path)[0])
    name = f"{_tag(data)}+{face.family.replace(' ', '')}-{'Bold' if face.bold else 'Regular'}"
    scale = 1000 / g.upm
    bbox = struct.unpack_from(">4h", t["head"], 36)
    ascent, descent = struct.unpack_from(">hh", t["hhea"], 4)
    os2 = t.get("OS/2", b"")
    cap = struct.unpack_from(">h", os2, 88)[0] if len(os2) >= 90 else ascent
    file = pdf.make_stream(data)
    file.Length1 = len(data)
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + name),
        Flags=4,  # symbolic: glyphs are named by id, not by a standard encoding
        FontBBox=Array([round(v * scale) for v in bbox]),
        ItalicAngle=0,
        Ascent=round(ascent * scale),
        Descent=round(descent * scale),
        CapHeight=round(cap * scale),
        StemV=120 if face.bold else 80,
        FontFile2=file,
    )
    widths = Array()
    for gid in sorted(shown):
        widths.append(gid)
        widths.append(Array([g.widths[gid]]))
    system = Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0)
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType2,
        BaseFont=Name("/" + name),
        CIDSystemInfo=system,
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=1000,
        W=widths,
        CIDToGIDMap=Name.Identity,
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/" + name),
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=pdf.make_stream(unicode_map),
        )
    )


_PROGRAMS: Memo[tuple[bytes, bytes, dict[int, str]]] = Memo(8)  # in memory: a watch
_BY_TEXTS: Memo[tuple[bytes, bytes, dict[int, str]]] = Memo(8, disk="programs")


def _program(face: FontFace, texts: tuple[str, ...]) -> tuple[bytes, bytes, dict[int, str]]:
    """The cut font program, its ToUnicode map and the glyphs shown: kept by the texts, and
    by the glyphs shown (a changed figure rarely brings a glyph the deck lacks)."""
    digest = hashlib.sha256("\0".join(texts).encode()).hexdigest()
    return _BY_TEXTS.get((face.path, face.digest, digest), lambda: _by_glyphs(face, texts))


def _by_glyphs(face: FontFace, texts: tuple[str, ...]) -> tuple[bytes, bytes, dict[int, str]]:
    shown: dict[int, str] = {}
    for text in texts:
        for gid, chars in _glyph_ids(text, str(face.path)):
            shown.setdefault(gid, chars)  # a glyph reads as the first text drawn with it

    def make() -> tuple[bytes, bytes, dict[int, str]]:
        data = font_subset.subset(font_file(face.path)[0], shown)
        return data, to_unicode(shown), shown

    return _PROGRAMS.get((face.path, face.digest, tuple(shown.items())), make)


@lru_cache(maxsize=65536)
def _glyph_ids(text: str, path: str) -> tuple[tuple[int, str], ...]:
    return tuple(glyph_ids(text, glyphs_of(path)))


def to_unicode(shown: dict[int, str]) -> bytes:
    """A ToUnicode CMap: each glyph id to the characters it was drawn for."""
    entries = [
        f"<{gid:04X}> <{text.encode('utf-16-be').hex().upper()}>"
        for gid, text in sorted(shown.items())
    ]
    blocks = []
    for i in range(0, len(entries), 100):
        chunk = entries[i : i + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


def _tag(data: bytes) -> str:
    """The six capital letters a subset font's name starts with (ISO 32000-1 §9.6.4)."""
    digest = hashlib.sha256(data).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])
