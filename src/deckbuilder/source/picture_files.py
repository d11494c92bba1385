"""Picture files named by the deck: where they may come from and whether they are sound.

Every check runs when the deck is loaded, so a bad file stops ``build`` and ``check`` before
anything is written, with the line of the ``src:`` that names it. What the writers embed is
prepared later, from the checked ``Source`` (``pictures.images``).
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckbuilder.source import deckpaths, svg_files

MAX_BYTES = 20 * 1024 * 1024  # a screenshot or photo for a slide never needs more
# Pillow warns past this and refuses past twice it; both are errors here. 40 Mpx is a large
# camera photo; a few KB of compressed bomb can claim billions.
MAX_PIXELS = 40_000_000


class ImageProblem(Exception):
    """A picture file that cannot be used; the message says why, for the user."""


def pillow() -> Any:
    """Pillow's Image module, imported on first use: a deck without raster pictures never
    needs it, and a rebuild that keeps every picture saves its import."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image


@dataclass(frozen=True)
class Source:
    """A checked picture file: absolute path, what it is, its size, a hash of its bytes."""

    path: str
    fmt: str  # "jpeg" | "png" | "svg"
    width: float  # pixels (for SVG: points)
    height: float
    digest: str


def resolve(src: str, project: Path, deck_dir: Path) -> Path:
    """The file ``src`` (relative to the project folder) names, refused outside ``assets/`` and
    the deck folder. Symlinks are followed first, so a link cannot lead out either."""
    if not src.strip():
        raise ImageProblem("'src' is empty")
    if "\0" in src:
        raise ImageProblem("'src' holds a NUL character")
    if "\\" in src:
        slashed = src.replace("\\", "/")
        msg = f"image path '{src}' uses backslashes: use forward slashes ('{slashed}')"
        raise ImageProblem(msg)
    path = (project / src).resolve()  # absolute src: project / src is src itself
    roots = [(project / "assets").resolve(), deck_dir.resolve()]
    if not any(path.is_relative_to(r) for r in roots):
        raise ImageProblem(f"image path {src!r} leads outside assets/ and the deck folder")
    if not path.is_file():  # a name stored as NFD (macOS), or a case or spelling to name
        try:
            path = deckpaths.find(project, src, "").resolve()
        except deckpaths.PathProblem as exc:
            raise ImageProblem(f"image file {exc}") from None
        if not path.is_file() or not any(path.is_relative_to(r) for r in roots):
            raise ImageProblem(f"image file {src!r} not found")
    return path


def inspect(path: Path, shown: str) -> Source:
    """Open and fully decode the file once: truncation, bombs and non-images are found here."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImageProblem(
            f"image file {shown!r} is {size / 2**20:.1f} MB; the limit is "
            f"{MAX_BYTES // 2**20} MB (export it smaller)"
        )
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if svg_files.looks_like_svg(data):
        try:
            w, h = svg_files.size(data)
        except svg_files.SvgProblem as exc:
            raise ImageProblem(f"SVG file {shown!r}: {exc}") from None
        return Source(str(path), "svg", w, h, digest)
    Image = pillow()  # noqa: N806  (the module, named as Pillow names it)
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = (im.format or "").lower()
                if fmt not in ("jpeg", "png"):
                    raise ImageProblem(
                        f"image file {shown!r} is {im.format or 'not an image'}; use PNG, JPEG "
                        "or SVG"
                    )
                im.load()  # decodes every byte: a truncated file fails here
                w, h = im.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageProblem(
            f"image file {shown!r} claims more than {MAX_PIXELS:,} pixels (a decompression "
            "bomb, or far larger than a slide needs)"
        ) from None
    except UnidentifiedImageError:
        raise ImageProblem(
            f"{shown!r} is not an image Pillow can read (PNG, JPEG or SVG)"
        ) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"image file {shown!r} is damaged or truncated ({exc})") from None
    return Source(str(path), fmt, float(w), float(h), digest)
