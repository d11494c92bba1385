"""Shapes every viewer draws: presets where one exists, no negative insets, alt text once.

Reads the built report back as XML, part by part (slides, layouts, master), as a viewer would.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from deckbuilder.commands.build import compile_deck
from deckbuilder.scene import Ellipse, Group, Node, TextBox
from helpers import ROOT, report_slide

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}


@pytest.fixture(scope="module")
def parts(report_build: Path) -> dict[str, etree._Element]:
    """Every slide, layout and master part of the report, by name."""
    with zipfile.ZipFile(report_build / "report.pptx") as z:
        return {
            n: etree.fromstring(z.read(n))
            for n in z.namelist()
            if re.match(r"ppt/(slides|slideLayouts|slideMasters)/\w+\d+\.xml$", n)
        }


def _slide(parts: dict[str, etree._Element], n: int) -> etree._Element:
    return parts[f"ppt/slides/slide{n}.xml"]


def _badges(nodes: tuple[Node, ...]) -> int:
    """Numbered dots in the scene: an ellipse that a number follows."""
    count = 0
    for node in nodes:
        if isinstance(node, Group):
            kids = node.children
            count += sum(
                1
                for a, b in zip(kids, kids[1:], strict=False)
                if isinstance(a, Ellipse) and isinstance(b, TextBox) and b.text.strip().isdigit()
            )
            count += _badges(kids)
    return count


def test_no_negative_insets_anywhere(parts):
    for name, root in parts.items():
        for body in root.iterfind(".//a:bodyPr", NS):
            for side in ("lIns", "tIns", "rIns", "bIns"):
                assert int(body.get(side, "0")) >= 0, (name, side, body.get(side))


def test_no_freeforms_where_a_preset_exists(parts):
    """The report's ellipses, chevrons, arrow heads are all presets: no custGeom at all."""
    for name, root in parts.items():
        assert not root.xpath(".//a:custGeom", namespaces=NS), name
    presets = {
        prst: sum(
            len(r.xpath(f".//a:prstGeom[@prst='{prst}']", namespaces=NS)) for r in parts.values()
        )
        for prst in ("ellipse", "chevron", "homePlate", "triangle")
    }
    assert all(presets.values()), presets


@pytest.mark.parametrize("name", ["08-changes-overview", "23-challenges"])
def test_numbered_badges_are_preset_ellipses_under_their_digits(parts, name: str):
    number = report_slide(name)
    scene = compile_deck(ROOT / "deck").scenes[number - 1]
    want = _badges(scene.root)
    root = _slide(parts, number)
    dots = root.xpath(".//p:sp[p:spPr/a:prstGeom/@prst='ellipse']", namespaces=NS)
    assert len(dots) == want >= 8
    for dot in dots:
        assert dot.find("p:txBody", NS) is None  # the preset's text square is too small
        group = dot.getparent()
        digits = [
            "".join(sp.itertext())
            for sp in group.iterfind("p:sp", NS)
            if sp is not dot and sp.find("p:txBody", NS) is not None
        ]
        assert len(digits) == 1 and re.fullmatch(r"[0-9０-９]+", digits[0].strip()), digits


def test_flow_steps_are_chevrons_after_a_home_plate(parts):
    root = _slide(parts, report_slide("37-ai-data-org"))
    shapes = root.xpath(".//a:prstGeom/@prst", namespaces=NS)
    steps = [s for s in shapes if s in ("homePlate", "chevron")]
    assert steps and steps[0] == "homePlate" and "chevron" in steps
    # Each step holds its own text, inside the preset's text rectangle.
    for sp in root.xpath(".//p:sp[p:spPr/a:prstGeom/@prst='chevron']", namespaces=NS):
        assert "".join(sp.itertext()).strip()


def test_compare_arrow_is_a_turned_triangle(parts):
    root = _slide(parts, report_slide("09-life-online"))
    (sp,) = root.xpath(".//p:sp[p:spPr/a:prstGeom/@prst='triangle']", namespaces=NS)
    xfrm = sp.find("p:spPr/a:xfrm", NS)
    assert xfrm.get("rot") == "5400000"  # pointing right, from the first panel to the second


def test_alt_text_once_per_object(parts):
    checked = 0
    for name, root in parts.items():
        for group in root.iterfind(".//p:grpSp", NS):
            own = group.find("p:nvGrpSpPr/p:cNvPr", NS).get("descr")
            inner = [
                el.get("descr")
                for el in group.iterfind(".//p:cNvPr", NS)
                if el.get("descr") and el.getparent().getparent() is not group
            ]
            if inner:
                checked += 1
            assert not own or own not in inner, (name, own)
    assert checked >= 20  # the charts and pictures keep theirs


def test_valid_for_every_office_version(report_validation: dict):
    assert report_validation
    for version, result in report_validation.items():
        assert result.is_valid and not result.errors, (version, [str(e) for e in result.errors[:5]])
