"""``deckbuilder preview``: a PNG per slide and one contact sheet of all slides (out/preview/).

The PNGs are drawn by the same code as the PDF pages (draw_mpl.figure_for), so what a designer
sees here is what the PDF shows. Nothing else of the build is written.
"""

from __future__ import annotations

import io
import math
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from deckbuilder.commands import outputs
from deckbuilder.commands.build import Compiled, compile_deck
from deckbuilder.commands.outputs import atomic_write
from deckbuilder.errors import Diagnostic
from deckbuilder.pictures.draw_mpl import figure_for
from deckbuilder.scene import SlideScene
from deckbuilder.text.fonts import FontSet
from deckbuilder.workers import worker_pool

CONTACT_SHEET = "contact-sheet.png"
Progress = Callable[..., None]


@dataclass
class PreviewResult:
    compiled: Compiled
    pngs: list[Path]
    sheet: Path
    warnings: list[Diagnostic]


def png_bytes(scene: SlideScene, fonts: FontSet, dpi: int = 72) -> bytes:
    """One slide as PNG bytes (960 x 540 at 72 dpi for a 13.333 x 7.5 in slide)."""
    fig = figure_for(scene, fonts)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def _job(args: tuple[SlideScene, FontSet, int]) -> bytes:
    return png_bytes(*args)


def render_all(
    scenes: list[SlideScene],
    fonts: FontSet,
    dpi: int = 72,
    progress: Progress | None = None,
    jobs: int = 0,
) -> list[bytes]:
    """Every scene as PNG bytes, in order; in a few processes when there are many."""
    return list(render_each(scenes, fonts, dpi, progress, jobs))


def render_each(
    scenes: list[SlideScene],
    fonts: FontSet,
    dpi: int = 72,
    progress: Progress | None = None,
    jobs: int = 0,
) -> Iterator[bytes]:
    """Each scene as PNG bytes, in order, as soon as it is drawn (a few slides in flight)."""
    say = progress or (lambda *_a: None)
    n = len(scenes)
    jobs = jobs or min(n, os.cpu_count() or 1, 4)
    with worker_pool(jobs if n > 2 else 1) as pool:
        if pool is None:
            drawn: Iterator[bytes] = (png_bytes(s, fonts, dpi) for s in scenes)
        else:
            drawn = _bounded(pool, [(s, fonts, dpi) for s in scenes], 2 * jobs)
        for i, data in enumerate(drawn, start=1):
            say("render PNG", i, n)
            yield data


def _bounded(
    pool: Executor, jobs: list[tuple[SlideScene, FontSet, int]], ahead: int
) -> Iterator[bytes]:
    """Results in order with at most ``ahead`` pages in flight, so memory does not grow with
    the deck (pool.map would queue every finished page)."""
    waiting: deque[Future[bytes]] = deque()
    for job in jobs:
        waiting.append(pool.submit(_job, job))
        if len(waiting) >= ahead:
            yield waiting.popleft().result()
    while waiting:
        yield waiting.popleft().result()


class ContactSheet:
    """The contact sheet, filled one slide at a time (only the thumbnails are kept)."""

    def __init__(self, count: int, font_path: Path | None, columns: int, thumb_width: int = 320):
        self.count, self.font, self.tw = count, label_font(font_path, 14), thumb_width
        self.columns = max(1, min(columns, count))
        self.sheet: Image.Image | None = None
        self.placed = 0

    GAP, LABEL_H, MARGIN = 16, 28, 24

    def add(self, png: bytes, label: str) -> None:
        with Image.open(io.BytesIO(png)) as im:
            w0, h0 = im.size
            self.th = round(h0 * self.tw / w0)
            thumb = im.convert("RGB").resize((self.tw, self.th), Image.Resampling.LANCZOS)
        if self.sheet is None:
            rows = math.ceil(self.count / self.columns)
            g, m = self.GAP, self.MARGIN
            w = m * 2 + self.columns * self.tw + (self.columns - 1) * g
            h = m * 2 + rows * (self.th + self.LABEL_H) + (rows - 1) * g
            self.sheet = Image.new("RGB", (w, h), "#F2F2F2")
        r, c = divmod(self.placed, self.columns)
        x = self.MARGIN + c * (self.tw + self.GAP)
        y = self.MARGIN + r * (self.th + self.LABEL_H + self.GAP)
        self.sheet.paste(thumb, (x, y))
        draw = ImageDraw.Draw(self.sheet)
        draw.rectangle((x - 1, y - 1, x + self.tw, y + self.th), outline="#949494")
        text = _fit(draw, label, self.font, self.tw)
        draw.text((x, y + self.th + 6), text, fill="#1A1A1A", font=self.font)
        self.placed += 1

    def png(self) -> bytes:
        if self.sheet is None:
            raise ValueError("no slides")
        buf = io.BytesIO()
        self.sheet.save(buf, format="PNG", optimize=True)
        return buf.getvalue()


def contact_sheet(
    images: list[bytes],
    labels: list[str],
    font_path: Path | None = None,
    columns: int = 6,
    thumb_width: int = 320,
) -> bytes:
    """All slides as thumbnails on one sheet, each labelled (slide number and title)."""
    sheet = ContactSheet(len(images), font_path, columns, thumb_width)
    for png, label in zip(images, labels, strict=True):
        sheet.add(png, label)
    return sheet.png()


def label_font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            pass
    return ImageFont.load_default()


def _fit(draw: ImageDraw.ImageDraw, text: str, font: object, width: int) -> str:
    """Cut a label to the thumbnail's width, with an ellipsis (one line: breaks become spaces)."""
    text = " ".join(text.split())
    if draw.textlength(text, font=font) <= width:  # type: ignore[arg-type]
        return text
    while text and draw.textlength(text + "…", font=font) > width:  # type: ignore[arg-type]
        text = text[:-1]
    return text + "…"


def ready(out_dir: Path, sub: str) -> Path:
    """Build's checks of the output folder (and of ``sub`` in it, where it exists) before
    anything is drawn: a file or an unwritable folder is the user's problem, exit 1."""
    outputs.preflight(out_dir)
    target = out_dir / sub
    if os.path.lexists(target):
        outputs.preflight(target)
    return target


def preview(
    deck_dir: Path,
    out_dir: Path,
    layouts: str | None = None,
    columns: int = 6,
    dpi: int = 72,
    progress: Progress | None = None,
) -> PreviewResult:
    """Write out_dir/preview/slide-NN.png and contact-sheet.png; raise SourceError on errors.

    Overflowing text is drawn as it falls (and reported as a warning): a preview is for looking.
    """
    say = progress or (lambda *_a: None)
    target = ready(out_dir, "preview")
    c = compile_deck(deck_dir, layouts, allow_overflow=True, progress=say)
    target.mkdir(parents=True, exist_ok=True)
    # Streamed: each slide is written and shrunk onto the sheet as it arrives.
    sheet = ContactSheet(len(c.scenes), c.layout_set.fonts.regular.path, columns)
    paths = []
    for s, data in zip(c.scenes, render_each(c.scenes, c.layout_set.fonts, dpi, say), strict=True):
        path = target / f"slide-{s.number:02d}.png"
        atomic_write(path, data)
        paths.append(path)
        sheet.add(data, f"{s.number}  {' '.join(s.title.split())}")
    say("contact sheet")
    keep = {p.name for p in paths} | {CONTACT_SHEET}
    for old in target.glob("slide-*.png"):
        if old.name not in keep:  # a slide that is no longer in the deck
            old.unlink()
    sheet_path = target / CONTACT_SHEET
    atomic_write(sheet_path, sheet.png())
    warnings = [d for d in c.diagnostics if d.severity == "warning"]
    return PreviewResult(c, paths, sheet_path, warnings)
