"""Blocks: the content of a content slide's panels, one module per block kind.

Each module's ``layout(kit, block, x, y, w, h)`` returns the block's group and its height;
``Body`` places panels on the grid and dispatches their blocks.
"""

from deckbuilder.layout.blocks.kit import Kit, Laid, ceil_lines
from deckbuilder.layout.blocks.panels import Body

__all__ = ["Body", "Kit", "Laid", "ceil_lines"]
