"""Draw a SlideScene with matplotlib, as a picture: the PNG previews and the PPTX thumbnail.

(The PDF's pages are written from the scene by ``pdf_page``; matplotlib draws only their charts,
through ``charts.draw``, which this module also uses.) Figure artists in points with y growing
downward, so scene coordinates are used as they are; text is drawn line by line at the
positions the layout stage computed.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from functools import lru_cache


def _import_numpy_with_one_blas_thread() -> None:
    """numpy's OpenBLAS starts a thread per core as it loads, and they spin: 0.04-0.05 s of the
    chart worker's CPU and 0.08 s of its import's wall time on the 2-core machine. matplotlib
    does no linear algebra worth a thread (3 x 3 transforms), so OpenBLAS gets one; the
    variable is set for this import only (nothing started later inherits it)."""
    name = "OPENBLAS_NUM_THREADS"
    if "numpy" in sys.modules or name in os.environ:
        return
    os.environ[name] = "1"
    try:
        import numpy  # noqa: F401
    finally:
        del os.environ[name]


_import_numpy_with_one_blas_thread()
import matplotlib  # noqa: E402

matplotlib.use("Agg")


def _import_projections_without_3d() -> None:
    """``matplotlib.projections`` imports mpl_toolkits.mplot3d to register the 3D projection:
    0.02–0.03 s of the chart worker's import, on a first build's longest path, and no chart is
    3D. A stand-in answers that one import (matplotlib expects it may fail), then is removed, so
    an import of mplot3d after this gets the real module."""
    name = "mpl_toolkits.mplot3d"
    if name in sys.modules or "matplotlib.projections" in sys.modules:
        return
    stand_in = types.ModuleType(name)
    setattr(stand_in, "Axes3D", None)  # noqa: B010  (what matplotlib reads)
    sys.modules[name] = stand_in
    try:
        import matplotlib.projections  # noqa: F401
    finally:
        del sys.modules[name]


def _no_setter_docs() -> None:
    """matplotlib writes, for every Artist class it defines, the docstring and signature of its
    ``set`` method and a table of its properties (``kwdoc``), by reading the docstrings of all
    their setters: 0.09 s, a fifth of the chart worker's import. No one reads them here, and
    drawing never uses them (``set(**kw)`` itself is unchanged), so they are left empty."""
    import matplotlib.artist as artist

    if hasattr(artist, "kwdoc") and hasattr(artist.Artist, "_update_set_signature_and_docstring"):
        artist.kwdoc = lambda artist: ""
        artist.Artist._update_set_signature_and_docstring = classmethod(lambda _cls: None)


def _import_subsetter_without_varlib() -> None:
    """matplotlib's PDF backend imports fontTools' subsetter, which imports
    ``fontTools.varLib`` only for two of its modules (``varStore``, ``multiVarStore``: it adds
    methods to their classes). The package's own ``__init__`` (variable-font building: merger,
    designspace, plist) is 0.02-0.03 s of the chart worker's import and no chart uses it. A
    stand-in package with the real folder answers that import, so the two modules load from
    their files and the rest does not; it is removed right after, so a later
    ``import fontTools.varLib`` gets the real package."""
    name = "fontTools.varLib"
    if name in sys.modules or "fontTools.subset" in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return
    stand_in = types.ModuleType(name)
    stand_in.__path__ = list(spec.submodule_search_locations)
    sys.modules[name] = stand_in
    try:
        import fontTools.subset  # noqa: F401
    finally:
        del sys.modules[name]


_no_setter_docs()
_import_projections_without_3d()
_import_subsetter_without_varlib()
from typing import Any  # noqa: E402

from matplotlib.artist import Artist  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Ellipse as MEllipse  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch  # noqa: E402
from matplotlib.patches import Polygon as MPolygon  # noqa: E402
from matplotlib.patches import Rectangle as MRectangle  # noqa: E402
from matplotlib.transforms import Affine2D, Transform  # noqa: E402

from deckbuilder.layout import charts  # noqa: E402
from deckbuilder.pictures import preview as pictures_preview  # noqa: E402
from deckbuilder.scene import (  # noqa: E402
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
from deckbuilder.text.fonts import FontFace, FontSet  # noqa: E402

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


# Cache: by the font file's path; FontProperties only names the file, matplotlib reads it.
@lru_cache(maxsize=4)
def _props(path: str) -> FontProperties:
    return FontProperties(fname=path)


# Drawing order by zorder: the background, the shapes (patches 1, lines 2), each chart's marks
# (2.6 + a step per chart), then the text (3), chart labels included, over the marks.
BACKGROUND, CHART_Z, CHART_STEP = 0.6, 2.6, 0.001


def figure_for(scene: SlideScene, fonts: FontSet) -> Figure:
    """The slide as a matplotlib Figure. Shapes and text are figure artists in points, y down
    (no page Axes: creating one costs more than drawing most slides); charts get their own."""
    fig = Figure(figsize=(scene.width / 72, scene.height / 72), dpi=72)
    fig.patch.set_visible(False)  # the background is an artist, below everything
    points = Affine2D().scale(1 / 72, -1 / 72).translate(0, scene.height / 72)
    page = points + fig.dpi_scale_trans
    background = MRectangle((0, 0), 1, 1, transform=fig.transFigure, zorder=BACKGROUND)
    background.set(facecolor=scene.background, edgecolor="none", linewidth=0)
    fig.add_artist(background)
    runs = Runs(page)
    for i, el in enumerate(scene.elements):
        _draw(fig, page, i, el, scene, fonts, runs)
    fig.add_artist(runs)
    return fig


def _draw(
    fig: Figure,
    page: Transform,
    index: int,
    el: object,
    scene: SlideScene,
    fonts: FontSet,
    runs: Runs,
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
        _text(el, fonts, runs)
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
        cax = fig.add_axes((el.x / W, 1 - (el.y + el.h) / H, el.w / W, el.h / H))
        cax.set_zorder(CHART_Z + CHART_STEP * n)  # above the shapes, below the text
        charts.draw(cax, el, fonts)
    elif isinstance(el, Placeholder):
        pass  # drawn as a Rect and a caption; the marker only carries alt text for the PPTX
    elif isinstance(el, pictures_preview.Picture):  # previews only: the PDF embeds its own
        fig.add_artist(pictures_preview.PicturePreview(el, page))


class Runs(Artist):
    """Text runs drawn straight through the renderer at their computed baselines.

    The layout stage has already broken and measured every line, so matplotlib's Text artist
    (which measures each string again to lay it out) is skipped. Letter-spaced runs are placed
    a character at a time.
    """

    def __init__(self, page: Transform):
        super().__init__()
        self.page = page
        self.items: list[tuple[float, float, Run, FontFace]] = []
        self.set_zorder(3)

    def add(self, x: float, y: float, run: Run, face: FontFace) -> None:
        self.items.append((x, y, run, face))

    def draw(self, renderer: Any) -> None:
        to_display = self.page.transform
        height = renderer.get_canvas_width_height()[1] if renderer.flipy() else 0.0
        scale = renderer.points_to_pixels(1.0)
        for x, y, run, face in self.items:
            dx, dy = to_display((x, y))
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


def _text(box: TextBox, fonts: FontSet, runs: Runs) -> None:
    for i, line in enumerate(box.lines):
        if not line.text:
            continue
        face = fonts.face(line.runs[0].bold)
        y = baseline(box, i, face.ascent, face.descent)
        x = box.line_left(i)
        for run in line.runs:
            rface = fonts.face(run.bold)
            if run.text:
                runs.add(x, y, run, rface)
            x += rface.width(run.text, run.size, run.spacing)
