"""Pictures in the PPTX: a p:pic with its alt text (descr), the crop as a:srcRect and the
prepared bytes as the image part. An SVG goes in as PowerPoint 2016+ does it: a PNG for older
readers, with the SVG beside it in an asvg:svgBlip extension."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn
from pptx.util import Emu

from . import images, pptx_xml, svg
from .scene import Picture

EMU_PER_PT = 12700


def _emu(pt: float) -> Emu:
    return Emu(round(pt * EMU_PER_PT))


def add_picture(slide: Any, pic: Picture, name: str = "Picture") -> Any:
    """Add ``pic`` to a python-pptx slide (on top of what is there) and return the shape."""
    fx, fy, fw, fh = images.full_box(pic.x, pic.y, pic.w, pic.h, pic.crop)
    if pic.fmt == "svg":
        with open(pic.path, "rb") as fh_:
            svg_bytes = fh_.read()
        blob = svg_png(pic.path, pic.digest, *images.target_pixels(fw, fh))
    else:
        blob = images.prepared(pic.path, pic.digest, fw, fh).data
    shape = slide.shapes.add_picture(
        io.BytesIO(blob), _emu(pic.x), _emu(pic.y), _emu(pic.w), _emu(pic.h)
    )
    shape.name = name
    l, t, r, b = pic.crop  # noqa: E741
    if any(pic.crop):
        shape.crop_left, shape.crop_top, shape.crop_right, shape.crop_bottom = l, t, r, b
    c_nv_pr = shape._element.find(".//" + qn("p:cNvPr"))
    if pic.decorative:
        pptx_xml.mark_decorative(shape._element)
    else:
        c_nv_pr.set("descr", pic.alt)
    if pic.fmt == "svg":
        part = slide.part
        svg_part = Part(
            part.package.next_image_partname("svg"), "image/svg+xml", part.package, svg_bytes
        )
        pptx_xml.add_svg_blip(shape._element, part.relate_to(svg_part, RT.IMAGE))
    return shape


@lru_cache(maxsize=16)
def svg_png(path: str, digest: str, width_px: int, height_px: int) -> bytes:
    """The PNG fallback of an SVG, at twice its displayed size (``digest`` keys the cache)."""
    with open(path, "rb") as fh:
        return svg.to_png(fh.read(), width_px, height_px)
