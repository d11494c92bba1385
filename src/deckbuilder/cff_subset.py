"""A CFF font program cut to the glyphs a document shows, for the PDF (FontFile3,
CIDFontType0C): glyph ids kept, every other glyph an empty charstring, CID = glyph id.

fontTools' subsetter takes ten seconds on a CJK font (it renumbers and prunes everything);
the PDF needs only the outlines by glyph id, so the charstrings of the glyphs not shown are
emptied and the program written again (about a second for Noto Sans CJK's 65,535 glyphs).
The subroutines are kept whole: the glyphs shown call into them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable


class _Font:
    recalcBBoxes = False  # noqa: N815  (fontTools' name) keep the font's own bounding box


def subset(cff: bytes, gids: Iterable[int]) -> bytes:
    """The bare CFF program ``cff`` (CID-keyed) with outlines only for ``gids`` and .notdef,
    its charset made the identity (CID n is glyph n) under the Adobe-Identity-0 ordering."""
    from fontTools.cffLib import CFFFontSet
    from fontTools.misc.psCharStrings import T2CharString

    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(cff), None)
    top = fonts.topDictIndex[0]
    index = top.CharStrings.charStringsIndex
    keep = {0, *gids}
    empty = T2CharString(program=["endchar"])
    for gid in range(len(index)):
        if gid not in keep:
            index[gid] = empty
    names = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, len(index))]
    top.charset = names
    top.CharStrings.charStrings = {name: gid for gid, name in enumerate(names)}
    top.ROS = ("Adobe", "Identity", 0)
    out = io.BytesIO()
    fonts.compile(out, _Font())
    return out.getvalue()
