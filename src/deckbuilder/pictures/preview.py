"""Pictures in the PNG previews, drawn by matplotlib. The PDF embeds pictures itself (JPEG as
DCT, SVG as vectors, see pictures_pdf), so this artist paints on raster canvases only."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_pdf import PdfFile
from matplotlib.transforms import Transform
from PIL import Image

from deckbuilder.layout.picture_fit import full_box
from deckbuilder.pictures import images
from deckbuilder.pictures.svg import fallback_png
from deckbuilder.scene import Picture


class PicturePreview(Artist):
    def __init__(self, pic: Picture, page: Transform):
        super().__init__()
        self.pic, self.page = pic, page
        self.set_zorder(2)  # over the panel shapes (1), under the text (3)

    def draw(self, renderer: Any) -> None:
        if isinstance(getattr(renderer, "file", None), PdfFile):
            return  # the PDF assembly embeds the picture
        pic = self.pic
        (x0, y1), (x1, y0) = self.page.transform([(pic.x, pic.y), (pic.x + pic.w, pic.y + pic.h)])
        w, h = round(x1 - x0), round(y1 - y0)
        if w < 1 or h < 1:
            return
        im = _source(pic).convert("RGBA")
        l, t, r, b = pic.crop  # noqa: E741
        box = (l * im.width, t * im.height, (1 - r) * im.width, (1 - b) * im.height)
        im = im.resize((w, h), Image.Resampling.LANCZOS, box=box)
        gc = renderer.new_gc()
        renderer.draw_image(gc, round(x0), round(y0), np.asarray(im)[::-1].copy())
        gc.restore()


def _source(pic: Picture) -> Image.Image:
    _x, _y, fw, fh = full_box(pic.x, pic.y, pic.w, pic.h, pic.crop)
    if pic.fmt == "svg":
        import io

        png = fallback_png(pic.path, pic.digest, *images.target_pixels(fw, fh), fonts=pic.fonts)
        return Image.open(io.BytesIO(png))
    return images.decoded(images.prepared(pic.path, pic.digest, fw, fh))
