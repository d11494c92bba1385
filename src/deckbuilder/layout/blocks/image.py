"""An image block: the picture file with its caption under it, read as a figure; or, where no
file is given yet (or ``dummy: true``), a labelled frame standing in for the screenshot."""

from __future__ import annotations

from dataclasses import replace

from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.layout.picture_fit import Crop, contain, cover
from deckbuilder.scene import Node, Picture, Placeholder, Rect, TextBox, group
from deckbuilder.source import model as m
from deckbuilder.source.picture_files import Source
from deckbuilder.text.fonts import FontSet

DUMMY_NOTE = "※イメージ画像であり、数字等はダミーです"


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
        cap_h = cap.h + k.px(4)
    if h is None:  # natural height: the picture at full width, within the layout set's bounds
        lo = k.px(k.c("placeholder", "min_height", 96))
        hi = k.px(k.c("picture", "max_height", 360))
        slot_h = min(max(w * src.height / src.width, lo), hi)
    else:
        slot_h = max(1.0, h - cap_h)
    alt = b.alt or b.caption
    pic = place(src, x, y, w, slot_h, b.fit, b.focus, alt, b.decorative, fonts=k.layout_set.fonts)
    nodes: list[Node] = [pic]
    if cap is not None:
        nodes.append(replace(cap, y=y + slot_h + k.px(4)))
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
    min_h = k.px(k.c("placeholder", "min_height", 96))
    note_h = 0.0
    note: TextBox | None = None
    if b.dummy:
        note = k.tb(DUMMY_NOTE, "note", x, 0, w, role="note")
        note_h = note.h + k.px(4)
    frame_h = max(min_h, (h or 0) - note_h)
    frame = Rect(
        x,
        y,
        w,
        frame_h,
        fill=k.color("placeholder", "fill", "surface"),
        stroke=k.color("placeholder", "stroke", "rule"),
        stroke_width=k.px(1),
        dashed=bool(k.c("placeholder", "dashed", True)),
    )
    cap = k.tb(f"［画像］{b.caption}", "placeholder", x + k.px(8), 0, w - k.px(16), role="caption")
    cap = replace(cap, y=y + (frame_h - cap.h) / 2)
    figure = group(
        "figure", [frame, cap, Placeholder(x, y, w, frame_h, b.caption)], alt=alt_text(b.caption)
    )
    out: list[Node] = [figure]
    if note is not None:
        out.append(replace(note, y=y + frame_h + k.px(4)))
    return one("div", out, frame_h + note_h)
