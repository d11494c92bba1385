"""The pipeline: load -> layout -> render, and writing the outputs atomically."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .errors import Diagnostic, SourceError
from .fonts import subset_fonts
from .layout import layout_deck
from .loader import load_deck
from .render_pdf import DocMeta, PendingPdf, render_pngs, worker_pool
from .render_pptx import DocInfo, render_pptx
from .scene import ChartBox, SlideScene, TextBox
from .theme import Theme, find_layout_set, load_theme


@dataclass
class Compiled:
    deck: m.Deck
    theme: Theme
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


Progress = Callable[..., None]  # progress(stage) or progress(stage, done, total)


def compile_deck(
    deck_dir: Path,
    layouts: str | None = None,
    allow_overflow: bool = False,
    progress: Progress | None = None,
) -> Compiled:
    """Load and lay out; raise SourceError on any error (overflow is a warning if allowed)."""
    say: Progress = progress or (lambda *_args: None)
    say("load")
    deck = load_deck(deck_dir)
    project = deck_dir.resolve().parent
    # A set named in deck.yaml is reported there; one named with --layouts, on the folder.
    named_at = None if layouts else deck.key_where.get("layouts", deck.where)
    set_dir = find_layout_set(layouts or deck.layouts, project, named_at)
    theme = load_theme(set_dir, project, deck.width_in)
    laid = layout_deck(deck, theme, lambda i, n: say("layout", i, n))
    diags = laid.diagnostics
    if allow_overflow:
        for d in diags:
            if d.code == "overflow":
                d.severity = "warning"
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        raise SourceError(errors)
    return Compiled(deck, theme, laid.scenes, diags)


def doc_info(c: Compiled) -> DocInfo:
    d = c.deck
    subject = d.subtitle or f"{d.organisation} {d.date_text}"
    return DocInfo(
        d.title,
        d.organisation,
        subject,
        d.language,
        timestamp(d.date),
        c.theme.fonts.family,
        c.theme.name,
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
) -> BuildResult:
    start = time.perf_counter()
    say: Progress = progress or (lambda *_args: None)
    c = compile_deck(deck_dir, layouts, allow_overflow, say)
    cache = out_dir / ".cache"
    info = doc_info(c)
    say("render PDF")
    meta = DocMeta(info.title, info.author, info.subject, info.language, info.date)
    with worker_pool() as pool:
        # Workers subset the font and make the PDF while this process writes the PPTX (which
        # needs only the original fonts, for chart images).
        fonts = subset_fonts(c.theme.fonts, scene_chars(c.scenes), cache / "fonts", pool)
        pending = PendingPdf(
            c.scenes, fonts, meta, cache / "pages", pool, lambda i, n: say("render PDF", i, n)
        )
        say("render PPTX")
        pptx = render_pptx(
            c.scenes, info, c.theme, cache / "charts", lambda i, n: say("render PPTX", i, n)
        )
        pdf = pending.result()
    name = c.deck.output
    out_dir.mkdir(parents=True, exist_ok=True)
    pptx_path, pdf_path = out_dir / f"{name}.pptx", out_dir / f"{name}.pdf"
    # Both files are complete in memory before either is replaced: no half-written outputs.
    atomic_write(pptx_path, pptx)
    atomic_write(pdf_path, pdf)
    pngs = []
    if png:
        say("render PNG previews")
        pngs = render_pngs(c.scenes, fonts, out_dir / "png")
    warnings = [d for d in c.diagnostics if d.severity == "warning"]
    return BuildResult(c, pptx_path, pdf_path, pngs, time.perf_counter() - start, warnings)


def atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def scene_chars(scenes: list[SlideScene]) -> set[str]:
    """Every character the renderers will draw (text boxes and chart labels)."""
    chars: set[str] = set()
    for s in scenes:
        for el in s.elements:
            if isinstance(el, TextBox):
                chars.update(el.text)
            elif isinstance(el, ChartBox):
                for label, _v, printed in el.data:
                    chars.update(label + printed)
    chars.discard("\n")
    return chars
