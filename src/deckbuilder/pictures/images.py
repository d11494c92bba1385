"""Picture files: where they may come from, whether they are sound, the bytes the writers embed.

Every check runs when the deck is loaded, so a bad file stops ``build`` and ``check`` before
anything is written, with the line of the ``src:`` that names it. The writers then ask for the
prepared bytes: JPEG stays JPEG (the PDF embeds it as DCT), PNG stays PNG, colour profiles are
converted to sRGB, EXIF rotation is applied, and anything far larger than twice its displayed
size is downsampled once and cached by content hash.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deckbuilder import cachefiles
from deckbuilder.pictures import svg
from deckbuilder.source import deckpaths

if TYPE_CHECKING:
    from PIL import Image

MAX_BYTES = 20 * 1024 * 1024  # a screenshot or photo for a slide never needs more
# Pillow warns past this and refuses past twice it; both are errors here. 40 Mpx is a large
# camera photo; a few KB of compressed bomb can claim billions.
MAX_PIXELS = 40_000_000
PX_PER_PT = 2 * 96 / 72  # two device pixels per CSS px: sharp on a high-density screen
SLACK = 1.25  # downsample only what is clearly larger than needed
JPEG_QUALITY = 90
VERSION = "1"  # bump when prepared bytes change, so cached files are not reused


class ImageProblem(Exception):
    """A picture file that cannot be used; the message says why, for the user."""


def _pillow() -> Any:
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
    if svg.looks_like_svg(data):
        try:
            w, h = svg.size(data)
        except svg.SvgProblem as exc:
            raise ImageProblem(f"SVG file {shown!r}: {exc}") from None
        return Source(str(path), "svg", w, h, digest)
    Image = _pillow()  # noqa: N806  (the module, named as Pillow names it)
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


# --- placing: contain and cover ---------------------------------------------------------------

Crop = tuple[float, float, float, float]  # left, top, right, bottom: fractions cut off


def contain(
    src_w: float, src_h: float, x: float, y: float, w: float, h: float, align: str = "center"
) -> tuple[float, float, float, float]:
    """The largest box of the picture's shape inside the slot (letterboxed)."""
    scale = min(w / src_w, h / src_h)
    pw, ph = src_w * scale, src_h * scale
    dx = {"left": 0.0, "right": w - pw}.get(align, (w - pw) / 2)
    return x + dx, y + (h - ph) / 2, pw, ph


def cover(src_w: float, src_h: float, w: float, h: float, focus: tuple[float, float]) -> Crop:
    """The crop that makes the picture fill a w x h slot, kept around ``focus`` (0..1 each)."""
    src_ratio, slot_ratio = src_w / src_h, w / h
    if abs(src_ratio - slot_ratio) < 1e-9:
        return (0.0, 0.0, 0.0, 0.0)
    if src_ratio > slot_ratio:  # too wide: cut left and right
        keep = slot_ratio / src_ratio
        left = min(max(focus[0] - keep / 2, 0.0), 1 - keep)
        return (_r(left), 0.0, _r(1 - keep - left), 0.0)
    keep = src_ratio / slot_ratio
    top = min(max(focus[1] - keep / 2, 0.0), 1 - keep)
    return (0.0, _r(top), 0.0, _r(1 - keep - top))


def _r(v: float) -> float:
    return round(v, 6)  # the same crop in both files, whatever float noise


def full_box(
    x: float, y: float, w: float, h: float, crop: Crop
) -> tuple[float, float, float, float]:
    """Where the whole, uncropped picture lies when its visible part fills (x, y, w, h)."""
    l, t, r, b = crop  # noqa: E741
    fw, fh = w / (1 - l - r), h / (1 - t - b)
    return x - l * fw, y - t * fh, fw, fh


# --- prepared bytes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    data: bytes
    fmt: str  # "jpeg" | "png"
    width: int
    height: int


_cache_dir: Path | None = None


def set_cache(folder: Path | None) -> None:
    """Where downsampled files are kept between builds (out/.cache/pictures)."""
    global _cache_dir
    _cache_dir = folder


def target_pixels(display_w: float, display_h: float) -> tuple[int, int]:
    return max(1, math.ceil(display_w * PX_PER_PT)), max(1, math.ceil(display_h * PX_PER_PT))


def prepared(path: str, digest: str, display_w: float, display_h: float) -> Prepared:
    """The bytes to embed for a raster picture whose whole image is shown display_w x display_h
    pt. Cached in memory and, where set, on disk by the source's hash and the target size."""
    return _prepared(path, digest, *target_pixels(display_w, display_h))


@lru_cache(maxsize=64)
def _prepared(path: str, digest: str, tw: int, th: int) -> Prepared:
    key = hashlib.sha256(f"{VERSION}:{digest}:{tw}x{th}".encode()).hexdigest()[:32]
    if _cache_dir is not None:
        for fmt in ("jpeg", "png"):
            hit = _cache_dir / f"{key}.{fmt}"
            if hit.is_file():
                cachefiles.touch(hit)  # used: the last the size bound removes
                with _pillow().open(hit) as im:
                    return Prepared(hit.read_bytes(), fmt, *im.size)
    data = Path(path).read_bytes()
    result = _convert(data, tw, th)
    if _cache_dir is not None and result.data is not data:  # a kept file needs no copy
        cachefiles.write(_cache_dir / f"{key}.{result.fmt}", result.data)
    return result


def _convert(data: bytes, tw: int, th: int) -> Prepared:
    Image = _pillow()  # noqa: N806
    from PIL import ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        fmt = (opened.format or "png").lower()
        changed = _orientation(opened) > 1  # phones store portraits on their side
        im = ImageOps.exif_transpose(opened) if changed else opened
        assert im is not None
        icc = im.info.get("icc_profile")
        if icc and not _is_srgb(icc):
            im = _to_srgb(im, icc)
            changed = True
        if im.width > tw * SLACK and im.height > th * SLACK:
            im = im.convert(pixel_mode(im, fmt)).resize((tw, th), Image.Resampling.LANCZOS)
            changed = True
        if not changed and (fmt == "png" or opened.mode in ("L", "RGB")):
            return Prepared(data, fmt, *opened.size)  # the author's bytes, untouched
        im = im.convert(pixel_mode(im, fmt))
        out = io.BytesIO()
        if fmt == "jpeg":
            im.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
        else:
            im.save(out, "PNG", optimize=False)
        return Prepared(out.getvalue(), fmt, *im.size)


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block is not worth failing for
        return 1


def pixel_mode(im: Image.Image, fmt: str) -> str:
    """The mode to embed: L or RGB, with alpha where the source has any."""
    if fmt == "jpeg":
        return "L" if im.mode == "L" else "RGB"
    has_alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
    if im.mode in ("L", "1") and not has_alpha:
        return "L"
    return "RGBA" if has_alpha else "RGB"


def _is_srgb(icc: bytes) -> bool:
    from PIL import ImageCms

    try:
        prof = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return "srgb" in ImageCms.getProfileDescription(prof).lower().replace(" ", "")
    except (ImageCms.PyCMSError, OSError):
        return True  # unreadable profile: treat the pixels as sRGB, as a browser would


def _to_srgb(im: Image.Image, icc: bytes) -> Image.Image:
    from PIL import ImageCms

    mode = "RGBA" if im.mode in ("RGBA", "LA", "PA") else "RGB"
    src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    dst = ImageCms.createProfile("sRGB")
    try:
        if im.mode not in ("RGB", "RGBA", "CMYK", "L"):
            im = im.convert(mode)
        out = ImageCms.profileToProfile(im, src, dst, outputMode=mode if im.mode != "L" else "L")
    except ImageCms.PyCMSError:
        return im.convert(mode)
    assert out is not None
    out.info.pop("icc_profile", None)
    return out


def decoded(prep: Prepared) -> Image.Image:
    """The prepared picture as pixels (for the PDF's Flate stream and the previews)."""
    im = _pillow().open(io.BytesIO(prep.data))
    im.load()
    return im
