"""Any font a Japanese office has: a face of a collection (.ttc, by index or name), CFF OpenType
(.otf, and Debian's Noto Sans CJK collections). The PDF embeds each as the subset PDF defines
for it (CIDFontType0 / FontFile3 for CFF, CIDFontType2 for TrueType), never Type 3, its text
extracted exactly; measuring and the PPTX theme follow the face; the PPTX carries what it can."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest

from deckbuilder.commands.build import build, compile_deck
from deckbuilder.errors import SourceError
from deckbuilder.scene import TextBox
from deckbuilder.text import font_subset

NOTO = Path("/usr/share/fonts/opentype/noto")
NOTO_REGULAR, NOTO_BOLD = NOTO / "NotoSansCJK-Regular.ttc", NOTO / "NotoSansCJK-Bold.ttc"
needs_noto = pytest.mark.skipif(
    not (NOTO_REGULAR.is_file() and NOTO_BOLD.is_file()),
    reason="Debian's fonts-noto-cjk is not installed",
)


def font_set(project: Path, name: str, regular: str, bold: str) -> str:
    """A copy of the ministry set under ``name`` whose faces are ``regular`` and ``bold``
    (YAML values as written in tokens.yaml)."""
    folder = project / "layouts" / name
    shutil.copytree(project / "layouts" / "ministry", folder)
    tokens = folder / "tokens.yaml"
    text = tokens.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  regular: .*$", f"  regular: {regular}", text)
    text = re.sub(r"(?m)^  bold: .*$", f"  bold: {bold}", text)
    tokens.write_text(text.replace("name: ministry", f"name: {name}"), encoding="utf-8")
    return name


def pdf_font_programs(pdf_path: Path) -> list[tuple[str, str, str]]:
    """(CIDFont subtype, font file key, FontFile3 subtype) of every font of the PDF."""
    out = []
    with pikepdf.open(pdf_path) as pdf:
        seen = set()
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
                assert font.Subtype == "/Type0", font.Subtype  # never Type 3
                cid = font.DescendantFonts[0]
                desc = cid.FontDescriptor
                key = next(k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc)
                sub = str(desc[key].get("/Subtype", ""))
                out.append((str(cid.Subtype), key, sub))
    return sorted(out)


def assert_text_extracts_exactly(compiled, pdf_path: Path) -> None:
    """Each page's extracted text holds exactly the scene's characters (spaces aside)."""
    pages = subprocess.run(
        ["pdftotext", "-raw", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert compiled.scenes and pages[-1] == ""  # pdftotext ends every page with a form feed
    for scene, page in zip(compiled.scenes, pages[:-1], strict=True):
        shown = "".join(
            line.text for el in scene.elements if isinstance(el, TextBox) for line in el.lines
        )
        assert sorted("".join(page.split())) == sorted("".join(shown.split())), scene.number


@needs_noto
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing")
def test_noto_sans_cjk_from_debian_collections_and_an_otf(project: Path, tmp_path: Path):
    # The regular face as a CFF .otf of its own (taken out of the collection), the bold one
    # picked out of Debian's .ttc by its name.
    data = NOTO_REGULAR.read_bytes()
    otf = project / "assets" / "fonts" / "NotoSansCJKjp-Regular.otf"
    otf.write_bytes(font_subset.extract(data, font_subset.collection(data)[0]))
    name = font_set(
        project,
        "noto",
        "assets/fonts/NotoSansCJKjp-Regular.otf",
        f"{{file: {NOTO_BOLD}, face: Noto Sans CJK JP Bold}}",
    )
    result = build(project / "deck", project / "out", layouts=name)
    layout_set = result.compiled.layout_set
    assert layout_set.fonts.family == "Noto Sans CJK JP"
    assert layout_set.fonts.bold.family == "Noto Sans CJK JP"
    # Measuring follows the face: every line's width is the sum of Noto's advances.
    for scene in result.compiled.scenes:
        for el in scene.elements:
            if isinstance(el, TextBox):
                for line in el.lines:
                    f = layout_set.fonts
                    width = sum(f.face(r.bold).width(r.text, r.size, r.spacing) for r in line.runs)
                    assert abs(width - line.width) < 0.01
    # The PDF: CFF as CIDFontType0 with the bare CFF program (FontFile3 /CIDFontType0C).
    assert pdf_font_programs(result.pdf) == [("/CIDFontType0", "/FontFile3", "/CIDFontType0C")] * 2
    assert_text_extracts_exactly(result.compiled, result.pdf)
    with pikepdf.open(result.pdf) as pdf:  # subsets: 15 MB of CFF cut to what the deck shows
        for font in pdf.pages[0].Resources.Font.values():
            program = font.DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()
            assert len(program) < 600_000, len(program)
    fonts = subprocess.run(["pdffonts", str(result.pdf)], capture_output=True, text=True).stdout
    assert fonts.count("CID Type 0C") == 2 and "Type 3" not in fonts
    # The PPTX names the face; PowerPoint embeds TrueType only, so it is not embedded: a warning.
    with zipfile.ZipFile(result.pptx) as z:
        assert 'typeface="Noto Sans CJK JP"' in z.read("ppt/theme/theme1.xml").decode()
        assert "embeddedFontLst" not in z.read("ppt/presentation.xml").decode()
        assert not [n for n in z.namelist() if n.endswith(".fntdata")]
    warned = [str(w) for w in result.warnings if w.code == "font"]
    assert len(warned) == 2 and all("CFF outlines" in w for w in warned), warned


def ttc(*fonts: bytes) -> bytes:
    """A TrueType collection holding ``fonts`` (each's tables copied, offsets from the file's
    start)."""
    head = 12 + 4 * len(fonts)
    dirs = [12 + 16 * struct.unpack_from(">H", f, 4)[0] for f in fonts]
    body_at = head + sum(dirs)
    directories, body = b"", b""
    for font, size in zip(fonts, dirs, strict=True):
        t = font_subset.tables(font)
        entries = b""
        for tag in sorted(t):
            entries += struct.pack(">4sIII", tag.encode(), 0, body_at + len(body), len(t[tag]))
            body += t[tag] + b"\0" * (-len(t[tag]) % 4)
        directories += font[:12] + entries
        assert len(font[:12] + entries) == size
    offsets, at = [], head
    for size in dirs:
        offsets.append(at)
        at += size
    header = (
        b"ttcf" + struct.pack(">HHI", 1, 0, len(fonts)) + struct.pack(f">{len(fonts)}I", *offsets)
    )
    return header + directories + body


@pytest.mark.skipif(shutil.which("eot2ttf") is None, reason="eot2ttf (Debian eot-utils) missing")
def test_a_truetype_collection_by_index_and_by_name(project: Path, tmp_path: Path):
    from fontTools.ttLib import TTFont

    fonts = project / "assets" / "fonts"
    regular = (fonts / "BIZUDPGothic-Regular.ttf").read_bytes()
    bold = (fonts / "BIZUDPGothic-Bold.ttf").read_bytes()
    (fonts / "BIZUDPGothic.ttc").write_bytes(ttc(regular, bold))
    name = font_set(
        project,
        "collection",
        "{file: assets/fonts/BIZUDPGothic.ttc, face: 0}",
        "{file: assets/fonts/BIZUDPGothic.ttc, face: BIZ UDPGothic Bold}",
    )
    result = build(project / "deck", project / "out", layouts=name)
    assert result.compiled.layout_set.fonts.bold.bold
    assert pdf_font_programs(result.pdf) == [("/CIDFontType2", "/FontFile2", "")] * 2
    assert_text_extracts_exactly(result.compiled, result.pdf)
    # The PPTX carries both faces, each a font of its own once unwrapped.
    with zipfile.ZipFile(result.pptx) as z:
        parts = sorted(n for n in z.namelist() if n.endswith(".fntdata"))
        assert len(parts) == 2
        for part, original in zip(parts, (regular, bold), strict=True):
            (tmp_path / "f.fntdata").write_bytes(z.read(part))
            subprocess.run(
                ["eot2ttf", str(tmp_path / "f.fntdata"), str(tmp_path / "f.ttf")], check=True
            )
            face = TTFont(str(tmp_path / "f.ttf"))
            assert face.getBestCmap() == TTFont(__import__("io").BytesIO(original)).getBestCmap()
    assert not [w for w in result.warnings if w.code == "font"]


def test_a_face_not_in_the_collection_is_named_with_the_faces_it_has(project: Path):
    fonts = project / "assets" / "fonts"
    regular = (fonts / "BIZUDPGothic-Regular.ttf").read_bytes()
    (fonts / "one.ttc").write_bytes(ttc(regular))
    name = font_set(
        project,
        "wrong",
        "{file: assets/fonts/one.ttc, face: Meiryo}",
        "{file: assets/fonts/one.ttc, face: 3}",
    )
    with pytest.raises(SourceError) as err:
        compile_deck(project / "deck", name)
    text = str(err.value)
    assert "layouts/wrong/tokens.yaml:" in text
    assert "no face named 'Meiryo'" in text and "0: BIZ UDPGothic" in text


@needs_noto
def test_svg_text_in_a_cff_face_is_an_error_at_the_picture(tmp_path: Path):
    from picturekit import picture_project

    proj = picture_project(tmp_path / "p")
    name = font_set(
        proj, "noto", f"{{file: {NOTO_REGULAR}, face: 0}}", f"{{file: {NOTO_BOLD}, face: 0}}"
    )
    with pytest.raises(SourceError) as err:
        compile_deck(proj / "deck", name)
    text = str(err.value)
    assert (
        "deck/deck.yaml:7:1: error: the text of logo.svg cannot be set in Noto Sans CJK JP" in text
    )
