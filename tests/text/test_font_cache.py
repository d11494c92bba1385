"""A font file rewritten in place (a designer swapping the face while `watch` runs) is read
again: the faces and the PDF's glyph tables are kept by the file's bytes, not by its path."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from deckbuilder.pdf.fonts import glyphs_of
from deckbuilder.text.fonts import load_face
from helpers import ROOT

FONTS = ROOT / "assets" / "fonts"


def _replace_in_place(dest: Path, src: Path) -> None:
    """Write src's bytes over dest (same inode), with a later mtime, as an editor saves."""
    before = dest.stat().st_mtime_ns
    dest.write_bytes(src.read_bytes())
    os.utime(dest, ns=(before + 10**9, before + 10**9))


def test_a_font_rewritten_in_place_is_read_again(tmp_path: Path) -> None:
    face_file = tmp_path / "face.ttf"
    shutil.copyfile(FONTS / "BIZUDPGothic-Regular.ttf", face_file)
    regular = load_face(face_file, False)
    regular_glyphs = glyphs_of(str(face_file))

    _replace_in_place(face_file, FONTS / "BIZUDPGothic-Bold.ttf")
    bold = load_face(face_file, False)

    assert bold.digest != regular.digest
    assert bold.advances != regular.advances
    assert glyphs_of(str(face_file)) != regular_glyphs
