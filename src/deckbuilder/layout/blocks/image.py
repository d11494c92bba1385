"""An image block: the picture file with its caption under it, read as a figure; or, where no
file is given yet (or ``dummy: true``), a labelled frame standing in for the screenshot."""

from __future__ import annotations

from dataclasses import replace

from deckbuilder.layout.blocks.kind import PANEL, BlockKind
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.layout.picture_fit import Crop, contain, cover
from deckbuilder.scene import Node, Picture, Placeholder, Rect, TextBox, group
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput, Reader, picture_source
from deckbuilder.source.picture_files import Source
from deckbuilder.source.shapes import FLAG, TEXT, Schema, obj
from deckbuilder.text.fonts import FontSet


def alt_text(caption: str) -> str:
    """What a reader hears for the frame: what will be shown there, not that it is missing."""
    return f"「{caption}」の画像が入る枠です。"


def layout(k: Kit, b: m.Image, x: float, y: float, w: float, h: float | None) -> Laid:
    if b.source is not None and not b.dummy:
        return _picture(k, b, b.source, x, y, w, h)
    return _frame(k, b, x, y, w, h)


def _picture(
    k: Kit, b: m.Image, src: Source, x: float, y: float, w: float, h: float | None
) -> Laid:
    cap: TextBox | None = None
    cap_h = 0.0
    if b.caption:
        cap = k.tb(b.caption, "note", x, 0, w, role="caption")
        cap_h = cap.h + k.px(k.c("picture", "caption_gap"))
    if h is None:  # natural height: the picture at full width, within the layout set's bounds
        lo = k.px(k.c("placeholder", "min_height"))
        hi = k.px(k.c("picture", "max_height"))
        slot_h = min(max(w * src.height / src.width, lo), hi)
    else:
        slot_h = max(1.0, h - cap_h)
    alt = b.alt or b.caption
    pic = place(src, x, y, w, slot_h, b.fit, b.focus, alt, b.decorative, fonts=k.layout_set.fonts)
    nodes: list[Node] = [pic]
    if cap is not None:
        nodes.append(replace(cap, y=y + slot_h + k.px(k.c("picture", "caption_gap"))))
    if b.decorative:
        return one("decoration", nodes, slot_h + cap_h)
    return one("figure", nodes, slot_h + cap_h, alt=pic.alt)


def place(
    src: Source,
    x: float,
    y: float,
    w: float,
    h: float,
    fit: str,
    focus: tuple[float, float] = (0.5, 0.5),
    alt: str = "",
    decorative: bool = False,
    align: str = "center",
    fonts: FontSet | None = None,
) -> Picture:
    """The picture in the slot (x, y, w, h): letterboxed (contain) or filling it, cropped
    around ``focus`` (cover). An SVG's text is set in ``fonts`` (the deck's)."""
    crop: Crop = (0.0, 0.0, 0.0, 0.0)
    if fit == "cover":
        crop = cover(src.width, src.height, w, h, focus)
    else:
        x, y, w, h = contain(src.width, src.height, x, y, w, h, align)
    files = None
    if fonts is not None and src.fmt == "svg":
        files = (str(fonts.regular.path.resolve()), str(fonts.bold.path.resolve()))
    return Picture(
        x,
        y,
        w,
        h,
        src.path,
        src.fmt,
        src.width,
        src.height,
        src.digest,
        crop,
        alt,
        decorative,
        files,
    )


def _frame(k: Kit, b: m.Image, x: float, y: float, w: float, h: float | None) -> Laid:
    min_h = k.px(k.c("placeholder", "min_height"))
    note_h = 0.0
    note: TextBox | None = None
    if b.dummy:
        note = k.tb(str(k.c("placeholder", "dummy_note")), "note", x, 0, w, role="note")
        note_h = note.h + k.px(k.c("placeholder", "note_gap"))
    frame_h = max(min_h, (h or 0) - note_h)
    frame = Rect(
        x,
        y,
        w,
        frame_h,
        fill=k.color("placeholder", "fill"),
        stroke=k.color("placeholder", "stroke"),
        stroke_width=k.px(k.c("placeholder", "stroke_width")),
        dashed=bool(k.c("placeholder", "dashed")),
    )
    label = f"{k.c('placeholder', 'label')}{b.caption}"
    pad = k.c("placeholder", "padding")
    cap = k.tb(label, "placeholder", x + k.px(pad), 0, w - k.px(2 * pad), role="caption")
    cap = replace(cap, y=y + (frame_h - cap.h) / 2)
    figure = group(
        "figure", [frame, cap, Placeholder(x, y, w, frame_h, b.caption)], alt=alt_text(b.caption)
    )
    out: list[Node] = [figure]
    if note is not None:
        out.append(replace(note, y=y + frame_h + k.px(k.c("placeholder", "note_gap"))))
    return one("div", out, frame_h + note_h)


IMAGE_KEYS = {"src", "alt", "caption", "decorative", "fit", "focus", "dummy"}
FOCUS_WORDS = {"center": 0.5, "centre": 0.5, "left": 0.0, "right": 1.0, "top": 0.0, "bottom": 1.0}
DOCS = {
    "block.image": "A picture ({src, alt, caption}) or, without src, a labelled frame.",
    "image.src": "The file, as a path from the project folder: under assets/ or the deck folder.",
    "image.alt": "What the picture shows, for screen readers; required unless decorative.",
    "image.caption": "Printed under the picture; required without src (the frame's label).",
    "image.decorative": "true for a picture that adds nothing a reader needs: no alt.",
    "image.fit": "contain (default): the whole picture; cover: fills the slot, cropped.",
    "image.focus": "What a cover crop keeps: center, top, bottom, left, right, two of them "
    "(top left), or [x, y] fractions from 0 to 1.",
    "image.dummy": "true keeps the labelled frame even with a src (picture not final yet).",
}


def read(b: BlockInput) -> m.Image:
    """An image block: a picture file (``src``) or, without one, the labelled frame."""
    c = b.reader(b.value, b.at, "an image")
    c.check_keys(IMAGE_KEYS)
    src = c.string("src")
    source = picture_source(c, src, b.refs.folders) if src else None
    fit = c.string("fit", default="contain")
    if fit not in ("contain", "cover"):
        c.fail(c.at("fit"), f"fit must be 'contain' or 'cover', not {fit!r}")
    flags = {k: c.data.get(k, False) for k in ("dummy", "decorative")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            c.fail(c.at(key), f"{key!r} must be true or false")
    return m.Image(
        c.string("caption", required=not src),
        flags["dummy"] is True,
        c.where,
        source,
        c.string("alt"),
        flags["decorative"] is True,
        fit,
        _focus(c),
    )


def _focus(c: Reader) -> tuple[float, float]:
    """``focus``: words (``top``, ``bottom left``) or [x, y] fractions of the image."""
    value = c.data.get("focus")
    if value is None:
        return (0.5, 0.5)
    if isinstance(value, str) and set(value.split()) <= FOCUS_WORDS.keys():
        fx = fy = 0.5
        for word in value.split():
            if word in ("left", "right"):
                fx = FOCUS_WORDS[word]
            elif word in ("top", "bottom"):
                fy = FOCUS_WORDS[word]
        return (fx, fy)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and all(0 <= v <= 1 for v in value)
    ):
        return (float(value[0]), float(value[1]))
    c.fail(
        c.at("focus"),
        "focus must be words (center, top, bottom, left, right, e.g. 'top left') or [x, y] "
        "fractions from 0 to 1",
    )
    return (0.5, 0.5)


def schema(fid: Schema) -> dict[str, Schema]:
    words = "|".join(sorted(FOCUS_WORDS))
    focus = {
        "anyOf": [
            {"type": "string", "pattern": f"^({words})( ({words}))*$"},
            {
                "type": "array",
                "items": {"type": "number", "minimum": 0, "maximum": 1},
                "minItems": 2,
                "maxItems": 2,
            },
        ]
    }
    shapes = {
        "src": {"type": "string"},
        "alt": TEXT,
        "caption": TEXT,
        "decorative": FLAG,
        "dummy": FLAG,
        "fit": {"enum": ["contain", "cover"]},
        "focus": focus,
    }
    return {"image": obj("image", IMAGE_KEYS, shapes, (), DOCS)}


KINDS = (
    BlockKind(
        ("image",),
        m.Image,
        read,
        layout,
        order=60,
        styles=("placeholder", "note"),
        backgrounds={"placeholder": (("placeholder", "fill"),), "note": (PANEL,)},
        schema=schema,
        docs=DOCS,
        keys={"image": IMAGE_KEYS},
        grows=True,
    ),
)
