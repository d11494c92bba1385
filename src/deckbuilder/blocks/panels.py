"""The body of a content slide: panels on a grid, blocks stacked inside them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import model as m
from ..scene import Node, Rect, group
from . import bullets, chart, compare, flow, image, items, kpis, stack, tags, text, timeline
from .kit import Kit, Laid

LAYOUTS: dict[type, Callable[..., Laid]] = {
    m.Text: text.layout,
    m.Note: text.layout,
    m.Bullets: bullets.layout,
    m.Kpis: kpis.layout,
    m.Items: items.layout,
    m.Image: image.layout,
    m.Chart: chart.layout,
    m.Timeline: timeline.layout,
    m.Flow: flow.layout,
    m.Stack: stack.layout,
    m.Compare: compare.layout,
    m.Tags: tags.layout,
}
FLEXIBLE = (m.Image, m.Chart)  # blocks that grow into spare height


@dataclass
class Body(Kit):
    def block(self, b: m.Block, x: float, y: float, w: float, h: float | None = None) -> Laid:
        return LAYOUTS[type(b)](self, b, x, y, w, h)

    def layout(
        self, panels: tuple[m.Panel, ...], columns: int, x: float, y: float, w: float, h: float
    ) -> Laid:
        """Place the panels; returns their nodes and the height they need (may exceed h)."""
        gap = self.px(self.theme.components.get("gap", 16))
        col_w = (w - gap * (columns - 1)) / columns
        rows: list[list[tuple[m.Panel, int]]] = [[]]
        used = 0
        for p in panels:
            span = min(p.span, columns)
            if used + span > columns:
                rows.append([])
                used = 0
            rows[-1].append((p, used))
            used += span
        rows = [r for r in rows if r]
        naturals = []
        for row in rows:
            naturals.append(
                max(self.panel(p, 0, 0, _pw(p, col_w, gap, columns), None)[1] for p, _ in row)
            )
        need = sum(naturals) + gap * (len(rows) - 1)
        # Spare height first lets rows grow a little (panels in a row line up, images and charts
        # fill out); what is left centres the body between header and footer.
        body = self.theme.comp("body")
        spare = max(0.0, h - need)
        flexible = [any(isinstance(b, FLEXIBLE) for p, _ in row for b in p.blocks) for row in rows]
        cap = float(body.get("max_stretch", 0.25))
        extras = [
            0.0 if flex else min(spare / len(rows), nat * cap)
            for nat, flex in zip(naturals, flexible, strict=True)
        ]
        if any(flexible):  # rows with images or charts take all the rest
            rest = (spare - sum(extras)) / sum(flexible)
            extras = [e + rest if flex else e for e, flex in zip(extras, flexible, strict=True)]
        left = spare - sum(extras)
        out: list[Node] = []
        cy = y + left * float(body.get("align", 0.5))
        for row, nat, extra in zip(rows, naturals, extras, strict=True):
            rh = nat + extra
            for p, col in row:
                px = x + col * (col_w + gap)
                out.extend(self.panel(p, px, cy, _pw(p, col_w, gap, columns), rh)[0])
            cy += rh + gap
        return out, need

    def panel(self, p: m.Panel, x: float, y: float, w: float, h: float | None) -> Laid:
        framed = p.style != "plain"
        pad = self.px(self.c("panel", "padding", 16)) if framed else 0.0
        gap = self.px(self.theme.components.get("gap", 16)) * 0.75
        inner_w = w - 2 * pad
        head: list[Node] = []
        cy = y + pad
        head_h = 0.0
        if p.heading:
            bar_w = self.px(self.c("panel-heading", "bar_width", 4))
            off = bar_w + self.px(self.c("panel-heading", "gap", 8))
            box = self.tb(
                p.heading,
                "panel-heading",
                x + pad + off,
                cy,
                inner_w - off,
                role="heading",
                level=2,
            )
            bar = Rect(
                x + pad, cy + 2, bar_w, box.h - 4, fill=self.color("panel-heading", "bar", "key")
            )
            head = [bar, box]
            head_h = box.h
            cy += box.h + gap
        self.heading_level = 3 if p.heading else 2
        self.topic = p.heading
        laid: list[tuple[m.Block, list[Node], float]] = []
        for b in p.blocks:
            els, bh = self.block(b, x + pad, cy, inner_w)
            laid.append((b, els, bh))
            cy += bh + gap
        natural = cy - gap - y + pad if laid else cy - y + pad - (gap if p.heading else 0)
        if h is not None and h > natural and laid:
            # Grow the flexible blocks (images, charts) into the spare height.
            flex = [i for i, (b, _, _) in enumerate(laid) if isinstance(b, FLEXIBLE)]
            if flex:
                spare = (h - natural) / len(flex)
                cy = y + pad + (head_h + gap if p.heading else 0)
                relaid = []
                for i, (b, _els, bh) in enumerate(laid):
                    target = bh + spare if i in flex else None
                    els, nh = self.block(b, x + pad, cy, inner_w, target)
                    relaid.append((b, els, nh))
                    cy += nh + gap
                laid = relaid
        self.heading_level, self.topic = 2, ""
        out: list[Node] = list(head)
        for _, els, _ in laid:
            out.extend(els)
        height = h if h is not None else natural
        if framed:
            fill = self.color("panel", "tint_fill" if p.style == "tint" else "fill", "white")
            stroke = None if p.style == "tint" else self.color("panel", "stroke", "rule")
            frame = Rect(
                x,
                y,
                w,
                height,
                fill=fill,
                stroke=stroke,
                stroke_width=self.px(self.c("panel", "stroke_width", 1)),
                radius=self.px(self.c("panel", "radius", 12)),
            )
            out.insert(0, frame)
        return [group("panel", out, name=p.heading)], natural


def _pw(p: m.Panel, col_w: float, gap: float, columns: int) -> float:
    span = min(p.span, columns)
    return col_w * span + gap * (span - 1)
