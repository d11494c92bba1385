"""The bench's peer input: a plain deck of our size, made from the report's own text."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, pptx_slides, slide_text

sys.path.insert(0, str(ROOT / "bench"))

import plain_deck  # noqa: E402  (bench/, not a package)

SEED = plain_deck.seed_text(ROOT)
needs_seed = pytest.mark.skipif(SEED is None, reason="shared/seed/report-text.txt not beside")


@needs_seed
def test_plain_deck_has_44_slides_holding_every_line_of_the_text():
    assert SEED is not None
    md = plain_deck.markdown(SEED)
    assert md.count("\n## ") == 44
    body = SEED.read_text(encoding="utf-8").partition("\tSlide 1:")[0]
    lines = [" ".join(s.split()) for s in body.splitlines() if s.strip()]
    shown = re.sub(r"\\(.)", r"\1", md)  # Markdown's escapes undone
    assert lines and all(line in shown for line in lines)
    assert "## 目次" in md  # titled as the text's own slide list titles slide 2


@needs_seed
@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc not installed")
def test_pandoc_makes_a_44_slide_pptx_of_it(tmp_path: Path):
    assert SEED is not None
    (tmp_path / "plain.md").write_text(plain_deck.markdown(SEED), encoding="utf-8")
    out = tmp_path / "plain.pptx"
    subprocess.run(["pandoc", str(tmp_path / "plain.md"), "-o", str(out)], check=True)
    slides = pptx_slides(out)
    assert len(slides) == 44
    assert "デジタル庁" in slide_text(slides[0])
