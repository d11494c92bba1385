"""A person edits KPI cards in the PPTX; LibreOffice draws the file; no text prints over text.

Each card's label gets 30 % longer and its value two more digits, through python-pptx as a
script (or a person in PowerPoint) would. The converted PDF's word boxes (``pdftotext -bbox``)
must not overlap, nor leave their card. The same edit with autofit switched off runs out of the
cards: the check can fail.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from helpers import SOFFICE, all_shapes, lo_convert_all

pytestmark = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None, reason="LibreOffice or poppler missing"
)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


SLACK = 12.0  # pt: a text area may pass its card's edge by one em of its text (10.5 pt)
Card = tuple[int, float, float, float, float, str]  # page, x0, y0, x1, y1 (pt), its text


def _is_card(sh) -> bool:
    """A rounded rectangle holding text: a KPI or item card."""
    geom = sh._element.find(f".//{A}prstGeom")
    return sh.has_text_frame and geom is not None and geom.get("prst") == "roundRect"


def edit_cards(src: Path, dest: Path, autofit: bool = True) -> list[Card]:
    """Lengthen every KPI card's label by 30 % and give its value two more digits."""
    prs = Presentation(str(src))
    edited: list[Card] = []
    keep = []
    for slide in prs.slides:
        n = sum(keep) + 1  # its page once the slides without cards are gone
        before = len(edited)
        for sh in all_shapes(slide.shapes):
            if not _is_card(sh):
                continue
            paras = sh.text_frame.paragraphs
            values = [r for p in paras for r in p.runs if r.font.size and r.font.size.pt >= 20]
            if not values or len(paras) < 2:  # a KPI card: label, then the value
                continue
            label = paras[0].runs[-1]
            label.text += "追加語" * max(1, round(len(paras[0].text) * 0.3 / 3))
            values[0].text = "12" + values[0].text
            if not autofit:
                body_pr = sh.text_frame._txBody.find(f"{A}bodyPr")
                for child in list(body_pr):
                    body_pr.remove(child)
                body_pr.append(body_pr.makeelement(f"{A}noAutofit", {}))
            x0, y0 = sh.left / 12700, sh.top / 12700
            text = "".join(sh.text_frame.text.split())
            edited.append((n, x0, y0, x0 + sh.width / 12700, y0 + sh.height / 12700, text))
        keep.append(len(edited) > before)
    # Only the slides with cards go to LibreOffice: the conversion takes a third of the time.
    ids = prs.slides._sldIdLst
    for sld_id, kept in zip(list(ids), keep, strict=True):
        if not kept:
            prs.part.drop_rel(sld_id.rId)
            ids.remove(sld_id)
    prs.save(str(dest))
    return edited


def _core(
    x0: float, y0: float, x1: float, y1: float, text: str
) -> tuple[float, float, float, float, str]:
    """A word's box without the font's ascent and descent margins: about where its ink is."""
    h = y1 - y0
    return x0, y0 + 0.15 * h, x1, y1 - 0.15 * h, text


def pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [
        [_core(*map(float, m.groups()[:4]), m.group(5)) for m in WORD.finditer(page)]
        for page in html.split("<page ")[1:]
    ]


def outside(pdf: Path, cards: list[Card]) -> list[str]:
    """Words of a card's text that LibreOffice drew below or beside the card."""
    words = pages(pdf)
    problems = []
    for n, x0, y0, x1, y1, text in cards:
        for wx0, wy0, wx1, wy1, word in words[n - 1]:
            centre_in = x0 <= (wx0 + wx1) / 2 <= x1 and y0 <= (wy0 + wy1) / 2 <= y1 + 20
            # The text area's slack may reach into the gap between cards, never across it to
            # the next card's text (gap 9 pt, padding 9 pt).
            if centre_in and word in text and (wy1 > y1 + 1 or wx1 > x1 + SLACK):
                problems.append(
                    f"page {n}: {word!r} outside its card by {wx1 - x1:.1f}, {wy1 - y1:.1f}"
                )
    return problems


def overprints(pdf: Path) -> list[str]:
    """Pairs of words whose boxes overlap by more than a fifth of the smaller one."""
    problems = []
    for n, words in enumerate(pages(pdf), start=1):
        for i, (ax0, ay0, ax1, ay1, at) in enumerate(words):
            for bx0, by0, bx1, by1, bt in words[i + 1 :]:
                w = min(ax1, bx1) - max(ax0, bx0)
                h = min(ay1, by1) - max(ay0, by0)
                smaller = min((ax1 - ax0) * (ay1 - ay0), (bx1 - bx0) * (by1 - by0))
                if w > 0 and h > 0 and w * h > 0.2 * smaller:
                    problems.append(f"page {n}: {at!r} over {bt!r}")
    return problems


def test_edited_cards_never_overprint(report_build: Path, tmp_path: Path):
    src = report_build / "report.pptx"
    edited = tmp_path / "edited.pptx"
    cards = edit_cards(src, edited)
    assert len(cards) >= 30
    fixed = tmp_path / "fixed.pptx"
    assert edit_cards(src, fixed, autofit=False) == cards
    pdf, fixed_pdf = lo_convert_all([edited, fixed], tmp_path / "lo")
    assert not overprints(pdf)
    assert not outside(pdf, cards)
    # Without autofit the same edit runs out of the cards: the check sees it.
    assert outside(fixed_pdf, cards)
