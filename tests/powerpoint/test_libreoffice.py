"""LibreOffice keeps the scene's lines: every text line of the report, on every slide.

Converts the built PPTX with ``soffice --headless --convert-to pdf`` (skipped where LibreOffice is
missing) with the vendored fonts made visible through fontconfig, then checks that each line the
layout stage computed appears whole on one line of LibreOffice's page, near the same baseline.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from deckbuilder.commands.build import compile_deck
from deckbuilder.pictures.draw_mpl import baseline
from deckbuilder.scene import TextBox
from helpers import ROOT, SOFFICE, lo_convert, page_lines

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


@pytest.fixture(scope="module")
def converted(tmp_path_factory, report_build: Path):
    """The report built once for the run, as LibreOffice converts it."""
    pdf = lo_convert(report_build / "report.pptx", tmp_path_factory.mktemp("lo"))
    return compile_deck(ROOT / "deck"), PdfReader(str(pdf))


def test_libreoffice_keeps_every_line_of_the_report(converted):
    compiled, reader = converted
    assert len(reader.pages) == len(compiled.scenes) == 44
    fonts = compiled.layout_set.fonts
    problems = []
    for scene, page in zip(compiled.scenes, reader.pages, strict=True):
        lines = page_lines(page)
        for box in (e for e in scene.elements if isinstance(e, TextBox)):
            for i, line in enumerate(box.lines):
                want = "".join(line.text.split())
                if not want:
                    continue
                base = baseline(box, i, fonts.regular.ascent, fonts.regular.descent)
                ys = [y for y, text in lines.items() if want in text]
                if not ys:
                    problems.append(f"slide {scene.number}: line {line.text!r} was re-broken")
                elif min(abs(scene.height - y - base) for y in ys) > 2.0:  # pt
                    problems.append(f"slide {scene.number}: line {line.text!r} moved vertically")
    assert not problems, "\n".join(problems[:40])
