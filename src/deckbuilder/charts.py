"""Charts bound to figures: the data comes from figures.yaml, the look from the layout set.

``chart_box`` (layout stage) turns a chart block into a ChartBox holding only numbers, labels and
style; ``draw`` (render stage) draws a ChartBox onto matplotlib axes. The PDF renderer draws into
the page (vector, real text); the PPTX renderer draws the same function into SVG and PNG.
"""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Wedge

from . import model as m
from .fonts import FontFace, FontSet
from .formatting import display
from .scene import ChartBox
from .theme import Theme


def chart_box(
    b: m.Chart,
    figures: dict[str, m.Figure],
    theme: Theme,
    x: float,
    y: float,
    w: float,
    h: float,
    topic: str = "",
) -> ChartBox:
    figs = [figures[f] for f in b.figures]
    labels = list(b.labels) or [_label(b.kind, f) for f in figs]
    data = tuple((lab, float(f.value), display(f)) for lab, f in zip(labels, figs, strict=False))
    style = {
        "palette": tuple(theme.chart.get("palette", ["#0017C1"])),
        "grid": theme.chart.get("grid", "#E6E6E6"),
        "track": theme.chart.get("track", "#E8F1FE"),
        "text": theme.chart.get("text", "#333333"),
        "label_size": theme.px(theme.chart.get("label_size", 14)),
        "value_size": theme.px(theme.chart.get("value_size", 20)),
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


def _label(kind: str, f: m.Figure) -> str:
    if kind == "before_after":
        return f.as_of or f.label
    if kind == "hbar" and f.note:
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


# --- drawing -----------------------------------------------------------------------------------


def draw(ax: Axes, box: ChartBox, faces: FontSet) -> None:
    """Draw a chart filling ``ax``, whose data coordinates are the box's points (y down)."""
    s = box.style_dict()
    s["faces"] = faces
    fonts = {
        False: FontProperties(fname=str(faces.regular.path)),
        True: FontProperties(fname=str(faces.bold.path)),
    }
    ax.set_xlim(0, box.w)
    ax.set_ylim(box.h, 0)
    ax.set_axis_off()
    {
        "ring": _ring,
        "before_after": _before_after,
        "hbar": _hbar,
        "parts": _parts,
        "reduction": _reduction,
    }[box.kind](ax, box, s, fonts)


def _faces(s: dict[str, Any]) -> tuple[FontFace, FontFace]:
    faces: FontSet = s["faces"]
    return faces.regular, faces.bold


def _text(
    ax: Axes,
    x: float,
    y: float,
    text: str,
    size: float,
    fonts: dict[bool, Any],
    bold: bool = False,
    color: str = "#333333",
    ha: str = "center",
    va: str = "center",
) -> None:
    ax.text(x, y, text, fontproperties=fonts[bold], fontsize=size, color=color, ha=ha, va=va)


def _ring(ax: Axes, box: ChartBox, s: dict[str, Any], fonts: dict[bool, Any]) -> None:
    _label_, value, printed = box.data[0]
    r = min(box.w, box.h) / 2 - 2
    cx, cy = box.w / 2, box.h / 2
    width = r * 0.28
    share = max(0.0, min(value, 100.0)) / 100
    # y grows downward in these axes, so angles run clockwise: start at 12 o'clock.
    ax.add_patch(Wedge((cx, cy), r, 0, 360, width=width, facecolor=s["track"], linewidth=0))
    ax.add_patch(
        Wedge(
            (cx, cy), r, -90, -90 + 360 * share, width=width, facecolor=s["palette"][0], linewidth=0
        )
    )
    ax.set_aspect("equal", adjustable="datalim")
    size = _fit(_faces(s)[1], [printed], 2 * (r - width) * 0.85, s["value_size"] * 1.2)
    _text(ax, cx, cy, printed, size, fonts, True, s["palette"][0])


def _fit(face: FontFace, texts: list[str], width: float, size: float) -> float:
    """The largest size up to ``size`` at which every text fits ``width``."""
    widest = max((face.width(t, 1.0) for t in texts), default=0.0)
    return min(size, width / widest) if widest else size


def _before_after(ax: Axes, box: ChartBox, s: dict[str, Any], fonts: dict[bool, Any]) -> None:
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
    ax.plot([0, box.w], [bottom, bottom], color=s["grid"], linewidth=1)
    for i, (label, value, printed) in enumerate(box.data):
        cx = slot * (i + 0.5)
        hgt = (bottom - top) * value / vmax
        color = colors[i % len(colors)]
        ax.bar(cx, -hgt, bottom=bottom, width=bw, color=color, linewidth=0)
        _text(
            ax,
            cx,
            bottom - hgt - vsize * 0.6,
            printed,
            vsize,
            fonts,
            True,
            color if i == n - 1 else s["text"],
        )
        _text(ax, cx, bottom + lsize * 1.0, label, lsize, fonts, False, s["text"])
    if n == 2:
        # The arrow runs low between the bars, clear of the value labels above them.
        x1, x2 = slot * 0.5 + bw / 2 + 4, slot * 1.5 - bw / 2 - 4
        ya = bottom - (bottom - top) * 0.12
        ax.annotate(
            "",
            xy=(x2, ya),
            xytext=(x1, ya),
            arrowprops={"arrowstyle": "-|>", "color": s["palette"][0], "linewidth": 1.5},
        )


def _hbar(ax: Axes, box: ChartBox, s: dict[str, Any], fonts: dict[bool, Any]) -> None:
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
        _text(ax, label_w - 8, cy, label, s["label_size"], fonts, False, s["text"], ha="right")
        ax.barh(
            cy,
            span * value / vmax,
            left=label_w,
            height=min(row * 0.6, 28),
            color=s["palette"][0],
            linewidth=0,
        )
        _text(
            ax,
            label_w + span * value / vmax + 6,
            cy,
            printed,
            s["value_size"] * 0.8,
            fonts,
            True,
            s["palette"][0],
            ha="left",
        )
    ax.plot([label_w, label_w], [0, box.h], color=s["grid"], linewidth=1)


def _parts(ax: Axes, box: ChartBox, s: dict[str, Any], fonts: dict[bool, Any]) -> None:
    total = sum(v for _, v, _ in box.data) or 1.0
    bar_h = min(box.h * 0.4, 48.0)
    y0 = box.h * 0.15
    x = 0.0
    palette = s["palette"]
    for i, (label, value, printed) in enumerate(box.data):
        wseg = box.w * value / total
        color = palette[min(i, len(palette) - 1)]
        ax.barh(
            y0 + bar_h / 2, wseg, left=x, height=bar_h, color=color, linewidth=0, edgecolor="white"
        )
        ink = "#FFFFFF" if i < 2 else s["text"]
        _text(ax, x + wseg / 2, y0 + bar_h / 2, printed, s["value_size"] * 0.8, fonts, True, ink)
        _text(
            ax,
            x + wseg / 2,
            y0 + bar_h + s["label_size"] * 1.1,
            label,
            s["label_size"],
            fonts,
            False,
            s["text"],
        )
        x += wseg
        if i < len(box.data) - 1:
            ax.plot([x, x], [y0, y0 + bar_h], color="#FFFFFF", linewidth=2)


def _reduction(ax: Axes, box: ChartBox, s: dict[str, Any], fonts: dict[bool, Any]) -> None:
    """A relative reduction: the whole as a track, the remaining share filled, the cut labelled."""
    _label_, value, printed = box.data[0]
    bar_h = min(box.h * 0.32, 56.0)
    gap = bar_h * 0.5
    y1 = (box.h - 2 * bar_h - gap) / 2
    y2 = y1 + bar_h + gap
    ax.barh(y1 + bar_h / 2, box.w, left=0, height=bar_h, color=s["palette"][3], linewidth=0)
    remain = box.w * max(0.0, 1 - value / 100)
    ax.barh(y2 + bar_h / 2, remain, left=0, height=bar_h, color=s["palette"][0], linewidth=0)
    ax.plot(
        [remain, box.w],
        [y2 + bar_h / 2, y2 + bar_h / 2],
        color=s["grid"],
        linewidth=1,
        linestyle=(0, (4, 3)),
    )
    size = _fit(_faces(s)[1], [printed], (box.w - remain) * 0.9, s["value_size"] * 1.2)
    _text(ax, (remain + box.w) / 2, y2 + bar_h / 2, printed, size, fonts, True, s["palette"][0])
