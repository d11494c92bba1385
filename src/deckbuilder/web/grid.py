"""Where the slide puts boxes side by side, the web page does too: a CSS grid read from the
boxes' positions (one column per distinct left edge, as wide as on the slide, one row per
distinct top edge). A narrow screen drops the grid and stacks them in reading order."""

from __future__ import annotations

from deckbuilder.scene import ChartBox, Group, Node, Picture, Placeholder, Rect, TextBox, bounds
from deckbuilder.web.style import MAX_COLS, MAX_ROWS, Palette

FURNITURE = ("breadcrumb", "pagination")
TOL = 2.0  # pt: boxes whose edges are this close start the same column or row


def shown(node: Node) -> bool:
    """Boxes the page shows as boxes (not shapes, which become CSS, nor furniture)."""
    if isinstance(node, Group):
        return node.kind not in ("decoration", "footnotes") and any(
            shown(leaf) for leaf in node.leaves()
        )
    if isinstance(node, TextBox):
        return node.role not in FURNITURE
    return isinstance(node, ChartBox | Picture | Placeholder)


def placement(nodes: list[Node], palette: Palette) -> tuple[str, dict[int, str]]:
    """The grid that puts ``nodes`` where the slide has them: one column per distinct left edge
    (as wide as on the slide, in proportion), one row per distinct top edge; a node spans the
    columns and rows it covers."""
    if len(nodes) < 2:
        return "", {}
    boxes = [(n, _bounds(n)) for n in nodes]
    xs = _starts([b[0] for _, b in boxes])
    if len(xs) < 2:
        return "", {}
    if len(xs) > MAX_COLS:
        return "wrap", {}
    ys = _starts([b[1] for _, b in boxes])
    if len(ys) > MAX_ROWS or len(ys) == 1 and any(_is_list(n) for n in nodes):
        return "wrap", {}  # a strip of tags keeps each at its natural width
    cells: dict[int, str] = {}
    for n, (x, y, w, h) in boxes:
        c = _index(xs, x)
        r = _index(ys, y)
        cs = max(1, sum(1 for s in xs if x - TOL <= s < x + w - TOL))
        rs = max(1, sum(1 for s in ys if y - TOL <= s < y + h - TOL))
        cells[id(n)] = f"gc-{c} gcs-{cs} gr-{r} grs-{rs}"
    right = max(x + w for _, (x, _y, w, _h) in boxes)
    widths = [b - a for a, b in zip(xs, [*xs[1:], right], strict=True)]
    return f"geo {palette.columns(widths)}", cells


def _is_list(node: Node) -> bool:
    return isinstance(node, Group) and node.kind in ("list", "item")


def _bounds(node: Node) -> tuple[float, float, float, float]:
    if isinstance(node, Group):
        visible = [leaf for leaf in node.leaves() if shown(leaf) or isinstance(leaf, Rect)]
        return bounds(visible or list(node.leaves()))
    return bounds([node])


def _starts(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def _index(starts: list[float], v: float) -> int:
    return min(range(len(starts)), key=lambda i: abs(starts[i] - v)) + 1
