"""The laid-out slide: positioned boxes in points, text already broken into lines, and what
each box is.

A scene is a tree: leaves are the boxes a renderer draws (text, shapes, charts), groups say what
the leaves make together (the header, a panel, a card, a list and its items, a figure, a table).
Every text box has a semantic role. The tree's order is the reading order; its leaves, in the
same order, are the drawing order. Renderers draw exactly this; nothing here knows YAML, PPTX or
PDF: the PDF writer tags from it, the PPTX writer makes shapes, groups and lists from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Run:
    text: str
    size: float  # pt
    bold: bool
    color: str  # "#RRGGBB"
    spacing: float = 0.0  # letter spacing in pt, after every character
    lang: str = ""  # BCP 47 tag where the run is not in the deck's language ("en")
    link: str = ""  # the URL this run prints, where it prints one


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float  # pt, measured
    starts_paragraph: bool = True  # False where the line breaker broke a paragraph before it

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
    role: str = "paragraph"  # one of TEXT_ROLES: what the text is
    slot: str = ""  # the layout slot this box fills, for overflow reports and placeholders
    level: int = 0  # heading level (1 is the slide's title), for role "heading"
    lang: str = ""  # BCP 47 tag where the whole box is not in the deck's language

    @property
    def paragraphs(self) -> list[tuple[Line, ...]]:
        """The lines grouped into the paragraphs they were broken from."""
        out: list[list[Line]] = []
        for line in self.lines:
            if line.starts_paragraph or not out:
                out.append([])
            out[-1].append(line)
        return [tuple(p) for p in out]

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


def baseline(box: TextBox, index: int, ascent: float, descent: float) -> float:
    """The baseline of line ``index``: half-leading above and below, as CSS does."""
    size = box.lines[index].size
    return box.line_top(index) + (box.line_height - (ascent + descent) * size) / 2 + ascent * size


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


def chevron_outline(
    x: float, y: float, w: float, h: float, point: float, notch: float
) -> tuple[tuple[float, float], ...]:
    """A flow step's six points: ``point`` deep at the right, ``notch`` deep at the left
    (0: a home plate, the first step). The PPTX writer knows the presets by this outline."""
    return (
        (x, y),
        (x + w - point, y),
        (x + w, y + h / 2),
        (x + w - point, y + h),
        (x, y + h),
        (x + notch, y + h / 2),
    )


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
class Picture:
    """A picture file shown at (x, y, w, h): its visible part fills the box exactly.

    ``crop`` is what is cut off each side of the source (left, top, right, bottom, as fractions
    of its width and height), the same numbers as the PPTX srcRect. ``path`` is the checked
    file; ``digest`` the hash of its bytes, so a changed file changes the scene. ``fonts``, for
    an SVG: the deck's regular and bold font files, in which its text is set.
    """

    x: float
    y: float
    w: float
    h: float
    path: str
    fmt: str  # "jpeg" | "png" | "svg"
    src_w: float  # the source's pixels (SVG: points)
    src_h: float
    digest: str
    crop: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    alt: str = ""
    decorative: bool = False
    fonts: tuple[str, str] | None = None


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


Element = TextBox | Rect | Rule | Polygon | Ellipse | Placeholder | ChartBox | Picture

# What a text box is. "breadcrumb" and "pagination" are page furniture, read by no one.
TEXT_ROLES = frozenset(
    {
        "title",  # the slide's title
        "heading",  # a heading below the title; TextBox.level says which
        "paragraph",
        "label",  # a card's label, a tag, a layer's name
        "value",  # a figure with its unit
        "date",  # an as-of date
        "caption",
        "note",  # a footnote, a source, a small remark
        "list-label",  # a list item's marker: 「・」, 「1.」, a date on a timeline
        "list-body",  # a list item's text
        "breadcrumb",
        "pagination",
    }
)

# What a group is. Containers the writers have no special use for read as divisions.
GROUP_KINDS = frozenset(
    {
        "header",  # breadcrumb, kicker, title
        "heading",  # a heading made of several boxes (a number and its title); Group.level
        "panel",
        "grid",  # cards side by side
        "card",  # a KPI or item card: its background first, then its text
        "list",  # Group.numbered for ordered lists
        "item",  # a list item: list-label boxes, then the body
        "figure",  # a chart or picture with its alt text (decorative pictures: "decoration")
        "table",
        "row",
        "cell",  # Group.header for a header cell
        "footnotes",
        "decoration",  # shapes only: read by no one
        "div",  # a block's parts that belong together and are nothing more specific
    }
)


@dataclass(frozen=True)
class Group:
    kind: str
    children: tuple[Node, ...]
    level: int = 0  # heading level
    alt: str = ""  # a figure's alt text
    name: str = ""  # what a person would call it (a panel's heading), for shape names
    numbered: bool = False  # an ordered list
    header: bool = False  # a table's header cell

    def leaves(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Group):
                yield from child.leaves()
            else:
                yield child

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(x, y, w, h) around every leaf."""
        return bounds(self.leaves())


Node = Element | Group


def bounds(elements: Iterable[Element]) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for el in elements:
        if isinstance(el, Rule):
            xs += [el.x1, el.x2]
            ys += [el.y1, el.y2]
        elif isinstance(el, Polygon):
            xs += [p[0] for p in el.points]
            ys += [p[1] for p in el.points]
        else:
            xs += [el.x, el.x + el.w]
            ys += [el.y, el.y + el.h]
    if not xs:
        return 0.0, 0.0, 0.0, 0.0
    return min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)


def group(kind: str, children: Iterable[Node], **kw: Any) -> Group:
    return Group(kind, tuple(children), **kw)


@dataclass(frozen=True)
class SlideScene:
    number: int
    title: str
    layout: str
    width: float  # pt
    height: float  # pt
    background: str
    root: tuple[Node, ...]  # the tree, in reading order
    notes: str = ""
    source_file: str = ""
    kind: str = ""  # the layout's kind (cover, section, content, …)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def digest(self) -> str:
        """Everything the scene holds, hashed: what its kept PDF page and PPTX slide rest on."""
        return hashlib.sha256(repr(self).encode()).hexdigest()

    @cached_property
    def elements(self) -> tuple[Element, ...]:
        """Every box, in drawing order (the tree's leaves)."""
        return tuple(leaves(self.root))

    def heading_line(self) -> str:
        """The slide's first heading as one line (「1. はじめに」 on a section slide): its PDF
        bookmark and its title in the web page's contents."""
        for node in self.root:
            if isinstance(node, Group) and node.kind == "heading":
                return " ".join(
                    e.text.replace("\n", "") for e in node.leaves() if isinstance(e, TextBox)
                )
        return " ".join(self.title.split())


def leaves(nodes: Iterable[Node]) -> Iterator[Element]:
    for node in nodes:
        if isinstance(node, Group):
            yield from node.leaves()
        else:
            yield node
