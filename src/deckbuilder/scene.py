"""The laid-out slide: positioned boxes in points, text already broken into lines.

Renderers draw exactly this; nothing here knows YAML, PPTX or PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Run:
    text: str
    size: float  # pt
    bold: bool
    color: str  # "#RRGGBB"
    spacing: float = 0.0  # letter spacing in pt, after every character


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float  # pt, measured

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def size(self) -> float:
        return max((r.size for r in self.runs), default=0.0)


@dataclass(frozen=True)
class TextBox:
    x: float
    y: float
    w: float
    h: float
    lines: tuple[Line, ...]
    line_height: float  # pt, baseline to baseline
    align: str = "left"  # left | center | right
    valign: str = "top"  # top | middle | bottom
    role: str = "body"  # title | breadcrumb | body | ...: tells the PPTX writer the placeholder
    slot: str = ""  # the layout slot this box fills, for overflow reports

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def content_height(self) -> float:
        return self.line_height * len(self.lines)

    def line_top(self, index: int) -> float:
        """Top of line ``index``'s line box, after vertical alignment in the box."""
        top = self.y
        if self.valign == "middle":
            top += (self.h - self.content_height) / 2
        elif self.valign == "bottom":
            top += self.h - self.content_height
        return top + index * self.line_height

    def line_left(self, index: int) -> float:
        """Left edge of line ``index``, after horizontal alignment in the box."""
        width = self.lines[index].width
        if self.align == "center":
            return self.x + (self.w - width) / 2
        if self.align == "right":
            return self.x + self.w - width
        return self.x


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0  # pt
    radius: float = 0.0  # pt
    dashed: bool = False


@dataclass(frozen=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    width: float  # pt
    arrow: bool = False  # arrowhead at (x2, y2)


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: str
    shape: str = "polygon"  # a hint for the PPTX writer: chevron, arrow, …


@dataclass(frozen=True)
class Ellipse:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    stroke_width: float = 0.0


@dataclass(frozen=True)
class Placeholder:
    """Where the original slide had a screenshot or photo: a labelled frame (drawn as shapes)."""

    x: float
    y: float
    w: float
    h: float
    caption: str


@dataclass(frozen=True)
class ChartBox:
    x: float
    y: float
    w: float
    h: float
    kind: str
    data: tuple[tuple[str, float, str], ...]  # (label, value, value as printed)
    title: str
    alt: str  # Japanese alt text, from the data
    style: tuple[tuple[str, Any], ...] = ()  # colours, font sizes (from the layout set)

    def style_dict(self) -> dict[str, Any]:
        return dict(self.style)


Element = TextBox | Rect | Rule | Polygon | Ellipse | Placeholder | ChartBox


@dataclass(frozen=True)
class SlideScene:
    number: int
    title: str
    layout: str
    width: float  # pt
    height: float  # pt
    background: str
    elements: tuple[Element, ...]
    notes: str = ""
    source_file: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
