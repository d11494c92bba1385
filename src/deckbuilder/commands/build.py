"""The pipeline: load -> layout -> render, and writing the outputs atomically."""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deckbuilder import cachefiles, memo
from deckbuilder.check.checks import validate
from deckbuilder.commands import diskfull, guard, outputs, pristine
from deckbuilder.errors import Diagnostic, SourceError, rel
from deckbuilder.layout.blocks import registry
from deckbuilder.pdf.document import Document
from deckbuilder.pdf.render import DocMeta, pdf_document, render_pngs
from deckbuilder.pictures import chart_files, images
from deckbuilder.powerpoint.render import DocInfo, render_pptx
from deckbuilder.scene import SlideScene
from deckbuilder.source import model as m
from deckbuilder.source.layoutset import LayoutSet, find_layout_set, load_layout_set
from deckbuilder.source.loader import load_deck
from deckbuilder.web.render import PageMeta, render_html
from deckbuilder.workers import LazyPool, ctrl_c_deferred, worker_pool


@dataclass
class Compiled:
    deck: m.Deck
    layout_set: LayoutSet
    scenes: list[SlideScene]
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class BuildResult:
    compiled: Compiled
    pptx: Path
    pdf: Path
    pngs: list[Path]
    seconds: float
    warnings: list[Diagnostic]
    kept: list[Path] = field(default_factory=list)  # edited outputs kept aside by --force
    html: Path | None = None  # the web edition


Progress = Callable[..., None]  # progress(stage) or progress(stage, done, total)


def compile_deck(
    deck_dir: Path,
    layouts: str | None = None,
    allow_overflow: bool = False,
    progress: Progress | None = None,
    on_scene: Callable[[SlideScene, LayoutSet], None] | None = None,
) -> Compiled:
    """Load and lay out; raise SourceError on any error (overflow is a warning if allowed).
    ``on_scene`` sees each scene as soon as it is laid out."""
    say: Progress = progress or (lambda *_args: None)
    say("load")
    deck = load_deck(deck_dir, registry.readers())
    project = deck_dir.resolve().parent
    # A set named in deck.yaml is reported there; one named with --layouts, on the folder.
    named_at = None if layouts else deck.key_where.get("layouts", deck.where)
    set_dir = find_layout_set(layouts or deck.layouts, project, named_at)
    layout_set = load_layout_set(
        set_dir, project, deck.width_in, block_styles=registry.block_styles()
    )
    # Exactly what `check` calls an error stops the build: one validation path.
    seen = (lambda scene: on_scene(scene, layout_set)) if on_scene else None
    res = validate(deck, layout_set, lambda i, n: say("layout", i, n), allow_overflow, seen)
    if res.errors or res.scenes is None:
        raise SourceError(res.errors)
    # The reviewers' warnings (stale and unused figures, duplicate titles) are check's to print.
    review = ("stale", "unused-figure", "duplicate-title")
    diags = [d for d in res.diagnostics if d.code not in review]
    return Compiled(deck, layout_set, res.scenes, diags)


def doc_info(c: Compiled) -> DocInfo:
    d = c.deck
    subject = d.subtitle or f"{d.organisation} {d.date_text}"
    return DocInfo(
        d.title,
        d.organisation,
        subject,
        d.language,
        timestamp(d.date),
        c.layout_set.fonts.family,
        c.layout_set.name,
    )


def timestamp(deck_date: str) -> str:
    """The files' dates: SOURCE_DATE_EPOCH where set (reproducible-builds.org), else the deck's
    date at midnight UTC. Never the clock, so the same sources give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    return f"{deck_date}T00:00:00"


def build(
    deck_dir: Path,
    out_dir: Path,
    layouts: str | None = None,
    png: bool = False,
    allow_overflow: bool = False,
    progress: Progress | None = None,
    pool: Executor | None = None,
    force: bool = False,
) -> BuildResult:
    """Both files into ``out_dir``, or an error and the old files untouched. ``pool``: worker
    processes for matplotlib's work, kept by a caller that builds again (watch). An output
    edited since the last build stops it (``force``: kept aside under an ``.edited-`` name)."""
    start = time.perf_counter()
    say: Progress = progress or (lambda *_args: None)
    outputs.preflight(out_dir)  # the user's folder problems first, before any rendering
    with outputs.locked(out_dir, lambda msg: say(msg)), ExitStack() as stack:
        stack.enter_context(_fewer_collections())
        if pool is None:
            pool = stack.enter_context(_pool_for(out_dir / ".cache"))
        outputs.sweep(out_dir)  # what a killed build left
        cachefiles.sweep(out_dir / ".cache")
        # Layouts, pages and slides of the last build are kept on disk for the next one.
        stack.enter_context(memo.on_disk(out_dir / ".cache" / "memo"))
        stack.enter_context(images.kept_in(out_dir / ".cache" / "pictures"))  # downsampled
        early = _EarlyCharts(out_dir / ".cache" / "charts", pool)
        try:
            c = compile_deck(deck_dir, layouts, allow_overflow, say, early.add)
        except BaseException:
            early.cancel()  # the error is reported at once, not after the drawings
            raise
        name = c.deck.output
        names = [f"{name}.pptx", f"{name}.pdf", f"{name}.html"] + (["png"] if png else [])
        outputs.check_names(out_dir, names)
        files = [n for n in names if n not in outputs.OWNED_NAMES]
        kept: dict[str, Path] = {}  # digest -> where --force kept an edited output
        guard.check(out_dir, files, force, kept)  # before anything is drawn
        with outputs.staging(out_dir) as st:
            try:
                pngs = _render(c, out_dir / ".cache", st, name, png, say, early.charts)
            except OSError as exc:  # a full disk, a folder made read-only meanwhile: named
                if diskfull.is_full(exc):
                    raise diskfull.problem(exc, out_dir) from None
                if exc.filename is None:
                    raise
                bad = Path(exc.filename)
                msg = f"could not write {rel(bad)} ({exc.strerror}); the outputs are unchanged"
                raise outputs.problem(bad, msg) from None
            # A file saved while this build ran is caught here, before the switch.
            guard.check(out_dir, files, force, kept)
            pptx = names[0]  # what pull compares with
            pristine.keep(out_dir / ".cache", st.folder / pptx, st.digests[pptx])
            before = guard.accept_new(out_dir, st.digests)
            published = outputs.publish(st, names)
            guard.settle(out_dir, st.digests, st.statuses, before)
        cachefiles.bound(out_dir / ".cache")
    warnings = [d for d in c.diagnostics if d.severity == "warning"]
    pngs = [published[3] / p.name for p in pngs] if png else []
    seconds = time.perf_counter() - start
    kept_paths = list(kept.values())
    return BuildResult(
        c, published[0], published[1], pngs, seconds, warnings, kept_paths, published[2]
    )


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """While a build runs, the cyclic garbage collector leaves alone what was alive before it
    (the modules; a watch's kept results) and runs a tenth as often: its passes were 0.03-0.05 s
    of a first build's CPU and 0.02 s (5 %) of a rebuild's. Both are restored at the end (the
    build makes few cycles: its memory peak is unchanged)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 20_000), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


# One worker draws the charts and the thumbnail while this process writes both files: a
# second would cost another matplotlib import (half a CPU second) for little time saved.
CHART_WORKERS = 1


@contextmanager
def _pool_for(cache: Path) -> Iterator[Executor | None]:
    """A first build (no drawings kept yet) starts its workers now, so they import matplotlib
    while this process loads and lays out; a rebuild forks them only if something must be
    drawn."""
    if (cache / "charts").is_dir():
        with LazyPool(CHART_WORKERS, least=1) as lazy:
            yield lazy
        return
    with worker_pool(CHART_WORKERS, least=1) as pool:
        chart_files.warm_up(pool)
        yield pool


class _EarlyCharts:
    """The build's charts, each started in the worker as soon as its slide is laid out, while
    the other slides are (a first build's worker would otherwise wait for the last one)."""

    def __init__(self, cache: Path, pool: Executor | None):
        self.cache, self.pool = cache, pool
        self.started: chart_files.Charts | None = None

    def add(self, scene: SlideScene, layout_set: LayoutSet) -> None:
        if self.started is None:
            self.started = chart_files.Charts([], layout_set.fonts, self.cache, self.pool)
        self.started.add(scene)

    def cancel(self) -> None:
        if self.started is not None:
            self.started.cancel()

    def charts(self, scenes: list[SlideScene], layout_set: LayoutSet) -> chart_files.Charts:
        """Every chart of ``scenes``, those not started yet started now."""
        charts = self.started or chart_files.Charts([], layout_set.fonts, self.cache, self.pool)
        for scene in scenes:
            charts.add(scene)
        return charts


def _pdf_file(
    st: outputs.Staged, name: str, pdf: Document, finished: bytes | None
) -> outputs.Written:
    """The PDF written: ``finished``, or finished now (waiting for its charts' drawings)."""
    return st.file(name, finished if finished is not None else pdf.finish())


def _render(
    c: Compiled,
    cache: Path,
    st: outputs.Staged,
    name: str,
    png: bool,
    say: Progress,
    started: Callable[[list[SlideScene], LayoutSet], chart_files.Charts],
) -> list[Path]:
    """The three files (and the PNGs) into the staging folder; nothing in out/ changes here.

    Workers draw the charts and the thumbnail (the only matplotlib work) while this process
    writes the PPTX and the PDF pages."""
    info = doc_info(c)
    fonts = c.layout_set.fonts
    charts = started(c.scenes, c.layout_set)
    pool = charts.pool
    thumb = (
        chart_files.thumbnail_of(c.scenes[0], fonts, cache / "thumbs", pool) if c.scenes else None
    )
    # Chart-free work first, while the worker draws: the PDF but its charts, then the PPTX's
    # slides; the PPTX waits for the charts' pictures at its end, the PDF for their forms.
    say("render PDF")
    meta = DocMeta(info.title, info.author, info.subject, info.language, info.date)
    pdf = pdf_document(c.scenes, fonts, meta, charts.get)
    # pikepdf's save, the writes, their fsyncs and hashes let go of the interpreter: on a
    # thread they overlap the Python work of the PPTX and the HTML. Where this process draws
    # the charts (no fork: Windows), the PDF is finished here: matplotlib stays on one thread.
    with ThreadPoolExecutor(1) as files:
        finished = pdf.finish() if pool is None else None
        with ctrl_c_deferred():  # its thread starts whole, so leaving here always joins it
            pdf_file = files.submit(_pdf_file, st, f"{name}.pdf", pdf, finished)
        say("render PPTX")
        pptx = render_pptx(
            c.scenes, info, c.layout_set, charts.get, thumb, lambda i, n: say("render PPTX", i, n)
        )
        pptx_file = files.submit(st.file, f"{name}.pptx", pptx)
        say("render HTML")
        page = PageMeta(info.title, info.author, info.subject, info.language, name)
        html = render_html(c.scenes, c.layout_set, page, charts.get)
        st.record(pptx_file.result())
        st.record(pdf_file.result())
    st.write(f"{name}.html", html)
    if not png:
        return []
    say("render PNG previews")
    return render_pngs(c.scenes, fonts, st.png_dir())
