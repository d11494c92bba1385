"""WCAG 2.x AA contrast of every text colour on its background in the layout set: 4.5:1, or 3:1
for large text (at least 18 pt, or 14 pt bold). Checked twice: statically, for every style on
every background it can be drawn on (slots of the layouts, and the panels, cards, chips and
steps of the body), and on the laid-out slides, for any pairing the static table does not know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from deckbuilder.check.geometry import fill_at, on_chart
from deckbuilder.errors import Diagnostic, SourceError, Where, rel
from deckbuilder.layout import tokens
from deckbuilder.layout.blocks import registry
from deckbuilder.layout.blocks.kind import PANEL, Background
from deckbuilder.layout.charts import ON_BAR
from deckbuilder.memo import Memo
from deckbuilder.scene import SlideScene, TextBox
from deckbuilder.source.layoutset import LayoutSet
from deckbuilder.source.yamlsrc import read_yaml

AA_NORMAL, AA_LARGE = 4.5, 3.0


def _channel(c: int) -> float:
    v = c / 255
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(fg: str, bg: str) -> float:
    """The WCAG contrast ratio of two #RRGGBB colours, 1 to 21."""
    a, b = luminance(fg), luminance(bg)
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def is_large(size_pt: float, bold: bool) -> bool:
    """WCAG large text: at least 18 pt, or 14 pt bold."""
    return size_pt >= 18 - 1e-6 or (bold and size_pt >= 14 - 1e-6)


_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")

# Where the slide's furniture draws its text styles on the body of content slides and on the
# contents (the block kinds declare theirs: ``registry.backgrounds()``). PANEL: see kind.PANEL.
FURNITURE_BACKGROUNDS: dict[str, list[Background]] = {
    "panel-heading": [PANEL],
    "tag": ["white"],
    "tag-label": [("tag", "label_fill")],
    "contents-number": [("contents", "fill")],
    "contents-title": [("contents", "fill")],
    "contents-item": [("contents", "fill")],
}


def body_backgrounds() -> dict[str, list[Background]]:
    """Every text style of the body with the surfaces it is drawn on."""
    out = {k: list(v) for k, v in registry.backgrounds().items()}
    for style, surfaces in FURNITURE_BACKGROUNDS.items():
        have = out.setdefault(style, [])
        have.extend(s for s in surfaces if s not in have)
    return out


@dataclass(frozen=True)
class Pair:
    fg: str
    bg: str
    large: bool

    def key(self) -> tuple[str, str, bool]:
        return (self.fg.upper(), self.bg.upper(), self.large)


def _fail_message(whats: list[str], pair: Pair, ratio: float, colour: str = "") -> str:
    need = AA_LARGE if pair.large else AA_NORMAL
    kind = "large text" if pair.large else "text"
    unique = list(dict.fromkeys(whats))
    shown = ", ".join(unique[:4]) + (f" and {len(unique) - 4} more" if len(unique) > 4 else "")
    token = f"colour {colour!r} " if colour else ""
    return (
        f"contrast {ratio:.2f}:1 of {token}{pair.fg} on {pair.bg} is below WCAG AA {need:g}:1 "
        f"for {kind}: {shown}"
    )


def _passes(pair: Pair) -> tuple[bool, float]:
    return _passes_key(pair.key())


@lru_cache(maxsize=4096)
def _passes_key(key: tuple[str, str, bool]) -> tuple[bool, float]:
    """(A deck has a few dozen colour pairs, on a thousand text boxes.)"""
    fg, bg, large = key
    ratio = contrast(fg, bg)
    need = AA_LARGE if large else AA_NORMAL
    return ratio + 1e-9 >= need, ratio


_PAIRS: Memo[list[tuple[str, Pair]]] = Memo(
    1024, disk="contrast"
)  # a slide's text on its fills, by scene


def check_contrast(layout_set: LayoutSet, scenes: Iterable[SlideScene] = ()) -> list[Diagnostic]:
    """One error per failing (text colour, background, size class), at the line that sets the
    text colour (the colour token when it has one), naming every style or slide that uses it."""
    groups: dict[tuple[str, str, bool], tuple[Pair, list[str], Where, int | None]] = {}
    for what, pair, where in static_pairs(layout_set):
        if not _passes(pair)[0]:
            groups.setdefault(pair.key(), (pair, [], where, None))[1].append(what)
    static = set(groups)
    for sc in scenes:
        for what, pair in _PAIRS.get(sc.digest, partial(scene_pairs, sc)):
            if pair.key() in static or _passes(pair)[0]:
                continue
            where = Where(sc.source_file, 1, 1) if sc.source_file else Where("")
            groups.setdefault(pair.key(), (pair, [], where, sc.number))[1].append(
                f"slide {sc.number} {what}"
            )
    colour_at = _positions(layout_set.root / "tokens.yaml", ("colors",))
    out = []
    for pair, whats, where, slide in groups.values():
        names = [n for n, v in layout_set.colors.items() if v.upper() == pair.fg.upper()]
        colour = names[0] if names else ""
        if colour and colour in colour_at:
            where = colour_at[colour]
        ratio = contrast(pair.fg, pair.bg)
        out.append(
            Diagnostic(where, _fail_message(whats, pair, ratio, colour), "error", slide, "contrast")
        )
    return out


def static_pairs(layout_set: LayoutSet) -> list[tuple[str, Pair, Where]]:
    """Every (text colour, background) the layout set can produce, with where the style is set."""
    tok_file = layout_set.root / "tokens.yaml"
    lay_file = layout_set.root / "layouts.yaml"
    style_at = _positions(tok_file, ("styles",))
    chart_at = _positions(tok_file, ("chart",))
    layout_yaml = read_mapping(lay_file)
    shown_tok = Where(rel(tok_file), 1, 1)
    pairs: list[tuple[str, Pair, Where]] = []

    def token(comp: str, key: str) -> Any:
        return tokens.value(layout_set.components, comp, key)

    def colour(c: Any) -> str | None:
        value = layout_set.color(str(c))
        return value if _HEX.match(value) else None

    # 1. Slots of the layouts: the slot's style on the layout's background (or a shape under it).
    content_bgs: set[str] = set()
    for name, lay in layout_set.layouts.items():
        if lay.kind == "content":
            content_bgs.add(lay.background)
        slots_yaml = (
            (layout_yaml.get(name) or {}).get("slots")
            if isinstance(layout_yaml.get(name), dict)
            else None
        )
        for sname, slot in lay.slots.items():
            if not slot.style or slot.style not in layout_set.styles:
                continue
            st = layout_set.styles[slot.style]
            fg = slot.color or st.color
            bg = lay.background
            cx, cy = slot.x + slot.w / 2, slot.y + min(slot.h, st.size * st.line_height) / 2
            for sh in lay.shapes:
                if sh.x <= cx <= sh.x + sh.w and sh.y <= cy <= sh.y + sh.h:
                    bg = sh.fill
            if not (_HEX.match(fg) and _HEX.match(bg)):
                continue
            where = getattr(slots_yaml, "key_where", {}).get(sname, lay.where)
            pairs.append(
                (
                    f"style {slot.style!r} in slot {sname!r} of layout {name!r}",
                    Pair(fg, bg, is_large(_floor(st.size, st.min_size), st.bold)),
                    where,
                )
            )
    if not content_bgs:
        content_bgs.add("#FFFFFF")

    # 2. The body of content slides: each style on every surface blocks.py draws it on.
    def fills(spec: Any) -> list[str]:
        if spec == PANEL:
            surfaces = [token("panel", "fill"), token("panel", "tint_fill"), *content_bgs]
            return [c for c in (colour(s) for s in surfaces) if c]
        if isinstance(spec, tuple):
            c = colour(token(*spec))
            return [c] if c else []
        c = colour(spec)
        return [c] if c else []

    # A layout may swap body styles (`styles: {body: body-large}`): check what it swaps in too.
    swaps = [dict(getattr(lay, "restyle", {}) or {}) for lay in layout_set.layouts.values()]
    for base_style, specs in body_backgrounds().items():
        names = {base_style} | {sw[base_style] for sw in swaps if base_style in sw}
        for style in sorted(names):
            bst = layout_set.styles.get(style)
            if bst is None or not _HEX.match(bst.color):
                continue
            where = style_at.get(style, shown_tok)
            large = is_large(_floor(bst.size, bst.min_size), bst.bold)
            for spec in specs:
                for bg in fills(spec):
                    pairs.append((f"style {style!r}", Pair(bst.color, bg, large), where))
    # The number in an item card's circle: white on the number fill, at the item-title size.
    it = layout_set.styles.get("item-title")
    white, num = colour("white"), colour(token("item", "number_fill"))
    if it and white and num:
        large = is_large(_floor(it.size, it.min_size), it.bold)
        where = style_at.get("item-title", shown_tok)
        pairs.append(("an item's number", Pair(white, num, large), where))
    # Chart text: labels (regular) and values (bold) on the panel surfaces.
    chart = layout_set.chart
    label_pt = layout_set.px(float(tokens.chart(chart, "label_size")))
    value_pt = layout_set.px(float(tokens.chart(chart, "value_size")))
    palette = [c for c in tokens.chart(chart, "palette") if _HEX.match(str(c))]
    for bg in fills(PANEL):
        text = colour(tokens.chart(chart, "text"))
        if text:
            pairs.append(
                (
                    "chart labels (chart.text)",
                    Pair(text, bg, is_large(label_pt, False)),
                    chart_at.get("text", shown_tok),
                )
            )
        if palette:
            pairs.append(
                (
                    "chart values (chart.palette[0])",
                    Pair(palette[0], bg, is_large(value_pt, True)),
                    chart_at.get("palette", shown_tok),
                )
            )
    # The values inside a parts chart's first two segments (scene_pairs cannot see the bars).
    for bg in palette[:2]:
        pairs.append(
            (
                "chart values on a bar (chart.palette)",
                Pair(ON_BAR, bg, is_large(value_pt * 0.8, True)),
                chart_at.get("palette", shown_tok),
            )
        )
    return pairs


def _floor(size: float, min_size: float) -> float:
    """The smallest size a style may be drawn at (fit-to-slot may step down to min_size)."""
    return min(size, min_size) if min_size > 0 else size


def read_mapping(path: Path) -> Any:
    try:
        data = read_yaml(path, rel(path))
    except SourceError:
        return {}
    return data if isinstance(data, dict) else {}


def _positions(path: Path, keys: tuple[str, ...]) -> dict[str, Where]:
    data = read_mapping(path)
    for k in keys:
        data = data.get(k) if isinstance(data, dict) else None
    return dict(getattr(data, "key_where", {}))


def scene_pairs(scene: SlideScene) -> list[tuple[str, Pair]]:
    """Each text run of a laid-out slide on the fill drawn beneath it."""
    out = []
    els = list(scene.elements)
    for i, el in enumerate(els):
        if not isinstance(el, TextBox) or not el.lines or on_chart(els[:i], el):
            continue
        for n, line in enumerate(el.lines):
            if not line.text.strip():
                continue
            px = el.line_left(n) + line.width / 2
            py = el.line_top(n) + el.line_height / 2
            bg = fill_at(els[:i], px, py) or scene.background
            for run in line.runs:
                if run.text.strip() and _HEX.match(run.color) and _HEX.match(bg):
                    snippet = run.text.strip()
                    snippet = snippet if len(snippet) <= 16 else snippet[:15] + "…"
                    out.append((f"{snippet!r}", Pair(run.color, bg, is_large(run.size, run.bold))))
    return out
