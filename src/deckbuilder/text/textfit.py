"""Turning strings into TextBoxes: measure, wrap and, where a slot allows it, shrink to fit."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from deckbuilder.errors import Where
from deckbuilder.memo import Memo
from deckbuilder.scene import Line, Run, TextBox
from deckbuilder.text.fonts import FontSet
from deckbuilder.text.lang_spans import lang_spans, split_line
from deckbuilder.text.linebreak import wrap_paragraphs
from deckbuilder.text.style import TextStyle

# Cache: lines by (face hash, bold, text, style, width, balance), everything they are made of;
# in memory only: quicker made than read.
_LINES: Memo[tuple[Line, ...]] = Memo(8192)


@dataclass
class Overflow:
    slot: str
    lines: int
    where_key: str = ""
    wide: float = 0.0  # pt by which a line that cannot be broken is wider than its box
    text: str = ""  # that line
    where: Where | None = None  # where the text comes from, where known better than the slot


@dataclass
class Typesetter:
    fonts: FontSet
    overflows: list[Overflow] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)

    def width(self, text: str, style: TextStyle) -> float:
        return self.fonts.face(style.bold).width(text, style.size, style.spacing)

    def lines(self, text: str, style: TextStyle, width: float, balance: bool = False) -> list[Line]:
        """``text`` broken into lines of ``width``. Two calls in three repeat one already made
        (a slot shrinking its text step by step, a sparse slide trying its zoom steps, the same
        label on many slides): those are kept, in memory."""
        face = self.fonts.face(style.bold)
        self.missing.update(face.missing(text))
        key = (face.digest, face.bold, text, style, width, balance)
        return list(_LINES.get(key, lambda: self._lines(text, style, width, balance)))

    def _lines(self, text: str, style: TextStyle, width: float, balance: bool) -> tuple[Line, ...]:
        face = self.fonts.face(style.bold)
        measure = lambda s: face.width(s, style.size, style.spacing)  # noqa: E731
        out = []
        for para, lines in zip(
            text.split("\n"), wrap_paragraphs(text, width, measure, balance), strict=True
        ):
            found = lang_spans(para)
            pos = 0
            for n, raw in enumerate(lines):
                pos = max(para.find(raw, pos), pos) if raw else pos
                runs = tuple(
                    Run(piece, style.size, style.bold, style.color, style.spacing, lang, link)
                    for piece, lang, link in split_line(raw, pos, found)
                ) or (Run(raw, style.size, style.bold, style.color, style.spacing),)
                out.append(Line(runs, measure(raw), starts_paragraph=n == 0))
                pos += len(raw)
        return tuple(out)

    def box(
        self,
        text: str,
        style: TextStyle,
        x: float,
        y: float,
        w: float,
        h: float | None = None,
        *,
        align: str = "",
        valign: str = "top",
        role: str = "paragraph",
        slot: str = "",
        balance: bool = False,
        color: str = "",
        level: int = 0,
        lang: str = "",
    ) -> TextBox:
        """Lay text into a box of width w. With a height, shrink down to the style's floor."""
        if color:
            style = replace(style, color=color)
        lines = self.lines(text, style, w, balance)
        if h is not None:
            while len(lines) * style.size * style.line_height > h + 0.01 and (
                style.size - 0.75 >= style.min_size > 0
            ):
                style = replace(style, size=style.size - 0.75)  # one px at a time
                lines = self.lines(text, style, w, balance)
            lh = style.size * style.line_height
            over = len(lines) * lh - h
            if over > 0.5:
                self.overflows.append(Overflow(slot or role, max(1, round(over / lh + 0.49))))
        lh = style.size * style.line_height
        height = h if h is not None else lh * len(lines)
        return TextBox(
            x, y, w, height, tuple(lines), lh, align or style.align, valign, role, slot, level, lang
        )

    def too_wide(
        self, lines: list[Line], w: float, slot: str = "", where: Where | None = None
    ) -> None:
        """A line nothing may break (a KPI's value with its unit; wrapped text breaks even a
        long word) wider than its box prints over its neighbours: an overflow like any other."""
        widest = max(lines, key=lambda ln: ln.width, default=None)
        if widest is not None and widest.width > w + 0.5:
            key = "" if slot else "panels"  # a block's box: the slide's panels
            over = widest.width - w
            text = widest.text.strip()
            self.overflows.append(Overflow(slot or "body", 0, key, over, text, where))

    def runs_line(self, parts: list[tuple[str, TextStyle]]) -> Line:
        """One line of runs in different styles (a KPI's value and unit)."""
        runs = []
        width = 0.0
        for text, st in parts:
            if not text:
                continue
            self.missing.update(self.fonts.face(st.bold).missing(text))
            runs.append(Run(text, st.size, st.bold, st.color, st.spacing))
            width += self.width(text, st)
        return Line(tuple(runs), width)
