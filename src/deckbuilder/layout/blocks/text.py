"""Paragraphs of body text, and small notes."""

from __future__ import annotations

from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node
from deckbuilder.source import model as m


def layout(k: Kit, b: m.Text | m.Note, x: float, y: float, w: float, h: float | None) -> Laid:
    paras, style, role = (
        (b.paragraphs, "body", "paragraph")
        if isinstance(b, m.Text)
        else ((b.text,), "note", "note")
    )
    out: list[Node] = []
    cy = y
    for i, para in enumerate(paras):
        box = k.tb(para, style, x, cy, w, role=role)
        out.append(box)
        cy += box.h + (box.line_height * 0.4 if i < len(paras) - 1 else 0)
    return one("div", out, cy - y)
