"""Charts: asked for from two threads (the PDF is finished on one while the PPTX is written on
the other), each drawing is waited for once and drawn once; drawn on one shared sheet, each is
the same bytes as on a new Figure."""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import Future

import pytest

from deckbuilder.commands.build import compile_deck
from deckbuilder.layout import charts
from deckbuilder.pictures import chart_files
from deckbuilder.pictures.chart_files import ChartFiles, Charts, chart_key
from deckbuilder.scene import ChartBox
from deckbuilder.text.fonts import FontSet
from helpers import ROOT


def test_a_chart_asked_for_on_two_threads_is_the_workers_one_drawing(
    monkeypatch: pytest.MonkeyPatch,
):
    def drawn_here(*_args: object) -> ChartFiles:
        raise AssertionError("drawn again in this process")

    monkeypatch.setattr(chart_files, "draw_chart", drawn_here)
    box = ChartBox(0, 0, 200, 100, "bar", (("a", 1.0, "1"),), "t", "alt")
    charts = Charts([], None, None, None)  # type: ignore[arg-type]  (no fonts: nothing drawn)
    drawing: Future[ChartFiles] = Future()
    charts.pending[chart_key(box)] = drawing
    got: list[ChartFiles] = []
    threads = [threading.Thread(target=lambda: got.append(charts.get(box))) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.05)  # both are waiting now
    files = ChartFiles(b"%PDF", b"<svg/>", b"\x89PNG")
    drawing.set_result(files)
    for t in threads:
        t.join(5)
    assert got == [files, files]


def _fresh(box: ChartBox, fonts: FontSet) -> ChartFiles:
    """The chart on a new Figure and Axes, as it was drawn before the sheet was shared."""
    chart_files._SHEETS.clear()
    try:
        return chart_files.draw_chart(box, fonts)
    finally:
        chart_files._SHEETS.clear()


def test_every_chart_kind_on_the_shared_sheet_is_the_same_bytes_in_any_order():
    compiled = compile_deck(ROOT / "deck", None, False, lambda *_a, **_k: None, lambda *_a: None)
    fonts = compiled.layout_set.fonts
    boxes = [el for s in compiled.scenes for el in s.elements if isinstance(el, ChartBox)]
    assert {b.kind for b in boxes} == set(charts._KINDS)  # the report shows every kind
    alone = [_fresh(b, fonts) for b in boxes]
    for seed in (1, 2):
        order = list(range(len(boxes)))
        random.Random(seed).shuffle(order)
        shared = {i: chart_files.draw_chart(boxes[i], fonts) for i in order}
        for i, box in enumerate(boxes):
            assert shared[i] == alone[i], f"{box.kind} chart {i} drawn after another differs"
