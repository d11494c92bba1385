"""Pictures in the PPTX: the prepared bytes as the slide's image part (the p:pic itself, with
its alt text and the crop as a:srcRect, is written by ``pptx_shapes``). An SVG goes in as
PowerPoint 2016+ does it: a PNG for older readers, with the SVG beside it in an asvg:svgBlip
extension. Identical bytes are stored once (``/ppt/media/imageN.png|jpg|svg``)."""

from __future__ import annotations

from functools import lru_cache

from deckbuilder.pictures import images, svg
from deckbuilder.powerpoint.package import CT, RT, Package, Part, relate
from deckbuilder.scene import Picture

_TYPES = {"png": ("png", CT.PNG), "jpeg": ("jpg", CT.JPEG), "svg": ("svg", CT.SVG)}


def picture_parts(package: Package, slide: Part, pic: Picture) -> tuple[str, str]:
    """Relate ``pic``'s image to a slide: (rId of the PNG or JPEG, rId of the SVG or "")."""
    fx, fy, fw, fh = images.full_box(pic.x, pic.y, pic.w, pic.h, pic.crop)
    if pic.fmt == "svg":
        blob = svg_png(pic.path, pic.digest, *images.target_pixels(fw, fh), fonts=pic.fonts)
        fmt = "png"
    else:
        prepared = images.prepared(pic.path, pic.digest, fw, fh)
        blob, fmt = prepared.data, prepared.fmt
    rid = relate(slide, _media(package, fmt, blob), RT.IMAGE)
    if pic.fmt != "svg":
        return rid, ""
    with open(pic.path, "rb") as fh_:
        svg_bytes = fh_.read()
    return rid, relate(slide, _media(package, "svg", svg_bytes), RT.IMAGE)


def _media(package: Package, fmt: str, blob: bytes) -> Part:
    ext, content_type = _TYPES[fmt]
    return package.media("/ppt/media/image", ext, content_type, blob)


def svg_png(
    path: str, digest: str, width_px: int, height_px: int, fonts: svg.Fonts | None = None
) -> bytes:
    """The PNG fallback of an SVG, at twice its displayed size, its text in ``fonts``."""
    return _svg_png(path, digest, width_px, height_px, fonts, svg.font_key(fonts))


@lru_cache(maxsize=16)
def _svg_png(
    path: str,
    digest: str,
    width_px: int,
    height_px: int,
    fonts: svg.Fonts | None,
    _font_key: tuple[str, ...],
) -> bytes:
    """Kept by the SVG's hash and the font files' (``digest``, ``_font_key``)."""
    with open(path, "rb") as fh:
        return svg.to_png(fh.read(), width_px, height_px, fonts)
