"""The web edition's style: the layout set's tokens as CSS custom properties, classes that use
them, and the page's fixed rules (``web.css``, package data).

The page names colours and text styles by token (``fg-key``, ``s-kpi-value``), never by value,
so swapping the layout set restyles the page as it restyles the slides. A colour the tokens do
not name (a chart palette entry, say) gets a class of its own.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from deckbuilder.layout import tokens
from deckbuilder.source.layoutset import LayoutSet
from deckbuilder.text.style import TextStyle

MAX_COLS = 6  # wider rows (a strip of tags) wrap instead of being a grid
MAX_ROWS = 8
# The font when the deck's own is not installed: Japanese UI Gothics of each platform.
FALLBACK = (
    '"BIZ UDPGothic", "BIZ UDPゴシック", "Hiragino Sans", "Hiragino Kaku Gothic ProN", '
    '"Yu Gothic", "Meiryo", "Noto Sans CJK JP", "Noto Sans JP", sans-serif'
)


@dataclass
class Palette:
    """Colour classes: token names where the tokens name the colour, else the hex digits."""

    layout_set: LayoutSet
    extra: set[str] = field(default_factory=set)
    grids: set[str] = field(default_factory=set)  # column templates

    def name(self, color: str) -> str:
        color = color.upper()
        for name, value in self.layout_set.colors.items():
            if value.upper() == color:
                return _ident(name)
        self.extra.add(color)
        return "x" + color.lstrip("#")

    def columns(self, widths: list[float]) -> str:
        """A class for columns in these proportions (pt on the slide), named by them, so a
        slide's HTML is the same whatever other slides use."""
        template = " ".join(f"minmax(0, {max(1, round(w))}fr)" for w in widths)
        self.grids.add(template)
        return _grid_class(template)

    def merge(self, extra: Iterable[str], grids: Iterable[str]) -> None:
        """What a kept slide used, as if it had been written now."""
        self.extra.update(extra)
        self.grids.update(grids)


def _grid_class(template: str) -> str:
    return "gt-" + hashlib.sha256(template.encode()).hexdigest()[:8]


def text_style(layout_set: LayoutSet, size: float, bold: bool, role: str) -> str:
    """The token style a run of this size and weight was set in (the nearest size where the
    text was shrunk to fit); ties go to the style the role usually has."""
    usual = {"title": "title", "value": "kpi-value", "date": "kpi-date", "note": "note"}
    best = ""
    best_key: tuple[float, int] = (1e9, 1)
    for name, st in layout_set.styles.items():
        if st.bold != bold:
            continue
        key = (abs(st.size - size), 0 if name == usual.get(role) else 1)
        if key < best_key:
            best, best_key = name, key
    return _ident(best) if best else ""


def stylesheet(layout_set: LayoutSet, palette: Palette) -> str:
    """The whole CSS of the page: tokens, ``web.css``, then token and grid classes."""
    fixed = resources.files("deckbuilder.web").joinpath("web.css").read_text(encoding="utf-8")
    # Token classes last: a slide's own colours win over the fixed rules' defaults.
    parts = [
        _tokens(layout_set),
        fixed,
        _style_classes(layout_set),
        _color_classes(layout_set, palette),
    ]
    parts.append(_grid(palette))
    return "\n".join(parts)


def csp(css: str) -> str:
    """Nothing may run or be fetched: no script at all, the one style element by its hash,
    images and fonts only from inside the page."""
    digest = hashlib.sha256(css.encode("utf-8")).digest()
    sha = base64.b64encode(digest).decode("ascii")
    return (
        f"default-src 'none'; style-src 'sha256-{sha}'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _tokens(layout_set: LayoutSet) -> str:
    px = 1 / layout_set.scale  # pt → CSS px
    out = [f"  --font: {FALLBACK.replace('BIZ UDPGothic', layout_set.fonts.family, 1)};"]
    for name, value in layout_set.colors.items():
        out.append(f"  --c-{_ident(name)}: {value};")
    for name, st in layout_set.styles.items():
        out.extend(_style_vars(_ident(name), st, px))
    for comp, key in (
        ("panel", "radius"),
        ("kpi", "radius"),
        ("item", "radius"),
        ("tag", "radius"),
    ):
        out.append(f"  --{comp}-radius: {_rem(float(_token(layout_set, comp, key)))};")
    for comp, key in (("panel", "padding"), ("kpi", "padding"), ("item", "padding")):
        out.append(f"  --{comp}-padding: {_rem(float(_token(layout_set, comp, key)))};")
    out.append(f"  --gap: {_rem(float(tokens.gap(layout_set.components)))};")
    bg = layout_set.colors.get("white", "#FFFFFF")
    out.append(f"  --page-bg: {layout_set.colors.get('surface', bg)};")
    return ":root {\n" + "\n".join(out) + "\n}"


def _style_vars(name: str, st: TextStyle, px: float) -> list[str]:
    return [
        f"  --{name}-size: {_rem(st.size * px)};",
        f"  --{name}-weight: {700 if st.bold else 400};",
        f"  --{name}-lh: {st.line_height:g};",
        f"  --{name}-tracking: {st.tracking:g}em;",
    ]


def _style_classes(layout_set: LayoutSet) -> str:
    rules = []
    for raw in layout_set.styles:
        n = _ident(raw)
        rules.append(
            f".s-{n} {{ font-size: calc(var(--{n}-size) * var(--text-scale)); "
            f"font-weight: var(--{n}-weight); line-height: var(--{n}-lh); "
            f"letter-spacing: var(--{n}-tracking); }}"
        )
    return "\n".join(rules)


def _color_classes(layout_set: LayoutSet, palette: Palette) -> str:
    rules = []
    named = [(_ident(n), f"var(--c-{_ident(n)})") for n in layout_set.colors]
    named += [("x" + c.lstrip("#"), c) for c in sorted(palette.extra)]
    for n, value in named:
        rules.append(f".fg-{n} {{ color: {value}; }}")
        rules.append(f".bg-{n} {{ background-color: {value}; }}")
        rules.append(f".bd-{n} {{ border-color: {value}; }}")
    return "\n".join(rules)


def _grid(palette: Palette) -> str:
    """Grid classes: a container's columns and each child's cell, read from the slide."""
    rules = [f".{_grid_class(t)} {{ grid-template-columns: {t}; }}" for t in sorted(palette.grids)]
    for i in range(1, MAX_COLS + 1):
        rules.append(f".gc-{i} {{ grid-column-start: {i}; }}")
        rules.append(f".gcs-{i} {{ grid-column-end: span {i}; }}")
    for i in range(1, MAX_ROWS + 1):
        rules.append(f".gr-{i} {{ grid-row-start: {i}; }}")
        rules.append(f".grs-{i} {{ grid-row-end: span {i}; }}")
    return "\n".join(rules)


def _rem(px: float) -> str:
    return f"{px / 16:.4f}".rstrip("0").rstrip(".") + "rem"


def _ident(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", name)


def _token(layout_set: LayoutSet, comp: str, key: str) -> float:
    """A component length, with the schema's default (layout/tokens.py) where the set has none."""
    return float(tokens.value(layout_set.components, comp, key))
