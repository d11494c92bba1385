"""A slide being laid out (``SlideKit``): its slots filled with text, the logo or the
organisation's name, the header; and the title's key bar, shared with the PPTX layouts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deckbuilder.layout import tokens
from deckbuilder.layout.blocks.image import place as place_picture
from deckbuilder.scene import Node, Rect, TextBox, group
from deckbuilder.source import model as m
from deckbuilder.source.formatting import substitute
from deckbuilder.source.layoutset import Layout, LayoutSet
from deckbuilder.text.lang_spans import EN
from deckbuilder.text.textfit import Typesetter


@dataclass
class SlideKit:
    """One slide being laid out: its model, the deck, the layout set and its layout, and the
    typesetter; the slot helpers every slide kind's composer uses."""

    slide: m.Slide
    deck: m.Deck
    layout_set: LayoutSet
    lay: Layout
    ts: Typesetter

    def px(self, v: float) -> float:
        return self.layout_set.px(v)

    def text(
        self, name: str, text: str, role: str = "paragraph", fit: bool = True, **kw: object
    ) -> TextBox:
        slot = self.lay.slots[name]
        style = self.layout_set.style(slot.style)
        return self.ts.box(
            substitute(text, self.deck.figures),
            style,
            slot.x,
            slot.y,
            slot.w,
            slot.h if fit else None,
            align=slot.align,
            role=role,
            slot=name,
            balance=slot.balance,
            color=slot.color,
            **kw,  # type: ignore[arg-type]
        )

    def has(self, name: str) -> bool:
        return name in self.lay.slots

    def logo(self) -> list[Node]:
        """deck.yaml's logo in the layout's logo slot (left, centre or right by the slot's
        align); nothing where either is missing."""
        logo = self.deck.logo
        if logo is None or logo.source is None or not self.has("logo"):
            return []
        slot = self.lay.slots["logo"]
        pic = place_picture(
            logo.source,
            slot.x,
            slot.y,
            slot.w,
            slot.h,
            "contain",
            alt=logo.alt,
            align=slot.align or "center",
            fonts=self.layout_set.fonts,
        )
        return [group("figure", [pic], alt=pic.alt, name="Logo")]

    def wordmark(self, slot: str, name: str, role: str = "paragraph") -> list[Node]:
        """The organisation's name in Japanese and English: the cover's mark without a logo."""
        en = self.text("organisation_en", self.deck.organisation_en, lang=EN)
        return [self.text(slot, name, role), en]

    def header(self) -> list[Node]:
        out: list[Node] = []
        if self.slide.breadcrumb and self.has("breadcrumb"):
            out.append(self.text("breadcrumb", self.slide.breadcrumb, "breadcrumb"))
        if self.has("title"):
            out.append(self.text("title", self.slide.title, "title"))
        return out


# Slots whose text is centred in them vertically (by kind); the rest hang from their top.
MIDDLE = {"cover": ("title",), "statement": ("statement",)}


def valign(lay: Layout, slot: str) -> str:
    return "middle" if slot in MIDDLE.get(lay.kind, ()) else "top"


def title_offset(layout_set: LayoutSet) -> float:
    """How far a title with the key bar (a ``chip`` slot) starts right of its slot."""
    return layout_set.px(_bar(layout_set, "width")) + layout_set.px(_bar(layout_set, "gap"))


def _bar(layout_set: LayoutSet, key: str) -> Any:
    return tokens.value(layout_set.components, "title-bar", key)


def title_bar(layout_set: LayoutSet, x: float, y: float, title_h: float) -> Rect:
    """The key bar left of a title whose text starts at ``y`` and is ``title_h`` tall (the PPTX
    layouts draw it for a one-line title)."""
    inset = _bar(layout_set, "inset")
    return Rect(
        x,
        y + layout_set.px(inset),
        layout_set.px(_bar(layout_set, "width")),
        title_h - layout_set.px(2 * inset),
        fill=layout_set.color(str(_bar(layout_set, "fill"))),
    )
