"""Pictures in the PPTX: the prepared bytes as the slide's image part (the p:pic itself, with
its alt text and the crop as a:srcRect, is written by ``pptx_shapes``). An SVG goes in as
PowerPoint 2016+ does it: a PNG for older readers, with the SVG beside it in an asvg:svgBlip
extension. Identical bytes are stored once (``/ppt/media/imageN.png|jpg|svg``)."""

from __future__ import annotations

from deckbuilder.layout.picture_fit import full_box
from deckbuilder.pictures import images
from deckbuilder.pictures.svg import fallback_png
from deckbuilder.powerpoint.package import CT, RT, Package, Part, relate
from deckbuilder.scene import Picture

_TYPES = {"png": ("png", CT.PNG), "jpeg": ("jpg", CT.JPEG), "svg": ("svg", CT.SVG)}


def picture_parts(package: Package, slide: Part, pic: Picture) -> tuple[str, str]:
    """Relate ``pic``'s image to a slide: (rId of the PNG or JPEG, rId of the SVG or "")."""
    fx, fy, fw, fh = full_box(pic.x, pic.y, pic.w, pic.h, pic.crop)
    if pic.fmt == "svg":
        blob = fallback_png(pic.path, pic.digest, *images.target_pixels(fw, fh), fonts=pic.fonts)
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
