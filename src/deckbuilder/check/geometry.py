"""Where a text sits on a slide's drawing: the fill beneath a point, and text over a chart."""

from __future__ import annotations

from deckbuilder.scene import ChartBox, Element, Ellipse, Polygon, Rect, TextBox


def on_chart(below: list[Element], box: TextBox) -> bool:
    """A chart's label or value: drawn on the chart's marks, which the scene does not hold
    (static_pairs checks chart text on every surface and bar the layout set can give it)."""
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    return any(
        isinstance(el, ChartBox) and el.x <= cx <= el.x + el.w and el.y <= cy <= el.y + el.h
        for el in below
    )


def fill_at(below: list[Element], x: float, y: float) -> str | None:
    for el in reversed(below):
        if isinstance(el, Rect) and el.fill:
            if el.x <= x <= el.x + el.w and el.y <= y <= el.y + el.h:
                return el.fill
        elif isinstance(el, Ellipse) and el.fill:
            rx, ry = el.w / 2, el.h / 2
            if rx > 0 and ry > 0:
                dx, dy = (x - el.x - rx) / rx, (y - el.y - ry) / ry
                if dx * dx + dy * dy <= 1:
                    return el.fill
        elif isinstance(el, Polygon) and inside(el.points, x, y):
            return el.fill
    return None


def inside(points: tuple[tuple[float, float], ...], x: float, y: float) -> bool:
    hit = False
    n = len(points)
    for i in range(n):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit
