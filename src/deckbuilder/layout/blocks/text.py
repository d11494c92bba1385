"""Paragraphs of body text, and small notes."""

from __future__ import annotations

from deckbuilder.layout.blocks.kind import PANEL, BlockKind, texts_schema
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Node
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput


def layout(k: Kit, b: m.Text | m.Note, x: float, y: float, w: float, h: float | None) -> Laid:
    paras, style, role = (
        (b.paragraphs, "body", "paragraph")
        if isinstance(b, m.Text)
        else ((b.text,), "note", "note")
    )
    spacing = k.c("paragraph", "spacing")
    out: list[Node] = []
    cy = y
    for i, para in enumerate(paras):
        box = k.tb(para, style, x, cy, w, role=role)
        out.append(box)
        cy += box.h + (box.line_height * spacing if i < len(paras) - 1 else 0)
    return one("div", out, cy - y)


def read_text(b: BlockInput) -> m.Text:
    return m.Text(b.texts(), b.at)


def read_note(b: BlockInput) -> m.Note:
    return m.Note("\n".join(b.texts()), b.at)


KINDS = (
    BlockKind(
        ("text",),
        m.Text,
        read_text,
        layout,
        order=10,
        styles=("body",),
        backgrounds={"body": (PANEL,)},
        schema=texts_schema("text"),
        docs={"block.text": "A paragraph, or a list of paragraphs; may embed {figure.id}."},
    ),
    BlockKind(
        ("note",),
        m.Note,
        read_note,
        layout,
        order=140,
        styles=("note",),
        backgrounds={"note": (PANEL,)},
        schema=texts_schema("note"),
        docs={"block.note": "Small grey text."},
    ),
)
