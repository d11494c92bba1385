"""The OPC package the PPTX is written into: relationships and their rIds, relative targets,
content types, media stored once, the zip's order and timestamps; and a build that writes the
PPTX without importing python-pptx (the tests still read the file back with it)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from lxml import etree

from deckbuilder.powerpoint.package import CT, RT, Package, Part, relate, rels_xml

URL = "https://example.jp/search?q=1&lang=ja"


def _deck() -> tuple[Package, dict[str, Part]]:
    pkg = Package()
    pres = pkg.add("/ppt/presentation.xml", CT.PRESENTATION, b"<p/>")
    relate(pkg, pres, RT.OFFICE_DOCUMENT)
    layout = pkg.add("/ppt/slideLayouts/slideLayout2.xml", CT.SLIDE_LAYOUT, b"<l/>")
    slide = pkg.add("/ppt/slides/slide1.xml", CT.SLIDE, b"<s/>")
    relate(pres, slide, RT.SLIDE)
    png = pkg.add("/ppt/media/chart1.png", CT.PNG, b"png")
    svg = pkg.add("/ppt/media/chart1.svg", CT.SVG, b"<svg/>")
    return pkg, {"pres": pres, "layout": layout, "slide": slide, "png": png, "svg": svg}


def test_rids_in_order_and_the_same_relationship_keeps_its_rid():
    pkg, p = _deck()
    slide = p["slide"]
    assert relate(slide, p["layout"], RT.SLIDE_LAYOUT) == "rId1"
    assert relate(slide, p["png"], RT.IMAGE) == "rId2"
    assert relate(slide, URL, RT.HYPERLINK, external=True) == "rId3"
    assert relate(slide, p["svg"], RT.IMAGE) == "rId4"
    # Replayed, as a kept slide's calls are: the rIds it already has.
    assert relate(slide, p["png"], RT.IMAGE) == "rId2"
    assert relate(slide, URL, RT.HYPERLINK, external=True) == "rId3"
    rels = etree.fromstring(rels_xml(slide))
    got = [(r.get("Id"), r.get("Target"), r.get("TargetMode")) for r in rels]
    assert got == [
        ("rId1", "../slideLayouts/slideLayout2.xml", None),
        ("rId2", "../media/chart1.png", None),
        ("rId3", URL, "External"),  # the & written as &amp; and read back as &
        ("rId4", "../media/chart1.svg", None),
    ]
    package_rels = etree.fromstring(rels_xml(pkg))
    assert [r.get("Target") for r in package_rels] == ["ppt/presentation.xml"]


def test_content_types_zip_order_and_one_timestamp():
    pkg, _ = _deck()
    stamp = (2025, 9, 5, 0, 0, 0)
    data = pkg.zip_bytes(stamp)
    assert pkg.zip_bytes(stamp) == data  # same parts, same bytes
    with zipfile.ZipFile(BytesIO(data)) as z:
        names = z.namelist()
        types = etree.fromstring(z.read("[Content_Types].xml"))
        assert {i.date_time for i in z.infolist()} == {stamp}
        assert z.testzip() is None
    assert names[:4] == [
        "[Content_Types].xml",
        "_rels/.rels",
        "ppt/presentation.xml",
        "ppt/_rels/presentation.xml.rels",
    ]
    defaults = {d.get("Extension"): d.get("ContentType") for d in types if "Extension" in d.attrib}
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if "PartName" in o.attrib}
    assert defaults == {"rels": CT.RELATIONSHIPS, "xml": CT.XML, "png": CT.PNG, "svg": CT.SVG}
    assert overrides == {
        "/ppt/presentation.xml": CT.PRESENTATION,
        "/ppt/slideLayouts/slideLayout2.xml": CT.SLIDE_LAYOUT,
        "/ppt/slides/slide1.xml": CT.SLIDE,
    }


def test_identical_media_are_stored_once():
    pkg = Package()
    a = pkg.media("/ppt/media/image", "png", CT.PNG, b"one")
    b = pkg.media("/ppt/media/image", "jpg", CT.JPEG, b"two")
    assert pkg.media("/ppt/media/image", "png", CT.PNG, b"one") is a
    assert (a.name, b.name) == ("/ppt/media/image1.png", "/ppt/media/image2.jpg")
    assert pkg.media("/ppt/media/image", "svg", CT.SVG, b"one").name == "/ppt/media/image3.svg"


def test_a_part_never_written_or_not_in_the_package_is_refused():
    pkg, p = _deck()
    relate(p["slide"], p["layout"], RT.SLIDE_LAYOUT)
    pkg.add("/ppt/slides/slide2.xml", CT.SLIDE)
    with pytest.raises(ValueError, match="slide2.xml was never written"):
        pkg.zip_bytes((2025, 1, 1, 0, 0, 0))
    other, q = _deck()
    relate(q["slide"], "/ppt/slideLayouts/slideLayout9.xml", RT.SLIDE_LAYOUT)
    with pytest.raises(ValueError, match="slideLayout9.xml, not in the package"):
        other.zip_bytes((2025, 1, 1, 0, 0, 0))
    with pytest.raises(ValueError, match="already in the package"):
        other.add("/ppt/slides/slide1.xml", CT.SLIDE)


def test_types_are_the_standards_as_python_pptx_names_them():
    from pptx.opc.constants import CONTENT_TYPE as PCT
    from pptx.opc.constants import RELATIONSHIP_TYPE as PRT

    ours = {k: v for k, v in vars(RT).items() if k.isupper()}
    assert ours == {k: getattr(PRT, k) for k in ours}
    theirs = {
        "PRESENTATION": PCT.PML_PRESENTATION_MAIN,
        "SLIDE_MASTER": PCT.PML_SLIDE_MASTER,
        "SLIDE_LAYOUT": PCT.PML_SLIDE_LAYOUT,
        "SLIDE": PCT.PML_SLIDE,
        "NOTES_MASTER": PCT.PML_NOTES_MASTER,
        "NOTES_SLIDE": PCT.PML_NOTES_SLIDE,
        "PRES_PROPS": PCT.PML_PRES_PROPS,
        "VIEW_PROPS": PCT.PML_VIEW_PROPS,
        "TABLE_STYLES": PCT.PML_TABLE_STYLES,
        "THEME": PCT.OFC_THEME,
        "CORE_PROPERTIES": PCT.OPC_CORE_PROPERTIES,
        "EXTENDED_PROPERTIES": PCT.OFC_EXTENDED_PROPERTIES,
        "RELATIONSHIPS": PCT.OPC_RELATIONSHIPS,
        "XML": PCT.XML,
        "PNG": PCT.PNG,
        "JPEG": PCT.JPEG,
        "SVG": "image/svg+xml",
        "FONT_DATA": PCT.X_FONTDATA,
    }
    assert {k: v for k, v in vars(CT).items() if k.isupper()} == theirs


def test_a_build_imports_only_what_it_needs(project: Path, tmp_path: Path):
    """python-pptx only reads files back (tests); matplotlib draws in the worker; Pillow is for
    decks with raster pictures; xml.sax.saxutils would bring urllib.request (16 ms a start)."""
    code = (
        "import sys\nfrom pathlib import Path\nfrom deckbuilder.commands.build import build\n"
        f"build(Path({str(project / 'deck')!r}), Path({str(tmp_path / 'out')!r}))\n"
        "print(sorted(m for m in ('pptx', 'matplotlib', 'PIL', 'urllib.request') "
        "if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
    assert zipfile.is_zipfile(tmp_path / "out" / "report.pptx")
