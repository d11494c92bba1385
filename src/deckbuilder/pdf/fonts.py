"""The deck's two faces as PDF fonts that every page shares, and text written in their glyphs.

Pages show their text as glyph ids of the layout set's font files, under the resource names
below; the assembly embeds each face once, cut to the glyphs the document shows (ids kept), as
a Type 0 font with Identity encoding, its widths and a ToUnicode map: a CIDFontType2 for
TrueType outlines (FontFile2), a CIDFontType0 for CFF outlines (FontFile3, the bare CFF program,
CID-keyed with CID = glyph id). Never Type 3. (matplotlib would embed a fresh subset of each
face in every page: 88 in the report.)
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from deckbuilder.memo import Memo
from deckbuilder.text import font_subset
from deckbuilder.text.fonts import FontFace, font_file, is_selector, variant_glyphs

RESOURCE = {False: "/DeckR", True: "/DeckB"}  # the faces' names in every page's /Font


@dataclass(frozen=True)
class Glyphs:
    """A font file's character to glyph id mapping, variation sequences included."""

    gids: dict[int, int]
    variants: dict[tuple[int, int], int]
    widths: tuple[int, ...]  # advance per glyph id, in 1/1000 em
    upm: int


# Cache: a face's glyph ids and widths by (path, hash of its bytes).
_GLYPHS: Memo[Glyphs] = Memo(4, disk="glyphs")


# Not cached by path: _GLYPHS is keyed by the bytes' hash (font_file re-reads a file whose
# mtime or size changed), so a font changed in place during a watch is seen.
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


@dataclass(frozen=True)
class Program:
    """A face cut to the glyphs a document shows, with everything its font dictionaries say,
    the streams already Flate-compressed (qpdf passes them through): kept on disk, so a rebuild
    that shows no new glyph neither cuts nor compresses the font again."""

    name: str  # the subset's PostScript name, with its six-letter tag
    file: bytes  # the TrueType program, deflated
    length1: int  # its length before deflating
    to_unicode: bytes  # deflated
    widths: tuple[tuple[int, int], ...]  # (glyph id, advance in 1/1000 em), by glyph id
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    cff: bool = False  # the program is a bare CFF (CIDFontType0C), not TrueType


def embed(pdf: pikepdf.Pdf, face: FontFace, units: dict[str, None]) -> pikepdf.Object:
    """``face`` as a Type 0 font holding the glyph of every unit (``units_of``), with their
    widths and a ToUnicode map."""
    p = _program(face, units)
    file = deflated(pdf, p.file)
    if p.cff:
        file.Subtype = Name.CIDFontType0C
    else:
        file.Length1 = p.length1
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + p.name),
        Flags=4,  # symbolic: glyphs are named by id, not by a standard encoding
        FontBBox=Array(list(p.bbox)),
        ItalicAngle=0,
        Ascent=p.ascent,
        Descent=p.descent,
        CapHeight=p.cap_height,
        StemV=120 if face.bold else 80,
    )
    descriptor[Name.FontFile3 if p.cff else Name.FontFile2] = file
    widths = Array()
    for gid, width in p.widths:
        widths.append(gid)
        widths.append(Array([width]))
    system = Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0)
    cid_font = Dictionary(
        Type=Name.Font,
        Subtype=Name.CIDFontType0 if p.cff else Name.CIDFontType2,
        BaseFont=Name("/" + p.name),
        CIDSystemInfo=system,
        FontDescriptor=pdf.make_indirect(descriptor),
        DW=1000,
        W=widths,
    )
    if not p.cff:
        cid_font.CIDToGIDMap = Name.Identity  # CFF: its charset maps CIDs, here the glyph ids
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=Name("/" + p.name),
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([pdf.make_indirect(cid_font)]),
            ToUnicode=deflated(pdf, p.to_unicode),
        )
    )


def deflated(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    stream = pikepdf.Stream(pdf, b"")
    stream.write(data, filter=Name.FlateDecode)
    return stream


_UNIT = re.compile("(?s).[\ufe00-\ufe0f\U000e0100-\U000e01ef]?")  # a character, or a sequence
# Cache: a cut face by (path, face hash, the glyphs shown with their characters).
_PROGRAMS: Memo[Program] = Memo(8, disk="programs")


def units_of(texts: Iterable[str]) -> dict[str, None]:
    """The characters of ``texts`` (each with its variation selector), in order of first use."""
    units: dict[str, None] = {}
    for text in texts:
        units.update(dict.fromkeys(_UNIT.findall(text)))
    return units


def _program(face: FontFace, units: dict[str, None]) -> Program:
    """Kept by the glyphs shown, each with the characters first drawn with it (they give its
    ToUnicode entry): a changed figure rarely brings a glyph the deck lacks, so the cut program
    is taken as it was."""
    g = glyphs_of(str(face.path))
    shown: dict[int, str] = {}
    for unit in units:
        for gid, chars in glyph_ids(unit, g):
            shown.setdefault(gid, chars)
    key = (face.path, face.digest, tuple(sorted(shown.items())))
    return _PROGRAMS.get(key, lambda: _cut(face, g, shown))


def _cut(face: FontFace, g: Glyphs, shown: dict[int, str]) -> Program:
    font = font_file(face.path)[0]
    cff = font[:4] == b"OTTO"
    t = font_subset.tables(font)
    if cff:
        from deckbuilder.text import cff_subset

        data = cff_subset.subset(t["CFF "], shown)
    else:
        data = font_subset.subset(font, shown)
    scale = 1000 / g.upm
    bbox = struct.unpack_from(">4h", t["head"], 36)
    ascent, descent = struct.unpack_from(">hh", t["hhea"], 4)
    os2 = t.get("OS/2", b"")
    cap = struct.unpack_from(">h", os2, 88)[0] if len(os2) >= 90 else ascent
    name = f"{subset_tag(data)}+{face.family.replace(' ', '')}-{'Bold' if face.bold else 'Regular'}"
    return Program(
        name=name,
        file=zlib.compress(data),
        length1=len(data),
        to_unicode=zlib.compress(to_unicode(shown)),
        widths=tuple((gid, g.widths[gid]) for gid in sorted(shown)),
        bbox=(
            round(bbox[0] * scale),
            round(bbox[1] * scale),
            round(bbox[2] * scale),
            round(bbox[3] * scale),
        ),
        ascent=round(ascent * scale),
        descent=round(descent * scale),
        cap_height=round(cap * scale),
        cff=cff,
    )


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


def subset_tag(data: bytes) -> str:
    """The six capital letters a subset font's name starts with (ISO 32000-1 §9.6.4)."""
    digest = hashlib.sha256(data).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6])
