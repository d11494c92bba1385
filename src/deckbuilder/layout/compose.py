"""The layout stage: one SlideScene per slide, every box placed and every line broken.

This is the only stage that reads the layout set's geometry; the renderers only draw.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from deckbuilder.errors import Diagnostic
from deckbuilder.layout.kinds import compose
from deckbuilder.layout.slide import SlideKit
from deckbuilder.memo import Memo
from deckbuilder.scene import SlideScene
from deckbuilder.source import model as m
from deckbuilder.source.formatting import substitute
from deckbuilder.source.layoutset import LayoutSet
from deckbuilder.text.textfit import Overflow, Typesetter


@dataclass
class LaidOut:
    scenes: list[SlideScene]
    diagnostics: list[Diagnostic]


def layout_deck(
    deck: m.Deck,
    layout_set: LayoutSet,
    on_slide: Callable[[int, int], None] | None = None,
    on_scene: Callable[[SlideScene], None] | None = None,
) -> LaidOut:
    """``on_scene`` sees each scene as soon as it is laid out (a build starts its charts)."""
    scenes, diags = [], []
    for i, slide in enumerate(deck.slides, start=1):
        scene, problems = laid_out(slide, deck, layout_set)
        scenes.append(scene)
        diags.extend(problems)
        if on_scene:
            on_scene(scene)
        if on_slide:
            on_slide(i, len(deck.slides))
    return LaidOut(scenes, diags)


# Cache: a slide's scene and problems by everything layout reads (``_inputs``).
_LAID: Memo[tuple[SlideScene, list[Diagnostic]]] = Memo(1024, disk="layout")


def laid_out(
    slide: m.Slide, deck: m.Deck, layout_set: LayoutSet
) -> tuple[SlideScene, list[Diagnostic]]:
    """``layout_slide``, taken from the memo when nothing it reads has changed."""
    scene, problems = _LAID.get(
        _inputs(slide, deck, layout_set), lambda: _hashed(slide, deck, layout_set)
    )
    return scene, [copy.copy(d) for d in problems]  # callers may change a problem's severity


def _hashed(
    slide: m.Slide, deck: m.Deck, layout_set: LayoutSet
) -> tuple[SlideScene, list[Diagnostic]]:
    scene, problems = layout_slide(slide, deck, layout_set)
    _ = scene.digest  # hashed before it is kept: a kept scene brings its digest along
    return scene, problems


def _inputs(slide: m.Slide, deck: m.Deck, layout_set: LayoutSet) -> tuple[object, ...]:
    """Everything a slide's layout reads: the slide, the figures it names, the deck's own
    words (cover, back cover) and the layout set (one LayoutSet object per set's files)."""
    text = repr(slide)
    figures = tuple((k, f) for k, f in deck.figures.items() if k in text)
    own = (deck.title, deck.date_text, deck.organisation, deck.organisation_en, deck.logo)
    return slide, figures, own, layout_set.digest


def layout_slide(
    slide: m.Slide, deck: m.Deck, layout_set: LayoutSet
) -> tuple[SlideScene, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    lay = layout_set.layouts.get(slide.layout)
    if lay is None:
        from deckbuilder.errors import suggest

        diags.append(
            Diagnostic(
                slide.at("layout"),
                f"unknown layout {slide.layout!r}{suggest(slide.layout, layout_set.layouts)}",
                "error",
                slide.number,
                "reference",
            )
        )
        return SlideScene(
            slide.number,
            slide.title,
            slide.layout,
            layout_set.width,
            layout_set.height,
            "#FFFFFF",
            (),
        ), diags
    ts = Typesetter(layout_set.fonts)
    elements = compose(SlideKit(slide, deck, layout_set, lay, ts))
    for ov in ts.overflows:
        key = ov.where_key or _key_for_slot(ov.slot)
        diags.append(
            Diagnostic(
                ov.where or slide.at(key), _overflow_text(ov), "error", slide.number, "overflow"
            )
        )
    for ch in sorted(ts.missing):
        diags.append(
            Diagnostic(
                slide.where,
                f"the font {layout_set.fonts.family} has no glyph for {ch!r} (U+{ord(ch):04X})",
                "error",
                slide.number,
                "glyph",
            )
        )
    scene = SlideScene(
        slide.number,
        slide.title,
        lay.name,
        layout_set.width,
        layout_set.height,
        lay.background,
        tuple(elements),
        substitute(slide.notes, deck.figures),
        slide.file,
        lay.kind,
    )
    return scene, diags


def _overflow_text(ov: Overflow) -> str:
    if ov.wide:
        return (
            f"slot {ov.slot}: {ov.text!r} cannot be broken across lines and is "
            f"{ov.wide:.0f} pt wider than its box; shorten it"
        )
    return f"slot {ov.slot} overflows by {ov.lines} line{'s' if ov.lines > 1 else ''}"


def _key_for_slot(slot: str) -> str:
    return {"body": "panels", "footer": "footnotes"}.get(slot, slot)
