"""Charts bound to figures: the data comes from figures.yaml, the look from the layout set.

``chart_box`` (layout stage) turns a chart block into a ChartBox holding only numbers, labels and
style, and ``label_boxes`` turns the chart's labels and values into scene TextBoxes, so both
renderers print them as text in the deck's fonts. ``draw`` (render stage) draws the marks alone
onto matplotlib axes: into the PDF page (vector) and, for the PPTX, into SVG and PNG.

One function per kind computes both: it draws its marks with a ``Pen`` and collects its
``Label``s, so the labels sit where the marks are by construction. The layout stage hands it a
pen that draws nothing (no matplotlib there); the render stage a pen on real axes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from deckbuilder.layout import tokens
from deckbuilder.scene import ChartBox, TextBox
from deckbuilder.source import model as m
from deckbuilder.source.formatting import as_of_text, display
from deckbuilder.source.layoutset import LayoutSet
from deckbuilder.text.fonts import FontFace, FontSet
from deckbuilder.text.style import TextStyle
from deckbuilder.text.textfit import Typesetter

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def chart_box(
    b: m.Chart,
    figures: dict[str, m.Figure],
    layout_set: LayoutSet,
    x: float,
    y: float,
    w: float,
    h: float,
    topic: str = "",
) -> ChartBox:
    figs = [figures[f] for f in b.figures]
    labels = list(b.labels) or [_label(b, f) for f in figs]
    data = tuple((lab, float(f.value), display(f)) for lab, f in zip(labels, figs, strict=False))
    style = {
        "palette": tuple(tokens.chart(layout_set.chart, "palette")),
        "grid": tokens.chart(layout_set.chart, "grid"),
        "track": tokens.chart(layout_set.chart, "track"),
        "text": tokens.chart(layout_set.chart, "text"),
        "label_size": layout_set.px(tokens.chart(layout_set.chart, "label_size")),
        "value_size": layout_set.px(tokens.chart(layout_set.chart, "value_size")),
    }
    return ChartBox(
        x,
        y,
        w,
        h,
        b.kind,
        data,
        b.title,
        alt_text(b, figs, labels, topic),
        tuple(sorted(style.items())),
    )


def _label(b: m.Chart, f: m.Figure) -> str:
    if b.kind == "before_after":
        return (as_of_text(f) if b.parentheses else f.as_of) or f.label
    if b.kind == "hbar" and f.note:
        return f"{f.label}\n{f.note}"  # the bar's own note, e.g. 「1日あたり2,000回以上」
    return f.label


def alt_text(b: m.Chart, figs: list[m.Figure], labels: list[str], topic: str = "") -> str:
    """The chart as one Japanese sentence, from its data: what it shows and the numbers.

    e.g. 「マイナンバーカードの保有率は2021年11月の39%から2025年7月には79%に上がりました。」
    ``topic`` is the heading the chart sits under, where the chart's own name needs it.
    """
    if not figs:
        return ""
    name, topic = _flat(b.title or figs[0].label), _flat(topic)
    if b.kind == "before_after":
        overlap = name in topic or topic in name
        subject = max(name, topic, key=len) if overlap else f"{topic}の{name}"
        (l0, f0), (ln, fn) = (labels[0], figs[0]), (labels[-1], figs[-1])
        middle = zip(labels[1:-1], figs[1:-1], strict=True)
        via = "".join(f"{_flat(lab)}の{display(f)}、" for lab, f in middle)
        via = f"、{via[:-1]}を経て、" if via else ""
        return (
            f"{subject}は{_flat(l0)}の{display(f0)}から{via}{_flat(ln)}には"
            f"{display(fn)}に{_change(f0, fn)}。"
        )
    if b.kind in ("ring", "reduction"):
        f = figs[0]
        when = f"{f.as_of}時点で" if f.as_of else ""
        if name.endswith(_QUALIFIERS) and topic:
            return f"{topic}は、{when}{name}{display(f)}です。"
        return f"{name}は{when}{display(f)}です。"
    parts = "、".join(
        f"{_flat(f.label)}が{display(f)}" + (f"（{_flat(f.note)}）" if f.note else "") for f in figs
    )
    subject = _flat(b.title or topic)
    return f"{subject}は、{parts}です。" if subject else f"{parts}です。"


_QUALIFIERS = ("のうち", "うち", "あたり", "当たり")


def _flat(text: str) -> str:
    """A label on one line: a line break inside a label reads as nothing."""
    return "".join(text.split("\n")).strip()


def _change(before: m.Figure, after: m.Figure) -> str:
    rate = before.unit in ("%", "％")
    if after.value > before.value:
        return "上がりました" if rate else "増えました"
    if after.value < before.value:
        return "下がりました" if rate else "減りました"
    return "変わりませんでした"


# --- labels ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A chart's text, anchored as matplotlib's ``ax.text`` anchors it: (x, y) in chart-local
    points (y down), ``ha`` left|center|right and ``va`` top|center|bottom of its box."""

    x: float
    y: float
    text: str  # "\n" between lines
    size: float  # pt
    bold: bool
    color: str
    ha: str = "center"
    va: str = "center"
    role: str = "label"  # "label" for a category, "value" for a number


def labels(box: ChartBox, faces: FontSet) -> list[Label]:
    """The chart's labels and values, from the same code that draws its marks."""
    out: list[Label] = []
    _KINDS[box.kind](_NoPen(), box, _style(box, faces), out)
    return out


def label_boxes(box: ChartBox, ts: Typesetter) -> list[TextBox]:
    """The chart's labels and values as scene text, placed where matplotlib placed them."""
    return [_text_box(lab, box.x, box.y, ts) for lab in labels(box, ts.fonts)]


def _text_box(lab: Label, x0: float, y0: float, ts: Typesetter) -> TextBox:
    """matplotlib stacks a label's lines in boxes of the font's ascent + descent, baseline one
    ascent below the top (its line gap is 0 for the deck's fonts). A TextBox with that line
    height puts its half-leading baseline (``draw_mpl.baseline``) at the same place."""
    face = ts.fonts.face(lab.bold)
    em = face.ascent + face.descent
    style = TextStyle(lab.size, lab.bold, lab.color, em, lab.ha)
    w = max(face.width(part, lab.size) for part in lab.text.split("\n"))
    lines = ts.lines(lab.text, style, w + 1.0)  # room for every line: none wraps
    lh = lab.size * em
    h = lh * len(lines)
    x = lab.x - {"left": 0.0, "center": w / 2, "right": w}[lab.ha]
    y = lab.y - {"top": 0.0, "center": h / 2, "bottom": h}[lab.va]
    return TextBox(x0 + x, y0 + y, w, h, tuple(lines), lh, style.align, "top", lab.role)


# --- drawing -----------------------------------------------------------------------------------


class Pen(Protocol):
    """The marks a chart is made of, in chart-local points (y down)."""

    def wedge(
        self, cx: float, cy: float, r: float, theta1: float, theta2: float, width: float, color: str
    ) -> None: ...

    def equal_aspect(self) -> None: ...

    def line(
        self, xs: list[float], ys: list[float], color: str, width: float, style: Any = "-"
    ) -> None: ...

    def bar(self, x: float, height: float, bottom: float, width: float, color: str) -> None: ...

    def barh(self, y: float, width: float, left: float, height: float, color: str) -> None: ...

    def arrow(
        self, x1: float, y1: float, x2: float, y2: float, color: str, width: float
    ) -> None: ...


class _NoPen:
    """Draws nothing: the layout stage wants only the labels."""

    def wedge(self, *args: Any) -> None:
        pass

    def equal_aspect(self) -> None:
        pass

    def line(self, *args: Any, **kw: Any) -> None:
        pass

    def bar(self, *args: Any) -> None:
        pass

    def barh(self, *args: Any) -> None:
        pass

    def arrow(self, *args: Any) -> None:
        pass


@dataclass
class _AxesPen:
    """Draws onto matplotlib axes whose data coordinates are the chart's points."""

    ax: Axes

    def wedge(
        self, cx: float, cy: float, r: float, theta1: float, theta2: float, width: float, color: str
    ) -> None:
        from matplotlib.patches import Wedge

        self.ax.add_patch(
            Wedge((cx, cy), r, theta1, theta2, width=width, facecolor=color, linewidth=0)
        )

    def equal_aspect(self) -> None:
        self.ax.set_aspect("equal", adjustable="datalim")

    def line(
        self, xs: list[float], ys: list[float], color: str, width: float, style: Any = "-"
    ) -> None:
        self.ax.plot(xs, ys, color=color, linewidth=width, linestyle=style)

    def bar(self, x: float, height: float, bottom: float, width: float, color: str) -> None:
        self.ax.bar(x, height, bottom=bottom, width=width, color=color, linewidth=0)

    def barh(self, y: float, width: float, left: float, height: float, color: str) -> None:
        self.ax.barh(y, width, left=left, height=height, color=color, linewidth=0)

    def arrow(self, x1: float, y1: float, x2: float, y2: float, color: str, width: float) -> None:
        self.ax.annotate(
            "",
            xy=(x2, y2),
            xytext=(x1, y1),
            arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": width},
        )


def draw(ax: Axes, box: ChartBox, faces: FontSet) -> None:
    """Draw a chart's marks (its text is scene text) filling ``ax``, whose data coordinates are
    the box's points (y down)."""
    ax.set_xlim(0, box.w)
    ax.set_ylim(box.h, 0)
    ax.set_axis_off()
    _KINDS[box.kind](_AxesPen(ax), box, _style(box, faces), [])


def _style(box: ChartBox, faces: FontSet) -> dict[str, Any]:
    s = box.style_dict()
    s["faces"] = faces
    return s


def _faces(s: dict[str, Any]) -> tuple[FontFace, FontFace]:
    faces: FontSet = s["faces"]
    return faces.regular, faces.bold


def _ring(pen: Pen, box: ChartBox, s: dict[str, Any], out: list[Label]) -> None:
    _label_, value, printed = box.data[0]
    r = min(box.w, box.h) / 2 - 2
    cx, cy = box.w / 2, box.h / 2
    width = r * 0.28
    share = max(0.0, min(value, 100.0)) / 100
    # y grows downward in these axes, so angles run clockwise: start at 12 o'clock.
    pen.wedge(cx, cy, r, 0, 360, width, s["track"])
    pen.wedge(cx, cy, r, -90, -90 + 360 * share, width, s["palette"][0])
    pen.equal_aspect()
    size = _fit(_faces(s)[1], [printed], 2 * (r - width) * 0.85, s["value_size"] * 1.2)
    out.append(Label(cx, cy, printed, size, True, s["palette"][0], role="value"))


def _fit(face: FontFace, texts: list[str], width: float, size: float) -> float:
    """The largest size up to ``size`` at which every text fits ``width``."""
    widest = max((face.width(t, 1.0) for t in texts), default=0.0)
    return min(size, width / widest) if widest else size


def _before_after(pen: Pen, box: ChartBox, s: dict[str, Any], out: list[Label]) -> None:
    regular, bold = _faces(s)
    n = len(box.data)
    slot = box.w / n
    vsize = _fit(bold, [p for _, _, p in box.data], slot * 0.92, s["value_size"])
    lsize = _fit(regular, [lab for lab, _, _ in box.data], slot * 0.92, s["label_size"])
    top = vsize * 1.6
    bottom = box.h - lsize * 2.0
    vmax = max(v for _, v, _ in box.data) or 1.0
    bw = min(slot * 0.5, 72.0)
    colors = [s["palette"][2], s["palette"][0]] if n == 2 else list(s["palette"])
    pen.line([0, box.w], [bottom, bottom], s["grid"], 1)
    for i, (label, value, printed) in enumerate(box.data):
        cx = slot * (i + 0.5)
        hgt = (bottom - top) * value / vmax
        color = colors[i % len(colors)]
        pen.bar(cx, -hgt, bottom, bw, color)
        ink = color if i == n - 1 else s["text"]
        out.append(Label(cx, bottom - hgt - vsize * 0.6, printed, vsize, True, ink, role="value"))
        out.append(Label(cx, bottom + lsize * 1.0, label, lsize, False, s["text"]))
    if n == 2:
        # The arrow runs low between the bars, clear of the value labels above them.
        x1, x2 = slot * 0.5 + bw / 2 + 4, slot * 1.5 - bw / 2 - 4
        ya = bottom - (bottom - top) * 0.12
        pen.arrow(x1, ya, x2, ya, s["palette"][0], 1.5)


def _hbar(pen: Pen, box: ChartBox, s: dict[str, Any], out: list[Label]) -> None:
    n = len(box.data)
    row = box.h / n
    regular, bold = _faces(s)
    label_w = (
        max(
            regular.width(part, s["label_size"])
            for lab, _, _ in box.data
            for part in lab.split("\n")
        )
        + 10
    )
    label_w = min(label_w, box.w * 0.45)
    value_w = max(bold.width(p, s["value_size"] * 0.8) for _, _, p in box.data) + 10
    vmax = max(v for _, v, _ in box.data) or 1.0
    span = box.w - label_w - value_w
    for i, (label, value, printed) in enumerate(box.data):
        cy = row * (i + 0.5)
        out.append(Label(label_w - 8, cy, label, s["label_size"], False, s["text"], ha="right"))
        pen.barh(cy, span * value / vmax, label_w, min(row * 0.6, 28), s["palette"][0])
        vx = label_w + span * value / vmax + 6
        vsize = s["value_size"] * 0.8
        out.append(Label(vx, cy, printed, vsize, True, s["palette"][0], ha="left", role="value"))
    pen.line([label_w, label_w], [0, box.h], s["grid"], 1)


def _parts(pen: Pen, box: ChartBox, s: dict[str, Any], out: list[Label]) -> None:
    total = sum(v for _, v, _ in box.data) or 1.0
    bar_h = min(box.h * 0.4, 48.0)
    y0 = box.h * 0.15
    x = 0.0
    palette = s["palette"]
    for i, (label, value, printed) in enumerate(box.data):
        wseg = box.w * value / total
        color = palette[min(i, len(palette) - 1)]
        pen.barh(y0 + bar_h / 2, wseg, x, bar_h, color)
        ink = ON_BAR if i < 2 else s["text"]
        vsize = s["value_size"] * 0.8
        out.append(Label(x + wseg / 2, y0 + bar_h / 2, printed, vsize, True, ink, role="value"))
        ly = y0 + bar_h + s["label_size"] * 1.1
        out.append(Label(x + wseg / 2, ly, label, s["label_size"], False, s["text"]))
        x += wseg
        if i < len(box.data) - 1:
            pen.line([x, x], [y0, y0 + bar_h], "#FFFFFF", 2)


# The colour of the values printed inside a parts chart's first two (darkest) segments.
ON_BAR = "#FFFFFF"


def _reduction(pen: Pen, box: ChartBox, s: dict[str, Any], out: list[Label]) -> None:
    """A relative reduction: the whole as a track, the remaining share filled, the cut labelled."""
    _label_, value, printed = box.data[0]
    bar_h = min(box.h * 0.32, 56.0)
    gap = bar_h * 0.5
    y1 = (box.h - 2 * bar_h - gap) / 2
    y2 = y1 + bar_h + gap
    pen.barh(y1 + bar_h / 2, box.w, 0, bar_h, s["palette"][3])
    remain = box.w * max(0.0, 1 - value / 100)
    pen.barh(y2 + bar_h / 2, remain, 0, bar_h, s["palette"][0])
    pen.line([remain, box.w], [y2 + bar_h / 2, y2 + bar_h / 2], s["grid"], 1, (0, (4, 3)))
    size = _fit(_faces(s)[1], [printed], (box.w - remain) * 0.9, s["value_size"] * 1.2)
    ink = s["palette"][0]
    out.append(Label((remain + box.w) / 2, y2 + bar_h / 2, printed, size, True, ink, role="value"))


_KINDS = {
    "ring": _ring,
    "before_after": _before_after,
    "hbar": _hbar,
    "parts": _parts,
    "reduction": _reduction,
}
