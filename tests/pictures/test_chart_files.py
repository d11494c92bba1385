"""The build's charts asked for from two threads (the PDF is finished on one while the PPTX is
written on the other): each drawing is waited for once and drawn once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future

import pytest

from deckbuilder.pictures import chart_files
from deckbuilder.pictures.chart_files import ChartFiles, Charts, chart_key
from deckbuilder.scene import ChartBox


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
