"""``deckbuilder check``: everything a build validates, plus the reviewers' and designers' checks.

The build's own checks (schema with "did you mean", references, layouts and slots, fonts,
overflow, glyph coverage) come from the loader, the layout set and the layout stage. Added here:

- stale figures: an as-of date older than ``stale_after_months`` (deck.yaml), counted from the
  deck's date. The earlier points of a ``before_after`` chart are history by design and exempt;
- duplicate slide titles (the title is each slide's accessible name);
- missing alt text: charts and image placeholders must have something to say, and pictures an
  ``alt`` unless they are ``decorative``;
- WCAG 2.x AA contrast of every text colour on its background in the layout set: 4.5:1, or 3:1
  for large text (at least 18 pt, or 14 pt bold). Checked twice: statically, for every style on
  every background it can be drawn on (slots of the layouts, and the panels, cards, chips and
  steps of the body), and on the laid-out slides, for any pairing the static table does not know.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from deckbuilder.check.glyphs import glyph_problems, problems
from deckbuilder.errors import Diagnostic, SourceError, Where, rel
from deckbuilder.layout.charts import ON_BAR
from deckbuilder.layout.compose import layout_deck
from deckbuilder.memo import Memo
from deckbuilder.scene import (
    ChartBox,
    Element,
    Ellipse,
    Picture,
    Placeholder,
    Polygon,
    Rect,
    SlideScene,
    TextBox,
)
from deckbuilder.source import model as m
from deckbuilder.source.layoutset import LayoutSet, find_layout_set, load_layout_set
from deckbuilder.source.loader import load_deck
from deckbuilder.source.yamlsrc import read_yaml
from deckbuilder.text.fonts import FontFace, embedding_refusal

AA_NORMAL, AA_LARGE = 4.5, 3.0


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    deck: m.Deck | None = None
    layout_set: LayoutSet | None = None
    scenes: list[SlideScene] | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def run_checks(deck_dir: Path, layouts: str | None = None) -> CheckResult:
    """Every check, every problem (not just the first); nothing is written."""
    try:
        deck = load_deck(deck_dir)
    except SourceError as exc:
        return CheckResult(exc.diagnostics)
    project = deck_dir.resolve().parent
    try:
        set_dir = find_layout_set(layouts or deck.layouts, project)
        layout_set = load_layout_set(set_dir, project, deck.width_in)
    except SourceError as exc:
        return CheckResult(exc.diagnostics + check_deck(deck), deck)
    return validate(deck, layout_set)


def validate(
    deck: m.Deck,
    layout_set: LayoutSet,
    on_slide: Callable[[int, int], None] | None = None,
    allow_overflow: bool = False,
    on_scene: Callable[[SlideScene], None] | None = None,
) -> CheckResult:
    """The one validation path: ``check`` prints all of it, ``build`` and ``watch`` stop on its
    errors before rendering (``on_scene``: see ``layout_deck``)."""
    faces = [layout_set.fonts.regular, layout_set.fonts.bold]
    before = unshown_content(deck, layout_set) + check_ranges(deck)
    before += glyph_problems(deck, faces, layout_set.fonts.family)
    before += svg_text_glyphs(deck, faces, layout_set.fonts.family)
    if any(d.severity == "error" for d in before):
        # Laying out would stop at the first missing slot; these say which.
        return CheckResult(before + check_deck(deck) + check_contrast(layout_set), deck, layout_set)
    laid = layout_deck(deck, layout_set, on_slide, on_scene)
    diags = before + _unique(laid.diagnostics)
    for d in diags:
        if d.code == "overflow":
            d.severity = "warning" if allow_overflow else "error"
    diags += check_deck(deck)
    diags += check_scenes(deck, laid.scenes)
    diags += check_contrast(layout_set, laid.scenes)
    diags += font_embedding(layout_set)
    return CheckResult(diags, deck, layout_set, laid.scenes)


def font_embedding(layout_set: LayoutSet) -> list[Diagnostic]:
    """A face the PPTX cannot carry is named in its theme but not embedded: a warning, at the
    face's line in tokens.yaml (a machine without the font substitutes another)."""
    out = []
    for key in ("regular", "bold"):
        face = layout_set.fonts.face(key == "bold")
        why = embedding_refusal(face)
        if why:
            msg = f"the {key} face {face.family} is not embedded in the PPTX: {why}"
            out.append(
                Diagnostic(layout_set.fonts_at.get(key, Where("")), msg, "warning", None, "font")
            )
    return out


def _unique(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The same problem once, however many steps of the layout met it."""
    seen: set[str] = set()
    out = []
    for d in diags:
        if str(d) not in seen:
            seen.add(str(d))
            out.append(d)
    return out


# --- content the layout does not show ----------------------------------------------------------

# Per layout kind: slide key -> the slot that shows it. A key whose slot the layout lacks is not
# printed (or, for some, stops the layout stage), so both are errors.
SHOWN_BY_KIND: dict[str, dict[str, str]] = {
    "cover": {"title": "title"},
    "section": {"number": "number", "title": "title"},
    "statement": {
        "breadcrumb": "breadcrumb",
        "title": "title",
        "label": "label",
        "statement": "statement",
    },
    "closing": {"title": "title", "statement": "statement"},
    "back-cover": {"title": "title"},
    "contents": {"title": "title", "sections": "body"},
    "content": {
        "breadcrumb": "breadcrumb",
        "kicker": "kicker",
        "title": "title",
        "lead": "lead",
        "tags": "tags",
        "columns": "body",
        "panels": "body",
        "footnotes": "footer",
        "source": "footer",
    },
}
ALWAYS = {"layout", "notes"}  # every slide may carry these


def unshown_content(deck: m.Deck, layout_set: LayoutSet) -> list[Diagnostic]:
    """Keys of a slide that its layout would not print: an error, the words would be lost."""
    out = []
    for s in deck.slides:
        lay = layout_set.layouts.get(s.layout)
        if lay is None:
            continue  # reported by the layout stage, with "did you mean"
        shows = SHOWN_BY_KIND.get(lay.kind)
        if shows is None:
            continue
        for key in s.key_where:
            if key in ALWAYS:
                continue
            slot = shows.get(key)
            if slot is None:
                keys = ", ".join(sorted(shows))
                msg = (
                    f"{key!r} is not shown by layout {s.layout!r} (a {lay.kind} layout shows "
                    f"{keys}); move it to a layout that shows it, or into the notes"
                )
            elif slot not in lay.slots:
                missing = f"layout {s.layout!r} of the set {layout_set.name!r} has no {slot!r} slot"
                msg = f"{key!r} would not be shown: {missing}"
            else:
                continue
            out.append(Diagnostic(s.at(key), msg, "error", s.number, "slot"))
    return out


def check_ranges(deck: m.Deck) -> list[Diagnostic]:
    from deckbuilder.check.ranges import chart_ranges

    return chart_ranges(deck)


def check_deck(deck: m.Deck) -> list[Diagnostic]:
    return (
        stale_figures(deck)
        + future_figures(deck)
        + unused_figures(deck)
        + duplicate_titles(deck)
        + missing_alt_text(deck)
    )


def unused_figures(deck: m.Deck) -> list[Diagnostic]:
    """Figures no slide shows (notes included): left behind when a slide was cut."""
    from deckbuilder.source.figrefs import figure_slides

    shown = figure_slides(deck, notes=True)
    return [
        Diagnostic(
            f.where,
            f"figure {fid!r} is shown on no slide: remove it from figures.yaml, or show it",
            "warning",
            code="unused-figure",
        )
        for fid, f in deck.figures.items()
        if not shown.get(fid)
    ]


# --- stale figures -----------------------------------------------------------------------------

_ERAS = {"令和": 2018, "平成": 1988}


def as_of_month(text: str) -> tuple[int, int] | None:
    """The latest (year, month) an as-of text names: 「2025年7月」, 「2025年5月～7月」,
    「2024年度」 (the fiscal year ends in March), 「令和6年3月末」; None if it names no year."""
    t = unicodedata.normalize("NFKC", text)
    for era, base in _ERAS.items():
        for mt in list(re.finditer(era + r"(\d{1,2}|元)年", t)):
            t = t.replace(mt.group(0), f"{base + _era_year(mt.group(1))}年", 1)
    ym = re.search(r"(\d{4})\s*年\s*(度)?", t)
    if not ym:
        ym2 = re.search(r"(\d{4})[./-](\d{1,2})", t)
        return (int(ym2.group(1)), int(ym2.group(2))) if ym2 else None
    year = int(ym.group(1))
    months = [int(x) for x in re.findall(r"(\d{1,2})\s*月", t[ym.end() :])]
    months = [mo for mo in months if 1 <= mo <= 12]
    if ym.group(2):  # 年度: April to March of the next year
        return (year + 1, 3) if not months else (year + (1 if max(months) <= 3 else 0), max(months))
    return (year, max(months)) if months else (year, 12)


def _era_year(s: str) -> int:
    return 1 if s == "元" else int(s)


def months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] * 12 + b[1]) - (a[0] * 12 + a[1])


def stale_figures(deck: m.Deck) -> list[Diagnostic]:
    from deckbuilder.source.figrefs import figure_slides

    date = dt.date.fromisoformat(deck.date)
    now = (date.year, date.month)
    limit = deck.stale_after_months
    history = _history_points(deck)
    shown = figure_slides(deck)
    out = []
    for fid, f in deck.figures.items():
        if not f.as_of or fid in history or not shown.get(fid):
            continue
        when = as_of_month(f.as_of)
        slides = ", ".join(str(n) for n in shown[fid])
        if when is None:
            out.append(
                Diagnostic(
                    f.where,
                    f"figure {fid!r}: cannot read a date in as_of {f.as_of!r}; "
                    "staleness not checked",
                    "warning",
                    code="stale",
                )
            )
            continue
        age = months_between(when, now)
        if age > limit:
            out.append(
                Diagnostic(
                    f.where,
                    f"figure {fid!r} is stale: as of {f.as_of} is {age} months before the deck's "
                    f"date {deck.date} (limit {limit}, stale_after_months in deck.yaml); "
                    f"shown on slide{'s' if ',' in slides else ''} {slides}",
                    "warning",
                    code="stale",
                )
            )
    return out


def as_of_start(text: str) -> tuple[int, int] | None:
    """The earliest (year, month) an as-of text can mean: 「2025年」 from January, 「2025年度」 from
    April, 「2025年5月～7月」 from May; None if it names no year."""
    t = unicodedata.normalize("NFKC", text)
    for era, base in _ERAS.items():
        for mt in list(re.finditer(era + r"(\d{1,2}|元)年", t)):
            t = t.replace(mt.group(0), f"{base + _era_year(mt.group(1))}年", 1)
    ym = re.search(r"(\d{4})\s*年\s*(度)?", t)
    if not ym:
        return as_of_month(text)
    months = [int(x) for x in re.findall(r"(\d{1,2})\s*月", t[ym.end() :])]
    months = [mo for mo in months if 1 <= mo <= 12]
    year = int(ym.group(1))
    if ym.group(2):  # 年度: April to March of the next year
        return (
            (year + (1 if months and min(months) <= 3 else 0), min(months)) if months else (year, 4)
        )
    return (year, min(months)) if months else (year, 1)


def future_figures(deck: m.Deck) -> list[Diagnostic]:
    """An as-of date after the deck's own date: a typo in the year, or a figure from a later
    edition pasted into this one."""
    date = dt.date.fromisoformat(deck.date)
    out = []
    for fid, f in deck.figures.items():
        start = as_of_start(f.as_of) if f.as_of else None
        if start is not None and start > (date.year, date.month):
            out.append(
                Diagnostic(
                    f.where,
                    f"figure {fid!r}: as of {f.as_of} is after the deck's date {deck.date}: "
                    "check the year (or the deck's date in deck.yaml)",
                    "warning",
                    code="future",
                )
            )
    return out


def _history_points(deck: m.Deck) -> set[str]:
    """Figures that are only the earlier points of a before/after chart: history on purpose."""
    earlier: set[str] = set()
    latest: set[str] = set()
    for s in deck.slides:
        for b in _blocks(s):
            if isinstance(b, m.Chart) and b.kind == "before_after" and b.figures:
                earlier.update(b.figures[:-1])
                latest.add(b.figures[-1])
    from deckbuilder.source.figrefs import slide_figures

    other: set[str] = set()
    for s in deck.slides:
        charted = {
            fid
            for b in _blocks(s)
            if isinstance(b, m.Chart) and b.kind == "before_after"
            for fid in b.figures
        }
        other.update(fid for fid in slide_figures(s) if fid not in charted)
    return earlier - latest - other


def _blocks(s: m.Slide) -> Iterable[m.Block]:
    for p in s.panels:
        yield from p.blocks


def svg_text_glyphs(deck: m.Deck, faces: list[FontFace], family: str) -> list[Diagnostic]:
    """Text inside an SVG picture is set in the deck's font too (in the PDF and the PPTX's PNG
    fallback): a character the font lacks would print as an empty box."""
    pictures: list[tuple[int | None, m.Image]] = [(None, deck.logo)] if deck.logo else []
    pictures += [(s.number, b) for s in deck.slides for b in _blocks(s) if isinstance(b, m.Image)]
    out = []
    for slide, pic in pictures:
        if pic.source is None or pic.source.fmt != "svg":
            continue
        from deckbuilder.source import svg_files

        name = Path(pic.source.path).name
        texts = svg_files.texts(Path(pic.source.path).read_bytes())
        if texts and any(
            f.cff for f in faces
        ):  # reportlab, which sets SVG text in the PDF, reads TrueType only
            msg = (
                f"the text of {name} cannot be set in {family}: it has CFF outlines, and SVG "
                "text is embedded as TrueType; convert the text to outlines or use a TrueType face"
            )
            out.append(Diagnostic(pic.where, msg, "error", slide, "glyph"))
            continue
        for text in texts:
            bad = problems(text, faces)
            if bad:
                msg = f"the font {family} has no glyph for {', '.join(bad)} in the text of {name}"
                out.append(Diagnostic(pic.where, msg, "error", slide, "glyph"))
    return out


# --- titles and alt text -----------------------------------------------------------------------


def duplicate_titles(deck: m.Deck) -> list[Diagnostic]:
    first: dict[str, m.Slide] = {}
    out = []
    for s in deck.slides:
        if s.layout in ("cover", "back-cover") or not s.title:
            continue
        key = "".join(unicodedata.normalize("NFKC", s.title).split())
        if key in first:
            o = first[key]
            out.append(
                Diagnostic(
                    s.at("title"),
                    f"the title {' '.join(s.title.split())!r} is also the title of slide "
                    f"{o.number} ({o.file}); "
                    "slide titles name slides for screen readers and the outline, make them "
                    "distinct",
                    "warning",
                    s.number,
                    "duplicate-title",
                )
            )
        else:
            first[key] = s
    return out


def missing_alt_text(deck: m.Deck) -> list[Diagnostic]:
    out = []
    for s in deck.slides:
        for b in _blocks(s):
            if isinstance(b, m.Image) and b.source and not (b.alt or b.decorative or b.dummy):
                out.append(
                    Diagnostic(
                        b.where,
                        "the picture has no 'alt': say what it shows, or mark it "
                        "'decorative: true' if it adds nothing a reader needs",
                        "error",
                        s.number,
                        "alt-text",
                    )
                )
            elif isinstance(b, m.Image) and not b.source and not b.caption.strip():
                out.append(
                    Diagnostic(
                        b.where,
                        "the image has no caption: the caption is its alt text",
                        "error",
                        s.number,
                        "alt-text",
                    )
                )
            if isinstance(b, m.Chart):
                figs = [deck.figures[f] for f in b.figures if f in deck.figures]
                name = b.title or (figs[0].label if figs else "")
                if not name.strip():
                    out.append(
                        Diagnostic(
                            b.where,
                            "the chart has no title and its figure no label: its alt text would "
                            "say nothing; give it a 'title'",
                            "error",
                            s.number,
                            "alt-text",
                        )
                    )
    return out


def check_scenes(deck: m.Deck, scenes: list[SlideScene]) -> list[Diagnostic]:
    """Alt text as the renderers will write it (a backstop for what the model check misses)."""
    slides = {s.number: s for s in deck.slides}
    out = []
    for sc in scenes:
        s = slides.get(sc.number)
        where = s.where if s else Where(sc.source_file)
        for el in sc.elements:
            empty = (
                (isinstance(el, ChartBox) and not el.alt.strip(" ：:"))
                or (isinstance(el, Placeholder) and not el.caption.strip())
                or (isinstance(el, Picture) and not el.decorative and not el.alt.strip())
            )
            if empty:
                out.append(
                    Diagnostic(
                        where,
                        f"a {'chart' if isinstance(el, ChartBox) else 'picture'} has empty alt "
                        "text",
                        "error",
                        sc.number,
                        "alt-text",
                    )
                )
    # One report per slide is enough when the model check already named the block.
    seen: set[tuple[int | None, str]] = set()
    unique = []
    for d in out:
        if (d.slide, d.message) not in seen:
            seen.add((d.slide, d.message))
            unique.append(d)
    return unique


# --- contrast ----------------------------------------------------------------------------------


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

# Where the body (blocks.py) draws each text style: (component, key, default) fills, or a colour
# token. "panel" means every panel surface: a box panel's fill, a tint panel's fill, and the
# slide's background (plain panels).
PANEL = "panel"
BODY_BACKGROUNDS: dict[str, list[Any]] = {
    "panel-heading": [PANEL],
    "body": [PANEL],
    "note": [PANEL],
    "date": [PANEL],
    "item-text": [PANEL, ("item", "fill", "white")],
    "item-title": [("item", "fill", "white")],
    "kpi-label": [PANEL, ("kpi", "fill", "tint")],  # also the title of a chart
    "kpi-value": [("kpi", "fill", "tint")],
    "kpi-unit": [("kpi", "fill", "tint")],
    "kpi-date": [("kpi", "fill", "tint")],
    "kpi-note": [("kpi", "fill", "tint")],
    "placeholder": [("placeholder", "fill", "surface")],
    "step": [("step", "fill", "key")],
    "layer-label": [("layer", "fill", "key")],
    "layer-text": [("layer", "text_fill", "tint")],
    "tag": ["white"],
    "tag-label": [("tag", "label_fill", "key")],
    "compare-label": [("compare", "label_fill", "sub"), ("compare", "after_label_fill", "key")],
    "compare-title": [("compare", "fill", "surface"), ("compare", "after_fill", "tint")],
    "compare-text": [("compare", "fill", "surface"), ("compare", "after_fill", "tint")],
    "contents-number": ["tint"],
    "contents-title": ["tint"],
    "contents-item": ["tint"],
}


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
    layout_yaml = _read(lay_file)
    shown_tok = Where(rel(tok_file), 1, 1)
    pairs: list[tuple[str, Pair, Where]] = []

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
            surfaces = [
                layout_set.comp("panel").get("fill", "white"),
                layout_set.comp("panel").get("tint_fill", "tint"),
                *content_bgs,
            ]
            return [c for c in (colour(s) for s in surfaces) if c]
        if isinstance(spec, tuple):
            comp, key, default = spec
            c = colour(layout_set.comp(comp).get(key, default))
            return [c] if c else []
        c = colour(spec)
        return [c] if c else []

    # A layout may swap body styles (`styles: {body: body-large}`): check what it swaps in too.
    swaps = [dict(getattr(lay, "restyle", {}) or {}) for lay in layout_set.layouts.values()]
    for base_style, specs in BODY_BACKGROUNDS.items():
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
    white, num = colour("white"), colour(layout_set.comp("item").get("number_fill", "key"))
    if it and white and num:
        large = is_large(_floor(it.size, it.min_size), it.bold)
        where = style_at.get("item-title", shown_tok)
        pairs.append(("an item's number", Pair(white, num, large), where))
    # Chart text: labels (regular) and values (bold) on the panel surfaces.
    chart = layout_set.chart
    label_pt = layout_set.px(float(chart.get("label_size", 14)))
    value_pt = layout_set.px(float(chart.get("value_size", 20)))
    palette = [c for c in chart.get("palette", []) if _HEX.match(str(c))]
    for bg in fills(PANEL):
        text = colour(chart.get("text", "text"))
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


def _read(path: Path) -> Any:
    try:
        data = read_yaml(path, rel(path))
    except SourceError:
        return {}
    return data if isinstance(data, dict) else {}


def _positions(path: Path, keys: tuple[str, ...]) -> dict[str, Where]:
    data = _read(path)
    for k in keys:
        data = data.get(k) if isinstance(data, dict) else None
    return dict(getattr(data, "key_where", {}))


def scene_pairs(scene: SlideScene) -> list[tuple[str, Pair]]:
    """Each text run of a laid-out slide on the fill drawn beneath it."""
    out = []
    els = list(scene.elements)
    for i, el in enumerate(els):
        if not isinstance(el, TextBox) or not el.lines or _on_chart(els[:i], el):
            continue
        for n, line in enumerate(el.lines):
            if not line.text.strip():
                continue
            px = el.line_left(n) + line.width / 2
            py = el.line_top(n) + el.line_height / 2
            bg = _fill_at(els[:i], px, py) or scene.background
            for run in line.runs:
                if run.text.strip() and _HEX.match(run.color) and _HEX.match(bg):
                    snippet = run.text.strip()
                    snippet = snippet if len(snippet) <= 16 else snippet[:15] + "…"
                    out.append((f"{snippet!r}", Pair(run.color, bg, is_large(run.size, run.bold))))
    return out


def _on_chart(below: list[Element], box: TextBox) -> bool:
    """A chart's label or value: drawn on the chart's marks, which the scene does not hold
    (static_pairs checks chart text on every surface and bar the layout set can give it)."""
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    return any(
        isinstance(el, ChartBox) and el.x <= cx <= el.x + el.w and el.y <= cy <= el.y + el.h
        for el in below
    )


def _fill_at(below: list[Element], x: float, y: float) -> str | None:
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
        elif isinstance(el, Polygon) and _inside(el.points, x, y):
            return el.fill
    return None


def _inside(points: tuple[tuple[float, float], ...], x: float, y: float) -> bool:
    inside = False
    n = len(points)
    for i in range(n):
        x1, y1 = points[i]
        x2, y2 = points[(i + 1) % n]
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
