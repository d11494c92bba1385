"""Scene text as DrawingML text: paragraphs, breaks, bullets, and where the text area goes.

Several boxes that belong together (a card's label, value and date; a list's items) become the
paragraphs of one text body. Each paragraph keeps its box's exact line spacing, and the space
before it puts its first baseline where the scene has it, so LibreOffice and PowerPoint keep the
PDF's lines. A line break is written only where the line breaker broke inside a paragraph.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from deckbuilder.powerpoint import markup as x
from deckbuilder.scene import Line, Run, TextBox
from deckbuilder.text.fonts import FontSet

# With exact line spacing, office suites put the baseline lower than the half-leading model of
# the scene for loose spacing and higher for tight; measured in LibreOffice on this font
# (tests/powerpoint/test_libreoffice.py) with normAutofit bodies, the shift is linear in the
# line-height ratio.
BASELINE_SLOPE, BASELINE_OFFSET = 0.576, -0.599
AUTOFIT = "<a:normAutofit/>"  # an edit that outgrows the box shrinks its text, never overprints
# The least slack (em) a shape's own text area must leave each line, measured in LibreOffice:
# with less, the shape's text becomes a text box of its own, sized to hold it.
FIT_EM = 0.25


@dataclass(frozen=True)
class Unit:
    """One scene box in a text body; a list item's body carries its bullet."""

    box: TextBox
    bullet: str = ""  # <a:buChar>/<a:buAutoNum> markup
    hang: float = 0.0  # pt from the marker to the body: the hanging indent


@dataclass
class Paragraphs:
    """A text body's paragraphs as DrawingML, with the text area they need (not the source's
    ``Paragraphs`` block)."""

    paragraphs: list[str]
    left: float  # the text area, pt
    top: float  # top of the first line box where office suites start it
    right: float
    bottom: float
    align: str
    valign: str = "top"


def shift(box: TextBox) -> float:
    size = max((ln.size for ln in box.lines), default=12.0)
    ratio = box.line_height / size if size else 1.0
    return size * (BASELINE_SLOPE * ratio + BASELINE_OFFSET)


def slack(box: TextBox, base: float = 1.0) -> float:
    """``base`` em (one: so no renderer re-wraps a computed line), plus a quarter em per change
    between Japanese and Latin text: LibreOffice spaces those apart (PowerPoint does not)."""
    size = max((ln.size for ln in box.lines), default=12.0)
    return size * (base + 0.25 * max((_script_changes(ln.text) for ln in box.lines), default=0))


def fits(units: list[Unit], left: float, right: float) -> bool:
    """Every line of ``units``, with the slack LibreOffice needs (a quarter em, and a quarter
    per change of script), lies between ``left`` and ``right`` (pt)."""
    for u in units:
        b = u.box
        room = slack(b, FIT_EM)
        before = room / 2 if b.align == "center" else room if b.align == "right" else 0.0
        for i, line in enumerate(b.lines):
            start = b.line_left(i)
            if start - before < left - 0.01 or start + line.width + room - before > right + 0.01:
                return False
    return True


def _script_changes(text: str) -> int:
    kinds = [
        "latin" if c.isascii() and c.isalnum() else "ja" if ord(c) > 0x2E7F else "" for c in text
    ]
    kinds = [k for k in kinds if k]
    return sum(1 for a, b in zip(kinds, kinds[1:], strict=False) if a != b)


def _inline(prev: TextBox, box: TextBox) -> bool:
    """``box`` sits beside the last line of ``prev`` (an as-of date beside a KPI value)."""
    last = len(prev.lines) - 1
    if len(box.lines) != 1 or last < 0:
        return False
    end = prev.line_left(last) + prev.lines[last].width
    em = box.lines[0].size
    beside = box.y < prev.line_top(last) + prev.line_height - 0.5
    return beside and end - 0.5 <= box.x <= end + em


@dataclass
class TextWriter:
    family: str
    lang: str  # the deck's language, e.g. ja-JP
    colors: x.Colors
    fonts: FontSet
    link: Callable[[str], str]  # URL -> relationship id

    def rpr(self, run: Run, box: TextBox, tag: str = "rPr", spacing: float | None = None) -> str:
        lang = "en-US" if "en" in (run.lang, box.lang) else self.lang
        link = self.link(run.link) if run.link and tag == "rPr" else ""
        sp = run.spacing if spacing is None else spacing
        return x.r_pr(
            tag, lang, run.size, run.bold, self.colors.clr(run.color), sp, self.family, link
        )

    def lines(self, lines: tuple[Line, ...], box: TextBox) -> str:
        parts: list[str] = []
        last: Run | None = None
        for i, line in enumerate(lines):
            if i > 0 and last is not None:
                parts.append(f"<a:br>{self.rpr(last, box)}</a:br>")
            for r in line.runs:
                parts.append(x.run(self.rpr(r, box), r.text))
                last = r
        return "".join(parts)

    def end(self, box: TextBox) -> str:
        runs = [r for ln in box.lines for r in ln.runs]
        if not runs:
            return f'<a:endParaRPr lang="{self.lang}" dirty="0"/>'
        return self.rpr(runs[-1], box, "endParaRPr")

    def paragraphs(self, units: list[Unit]) -> Paragraphs | None:
        """The units as paragraphs of one body, or None where one body cannot hold them (boxes
        centred on different axes)."""
        if not units:
            return None
        align = units[0].box.align
        first = units[0].box
        if any(u.box.align != align for u in units):
            return None
        if align != "left" and any(
            abs(u.box.x - first.x) > 0.5 or abs(u.box.w - first.w) > 0.5 for u in units
        ):
            return None
        room = max(slack(u.box) for u in units)
        left = min(u.box.x - u.hang for u in units)
        right = max(u.box.x + u.box.w for u in units)
        if align == "center":
            left, right = left - room / 2, right + room / 2
        elif align == "right":
            left -= room
        else:
            right += room
        paras: list[list[str]] = []
        cursor: float | None = None
        top = 0.0
        prev: TextBox | None = None
        for u in units:
            b = u.box
            if prev is not None and paras and _inline(prev, b):
                paras[-1][1] += self._beside(prev, b)
                prev = b
                continue
            want = b.line_top(0) - shift(b)
            if cursor is not None and want < cursor - b.line_height / 2:
                return None  # side by side, not one after the other: not one body
            at = want if cursor is None else max(want, cursor)
            before = 0.0 if cursor is None else at - cursor
            if cursor is None:
                top = at
            mar = x.emu(b.x - left) if align == "left" else 0
            for k, lines in enumerate(b.paragraphs):
                head = k == 0
                ppr = x.p_pr(
                    align,
                    b.line_height,
                    before if head else 0.0,
                    mar,
                    -x.emu(u.hang) if head and u.hang else 0,
                    u.bullet if head else "",
                )
                paras.append([ppr, self.lines(lines, b), self.end(b)])
            cursor = at + len(b.lines) * b.line_height
            prev = b
        bottom = cursor if cursor is not None else top
        return Paragraphs(
            [f"<a:p>{p}{c}{e}</a:p>" for p, c, e in paras], left, top, right, bottom, align
        )

    def _beside(self, prev: TextBox, box: TextBox) -> str:
        """Runs for a box on the same line as ``prev``'s last: a spaced gap, then its text."""
        last = len(prev.lines) - 1
        gap = box.x - (prev.line_left(last) + prev.lines[last].width)
        runs = box.lines[0].runs
        if not runs:
            return ""
        first = runs[0]
        space = self.fonts.face(first.bold).width(" ", first.size)
        gap_run = x.run(self.rpr(first, box, spacing=gap - space), " ")
        return gap_run + "".join(x.run(self.rpr(r, box), r.text) for r in runs)

    def field_body(self, box: TextBox, kind: str, guid: str) -> str:
        """A one-line box whose text is a field (the slide number)."""
        runs = [r for ln in box.lines for r in ln.runs]
        text = "".join(r.text for r in runs)
        ppr = x.p_pr(box.align, box.line_height, 0.0)
        content = x.field(self.rpr(runs[0], box), text, kind, guid) if runs else ""
        return f"<a:p>{ppr}{content}{self.end(box)}</a:p>"


def frame_of(flow: Paragraphs, units: list[Unit]) -> tuple[tuple[float, float, float, float], str]:
    """A stand-alone text frame (pt) and its anchor: one box keeps its own height and vertical
    alignment; a body of several starts at its first line."""
    if len(units) == 1 and not units[0].hang:
        b = units[0].box
        h = max(b.h, b.content_height)
        y = b.y - shift(b)
        # Room to spare below (or around) the text: an office suite that measures the text a
        # little taller must not shrink it.
        extra = b.line_height * 0.5
        if b.valign == "middle":
            return (flow.left, y - extra / 2, flow.right - flow.left, h + extra), "middle"
        if b.valign == "bottom":
            return (flow.left, y - extra, flow.right - flow.left, h + extra), "bottom"
        return (flow.left, y, flow.right - flow.left, h + extra), "top"
    lh = units[-1].box.line_height
    return (flow.left, flow.top, flow.right - flow.left, flow.bottom - flow.top + lh * 0.5), "top"


def body_in(
    flow: Paragraphs,
    frame: tuple[float, float, float, float],
    anchor: str = "top",
    rect: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0),
) -> str:
    """The flow's <p:txBody> inside ``frame`` (pt): insets put the text area where it goes,
    measured from the geometry's own text rectangle (``rect``: its left, top, right and bottom
    distances from the frame). No inset is negative: the slack stops at that rectangle's edge
    (centred text loses it on both sides alike, so it stays centred)."""
    fx, fy, fw, fh = frame
    rl, rt, rr, _rb = rect
    left = flow.left - (fx + rl)
    right = (fx + fw - rr) - flow.right
    top = flow.top - (fy + rt) if anchor == "top" else 0.0
    if flow.align == "center":
        d = max(0.0, -left, -right)
        left, right = left + d, right + d
    insets = (max(left, 0.0), max(top, 0.0), max(right, 0.0), 0.0)
    emus = tuple(x.emu(v) for v in insets)
    return x.tx_body(x.body_pr(emus, anchor, AUTOFIT), flow.paragraphs)  # type: ignore[arg-type]
