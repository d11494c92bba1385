"""``deckbuilder preview``: a PNG per slide and one contact sheet of all slides (out/preview/).

The PNGs are drawn by the same code as the PDF pages (draw_mpl.figure_for), so what a designer
sees here is what the PDF shows. Nothing else of the build is written.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .build import Compiled, atomic_write, compile_deck
from .draw_mpl import figure_for
from .errors import Diagnostic
from .fonts import FontSet
from .scene import SlideScene

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
    say = progress or (lambda *_a: None)
    n = len(scenes)
    jobs = jobs or min(n, os.cpu_count() or 1, 4)
    out: list[bytes] = []
    if jobs > 1 and n > 2:
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
            for i, data in enumerate(pool.map(_job, [(s, fonts, dpi) for s in scenes]), start=1):
                out.append(data)
                say("render PNG", i, n)
    else:
        for i, s in enumerate(scenes, start=1):
            out.append(png_bytes(s, fonts, dpi))
            say("render PNG", i, n)
    return out


def contact_sheet(
    images: list[bytes],
    labels: list[str],
    font_path: Path | None = None,
    columns: int = 6,
    thumb_width: int = 320,
) -> bytes:
    """All slides as thumbnails on one sheet, each labelled (slide number and title)."""
    thumbs = [Image.open(io.BytesIO(b)).convert("RGB") for b in images]
    if not thumbs:
        raise ValueError("no slides")
    w0, h0 = thumbs[0].size
    tw = thumb_width
    th = round(h0 * tw / w0)
    columns = max(1, min(columns, len(thumbs)))
    rows = math.ceil(len(thumbs) / columns)
    gap, label_h, margin = 16, 28, 24
    sheet_w = margin * 2 + columns * tw + (columns - 1) * gap
    sheet_h = margin * 2 + rows * (th + label_h) + (rows - 1) * gap
    sheet = Image.new("RGB", (sheet_w, sheet_h), "#F2F2F2")
    draw = ImageDraw.Draw(sheet)
    font = _font(font_path, 14)
    for i, (im, label) in enumerate(zip(thumbs, labels, strict=True)):
        r, c = divmod(i, columns)
        x = margin + c * (tw + gap)
        y = margin + r * (th + label_h + gap)
        sheet.paste(im.resize((tw, th), Image.Resampling.LANCZOS), (x, y))
        draw.rectangle((x - 1, y - 1, x + tw, y + th), outline="#949494")
        draw.text((x, y + th + 6), _fit(draw, label, font, tw), fill="#1A1A1A", font=font)
    buf = io.BytesIO()
    sheet.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _font(path: Path | None, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
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
    c = compile_deck(deck_dir, layouts, allow_overflow=True, progress=say)
    images = render_all(c.scenes, c.theme.fonts, dpi, say)
    say("contact sheet")
    labels = [f"{s.number}  {' '.join(s.title.split())}" for s in c.scenes]
    sheet = contact_sheet(images, labels, c.theme.fonts.regular.path, columns)
    target = out_dir / "preview"
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for s, data in zip(c.scenes, images, strict=True):
        path = target / f"slide-{s.number:02d}.png"
        atomic_write(path, data)
        paths.append(path)
    keep = {p.name for p in paths} | {CONTACT_SHEET}
    for old in target.glob("slide-*.png"):
        if old.name not in keep:  # a slide that is no longer in the deck
            old.unlink()
    sheet_path = target / CONTACT_SHEET
    atomic_write(sheet_path, sheet)
    warnings = [d for d in c.diagnostics if d.severity == "warning"]
    return PreviewResult(c, paths, sheet_path, warnings)
