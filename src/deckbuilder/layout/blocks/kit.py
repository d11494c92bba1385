"""What every block's layout shares: the set's tokens at the current text scale, and text boxes.

A block module exposes ``layout(kit, block, x, y, w, h) -> (nodes, height)``. Measuring is
laying out and keeping only the height, so measure and draw can never disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from deckbuilder.layout import tokens
from deckbuilder.scene import Group, Node, Rect, TextBox, group
from deckbuilder.source import model as m
from deckbuilder.source.formatting import substitute
from deckbuilder.source.layoutset import LayoutSet, TextStyle
from deckbuilder.text.textfit import Typesetter

Laid = tuple[list[Node], float]


@dataclass
class Kit:
    layout_set: LayoutSet
    ts: Typesetter
    figures: dict[str, m.Figure]
    scale: float = 1.0  # text scale tried by the fit loop (down to the styles' floors)
    zoom: float = 1.0  # text and spacing together, above 1 where the layout lets a body grow
    restyle: dict[str, str] = field(default_factory=dict)  # the layout's style substitutions
    heading_level: int = 2  # the level a block's own headings take (3 under a panel heading)
    topic: str = ""  # the heading of the panel being laid out, for alt text that needs it

    def px(self, v: float) -> float:
        return self.layout_set.px(v) * self.zoom

    def st(self, name: str) -> TextStyle:
        s = self.layout_set.style(self.restyle.get(name, name))
        if self.zoom != 1.0:
            return replace(s, size=s.size * self.zoom, min_size=s.min_size * self.zoom)
        if self.scale == 1.0:
            return s
        size = max(s.size * self.scale, s.min_size or s.size)
        return replace(s, size=min(size, s.size))

    def c(self, comp: str, key: str) -> Any:
        """A component token: the set's value, else the schema's default (layout/tokens.py)."""
        return tokens.value(self.layout_set.components, comp, key)

    def color(self, comp: str, key: str) -> str:
        return self.layout_set.color(str(self.c(comp, key)))

    def text(self, s: str) -> str:
        return substitute(s, self.figures)

    def tb(self, s: str, style: str, x: float, y: float, w: float, **kw: Any) -> TextBox:
        return self.ts.box(self.text(s), self.st(style), x, y, w, **kw)

    def grid(self, n: int, w: float, comp: str) -> tuple[int, float, float]:
        gap = self.px(self.c(comp, "gap"))
        min_w = self.px(self.c(comp, "min_width"))
        per_row = max(1, min(n, int((w + gap) // (min_w + gap))))
        card_w = (w - gap * (per_row - 1)) / per_row
        return per_row, card_w, gap

    def cards(
        self,
        n: int,
        x: float,
        y: float,
        w: float,
        comp: str,
        draw: Callable[[int, float, float, float], Laid],
        fill: str,
        stroke: str | None,
        least: float | None = None,
    ) -> Laid:
        """Cards in rows, each a "card" group (background first); cards in a row share a height
        (one row of cards is at least ``least`` tall). draw(i, x, y, w) lays out card i's
        content."""
        per_row, card_w, gap = self.grid(n, w, comp)
        pad = self.px(self.c(comp, "padding"))
        radius = self.px(self.c(comp, "radius"))
        cards: list[Node] = []
        cy = y
        for start in range(0, n, per_row):
            laid = [
                draw(i, x + (i - start) * (card_w + gap) + pad, cy + pad, card_w - 2 * pad)
                for i in range(start, min(n, start + per_row))
            ]
            rh = max(h for _, h in laid) + 2 * pad
            if least is not None and n <= per_row:
                rh = max(rh, least)
            for k, (els, _) in enumerate(laid):
                cx = x + k * (card_w + gap)
                bg = Rect(
                    cx,
                    cy,
                    card_w,
                    rh,
                    fill=fill,
                    stroke=stroke,
                    stroke_width=self.px(self.c(comp, "stroke_width")) if stroke else 0,
                    radius=radius,
                )
                cards.append(group("card", [bg, *els]))
            cy += rh + gap
        return [group("grid", cards)], cy - y - gap


def one(kind: str, nodes: list[Node], height: float, **kw: Any) -> Laid:
    """A block's nodes as its one group."""
    g: Group = group(kind, nodes, **kw)
    return [g], height


def ceil_lines(over: float, line_height: float) -> int:
    return max(1, math.ceil(over / line_height - 1e-6))
