"""Pictures in the PPTX: the prepared bytes as the slide's image part (the p:pic itself, with
its alt text and the crop as a:srcRect, is written by ``pptx_shapes``). An SVG goes in as
PowerPoint 2016+ does it: a PNG for older readers, with the SVG beside it in an asvg:svgBlip
extension."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part

from . import images, svg
from .scene import Picture


def picture_parts(part: Any, pic: Picture) -> tuple[str, str]:
    """Relate ``pic``'s image to a slide part: (rId of the PNG or JPEG, rId of the SVG or "")."""
    fx, fy, fw, fh = images.full_box(pic.x, pic.y, pic.w, pic.h, pic.crop)
    if pic.fmt == "svg":
        with open(pic.path, "rb") as fh_:
            svg_bytes = fh_.read()
        blob = svg_png(pic.path, pic.digest, *images.target_pixels(fw, fh))
    else:
        blob = images.prepared(pic.path, pic.digest, fw, fh).data
    # (what SlidePart.get_or_add_image_part does; a finished slide is a plain Part)
    rid = part.relate_to(part.package.get_or_add_image_part(io.BytesIO(blob)), RT.IMAGE)
    if pic.fmt != "svg":
        return rid, ""
    svg_part = Part(
        part.package.next_image_partname("svg"), "image/svg+xml", part.package, svg_bytes
    )
    return rid, part.relate_to(svg_part, RT.IMAGE)


@lru_cache(maxsize=16)
def svg_png(path: str, digest: str, width_px: int, height_px: int) -> bytes:
    """The PNG fallback of an SVG, at twice its displayed size (``digest`` keys the cache)."""
    with open(path, "rb") as fh:
        return svg.to_png(fh.read(), width_px, height_px)
