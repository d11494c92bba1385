"""The layout stage: scenes, fit and overflow."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckbuilder.cli import main
from deckbuilder.commands.build import compile_deck
from deckbuilder.errors import SourceError
from deckbuilder.scene import ChartBox, Rect, TextBox
from helpers import ROOT

PARA = (
    "デジタル庁は、誰一人取り残されることなく、多様な幸せが実現できる社会を目指し、"
    "国や地方自治体、民間事業者など関係者の方々と連携して、社会全体のデジタル化を推進する"
    "取組を牽引していきます。"
)


def write_text_slide(project: Path, paragraph: str) -> Path:
    slide = project / "deck" / "slides" / "02-kpis.yaml"
    slide.write_text(
        "layout: content\n"
        "breadcrumb: １. はじめに｜活動報告とは\n"
        "title: 国民や関係者の皆様に社会のデジタル化の現在地を共有\n"
        "panels:\n"
        "  - style: plain\n"
        "    blocks:\n"
        f"      - text: {paragraph}\n",
        encoding="utf-8",
    )
    return slide


def test_scene_boxes_hold_broken_lines_inside_the_slide(project: Path):
    c = compile_deck(project / "deck")
    scene = c.scenes[1]
    boxes = [e for e in scene.elements if isinstance(e, TextBox)]
    assert boxes[0].role == "breadcrumb"
    for box in boxes:
        assert 0 <= box.x and box.x + box.w <= scene.width + 0.01
        assert 0 <= box.y and box.y + box.h <= scene.height + 0.01
        for line in box.lines:
            assert line.width <= box.w + 0.01, (line.text, line.width, box.w)
    charts = [e for e in scene.elements if isinstance(e, ChartBox)]
    assert [c.kind for c in charts] == ["before_after"]


def test_long_paragraph_fits_then_overflows_when_tripled(project: Path, capsys):
    write_text_slide(project, PARA * 8)
    compile_deck(project / "deck")  # fits
    slide = write_text_slide(project, PARA * 24)
    with pytest.raises(SourceError) as exc:
        compile_deck(project / "deck")
    (diag,) = exc.value.diagnostics
    assert diag.code == "overflow" and diag.slide == 2
    assert diag.where.file.endswith("deck/slides/02-kpis.yaml") and diag.where.line == 4
    out = project / "out"
    assert main(["build", str(project / "deck"), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert f"{diag.where.file}:4:1: error: slide 2, slot body overflows by" in err
    assert not out.exists() or not (out / "report.pdf").exists()
    assert slide.exists()


def test_allow_overflow_downgrades_to_warning(project: Path, capsys):
    write_text_slide(project, PARA * 24)
    out = project / "out"
    assert main(["build", str(project / "deck"), "-o", str(out), "--allow-overflow", "-q"]) == 0
    assert "warning: slide 2, slot body overflows" in capsys.readouterr().err
    assert (out / "report.pdf").exists()


def test_missing_glyph_is_an_error_naming_slide_and_character(project: Path):
    write_text_slide(project, "絵文字は使えません🙂")
    with pytest.raises(SourceError) as exc:
        compile_deck(project / "deck")
    msg = str(exc.value)
    assert "slide 2" in msg and "U+1F642" in msg


def test_unknown_layout_suggests(project: Path):
    slide = project / "deck" / "slides" / "03-closing.yaml"
    slide.write_text(
        slide.read_text(encoding="utf-8").replace("closing", "closng", 1), encoding="utf-8"
    )
    with pytest.raises(SourceError) as exc:
        compile_deck(project / "deck")
    assert "unknown layout 'closng' (did you mean 'closing'?)" in str(exc.value)
    assert "03-closing.yaml:1:" in str(exc.value)


def test_sparse_slides_set_their_content_larger_to_fill_the_page():
    """Slides on content-large (23, 24, 29, 31, 36) zoom their panels, text and spacing
    together, as far as the page allows, instead of floating small in an empty band."""
    from deckbuilder.scene import Group

    c = compile_deck(ROOT / "deck")
    sparse = [s for s in c.scenes if s.layout == "content-large"]
    assert [s.number for s in sparse] == [23, 24, 29, 31, 36]
    body_size = c.layout_set.style("body-large").size
    for scene in sparse:
        panels = [n for n in scene.root if isinstance(n, Group) and n.kind == "panel"]
        bottom = max(n.bounds[1] + n.bounds[3] for n in panels)
        assert bottom > 0.6 * scene.height, (scene.number, bottom)
        sizes = [
            r.size
            for n in panels
            for e in n.leaves()
            if isinstance(e, TextBox)
            for ln in e.lines
            for r in ln.runs
        ]
        assert max(sizes) > body_size, scene.number  # larger than the layout's own body text


def test_alike_panels_in_a_row_line_up(project: Path):
    """Three panels with the same blocks (cards, a list, tags) where one card's text wraps: the
    cards share the tallest's height, and each list and each tag row starts at one height."""
    slide = project / "deck" / "slides" / "02-kpis.yaml"
    panel = (
        "  - style: plain\n    blocks:\n      - items:\n          - {{title: {t}, text: {x}}}\n"
        "      - bullets: [{b}]\n      - tags: [データ, 活用]\n"
    )
    slide.write_text(
        "layout: content\ntitle: 三つの力\ncolumns: 3\npanels:\n"
        + panel.format(t="創る力", x="利用者視点による関係者と共創" * 2, b="利用者視点の徹底")
        + panel.format(t="変わる力", x="変革力の確保", b="企画・開発の変革")
        + panel.format(t="続ける力", x="中長期の政策推進", b="成果の可視化"),
        encoding="utf-8",
    )
    scene = compile_deck(project / "deck").scenes[1]
    panels = [n for n in scene.root if getattr(n, "kind", "") == "panel"]
    if not panels:  # the body may wrap its panels in a group
        panels = [n for g in scene.root for n in getattr(g, "children", ()) if n.kind == "panel"]
    assert len(panels) == 3
    cards = [[e for e in p.leaves() if isinstance(e, Rect) and e.radius] for p in panels]
    assert len({round(c[0].h, 2) for c in cards}) == 1, [c[0].h for c in cards]
    bullets = [
        [e for e in p.leaves() if isinstance(e, TextBox) and e.role == "list-body"] for p in panels
    ]
    assert len({round(b[0].y, 2) for b in bullets}) == 1, [b[0].y for b in bullets]
    tags = [
        [e for e in p.leaves() if isinstance(e, TextBox) and e.text == "データ"] for p in panels
    ]
    assert len({round(t[0].y, 2) for t in tags}) == 1, [t[0].y for t in tags]
