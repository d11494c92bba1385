"""Draw a SlideScene with matplotlib: the PDF pages and the PNG previews come from here.

One full-page axes whose data units are points with y growing downward, so scene coordinates are
used as they are. Text is drawn line by line at the positions the layout stage computed.
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.patches import Ellipse as MEllipse  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.patches import Polygon as MPolygon  # noqa: E402

from . import charts  # noqa: E402
from .fonts import FontSet  # noqa: E402
from .scene import (  # noqa: E402
    ChartBox,
    Ellipse,
    Placeholder,
    Polygon,
    Rect,
    Rule,
    SlideScene,
    TextBox,
)

matplotlib.rcParams.update(
    {
        "pdf.fonttype": 42,  # TrueType (CID Type 2) subsets, never Type 3
        "svg.fonttype": "none",
        "svg.hashsalt": "deckbuilder",  # stable ids in SVG output
        "path.simplify": False,
        "axes.unicode_minus": False,
        "text.hinting": "no_hinting",  # previews keep the PDF's advances
    }
)


@lru_cache(maxsize=4)
def _props(path: str) -> FontProperties:
    return FontProperties(fname=path)


def baseline(box: TextBox, index: int, ascent: float, descent: float) -> float:
    """The baseline of line ``index``: half-leading above and below, as CSS does."""
    lh = box.line_height
    content = lh * len(box.lines)
    top = box.y
    if box.valign == "middle":
        top += (box.h - content) / 2
    elif box.valign == "bottom":
        top += box.h - content
    size = box.lines[index].size
    return top + index * lh + (lh - (ascent + descent) * size) / 2 + ascent * size


def line_x(box: TextBox, width: float) -> float:
    if box.align == "center":
        return box.x + (box.w - width) / 2
    if box.align == "right":
        return box.x + box.w - width
    return box.x


def figure_for(scene: SlideScene, fonts: FontSet) -> Figure:
    fig = Figure(figsize=(scene.width / 72, scene.height / 72), dpi=72)
    fig.patch.set_facecolor(scene.background)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, scene.width)
    ax.set_ylim(scene.height, 0)
    ax.set_axis_off()
    for el in scene.elements:
        _draw(fig, ax, el, scene, fonts)
    return fig


def _draw(fig: Figure, ax: Axes, el: object, scene: SlideScene, fonts: FontSet) -> None:
    a = ax  # matplotlib Axes
    if isinstance(el, Rect):
        dash = (0, (4, 3)) if el.dashed else "solid"
        patch = FancyBboxPatch(
            (el.x, el.y),
            el.w,
            el.h,
            boxstyle=f"round,pad=0,rounding_size={el.radius}" if el.radius else "square,pad=0",
            facecolor=el.fill or "none",
            edgecolor=el.stroke or "none",
            linewidth=el.stroke_width if el.stroke else 0,
            linestyle=dash,
        )
        a.add_patch(patch)
    elif isinstance(el, TextBox):
        _text(a, el, fonts)
    elif isinstance(el, Rule):
        if el.arrow:
            a.add_patch(
                FancyArrowPatch(
                    (el.x1, el.y1),
                    (el.x2, el.y2),
                    arrowstyle="-|>",
                    mutation_scale=el.width * 5,
                    color=el.color,
                    linewidth=el.width,
                    shrinkA=0,
                    shrinkB=0,
                )
            )
        else:
            a.plot(
                [el.x1, el.x2],
                [el.y1, el.y2],
                color=el.color,
                linewidth=el.width,
                solid_capstyle="butt",
            )
    elif isinstance(el, Polygon):
        a.add_patch(MPolygon(list(el.points), closed=True, facecolor=el.fill, linewidth=0))
    elif isinstance(el, Ellipse):
        a.add_patch(
            MEllipse(
                (el.x + el.w / 2, el.y + el.h / 2),
                el.w,
                el.h,
                facecolor=el.fill or "none",
                edgecolor=el.stroke or "none",
                linewidth=el.stroke_width,
            )
        )
    elif isinstance(el, ChartBox):
        W, H = scene.width, scene.height
        cax = fig.add_axes((el.x / W, 1 - (el.y + el.h) / H, el.w / W, el.h / H))
        charts.draw(cax, el, fonts)
    elif isinstance(el, Placeholder):
        pass  # drawn as a Rect and a caption; the marker only carries alt text for the PPTX


def _text(ax: Axes, box: TextBox, fonts: FontSet) -> None:
    for i, line in enumerate(box.lines):
        if not line.text:
            continue
        face = fonts.face(line.runs[0].bold)
        y = baseline(box, i, face.ascent, face.descent)
        x = line_x(box, line.width)
        for run in line.runs:
            rface = fonts.face(run.bold)
            ax.text(
                x,
                y,
                run.text,
                fontproperties=_props(str(rface.path)),
                fontsize=run.size,
                color=run.color,
                ha="left",
                va="baseline",
            )
            x += rface.width(run.text, run.size)
