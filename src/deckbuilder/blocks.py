"""The body of a content slide: panels on a grid, blocks stacked inside them.

Each block is laid out by one function ``(block, x, y, w) -> (elements, height)``; measuring is
laying out and keeping only the height, so measure and draw can never disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from . import model as m
from .charts import chart_box
from .formatting import as_of_text, number_text, substitute
from .scene import Element, Ellipse, Placeholder, Polygon, Rect, Rule, TextBox
from .textfit import Typesetter
from .theme import TextStyle, Theme

DUMMY_NOTE = "※イメージ画像であり、数字等はダミーです"
Laid = tuple[list[Element], float]


@dataclass
class Body:
    theme: Theme
    ts: Typesetter
    figures: dict[str, m.Figure]
    scale: float = 1.0  # text scale tried by the fit loop
    restyle: dict[str, str] = field(default_factory=dict)  # the layout's style substitutions

    # --- helpers -------------------------------------------------------------------------------

    def px(self, v: float) -> float:
        return self.theme.px(v)

    def st(self, name: str) -> TextStyle:
        s = self.theme.style(self.restyle.get(name, name))
        if self.scale == 1.0:
            return s
        size = max(s.size * self.scale, s.min_size or s.size)
        return replace(s, size=min(size, s.size))

    def c(self, comp: str, key: str, default: Any = None) -> Any:
        return self.theme.comp(comp).get(key, default)

    def color(self, comp: str, key: str, default: str) -> str:
        return self.theme.color(str(self.c(comp, key, default)))

    def text(self, s: str) -> str:
        return substitute(s, self.figures)

    def tb(self, s: str, style: str, x: float, y: float, w: float, **kw: Any) -> TextBox:
        return self.ts.box(self.text(s), self.st(style), x, y, w, **kw)

    # --- panels --------------------------------------------------------------------------------

    def layout(
        self, panels: tuple[m.Panel, ...], columns: int, x: float, y: float, w: float, h: float
    ) -> tuple[list[Element], float]:
        """Place the panels; returns the elements and the height they need (may exceed h)."""
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
                max(self.panel(p, 0, 0, self._pw(p, col_w, gap, columns), None)[1] for p, _ in row)
            )
        need = sum(naturals) + gap * (len(rows) - 1)
        # Spare height first lets rows grow a little (panels in a row line up, images and charts
        # fill out); what is left centres the body between header and footer.
        body = self.theme.comp("body")
        spare = max(0.0, h - need)
        flexible = [
            any(isinstance(b, m.Image | m.Chart) for p, _ in row for b in p.blocks) for row in rows
        ]
        cap = float(body.get("max_stretch", 0.25))
        extras = [
            0.0 if flex else min(spare / len(rows), nat * cap)
            for nat, flex in zip(naturals, flexible, strict=True)
        ]
        if any(flexible):  # rows with images or charts take all the rest
            rest = (spare - sum(extras)) / sum(flexible)
            extras = [e + rest if flex else e for e, flex in zip(extras, flexible, strict=True)]
        left = spare - sum(extras)
        out: list[Element] = []
        cy = y + left * float(body.get("align", 0.5))
        for row, nat, extra in zip(rows, naturals, extras, strict=True):
            rh = nat + extra
            for p, col in row:
                px = x + col * (col_w + gap)
                out.extend(self.panel(p, px, cy, self._pw(p, col_w, gap, columns), rh)[0])
            cy += rh + gap
        return out, need

    @staticmethod
    def _pw(p: m.Panel, col_w: float, gap: float, columns: int) -> float:
        span = min(p.span, columns)
        return col_w * span + gap * (span - 1)

    def panel(self, p: m.Panel, x: float, y: float, w: float, h: float | None) -> Laid:
        framed = p.style != "plain"
        pad = self.px(self.c("panel", "padding", 16)) if framed else 0.0
        gap = self.px(self.theme.components.get("gap", 16)) * 0.75
        inner_w = w - 2 * pad
        out: list[Element] = []
        cy = y + pad
        head_h = 0.0
        if p.heading:
            bar_w = self.px(self.c("panel-heading", "bar_width", 4))
            off = bar_w + self.px(self.c("panel-heading", "gap", 8))
            box = self.tb(p.heading, "panel-heading", x + pad + off, cy, inner_w - off)
            out.append(
                Rect(
                    x + pad,
                    cy + 2,
                    bar_w,
                    box.h - 4,
                    fill=self.color("panel-heading", "bar", "key"),
                )
            )
            out.append(box)
            head_h = box.h
            cy += box.h + gap
        laid: list[tuple[m.Block, list[Element], float]] = []
        for b in p.blocks:
            els, bh = self.block(b, x + pad, cy, inner_w)
            laid.append((b, els, bh))
            cy += bh + gap
        natural = cy - gap - y + pad if laid else cy - y + pad - (gap if p.heading else 0)
        if h is not None and h > natural and laid:
            # Grow the flexible blocks (images, charts) into the spare height.
            flex = [i for i, (b, _, _) in enumerate(laid) if isinstance(b, m.Image | m.Chart)]
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
        for _, els, _ in laid:
            out.extend(els)
        height = h if h is not None else natural
        if framed:
            fill = self.color("panel", "tint_fill" if p.style == "tint" else "fill", "white")
            stroke = None if p.style == "tint" else self.color("panel", "stroke", "rule")
            out.insert(
                0,
                Rect(
                    x,
                    y,
                    w,
                    height,
                    fill=fill,
                    stroke=stroke,
                    stroke_width=self.px(self.c("panel", "stroke_width", 1)),
                    radius=self.px(self.c("panel", "radius", 12)),
                ),
            )
        return out, natural

    # --- blocks --------------------------------------------------------------------------------

    def block(self, b: m.Block, x: float, y: float, w: float, h: float | None = None) -> Laid:
        if isinstance(b, m.Text):
            return self._paragraphs(b.paragraphs, "body", x, y, w)
        if isinstance(b, m.Note):
            return self._paragraphs((b.text,), "note", x, y, w)
        if isinstance(b, m.Bullets):
            return self._bullets(b, x, y, w)
        if isinstance(b, m.Kpis):
            return self._kpis(b, x, y, w)
        if isinstance(b, m.Items):
            return self._items(b, x, y, w)
        if isinstance(b, m.Image):
            return self._image(b, x, y, w, h)
        if isinstance(b, m.Chart):
            return self._chart(b, x, y, w, h)
        if isinstance(b, m.Timeline):
            return self._timeline(b, x, y, w)
        if isinstance(b, m.Flow):
            return self._cycle(b, x, y, w) if b.cycle else self._flow(b, x, y, w)
        if isinstance(b, m.Stack):
            return self._stack(b, x, y, w)
        if isinstance(b, m.Compare):
            return self._compare(b, x, y, w)
        return self._tags(b.items, x, y, w)

    def _paragraphs(self, paras: tuple[str, ...], style: str, x: float, y: float, w: float) -> Laid:
        out: list[Element] = []
        cy = y
        for i, para in enumerate(paras):
            box = self.tb(para, style, x, cy, w)
            out.append(box)
            cy += box.h + (box.line_height * 0.4 if i < len(paras) - 1 else 0)
        return out, cy - y

    def _bullets(self, b: m.Bullets, x: float, y: float, w: float) -> Laid:
        st = self.st("body")
        indent = self.px(self.c("bullet", "indent", 16))
        marker = str(self.c("bullet", "marker", "・"))
        out: list[Element] = []
        cy = y
        for i, item in enumerate(b.items):
            mark = f"{i + 1}." if b.numbered else marker
            mw = max(indent, self.ts.width(mark, st) + (4 if b.numbered else 0))
            out.append(self.ts.box(mark, st, x, cy, mw + 2))
            box = self.tb(item, "body", x + mw, cy, w - mw)
            out.append(box)
            cy += box.h + st.size * 0.25
        return out, cy - y - (st.size * 0.25 if b.items else 0)

    def _grid(self, n: int, w: float, comp: str) -> tuple[int, float, float]:
        gap = self.px(self.c(comp, "gap", 12))
        min_w = self.px(self.c(comp, "min_width", 200))
        per_row = max(1, min(n, int((w + gap) // (min_w + gap))))
        card_w = (w - gap * (per_row - 1)) / per_row
        return per_row, card_w, gap

    def _cards(
        self,
        n: int,
        x: float,
        y: float,
        w: float,
        comp: str,
        draw: Any,
        fill: str,
        stroke: str | None,
    ) -> Laid:
        """Cards in rows; draw(i, x, y, w) -> (elements, height). Cards in a row share a height."""
        per_row, card_w, gap = self._grid(n, w, comp)
        pad = self.px(self.c(comp, "padding", 12))
        radius = self.px(self.c(comp, "radius", 8))
        out: list[Element] = []
        cy = y
        for start in range(0, n, per_row):
            laid = [
                draw(i, x + (i - start) * (card_w + gap) + pad, cy + pad, card_w - 2 * pad)
                for i in range(start, min(n, start + per_row))
            ]
            rh = max(h for _, h in laid) + 2 * pad
            for k, (els, _) in enumerate(laid):
                cx = x + k * (card_w + gap)
                out.append(
                    Rect(
                        cx,
                        cy,
                        card_w,
                        rh,
                        fill=fill,
                        stroke=stroke,
                        stroke_width=self.px(1) if stroke else 0,
                        radius=radius,
                    )
                )
                out.extend(els)
            cy += rh + gap
        return out, cy - y - gap

    def _kpis(self, b: m.Kpis, x: float, y: float, w: float) -> Laid:
        def draw(i: int, cx: float, cy: float, cw: float) -> Laid:
            ref = b.cards[i]
            f = self.figures[ref.figure]
            els: list[Element] = []
            top = cy
            label = self.tb(ref.label or f.label, "kpi-label", cx, cy, cw)
            els.append(label)
            cy += label.h + self.px(4)
            vs, us = self.st("kpi-value"), self.st("kpi-unit")
            line = self.ts.runs_line([(f.prefix, us), (number_text(f), vs), (f.unit, us)])
            while line.width > cw and vs.size > vs.min_size:
                vs = replace(vs, size=vs.size - 0.75)
                us = replace(us, size=max(us.min_size, us.size - 0.375))
                line = self.ts.runs_line([(f.prefix, us), (number_text(f), vs), (f.unit, us)])
            lh = vs.size * vs.line_height
            els.append(TextBox(cx, cy, cw, lh, (line,), lh, "left", "top", "kpi", "kpis"))
            date = as_of_text(f) if ref.show_date else ""
            ds = self.st("kpi-date")
            inline = self.px(8) + self.ts.width(date, ds)
            if date and line.width + inline <= cw:
                # The as-of date sits beside the value when there is room: one line saved.
                box = self.tb(date, "kpi-date", cx + line.width + self.px(8), 0, cw - line.width)
                els.append(replace(box, y=cy + lh - box.h - vs.size * 0.08))
                cy += lh
            elif date:
                cy += lh
                box = self.tb(date, "kpi-date", cx, cy, cw)
                els.append(box)
                cy += box.h
            else:
                cy += lh
            note = ref.note if ref.note is not None else f.note
            if note:
                box = self.tb(note, "kpi-note", cx, cy + self.px(4), cw)
                els.append(box)
                cy += box.h + self.px(4)
            return els, cy - top

        fill = self.color("kpi", "fill", "tint")
        return self._cards(len(b.cards), x, y, w, "kpi", draw, fill, None)

    def _items(self, b: m.Items, x: float, y: float, w: float) -> Laid:
        def draw(i: int, cx: float, cy: float, cw: float) -> Laid:
            it = b.items[i]
            els: list[Element] = []
            top = cy
            tx, tw = cx, cw
            if it.number:
                st = self.st("item-title")
                d = st.size * st.line_height
                els.append(Ellipse(cx, cy, d, d, fill=self.color("item", "number_fill", "key")))
                num = self.ts.box(
                    it.number,
                    replace(st, color=self.theme.color("white")),
                    cx,
                    cy,
                    d,
                    align="center",
                )
                els.append(num)
                tx, tw = cx + d + self.px(8), cw - d - self.px(8)
            title = self.tb(it.title, "item-title", tx, cy, tw)
            els.append(title)
            cy += max(title.h, 0) + self.px(4)
            if it.text:
                box = self.tb(it.text, "item-text", cx, cy, cw)
                els.append(box)
                cy += box.h
            return els, cy - top

        return self._cards(
            len(b.items),
            x,
            y,
            w,
            "item",
            draw,
            self.color("item", "fill", "white"),
            self.color("item", "stroke", "rule"),
        )

    def _image(self, b: m.Image, x: float, y: float, w: float, h: float | None) -> Laid:
        min_h = self.px(self.c("placeholder", "min_height", 96))
        note_h = 0.0
        note: TextBox | None = None
        if b.dummy:
            note = self.tb(DUMMY_NOTE, "note", x, 0, w)
            note_h = note.h + self.px(4)
        frame_h = max(min_h, (h or 0) - note_h)
        out: list[Element] = [
            Rect(
                x,
                y,
                w,
                frame_h,
                fill=self.color("placeholder", "fill", "surface"),
                stroke=self.color("placeholder", "stroke", "rule"),
                stroke_width=self.px(1),
                dashed=bool(self.c("placeholder", "dashed", True)),
            ),
        ]
        cap = self.tb(f"［画像］{b.caption}", "placeholder", x + self.px(8), 0, w - self.px(16))
        cap = replace(cap, y=y + (frame_h - cap.h) / 2)
        out.append(cap)
        out.append(Placeholder(x, y, w, frame_h, b.caption))
        if note is not None:
            out.append(replace(note, y=y + frame_h + self.px(4)))
        return out, frame_h + note_h

    def _chart(self, b: m.Chart, x: float, y: float, w: float, h: float | None) -> Laid:
        out: list[Element] = []
        cy = y
        if b.title:
            t = self.tb(b.title, "kpi-label", x, cy, w)
            out.append(t)
            cy += t.h + self.px(4)
        # Before/after charts print their dates as axis labels; the others print the as-of
        # date (or dates) under the title, as a card would.
        if b.kind != "before_after":
            dates = list(dict.fromkeys(as_of_text(self.figures[f]) for f in b.figures))
            dates = [d for d in dates if d]
            if dates:
                t = self.tb("".join(dates), "kpi-date", x, cy, w)
                out.append(t)
                cy += t.h + self.px(4)
        key = "ring_height" if b.kind in ("ring",) else "height"
        ch = self.px(self.c("chart", key, 180)) * self.scale
        if h is not None:
            ch = max(ch, h - (cy - y))
        out.append(chart_box(b, self.figures, self.theme, x, cy, w, ch))
        return out, cy + ch - y

    def _timeline(self, b: m.Timeline, x: float, y: float, w: float) -> Laid:
        # Consecutive events on the same date share one stop on the line.
        stops: list[tuple[str, list[str]]] = []
        for ev in b.events:
            if stops and stops[-1][0] == ev.date:
                stops[-1][1].append(ev.text)
            else:
                stops.append((ev.date, [ev.text]))
        dot = self.px(self.c("timeline", "dot_size", 12))
        col = w / len(stops)
        ds = self.st("date")
        date_h = ds.size * ds.line_height
        out: list[Element] = []
        line_y = y + date_h + self.px(6) + dot / 2
        out.append(
            Rule(x, line_y, x + w, line_y, self.color("timeline", "line", "rule"), self.px(2))
        )
        text_h = 0.0
        for i, (date, texts) in enumerate(stops):
            cx = x + i * col
            out.append(self.tb(date, "date", cx, y, col - self.px(8)))
            out.append(
                Ellipse(cx, line_y - dot / 2, dot, dot, fill=self.color("timeline", "dot", "key"))
            )
            ty = line_y + dot / 2 + self.px(6)
            for text in texts:
                shown = f"・{text}" if len(texts) > 1 else text
                box = self.tb(shown, "item-text", cx, ty, col - self.px(12))
                out.append(box)
                ty += box.h + self.px(2)
            text_h = max(text_h, ty - self.px(2) - (line_y + dot / 2 + self.px(6)))
        return out, (line_y + dot / 2 + self.px(6) + text_h) - y

    def _flow(self, b: m.Flow, x: float, y: float, w: float) -> Laid:
        n = len(b.steps)
        gap = self.px(self.c("step", "gap", 8))
        point = self.px(self.c("step", "point", 16))
        sw = (w - gap * (n - 1)) / n
        st = self.st("step")
        boxes = [self.ts.box(self.text(s), st, 0, 0, sw - point - self.px(16)) for s in b.steps]
        h = max(self.px(self.c("step", "height", 56)), max(bx.h for bx in boxes) + self.px(16))
        out: list[Element] = []
        fill = self.color("step", "fill", "key")
        for i, bx in enumerate(boxes):
            sx = x + i * (sw + gap)
            notch = point if i > 0 else 0.0
            pts = (
                (sx, y),
                (sx + sw - point, y),
                (sx + sw, y + h / 2),
                (sx + sw - point, y + h),
                (sx, y + h),
                (sx + notch, y + h / 2),
            )
            out.append(Polygon(pts, fill, "chevron" if i > 0 else "pentagon"))
            out.append(
                replace(bx, x=sx + notch / 2 + self.px(8), y=y + (h - bx.h) / 2, align="center")
            )
        return out, h

    def _cycle(self, b: m.Flow, x: float, y: float, w: float) -> Laid:
        n = len(b.steps)
        arrow_w = self.px(96)
        bw = (w - arrow_w * (n - 1)) / n
        st = self.st("step")
        boxes = [self.ts.box(self.text(s), st, 0, 0, bw - self.px(24)) for s in b.steps]
        h = max(self.px(80), max(bx.h for bx in boxes) + self.px(24))
        fill = self.color("step", "fill", "key")
        out: list[Element] = []
        for i, bx in enumerate(boxes):
            bxx = x + i * (bw + arrow_w)
            out.append(Rect(bxx, y, bw, h, fill=fill, radius=h / 2))
            out.append(
                replace(
                    bx,
                    x=bxx + self.px(12),
                    y=y + (h - bx.h) / 2,
                    align="center",
                    w=bw - self.px(24),
                )
            )
            if i < n - 1:
                ax1, ax2 = bxx + bw + self.px(12), bxx + bw + arrow_w - self.px(12)
                out.append(Rule(ax1, y + h * 0.33, ax2, y + h * 0.33, fill, self.px(3), True))
                out.append(Rule(ax2, y + h * 0.67, ax1, y + h * 0.67, fill, self.px(3), True))
        return out, h

    def _stack(self, b: m.Stack, x: float, y: float, w: float) -> Laid:
        lw = min(self.px(self.c("layer", "label_width", 220)), w * 0.4)
        gap = self.px(self.c("layer", "gap", 8))
        out: list[Element] = []
        cy = y
        for layer in b.layers:
            lab = self.ts.box(layer.label, self.st("layer-label"), 0, 0, lw - self.px(16))
            txt = self.ts.box(
                self.text(layer.text), self.st("layer-text"), 0, 0, w - lw - self.px(24)
            )
            h = max(
                self.px(self.c("layer", "height", 52)), lab.h + self.px(16), txt.h + self.px(16)
            )
            out.append(
                Rect(x, cy, lw, h, fill=self.color("layer", "fill", "key"), radius=self.px(4))
            )
            out.append(replace(lab, x=x + self.px(8), y=cy + (h - lab.h) / 2, align="center"))
            out.append(
                Rect(
                    x + lw,
                    cy,
                    w - lw,
                    h,
                    fill=self.color("layer", "text_fill", "tint"),
                    radius=self.px(4),
                )
            )
            out.append(replace(txt, x=x + lw + self.px(12), y=cy + (h - txt.h) / 2, align="center"))
            cy += h + gap
        return out, cy - gap - y

    def _compare(self, b: m.Compare, x: float, y: float, w: float) -> Laid:
        arrow_w = self.px(48)
        sw = (w - arrow_w) / 2
        pad = self.px(12)
        out: list[Element] = []
        laid = []
        for i, side in enumerate((b.before, b.after)):
            sx = x + i * (sw + arrow_w)
            els: list[Element] = []
            cy = y + pad
            if side.label:
                lab = self.tb(side.label, "compare-label", sx + pad, cy + self.px(6), sw - 2 * pad)
                fill = self.color("compare", "after_label_fill" if i else "label_fill", "sub")
                els.append(
                    Rect(
                        sx + pad,
                        cy,
                        sw - 2 * pad,
                        lab.h + self.px(12),
                        fill=fill,
                        radius=self.px(4),
                    )
                )
                els.append(lab)
                cy += lab.h + self.px(12) + self.px(8)
            for text, style in ((side.title, "compare-title"), (side.text, "compare-text")):
                if text:
                    box = self.tb(text, style, sx + pad, cy, sw - 2 * pad)
                    els.append(box)
                    cy += box.h + self.px(4)
            laid.append((sx, els, cy - y + pad))
        h = max(hh for _, _, hh in laid)
        for i, (sx, els, _) in enumerate(laid):
            fill = self.color("compare", "after_fill" if i else "fill", "surface")
            out.append(Rect(sx, y, sw, h, fill=fill, radius=self.px(8)))
            out.extend(els)
        ax, ay = x + sw + self.px(8), y + h / 2
        aw = arrow_w - self.px(16)
        pts = ((ax, ay - self.px(14)), (ax + aw, ay), (ax, ay + self.px(14)))
        out.append(Polygon(pts, self.color("compare", "arrow", "key"), "triangle"))
        return out, h

    def _tags(self, items: tuple[str, ...], x: float, y: float, w: float) -> Laid:
        st = self.st("tag")
        h = self.px(self.c("tag", "height", 28))
        pad = self.px(self.c("tag", "padding", 12))
        gap = self.px(self.c("tag", "gap", 8))
        out: list[Element] = []
        cx, cy = x, y
        for item in items:
            tw = min(self.ts.width(item, st), w - 2 * pad)
            cw = tw + 2 * pad
            if cx > x and cx + cw > x + w:
                cx, cy = x, cy + h + gap
            out.append(
                Rect(
                    cx,
                    cy,
                    cw,
                    h,
                    fill=self.theme.color("white"),
                    stroke=self.color("tag", "stroke", "key"),
                    stroke_width=self.px(1),
                    radius=h / 2,
                )
            )
            box = self.ts.box(item, st, cx + pad, cy, tw + 1)
            out.append(replace(box, y=cy + (h - box.h) / 2))
            cx += cw + gap
        return out, cy + h - y


def ceil_lines(over: float, line_height: float) -> int:
    return max(1, math.ceil(over / line_height - 1e-6))
