"""The one validation path: ``check`` prints all of it, ``build`` and ``watch`` stop on its errors.

The build's own checks (schema with "did you mean", references, layouts and slots, fonts,
overflow, glyph coverage) come from the loader, the layout set and the layout stage; the
reviewers' and designers' checks are the other modules of this folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from deckbuilder.check.content import (
    check_scenes,
    duplicate_titles,
    missing_alt_text,
    unshown_content,
)
from deckbuilder.check.contrast import check_contrast
from deckbuilder.check.figures import future_figures, stale_figures, unused_figures
from deckbuilder.check.glyphs import glyph_problems, svg_text_glyphs
from deckbuilder.check.ranges import chart_ranges
from deckbuilder.check.tokens import component_problems
from deckbuilder.errors import Diagnostic, SourceError, Where
from deckbuilder.layout.blocks import registry
from deckbuilder.layout.compose import layout_deck
from deckbuilder.scene import SlideScene
from deckbuilder.source import model as m
from deckbuilder.source.layoutset import LayoutSet, find_layout_set, load_layout_set
from deckbuilder.source.loader import load_deck
from deckbuilder.text.fonts import embedding_refusal


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    deck: m.Deck | None = None
    layout_set: LayoutSet | None = None
    scenes: list[SlideScene] | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def run_checks(deck_dir: Path, layouts: str | None = None) -> CheckResult:
    """Every check, every problem (not just the first); nothing is written."""
    try:
        deck = load_deck(deck_dir, registry.readers())
    except SourceError as exc:
        return CheckResult(exc.diagnostics)
    project = deck_dir.resolve().parent
    try:
        set_dir = find_layout_set(layouts or deck.layouts, project)
        layout_set = load_layout_set(
            set_dir, project, deck.width_in, block_styles=registry.block_styles()
        )
    except SourceError as exc:
        return CheckResult(exc.diagnostics + check_deck(deck), deck)
    return validate(deck, layout_set)


def validate(
    deck: m.Deck,
    layout_set: LayoutSet,
    on_slide: Callable[[int, int], None] | None = None,
    allow_overflow: bool = False,
    on_scene: Callable[[SlideScene], None] | None = None,
) -> CheckResult:
    """The one validation path: ``check`` prints all of it, ``build`` and ``watch`` stop on its
    errors before rendering (``on_scene``: see ``layout_deck``)."""
    faces = [layout_set.fonts.regular, layout_set.fonts.bold]
    tokens = component_problems(layout_set)
    before = tokens + unshown_content(deck, layout_set) + check_ranges(deck)
    before += glyph_problems(deck, faces, layout_set.fonts.family)
    before += svg_text_glyphs(deck, faces, layout_set.fonts.family)
    if any(d.severity == "error" for d in before):
        # Laying out would stop at the first missing slot; these say which. The contrast check
        # reads the tokens, so a token of the wrong type is reported alone.
        typed = not any(d.severity == "error" for d in tokens)
        contrast = check_contrast(layout_set) if typed else []
        return CheckResult(before + check_deck(deck) + contrast, deck, layout_set)
    laid = layout_deck(deck, layout_set, on_slide, on_scene)
    diags = before + _unique(laid.diagnostics)
    for d in diags:
        if d.code == "overflow":
            d.severity = "warning" if allow_overflow else "error"
    diags += check_deck(deck)
    diags += check_scenes(deck, laid.scenes)
    diags += check_contrast(layout_set, laid.scenes)
    diags += font_embedding(layout_set)
    return CheckResult(diags, deck, layout_set, laid.scenes)


def font_embedding(layout_set: LayoutSet) -> list[Diagnostic]:
    """A face the PPTX cannot carry is named in its theme but not embedded: a warning, at the
    face's line in tokens.yaml (a machine without the font substitutes another)."""
    out = []
    for key in ("regular", "bold"):
        face = layout_set.fonts.face(key == "bold")
        why = embedding_refusal(face)
        if why:
            msg = f"the {key} face {face.family} is not embedded in the PPTX: {why}"
            out.append(
                Diagnostic(layout_set.fonts_at.get(key, Where("")), msg, "warning", None, "font")
            )
    return out


def _unique(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The same problem once, however many steps of the layout met it."""
    seen: set[str] = set()
    out = []
    for d in diags:
        if str(d) not in seen:
            seen.add(str(d))
            out.append(d)
    return out


def check_ranges(deck: m.Deck) -> list[Diagnostic]:
    return chart_ranges(deck)


def check_deck(deck: m.Deck) -> list[Diagnostic]:
    return (
        stale_figures(deck)
        + future_figures(deck)
        + unused_figures(deck)
        + duplicate_titles(deck)
        + missing_alt_text(deck)
    )
