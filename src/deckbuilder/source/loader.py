"""Load a deck folder (YAML) into the typed model. Knows nothing of layout or file formats."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

from deckbuilder.errors import Collector, Diagnostic, SourceError, Where, error, rel, suggest
from deckbuilder.source import deckpaths, figvalue, picture_files
from deckbuilder.source import model as m
from deckbuilder.source.formatting import as_of_text, display
from deckbuilder.source.yamlsrc import YMap, read_yaml, where_of

T = TypeVar("T")
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
# The keys of each nested mapping (the schema generator reads these too; a block kind's own
# keys are declared in its module, layout/blocks/<kind>.py).
SIZE_KEYS = {"width_in", "height_in"}
LOGO_KEYS = {"src", "alt"}
SECTION_KEYS = {"number", "title", "items"}


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


def load_deck(deck_dir: Path, readers: BlockReaders) -> m.Deck:
    """Read deck.yaml, figures.yaml and every slide; raise SourceError listing all problems.
    ``readers``: the block kinds (``layout.blocks.registry.readers()``)."""
    out = Collector()
    root = deck_dir
    shown = lambda p: rel(p)  # noqa: E731
    folders = _folders(deck_dir)  # where pictures may come from
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
            slides.append(load_slide(path, n, shown(path), figures, out, readers, folders))
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
        logo=_logo(r, folders),
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
    readers: BlockReaders,
    folders: tuple[Path, Path] | None = None,
) -> m.Slide:
    data = read_yaml(path, shown)
    r = Reader(data, Where(shown, 1, 1), "a slide", n, out)
    r.check_keys(SLIDE_KEYS)
    refs = Refs(figures, r, folders or _folders(path.parent.parent), readers)
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


class Refs:
    """Checks a slide's figure references; carries what its blocks are read with."""

    def __init__(
        self,
        figures: dict[str, m.Figure],
        r: Reader,
        folders: tuple[Path, Path],
        readers: BlockReaders,
    ):
        self.figures, self.r = figures, r
        self.folders = folders  # (project, deck folder): where image files may come from
        self.readers = readers

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


def _panel(data: Any, where: Where, r: Reader, refs: Refs) -> m.Panel:
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


@dataclass
class BlockInput:
    """What a block kind's reader is given: the kind's YAML key (``bullets`` or ``numbered``),
    its value, where the key is, the block as a Reader, and the figure references to check."""

    kind: str
    value: Any
    at: Where
    holder: Reader  # the one-key mapping: read its value with strings() or seq()
    refs: Refs

    def reader(self, value: Any, where: Where, what: str) -> Reader:
        """A Reader of a mapping inside the block, reporting on the same slide."""
        return Reader(value, where, what, self.holder.slide, self.holder.out)

    def fail(self, where: Where, msg: str) -> None:
        self.holder.fail(where, msg)

    def texts(self) -> tuple[str, ...]:
        """The value as a text or a list of texts, each checked for {figure} references."""
        texts = self.holder.strings(self.kind)
        for t in texts:
            self.refs.text(t, self.at)
        if not texts:
            self.fail(self.at, f"the {self.kind} block is empty")
        return texts

    def each(
        self, what: str, keys: set[str], make: Callable[[Reader, Where], T]
    ) -> tuple[T, ...] | None:
        """The value as a list of mappings (``what``, with ``keys``), each read by ``make`` in
        turn; None, reported, where the list is empty."""
        entries = self.entries()
        if entries is None:
            return None
        out = []
        for value, where in entries:
            r = self.reader(value, where, what)
            r.check_keys(keys)
            out.append(make(r, where))
        return tuple(out)

    def entries(self) -> list[tuple[Any, Where]] | None:
        """The value as a list (with each entry's place); None, reported, where it is empty."""
        entries = self.holder.seq(self.kind)
        if not entries:
            self.fail(self.at, f"the {self.kind} block is empty")
            return None
        return entries


class BlockReader(Protocol):
    """How a block kind is read from YAML: declared in the kind's own module (layout/blocks/),
    handed to the loader by the block registry, so the loader knows no kind by name."""

    def __call__(self, b: BlockInput, /) -> m.Block | None: ...


BlockReaders = Mapping[str, BlockReader]  # YAML key -> reader, in the order the docs list them


def _block(data: Any, where: Where, p: Reader, refs: Refs) -> m.Block | None:
    kinds = tuple(refs.readers)
    if not isinstance(data, dict) or len(data) != 1:
        p.fail(where, f"a block is a mapping with one key, one of: {', '.join(kinds)}")
        return None
    kind, value = next(iter(data.items()))
    at = getattr(data, "key_where", {}).get(kind, where)
    if kind not in kinds:
        p.fail(at, f"unknown block {kind!r}{suggest(kind, kinds)}")
        return None
    holder = Reader(YMap({kind: value}), at, f"a {kind} block", p.slide, p.out)
    holder.data = data
    return refs.readers[kind](BlockInput(kind, value, at, holder, refs))


# --- pictures ------------------------------------------------------------------------------------


def _folders(deck_dir: Path) -> tuple[Path, Path]:
    deck = deck_dir.resolve()
    return deck.parent, deck


def picture_source(c: Reader, src: str, folders: tuple[Path, Path]) -> picture_files.Source | None:
    """The checked file, or None with the problem reported on the ``src`` line."""
    try:
        path = picture_files.resolve(src, *folders)
        return picture_files.inspect(path, src)
    except picture_files.ImageProblem as exc:
        c.fail(c.at("src"), str(exc), "image")
    except OSError as exc:
        c.fail(c.at("src"), f"image file {src!r} cannot be read ({exc.strerror})", "image")
    return None


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
    source = picture_source(c, src, folders) if src else None
    if source is None:
        return None
    alt = c.string("alt") or r.string("organisation")
    return m.Image("", where=c.at("src"), source=source, alt=alt)


def figure_refs(text: str) -> list[str]:
    return _REF.findall(text)
