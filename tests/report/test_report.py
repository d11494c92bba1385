"""The real report: 44 slides, each with its title and its figures in both files."""

from __future__ import annotations

import pytest

from deckbuilder.layout.blocks import registry
from deckbuilder.scene import TextBox
from deckbuilder.source import model as m
from deckbuilder.source.formatting import as_of_text, display, value_text
from deckbuilder.source.loader import figure_refs, load_deck
from helpers import ROOT, all_shapes, flat, slide_text

DECK = load_deck(ROOT / "deck", registry.readers())


def slide_figures(slide: m.Slide) -> tuple[set[str], set[str]]:
    """(figures shown as cards or in text, figures drawn in charts) of one slide."""
    cards: set[str] = set()
    charts: set[str] = set()
    texts = [slide.title, *slide.lead, *slide.footnotes, slide.source, *slide.statement]
    for panel in slide.panels:
        texts.append(panel.heading)
        for b in panel.blocks:
            if isinstance(b, m.Kpis):
                cards.update(k.figure for k in b.cards)
            elif isinstance(b, m.Chart):
                charts.update(b.figures)
            elif isinstance(b, m.Text | m.Bullets | m.Tags | m.Flow):
                texts.extend(getattr(b, "paragraphs", ()) or getattr(b, "items", ()) or b.steps)
            elif isinstance(b, m.Note):
                texts.append(b.text)
            elif isinstance(b, m.Items):
                texts.extend(i.text for i in b.items)
            elif isinstance(b, m.Compare):
                texts.extend([b.before.text, b.after.text, b.before.title, b.after.title])
    for t in texts:
        cards.update(figure_refs(t))
    return cards, charts


def test_deck_has_44_slides_in_both_files(report_slides: list, report_pages: list[str]):
    assert len(DECK.slides) == 44
    assert len(report_slides) == 44
    assert len(report_pages) == 44


@pytest.mark.parametrize("slide", DECK.slides, ids=lambda s: f"slide{s.number:02d}")
def test_title_and_figures_on_their_slide(
    report_slides: list, report_pages: list[str], slide: m.Slide
):
    pptx = report_slides[slide.number - 1]
    page = flat(report_pages[slide.number - 1])
    text = flat(slide_text(pptx))
    # A section's title carries its number (「1. はじめに」).
    number = slide.section_number if slide.layout == "section" else ""
    assert flat(pptx.shapes.title.text_frame.text) == flat(number + slide.title)
    assert flat(slide.title) in page
    cards, charts = slide_figures(slide)
    alts = " ".join(
        sh._element.find(".//{*}cNvPr").get("descr") or ""
        for sh in all_shapes(pptx.shapes)
        if sh.shape_type == 13
    )
    for fid in cards:
        f = DECK.figures[fid]
        assert flat(value_text(f)) in text and flat(value_text(f)) in page, fid
        assert flat(display(f)) in text or f.unit in text, fid
        if as_of_text(f):
            assert flat(as_of_text(f)) in text and flat(as_of_text(f)) in page, fid
    for fid in charts:
        f = DECK.figures[fid]
        assert display(f) in alts, (fid, alts)  # chart alt text in the PPTX
        assert flat(display(f)) in page, fid  # chart labels are real text in the PDF


def test_every_picture_has_alt_text(report_slides: list):
    pictures = 0
    for slide in report_slides:
        for sh in all_shapes(slide.shapes):
            if sh.shape_type == 13 or "画像枠" in sh.name:
                assert sh._element.find(".//{*}cNvPr").get("descr"), (slide, sh.name)
                pictures += 1
    assert pictures >= 11  # the charts at least: the check had pictures to look at


def test_speaker_notes_on_every_content_slide(report_slides: list):
    slides = report_slides
    content = [s for s in DECK.slides if s.layout == "content" or s.layout.startswith("content-")]
    assert len(content) > 20
    for s in content:
        assert slides[s.number - 1].notes_slide.notes_text_frame.text.strip(), s.number


def test_numbers_live_only_in_figures_yaml():
    """Each KPI number is written once, in figures.yaml, never in a slide file."""
    import re

    slide_text_all = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "deck" / "slides").glob("*.yaml")
    )
    for f in DECK.figures.values():
        needle = display(f) if f.unit else value_text(f)
        if not f.unit and len(needle) < 3:
            continue  # a bare short number (14) also occurs in dates: nothing to check
        pattern = rf"(?<![0-9０-９,.，]){re.escape(needle)}"
        assert not re.search(pattern, slide_text_all), f.id
    assert "7959" not in slide_text_all and "7,959" not in slide_text_all


def test_no_radicals_and_no_orphans():
    from deckbuilder.commands.build import compile_deck

    for p in (ROOT / "deck").rglob("*.yaml"):
        text = p.read_text(encoding="utf-8")
        assert "\u2f08" not in text and "\u2f9c" not in text, p
    compiled = compile_deck(ROOT / "deck")
    wrapped = 0
    for scene in compiled.scenes:
        for box in (e for e in scene.elements if isinstance(e, TextBox)):
            texts = [ln.text for ln in box.lines]
            if len(texts) > 1:
                assert len(texts[-1].strip()) >= 2, (scene.number, texts)
                wrapped += 1
    assert wrapped > 44  # boxes of several lines, whose last line could be an orphan
