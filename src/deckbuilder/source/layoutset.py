"""Layout sets: design tokens and named layouts, read from layouts/<set>/ (data, not Python).

Everything is converted to points here, so the layout stage works in one unit.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckbuilder.errors import Collector, Diagnostic, SourceError, Where, error, rel
from deckbuilder.memo import Memo
from deckbuilder.source.yamlsrc import read_yaml, where_of
from deckbuilder.text.fonts import FontError, FontSet, load_face
from deckbuilder.text.style import TextStyle

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
LAYOUT_KINDS = ("cover", "contents", "section", "statement", "content", "closing", "back-cover")
STYLE_KEYS = {"size", "weight", "color", "line_height", "align", "min_size", "tracking"}
SLOT_KEYS = {"x", "y", "w", "h", "style", "balance", "chip", "align", "color"}


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
    components: dict[str, Any] = field(default_factory=dict)  # component keys for this layout


@dataclass
class LayoutSet:
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
    fonts_at: dict[str, Where] = field(default_factory=dict)  # "regular", "bold": in tokens.yaml
    digest: str = ""  # of the set's files and the slide width: what a cached layout relied on

    def color(self, name: str) -> str:
        return self.colors.get(name, name)

    def style(self, name: str) -> TextStyle:
        return self.styles[name]

    def comp(self, name: str) -> dict[str, Any]:
        value = self.components.get(name, {})
        return value if isinstance(value, dict) else {}

    def px(self, value: float) -> float:
        return float(value) * self.scale


def find_layout_set(name: str, project: Path, named_at: Where | None = None) -> Path:
    """A set is a name under <project>/layouts/ or a path to a folder."""
    candidate = Path(name)
    if candidate.is_dir() and (candidate / "tokens.yaml").is_file():
        return candidate
    path = project / "layouts" / name
    if not (path / "tokens.yaml").is_file():
        sets = sorted(
            p.name for p in (project / "layouts").glob("*") if (p / "tokens.yaml").exists()
        )
        from deckbuilder.errors import suggest

        raise error(
            named_at or Where(rel(project / "layouts")),
            f"layout set {name!r} not found{suggest(name, sets)}; sets: {', '.join(sets)}",
        )
    return path


# Styles the slides' furniture draws with (the block kinds declare theirs, handed in as
# ``block_styles``); a layout set must define every one of them.
REQUIRED_STYLES = (
    "breadcrumb",
    "title",
    "kicker",
    "lead",
    "tag-label",
    "tag",
    "panel-heading",
    "footnote",
    "page",
    "contents-number",
    "contents-title",
    "contents-item",
)


class _Check:
    """Reads numbers and mappings out of the layout files, collecting every problem."""

    def __init__(self, out: Collector):
        self.out = out

    def fail(self, where: Where, msg: str) -> None:
        self.out.add(Diagnostic(where, msg))

    def mapping(self, value: Any, where: Where, what: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(where_of(value, where), f"{what} must be a mapping")
            return {}
        return value

    def number(
        self,
        spec: dict[str, Any],
        key: str,
        where: Where,
        what: str,
        default: float | None = None,
        positive: bool = False,
    ) -> float:
        value = spec.get(key, default)
        at = _at(spec, key, where)
        if value is None:
            self.fail(at, f"{what} needs {key!r}")
            return 1.0
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.fail(at, f"{what}: {key!r} must be a number, not {value!r}")
            return 1.0
        if value < 0 or (positive and value == 0):
            self.fail(at, f"{what}: {key!r} must be {'above' if positive else 'at least'} 0")
            return 1.0
        return float(value)


# Cache: a layout set by (its folder, the project, the width, the bytes of its two files, the
# styles the block kinds require).
_LAYOUT_SETS: Memo[LayoutSet] = Memo(8)


def load_layout_set(
    set_dir: Path, project: Path, width_in: float = 13.333, *, block_styles: tuple[str, ...]
) -> LayoutSet:
    """The layout set, kept by its files' bytes: one LayoutSet object per set as written.
    ``block_styles``: the styles the block kinds draw with (``registry.block_styles()``)."""
    files = tuple(_bytes(set_dir / name) for name in ("tokens.yaml", "layouts.yaml"))
    key = (set_dir.resolve(), project.resolve(), width_in, files)
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:24]

    def load() -> LayoutSet:
        layout_set = _load_layout_set(set_dir, project, width_in, block_styles)
        layout_set.digest = digest
        return layout_set

    return _LAYOUT_SETS.get((*key, block_styles), load)


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # reported by the load itself


def _load_layout_set(
    set_dir: Path, project: Path, width_in: float, block_styles: tuple[str, ...]
) -> LayoutSet:
    out = Collector()
    ck = _Check(out)
    tok_file, lay_file = set_dir / "tokens.yaml", set_dir / "layouts.yaml"
    tokens = read_yaml(tok_file, rel(tok_file))
    layouts = read_yaml(lay_file, rel(lay_file))
    tw, lw = Where(rel(tok_file), 1, 1), Where(rel(lay_file), 1, 1)
    if not isinstance(tokens, dict):
        raise error(tw, "tokens.yaml must be a mapping")
    if not isinstance(layouts, dict):
        raise error(lw, "layouts.yaml must be a mapping of layout names")
    canvas = ck.mapping(tokens.get("canvas"), _at(tokens, "canvas", tw), "canvas")
    cw = ck.number(canvas, "width", _at(tokens, "canvas", tw), "canvas", 1280, positive=True)
    ch = ck.number(canvas, "height", _at(tokens, "canvas", tw), "canvas", 720, positive=True)
    scale = round(width_in * 72) / cw  # 13.333 in is 960 pt
    colors = {
        str(k): str(v)
        for k, v in ck.mapping(tokens.get("colors"), _at(tokens, "colors", tw), "colors").items()
    }
    for k, v in colors.items():
        if v == "None":  # `key: #0017C1` unquoted: YAML reads a comment, so no value
            hint = f'has no value: in YAML # starts a comment, so quote it: {k}: "#0017C1"'
            ck.fail(_at(tokens.get("colors"), k, tw), f"colour {k!r} {hint}")
        elif not _HEX.match(v):
            ck.fail(_at(tokens.get("colors"), k, tw), f"colour {k!r}: {v!r} is not #RRGGBB")

    def resolve(c: str) -> str:
        return colors.get(c, c)

    styles: dict[str, TextStyle] = {}
    style_specs = ck.mapping(tokens.get("styles"), _at(tokens, "styles", tw), "styles")
    for name, raw in style_specs.items():
        where = _at(style_specs, name, tw)
        what = f"style {name!r}"
        spec = ck.mapping(raw, where, what)
        if not spec:
            continue
        unknown = set(spec) - STYLE_KEYS
        if unknown:
            ck.fail(where, f"{what}: unknown key(s) {', '.join(sorted(unknown))}")
        weight = spec.get("weight", 400)
        if weight not in (400, 700):
            ck.fail(where, f"{what}: weight {weight} (DADS uses 400 and 700 only)")
        color = resolve(str(spec.get("color", "text")))
        if not _HEX.match(color):
            ck.fail(where, f"{what}: unknown colour {spec.get('color')!r}")
        styles[str(name)] = TextStyle(
            size=ck.number(spec, "size", where, what, positive=True) * scale,
            bold=weight == 700,
            color=color,
            line_height=ck.number(spec, "line_height", where, what, 1.5, positive=True),
            align=str(spec.get("align", "left")),
            min_size=ck.number(spec, "min_size", where, what, 0) * scale,
            tracking=ck.number(spec, "tracking", where, what, 0),
        )
    for name in dict.fromkeys(REQUIRED_STYLES + block_styles):
        if name not in styles and name not in style_specs:
            ck.fail(_at(tokens, "styles", tw), f"style {name!r} is missing (the layouts use it)")

    fonts_spec = ck.mapping(tokens.get("fonts"), _at(tokens, "fonts", tw), "fonts")
    faces = []
    for key in ("regular", "bold"):
        at = _at(fonts_spec, key, _at(tokens, "fonts", tw))
        file, face = _face_spec(fonts_spec.get(key, ""), at)
        try:
            faces.append(load_face(project / file, key == "bold", face))
        except FontError as exc:
            raise error(at, str(exc)) from None
    fonts = FontSet(*faces)

    parsed: dict[str, Layout] = {}
    for name, raw in layouts.items():
        where = _at(layouts, name, lw)
        spec = ck.mapping(raw, where, f"layout {name!r}")
        kind = str(spec.get("kind", ""))
        if kind not in LAYOUT_KINDS:
            ck.fail(
                where, f"layout {name!r}: kind {kind!r} is not one of {', '.join(LAYOUT_KINDS)}"
            )
            continue
        parsed[str(name)] = _layout(ck, str(name), kind, spec, where, styles, scale, resolve)
    chart = _chart(ck, tokens, tw, resolve)
    out.raise_if_errors()
    comps = {
        str(k): (dict(v) if isinstance(v, dict) else v)
        for k, v in (tokens.get("components") or {}).items()
    }
    return LayoutSet(
        name=str(tokens.get("name", set_dir.name)),
        root=set_dir,
        scale=scale,
        width=cw * scale,
        height=ch * scale,
        fonts=fonts,
        colors=colors,
        styles=styles,
        components=comps,
        chart=chart,
        layouts=parsed,
        files=[tok_file, lay_file],
        fonts_at={k: _at(fonts_spec, k, _at(tokens, "fonts", tw)) for k in ("regular", "bold")},
    )


def _layout(
    ck: _Check,
    name: str,
    kind: str,
    spec: dict[str, Any],
    where: Where,
    styles: dict[str, TextStyle],
    scale: float,
    resolve: Any,
) -> Layout:
    slots = {}
    slot_specs = ck.mapping(spec.get("slots"), _at(spec, "slots", where), f"layout {name!r} slots")
    for sname, raw in slot_specs.items():
        swhere = _at(slot_specs, sname, where)
        what = f"layout {name!r}, slot {sname!r}"
        s = ck.mapping(raw, swhere, what)
        unknown = set(s) - SLOT_KEYS
        if unknown:
            ck.fail(swhere, f"{what}: unknown key(s) {', '.join(sorted(unknown))}")
        style = str(s.get("style", ""))
        if style and style not in styles:
            ck.fail(swhere, f"{what}: unknown style {style!r}")
        x, y, w, h = (ck.number(s, k, swhere, what, positive=k in "wh") * scale for k in "xywh")
        slots[str(sname)] = Slot(
            str(sname),
            x,
            y,
            w,
            h,
            style,
            bool(s.get("balance", False)),
            bool(s.get("chip", False)),
            str(s.get("align", "")),
            resolve(str(s["color"])) if "color" in s else "",
        )
    restyle = {str(k): str(v) for k, v in ck.mapping(spec.get("styles"), where, "styles").items()}
    for k, v in restyle.items():
        if k not in styles or v not in styles:
            ck.fail(
                where,
                f"layout {name!r}: styles maps {k!r} to {v!r}; both must be styles of tokens.yaml",
            )
    comps = {
        str(k): dict(ck.mapping(v, where, f"layout {name!r} component {k!r}"))
        for k, v in ck.mapping(spec.get("components"), where, "components").items()
    }
    shapes = []
    for sh in spec.get("shapes") or []:
        r = ck.mapping(sh.get("rect") if isinstance(sh, dict) else sh, where, "a shape's rect")
        if r:
            x, y, w, h = (ck.number(r, k, where, f"layout {name!r} shape") * scale for k in "xywh")
            shapes.append(Shape("rect", x, y, w, h, resolve(str(r.get("fill", "key")))))
    return Layout(
        name,
        kind,
        resolve(str(spec.get("background", "white"))),
        slots,
        tuple(shapes),
        where,
        restyle,
        comps,
    )


def _chart(ck: _Check, tokens: Any, tw: Where, resolve: Callable[[str], str]) -> dict[str, Any]:
    """The chart settings, colours resolved: the palette names colour tokens (or #RRGGBB), so
    a changed token recolours the charts; a name that is no token is an error at its line."""
    spec = tokens.get("chart") or {}
    chart = dict(spec) if isinstance(spec, dict) else {}
    at = _at(tokens, "chart", tw)
    raw = chart.get("palette", [])
    palette = [resolve(str(c)) for c in raw] if isinstance(raw, list) else []
    for given, colour in zip(raw if isinstance(raw, list) else [], palette, strict=False):
        if not _HEX.match(colour):
            ck.fail(_at(spec, "palette", at), f"chart.palette: unknown colour {given!r}")
    chart["palette"] = palette
    for key in ("grid", "track", "text"):
        if key in chart:
            chart[key] = resolve(str(chart[key]))
            if not _HEX.match(chart[key]):
                ck.fail(_at(spec, key, at), f"chart.{key}: unknown colour {spec[key]!r}")
    return chart


def _face_spec(spec: Any, at: Where) -> tuple[str, int | str | None]:
    """A face as tokens.yaml names it: a font file's path, or ``{file: …, face: …}`` for one
    face of a collection (.ttc), by index or name."""
    if not isinstance(spec, dict):
        return str(spec), None
    unknown = set(spec) - {"file", "face"}
    if unknown or "file" not in spec:
        raise error(at, "a face is a path or {file: PATH, face: INDEX or NAME}")
    face = spec.get("face")
    if face is not None and not isinstance(face, int | str) or isinstance(face, bool):
        raise error(at, f"face {face!r}: an index (0, 1, …) or a face's name")
    return str(spec["file"]), face


def _at(mapping: Any, key: Any, default: Where) -> Where:
    return getattr(mapping, "key_where", {}).get(str(key), default)


__all__ = [
    "LayoutSet",
    "Layout",
    "Slot",
    "TextStyle",
    "load_layout_set",
    "find_layout_set",
    "SourceError",
]
