"""The deck's faces embedded in the PPTX, as PowerPoint embeds them: one Embedded OpenType
``.fntdata`` part per face the slides use, listed in presentation.xml's ``p:embeddedFontLst``.

Each part is an uncompressed EOT (version 0x00020002, flags 0: what LibreOffice writes and
reads, and what Debian's ``eot2ttf`` unwraps) around the whole TrueType face. Whole, not cut to
the slides' characters: a subset would keep the file 6 MB smaller but a colleague without the
font could not type a character the deck does not already show (measured in the README). The
part is prepared once per face (header and deflated bytes) and kept on disk, so a rebuild
copies it into the zip without compressing it again.

A face whose licence forbids embedding (OS/2 fsType: restricted, or bitmap only) or that has no
TrueType outlines (CFF: PowerPoint embeds TrueType only) is named in the theme but not embedded;
``text.fonts.embedding_refusal`` says why, for the build's warning.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from deckbuilder.memo import Memo
from deckbuilder.powerpoint.markup import attr
from deckbuilder.text import font_subset
from deckbuilder.text.fonts import FontFace, font_file

_MAGIC = 0x504C
_VERSION = 0x00020002
FONT_LEVEL = 1  # zlib's fastest: see _prepare


@dataclass(frozen=True)
class Prepared:
    """A face's ``.fntdata`` part: the EOT header (the face's bytes follow it) and the whole
    part raw-deflated as a zip entry holds it; with the attributes of its ``p:font``."""

    header: bytes
    deflated: bytes
    typeface: str
    panose: str  # 20 hex digits
    pitch_family: int
    charset: int


# Cache: a face's .fntdata part by (face hash, bold, typeface name), all it is made from.
_PARTS: Memo[Prepared] = Memo(4, disk="fontparts")


def prepared(face: FontFace, typeface: str) -> Prepared:
    """The face's part, kept (on disk too, during a build) by the face's bytes."""
    key = (face.digest, face.bold, typeface)
    return _PARTS.get(key, lambda: _prepare(face, typeface))


def part_bytes(face: FontFace, p: Prepared) -> bytes:
    return p.header + font_file(face.path)[0]


def _prepare(face: FontFace, typeface: str) -> Prepared:
    data = font_file(face.path)[0]
    header = eot_header(data)
    # A zip entry's raw deflate stream, at level 1: the faces are 9 MB, and level 6 took a
    # cold build 0.17 s of CPU per face for parts 6 % smaller (level 1: 0.08 s, 0.18 MB more;
    # zlib's largest memory level, 9, takes 8 % off that).
    packer = zlib.compressobj(FONT_LEVEL, zlib.DEFLATED, -15, 9)
    deflated = packer.compress(header) + packer.compress(data) + packer.flush()
    t = font_subset.tables(data)
    os2 = t["OS/2"]
    panose = os2[32:42]
    return Prepared(header, deflated, typeface, panose.hex().upper(), _pitch(t), _charset(os2))


def eot_header(data: bytes) -> bytes:
    """The EOT header (version 0x00020002, no compression, no XOR) for the sfnt ``data``,
    little-endian as the format has it; the face's bytes follow it unchanged."""
    t = font_subset.tables(data)
    os2, head = t["OS/2"], t["head"]
    fs_type, panose = struct.unpack_from(">H", os2, 8)[0], os2[32:42]
    weight, selection = struct.unpack_from(">H", os2, 4)[0], struct.unpack_from(">H", os2, 62)[0]
    ranges = struct.unpack_from(">4I", os2, 42)
    pages = struct.unpack_from(">2I", os2, 78) if len(os2) >= 86 else (0, 0)
    adjust = struct.unpack_from(">I", head, 8)[0]
    names = font_subset.names(t.get("name", b""))
    strings = b"".join(
        struct.pack("<HH", 0, len(s)) + s
        for s in (names.get(n, "").encode("utf-16-le") for n in (1, 2, 5, 4))
    )
    tail = struct.pack("<HH", 0, 0)  # padding, no root string
    tail += struct.pack("<II", 0, 0)  # root string checksum, EUDC code page
    tail += struct.pack("<HH", 0, 0)  # padding, no signature
    tail += struct.pack("<II", 0, 0)  # EUDC flags, no EUDC font
    fixed = struct.pack(
        "<II10sBBIHH4I2II4I",
        _VERSION,
        0,  # flags: not compressed, not obfuscated
        panose,
        1,  # DEFAULT_CHARSET
        1 if selection & 1 else 0,
        weight,
        fs_type,
        _MAGIC,
        *ranges,
        *pages,
        adjust,
        *(0, 0, 0, 0),  # reserved
    )
    body = fixed + strings + tail  # each name is preceded by its padding and size
    total = 8 + len(body) + len(data)
    return struct.pack("<II", total, len(data)) + body


def _pitch(t: dict[str, bytes]) -> int:
    """Windows' pitch and family byte: fixed or variable pitch; Swiss for sans, Roman for
    serif (PANOSE serif style), Modern for fixed pitch."""
    post = t.get("post", b"")
    fixed = len(post) >= 16 and struct.unpack_from(">I", post, 12)[0] != 0
    if fixed:
        return 0x01 | 0x30
    serif_style = t["OS/2"][33] if len(t["OS/2"]) > 33 else 0
    return 0x02 | (0x20 if serif_style in (11, 12, 13) or serif_style < 2 else 0x10)


def _charset(os2: bytes) -> int:
    """SHIFTJIS (128) for a face whose code pages include Japanese (JIS/Japan, bit 17), else
    the default character set (1); written signed, as PowerPoint writes it."""
    pages = struct.unpack_from(">I", os2, 78)[0] if len(os2) >= 86 else 0
    return -128 if pages & (1 << 17) else 1


def font_list_xml(entries: list[tuple[Prepared, dict[bool, str]]]) -> str:
    """``p:embeddedFontLst``: each typeface once, with the rIds of its regular and bold parts."""
    items = []
    for p, rids in entries:
        faces = "".join(
            f'<p:{tag} r:id="{rids[bold]}"/>'
            for tag, bold in (("regular", False), ("bold", True))
            if bold in rids
        )
        font = (
            f'<p:font typeface="{attr(p.typeface)}" panose="{p.panose}" '
            f'pitchFamily="{p.pitch_family}" charset="{p.charset}"/>'
        )
        items.append(f"<p:embeddedFont>{font}{faces}</p:embeddedFont>")
    return f"<p:embeddedFontLst>{''.join(items)}</p:embeddedFontLst>" if items else ""
