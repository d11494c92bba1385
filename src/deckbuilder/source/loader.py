"""Load a deck folder (YAML) into the typed model. Knows nothing of layout or file formats."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from deckbuilder.errors import Collector, Diagnostic, SourceError, Where, error, rel, suggest
from deckbuilder.source import deckpaths, figvalue, picture_files
from deckbuilder.source import model as m
from deckbuilder.source.formatting import as_of_text, display
from deckbuilder.source.yamlsrc import YMap, read_yaml, where_of

_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_REF = re.compile(r"\{([a-z0-9][a-z0-9_.\-]*)\}")
_RADICALS = {"\u2f08": "人", "\u2f9c": "足"}

DECK_KEYS = {
    "title",
    "subtitle",
    "date",
    "date_text",
    "organisation",
    "organisation_en",
    "language",
    "size",
    "layouts",
    "output",
    "stale_after_months",
    "slides",
    "logo",
}
FIGURE_KEYS = {
    "value",
    "unit",
    "as_of",
    "label",
    "source",
    "prefix",
    "note",
    "digits",
    "separator",
}
SLIDE_KEYS = {
    "layout",
    "title",
    "breadcrumb",
    "kicker",
    "lead",
    "tags",
    "columns",
    "panels",
    "footnotes",
    "source",
    "notes",
    "label",
    "statement",
    "number",
    "sections",
}
PANEL_KEYS = {"heading", "span", "style", "blocks"}
PANEL_STYLES = ("box", "tint", "plain")
BLOCK_KINDS = (
    "text",
    "bullets",
    "numbered",
    "kpis",
    "chart",
    "image",
    "timeline",
    "items",
    "flow",
    "cycle",
    "stack",
    "compare",
    "tags",
    "note",
)
CHART_KINDS = ("ring", "before_after", "hbar", "parts", "reduction")
# Blocks whose value is a text or a list of texts.
TEXT_BLOCKS = ("text", "bullets", "numbered", "tags", "note", "flow", "cycle")
# The keys of each nested mapping (the schema generator reads these too).
SIZE_KEYS = {"width_in", "height_in"}
LOGO_KEYS = {"src", "alt"}
SECTION_KEYS = {"number", "title", "items"}
CHART_KEYS = {"kind", "figures", "title", "labels", "parentheses"}
EVENT_KEYS = {"date", "text"}
ITEM_KEYS = {"title", "text", "number"}
LAYER_KEYS = {"label", "text"}
COMPARE_KEYS = {"before", "after"}
SIDE_KEYS = {"label", "title", "text"}
KPI_KEYS = {"figure", "label", "note", "date"}


def suggest_figure(fid: str, figures: dict[str, m.Figure]) -> str:
    """A did-you-mean that shows the other figure's label and value: a close id may be a
    different quantity (保有率 and 保有数), and accepting it would publish the wrong number."""
    close = difflib.get_close_matches(fid, sorted(figures), n=1, cutoff=0.6)
    if not close:
        return ""
    f = figures[close[0]]
    label = " ".join(f.label.split())
    return f" (did you mean {close[0]!r}: {label}, {display(f)}{as_of_text(f)}?)"


class Reader:
    """Typed access to one YAML mapping, with errors that point at the right line."""

    def __init__(self, data: Any, where: Where, what: str, slide: int | None, out: Collector):
        self.where, self.what, self.slide, self.out = where, what, slide, out
        if not isinstance(data, dict):
            self.fail(where, f"{what} must be a mapping of keys to values")
            data = YMap()
        self.data: dict[str, Any] = data

    def fail(self, where: Where, msg: str, code: str = "schema") -> None:
        self.out.add(Diagnostic(where, msg, "error", self.slide, code))

    def at(self, key: str) -> Where:
        kw = getattr(self.data, "key_where", {})
        return kw.get(key, self.where)

    def check_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                self.fail(
                    self.at(key), f"unknown key {key!r} in {self.what}{suggest(key, allowed)}"
                )

    def string(self, key: str, required: bool = False, default: str = "") -> str:
        if key not in self.data or self.data[key] is None:
            if required:
                self.fail(self.where, f"{self.what} needs {key!r}")
            return default
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(where_of(value, self.at(key)), f"{key!r} must be text")
            return default
        return clean(str(value), self.at(key), self)

    def whole(self, key: str, default: int, lo: int = 1, hi: int = 12) -> int:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            self.fail(self.at(key), f"{key!r} must be a whole number from {lo} to {hi}")
            return default
        return value

    def number(self, key: str, default: float, lo: float, hi: float) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
            self.fail(self.at(key), f"{key!r} must be a number from {lo:g} to {hi:g}")
            return default
        return float(value)

    def strings(self, key: str) -> tuple[str, ...]:
        """A string or a list of strings."""
        if key not in self.data or self.data[key] is None:
            return ()
        value = self.data[key]
        if isinstance(value, str):
            return (clean(value, self.at(key), self),)
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.fail(where_of(value, self.at(key)), f"{key!r} must be text or a list of texts")
            return ()
        return tuple(clean(str(v), self.at(key), self) for v in value)

    def seq(self, key: str) -> list[tuple[Any, Where]]:
        if key not in self.data or self.data[key] is None:
            return []
        value = self.data[key]
        if not isinstance(value, list):
            self.fail(where_of(value, self.at(key)), f"{key!r} must be a list")
            return []
        wheres = getattr(value, "item_where", [self.at(key)] * len(value))
        return list(zip(value, wheres, strict=False))


def clean(text: str, where: Where, reader: Reader) -> str:
    """Text as printed: the extraction's Kangxi radicals are refused, with the fix named."""
    for bad, good in _RADICALS.items():
        if bad in text:
            reader.fail(where, f"text holds the radical U+{ord(bad):04X}; write {good!r} instead")
            text = text.replace(bad, good)
    return text.strip()


# --- deck.yaml ---------------------------------------------------------------------------------


def load_deck(deck_dir: Path) -> m.Deck:
    """Read deck.yaml, figures.yaml and every slide; raise SourceError listing all problems."""
    out = Collector()
    root = deck_dir
    shown = lambda p: rel(p)  # noqa: E731
    if not deck_dir.is_dir():
        raise error(Where(shown(deck_dir)), "deck folder not found")
    deck_file = deck_dir / "deck.yaml"
    r = Reader(
        read_yaml(deck_file, shown(deck_file)),
        Where(shown(deck_file), 1, 1),
        "deck.yaml",
        None,
        out,
    )
    r.check_keys(DECK_KEYS)
    date = r.string("date", required=True)
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        r.fail(r.at("date"), f"date {date!r} must be an ISO date such as 2025-09-05")
        date = "2000-01-01"
    size = Reader(r.data.get("size") or YMap(), r.at("size"), "size", None, out)
    size.check_keys(SIZE_KEYS)
    width_in = size.number("width_in", 13.333, 1.0, 100.0)
    height_in = size.number("height_in", 7.5, 1.0, 100.0)
    layouts = r.string("layouts", default="ministry")
    output = _output(r)
    figures = _figures(deck_dir / "figures.yaml", out)
    slides: list[m.Slide] = []
    slide_dir = (deck_dir / "slides").resolve()
    listed: dict[Path, int] = {}
    for n, (item, where) in enumerate(r.seq("slides"), start=1):
        if not isinstance(item, str):
            r.fail(where, "each entry of 'slides' must be a file name")
            continue
        if not (slide_dir / item.replace("\\", "/")).resolve().is_relative_to(slide_dir):
            r.fail(where, f"slide path {item!r} leads outside {shown(slide_dir)}/")
            continue
        try:
            path = deckpaths.find(slide_dir, item, shown(slide_dir)).resolve()
        except deckpaths.PathProblem as exc:
            out.add(Diagnostic(where, f"slide file {exc}", "error", n, "path"))
            continue
        if path in listed:
            msg = f"{item!r} is listed twice in 'slides' (also as slide {listed[path]})"
            out.add(Diagnostic(where, msg, "error", n, "duplicate-slide"))
            continue
        listed[path] = n
        if not path.is_file():
            msg = (
                f"slide file {shown(path)} not found"
                if not path.exists()
                else f"{item!r} is not a file"
            )
            out.add(Diagnostic(where, msg, "error", n, "path"))
            continue
        try:
            slides.append(load_slide(path, n, shown(path), figures, out, _folders(deck_dir)))
        except SourceError as exc:
            for d in exc.diagnostics:
                d.slide = d.slide or n
            out.extend(exc.diagnostics)
    if not slides and not out.errors:
        r.fail(r.at("slides"), "the deck lists no slides")
    deck = m.Deck(
        root=str(root),
        title=r.string("title", required=True),
        date=date,
        date_text=r.string("date_text", default=date),
        organisation=r.string("organisation"),
        organisation_en=r.string("organisation_en"),
        language=r.string("language", default="ja-JP"),
        width_in=width_in,
        height_in=height_in,
        layouts=layouts,
        output=output,
        stale_after_months=r.whole("stale_after_months", 18, 1, 240),
        subtitle=r.string("subtitle"),
        figures=figures,
        slides=tuple(slides),
        where=r.where,
        key_where=dict(getattr(r.data, "key_where", {})),
        logo=_logo(r, _folders(deck_dir)),
    )
    if out.errors:  # the build would name a mistyped layout set only after these are fixed
        _layout_set(deck_dir, r, layouts, out)
    out.raise_if_errors()  # after every read above, so no problem goes unreported
    return deck


def _output(r: Reader) -> str:
    try:
        return deckpaths.output_name(r.string("output", default="report"))
    except deckpaths.PathProblem as exc:
        r.fail(r.at("output"), str(exc))
        return "report"


def _figures(path: Path, out: Collector) -> dict[str, m.Figure]:
    """figures.yaml, or none where it cannot be read (its problem joins the others)."""
    try:
        return load_figures(path, out)
    except SourceError as exc:
        out.extend(exc.diagnostics)
        return _Unread()


class _Unread(dict[str, m.Figure]):
    """The figures of a figures.yaml that could not be read: references to them go unchecked
    (each would be an "unknown figure" caused by the one problem already reported)."""


def _layout_set(deck_dir: Path, r: Reader, name: str, out: Collector) -> None:
    from deckbuilder.source.layoutset import find_layout_set

    try:
        find_layout_set(name, deck_dir.resolve().parent, r.at("layouts"))
    except SourceError as exc:
        out.extend(exc.diagnostics)


# --- figures.yaml ------------------------------------------------------------------------------


def load_figures(path: Path, out: Collector) -> dict[str, m.Figure]:
    shown = rel(path)
    data = read_yaml(path, shown)
    top = Reader(data, Where(shown, 1, 1), "figures.yaml", None, out)
    figures: dict[str, m.Figure] = {}
    for fid, spec in top.data.items():
        at = top.at(fid)
        if not _ID.match(fid):
            top.fail(at, f"figure id {fid!r} must be lowercase letters, digits, '.', '_' or '-'")
            continue
        f = Reader(spec, at, f"figure {fid!r}", None, out)
        f.check_keys(FIGURE_KEYS)
        value = _value(f, fid, at)
        if "as_of" not in f.data:
            f.fail(at, f"figure {fid!r} needs 'as_of' (the date as printed, or null)")
        digits = f.string("digits", default="ascii")
        if digits not in ("ascii", "fullwidth"):
            f.fail(f.at("digits"), "digits must be 'ascii' or 'fullwidth'")
        figures[fid] = m.Figure(
            id=fid,
            value=value,
            unit=f.string("unit", required=True),
            as_of=f.string("as_of") or None,
            label=f.string("label", required=True),
            source=f.string("source", required=True),
            prefix=f.string("prefix"),
            note=f.string("note"),
            fullwidth=digits == "fullwidth",
            separator=f.data.get("separator", True) is not False,
            where=at,
        )
    return figures


def _value(f: Reader, fid: str, at: Where) -> Decimal:
    """The figure's value from its text as written; a refused value reads as 0 (the error is
    reported and stops the build), so the slides that show the figure raise nothing more."""
    raw = getattr(f.data, "raw", {}).get("value")
    where = getattr(f.data, "value_where", {}).get("value", f.at("value"))
    if "value" not in f.data or f.data["value"] is None:
        f.fail(
            f.at("value") if "value" in f.data else at,
            f"figure {fid!r} needs a 'value' ({figvalue.EXAMPLE})",
        )
        return Decimal(0)
    if raw is None:  # a list or a mapping
        f.fail(where, f"figure {fid!r}: 'value' must be one number ({figvalue.EXAMPLE})")
        return Decimal(0)
    try:
        return figvalue.parse(raw)
    except figvalue.ValueProblem as exc:
        f.fail(where, f"figure {fid!r}: {exc}")
        return Decimal(0)


# --- slides ------------------------------------------------------------------------------------


def load_slide(
    path: Path,
    n: int,
    shown: str,
    figures: dict[str, m.Figure],
    out: Collector,
    folders: tuple[Path, Path] | None = None,
) -> m.Slide:
    data = read_yaml(path, shown)
    r = Reader(data, Where(shown, 1, 1), "a slide", n, out)
    r.check_keys(SLIDE_KEYS)
    refs = _RefChecker(figures, r, folders or _folders(path.parent.parent))
    panels = tuple(_panel(p, w, r, refs) for p, w in r.seq("panels"))
    columns = r.whole("columns", 1, 1, 6)
    for p in panels:
        if p.span > columns:
            r.fail(p.where, f"panel spans {p.span} columns but the slide has {columns}")
    sections = tuple(_section(s, w, r) for s, w in r.seq("sections"))
    title = r.string("title")
    if not title:
        r.fail(r.where, "every slide needs a 'title' (it is the slide's accessible name)")
    slide = m.Slide(
        number=n,
        file=shown,
        layout=r.string("layout", required=True),
        title=title,
        breadcrumb=r.string("breadcrumb"),
        kicker=r.string("kicker"),
        lead=r.strings("lead"),
        tags=r.strings("tags"),
        columns=columns,
        panels=panels,
        footnotes=r.strings("footnotes"),
        source=r.string("source"),
        notes=r.string("notes"),
        label=r.string("label"),
        statement=r.strings("statement"),
        section_number=r.string("number"),
        sections=sections,
        where=r.where,
        key_where=dict(getattr(r.data, "key_where", {})),
    )
    for key in ("title", "lead", "footnotes", "source", "statement"):
        for text in r.strings(key):
            refs.text(text, r.at(key))
    return slide


class _RefChecker:
    def __init__(self, figures: dict[str, m.Figure], r: Reader, folders: tuple[Path, Path]):
        self.figures, self.r = figures, r
        self.folders = folders  # (project, deck folder): where image files may come from

    def figure(self, fid: str, where: Where) -> None:
        if fid not in self.figures and not isinstance(self.figures, _Unread):
            self.r.fail(
                where, f"unknown figure {fid!r}{suggest_figure(fid, self.figures)}", "reference"
            )

    def text(self, text: str, where: Where) -> None:
        for ref in _REF.findall(text):
            self.figure(ref, where)


def _section(data: Any, where: Where, r: Reader) -> m.Section:
    s = Reader(data, where, "a contents section", r.slide, r.out)
    s.check_keys(SECTION_KEYS)
    return m.Section(s.string("number"), s.string("title", required=True), s.strings("items"))


def _panel(data: Any, where: Where, r: Reader, refs: _RefChecker) -> m.Panel:
    p = Reader(data, where, "a panel", r.slide, r.out)
    p.check_keys(PANEL_KEYS)
    style = p.string("style", default="box")
    if style not in PANEL_STYLES:
        p.fail(
            p.at("style"),
            f"panel style {style!r} is not one of {', '.join(PANEL_STYLES)}"
            f"{suggest(style, PANEL_STYLES)}",
        )
    blocks = []
    for b, bw in p.seq("blocks"):
        block = _block(b, bw, p, refs)
        if block is not None:
            blocks.append(block)
    heading = p.string("heading")
    refs.text(heading, p.at("heading"))
    return m.Panel(heading, p.whole("span", 1, 1, 6), style, tuple(blocks), where)


def _block(data: Any, where: Where, p: Reader, refs: _RefChecker) -> m.Block | None:
    if not isinstance(data, dict) or len(data) != 1:
        p.fail(where, f"a block is a mapping with one key, one of: {', '.join(BLOCK_KINDS)}")
        return None
    kind, value = next(iter(data.items()))
    at = getattr(data, "key_where", {}).get(kind, where)
    if kind not in BLOCK_KINDS:
        p.fail(at, f"unknown block {kind!r}{suggest(kind, BLOCK_KINDS)}")
        return None
    holder = Reader(YMap({kind: value}), at, f"a {kind} block", p.slide, p.out)
    holder.data = data
    if kind in TEXT_BLOCKS:
        texts = holder.strings(kind)
        for t in texts:
            refs.text(t, at)
        if not texts:
            p.fail(at, f"the {kind} block is empty")
        if kind == "text":
            return m.Text(texts, at)
        if kind in ("bullets", "numbered"):
            return m.Bullets(texts, kind == "numbered", at)
        if kind == "tags":
            return m.Tags(texts, at)
        if kind == "note":
            return m.Note("\n".join(texts), at)
        return m.Flow(texts, kind == "cycle", at)
    if kind in ("kpis", "timeline", "items", "stack") and not holder.seq(kind):
        p.fail(at, f"the {kind} block is empty")
        return None
    if kind == "kpis":
        return m.Kpis(tuple(_kpi(v, w, holder, refs) for v, w in holder.seq(kind)), at)
    if kind == "chart":
        c = Reader(value, at, "a chart", p.slide, p.out)
        c.check_keys(CHART_KEYS)
        ck = c.string("kind", required=True)
        if ck not in CHART_KINDS:
            c.fail(c.at("kind"), f"unknown chart kind {ck!r}{suggest(ck, CHART_KINDS)}")
        figs = c.strings("figures")
        for fid in figs:
            refs.figure(fid, c.at("figures"))
        if not figs:
            c.fail(at, "a chart needs 'figures' (figure ids)")
        paren = c.data.get("parentheses", False)
        if not isinstance(paren, bool):
            c.fail(c.at("parentheses"), "'parentheses' must be true or false")
        paren = paren is True
        return m.Chart(ck, figs, c.string("title"), c.strings("labels"), at, paren)
    if kind == "image":
        return _image(Reader(value, at, "an image", p.slide, p.out), refs.folders)
    if kind == "timeline":
        events = []
        for v, w in holder.seq(kind):
            e = Reader(v, w, "a timeline event", p.slide, p.out)
            e.check_keys(EVENT_KEYS)
            events.append(m.Event(e.string("date", required=True), e.string("text", required=True)))
        return m.Timeline(tuple(events), at)
    if kind == "items":
        items = []
        for v, w in holder.seq(kind):
            e = Reader(v, w, "an item", p.slide, p.out)
            e.check_keys(ITEM_KEYS)
            items.append(
                m.Item(e.string("title", required=True), e.string("text"), e.string("number"))
            )
            refs.text(items[-1].text, w)
        return m.Items(tuple(items), at)
    if kind == "stack":
        layers = []
        for v, w in holder.seq(kind):
            e = Reader(v, w, "a layer", p.slide, p.out)
            e.check_keys(LAYER_KEYS)
            layers.append(m.Layer(e.string("label", required=True), e.string("text")))
        return m.Stack(tuple(layers), at)
    # compare
    c = Reader(value, at, "a compare block", p.slide, p.out)
    c.check_keys(COMPARE_KEYS)
    sides = []
    for key in ("before", "after"):
        s = Reader(c.data.get(key, YMap()), c.at(key), f"the {key} side", p.slide, p.out)
        s.check_keys(SIDE_KEYS)
        sides.append(m.Side(s.string("label"), s.string("title"), s.string("text")))
        refs.text(sides[-1].text, c.at(key))
        refs.text(sides[-1].title, c.at(key))
    return m.Compare(sides[0], sides[1], at)


# --- pictures ------------------------------------------------------------------------------------

IMAGE_KEYS = {"src", "alt", "caption", "decorative", "fit", "focus", "dummy"}
FOCUS_WORDS = {"center": 0.5, "centre": 0.5, "left": 0.0, "right": 1.0, "top": 0.0, "bottom": 1.0}


def _folders(deck_dir: Path) -> tuple[Path, Path]:
    return deck_dir.resolve().parent, deck_dir.resolve()


def _image(c: Reader, folders: tuple[Path, Path]) -> m.Image:
    """An image block: a picture file (``src``) or, without one, the labelled frame."""
    c.check_keys(IMAGE_KEYS)
    src = c.string("src")
    source = _source(c, src, folders) if src else None
    fit = c.string("fit", default="contain")
    if fit not in ("contain", "cover"):
        c.fail(c.at("fit"), f"fit must be 'contain' or 'cover', not {fit!r}")
    flags = {k: c.data.get(k, False) for k in ("dummy", "decorative")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            c.fail(c.at(key), f"{key!r} must be true or false")
    return m.Image(
        c.string("caption", required=not src),
        flags["dummy"] is True,
        c.where,
        source,
        c.string("alt"),
        flags["decorative"] is True,
        fit,
        _focus(c),
    )


def _source(c: Reader, src: str, folders: tuple[Path, Path]) -> picture_files.Source | None:
    """The checked file, or None with the problem reported on the ``src`` line."""
    try:
        path = picture_files.resolve(src, *folders)
        return picture_files.inspect(path, src)
    except picture_files.ImageProblem as exc:
        c.fail(c.at("src"), str(exc), "image")
    except OSError as exc:
        c.fail(c.at("src"), f"image file {src!r} cannot be read ({exc.strerror})", "image")
    return None


def _focus(c: Reader) -> tuple[float, float]:
    """``focus``: words (``top``, ``bottom left``) or [x, y] fractions of the image."""
    value = c.data.get("focus")
    if value is None:
        return (0.5, 0.5)
    if isinstance(value, str) and set(value.split()) <= FOCUS_WORDS.keys():
        fx = fy = 0.5
        for word in value.split():
            if word in ("left", "right"):
                fx = FOCUS_WORDS[word]
            elif word in ("top", "bottom"):
                fy = FOCUS_WORDS[word]
        return (fx, fy)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and all(0 <= v <= 1 for v in value)
    ):
        return (float(value[0]), float(value[1]))
    c.fail(
        c.at("focus"),
        "focus must be words (center, top, bottom, left, right, e.g. 'top left') or [x, y] "
        "fractions from 0 to 1",
    )
    return (0.5, 0.5)


def _logo(r: Reader, folders: tuple[Path, Path]) -> m.Image | None:
    """deck.yaml's ``logo``: a file name, or {src, alt}; alt defaults to the organisation."""
    if r.data.get("logo") is None:
        return None
    value = r.data["logo"]
    if isinstance(value, str):
        value = YMap({"src": value})
        value.key_where = {"src": r.at("logo")}
    c = Reader(value, r.at("logo"), "the logo", None, r.out)
    c.check_keys(LOGO_KEYS)
    src = c.string("src", required=True)
    source = _source(c, src, folders) if src else None
    if source is None:
        return None
    alt = c.string("alt") or r.string("organisation")
    return m.Image("", where=c.at("src"), source=source, alt=alt)


def _kpi(value: Any, where: Where, holder: Reader, refs: _RefChecker) -> m.KpiRef:
    if isinstance(value, str):
        refs.figure(value, where)
        return m.KpiRef(value, where=where)
    k = Reader(value, where, "a KPI card", holder.slide, holder.out)
    k.check_keys(KPI_KEYS)
    fid = k.string("figure", required=True)
    refs.figure(fid, k.at("figure"))
    show_date = k.data.get("date", True)
    if not isinstance(show_date, bool):
        k.fail(k.at("date"), "'date' must be true or false")
        show_date = True
    return m.KpiRef(fid, k.string("label") or None, k.string("note") or None, where, show_date)


def figure_refs(text: str) -> list[str]:
    return _REF.findall(text)
