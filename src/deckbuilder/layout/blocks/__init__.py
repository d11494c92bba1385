"""Blocks: the content of a content slide's panels, one module per block kind.

Each kind's module declares ``KINDS`` (kind.BlockKind: how the kind is read, laid out and
styled, and its schema), which ``registry`` finds; its ``layout(kit, block, x, y, w, h)``
returns the block's group and its height. ``Body`` places panels on the grid and dispatches
their blocks by kind.
"""

from deckbuilder.layout.blocks.kit import Kit, Laid, ceil_lines
from deckbuilder.layout.blocks.panels import Body

__all__ = ["Body", "Kit", "Laid", "ceil_lines"]
