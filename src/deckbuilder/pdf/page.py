"""One slide's PDF page content, written straight from its scene: shapes, charts, text.

Every painting operator sits in marked content, in this order: the shapes as one artifact, each
chart a Figure span (its marks are a Form XObject drawn by matplotlib, see ``chart_files``; its
labels are scene text), each text run a Span with the MCID ``marked_content.plan`` gives it.
Pictures are added by the assembly.
Coordinates: the scene's points, y down; PDF's y runs up from the page's bottom.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass

from deckbuilder.pdf.fonts import show_text
from deckbuilder.pdf.marked_content import (
    CLOSE,
    FURNITURE,
    OPEN_ARTIFACT,
    McidPlan,
    open_figure,
    open_furniture,
    open_span,
)
from deckbuilder.pdf.marked_content import plan as mark_plan
from deckbuilder.scene import ChartBox, Ellipse, Polygon, Rect, Rule, SlideScene, TextBox, baseline
from deckbuilder.text.fonts import FontSet

KAPPA = 0.5522847498  # a quarter circle as one cubic Bézier


@dataclass(frozen=True)
class PageContent:
    ops: bytes  # the content stream, Flate-compressed (kept so, a rebuild does not redo it)
    charts: tuple[tuple[str, ChartBox], ...]  # the Form XObjects it paints: (name, chart)


def chart_name(mcid: int) -> str:
    return f"/Chart{mcid}"


def page_content(scene: SlideScene, fonts: FontSet, tagged: bool = True) -> PageContent:
    mcids = mark_plan(scene)
    h = scene.height
    ops: list[bytes] = [OPEN_ARTIFACT if tagged else b""]
    ops.append(_rect(0, 0, scene.width, scene.height, scene.background, None, 0, 0, False, h))
    for el in scene.elements:
        ops.append(_shape(el, h))
    ops.append(CLOSE if tagged else b"")
    # The charts' marks go below the text that labels them (marked_content.plan numbers them first).
    charts = []
    for i, el in enumerate(scene.elements):
        if isinstance(el, ChartBox):
            mcid = mcids.charts[i]
            name = chart_name(mcid)
            charts.append((name, el))
            body = f"q 1 0 0 1 {_n(el.x)} {_n(h - el.y - el.h)} cm {name} Do Q".encode()
            ops += [open_figure(mcid), body, CLOSE] if tagged else [body]
    ops += _texts(scene, fonts, mcids, tagged)
    return PageContent(zlib.compress(b"\n".join(op for op in ops if op)), tuple(charts))


def _texts(scene: SlideScene, fonts: FontSet, mcids: McidPlan, tagged: bool) -> list[bytes]:
    out = []
    for i, box in enumerate(scene.elements):
        if not isinstance(box, TextBox):
            continue
        furniture = open_furniture(box.role) if box.role in FURNITURE else b""
        for n, line in enumerate(box.lines):
            if not line.text:
                continue
            face = fonts.face(line.runs[0].bold)
            y = scene.height - baseline(box, n, face.ascent, face.descent)
            x = box.line_left(n)
            for k, run in enumerate(line.runs):
                rface = fonts.face(run.bold)
                if run.text:
                    ops = show_text(rface, run.text, run.size, run.color, run.spacing, x, y)
                    tag = furniture or open_span(mcids.runs[(i, n, k)])
                    out += [tag, ops, CLOSE] if tagged else [ops]
                x += rface.width(run.text, run.size, run.spacing)
    return out


# --- shapes ------------------------------------------------------------------------------------


def _shape(el: object, h: float) -> bytes:
    if isinstance(el, Rect):
        return _rect(
            el.x, el.y, el.w, el.h, el.fill, el.stroke, el.stroke_width, el.radius, el.dashed, h
        )
    if isinstance(el, Ellipse):
        path = _ellipse(el.x, h - el.y - el.h, el.w, el.h)
        return _paint(path, el.fill, el.stroke, el.stroke_width)
    if isinstance(el, Polygon):
        pts = [(x, h - y) for x, y in el.points]
        path = (
            f"{_n(pts[0][0])} {_n(pts[0][1])} m "
            + " ".join(f"{_n(x)} {_n(y)} l" for x, y in pts[1:])
            + " h"
        )
        return _paint(path, el.fill, None, 0)
    if isinstance(el, Rule):
        return _rule(el, h)
    return b""


def _rect(
    x: float,
    y: float,
    w: float,
    hh: float,
    fill: str | None,
    stroke: str | None,
    width: float,
    radius: float,
    dashed: bool,
    h: float,
) -> bytes:
    if not (fill or (stroke and width)):
        return b""
    bottom = h - y - hh
    r = min(radius, w / 2, hh / 2)
    if r <= 0:
        path = f"{_n(x)} {_n(bottom)} {_n(w)} {_n(hh)} re"
    else:
        path = _round_rect(x, bottom, w, hh, r)
    dash = f"[{_n(4 * width)} {_n(3 * width)}] 0 d " if dashed and stroke else ""
    return _paint(path, fill, stroke, width, dash)


def _round_rect(x: float, y: float, w: float, h: float, r: float) -> str:
    k = r * KAPPA
    x2, y2 = x + w, y + h
    return " ".join(
        [
            f"{_n(x + r)} {_n(y)} m",
            f"{_n(x2 - r)} {_n(y)} l",
            f"{_n(x2 - r + k)} {_n(y)} {_n(x2)} {_n(y + r - k)} {_n(x2)} {_n(y + r)} c",
            f"{_n(x2)} {_n(y2 - r)} l",
            f"{_n(x2)} {_n(y2 - r + k)} {_n(x2 - r + k)} {_n(y2)} {_n(x2 - r)} {_n(y2)} c",
            f"{_n(x + r)} {_n(y2)} l",
            f"{_n(x + r - k)} {_n(y2)} {_n(x)} {_n(y2 - r + k)} {_n(x)} {_n(y2 - r)} c",
            f"{_n(x)} {_n(y + r)} l",
            f"{_n(x)} {_n(y + r - k)} {_n(x + r - k)} {_n(y)} {_n(x + r)} {_n(y)} c h",
        ]
    )


def _ellipse(x: float, y: float, w: float, h: float) -> str:
    rx, ry = w / 2, h / 2
    cx, cy = x + rx, y + ry
    kx, ky = rx * KAPPA, ry * KAPPA
    return " ".join(
        [
            f"{_n(cx + rx)} {_n(cy)} m",
            f"{_n(cx + rx)} {_n(cy + ky)} {_n(cx + kx)} {_n(cy + ry)} {_n(cx)} {_n(cy + ry)} c",
            f"{_n(cx - kx)} {_n(cy + ry)} {_n(cx - rx)} {_n(cy + ky)} {_n(cx - rx)} {_n(cy)} c",
            f"{_n(cx - rx)} {_n(cy - ky)} {_n(cx - kx)} {_n(cy - ry)} {_n(cx)} {_n(cy - ry)} c",
            f"{_n(cx + kx)} {_n(cy - ry)} {_n(cx + rx)} {_n(cy - ky)} {_n(cx + rx)} {_n(cy)} c h",
        ]
    )


def _rule(el: Rule, h: float) -> bytes:
    x1, y1, x2, y2 = el.x1, h - el.y1, el.x2, h - el.y2
    color = _rgb(el.color)
    if not el.arrow:
        return (
            f"q {color} RG {_n(el.width)} w 0 J {_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l S Q"
        ).encode()
    # A filled head two line widths long and as wide, its tip on the end point (matplotlib's
    # "-|>" at a mutation scale of five widths).
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    head = 2 * el.width
    bx, by = x2 - ux * head, y2 - uy * head
    px, py = -uy * el.width, ux * el.width
    return (
        f"q {color} RG {color} rg {_n(el.width)} w 0 J {_n(x1)} {_n(y1)} m {_n(bx)} {_n(by)} l S "
        f"{_n(x2)} {_n(y2)} m {_n(bx + px)} {_n(by + py)} l {_n(bx - px)} {_n(by - py)} l h f Q"
    ).encode()


def _paint(path: str, fill: str | None, stroke: str | None, width: float, dash: str = "") -> bytes:
    stroked = bool(stroke and width)
    if not fill and not stroked:
        return b""
    state = ""
    if fill:
        state += f"{_rgb(fill)} rg "
    if stroked:
        state += f"{_rgb(stroke or '#000000')} RG {_n(width)} w {dash}"
    op = "B" if fill and stroked else "f" if fill else "S"
    return f"q {state}{path} {op} Q".encode()


def _rgb(color: str) -> str:
    return " ".join(_n(int(color[i : i + 2], 16) / 255) for i in (1, 3, 5))


def _n(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") or "0"
