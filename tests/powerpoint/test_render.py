"""The PPTX as PowerPoint's own file: its master, layouts and theme, its structure, its validity.

Reads the built report back with python-pptx and lxml and compares it with the scenes it was
drawn from.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from deckbuilder.commands.build import build, compile_deck
from deckbuilder.scene import Group, Node, TextBox
from helpers import ROOT, all_shapes, flat, pptx_slides

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


@pytest.fixture(scope="module")
def report(report_build: Path):
    compiled = compile_deck(ROOT / "deck")
    return compiled, pptx_slides(report_build / "report.pptx"), report_build / "report.pptx"


def _groups(nodes: tuple[Node, ...], kind: str) -> list[Group]:
    out: list[Group] = []
    for n in nodes:
        if isinstance(n, Group):
            if n.kind == kind:
                out.append(n)
            out += _groups(n.children, kind)
    return out


def test_valid_to_the_office_2016_schema(report_validation: dict):
    from openxml_audit import FileFormat

    result = report_validation[FileFormat.OFFICE_2016]
    assert result.is_valid and not result.errors, [str(e) for e in result.errors[:10]]


def test_shape_ids_unique_on_every_slide(report):
    for n, slide in enumerate(report[1], start=1):
        ids = slide._element.xpath(".//p:cNvPr/@id")
        dupes = [i for i, c in Counter(ids).items() if c > 1]
        assert not dupes, (n, dupes)


def test_content_slides_are_few_shapes_and_real_groups(report):
    compiled, slides, _ = report
    content = [slides[s.number - 1] for s in compiled.scenes if s.layout.startswith("content")]
    counts = [len(s.shapes) for s in content]
    assert sum(counts) / len(counts) <= 15, counts
    assert sum(1 for s in content for sh in s.shapes if sh.shape_type == 6) >= len(content)


def test_no_stand_alone_bullet_boxes_and_real_bullets(report):
    compiled, slides, _ = report
    for slide in slides:
        for sh in all_shapes(slide.shapes):
            if sh.has_text_frame:
                assert flat(sh.text_frame.text) not in ("・", "•"), slide
    xml = b"".join(etree.tostring(s._element) for s in slides)
    assert xml.count(b"<a:buChar") >= 50


def test_numbered_lists_use_auto_numbering():
    from deckbuilder.powerpoint.shapes import list_units
    from deckbuilder.scene import Line, Run, group

    def box(text: str, x: float, y: float) -> TextBox:
        run = Run(text, 12.0, False, "#333333")
        return TextBox(x, y, 100, 18, (Line((run,), 20.0),), 18.0, role="list-body")

    items = [group("item", [box(f"{i}.", 0, 20 * i), box("項目", 16, 20 * i)]) for i in (1, 2)]
    units = list_units(group("list", items, numbered=True), "BIZ UDPGothic")
    assert units and all('<a:buAutoNum type="arabicPeriod"/>' in u.bullet for u in units)
    assert units[0].hang == 16
    plain = list_units(group("list", items), "BIZ UDPGothic")
    assert plain is None  # "1." without a numbered list is no bullet character


def test_every_kpi_card_is_one_shape_with_label_value_and_date(report):
    compiled, slides, _ = report
    checked = 0
    for scene in compiled.scenes:
        texts = [
            flat(sh.text_frame.text)
            for sh in all_shapes(slides[scene.number - 1].shapes)
            if sh.has_text_frame
        ]
        for card in _groups(scene.root, "card"):
            boxes = [e for e in card.leaves() if isinstance(e, TextBox)]
            if not any(b.role == "value" for b in boxes):
                continue
            parts = [flat(b.text) for b in boxes if b.role in ("label", "value", "date")]
            assert any(all(p in t for p in parts) for t in texts), (scene.number, parts)
            checked += 1
    assert checked >= 30


def test_page_numbers_are_slidenum_fields(report):
    compiled, slides, _ = report
    for scene, slide in zip(compiled.scenes, slides, strict=True):
        has_page = any(isinstance(e, TextBox) and e.role == "pagination" for e in scene.elements)
        fields = slide._element.xpath(".//p:sp[.//p:ph[@type='sldNum']]//a:fld/@type")
        assert fields == (["slidenum"] if has_page else []), scene.number


def test_slides_sit_on_the_sets_layouts(report):
    compiled, slides, path = report
    names = [ly.name for ly in slides[0].part.package.presentation_part.presentation.slide_layouts]
    assert names == list(compiled.layout_set.layouts)
    for scene, slide in zip(compiled.scenes, slides, strict=True):
        assert slide.slide_layout.name == scene.layout
        # The layout's chrome is on the layout, not repeated on the slide.
        assert not slide._element.xpath(".//p:cNvPr[starts-with(@name, 'Accent')]")
    with zipfile.ZipFile(path) as z:
        pres = z.read("ppt/presentation.xml").decode()
        layouts = [n for n in z.namelist() if re.match(r"ppt/slideLayouts/slideLayout\d+\.xml$", n)]
    assert len(layouts) == len(compiled.layout_set.layouts)
    assert '<p:sldSz cx="12192000" cy="6858000"/>' in pres
    assert "<p:notesMasterIdLst>" in pres


def test_theme_colours_and_fonts_come_from_the_tokens(report):
    compiled, slides, path = report
    with zipfile.ZipFile(path) as z:
        layout_set = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    accent1 = layout_set.xpath("//a:clrScheme/a:accent1/a:srgbClr/@val", namespaces=NS)
    assert accent1 == [compiled.layout_set.colors["key"].lstrip("#").upper()]
    family = compiled.layout_set.fonts.family
    assert layout_set.xpath("//a:majorFont/a:ea/@typeface", namespaces=NS) == [family]
    xml = b"".join(etree.tostring(s._element) for s in slides)
    assert b'<a:schemeClr val="accent1"/>' in xml
    assert b'val="0017C1"' not in xml  # the key colour is always the theme's


def test_ministry_print_changes_the_master(project: Path, tmp_path: Path):
    def parts(out: Path) -> tuple[bytes, bytes]:
        build(project / "deck", out, layouts=out.name)
        with zipfile.ZipFile(out / "report.pptx") as z:
            section = next(
                z.read(n)
                for n in z.namelist()
                if n.startswith("ppt/slideLayouts/slideLayout") and b'name="section"' in z.read(n)
            )
            return z.read("ppt/theme/theme1.xml"), section

    (theme_a, section_a), (theme_b, section_b) = (
        parts(tmp_path / "ministry"),
        parts(tmp_path / "ministry-print"),
    )
    assert b'name="ministry"' in theme_a and b'name="ministry-print"' in theme_b
    assert theme_a != theme_b  # print's darker greys
    assert b'<a:schemeClr val="accent1"/></a:solidFill><a:effectLst/></p:bgPr>' in section_a
    assert b'<a:schemeClr val="bg1"/></a:solidFill><a:effectLst/></p:bgPr>' in section_b


def test_section_titles_carry_their_number(report):
    compiled, slides, _ = report
    sections = [s for s in compiled.scenes if s.layout == "section"]
    assert sections
    for scene in sections:
        title = slides[scene.number - 1].shapes.title.text_frame.text
        assert re.match(r"^\d+\.\s*\S", flat(title)), title


def test_breaks_only_where_the_line_breaker_broke_a_paragraph(report):
    compiled, slides, _ = report
    wrapped = 0
    for scene, slide in zip(compiled.scenes, slides, strict=True):
        xml = etree.tostring(slide._element).decode()
        boxes = [e for e in scene.elements if isinstance(e, TextBox)]
        breaks = sum(1 for b in boxes for ln in b.lines if not ln.starts_paragraph)
        assert xml.count("<a:br>") == breaks, scene.number
        wrapped += breaks
        for br in re.findall(r"<a:br>.*?</a:br>", xml):
            assert re.search(r"<a:rPr[^>]*sz=", br)  # each break has its line's size
    assert wrapped > 20


def test_text_bodies_cope_with_growing_text(report):
    with zipfile.ZipFile(report[2]) as z:  # the file as written (python-pptx adds as it reads)
        names = [n for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)]
        for name in names:
            root = etree.fromstring(z.read(name))
            for body in root.iterfind(".//p:txBody/a:bodyPr", NS):
                fits = [c for c in body if etree.QName(c).localname in ("normAutofit", "spAutoFit")]
                assert fits, name


def test_reading_order_title_first_footnotes_after_the_body(report):
    compiled, slides, _ = report
    checked = 0
    for scene, slide in zip(compiled.scenes, slides, strict=True):
        shapes = list(slide.shapes)
        assert shapes[0].shape_id == slide.shapes.title.shape_id
        notes = _groups(scene.root, "footnotes")
        if not notes:
            continue
        texts = [flat(sh.text_frame.text) for sh in shapes if sh.has_text_frame]
        foot = flat(next(e for e in notes[0].leaves() if isinstance(e, TextBox)).text)
        at = next(i for i, t in enumerate(texts) if foot in t)
        assert all(i <= at for i, t in enumerate(texts) if t and not t.isdigit()), scene.number
        checked += 1
    assert checked >= 5


def test_languages_links_notes_and_thumbnail(report):
    compiled, slides, path = report
    xml = b"".join(etree.tostring(s._element) for s in slides)
    assert b'lang="en-US"' in xml  # English spans (the agency's English name, URLs)
    assert b"<a:hlinkClick" in xml
    for slide in slides:
        if slide.has_notes_slide:
            langs = slide.notes_slide.notes_text_frame._txBody.xpath(".//a:rPr/@lang")
            assert langs and set(langs) == {"ja-JP"}
    with zipfile.ZipFile(path) as z:
        thumb = Image.open(io.BytesIO(z.read("docProps/thumbnail.jpeg")))
    assert thumb.size[0] == 256 and abs(thumb.size[0] / thumb.size[1] - 16 / 9) < 0.02
    # Slide 1's top bar in the key colour, as the PDF draws it.
    r, g, b = thumb.convert("RGB").getpixel((128, 1))
    assert b > 150 and r < 60 and g < 60
