"""Layout sets: design tokens and named layouts, read from layouts/<set>/ (data, not Python).

Everything is converted to points here, so the layout stage works in one unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Collector, Diagnostic, SourceError, Where, error, rel
from .fonts import FontError, FontSet, load_face
from .yamlsrc import read_yaml

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
LAYOUT_KINDS = ("cover", "contents", "section", "statement", "content", "closing", "back-cover")
STYLE_KEYS = {"size", "weight", "color", "line_height", "align", "min_size"}
SLOT_KEYS = {"x", "y", "w", "h", "style", "balance", "chip", "align", "color"}


@dataclass(frozen=True)
class TextStyle:
    size: float  # pt
    bold: bool
    color: str
    line_height: float  # multiple of size
    align: str = "left"
    min_size: float = 0.0  # pt; 0 = may not shrink


@dataclass(frozen=True)
class Slot:
    name: str
    x: float
    y: float
    w: float
    h: float
    style: str = ""
    balance: bool = False
    chip: bool = False
    align: str = ""
    color: str = ""


@dataclass(frozen=True)
class Shape:
    kind: str  # rect
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Layout:
    name: str
    kind: str
    background: str
    slots: dict[str, Slot]
    shapes: tuple[Shape, ...] = ()
    where: Where = Where("")
    restyle: dict[str, str] = field(default_factory=dict)  # body style -> style in this layout


@dataclass
class Theme:
    name: str
    root: Path
    scale: float  # pt per px
    width: float  # pt
    height: float  # pt
    fonts: FontSet
    colors: dict[str, str]
    styles: dict[str, TextStyle]
    components: dict[str, Any]
    chart: dict[str, Any]
    layouts: dict[str, Layout]
    files: list[Path] = field(default_factory=list)

    def color(self, name: str) -> str:
        return self.colors.get(name, name)

    def style(self, name: str) -> TextStyle:
        return self.styles[name]

    def comp(self, name: str) -> dict[str, Any]:
        value = self.components.get(name, {})
        return value if isinstance(value, dict) else {}

    def px(self, value: float) -> float:
        return float(value) * self.scale


def find_layout_set(name: str, project: Path) -> Path:
    """A set is a name under <project>/layouts/ or a path to a folder."""
    candidate = Path(name)
    if candidate.is_dir() and (candidate / "tokens.yaml").is_file():
        return candidate
    path = project / "layouts" / name
    if not (path / "tokens.yaml").is_file():
        sets = sorted(
            p.name for p in (project / "layouts").glob("*") if (p / "tokens.yaml").exists()
        )
        from .loader import suggest

        raise error(
            Where(rel(project / "layouts")),
            f"layout set {name!r} not found{suggest(name, sets)}; sets: {', '.join(sets)}",
        )
    return path


def load_theme(set_dir: Path, project: Path, width_in: float = 13.333) -> Theme:
    out = Collector()
    tok_file, lay_file = set_dir / "tokens.yaml", set_dir / "layouts.yaml"
    tokens = read_yaml(tok_file, rel(tok_file))
    layouts = read_yaml(lay_file, rel(lay_file))
    tw = Where(rel(tok_file), 1, 1)
    if not isinstance(tokens, dict) or not isinstance(layouts, dict):
        raise error(tw, "tokens.yaml and layouts.yaml must be mappings")
    canvas = tokens.get("canvas", {"width": 1280, "height": 720})
    scale = round(width_in * 72) / float(canvas["width"])  # 13.333 in is 960 pt
    colors = {str(k): str(v) for k, v in (tokens.get("colors") or {}).items()}
    for k, v in colors.items():
        if not _HEX.match(v):
            out.add(
                Diagnostic(_at(tokens.get("colors"), k, tw), f"colour {k!r}: {v!r} is not #RRGGBB")
            )

    def resolve(c: str) -> str:
        return colors.get(c, c)

    styles: dict[str, TextStyle] = {}
    for name, spec in (tokens.get("styles") or {}).items():
        where = _at(tokens.get("styles"), name, tw)
        unknown = set(spec) - STYLE_KEYS
        if unknown:
            out.add(
                Diagnostic(where, f"style {name!r}: unknown key(s) {', '.join(sorted(unknown))}")
            )
        weight = spec.get("weight", 400)
        if weight not in (400, 700):
            out.add(
                Diagnostic(where, f"style {name!r}: weight {weight} (DADS uses 400 and 700 only)")
            )
        color = resolve(str(spec.get("color", "text")))
        if not _HEX.match(color):
            out.add(Diagnostic(where, f"style {name!r}: unknown colour {spec.get('color')!r}"))
        styles[str(name)] = TextStyle(
            size=float(spec["size"]) * scale,
            bold=weight == 700,
            color=color,
            line_height=float(spec.get("line_height", 1.5)),
            align=str(spec.get("align", "left")),
            min_size=float(spec.get("min_size", 0)) * scale,
        )

    fonts_spec = tokens.get("fonts") or {}
    try:
        fonts = FontSet(
            load_face(project / str(fonts_spec.get("regular", "")), False),
            load_face(project / str(fonts_spec.get("bold", "")), True),
        )
    except FontError as exc:
        raise error(_at(tokens, "fonts", tw), str(exc)) from None

    parsed: dict[str, Layout] = {}
    lw = Where(rel(lay_file), 1, 1)
    for name, spec in layouts.items():
        where = _at(layouts, name, lw)
        kind = str(spec.get("kind", ""))
        if kind not in LAYOUT_KINDS:
            out.add(
                Diagnostic(
                    where, f"layout {name!r}: kind {kind!r} is not one of {', '.join(LAYOUT_KINDS)}"
                )
            )
            continue
        slots = {}
        for sname, s in (spec.get("slots") or {}).items():
            swhere = _at(spec.get("slots"), sname, where)
            unknown = set(s) - SLOT_KEYS
            if unknown:
                out.add(
                    Diagnostic(
                        swhere, f"slot {sname!r}: unknown key(s) {', '.join(sorted(unknown))}"
                    )
                )
            style = str(s.get("style", ""))
            if style and style not in styles:
                out.add(Diagnostic(swhere, f"slot {sname!r}: unknown style {style!r}"))
            slots[str(sname)] = Slot(
                str(sname),
                float(s["x"]) * scale,
                float(s["y"]) * scale,
                float(s["w"]) * scale,
                float(s["h"]) * scale,
                style,
                bool(s.get("balance", False)),
                bool(s.get("chip", False)),
                str(s.get("align", "")),
                resolve(str(s["color"])) if "color" in s else "",
            )
        restyle = {str(k): str(v) for k, v in (spec.get("styles") or {}).items()}
        for k, v in restyle.items():
            if k not in styles or v not in styles:
                out.add(
                    Diagnostic(
                        where,
                        f"layout {name!r}: styles maps {k!r} to {v!r}; both "
                        "must be styles of tokens.yaml",
                    )
                )
        shapes = []
        for sh in spec.get("shapes") or []:
            r = sh.get("rect", {})
            shapes.append(
                Shape(
                    "rect",
                    float(r["x"]) * scale,
                    float(r["y"]) * scale,
                    float(r["w"]) * scale,
                    float(r["h"]) * scale,
                    resolve(str(r.get("fill", "key"))),
                )
            )
        parsed[str(name)] = Layout(
            str(name),
            kind,
            resolve(str(spec.get("background", "white"))),
            slots,
            tuple(shapes),
            where,
            restyle,
        )
    out.raise_if_errors()
    comps = {
        str(k): (dict(v) if isinstance(v, dict) else v)
        for k, v in (tokens.get("components") or {}).items()
    }
    chart = dict(tokens.get("chart") or {})
    chart["palette"] = [resolve(c) for c in chart.get("palette", [])]
    for key in ("grid", "track", "text"):
        if key in chart:
            chart[key] = resolve(str(chart[key]))
    return Theme(
        name=str(tokens.get("name", set_dir.name)),
        root=set_dir,
        scale=scale,
        width=float(canvas["width"]) * scale,
        height=float(canvas["height"]) * scale,
        fonts=fonts,
        colors=colors,
        styles=styles,
        components=comps,
        chart=chart,
        layouts=parsed,
        files=[tok_file, lay_file],
    )


def _at(mapping: Any, key: Any, default: Where) -> Where:
    return getattr(mapping, "key_where", {}).get(str(key), default)


__all__ = ["Theme", "Layout", "Slot", "TextStyle", "load_theme", "find_layout_set", "SourceError"]
