"""Chart text is text: labels and values are scene text boxes where matplotlib put them, the
chart pictures hold marks only, and every number on every slide can be found in both files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from conftest import ROOT
from deckbuilder.commands.build import Compiled, compile_deck
from deckbuilder.layout import charts
from deckbuilder.pictures.draw_mpl import baseline
from deckbuilder.scene import ChartBox, Group, SlideScene, TextBox
from deckbuilder.text.textfit import Typesetter
from helpers import all_shapes, slide_text

NUMBER = re.compile(r"\d+(?:[,.]\d+)*")


@pytest.fixture(scope="module")
def report() -> Compiled:
    return compile_deck(ROOT / "deck")


def chart_boxes(report: Compiled) -> list[tuple[SlideScene, ChartBox]]:
    return [(s, e) for s in report.scenes for e in s.elements if isinstance(e, ChartBox)]


def test_the_report_has_charts_of_every_kind(report: Compiled):
    kinds = {box.kind for _, box in chart_boxes(report)}
    assert kinds == {"ring", "before_after", "hbar", "parts", "reduction"}


def test_labels_sit_where_matplotlib_places_them(report: Compiled):
    """Each label's lines start and sit on the baseline where ``ax.text`` with the same anchor
    would draw them (matplotlib's own layout, on the chart's axes)."""
    fonts = report.layout_set.fonts
    ts = Typesetter(fonts)
    checked = 0
    for _, el in chart_boxes(report):
        local = ChartBox(0, 0, el.w, el.h, el.kind, el.data, el.title, el.alt, el.style)
        fig = Figure(figsize=(el.w / 72, el.h / 72), dpi=72)
        renderer = FigureCanvasAgg(fig).get_renderer()
        ax = fig.add_axes((0, 0, 1, 1))
        charts.draw(ax, local, fonts)
        labels = charts.labels(local, fonts)
        boxes = charts.label_boxes(local, ts)
        assert len(labels) == len(boxes) >= len(el.data)
        for lab, box in zip(labels, boxes, strict=True):
            face = fonts.face(lab.bold)
            prop = FontProperties(fname=str(face.path))
            text = ax.text(lab.x, lab.y, lab.text, fontproperties=prop, fontsize=lab.size)
            text.set(ha=lab.ha, va=lab.va)
            _, lines, _ = text._get_layout(renderer)
            px, py = text.get_transform().transform(text.get_unitless_position())
            assert [ln.text for ln in box.lines] == [line for line, _, _ in lines]
            for i, (_line, _wad, (x, y)) in enumerate(lines):
                assert box.line_left(i) == pytest.approx(px + x, abs=0.25), lab
                want = el.h - (py + y)  # matplotlib's baseline, y down
                assert baseline(box, i, face.ascent, face.descent) == pytest.approx(want, abs=0.25)
                checked += 1
    assert checked > 30


def test_every_chart_value_is_a_text_box_in_its_figure(report: Compiled):
    """The chart's figure group: the chart, then its labels and values as text in the
    chart's own colours and weights (values bold)."""
    figures = [(scene, fig) for scene in report.scenes for fig in _figures(scene.root)]
    assert len(figures) >= 11  # the report's charts
    for scene, fig in figures:
        chart = fig.children[0]
        assert isinstance(chart, ChartBox), scene.number
        texts = [k for k in fig.children[1:] if isinstance(k, TextBox)]
        assert len(texts) == len(fig.children) - 1
        values = [t for t in texts if t.role == "value"]
        labels = [t for t in texts if t.role == "label"]
        assert [v.text for v in values] == [printed for _, _, printed in chart.data]
        assert all(r.bold for v in values for ln in v.lines for r in ln.runs)
        if chart.kind not in ("ring", "reduction"):  # these print their label as the title
            assert [t.text for t in labels] == [label for label, _, _ in chart.data]
        x, y, w, h = chart.x, chart.y, chart.w, chart.h
        for t in texts:  # on the chart, where its marks are
            assert x - 1 <= t.x and t.x + t.w <= x + w + 1, (scene.number, t.text)
            assert y - 1 <= t.y and t.y + t.h <= y + h + 1, (scene.number, t.text)


def _figures(nodes: tuple) -> list[Group]:
    out: list[Group] = []
    for n in nodes:
        if isinstance(n, Group):
            if n.kind == "figure" and any(isinstance(k, ChartBox) for k in n.children):
                out.append(n)
            out += _figures(n.children)
    return out


def test_chart_pictures_hold_no_text(report_slides: list):
    svgs = 0
    for slide in report_slides:
        for sh in all_shapes(slide.shapes):
            if sh.shape_type != 13 or "グラフ" not in sh.name:
                continue
            blip = sh._element.find(".//{*}svgBlip")
            rid = blip.get(
                "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
            )
            svg = slide.part.related_part(rid).blob
            assert b"<path" in svg  # the marks are there
            assert b"<text" not in svg and b"font-family" not in svg, sh.name
            svgs += 1
    assert svgs == 11


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_every_number_on_every_slide_is_text_in_both_files(
    report: Compiled, report_build: Path, report_slides: list
):
    """Every number a slide prints (its text, and every value and label its charts hold) can
    be found in the PPTX slide's text and selected on the PDF page."""
    # One pdftotext for the file: it ends each page with a form feed, as it does one page.
    pdf = report_build / "report.pdf"
    pages = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    assert len(pages) == len(report.scenes) + 1 and pages[-1] == ""
    missing = []
    for scene, slide, page in zip(report.scenes, report_slides, pages[:-1], strict=True):
        printed = [e.text for e in scene.elements if isinstance(e, TextBox)]
        for _, box in [(scene, e) for e in scene.elements if isinstance(e, ChartBox)]:
            printed += [f"{label}\n{value}" for label, _, value in box.data]
        numbers = {n for t in printed for n in NUMBER.findall(t)}
        n = str(scene.number)
        # Numbers on neighbouring lines must not run together: keep the line breaks.
        for where, text in (("pptx", slide_text(slide).replace("\x0b", "\n")), ("pdf", page)):
            found = set(NUMBER.findall(text))
            missing += [f"slide {n} {where}: {num}" for num in sorted(numbers - found)]
    assert not missing, "\n".join(missing)
