"""Pictures in the PDF: the XObject to embed and the operators that paint it, for the pikepdf
page assembly. JPEG goes in as its own bytes (DCTDecode), PNG as Flate pixels with a soft mask
for transparency, SVG as a Form XObject of vector paths. The crop is a clip to the picture's box,
so the PDF shows exactly what the PPTX srcRect shows.
"""

from __future__ import annotations

import hashlib
import io
import zlib
from functools import lru_cache

import pikepdf
from pikepdf import Name

from deckbuilder.layout.picture_fit import full_box
from deckbuilder.pdf.fonts import subset_tag
from deckbuilder.pictures import images, svg
from deckbuilder.scene import Picture
from deckbuilder.source.svg_files import Fonts


def pdf_picture(
    pdf: pikepdf.Pdf, pic: Picture, page_height: float
) -> tuple[pikepdf.Name, pikepdf.Object, bytes]:
    """(resource name, XObject, content-stream operators) that paint ``pic`` on a page of
    ``page_height`` pt. Put the XObject under /Resources /XObject with that name and append the
    operators to the page's content; they save and restore the graphics state."""
    fx, fy, fw, fh = full_box(pic.x, pic.y, pic.w, pic.h, pic.crop)
    if pic.fmt == "svg":
        xobj, (bw, bh) = _form(pdf, pic)
        sx, sy = fw / bw, fh / bh
    else:
        xobj = _image(pdf, pic, fw, fh)
        sx, sy = fw, fh  # an image XObject is a unit square
    # One name per file and embedded size: the same picture twice on a page shares its XObject.
    tag = hashlib.sha256(f"{pic.digest}:{images.target_pixels(fw, fh)}".encode()).hexdigest()
    name = Name("/Pic" + tag[:12])
    ops = (
        b"q\n"
        + _nums(pic.x, page_height - pic.y - pic.h, pic.w, pic.h)
        + b" re W n\n"
        + _nums(sx, 0, 0, sy, fx, page_height - fy - fh)
        + b" cm\n"
        + name.unparse()
        + b" Do\nQ\n"
    )
    return name, xobj, ops


def _nums(*values: float) -> bytes:
    return " ".join(f"{v:.4f}".rstrip("0").rstrip(".") or "0" for v in values).encode()


def _image(pdf: pikepdf.Pdf, pic: Picture, fw: float, fh: float) -> pikepdf.Object:
    prep = images.prepared(pic.path, pic.digest, fw, fh)
    if prep.fmt == "jpeg":
        gray = images.decoded(prep).mode == "L"
        return pikepdf.Stream(
            pdf,
            prep.data,  # the JPEG itself: no re-encoding, no growth
            Type=Name.XObject,
            Subtype=Name.Image,
            Width=prep.width,
            Height=prep.height,
            ColorSpace=Name.DeviceGray if gray else Name.DeviceRGB,
            BitsPerComponent=8,
            Filter=Name.DCTDecode,
        )
    im = images.decoded(prep)
    im = im.convert(images.pixel_mode(im, "png"))  # palette and 1-bit PNGs as plain pixels
    alpha = None
    if im.mode in ("RGBA", "LA"):
        alpha = im.getchannel("A")
        im = im.convert("RGB" if im.mode == "RGBA" else "L")
    gray = im.mode == "L"
    stream = _flate(pdf, im.tobytes(), prep.width, prep.height, gray)
    if alpha is not None and alpha.getextrema() != (255, 255):
        stream.SMask = _flate(pdf, alpha.tobytes(), prep.width, prep.height, True)
    return stream


def _flate(pdf: pikepdf.Pdf, raw: bytes, w: int, h: int, gray: bool) -> pikepdf.Stream:
    return pikepdf.Stream(
        pdf,
        zlib.compress(raw, 9),
        Type=Name.XObject,
        Subtype=Name.Image,
        Width=w,
        Height=h,
        ColorSpace=Name.DeviceGray if gray else Name.DeviceRGB,
        BitsPerComponent=8,
        Filter=Name.FlateDecode,
    )


def _form(pdf: pikepdf.Pdf, pic: Picture) -> tuple[pikepdf.Object, tuple[float, float]]:
    """The SVG as reportlab draws it into a one-page PDF, that page made a Form XObject. The
    same SVG again (the logo on the cover and the back cover) is the same object, fonts and all:
    qpdf copies a foreign object into a document once."""
    _one_page, form, size = _foreign(pic.path, pic.digest, pic.fonts, svg.font_key(pic.fonts))
    return pdf.copy_foreign(form), size


# Cache: by (SVG hash, font files' hashes); the path only reads the bytes the hash names.
@lru_cache(maxsize=16)
def _foreign(
    path: str, digest: str, fonts: Fonts | None, font_key: tuple[str, ...]
) -> tuple[pikepdf.Pdf, pikepdf.Object, tuple[float, float]]:
    """The one-page PDF (kept open: the copies read their streams from it), its page as a form
    and its size, kept by the SVG's hash and the font files' (``digest``, ``font_key``)."""
    one_page = pikepdf.Pdf.open(io.BytesIO(_drawn(path, fonts)))
    page = one_page.pages[0]
    box = [float(v) for v in page.mediabox]
    return one_page, page.as_form_xobject(), (box[2] - box[0], box[3] - box[1])


_SHOW = {"Tj", "TJ", "'", '"'}  # the operators that show glyphs
Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage


def _drawn(path: str, fonts: Fonts | None) -> bytes:
    """reportlab's page for the SVG, made fit to embed: the text objects reportlab opens with
    its default font (Helvetica, never embedded, never showing a glyph) are dropped with that
    font, and each embedded subset is named by its own bytes (reportlab names every first
    subset AAAAAA+, and two SVGs' subsets of one face would share a name in the deck's PDF)."""
    with open(path, "rb") as fh:
        data = svg.to_pdf(fh.read(), fonts)
    doc = pikepdf.Pdf.open(io.BytesIO(data))
    page = doc.pages[0]
    fonts_ = page.obj.get("/Resources", pikepdf.Dictionary()).get("/Font")
    if fonts_ is None:
        return data
    kept: list[Instruction] = []
    text: list[Instruction] = []
    shows = False
    for ins in pikepdf.parse_content_stream(page):
        op = str(ins.operator)
        if op == "BT":
            text, shows = [ins], False
        elif text:
            text.append(ins)
            shows = shows or op in _SHOW
            if op == "ET":
                kept += text if shows else []
                text = []
        else:
            kept.append(ins)
    page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(kept))
    used = {str(i.operands[0]) for i in kept if str(i.operator) == "Tf"}
    for name in list(fonts_.keys()):
        font = fonts_[name]
        if name not in used:
            del fonts_[name]
        elif "/FontFile2" in font.get("/FontDescriptor", {}):
            descriptor = font.FontDescriptor
            base = str(font.BaseFont)[1:].split("+", 1)[-1]
            program = descriptor.FontFile2.read_bytes()
            if "/ToUnicode" in font:  # the same glyphs may stand for other characters
                program += font.ToUnicode.read_bytes()
            tagged = Name("/" + subset_tag(program) + "+" + base)
            font.BaseFont = descriptor.FontName = tagged
    out = io.BytesIO()
    doc.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()
