"""Pictures on slides: a deck with a generated PNG, JPEG and SVG (and an SVG logo) builds; the
PPTX holds them as pictures with alt text and the crop; the PDF pieces embed the JPEG as DCT,
the SVG as vectors, at the same place and crop; same inputs give the same bytes."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageCms
from pptx import Presentation
from pptx.oxml.ns import qn

from cmdkit import edit
from deckbuilder.cli import main
from deckbuilder.commands.build import build, compile_deck
from deckbuilder.layout import picture_fit
from deckbuilder.layout.blocks.image import place
from deckbuilder.pdf.pictures import pdf_picture
from deckbuilder.pictures import images, svg
from deckbuilder.scene import Group, Picture
from deckbuilder.source import picture_files, svg_files
from deckbuilder.text.fonts import FontSet, load_face
from helpers import ROOT, SOFFICE, lo_convert, pdf_page, slide_text
from helpers import pictures as all_pictures
from picturekit import (
    LOGO_SVG,
    LOGO_TEXT,
    TEXT_BOX,
    jpeg_bytes,
    picture_project,
    png_bytes,
)

ASVG = "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"
FONTS = ROOT / "assets" / "fonts"
DECK_FONTS = (str(FONTS / "BIZUDPGothic-Regular.ttf"), str(FONTS / "BIZUDPGothic-Bold.ttf"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    proj = picture_project(tmp_path_factory.mktemp("pics") / "proj")
    build(proj / "deck", proj / "out")
    return proj


def pictures(pptx: Path) -> dict[int, list]:
    out: dict[int, list] = {}
    for n, slide in enumerate(Presentation(str(pptx)).slides, start=1):
        out[n] = [sh for sh in all_pictures(slide) if "グラフ" not in sh.name]
    return out


def descr(shape) -> str:
    return shape._element.find(".//" + qn("p:cNvPr")).get("descr", "")


def test_pptx_has_the_pictures_with_alt_text_and_crop(built: Path):
    pics = pictures(built / "out" / "report.pptx")
    by_alt = {descr(p): p for p in pics[4]}
    assert set(by_alt) == {"マイナポータルのトップ画面", "職員の写真", "テストのロゴ"}
    photo = by_alt["職員の写真"]
    assert photo.image.content_type == "image/jpeg"
    jpeg = (built / "assets" / "photos" / "team.jpg").read_bytes()
    assert photo.image.blob == jpeg  # the JPEG as the author gave it
    # cover: the 3:2 photo fills a taller slot, so left and right are cut, evenly (focus top)
    assert photo.crop_left == pytest.approx(photo.crop_right) and photo.crop_left > 0.1
    assert photo.crop_top == photo.crop_bottom == 0
    ratio = photo.width / photo.height
    visible = 1200 * (1 - photo.crop_left - photo.crop_right) / 800
    assert ratio == pytest.approx(visible, rel=1e-3)  # the crop keeps the pixels square
    logo = by_alt["テストのロゴ"]
    assert logo._element.find(".//" + ASVG) is not None  # SVG, with the PNG as fallback
    assert logo.image.content_type == "image/png"
    shot = by_alt["マイナポータルのトップ画面"]
    assert shot.width / shot.height == pytest.approx(640 / 400, rel=1e-3)  # contain: no crop
    assert not any((shot.crop_left, shot.crop_top, shot.crop_right, shot.crop_bottom))


def test_logo_replaces_the_wordmark_on_the_cover(built: Path):
    prs = Presentation(str(built / "out" / "report.pptx"))
    cover = prs.slides[0]
    # The logo is the cover layout's chrome, drawn there once, not again on the slide.
    assert not [sh for sh in cover.shapes if sh.shape_type == 13]
    logos = [sh for sh in cover.slide_layout.shapes if sh.shape_type == 13]
    assert [descr(sh) for sh in logos] == ["デジタル庁"]  # alt: the organisation by default
    assert logos[0].image.content_type == "image/png"
    assert logos[0]._element.find(".//" + ASVG) is not None  # the SVG, the PNG its fallback
    texts = slide_text(cover)
    assert "Digital Agency" not in texts
    # left-aligned in the cover's logo slot (112 px = 84 pt from the left edge)
    assert logos[0].left == 84 * 12700


def test_a_slide_added_with_the_cover_layout_shows_the_logo(built: Path, tmp_path: Path):
    """As a designer adds one in PowerPoint: the new slide has the deck's logo from its layout,
    and LibreOffice draws it there as it draws the cover's."""
    prs = Presentation(str(built / "out" / "report.pptx"))
    layout = prs.slides[0].slide_layout
    added = prs.slides.add_slide(layout)
    assert [descr(sh) for sh in added.slide_layout.shapes if sh.shape_type == 13] == ["デジタル庁"]
    saved = tmp_path / "added.pptx"
    prs.save(str(saved))
    back = Presentation(str(saved))
    assert back.slides[len(back.slides) - 1].slide_layout.name == layout.name
    if SOFFICE is None or shutil.which("pdftoppm") is None:
        pytest.skip("LibreOffice or poppler missing: the drawing is not checked")
    pdf = lo_convert(saved, tmp_path / "lo")
    first, last = (_page_png(pdf, n, tmp_path) for n in (1, len(back.slides)))
    x, y, w, h = (round(v / 12700 / 72 * 50) for v in _logo_box(layout))  # EMU -> 50 dpi
    box = (x, y, x + w, y + h)
    cover, new = first.crop(box).convert("L"), last.crop(box).convert("L")
    assert cover.getextrema()[0] < 128  # the logo is drawn on the cover ...
    assert new.tobytes() == cover.tobytes()  # ... and the same on the added slide


def _logo_box(layout) -> tuple[int, int, int, int]:
    pic = next(sh for sh in layout.shapes if sh.shape_type == 13)
    return pic.left, pic.top, pic.width, pic.height


def _page_png(pdf: Path, n: int, tmp: Path):
    from PIL import Image

    stem = tmp / f"page{n}"
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "50",
            "-png",
            "-singlefile",
            "-f",
            str(n),
            "-l",
            str(n),
            str(pdf),
            str(stem),
        ],
        check=True,
    )
    return Image.open(f"{stem}.png")


def test_without_logo_the_wordmark_stays(mini_build: Path):
    cover = Presentation(str(mini_build / "report.pptx")).slides[0]
    texts = slide_text(cover)
    assert "Digital Agency" in texts
    assert not [sh for sh in cover.shapes if sh.shape_type == 13]


def test_scene_groups_pictures_as_figures_with_alt(built: Path):
    c = compile_deck(built / "deck")
    slide = c.scenes[3]
    figures = [n for n in _walk(slide.root) if isinstance(n, Group) and n.kind == "figure"]
    alts = {f.alt for f in figures if any(isinstance(e, Picture) for e in f.leaves())}
    assert alts == {"マイナポータルのトップ画面", "職員の写真", "テストのロゴ"}
    caption = [e for f in figures for e in f.leaves() if getattr(e, "role", "") == "caption"]
    pic = next(e for f in figures for e in f.leaves() if isinstance(e, Picture))
    assert caption and caption[0].y >= pic.y + pic.h  # the caption under the picture


def _walk(nodes):
    for n in nodes:
        yield n
        if isinstance(n, Group):
            yield from _walk(n.children)


def test_same_inputs_same_bytes(built: Path, tmp_path: Path):
    def files(out: Path) -> dict[str, bytes]:
        return {n: (out / n).read_bytes() for n in ("report.pptx", "report.pdf")}

    first = files(built / "out")
    again = tmp_path / "again"
    build(built / "deck", again)  # a cold cache
    assert files(again) == first
    build(built / "deck", again)  # a warm one (downsampled pictures read back)
    assert files(again) == first


def test_dummy_or_no_src_keeps_the_labelled_frame(tmp_path: Path):
    proj = picture_project(tmp_path / "p")
    edit(
        proj / "deck" / "slides" / "04-pictures.yaml",
        "alt: 職員の写真,",
        "dummy: true, caption: 写真,",
    )
    c = compile_deck(proj / "deck")
    kinds = [type(e).__name__ for e in c.scenes[3].elements]
    assert kinds.count("Picture") == 2 and kinds.count("Placeholder") == 1


# --- the PDF pieces, on a page made with pikepdf --------------------------------------------------


def _page_pdf(pics: list[Picture]) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(960, 540))
    page = pdf.pages[0]
    xobjects = pikepdf.Dictionary()
    ops = b""
    for pic in pics:
        name, xobj, paint = pdf_picture(pdf, pic, 540)
        xobjects[name] = xobj
        ops += paint
    page.obj.Resources = pikepdf.Dictionary(XObject=xobjects)
    page.obj.Contents = pdf.make_stream(ops)
    buf = io.BytesIO()
    pdf.save(buf, deterministic_id=True, compress_streams=True)
    return buf.getvalue()


def _source(tmp_path: Path, name: str, data: bytes) -> picture_files.Source:
    (tmp_path / "assets").mkdir(exist_ok=True)
    path = tmp_path / "assets" / name
    path.write_bytes(data)
    return picture_files.inspect(path, name)


def test_pdf_embeds_the_jpeg_as_dct_and_grows_by_its_size(tmp_path: Path):
    jpeg = jpeg_bytes()
    src = _source(tmp_path, "photo.jpg", jpeg)
    pic = place(src, 100, 50, 300, 300, "cover", alt="写真")
    empty, with_photo = _page_pdf([]), _page_pdf([pic])
    grown = len(with_photo) - len(empty)
    assert len(jpeg) <= grown <= len(jpeg) * 1.02 + 1024  # the JPEG and a small dictionary
    doc = pikepdf.open(io.BytesIO(with_photo))
    ((name, xobj),) = doc.pages[0].Resources.XObject.items()
    assert xobj.Subtype == "/Image" and xobj.Filter == "/DCTDecode"
    assert xobj.read_raw_bytes() == jpeg
    ops = doc.pages[0].Contents.read_bytes().decode()
    # clipped to the slot (PDF y up: 540 - 50 - 300 = 190), the whole image scaled past it
    assert "100 190 300 300 re W n" in ops
    full_w = 300 / (1 - pic.crop[0] - pic.crop[2])
    assert f"{full_w:.4f}".rstrip("0").rstrip(".") in ops and f"{name} Do" in ops


def test_pdf_draws_the_svg_as_vector_paths(tmp_path: Path):
    src = _source(tmp_path, "logo.svg", LOGO_SVG.encode())
    pic = place(src, 40, 40, 320, 96, "contain", alt="ロゴ")
    doc = pikepdf.open(io.BytesIO(_page_pdf([pic])))
    ((_name, form),) = doc.pages[0].Resources.XObject.items()
    assert form.Subtype == "/Form"
    drawing = form.read_bytes().decode("latin-1")
    assert " c" in drawing and (" l" in drawing or " re" in drawing)  # curves and lines
    inner = form.get("/Resources", pikepdf.Dictionary()).get("/XObject", {})
    assert not any(x.get("/Subtype") == "/Image" for x in inner.values())  # no pixels


def test_pdf_embeds_png_as_flate_with_its_transparency(tmp_path: Path):
    src = _source(tmp_path, "shot.png", png_bytes())
    doc = pikepdf.open(io.BytesIO(_page_pdf([place(src, 0, 0, 480, 300, "contain")])))
    ((_name, xobj),) = doc.pages[0].Resources.XObject.items()
    assert xobj.Filter == "/FlateDecode" and xobj.Width == 640 and "/SMask" in xobj
    assert len(zlib.decompress(xobj.read_raw_bytes())) == 640 * 400 * 3


# --- sizes, crops and colours --------------------------------------------------------------------


def test_cover_crops_around_the_focus():
    assert picture_fit.cover(400, 100, 100, 100, (0.5, 0.5)) == (0.375, 0.0, 0.375, 0.0)
    assert picture_fit.cover(400, 100, 100, 100, (0.0, 0.5)) == (0.0, 0.0, 0.75, 0.0)
    assert picture_fit.cover(100, 400, 100, 100, (0.5, 1.0)) == (0.0, 0.75, 0.0, 0.0)
    assert picture_fit.contain(400, 100, 0, 0, 100, 100) == (0, 37.5, 100, 25)


def test_far_larger_pictures_are_downsampled_once_and_cached(tmp_path: Path):
    big = Image.effect_noise((3000, 2000), 60).convert("RGB")
    buf = io.BytesIO()
    big.save(buf, "PNG")
    src = _source(tmp_path, "big.png", buf.getvalue())
    try:
        with images.kept_in(tmp_path / "cache"):
            prep = images.prepared(src.path, src.digest, 150, 100)
            assert (prep.width, prep.height) == images.target_pixels(150, 100) == (400, 267)
            assert len(list((tmp_path / "cache").iterdir())) == 1
            images._prepared.cache_clear()
            again = images.prepared(src.path, src.digest, 150, 100)  # from the disk cache
            assert again == prep
        images._prepared.cache_clear()
        images.prepared(src.path, src.digest, 150, 100)  # outside a build: nothing kept on disk
        assert len(list((tmp_path / "cache").iterdir())) == 1
    finally:
        images._prepared.cache_clear()


def test_rotated_and_cmyk_jpegs_become_upright_srgb(tmp_path: Path):
    im = Image.new("RGB", (60, 40), (200, 30, 30))
    exif = im.getexif()
    exif[0x0112] = 6  # stored on its side: shown rotated 90°
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif)
    src = _source(tmp_path, "side.jpg", buf.getvalue())
    prep = images.prepared(src.path, src.digest, 40, 60)
    assert prep.fmt == "jpeg" and (prep.width, prep.height) == (40, 60)
    buf = io.BytesIO()
    Image.new("CMYK", (50, 50), (0, 255, 255, 0)).save(buf, "JPEG")
    src = _source(tmp_path, "print.jpg", buf.getvalue())
    prep = images.prepared(src.path, src.digest, 50, 50)
    assert images.decoded(prep).mode == "RGB"


def test_svg_checks_pass_a_plain_logo():
    svg_files.check(LOGO_SVG.encode())
    assert svg_files.size(LOGO_SVG.encode()) == (240.0, 72.0)  # 320 x 96 px in pt


# --- check: alt text ----------------------------------------------------------------------------


def test_check_reports_a_picture_without_alt(tmp_path: Path, capsys, monkeypatch):
    proj = picture_project(tmp_path / "p")
    slide = proj / "deck" / "slides" / "04-pictures.yaml"
    monkeypatch.chdir(proj)
    assert main(["check", "deck"]) == 0, capsys.readouterr().out
    edit(slide, "alt: 職員の写真, ", "")
    assert main(["check", "deck"]) == 1
    out = capsys.readouterr().out
    assert "deck/slides/04-pictures.yaml:12:" in out and "the picture has no 'alt'" in out
    # build refuses it too, with the same place, and writes nothing
    assert main(["build", "deck", "-o", "out", "-q"]) == 1
    err = capsys.readouterr().err
    assert "deck/slides/04-pictures.yaml:12:" in err and "the picture has no 'alt'" in err
    assert not (proj / "out" / "report.pdf").exists()
    edit(slide, "fit: cover", "decorative: true, fit: cover")
    assert main(["check", "deck"]) == 0, capsys.readouterr().out


def test_svg_text_the_font_cannot_set_is_an_error_at_the_picture(tmp_path, capsys, monkeypatch):
    """SVG text is set in the deck's font: a character it lacks would print as an empty box."""
    proj = picture_project(tmp_path / "p")
    monkeypatch.chdir(proj)
    edit(proj / "deck" / "logo.svg", f">{LOGO_TEXT}<", f">{LOGO_TEXT}🙂<")
    assert main(["check", "deck"]) == 1
    out = capsys.readouterr().out
    expect = "no glyph for '🙂' (U+1F642) in the text of logo.svg"
    assert (
        f"deck/slides/04-pictures.yaml:15:9: error: slide 4: the font BIZ UDPGothic has {expect}"
        in out
    ), out
    assert f"deck/deck.yaml:7:1: error: the font BIZ UDPGothic has {expect}" in out  # the logo
    assert main(["build", "deck", "-o", "out", "-q"]) == 1
    assert expect in capsys.readouterr().err
    assert not (proj / "out" / "report.pdf").exists()


def test_built_pdf_paints_the_pictures_as_tagged_figures(built: Path, mini_build: Path):
    import pikepdf

    path = built / "out" / "report.pdf"
    with pikepdf.open(path) as pdf:
        page = pdf.pages[3]
        xobjects = {str(k): v for k, v in page.Resources.XObject.items()}
        images_ = [x for x in xobjects.values() if x.Subtype == pikepdf.Name.Image]
        forms = [x for x in xobjects.values() if x.Subtype == pikepdf.Name.Form]
        assert any(x.Filter == pikepdf.Name.DCTDecode for x in images_)  # the JPEG, as itself
        assert forms  # the SVG logo, as vector paths
        # Each Do sits in a Figure span whose structure element carries the picture's alt.
        spans, stack = [], []
        for op in pikepdf.parse_content_stream(page):
            o = str(op.operator)
            if o in ("BDC", "BMC"):
                stack.append(op.operands)
            elif o == "EMC":
                stack.pop()
            elif o == "Do":
                assert stack and str(stack[-1][0]) == "/Figure"
                spans.append(int(stack[-1][1].MCID))
        assert len(spans) == 3
        row = dict(
            zip(
                (int(n) for n in pdf.Root.StructTreeRoot.ParentTree.Nums[::2]),
                pdf.Root.StructTreeRoot.ParentTree.Nums[1::2],
                strict=True,
            )
        )[int(page.obj.StructParents)]
        alts = {str(row[m].Alt) for m in spans}
        assert alts == {"マイナポータルのトップ画面", "職員の写真", "テストのロゴ"}
    # The photo costs about its own bytes, not a re-encoded copy.
    grown = path.stat().st_size - (mini_build / "report.pdf").stat().st_size
    photo = (built / "assets" / "photos" / "team.jpg").stat().st_size
    assert grown < photo + 200_000


# --- SVG text: the deck's font in the PDF and in the PNG fallback ------------------------------


def _form_fonts(page: pikepdf.Page) -> list[pikepdf.Dictionary]:
    """The fonts of the page's Form XObjects (where an SVG's text is)."""
    found = []
    for xobj in page.Resources.XObject.values():
        if xobj.Subtype == "/Form":
            found += list(xobj.get("/Resources", {}).get("/Font", {}).values())
    return found


def test_svg_text_is_set_in_the_decks_font_in_the_pdf(built: Path):
    path = built / "out" / "report.pdf"
    assert LOGO_TEXT in pdf_page(path, 4)  # the logo slide: found, copied, read aloud
    with pikepdf.open(path) as pdf:
        fonts = _form_fonts(pdf.pages[3])
        assert fonts, "the logo's text has no font"
        for font in fonts:  # bold in the SVG: the deck's bold face, embedded; no Helvetica
            assert str(font.BaseFont).endswith("+BIZUDPGothic-Bold"), font.BaseFont
            assert "/FontFile2" in font.FontDescriptor and "/ToUnicode" in font
        # The cover shows the same logo: the same form, not a second copy of the font.
        cover = [str(f.BaseFont) for f in _form_fonts(pdf.pages[0])]
        assert cover == [str(f.BaseFont) for f in fonts]
        tags = {str(f.BaseFont).split("+")[0] for f in fonts}
        assert "AAAAAA" not in tags  # named by its glyphs, not reportlab's first-subset name


def _ink(im: Image.Image, box: tuple[float, float, float, float]) -> Image.Image:
    """Where ``im`` is opaque and dark inside ``box`` (pixels), as a 1-bit mask."""
    rgba = im.convert("RGBA").crop(tuple(round(v) for v in box))
    gray = rgba.convert("L").point(lambda v: 255 if v < 96 else 0)
    opaque = rgba.getchannel("A").point(lambda v: 255 if v > 160 else 0)
    return Image.composite(gray, Image.new("L", gray.size), opaque).convert("1")


def test_svg_text_and_round_corners_in_the_png_fallback(built: Path):
    by_alt = {descr(p): p for p in pictures(built / "out" / "report.pptx")[4]}
    png = Image.open(io.BytesIO(by_alt["テストのロゴ"].image.blob)).convert("RGBA")
    s = png.width / 320  # SVG px to the fallback's pixels
    box = tuple(v * s for v in TEXT_BOX)
    ink = _ink(png, box)
    covered = ink.histogram()[255] / (ink.width * ink.height)
    assert covered > 0.15, covered  # the name is there, in dark ink
    left, _top, right, _bottom = ink.getbbox()
    # at its x (112 px) and size: five full-width characters of 36 px end near 292 px
    assert left <= 4 * s and right >= (292 - 112 - 8) * s, (left, right, ink.width)
    no_text = LOGO_SVG.split("<text")[0] + LOGO_SVG.split("</text>")[1]
    blank = Image.open(io.BytesIO(svg.to_png(no_text.encode(), *png.size, DECK_FONTS)))
    assert _ink(blank, box).getbbox() is None  # that ink is the text's
    # The mark's square has round corners (rx 24): clear at its corners, blue on its edges.
    alpha = png.getchannel("A")
    edge = round(95 * s)
    for corner in ((0, 0), (0, png.height - 1), (edge, 0), (edge, png.height - 1)):
        assert alpha.getpixel(corner) == 0, corner
    assert png.getpixel((1, png.height // 2))[3] == 255
    assert png.getpixel((round(48 * s), 1))[3] == 255


ANCHORED = """\
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="96" viewBox="0 0 320 96">
  <g transform="translate(10 0)">
    <text x="150" y="40" text-anchor="middle" font-family="serif" font-size="24">中央</text>
    <text x="300" y="84" text-anchor="end" font-size="24" font-weight="700"
          fill="#0017C1">Aa末尾</text>
  </g>
</svg>
"""


def _blue(px: tuple[int, int, int, int]) -> bool:
    r, _g, b, a = px
    return a > 160 and b > 150 and r < 60


def test_svg_text_anchor_weight_and_transform(tmp_path: Path):
    png = Image.open(io.BytesIO(svg.to_png(ANCHORED.encode(), 640, 192, DECK_FONTS)))
    top = _ink(png, (0, 0, 640, 96)).getbbox()  # SVG y 0..48: the centred line
    assert top is not None
    assert (top[0] + top[2]) / 2 == pytest.approx(2 * 160, abs=3)  # centred on x 150 + 10
    bottom = png.convert("RGBA").crop((0, 96, 640, 192))
    pixels = bottom.load()
    blue = [x for x in range(640) if any(_blue(pixels[x, y]) for y in range(96))]
    assert blue and max(blue) == pytest.approx(2 * 310, abs=4)  # ends at x 300 + 10
    faces = FontSet(
        *(load_face(Path(f), bold) for f, bold in zip(DECK_FONTS, (False, True), strict=True))
    )
    pic = place(_source(tmp_path, "a.svg", ANCHORED.encode()), 0, 0, 320, 96, "contain")
    assert pic.fonts is None  # placed without the deck's fonts: Helvetica, text left out
    pic = place(
        _source(tmp_path, "a.svg", ANCHORED.encode()), 0, 0, 320, 96, "contain", fonts=faces
    )
    doc = pikepdf.open(io.BytesIO(_page_pdf([pic])))
    fonts = sorted(str(f.BaseFont).split("+")[1] for f in _form_fonts(doc.pages[0]))
    assert fonts == ["BIZUDPGothic-Bold", "BIZUDPGothic-Regular"]  # and no Helvetica


def test_a_changed_font_redraws_the_fallback(tmp_path: Path):
    from deckbuilder.pictures.svg import fallback_png

    src = _source(tmp_path, "name.svg", ANCHORED.encode())
    face = tmp_path / "face.ttf"
    face.write_bytes(Path(DECK_FONTS[0]).read_bytes())
    fonts = (str(face), DECK_FONTS[1])
    first = fallback_png(src.path, src.digest, 320, 96, fonts)
    assert fallback_png(src.path, src.digest, 320, 96, fonts) is first  # kept
    face.write_bytes(Path(DECK_FONTS[1]).read_bytes())  # the same path, another face
    assert fallback_png(src.path, src.digest, 320, 96, fonts) != first


OVAL_CORNERS = """\
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
  <rect width="100" height="100" rx="10" ry="45" fill="#000000"/>
</svg>
"""


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_elliptical_corners_in_the_pdf_and_the_png(tmp_path: Path):
    """rx 10, ry 45: at (3, 5) px a circular corner of 10 is filled, this one is not."""
    png = Image.open(io.BytesIO(svg.to_png(OVAL_CORNERS.encode(), 400, 400)))
    (tmp_path / "oval.pdf").write_bytes(svg.to_pdf(OVAL_CORNERS.encode()))
    subprocess.run(
        ["pdftoppm", "-r", "384", "-png", "-singlefile", "oval.pdf", "oval"],
        cwd=tmp_path,
        check=True,
    )
    page = Image.open(tmp_path / "oval.png").convert("L")
    assert page.size == png.size == (400, 400)
    assert png.getpixel((12, 20))[3] == 0 and page.getpixel((12, 20)) == 255  # outside
    assert png.getpixel((12, 200))[3] == 255 and page.getpixel((12, 200)) == 0  # the side


def _swapped_profile() -> bytes:
    """An RGB profile that is not sRGB: sRGB's red and green primaries exchanged (and named
    so), so a pixel stored as pure red means pure green."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = bytearray(srgb)
    data[84:100] = bytes(16)  # the profile id (an MD5 of the rest) no longer holds
    (count,) = struct.unpack_from(">I", data, 128)
    entries = {}
    for i in range(count):
        sig, off, size = struct.unpack_from(">4sII", data, 132 + 12 * i)
        entries[sig] = (i, off, size)
    (ri, roff, rsize), (gi, goff, gsize) = entries[b"rXYZ"], entries[b"gXYZ"]
    struct.pack_into(">4sII", data, 132 + 12 * ri, b"rXYZ", goff, gsize)
    struct.pack_into(">4sII", data, 132 + 12 * gi, b"gXYZ", roff, rsize)
    at = data.find("sRGB".encode("utf-16-be"))
    data[at : at + 8] = "sWAP".encode("utf-16-be")
    return bytes(data)


def test_a_picture_in_another_colour_profile_is_converted_to_srgb(tmp_path: Path):
    """Colours mean what the file's profile says: converted to sRGB once, the profile dropped."""
    profile = _swapped_profile()
    assert (
        "srgb"
        not in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(profile))).lower()
    )
    for fmt, name in (("PNG", "wide.png"), ("JPEG", "wide.jpg")):
        buf = io.BytesIO()
        Image.new("RGB", (40, 30), (255, 0, 0)).save(buf, fmt, icc_profile=profile)
        src = _source(tmp_path, name, buf.getvalue())
        prep = images.prepared(src.path, src.digest, 40, 30)
        im = images.decoded(prep)
        r, g, b = im.convert("RGB").getpixel((20, 15))
        assert g > 200 and r < 60 and b < 60, (fmt, (r, g, b))
        assert "icc_profile" not in im.info
