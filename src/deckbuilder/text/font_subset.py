"""TrueType tables read and cut straight from the font's bytes: the character map, and a subset
that keeps only the glyphs a document shows (glyph ids unchanged).

fontTools would first decompile and name every glyph of a CJK font (14,000 here); the PDF needs
only glyph outlines by id, so slicing the glyf table is enough and takes milliseconds.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from functools import lru_cache

# Tables a PDF's CIDFontType2 program needs (ISO 32000-1 §9.9); the rest (layout, vertical
# metrics, the character map: the PDF maps codes to glyph ids itself) are left out.
KEEP = (
    "head",
    "hhea",
    "hmtx",
    "maxp",
    "loca",
    "glyf",
    "name",
    "OS/2",
    "post",
    "cvt ",
    "fpgm",
    "prep",
    "gasp",
)


def tables(data: bytes, at: int = 0) -> dict[str, bytes]:
    """The tables of the font whose table directory starts at ``at`` (0, or a face's offset in
    a collection: its tables' offsets count from the start of the file)."""
    (count,) = struct.unpack_from(">H", data, at + 4)
    out = {}
    for i in range(count):
        tag, _sum, off, length = struct.unpack_from(">4sIII", data, at + 12 + 16 * i)
        out[tag.decode("latin-1")] = data[off : off + length]
    return out


def collection(data: bytes) -> list[int]:
    """Where each face of a TrueType/OpenType collection (.ttc) starts; [] for a single font."""
    if data[:4] != b"ttcf":
        return []
    (count,) = struct.unpack_from(">I", data, 8)
    return list(struct.unpack_from(f">{count}I", data, 12))


def extract(data: bytes, at: int) -> bytes:
    """The collection's face at ``at`` as a font file of its own (its tables copied)."""
    return sfnt(tables(data, at), data[at : at + 4])


def names(table: bytes) -> dict[int, str]:
    """Name table strings by name id, Windows (Unicode) English first, then any Windows
    language, then Macintosh Roman."""
    if len(table) < 6:
        return {}
    count, strings_at = struct.unpack_from(">HH", table, 2)
    found: dict[int, tuple[int, str]] = {}
    for i in range(count):
        plat, enc, lang, nid, length, off = struct.unpack_from(">6H", table, 6 + 12 * i)
        raw = table[strings_at + off : strings_at + off + length]
        if plat == 3 and enc in (0, 1, 10):
            rank, text = (0 if lang == 0x409 else 1), raw.decode("utf-16-be", "replace")
        elif plat == 1 and enc == 0:
            rank, text = 2, raw.decode("mac-roman", "replace")
        else:
            continue
        if nid not in found or rank < found[nid][0]:
            found[nid] = (rank, text)
    return {nid: text for nid, (_rank, text) in found.items()}


# Cache: by the cmap table's bytes, a pure function of them (callers never change the dict).
@lru_cache(maxsize=4)
def char_map(cmap: bytes) -> dict[int, int]:
    """Code point -> glyph id, from the Unicode subtable (format 12 if there is one, else 4).
    (Kept: the measuring and the PDF's fonts both read it; callers do not change it.)"""
    (n,) = struct.unpack_from(">H", cmap, 2)
    subtables = {}
    for i in range(n):
        plat, enc, off = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        subtables[(plat, enc)] = off
    for key in ((3, 10), (0, 4), (3, 1), (0, 3)):
        if key in subtables:
            off = subtables[key]
            fmt = struct.unpack_from(">H", cmap, off)[0]
            if fmt == 12:
                return _format12(cmap, off)
            if fmt == 4:
                return _format4(cmap, off)
    return {}


def _format12(cmap: bytes, off: int) -> dict[int, int]:
    (groups,) = struct.unpack_from(">I", cmap, off + 12)
    out = {}
    for i in range(groups):
        start, end, gid = struct.unpack_from(">III", cmap, off + 16 + 12 * i)
        for cp in range(start, end + 1):
            out[cp] = gid + cp - start
    return out


def _format4(cmap: bytes, off: int) -> dict[int, int]:
    seg2 = struct.unpack_from(">H", cmap, off + 6)[0]
    segs = seg2 // 2
    ends = struct.unpack_from(f">{segs}H", cmap, off + 14)
    starts = struct.unpack_from(f">{segs}H", cmap, off + 16 + seg2)
    deltas = struct.unpack_from(f">{segs}h", cmap, off + 16 + 2 * seg2)
    range_at = off + 16 + 3 * seg2
    ranges = struct.unpack_from(f">{segs}H", cmap, range_at)
    out = {}
    for i in range(segs):
        for cp in range(starts[i], ends[i] + 1):
            if cp == 0xFFFF:
                continue
            if ranges[i] == 0:
                gid = (cp + deltas[i]) & 0xFFFF
            else:
                at = range_at + 2 * i + ranges[i] + 2 * (cp - starts[i])
                gid = struct.unpack_from(">H", cmap, at)[0]
                gid = (gid + deltas[i]) & 0xFFFF if gid else 0
            if gid:
                out[cp] = gid
    return out


def glyph_offsets(t: dict[str, bytes]) -> list[int]:
    count = struct.unpack_from(">H", t["maxp"], 4)[0]
    long = struct.unpack_from(">h", t["head"], 50)[0] == 1
    if long:
        return list(struct.unpack_from(f">{count + 1}I", t["loca"]))
    return [2 * v for v in struct.unpack_from(f">{count + 1}H", t["loca"])]


def subset(data: bytes, gids: Iterable[int]) -> bytes:
    """The font with only ``gids`` (and the glyphs they are built from) keeping outlines."""
    t = tables(data)
    offsets = glyph_offsets(t)
    glyf = t["glyf"]
    keep = _closure(glyf, offsets, {0, *gids})
    out_glyf = bytearray()
    loca = []
    for gid in range(len(offsets) - 1):
        loca.append(len(out_glyf))
        if gid in keep:
            out_glyf += glyf[offsets[gid] : offsets[gid + 1]]
            out_glyf += b"\0" * (-len(out_glyf) % 4)
    loca.append(len(out_glyf))
    head = bytearray(t["head"])
    struct.pack_into(">I", head, 8, 0)  # checkSumAdjustment: recomputed by no reader
    struct.pack_into(">h", head, 50, 1)  # long loca offsets
    new = {k: v for k, v in t.items() if k in KEEP}
    new.update(head=bytes(head), glyf=bytes(out_glyf), loca=struct.pack(f">{len(loca)}I", *loca))
    return sfnt(new)


def _closure(glyf: bytes, offsets: list[int], gids: set[int]) -> set[int]:
    """``gids`` and every component of the composite glyphs among them."""
    todo, seen = list(gids), set()
    while todo:
        gid = todo.pop()
        if gid in seen or gid >= len(offsets) - 1:
            continue
        seen.add(gid)
        start, end = offsets[gid], offsets[gid + 1]
        if end - start < 10 or struct.unpack_from(">h", glyf, start)[0] >= 0:
            continue
        at = start + 10
        while True:
            flags, component = struct.unpack_from(">HH", glyf, at)
            todo.append(component)
            at += 4 + (4 if flags & 0x0001 else 2)
            at += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
            if not flags & 0x0020:
                break
    return seen


def sfnt(t: dict[str, bytes], version: bytes = b"\0\1\0\0") -> bytes:
    """A font file holding the tables ``t``; ``version`` b"OTTO" for CFF outlines."""
    tags = sorted(t)
    n = len(tags)
    power = 1 << (n.bit_length() - 1)
    header = version + struct.pack(
        ">HHHH", n, power * 16, power.bit_length() - 1, n * 16 - power * 16
    )
    offset = 12 + 16 * n
    directory, body = b"", b""
    for tag in tags:
        data = t[tag]
        padded = data + b"\0" * (-len(data) % 4)
        directory += struct.pack(
            ">4sIII", tag.encode("latin-1"), _checksum(padded), offset + len(body), len(data)
        )
        body += padded
    return header + directory + body


def _checksum(data: bytes) -> int:
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF
