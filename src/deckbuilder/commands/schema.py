"""``deckbuilder schema``: JSON Schemas (2020-12) of the deck's files, for editors and CI.

The keys and panel styles come from the loader's own sets, each block kind's value and keys from
its module (``layout.blocks.registry``), and which slide keys a layout shows from
``check.content.SHOWN_BY_KIND``, so the schemas follow the loader: a key the loader or a kind
gains appears here (and the committed schemas go stale until regenerated). The
deck's own values become enums: figure ids from figures.yaml, the layout sets, the layout names of
the deck's set and, per layout, the slide keys its slots show.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deckbuilder.check.content import ALWAYS, SHOWN_BY_KIND
from deckbuilder.commands.outputs import check_names, preflight
from deckbuilder.errors import Where, error, rel
from deckbuilder.layout.blocks import registry
from deckbuilder.source import loader as ld
from deckbuilder.source.layoutset import find_layout_set, load_layout_set
from deckbuilder.source.shapes import FLAG, TEXT, TEXTS, Schema, described, listed, whole
from deckbuilder.source.shapes import obj as shapes_obj
from deckbuilder.source.yamlsrc import read_yaml

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILES = ("deck.schema.json", "figures.schema.json", "slide.schema.json")

# --- descriptions: the words of docs/source-format.md ---------------------------------------------

DOCS: dict[str, str] = {
    "deck.title": "The report's title, as printed on the cover.",
    "deck.subtitle": "Optional subtitle.",
    "deck.date": "ISO date (2025-09-05); fixes the files' timestamps (reproducible output).",
    "deck.date_text": "The date as printed on the cover: 2025年9月5日.",
    "deck.organisation": "The organisation, as printed on the cover: デジタル庁.",
    "deck.organisation_en": "The organisation in English: Digital Agency.",
    "deck.language": "The deck's language, a BCP 47 tag: ja-JP.",
    "deck.size": "Slide size in inches: {width_in: 13.333, height_in: 7.5}.",
    "deck.layouts": "The layout set: a name under layouts/, or a path to a set's folder.",
    "deck.output": "Output name: OUT_DIR/<output>.pptx and OUT_DIR/<output>.pdf.",
    "deck.stale_after_months": "`deckbuilder check`: figures older than this (from `date`) "
    "are stale.",
    "deck.slides": "The slide files in order, as paths relative to deck/slides/.",
    "deck.logo": "The agency's mark on the covers: a file under assets/ or the deck folder, "
    "or {src, alt} (alt defaults to `organisation`).",
    "size.width_in": "Slide width in inches.",
    "size.height_in": "Slide height in inches.",
    "logo.src": "The logo file (SVG, PNG or JPEG), under assets/ or the deck folder.",
    "logo.alt": "What the logo shows, for screen readers (default: the organisation).",
    "figure.value": "The number as the report prints it, without separators (int or decimal).",
    "figure.unit": "Printed after the value, smaller: 万件, %, 件.",
    "figure.as_of": "The date as printed, shown as 「（2025年7月）」; null where the report "
    "prints none.",
    "figure.label": "The KPI card's label.",
    "figure.source": "Where the number comes from: デジタル庁 活動報告（2025）p.9.",
    "figure.prefix": "Printed before the value: 約.",
    "figure.note": "Printed under the card: ※２. e-Tax…",
    "figure.digits": "fullwidth prints the value's digits full-width (３ ヶ月).",
    "figure.separator": "false: no thousands separator (years, codes).",
    "slide.layout": "A layout name of the layout set.",
    "slide.breadcrumb": "「２. 行政のデジタル変革と取組成果｜生活の変化１」, exactly as printed.",
    "slide.title": "The slide's heading; every slide has one (its accessible name).",
    "slide.kicker": "A short line above the title.",
    "slide.lead": "A paragraph (or list of paragraphs) under the title.",
    "slide.tags": "The 対応する課題 list: [人口減少と労働力不足, デジタル化の不安].",
    "slide.columns": "Number of grid columns for `panels` (default 1).",
    "slide.panels": "The body: panels filled into the grid left to right, top to bottom.",
    "slide.footnotes": "List of footnotes: 「※１. …」.",
    "slide.source": "One line: 「※「…」を元に作成」.",
    "slide.notes": "Speaker notes (Japanese, one or two sentences).",
    "slide.label": "statement layouts: the label above the statement (今後の取組).",
    "slide.statement": "statement and closing layouts: the statement, a list of lines.",
    "slide.number": 'section layouts: the section\'s number, "2.".',
    "slide.sections": 'contents layouts: [{number: "1", title: はじめに, items: [...]}].',
    "section.number": "The section's number as printed.",
    "section.title": "The section's title.",
    "section.items": "The section's entries.",
    "panel.heading": "Optional panel heading.",
    "panel.span": "Grid columns this panel takes (default 1).",
    "panel.style": "box (framed, default), tint (blue-50 fill), plain (no frame).",
    "panel.blocks": "The panel's blocks, stacked top to bottom; each a one-key mapping.",
}


def words() -> dict[str, str]:
    """Every description: the deck's files' keys here, each block kind's in its module."""
    out = dict(DOCS)
    for kind in registry.kinds():
        out.update(kind.docs)
    return out


def obj(what: str, keys: set[str], shapes: dict[str, Schema], required: tuple[str, ...] = ()):
    return shapes_obj(what, keys, shapes, required, DOCS)


def undocumented() -> list[str]:
    """Keys of the loader's sets without a description here (the tests keep this empty)."""
    sets = {
        "deck": ld.DECK_KEYS,
        "size": ld.SIZE_KEYS,
        "logo": ld.LOGO_KEYS,
        "figure": ld.FIGURE_KEYS,
        "slide": ld.SLIDE_KEYS,
        "section": ld.SECTION_KEYS,
        "panel": ld.PANEL_KEYS,
        "block": set(registry.names()),
    }
    for kind in registry.kinds():
        for what, keys in kind.keys.items():
            sets[what] = sets.get(what, set()) | keys
    known = words()
    return sorted(f"{w}.{k}" for w, keys in sets.items() for k in keys if f"{w}.{k}" not in known)


# --- what the deck knows -------------------------------------------------------------------------


@dataclass(frozen=True)
class DeckFacts:
    figure_ids: tuple[str, ...]
    layout_sets: tuple[str, ...]
    layout_set: str
    shows: dict[str, tuple[str, ...]]  # layout name -> the slide keys its slots show
    about: dict[str, str]  # layout name -> its kind and slots, for an editor's completion


def deck_facts(deck_dir: Path) -> DeckFacts:
    """Figure ids, layout sets and layouts, read from the deck and its layout set."""
    project = deck_dir.resolve().parent
    figures = read_yaml(deck_dir / "figures.yaml", rel(deck_dir / "figures.yaml"))
    ids = sorted(k for k in (figures or {}) if isinstance(k, str) and ld._ID.match(k))
    deck = read_yaml(deck_dir / "deck.yaml", rel(deck_dir / "deck.yaml"))
    name = deck.get("layouts") if isinstance(deck, dict) else None
    set_name = name if isinstance(name, str) else "ministry"
    layout_set = load_layout_set(
        find_layout_set(set_name, project), project, block_styles=registry.block_styles()
    )
    shows, about = {}, {}
    for lname, lay in sorted(layout_set.layouts.items()):
        by_key = SHOWN_BY_KIND.get(lay.kind, {})
        keys = ALWAYS | {key for key, slot in by_key.items() if slot in lay.slots}
        shows[lname] = tuple(sorted(keys))
        about[lname] = f"a {lay.kind} layout; slots: {', '.join(lay.slots)}"
    sets = sorted(p.name for p in (project / "layouts").glob("*") if (p / "tokens.yaml").is_file())
    return DeckFacts(tuple(ids), tuple(sets), set_name, shows, about)


# --- the three schemas ---------------------------------------------------------------------------


def deck_schema(facts: DeckFacts) -> Schema:
    size = obj("size", ld.SIZE_KEYS, {k: {"type": "number", "minimum": 1} for k in ld.SIZE_KEYS})
    logo = obj("logo", ld.LOGO_KEYS, {"src": {"type": "string"}, "alt": TEXT}, ("src",))
    shapes: dict[str, Schema] = {
        **{k: TEXT for k in ("title", "subtitle", "date_text", "organisation", "organisation_en")},
        "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "language": {"type": "string", "pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$"},
        "size": size,
        "layouts": {
            "anyOf": [{"enum": list(facts.layout_sets)}, {"type": "string", "pattern": "[/\\\\]"}]
        },
        "output": {"type": "string", "pattern": r"^[A-Za-z0-9_\-]+$"},
        "stale_after_months": whole(1, 240),
        "slides": {**listed({"type": "string", "pattern": r"\.ya?ml$"}), "uniqueItems": True},
        "logo": {"anyOf": [{"type": "string"}, logo]},
    }
    body = obj("deck", ld.DECK_KEYS, shapes, ("title", "date", "slides"))
    return _top("deck.yaml", "The deck: title, date, layout set and the ordered slide files.", body)


def figures_schema(facts: DeckFacts) -> Schema:
    number = r"^-?(0|[1-9][0-9]{0,2}(,[0-9]{3})*|[1-9][0-9]*)(\.[0-9]+)?$"  # figvalue's rule
    shapes: dict[str, Schema] = {
        **{k: TEXT for k in ("unit", "label", "source", "prefix", "note")},
        "value": {"anyOf": [{"type": "number"}, {"type": "string", "pattern": number}]},
        "as_of": {"type": ["string", "number", "null"]},
        "digits": {"enum": ["ascii", "fullwidth"]},
        "separator": FLAG,
    }
    figure = obj("figure", ld.FIGURE_KEYS, shapes, ("value", "unit", "as_of", "label", "source"))
    body: Schema = {
        "type": "object",
        "propertyNames": {"pattern": ld._ID.pattern},
        "additionalProperties": {"$ref": "#/$defs/figure"},
        "$defs": {"figure": figure},
    }
    return _top("figures.yaml", "Every number the deck shows, once, by id.", body)


def slide_schema(facts: DeckFacts) -> Schema:
    fid: Schema = {"type": "string"}
    fid |= {"enum": list(facts.figure_ids)} if facts.figure_ids else {"pattern": ld._ID.pattern}
    ref = {"$ref": "#/$defs/figure-id"}
    section = obj("section", ld.SECTION_KEYS, {"number": TEXT, "title": TEXT, "items": TEXTS})
    panel = obj(
        "panel",
        ld.PANEL_KEYS,
        {
            "heading": TEXT,
            "span": whole(1, 6),
            "style": {"enum": list(ld.PANEL_STYLES)},
            "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}},
        },
    )
    shapes: dict[str, Schema] = {
        **{k: TEXT for k in ("title", "breadcrumb", "kicker", "source", "notes", "label")},
        **{k: TEXTS for k in ("lead", "tags", "footnotes", "statement")},
        "number": TEXT,
        # enumDescriptions: VS Code's and the YAML language server's words for each choice
        "layout": {"enum": list(facts.shows), "enumDescriptions": list(facts.about.values())},
        "columns": whole(1, 6),
        "panels": {"type": "array", "items": {"$ref": "#/$defs/panel"}},
        "sections": {"type": "array", "items": section},
    }
    body = obj("slide", ld.SLIDE_KEYS, shapes, ("layout", "title"))
    body["allOf"] = [_shown_by(name, keys, facts.layout_set) for name, keys in facts.shows.items()]
    body["$defs"] = {"figure-id": fid, "panel": panel, "block": _block(ref)}
    if facts.figure_ids:  # every text names only known figures: {mynaportal.accounts}
        body = _with_refs(body)
        body["$defs"] |= _text_defs(facts.figure_ids)
    return _top("a slide (deck/slides/NN-slug.yaml)", "One slide: its layout and slots.", body)


def _text_defs(ids: tuple[str, ...]) -> dict[str, Schema]:
    """Texts whose ``{id}`` references (the loader's pattern) name figures of figures.yaml."""
    ref = ld._REF.pattern.strip("\\{}()")  # the loader's id pattern, without braces and group
    known = "|".join(i.replace(".", "\\.") for i in ids)  # ids hold [a-z0-9_.-]: only . escaped
    pattern = f"^(?:[^{{]|\\{{(?!{ref}\\}})|\\{{(?:{known})\\}})*$"
    words = "a {figure.id} in this text is not a figure of figures.yaml"
    text = {"pattern": pattern, "patternErrorMessage": words}  # the message: editors' keyword
    return {
        "text": {"type": ["string", "number"], **text},
        "text-item": {"type": ["string", "integer"], **text},
    }


def _with_refs(node: Any) -> Any:
    """The tree with every text shape replaced by a reference to the checked one."""
    if isinstance(node, dict) and node.get("type") in (TEXT["type"], ["string", "integer"]):
        to = "text" if node["type"] == TEXT["type"] else "text-item"
        return {"$ref": f"#/$defs/{to}", **{k: v for k, v in node.items() if k != "type"}}
    if isinstance(node, dict):
        return {k: _with_refs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_with_refs(v) for v in node]
    return node


def _shown_by(layout: str, keys: tuple[str, ...], set_name: str) -> Schema:
    """A slide on ``layout`` may only hold the keys its slots show (else the words are lost)."""
    return {
        "if": {"properties": {"layout": {"const": layout}}, "required": ["layout"]},
        "then": {
            "propertyNames": {
                "enum": list(keys),
                "description": f"the keys layout {layout!r} of the set {set_name!r} shows",
            }
        },
    }


def _block(fid: Schema) -> Schema:
    """A block: one key, the kind's name; its value as the kind's module declares it."""
    shapes: dict[str, Schema] = {}
    for kind in registry.kinds():
        shapes |= kind.schema(fid)
    known, names = words(), registry.names()
    props = {k: {**shapes.get(k, {}), **described(known.get(f"block.{k}"))} for k in names}
    return {
        "description": "A block: a mapping with one key, the block's kind.",
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"enum": list(names)},
        "properties": props,
    }


def _top(file: str, what: str, body: Schema) -> Schema:
    head = {
        "$schema": DRAFT,
        "title": f"deckbuilder {file}",
        "description": f"{what} Generated by `deckbuilder schema`; see docs/source-format.md.",
    }
    return {**head, **body}


# --- the command ---------------------------------------------------------------------------------


def schemas(deck_dir: Path) -> dict[str, Schema]:
    facts = deck_facts(deck_dir)
    return dict(
        zip(FILES, (deck_schema(facts), figures_schema(facts), slide_schema(facts)), strict=True)
    )


def as_text(schema: Schema) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(deck_dir: Path, out_dir: Path) -> list[Path]:
    """Write the three schemas; raise SourceError where the deck cannot be read."""
    if not (deck_dir / "deck.yaml").is_file():
        raise error(Where(rel(deck_dir)), "no deck.yaml here (is this the deck folder?)")
    found = schemas(deck_dir)  # the deck's problems first; then the folder's
    preflight(out_dir)
    check_names(out_dir, list(FILES))
    paths = []
    for name, schema in found.items():
        path = out_dir / name
        path.write_text(as_text(schema), encoding="utf-8", newline="\n")
        paths.append(path)
    return paths
