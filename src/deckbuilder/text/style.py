"""How a run of text is set: size, weight, colour, leading, alignment, tracking (a layout set's
named styles are read into these by source.layoutset)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextStyle:
    size: float  # pt
    bold: bool
    color: str
    line_height: float  # multiple of size
    align: str = "left"
    min_size: float = 0.0  # pt; 0 = may not shrink
    tracking: float = 0.0  # letter spacing, in em (DADS: 0.01em or 0.02em by size)

    @property
    def spacing(self) -> float:
        """Letter spacing in points, added after every character."""
        return self.tracking * self.size
