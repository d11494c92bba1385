"""Each chart drawn once by matplotlib into the forms the two files need: a one-page PDF (the
page shows it as a Form XObject: vector marks), an SVG and a 192 dpi PNG (the PPTX picture and
its fallback). Drawn in worker processes while the main process lays out and writes, cached
by the chart's data and style and by the drawing code itself.

Also here: the PPTX thumbnail (slide 1 as a small JPEG), the other picture matplotlib makes.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuilder import cachefiles
from deckbuilder.scene import ChartBox, SlideScene
from deckbuilder.text.fonts import FontSet

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# The PNG is only the fallback of the SVG PowerPoint shows: twice the display size on a 96 dpi
# screen. (300 dpi took 0.15 s more of the worker, on the cold build's critical path.)
PNG_DPI = 192
# zlib level 3 for the PNG, not Pillow's 6: the same pixels, 0.02 s less of the worker's CPU for
# 11 charts (a quarter of their PNG time), 36 KB more in the PPTX (107 KB against 71 KB).
PNG_LEVEL = 3
THUMB_WIDTH = 256  # px
KINDS = ("pdf", "svg", "png")


def _code_digest() -> str:
    package = Path(__file__).parent.parent
    h = hashlib.sha256()
    for name in ("layout/charts", "pictures/chart_files", "pictures/draw_mpl"):
        h.update((package / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


# Code-hash policy for charts: the three files that draw a chart, in every chart file's key, so
# a cached chart never outlives a change to how charts are drawn (a narrower hash than memo's:
# a change elsewhere keeps the charts).
CODE = _code_digest()


@dataclass(frozen=True)
class ChartFiles:
    pdf: bytes
    svg: bytes
    png: bytes


def chart_key(box: ChartBox) -> str:
    parts = (CODE, PNG_DPI, box.kind, box.w, box.h, box.data, box.style)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def draw_chart(box: ChartBox, fonts: FontSet) -> ChartFiles:
    """The chart on this process's sheet, sized to it, saved three ways (in a worker: imports
    matplotlib)."""
    from deckbuilder.layout import charts

    fig, ax = _sheet(box.w, box.h)
    local = ChartBox(0, 0, box.w, box.h, box.kind, box.data, box.title, box.alt, box.style)
    charts.draw(ax, local, fonts)
    out = {}
    for kind in KINDS:
        buf = io.BytesIO()
        if kind == "pdf":
            meta = {"Creator": None, "Producer": None, "CreationDate": None}
            fig.savefig(buf, format="pdf", metadata=meta)
        elif kind == "svg":
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        else:
            png = {"compress_level": PNG_LEVEL}
            fig.savefig(buf, format="png", dpi=PNG_DPI, metadata={"Software": None}, pil_kwargs=png)
        out[kind] = buf.getvalue()
    return ChartFiles(**out)


# Cache: one Figure and Axes per process, cleared for each chart. Making matplotlib's Axes (its
# axes, ticks and grid, none shown) was 60 % of drawing a chart, 0.045 s of the worker's CPU for
# 11. Cleared, it holds nothing of the chart before: the same bytes as a new one (tested).
_SHEETS: list[tuple[Figure, Axes]] = []


def _sheet(w: float, h: float) -> tuple[Figure, Axes]:
    """This process's figure, ``w`` x ``h`` points, its axes filling it and empty."""
    from matplotlib.transforms import Bbox

    from deckbuilder.pictures.draw_mpl import Figure

    if not _SHEETS:
        fig = Figure(figsize=(w / 72, h / 72), dpi=72)
        fig.patch.set_visible(False)
        _SHEETS.append((fig, fig.add_axes((0, 0, 1, 1))))
    fig, ax = _SHEETS[0]
    for artist in [
        *ax.patches,
        *ax.lines,
        *ax.texts,
        *ax.collections,
        *ax.images,
        *ax.artists,
        *ax.tables,
    ]:
        artist.remove()
    ax.containers.clear()
    ax.dataLim.set(Bbox.null())  # data limits and aspect as a new Axes has them
    ax.ignore_existing_data_limits = True
    ax.set_aspect("auto", adjustable="box")
    fig.set_size_inches(w / 72, h / 72)
    return fig, ax


def draw_and_keep(box: ChartBox, fonts: FontSet, cache: Path | None) -> ChartFiles:
    """``draw_chart``, stored in the cache by the worker that drew it (so a PDF written in the
    same worker right after finds it)."""
    files = draw_chart(box, fonts)
    Charts.store(cache, chart_key(box), files)
    return files


def thumbnail(scene: SlideScene, fonts: FontSet) -> bytes:
    """The slide as a JPEG THUMB_WIDTH pixels wide."""
    from deckbuilder.pictures.draw_mpl import figure_for

    fig = figure_for(scene, fonts)
    buf = io.BytesIO()
    dpi = THUMB_WIDTH * 72 / scene.width
    fig.savefig(buf, format="jpeg", dpi=dpi, pil_kwargs={"quality": 85})
    return buf.getvalue()


class Charts:
    """The deck's charts, each drawn once, in the pool when there is one; ``get`` waits."""

    def __init__(
        self, scenes: list[SlideScene], fonts: FontSet, cache: Path | None, pool: Executor | None
    ):
        self.fonts, self.cache, self.pool = fonts, cache, pool
        self.done: dict[str, ChartFiles] = {}
        self.pending: dict[str, Future[ChartFiles]] = {}
        self.lock = threading.Lock()
        for scene in scenes:
            self.add(scene)

    def add(self, scene: SlideScene) -> None:
        """Start the scene's charts (a build calls this as each slide is laid out)."""
        for el in scene.elements:
            if isinstance(el, ChartBox):
                self._start(el)

    def cancel(self) -> None:
        """Drop the drawings not yet started (a build that stops on an error waits for none)."""
        for future in self.pending.values():
            future.cancel()

    def _start(self, box: ChartBox) -> None:
        key = chart_key(box)
        if key in self.done or key in self.pending:
            return
        hit = self._cached(key)
        if hit is not None:
            self.done[key] = hit
        elif self.pool is not None:
            self.pending[key] = self.pool.submit(draw_and_keep, box, self.fonts, self.cache)

    def get(self, box: ChartBox) -> ChartFiles:
        key = chart_key(box)
        with self.lock:  # the PDF is finished on a thread while the PPTX asks too
            if key not in self.done:
                future = self.pending.pop(key, None)
                if future:
                    files = future.result()  # the worker stored it
                else:
                    files = draw_chart(box, self.fonts)
                    self.store(self.cache, key, files)
                self.done[key] = files
            return self.done[key]

    def _cached(self, key: str) -> ChartFiles | None:
        if self.cache is None:
            return None
        paths = [self.cache / f"{key}.{kind}" for kind in KINDS]
        if not all(p.is_file() for p in paths):
            return None
        kept = [data for p in paths if (data := cachefiles.read(p)) is not None]
        return ChartFiles(*kept) if len(kept) == len(paths) else None

    @staticmethod
    def store(cache: Path | None, key: str, files: ChartFiles) -> None:
        if cache is None:
            return
        for kind in KINDS:
            cachefiles.write(cache / f"{key}.{kind}", getattr(files, kind))


def _import_matplotlib() -> None:
    # The import this job exists for (it had become ``pass`` in the move to folders, so a first
    # build's worker sat idle until its first chart came, then imported matplotlib).
    from deckbuilder.pictures import draw_mpl  # noqa: F401  (matplotlib, its PDF backend)


def _import_what_both_use() -> None:
    """fontTools' font and layout tables, imported before the workers fork: this process reads
    the faces with them and a worker's PDF backend subsets with them. Imported after the fork,
    each process spent 0.03 s of CPU on them."""
    import fontTools.ttLib.tables.otTables  # noqa: F401
    import fontTools.ttLib.ttFont  # noqa: F401


def warm_up(pool: Executor | None) -> None:
    """Have every worker import matplotlib now, while the caller loads and lays out."""
    if pool is not None:
        _import_what_both_use()
        for _ in range(getattr(pool, "_max_workers", 2)):
            pool.submit(_import_matplotlib)


def thumbnail_of(
    scene: SlideScene, fonts: FontSet, cache: Path | None, pool: Executor | None
) -> Callable[[], bytes]:
    """The thumbnail, from the cache when slide 1 has not changed, else drawn in the pool."""
    key = hashlib.sha256(repr((CODE, THUMB_WIDTH, scene)).encode()).hexdigest()[:32]
    path = cache / f"{key}.jpg" if cache is not None else None
    kept = cachefiles.read(path) if path is not None else None
    if kept is not None:
        return lambda: kept
    draw = later(pool, thumbnail, scene, fonts)

    def get() -> bytes:
        data = draw()
        if path is not None:
            cachefiles.write(path, data)
        return data

    return get


def later(pool: Executor | None, fn: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
    """``fn(*args)`` started in the pool now (or run when asked, without one); call to wait."""
    if pool is None:
        return lambda: fn(*args)
    future = pool.submit(fn, *args)
    return future.result
