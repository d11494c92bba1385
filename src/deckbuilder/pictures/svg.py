"""SVG pictures (logos) drawn as vectors and pixels; reading and checking them is
``source.svg_files``'s.

The SVG read as a reportlab Drawing becomes a one-page vector PDF (the PDF writer embeds the
page as a Form XObject) and, drawn with matplotlib, the PNG that PowerPoint versions without
SVG support show. No system library is needed: reportlab's own raster backend would need
cairo, so matplotlib rasterises instead.

SVG text is set in the deck's font, whatever family the SVG names (the style has one family):
bold where its weight is bold. The PDF embeds the face (a TrueType subset, so the text can be
found and copied); the PNG draws the same face with matplotlib. Without the deck's fonts (a
size check) svglib gets Helvetica, and never looks for fonts on the system.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from deckbuilder.source.svg_files import Fonts, drawing, register_fonts
from deckbuilder.text.fonts import font_file

if TYPE_CHECKING:
    from reportlab.graphics import shapes


def font_key(fonts: Fonts | None) -> tuple[str, ...]:
    """The font files' hashes: what a drawn SVG with text rests on besides its own bytes."""
    return tuple(font_file(path)[1] for path in fonts) if fonts else ()


def to_pdf(data: bytes, fonts: Fonts | None = None) -> bytes:
    """A one-page PDF of exactly the drawing's size, all vectors; text in the deck's faces,
    embedded as TrueType subsets."""
    from reportlab.graphics import renderPDF

    d = drawing(data, fonts)
    _elliptical_corners(d)
    return bytes(renderPDF.drawToString(d))


def to_png(data: bytes, width_px: int, height_px: int, fonts: Fonts | None = None) -> bytes:
    """The drawing rasterised by matplotlib, transparent around the shapes. Text is drawn in
    ``fonts``; without them (a drawing only measured) it is left out."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    d = drawing(data, fonts)
    faces = dict(zip(register_fonts(fonts), fonts, strict=True)) if fonts else {}
    buf = io.BytesIO()
    # The same pixels in this process and in a worker that has set the previews' rcParams.
    with rc_context(
        {
            "text.hinting": "no_hinting",  # the font's own advances, as in the PDF
            "text.antialiased": True,
            "patch.antialiased": True,
            "path.simplify": False,
        }
    ):
        fig = Figure(figsize=(width_px / 100, height_px / 100), dpi=100)
        fig.patch.set_alpha(0)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_axis_off()
        ax.set_xlim(0, float(d.width))
        ax.set_ylim(0, float(d.height))
        # matplotlib line widths are in points at 100 dpi; the drawing's in its own points.
        _draw(ax, d, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), width_px / float(d.width) * 72 / 100, faces)
        fig.savefig(buf, format="png", dpi=100, transparent=True, metadata={"Software": None})
    return buf.getvalue()


def fallback_png(
    path: str, digest: str, width_px: int, height_px: int, fonts: Fonts | None = None
) -> bytes:
    """The PNG of an SVG file (PowerPoint's fallback, and the previews' pixels), its text in
    ``fonts``."""
    return _fallback_png(path, digest, width_px, height_px, fonts, font_key(fonts))


# Kept by the SVG's hash and the font files' (``digest``, ``_font_key``) with the size: the same
# keys give the same pixels, whatever the path says.
@lru_cache(maxsize=16)
def _fallback_png(
    path: str,
    digest: str,
    width_px: int,
    height_px: int,
    fonts: Fonts | None,
    _font_key: tuple[str, ...],
) -> bytes:
    with open(path, "rb") as fh:
        return to_png(fh.read(), width_px, height_px, fonts)


# --- a reportlab Drawing drawn with matplotlib ---------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n applied inside it (reportlab's 6-tuples, as PDF's cm)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _draw(ax: Any, node: Any, m: Matrix, lw_scale: float, faces: dict[str, str]) -> None:
    """``faces``: the font file of each reportlab font name the drawing's text may use."""
    from matplotlib.patches import PathPatch
    from matplotlib.transforms import Affine2D
    from reportlab.graphics import shapes

    if isinstance(node, shapes.Group):  # a Drawing is a Group too
        t = [float(v) for v in getattr(node, "transform", (1, 0, 0, 1, 0, 0))]
        inner = _mul(m, (t[0], t[1], t[2], t[3], t[4], t[5]))
        for child in node.contents:
            _draw(ax, child, inner, lw_scale, faces)
        return
    if isinstance(node, shapes.String):
        _text(ax, node, m, lw_scale, faces)
        return
    path = _path(node)
    if path is None:
        return
    a, b, c, d, e, f = m
    fill = _color(getattr(node, "fillColor", None), getattr(node, "fillOpacity", None))
    stroke = _color(getattr(node, "strokeColor", None), getattr(node, "strokeOpacity", None))
    if isinstance(node, shapes.PolyLine | shapes.Line):
        fill = None
    width = float(getattr(node, "strokeWidth", 1) or 0) * (abs(a * d - b * c) ** 0.5)
    patch = PathPatch(
        path,
        facecolor=fill or "none",
        edgecolor=stroke or "none",
        linewidth=width * lw_scale if stroke else 0,
    )
    patch.set_transform(Affine2D.from_values(a, b, c, d, e, f) + ax.transData)
    ax.add_patch(patch)


def _path(node: Any) -> Any:
    import numpy as np
    from matplotlib.path import Path as MPath
    from reportlab.graphics import shapes

    if isinstance(node, shapes.Rect):
        x, y, w, h = (float(v) for v in (node.x, node.y, node.width, node.height))
        rx = min(float(getattr(node, "rx", 0) or 0), abs(w) / 2)
        ry = min(float(getattr(node, "ry", 0) or 0), abs(h) / 2)
        if rx > 0 and ry > 0:
            return _rounded(x, y, w, h, rx, ry)
        return MPath([(x, y), (x + w, y), (x + w, y + h), (x, y + h), (x, y)], closed=True)
    if isinstance(node, shapes.Circle):
        return MPath.circle((node.cx, node.cy), node.r)
    if isinstance(node, shapes.Ellipse):
        unit = MPath.unit_circle()
        verts = np.asarray(unit.vertices) * (node.rx, node.ry) + (node.cx, node.cy)
        return MPath(verts, unit.codes)
    if isinstance(node, shapes.Polygon | shapes.PolyLine):
        pts = list(zip(node.points[::2], node.points[1::2], strict=True))
        return MPath(pts, closed=isinstance(node, shapes.Polygon)) if pts else None
    if isinstance(node, shapes.Line):
        return MPath([(node.x1, node.y1), (node.x2, node.y2)])
    if isinstance(node, shapes.Path):
        return _rl_path(node)
    return None  # images inside an SVG: logos do not need them


KAPPA = 0.5522847498  # a quarter ellipse as one cubic Bézier: its control points' distance


def _rounded(x: float, y: float, w: float, h: float, rx: float, ry: float) -> Any:
    """A rectangle with elliptical corners (SVG's rx, ry), as one closed path."""
    from matplotlib.path import Path as MPath

    verts = _corners(x, y, w, h, rx, ry)
    line, curve = MPath.LINETO, MPath.CURVE4
    codes = [MPath.MOVETO] + [line, curve, curve, curve] * 4 + [MPath.CLOSEPOLY]
    return MPath([*verts, verts[0]], codes)


def _corners(
    x: float, y: float, w: float, h: float, rx: float, ry: float
) -> list[tuple[float, float]]:
    """The outline of a rounded rectangle: a start, then four times a side's end and a corner's
    Bézier (two control points, its end)."""
    kx, ky = rx * KAPPA, ry * KAPPA
    x1, y1 = x + w, y + h
    return [
        (x + rx, y),
        (x1 - rx, y),
        (x1 - rx + kx, y),
        (x1, y + ry - ky),
        (x1, y + ry),
        (x1, y1 - ry),
        (x1, y1 - ry + ky),
        (x1 - rx + kx, y1),
        (x1 - rx, y1),
        (x + rx, y1),
        (x + rx - kx, y1),
        (x, y1 - ry + ky),
        (x, y1 - ry),
        (x, y + ry),
        (x, y + ry - ky),
        (x + rx - kx, y),
        (x + rx, y),
    ]


def _elliptical_corners(node: Any) -> None:
    """Rects whose corners are not circular (rx ≠ ry) made paths, in place: reportlab's PDF
    renderer draws every rounded rect with rx for both radii."""
    from reportlab.graphics import shapes

    if not isinstance(node, shapes.Group):
        return
    for i, child in enumerate(node.contents):
        _elliptical_corners(child)
        if not isinstance(child, shapes.Rect) or not child.rx or not child.ry:
            continue
        if child.rx == child.ry:
            continue
        pts = _corners(child.x, child.y, child.width, child.height, child.rx, child.ry)
        path = shapes.Path()
        path.moveTo(*pts[0])
        for k in range(1, len(pts), 4):
            path.lineTo(*pts[k])
            path.curveTo(*pts[k + 1], *pts[k + 2], *pts[k + 3])
        path.closePath()
        for attr in set(shapes.Rect._attrMap) & set(shapes.Path._attrMap):
            if hasattr(child, attr):
                setattr(path, attr, getattr(child, attr))
        node.contents[i] = path


_ANCHOR = {"start": "left", "middle": "center", "end": "right"}


def _text(ax: Any, node: Any, m: Matrix, lw_scale: float, faces: dict[str, str]) -> None:
    """A String at its baseline point, in its face, size and fill, anchored as the SVG says.

    Only the anchor point goes through the matrix: svglib flips y on the top group and again on
    each text, and a glyph drawn through those would be mirrored; the text is drawn upright,
    turned as far as the matrix turns its baseline, scaled as much as the matrix scales."""
    from matplotlib.font_manager import FontProperties

    path = faces.get(str(node.fontName))
    fill = _color(getattr(node, "fillColor", None), getattr(node, "fillOpacity", None))
    if path is None or fill is None or not str(node.text).strip():
        return
    a, b, c, d, e, f = m
    x, y = float(node.x), float(node.y)
    scale = abs(a * d - b * c) ** 0.5
    ax.text(
        a * x + c * y + e,
        b * x + d * y + f,
        str(node.text),
        fontproperties=FontProperties(fname=path),
        fontsize=float(node.fontSize) * scale * lw_scale,
        color=fill,
        ha=_ANCHOR.get(str(getattr(node, "textAnchor", "start")), "left"),
        va="baseline",
        rotation=math.degrees(math.atan2(b, a)) % 360,
        rotation_mode="anchor",
        parse_math=False,
        clip_on=False,
    )


def _rl_path(node: shapes.Path) -> Any:

    from matplotlib.path import Path as MPath

    pts = list(zip(node.points[::2], node.points[1::2], strict=True))
    verts: list[tuple[float, float]] = []
    codes: list[Any] = []
    i = 0
    start = (0.0, 0.0)
    for op in node.operators:
        if op == 0:  # moveTo
            start = pts[i]
            verts.append(pts[i])
            codes.append(MPath.MOVETO)
            i += 1
        elif op == 1:  # lineTo
            verts.append(pts[i])
            codes.append(MPath.LINETO)
            i += 1
        elif op == 2:  # curveTo: two control points and the end
            verts += pts[i : i + 3]
            codes += [MPath.CURVE4] * 3
            i += 3
        elif op == 3:  # closePath
            verts.append(start)
            codes.append(MPath.CLOSEPOLY)
    return MPath(verts, codes) if verts else None


def _color(color: Any, opacity: Any) -> tuple[float, float, float, float] | None:
    if color is None:
        return None
    alpha = float(getattr(color, "alpha", 1.0) or 1.0)
    if opacity is not None:
        alpha *= float(opacity)
    return (float(color.red), float(color.green), float(color.blue), alpha)
