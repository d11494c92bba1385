"""Draw a SlideScene with matplotlib: the PDF pages and the PNG previews come from here.

One full-page axes whose data units are points with y growing downward, so scene coordinates are
used as they are. Text is drawn line by line at the positions the layout stage computed.
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
from typing import Any  # noqa: E402

from matplotlib.artist import Artist  # noqa: E402
from matplotlib.backends.backend_pdf import PdfFile, Verbatim  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Ellipse as MEllipse  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.patches import Polygon as MPolygon  # noqa: E402
from matplotlib.patches import Rectangle as MRectangle  # noqa: E402
from matplotlib.transforms import Affine2D, Transform  # noqa: E402

from . import charts, pictures_preview  # noqa: E402
from .fonts import FontFace, FontSet  # noqa: E402
from .marks import (  # noqa: E402
    CLOSE,
    FURNITURE,
    OPEN_ARTIFACT,
    Marks,
    open_figure,
    open_furniture,
    open_span,
    plan,
)
from .pdf_fonts import show_text  # noqa: E402
from .scene import (  # noqa: E402
    ChartBox,
    Ellipse,
    Placeholder,
    Polygon,
    Rect,
    Rule,
    Run,
    SlideScene,
    TextBox,
    baseline,  # noqa: E402, F401  (here since the first version)
)

matplotlib.rcParams.update(
    {
        "pdf.fonttype": 42,  # TrueType (CID Type 2) subsets, never Type 3
        # matplotlib sizes its PDF glyph subsets from ps.fonttype: 42 gives one subset per face.
        "ps.fonttype": 42,
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


# Drawing order by zorder: the page's shapes (patches 1, lines 2) inside one artifact span, then
# each chart's marks (2.6 + a step per chart) in a span of its own, then the text (3), chart
# labels included, over the marks.
SHAPES_OPEN, SHAPES_CLOSE, BACKGROUND = 0.5, 2.5, 0.6
CHART_Z, CHART_STEP = 2.6, 0.001


def figure_for(scene: SlideScene, fonts: FontSet, tagged: bool = True) -> Figure:
    """The slide as a matplotlib Figure. Shapes and text are figure artists in points, y down
    (no page Axes: creating one costs more than drawing most slides); charts get their own.

    In a PDF every painting operator lands in marked content: text runs and charts with the
    MCIDs of ``marks.plan`` (the structure tree refers to them), shapes as artifacts.
    ``tagged=False`` draws the same page without marked content."""
    fig = Figure(figsize=(scene.width / 72, scene.height / 72), dpi=72)
    fig.patch.set_visible(False)  # the background is drawn as an artifact below
    points = Affine2D().scale(1 / 72, -1 / 72).translate(0, scene.height / 72)
    page = points + fig.dpi_scale_trans
    marks = plan(scene) if tagged else None
    fig.add_artist(Mark(OPEN_ARTIFACT if tagged else b"", SHAPES_OPEN))
    background = MRectangle((0, 0), 1, 1, transform=fig.transFigure, zorder=BACKGROUND)
    background.set(facecolor=scene.background, edgecolor="none", linewidth=0)
    fig.add_artist(background)
    fig.add_artist(Mark(CLOSE if tagged else b"", SHAPES_CLOSE))
    runs = Runs(page)
    for i, el in enumerate(scene.elements):
        _draw(fig, page, i, el, scene, fonts, runs, marks)
    fig.add_artist(runs)
    return fig


class Mark(Artist):
    """Writes one marked-content operator into a PDF page at its place in the drawing order.

    The graphics state is popped first, so no q … Q pair straddles a marked-content span."""

    def __init__(self, op: bytes, zorder: float):
        super().__init__()
        self.op = op
        self.set_zorder(zorder)

    def draw(self, renderer: Any) -> None:
        pdf = getattr(renderer, "file", None)
        if isinstance(pdf, PdfFile) and self.op:
            renderer.finalize()
            pdf.output(Verbatim(self.op))


def _draw(
    fig: Figure,
    page: Transform,
    index: int,
    el: object,
    scene: SlideScene,
    fonts: FontSet,
    runs: Runs,
    marks: Marks | None,
) -> None:
    def add(artist: Artist) -> None:
        artist.set_transform(page)
        fig.add_artist(artist)

    if isinstance(el, Rect):
        dash = (0, (4, 3)) if el.dashed else "solid"
        add(
            FancyBboxPatch(
                (el.x, el.y),
                el.w,
                el.h,
                boxstyle=f"round,pad=0,rounding_size={el.radius}" if el.radius else "square,pad=0",
                facecolor=el.fill or "none",
                edgecolor=el.stroke or "none",
                linewidth=el.stroke_width if el.stroke else 0,
                linestyle=dash,
            )
        )
    elif isinstance(el, TextBox):
        _text(index, el, fonts, runs, marks)
    elif isinstance(el, Rule):
        if el.arrow:
            add(
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
            add(
                Line2D(
                    [el.x1, el.x2],
                    [el.y1, el.y2],
                    color=el.color,
                    linewidth=el.width,
                    solid_capstyle="butt",
                )
            )
    elif isinstance(el, Polygon):
        add(MPolygon(list(el.points), closed=True, facecolor=el.fill, linewidth=0))
    elif isinstance(el, Ellipse):
        add(
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
        n = sum(1 for e in scene.elements[:index] if isinstance(e, ChartBox))  # the n-th chart
        z = CHART_Z + CHART_STEP * n  # above the shapes, below the text, each in its own span
        cax = fig.add_axes((el.x / W, 1 - (el.y + el.h) / H, el.w / W, el.h / H))
        cax.set_zorder(z)
        charts.draw(cax, el, fonts)
        if marks:
            fig.add_artist(Mark(open_figure(marks.charts[index]), z - CHART_STEP / 3))
            fig.add_artist(Mark(CLOSE, z + CHART_STEP / 3))
    elif isinstance(el, Placeholder):
        pass  # drawn as a Rect and a caption; the marker only carries alt text for the PPTX
    elif isinstance(el, pictures_preview.Picture):  # previews only: the PDF embeds its own
        fig.add_artist(pictures_preview.PicturePreview(el, page))


class Runs(Artist):
    """Text runs drawn straight through the renderer at their computed baselines.

    The layout stage has already broken and measured every line, so matplotlib's Text artist
    (which measures each string again to lay it out) is skipped. In a PDF the runs are written
    as text operators in the deck's shared fonts, each in its marked-content span, letter
    spacing as the PDF's own character spacing (Tc); raster previews draw through matplotlib
    and place spaced characters one by one.
    """

    def __init__(self, page: Transform):
        super().__init__()
        self.page = page
        self.items: list[tuple[float, float, Run, FontFace, bytes]] = []
        self.set_zorder(3)

    def add(self, x: float, y: float, run: Run, face: FontFace, tag: bytes) -> None:
        """A run to draw; ``tag`` opens its marked-content span in a PDF."""
        self.items.append((x, y, run, face, tag))

    def draw(self, renderer: Any) -> None:
        to_display = self.page.transform
        height = renderer.get_canvas_width_height()[1] if renderer.flipy() else 0.0
        pdf = getattr(renderer, "file", None)
        pdf = pdf if isinstance(pdf, PdfFile) else None
        if pdf is not None:
            # The runs' own operators assume the page's base graphics state: pop what the
            # charts drawn below them left open (their axes' clip), tagged or not.
            renderer.finalize()
        scale = renderer.points_to_pixels(1.0)
        for x, y, run, face, tag in self.items:
            dx, dy = to_display((x, y))
            if pdf is not None:
                # The deck's own fonts, shared by all pages: one glyph per character at the
                # advances the layout measured (see pdf_fonts).
                ops = show_text(face, run.text, run.size, run.color, run.spacing, dx, dy)
                pdf.output(Verbatim(tag + b"\n" + ops + b"\n" + CLOSE if tag else ops))
                continue
            prop = _props(str(face.path)).copy()
            prop.set_size(run.size)
            gc = renderer.new_gc()
            gc.set_foreground(run.color)
            if height:  # raster renderers count y from the top, as Text.draw does
                dy = height - dy
            if not run.spacing:
                renderer.draw_text(gc, dx, dy, run.text, prop, 0.0, ismath=False)
            else:
                for ch in run.text:
                    renderer.draw_text(gc, dx, dy, ch, prop, 0.0, ismath=False)
                    dx += face.width(ch, run.size, run.spacing) * scale
            gc.restore()


def _text(index: int, box: TextBox, fonts: FontSet, runs: Runs, marks: Marks | None) -> None:
    furniture = open_furniture(box.role) if box.role in FURNITURE else b""
    for i, line in enumerate(box.lines):
        if not line.text:
            continue
        face = fonts.face(line.runs[0].bold)
        y = baseline(box, i, face.ascent, face.descent)
        x = box.line_left(i)
        for k, run in enumerate(line.runs):
            rface = fonts.face(run.bold)
            if run.text:
                tag = b"" if marks is None else furniture or open_span(marks.runs[(index, i, k)])
                runs.add(x, y, run, rface, tag)
            x += rface.width(run.text, run.size, run.spacing)
