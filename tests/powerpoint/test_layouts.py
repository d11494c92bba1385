"""The PPTX's layouts carry the deck's look: a slide a designer adds looks like the deck's.

Reads the master and layouts back as XML; adds a slide with each layout through python-pptx, as a
designer would with New Slide, and has LibreOffice draw it beside the deck's own slide of that
layout (skipped where LibreOffice is missing).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageChops, ImageStat
from pptx import Presentation

from deckbuilder.commands.build import compile_deck
from deckbuilder.powerpoint import markup as x
from deckbuilder.powerpoint import master as pptx_master
from deckbuilder.powerpoint.markup import ADEC_NS
from deckbuilder.scene import TextBox
from helpers import ROOT, SOFFICE, lo_convert

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
EMU = 12700  # per pt


def _layouts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        parts = [z.read(n) for n in z.namelist() if re.match(r"ppt/slideLayouts/\w+\.xml$", n)]
    roots = [etree.fromstring(p) for p in parts]
    return {r.find("p:cSld", NS).get("name"): r for r in roots}


def _master(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("ppt/slideMasters/slideMaster1.xml"))


def _box(sp: etree._Element) -> tuple[int, int, int, int]:
    off, ext = sp.find("p:spPr/a:xfrm/a:off", NS), sp.find("p:spPr/a:xfrm/a:ext", NS)
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


def _placeholders(root: etree._Element) -> dict[str, tuple[int, int, int, int]]:
    out = {}
    for sp in root.iterfind(".//p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None:
            out[sp.find("p:nvSpPr/p:cNvPr", NS).get("name")] = _box(sp)
    return out


@pytest.mark.parametrize("layouts", ["ministry", "ministry-print"])
def test_no_two_placeholders_of_a_layout_overlap(layouts):
    layout_set = compile_deck(ROOT / "deck", layouts=layouts).layout_set
    colors = pptx_master.slide_colors(layout_set)
    parts = {
        lay.name: pptx_master.layout_xml(lay, layout_set, colors)
        for lay in layout_set.layouts.values()
    }
    parts["(master)"] = pptx_master.master_xml(layout_set, colors, [], layout_set.fonts.family)
    for name, xml in parts.items():
        boxes = _placeholders(etree.fromstring(x.document(xml)))
        assert "Title" in boxes, name
        names = sorted(boxes)
        for i, a in enumerate(names):
            ax, ay, aw, ah = boxes[a]
            for b in names[i + 1 :]:
                bx, by, bw, bh = boxes[b]
                apart = ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay
                assert apart, (name, a, boxes[a], b, boxes[b])


def test_master_text_styles_define_levels_one_to_five(report_build: Path):
    master = _master(report_build / "report.pptx")
    for style in ("bodyStyle", "otherStyle"):
        levels = [master.find(f"p:txStyles/p:{style}/a:lvl{n}pPr", NS) for n in range(1, 6)]
        assert all(lv is not None for lv in levels), style
        sizes = [int(lv.find("a:defRPr", NS).get("sz")) for lv in levels]
        margins = [int(lv.get("marL", "0")) for lv in levels]
        assert sizes == sorted(sizes, reverse=True) and sizes[-1] >= 1000, (style, sizes)
        assert all(a < b for a, b in zip(margins, margins[1:], strict=False)), (style, margins)
        bulleted = [lv.find("a:buChar", NS) is not None for lv in levels]
        # Body text is a list at every level; other text (a text box) from level 2.
        assert bulleted == ([True] * 5 if style == "bodyStyle" else [False] + [True] * 4), style
        for lv in levels[1:]:
            assert int(lv.get("indent")) < 0  # the bullet hangs


def test_layouts_draw_the_title_bar_and_slides_do_not_repeat_it(report_build: Path):
    path = report_build / "report.pptx"
    layouts = _layouts(path)
    compiled = compile_deck(ROOT / "deck")
    for lay in compiled.layout_set.layouts.values():
        bar = pptx_master.title_chrome(lay, compiled.layout_set)
        accents = layouts[lay.name].xpath(".//p:cNvPr[starts-with(@name, 'Accent')]", namespaces=NS)
        assert len(accents) == len(lay.shapes) + (bar is not None), lay.name
    with zipfile.ZipFile(path) as z:
        own = 0
        for scene in compiled.scenes:
            root = etree.fromstring(z.read(f"ppt/slides/slide{scene.number}.xml"))
            bars = root.xpath(
                ".//p:sp[p:spPr/a:prstGeom/@prst='rect'][.//adec:decorative]",
                namespaces={**NS, "adec": ADEC_NS},
            )
            if root.get("showMasterSp") == "0":
                own += 1  # a title under a kicker: the slide draws its own chrome
                assert bars
            else:
                bar = pptx_master.title_chrome(
                    compiled.layout_set.layouts[scene.layout], compiled.layout_set
                )
                if bar is not None:
                    box = (x.emu(bar.x), x.emu(bar.y), x.emu(bar.w), x.emu(bar.h))
                    assert box not in [_box(b) for b in bars], scene.number
        assert own <= 2


def test_slides_put_title_and_breadcrumb_where_their_layout_does(report_build: Path):
    path = report_build / "report.pptx"
    layouts = _layouts(path)
    compiled = compile_deck(ROOT / "deck")
    checked = 0
    with zipfile.ZipFile(path) as z:
        for scene in compiled.scenes:
            root = etree.fromstring(z.read(f"ppt/slides/slide{scene.number}.xml"))
            # A section slide's title holds its number too (one heading), from the number's
            # line; the cover's title is centred in its slot.
            kind = compiled.layout_set.layouts[scene.layout].kind
            if root.get("showMasterSp") == "0" or kind in ("cover", "section"):
                continue
            mine, theirs = _by_slot(root), _by_slot(layouts[scene.layout])
            for slot in (("title", ""), ("body", "13")):  # the title, the breadcrumb
                if slot in mine and slot in theirs:
                    assert mine[slot][:2] == theirs[slot][:2], (scene.number, slot)
                    checked += 1
    assert checked >= 60
    # The breadcrumb is the layout's placeholder, filled.
    xml = zipfile.ZipFile(path).read("ppt/slides/slide9.xml").decode()
    assert re.search(r'name="２[^"]*生活の変化１".*?<p:ph type="body" sz="quarter" idx="13"/>', xml)


def _by_slot(root: etree._Element) -> dict[tuple[str, str], tuple[int, int, int, int]]:
    """Placeholders by (type, idx): slides name theirs by what they show, layouts by role."""
    out = {}
    for sp in root.iterfind(".//p:sp", NS):
        ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if ph is not None:
            out[(ph.get("type", "body"), ph.get("idx", ""))] = _box(sp)
    return out


# --- a slide added with each layout, drawn by LibreOffice ---------------------------------------


def _one_line_title_slide(compiled, layout: str):
    for scene in compiled.scenes:
        titles = [e for e in scene.elements if isinstance(e, TextBox) and e.role == "title"]
        if scene.layout == layout and len(titles) == 1 and len(titles[0].lines) == 1:
            return scene, titles[0]
    return None, None


def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float]]:
    """Each word LibreOffice drew on ``page``: text, left, top, height (pt)."""
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pattern = r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<'
    return [
        (w, float(x0), float(y0), float(y1) - float(y0))
        for x0, y0, y1, w in re.findall(pattern, out)
    ]


def _add_slides(prs, compiled) -> list[tuple[int, object, TextBox]]:
    """One slide per layout, as New Slide makes it, with the title (and breadcrumb) of the
    deck's first slide of that layout whose title is one line typed in."""
    by_name = {lay.name: lay for lay in prs.slide_layouts}
    added = []
    for name in compiled.layout_set.layouts:
        scene, title = _one_line_title_slide(compiled, name)
        if scene is None:
            continue
        layout = by_name[name]
        slide = prs.slides.add_slide(layout)
        slide.shapes.title.text = title.lines[0].text
        crumb = next((e for e in scene.elements if getattr(e, "slot", "") == "breadcrumb"), None)
        idx = [p.placeholder_format.idx for p in layout.placeholders if p.name == "Breadcrumb"]
        if crumb is not None and idx:
            slide.placeholders[idx[0]].text = crumb.lines[0].text
        added.append((len(prs.slides), scene, title))
    return added


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_a_slide_added_with_each_layout_looks_like_the_decks(report_build: Path, tmp_path: Path):
    """python-pptx adds one slide per layout (only its title and breadcrumb typed in);
    LibreOffice draws it as it draws the deck's slide of that layout: the same words at the same
    place and size (within the 2 pt of the line-agreement test), the same bars."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler) not installed")
    compiled = compile_deck(ROOT / "deck")
    prs = Presentation(str(report_build / "report.pptx"))
    added = _add_slides(prs, compiled)
    assert len(added) >= 7  # every layout but content-text (whose one slide has two lines)
    pptx = tmp_path / "added.pptx"
    prs.save(str(pptx))
    pdf = lo_convert(pptx, tmp_path / "lo")
    subprocess.run(["pdftoppm", "-r", "36", "-png", str(pdf), str(tmp_path / "p")], check=True)
    pngs = sorted(tmp_path.glob("p-*.png"))
    problems = []
    for page, scene, title in added:
        theirs = _words(pdf, scene.number)
        mine = _words(pdf, page)
        assert mine, scene.layout
        for word, x0, y0, h in mine:
            # LibreOffice sets a new slide's first line higher by up to a tenth of its height:
            # its empty bodyPr does not take the layout's autofit (PowerPoint's does).
            near = [
                (x, y, hh)
                for w, x, y, hh in theirs
                if w == word and abs(x - x0) <= 1 and abs(y - y0) <= max(2.0, 0.1 * h)
            ]
            if not near:
                problems.append((scene.layout, word, (x0, y0), [t for t in theirs if t[0] == word]))
            elif abs(h - near[0][2]) > 0.5:
                problems.append((scene.layout, word, "size", h, near[0][2]))
        # The chrome: the top rows and everything left of the title (its key bar).
        new = Image.open(pngs[page - 1]).convert("RGB")
        old = Image.open(pngs[scene.number - 1]).convert("RGB")
        k = new.width / scene.width
        for band in (
            (0, 0, new.width, round(title.y * k * 0.4)),
            (0, 0, max(1, round((title.x - 2) * k)), round((title.y + title.line_height) * k)),
        ):
            diff = ImageStat.Stat(ImageChops.difference(new.crop(band), old.crop(band))).mean
            if max(diff) >= 3.0:
                problems.append((scene.layout, band, diff))
        bar = pptx_master.title_chrome(
            compiled.layout_set.layouts[scene.layout], compiled.layout_set
        )
        if bar is not None:  # the key bar itself, drawn by the layout
            r, g, b = new.getpixel((round((bar.x + bar.w / 2) * k), round((bar.y + bar.h / 2) * k)))
            if not (b > 150 and r < 80 and g < 80):
                problems.append((scene.layout, "no key bar", (r, g, b)))
    assert not problems, problems


def test_slot_texts_fill_their_layouts_placeholders(report_build: Path):
    """Breadcrumbs, footnotes, statements, dates: each in its layout's placeholder (idx)."""
    compiled = compile_deck(ROOT / "deck")
    with zipfile.ZipFile(report_build / "report.pptx") as z:
        filled = 0
        for scene in compiled.scenes:
            slots = pptx_master.body_slots(compiled.layout_set.layouts[scene.layout])
            want = sorted(
                slots[e.slot]
                for e in scene.elements
                if isinstance(e, TextBox) and e.slot in slots and e.slot != "number"
            )  # a section's number is part of its title (one heading)
            root = etree.fromstring(z.read(f"ppt/slides/slide{scene.number}.xml"))
            got = sorted(int(i) for i in root.xpath(".//p:ph[@type='body']/@idx", namespaces=NS))
            assert got == want, scene.number
            filled += len(got)
    assert filled >= 45
