"""The body of a content slide: panels on a grid, blocks stacked inside them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from deckbuilder.layout import tokens
from deckbuilder.layout.blocks.kit import Kit, Laid
from deckbuilder.layout.blocks.registry import kind_of
from deckbuilder.scene import Node, Rect, group
from deckbuilder.source import model as m

Stacked = tuple[m.Block, list[Node], float]  # a block, its nodes, the height it takes


@dataclass
class Body(Kit):
    def block(self, b: m.Block, x: float, y: float, w: float, h: float | None = None) -> Laid:
        return kind_of(b).layout(self, b, x, y, w, h)

    def layout(
        self, panels: tuple[m.Panel, ...], columns: int, x: float, y: float, w: float, h: float
    ) -> Laid:
        """Place the panels; returns their nodes and the height they need (may exceed h)."""
        gap = self.px(tokens.gap(self.layout_set.components))
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
        alike = [self.alike(row, _pw(row[0][0], col_w, gap, columns)) for row in rows]
        naturals = []
        for row, same in zip(rows, alike, strict=True):
            naturals.append(
                max(self.panel(p, 0, 0, _pw(p, col_w, gap, columns), None, same)[1] for p, _ in row)
            )
        need = sum(naturals) + gap * (len(rows) - 1)
        # Spare height first lets rows grow a little (panels in a row line up, images and charts
        # fill out); what is left centres the body between header and footer.
        spare = max(0.0, h - need)
        flexible = [any(_grows(b) for p, _ in row for b in p.blocks) for row in rows]
        cap = float(self.c("body", "max_stretch"))
        extras = [
            0.0 if flex else min(spare / len(rows), nat * cap)
            for nat, flex in zip(naturals, flexible, strict=True)
        ]
        if any(flexible):  # rows with images or charts take all the rest
            rest = (spare - sum(extras)) / sum(flexible)
            extras = [e + rest if flex else e for e, flex in zip(extras, flexible, strict=True)]
        left = spare - sum(extras)
        out: list[Node] = []
        cy = y + left * float(self.c("body", "align"))
        for row, same, nat, extra in zip(rows, alike, naturals, extras, strict=True):
            rh = nat + extra
            for p, col in row:
                px = x + col * (col_w + gap)
                out.extend(self.panel(p, px, cy, _pw(p, col_w, gap, columns), rh, same)[0])
            cy += rh + gap
        return out, need

    def panel(
        self, p: m.Panel, x: float, y: float, w: float, h: float | None, row: Row | None = None
    ) -> Laid:
        framed = p.style != "plain"
        pad = self.px(self.c("panel", "padding")) if framed else 0.0
        gap = self.px(tokens.gap(self.layout_set.components)) * self.c("panel", "block_gap")
        with self._under(p):
            head, head_h, laid = self._stack(p, x + pad, y + pad, w - 2 * pad, gap, row)
            top = head_h + gap if p.heading else 0.0
            blocks = sum(bh for _, _, bh in laid) + gap * (len(laid) - 1)
            natural = (top + blocks if laid else head_h) + 2 * pad
            if h is not None and h > natural and laid:
                laid = self._grow(laid, x + pad, y + pad + top, w - 2 * pad, gap, h - natural)
        out: list[Node] = list(head)
        for _, els, _ in laid:
            out.extend(els)
        height = h if h is not None else natural
        if framed:
            fill = self.color("panel", "tint_fill" if p.style == "tint" else "fill")
            stroke = None if p.style == "tint" else self.color("panel", "stroke")
            frame = Rect(
                x,
                y,
                w,
                height,
                fill=fill,
                stroke=stroke,
                stroke_width=self.px(self.c("panel", "stroke_width")),
                radius=self.px(self.c("panel", "radius")),
            )
            out.insert(0, frame)
        return [group("panel", out, name=p.heading)], natural

    def _grow(
        self, laid: list[Stacked], x: float, y: float, w: float, gap: float, spare: float
    ) -> list[Stacked]:
        """The flexible blocks (images, charts) grown into the spare height."""
        flex = [i for i, (b, _, _) in enumerate(laid) if _grows(b)]
        if not flex:
            return laid
        cy, relaid = y, []
        for i, (b, _els, bh) in enumerate(laid):
            target = bh + spare / len(flex) if i in flex else None
            els, nh = self.block(b, x, cy, w, target)
            nh = max(nh, bh)  # a block keeps the row's height for it
            relaid.append((b, els, nh))
            cy += nh + gap
        return relaid

    def _stack(
        self, p: m.Panel, x: float, y: float, w: float, gap: float, row: Row | None
    ) -> tuple[list[Node], float, list[Stacked]]:
        """The heading and the blocks, top to bottom: each takes the row's height for it where
        the panels of the row are alike (``row``), its own otherwise."""
        head: list[Node] = []
        cy = y
        head_h = 0.0
        if p.heading:
            bar_w = self.px(self.c("panel-heading", "bar_width"))
            off = bar_w + self.px(self.c("panel-heading", "gap"))
            box = self.tb(p.heading, "panel-heading", x + off, cy, w - off, role="heading", level=2)
            bar = Rect(x, cy + 2, bar_w, box.h - 4, fill=self.color("panel-heading", "bar"))
            head = [bar, box]
            head_h = max(box.h, row.heading if row else 0.0)
            cy += head_h + gap
        laid: list[Stacked] = []
        for i, b in enumerate(p.blocks):
            share = row.blocks[i] if row else None
            els, bh = self.block(b, x, cy, w, share if kind_of(b).cards else None)
            bh = max(bh, share or 0.0)
            laid.append((b, els, bh))
            cy += bh + gap
        return head, head_h, laid

    @contextmanager
    def _under(self, p: m.Panel) -> Iterator[None]:
        """Blocks under a panel's heading: their headings a level below it, charts named by it."""
        self.heading_level, self.topic = (3 if p.heading else 2), p.heading
        try:
            yield
        finally:
            self.heading_level, self.topic = 2, ""

    def alike(self, row: list[tuple[m.Panel, int]], w: float) -> Row | None:
        """Panels side by side with the same width, heading or not, and kinds of block in the
        same order: the height of each part in the tallest of them, so their cards, lists and
        tags line up across the row, as a designer would set them."""
        if len(row) < 2 or len({(p.span, bool(p.heading), _kinds(p)) for p, _ in row}) != 1:
            return None
        heads, blocks = [], []
        for p, _ in row:
            pad = self.px(self.c("panel", "padding")) if p.style != "plain" else 0.0
            gap = self.px(tokens.gap(self.layout_set.components)) * self.c("panel", "block_gap")
            with self._under(p):
                _, head_h, laid = self._stack(p, 0, 0, w - 2 * pad, gap, None)
            heads.append(head_h)
            blocks.append([bh for _, _, bh in laid])
        return Row(max(heads), tuple(max(hs) for hs in zip(*blocks, strict=True)))


@dataclass(frozen=True)
class Row:
    """What alike panels of one row share: their heading's height and each block's."""

    heading: float
    blocks: tuple[float, ...]


def _grows(b: m.Block) -> bool:
    """Images and charts: blocks that grow into spare height."""
    return kind_of(b).grows


def _kinds(p: m.Panel) -> tuple[type, ...]:
    return tuple(type(b) for b in p.blocks)


def _pw(p: m.Panel, col_w: float, gap: float, columns: int) -> float:
    span = min(p.span, columns)
    return col_w * span + gap * (span - 1)
