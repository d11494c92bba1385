"""Where the original slide shows a screenshot or photo: a labelled frame, read as a figure."""

from __future__ import annotations

from dataclasses import replace

from .. import model as m
from ..scene import Node, Placeholder, Rect, TextBox, group
from .kit import Kit, Laid, one

DUMMY_NOTE = "※イメージ画像であり、数字等はダミーです"


def alt_text(caption: str) -> str:
    """What a reader hears for the frame: what will be shown there, not that it is missing."""
    return f"「{caption}」の画像が入る枠です。"


def layout(k: Kit, b: m.Image, x: float, y: float, w: float, h: float | None) -> Laid:
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
