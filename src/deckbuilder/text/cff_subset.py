"""A CFF font program cut to the glyphs a document shows, for the PDF (FontFile3,
CIDFontType0C): glyph ids kept, every other glyph an empty charstring, CID = glyph id.

fontTools' subsetter takes ten seconds on a CJK font (it renumbers and prunes everything);
the PDF needs only the outlines by glyph id, so the charstrings of the glyphs not shown, and
the subroutines none of the shown ones calls, are emptied (their numbers kept) and the program
written again: about a second for Noto Sans CJK's 65,535 glyphs.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from fontTools.misc.psCharStrings import SimpleT2Decompiler


class _Font:
    recalcBBoxes = False  # noqa: N815  (fontTools' name) keep the font's own bounding box


class _Marking(SimpleT2Decompiler):
    """Runs a charstring through its subroutine calls, noting which subroutines it calls."""

    def __init__(self, local: Any, global_: Any, used: tuple[set[int], set[int]]):
        super().__init__(local, global_)
        self.used_local, self.used_global = used

    def op_callsubr(self, index: int) -> None:
        self.used_local.add(int(self.operandStack[-1]) + self.localBias)
        super().op_callsubr(index)

    def op_callgsubr(self, index: int) -> None:
        self.used_global.add(int(self.operandStack[-1]) + self.globalBias)
        super().op_callgsubr(index)


def _prune_subrs(top: Any, keep: set[int]) -> None:
    """Empty every subroutine (local, per font dict, and global) no kept glyph calls."""
    from fontTools.misc.psCharStrings import T2CharString

    index = top.CharStrings.charStringsIndex
    fd_array = getattr(top, "FDArray", None)
    select = getattr(top, "FDSelect", None)
    privates = [fd.Private for fd in fd_array] if fd_array is not None else [top.Private]
    used_local: list[set[int]] = [set() for _ in privates]
    used_global: set[int] = set()
    for gid in sorted(keep):
        fd = select[gid] if select is not None and fd_array is not None else 0
        local = getattr(privates[fd], "Subrs", [])
        _Marking(local, top.GlobalSubrs, (used_local[fd], used_global)).execute(index[gid])
    ret = T2CharString(program=["return"])
    for private, used in zip(privates, used_local, strict=True):
        subrs: Any = getattr(private, "Subrs", [])
        for i in range(len(subrs)):
            if i not in used:
                subrs[i] = ret
    for i in range(len(top.GlobalSubrs)):
        if i not in used_global:
            top.GlobalSubrs[i] = ret


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
    _prune_subrs(top, keep)
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
