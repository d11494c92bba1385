"""The PPTX carries its fonts: Embedded OpenType parts as PowerPoint writes them, unwrapped by
an EOT reader we did not write (Debian's eot2ttf, what LibreOffice reads EOT with)."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from deckbuilder.commands.build import build
from deckbuilder.powerpoint import fonts as pptx_fonts
from deckbuilder.powerpoint.render import faces_used
from deckbuilder.scene import Line, Run, SlideScene, TextBox
from helpers import ROOT

NS = {
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
R_ID = f"{{{NS['r']}}}id"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


def embedded(pptx: Path) -> tuple[etree._Element, dict[str, bytes], zipfile.ZipFile]:
    """presentation.xml, and each embedded part's bytes by the rId presentation.xml uses."""
    z = zipfile.ZipFile(pptx)
    pres = etree.fromstring(z.read("ppt/presentation.xml"))
    rels = etree.fromstring(z.read("ppt/_rels/presentation.xml.rels"))
    parts = {
        r.get("Id"): z.read("ppt/" + r.get("Target"))
        for r in rels.iterfind("rel:Relationship", NS)
        if r.get("Type") == FONT_REL
    }
    return pres, parts, z


def shown_text(z: zipfile.ZipFile, bold: bool | None = None) -> set[str]:
    """Every character of the slides' runs (only bold or only regular ones when asked) and,
    for the regular face, of the notes."""
    chars: set[str] = set()
    for name in z.namelist():
        is_slide = name.startswith("ppt/slides/slide")
        if not (is_slide or (name.startswith("ppt/notesSlides/") and bold is not True)):
            continue
        if not name.endswith(".xml"):
            continue
        root = etree.fromstring(z.read(name))
        for run in root.iterfind(".//a:r", NS):
            rpr = run.find("a:rPr", NS)
            is_bold = rpr is not None and rpr.get("b") == "1"
            if bold is None or not is_slide or is_bold == bold:
                chars.update(run.findtext("a:t", "", NS))
    return chars - {"\n", "\t"}


def unwrap(blob: bytes, tmp: Path) -> bytes:
    src, dst = tmp / "face.fntdata", tmp / "face.ttf"
    src.write_bytes(blob)
    subprocess.run(["eot2ttf", str(src), str(dst)], check=True, capture_output=True)
    return dst.read_bytes()


@pytest.mark.skipif(shutil.which("eot2ttf") is None, reason="eot2ttf (Debian eot-utils) missing")
def test_embedded_faces_unwrap_with_eot2ttf_into_faces_covering_all_text(report_build, tmp_path):
    from fontTools.ttLib import TTFont

    pptx = report_build / "report.pptx"
    pres, parts, z = embedded(pptx)
    assert pres.get("embedTrueTypeFonts") == "1"
    fonts = pres.findall("p:embeddedFontLst/p:embeddedFont", NS)
    assert len(fonts) == 1  # one typeface, listed once
    font = fonts[0]
    assert font.find("p:font", NS).get("typeface") == "BIZ UDPGothic"
    types = etree.fromstring(z.read("[Content_Types].xml"))
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iterfind("ct:Default", NS)}
    assert defaults["fntdata"] == "application/x-fontdata"
    for tag, bold in (("regular", False), ("bold", True)):
        rid = font.find(f"p:{tag}", NS).get(R_ID)
        face = TTFont(io.BytesIO(unwrap(parts[rid], tmp_path)))
        assert face["name"].getBestFamilyName() == "BIZ UDPGothic"
        assert face["name"].getBestSubFamilyName() == ("Bold" if bold else "Regular")
        cmap = face.getBestCmap()
        wanted = shown_text(z, bold)
        assert len(wanted) > 300
        assert not [c for c in wanted if ord(c) not in cmap and not 0xFE00 <= ord(c) <= 0xFE0F]
        # Whole faces: a colleague without the font can type what the deck does not show yet.
        assert len(cmap) > 10_000
    assert len(parts) == 2


def test_the_pptx_stays_within_12_mb_and_valid_for_every_office_version(
    report_build, report_validation
):
    from openxml_audit import FileFormat

    pptx = report_build / "report.pptx"
    assert pptx.stat().st_size <= 12 * 2**20
    offices = [v for v in FileFormat if not v.name.startswith("ODF")]
    assert list(report_validation) == offices
    for version, result in report_validation.items():
        assert result.is_valid and not result.errors, (version, [str(e) for e in result.errors])


def test_a_designer_saving_with_python_pptx_keeps_the_fonts(report_build, tmp_path):
    from pptx import Presentation

    deck = Presentation(str(report_build / "report.pptx"))
    assert len(deck.slides) == 44
    deck.slides.add_slide(deck.slide_layouts[4])
    deck.save(str(tmp_path / "edited.pptx"))
    pres, parts, _z = embedded(tmp_path / "edited.pptx")
    _pres, before, _ = embedded(report_build / "report.pptx")
    ids = [el.get(R_ID) for el in pres.iterfind("p:embeddedFontLst/p:embeddedFont/*", NS)]
    assert sorted(parts.values()) == sorted(before.values())
    assert all(i in parts for i in ids if i)


def _scene(*runs: Run, notes: str = "") -> SlideScene:
    box = TextBox(0, 0, 100, 20, (Line(runs, 10),), 12)
    return SlideScene(1, "t", "content", 960, 540, "#FFFFFF", (box,), notes)


def test_only_the_faces_the_text_is_set_in_are_listed():
    bold = Run("太字", 12, True, "#000000")
    regular = Run("本文", 12, False, "#000000")
    assert faces_used([_scene(bold)]) == [True]
    assert faces_used([_scene(regular)]) == [False]
    assert faces_used([_scene(bold, notes="ノート")]) == [False, True]  # notes: regular
    assert faces_used([_scene(Run("", 12, True, "#000000"), regular)]) == [False]


def _fs_type(path: Path, value: int) -> None:
    """Set the OS/2 fsType of a font file in place (its checksums are read by no one here)."""
    data = bytearray(path.read_bytes())
    (count,) = struct.unpack_from(">H", data, 4)
    for i in range(count):
        tag, _sum, off, _length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"OS/2":
            struct.pack_into(">H", data, off + 8, value)
    path.write_bytes(bytes(data))


def test_a_face_whose_licence_forbids_embedding_is_named_not_embedded(project, capsys):
    _fs_type(project / "assets" / "fonts" / "BIZUDPGothic-Bold.ttf", 0x0002)
    result = build(project / "deck", project / "out")
    warned = [str(w) for w in result.warnings if w.code == "font"]
    assert len(warned) == 1, warned
    assert "layouts/ministry/tokens.yaml:" in warned[0] and "bold face" in warned[0]
    assert "forbids embedding" in warned[0]
    pres, parts, z = embedded(result.pptx)
    assert len(parts) == 1
    font = pres.find("p:embeddedFontLst/p:embeddedFont", NS)
    assert font.find("p:regular", NS) is not None and font.find("p:bold", NS) is None
    layout_set = z.read("ppt/theme/theme1.xml").decode()
    assert 'typeface="BIZ UDPGothic"' in layout_set  # still the theme's font


def test_a_rebuild_takes_the_prepared_parts_as_they_were(project, monkeypatch):
    pptx_fonts._PARTS.clear()  # kept in memory by an earlier test: prepared and saved now
    first = build(project / "deck", project / "out").pptx.read_bytes()
    pptx_fonts._PARTS.clear()  # as a new process: only the disk cache is left

    def refuse(*_args: object) -> None:
        raise AssertionError("the face was prepared again")

    monkeypatch.setattr(pptx_fonts, "_prepare", refuse)
    second = build(project / "deck", project / "out").pptx.read_bytes()
    assert second == first


def test_the_eot_header_describes_the_face():
    root = ROOT / "assets" / "fonts"
    data = (root / "BIZUDPGothic-Bold.ttf").read_bytes()
    header = pptx_fonts.eot_header(data)
    size, font_size, version, flags = struct.unpack_from("<IIII", header, 0)
    assert (size, font_size) == (len(header) + len(data), len(data))
    assert (version, flags) == (0x00020002, 0)  # as LibreOffice writes it: not compressed
    weight, fs_type, magic = struct.unpack_from("<IHH", header, 28)
    assert (weight, fs_type, magic) == (700, 0, 0x504C)
    at = 82  # after the fixed fields: padding, then the family name's size and UTF-16LE text
    (length,) = struct.unpack_from("<H", header, at)
    assert header[at + 2 : at + 2 + length].decode("utf-16-le") == "BIZ UDPGothic"
