"""Picture files prepared for the writers (checked earlier, by ``source.picture_files``).

The writers ask for the prepared bytes: JPEG stays JPEG (the PDF embeds it as DCT), PNG stays
PNG, colour profiles are converted to sRGB, EXIF rotation is applied, and anything far larger
than twice its displayed size is downsampled once and cached by content hash.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from deckbuilder import cachefiles
from deckbuilder.source.picture_files import pillow

if TYPE_CHECKING:
    from PIL import Image

PX_PER_PT = 2 * 96 / 72  # two device pixels per CSS px: sharp on a high-density screen
SLACK = 1.25  # downsample only what is clearly larger than needed
JPEG_QUALITY = 90
VERSION = "1"  # bump when prepared bytes change, so cached files are not reused


@dataclass(frozen=True)
class Prepared:
    data: bytes
    fmt: str  # "jpeg" | "png"
    width: int
    height: int


_cache_dir: Path | None = None  # set only inside kept_in: where prepared files are kept


@contextmanager
def kept_in(folder: Path) -> Iterator[None]:
    """Prepared pictures kept under ``folder`` (OUT/.cache/pictures) between builds, while the
    block runs (a build), as ``memo.on_disk`` keeps results; none is kept on disk outside it."""
    global _cache_dir
    before, _cache_dir = _cache_dir, folder
    try:
        yield
    finally:
        _cache_dir = before


def target_pixels(display_w: float, display_h: float) -> tuple[int, int]:
    return max(1, math.ceil(display_w * PX_PER_PT)), max(1, math.ceil(display_h * PX_PER_PT))


def prepared(path: str, digest: str, display_w: float, display_h: float) -> Prepared:
    """The bytes to embed for a raster picture whose whole image is shown display_w x display_h
    pt. Cached in memory and, where set, on disk by the source's hash and the target size."""
    return _prepared(path, digest, *target_pixels(display_w, display_h))


# Cache: by (source hash, target pixels) (the path only reads the bytes the hash names); on
# disk too, under the folder ``kept_in`` names, with VERSION in the key.
@lru_cache(maxsize=64)
def _prepared(path: str, digest: str, tw: int, th: int) -> Prepared:
    key = hashlib.sha256(f"{VERSION}:{digest}:{tw}x{th}".encode()).hexdigest()[:32]
    if _cache_dir is not None:
        for fmt in ("jpeg", "png"):
            hit = _cache_dir / f"{key}.{fmt}"
            if hit.is_file():
                cachefiles.touch(hit)  # used: the last the size bound removes
                with pillow().open(hit) as im:
                    return Prepared(hit.read_bytes(), fmt, *im.size)
    data = Path(path).read_bytes()
    result = _convert(data, tw, th)
    if _cache_dir is not None and result.data is not data:  # a kept file needs no copy
        cachefiles.write(_cache_dir / f"{key}.{result.fmt}", result.data)
    return result


def _convert(data: bytes, tw: int, th: int) -> Prepared:
    Image = pillow()  # noqa: N806
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
    im = pillow().open(io.BytesIO(prep.data))
    im.load()
    return im
