"""A block kind, declared whole in its own module (``KINDS`` in layout/blocks/<kind>.py): how it
is read from YAML, laid out, tagged and styled, and its schema. The registry collects them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from deckbuilder.layout.blocks.kit import Laid
from deckbuilder.source.loader import BlockReader
from deckbuilder.source.shapes import TEXTS, Schema, nonempty

# A surface a text style is drawn on, for the contrast check: PANEL (every panel surface and the
# slide's background), a (component, key) fill token (layout/tokens.py), or a colour token.
PANEL = "panel"
Background = str | tuple[str, str]


def no_schema(fid: Schema) -> dict[str, Schema]:
    return {}


def texts_schema(*names: str) -> Callable[[Schema], dict[str, Schema]]:
    """The schema of kinds whose value is a text or a list of at least one text."""
    return lambda fid: {name: nonempty(TEXTS) for name in names}


@dataclass(frozen=True)
class BlockKind:
    """One kind of block. ``names`` are its YAML keys (one model may have two: bullets and
    numbered); ``order`` places them in the list of kinds the docs, errors and schema show.

    Tagging: the PDF's tag tree, the PPTX's reading order and the web page's elements follow the
    scene groups ``layout`` returns (list and item, figure, table, row and cell, decoration,
    div), which pdf/struct.py maps to structure types knowing no kind: a kind is tagged by the
    groups it lays out."""

    names: tuple[str, ...]
    model: type
    read: BlockReader
    layout: Callable[..., Laid]
    order: int
    styles: tuple[str, ...] = ()  # the text styles it draws with: every layout set defines them
    backgrounds: Mapping[str, tuple[Background, ...]] = field(default_factory=dict)
    schema: Callable[[Schema], dict[str, Schema]] = no_schema  # YAML key -> its value's shape
    docs: Mapping[str, str] = field(default_factory=dict)  # "block.<name>", "<mapping>.<key>"
    keys: Mapping[str, set[str]] = field(default_factory=dict)  # its mappings' keys (docs check)
    grows: bool = False  # takes spare height in its panel (images, charts)
    cards: bool = False  # its cards stretch to the height alike panels of a row give it
