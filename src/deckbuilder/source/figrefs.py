"""Which figures a slide shows: the loaded model walked (KPI cards, charts and ``{id}`` in any
text), so a new block kind is covered as soon as the model has it. Used by the checks, the
figures table and diff.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from deckbuilder.memo import Memo
from deckbuilder.source import model as m

_REF = re.compile(r"\{([a-z0-9][a-z0-9_.\-]*)\}")
# Fields that say where something came from or how it is placed, not what the slide says.
_SKIP = {"where", "key_where", "number", "file"}
# Fields that hold figure ids rather than text.
ID_FIELDS = {"figure", "figures"}
_ITEM_NAMES = {
    "panels": "panel",
    "cards": "card",
    "items": "item",
    "events": "event",
    "layers": "layer",
    "sections": "section",
    "paragraphs": "paragraph",
    "steps": "step",
    "lead": "lead",
    "footnotes": "footnote",
    "statement": "statement",
    "labels": "label",
}


def block_kind(b: object) -> str:
    """The YAML key a block was written with (``numbered``, ``cycle``, …)."""
    if isinstance(b, m.Bullets):
        return "numbered" if b.numbered else "bullets"
    if isinstance(b, m.Flow):
        return "cycle" if b.cycle else "flow"
    return type(b).__name__.lower()


@dataclass(frozen=True)
class Field:
    """One leaf of a slide: a readable path, its value as text, and the field's name."""

    path: str
    value: str
    name: str


def walk_slide(slide: m.Slide) -> list[Field]:
    """Every piece of content of a slide, in source order, with a path a reviewer can read."""
    return list(_walk(slide, ""))


# Model fields whose YAML key has another name: a reviewer reads the key they wrote.
YAML_KEYS = {"show_date": "date"}


def _walk(obj: Any, path: str) -> Iterator[Field]:
    for f in dataclasses.fields(obj):
        if f.name in _SKIP or f.name in ("numbered", "cycle"):
            continue
        value = getattr(obj, f.name)
        key = YAML_KEYS.get(f.name, f.name)
        here = f"{path} › {key}" if path else key
        if isinstance(value, bool):  # a switch is content only where it is not the default
            if value != f.default:
                yield Field(here, "yes" if value else "no", f.name)
            continue
        yield from _value(value, here, f.name)


def _value(value: Any, here: str, name: str) -> Iterator[Field]:
    if value is None or value == "" or value == ():
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield from _walk(value, here)
    elif isinstance(value, tuple):
        single = _ITEM_NAMES.get(name, name)
        parent = here.rsplit(" › ", 1)[0] if " › " in here else ""
        for i, item in enumerate(value, start=1):
            if name == "blocks":
                label = f"{parent} › {block_kind(item)}" if parent else block_kind(item)
                label += f" {i}" if len(value) > 1 else ""
            else:
                label = f"{parent} › {single} {i}" if parent else f"{single} {i}"
                if len(value) == 1 and not dataclasses.is_dataclass(item):
                    label = f"{parent} › {single}" if parent else single
                    if name == "paragraphs" and parent:
                        label = parent
            yield from _value(item, label, name)
    elif isinstance(value, bool):
        if value:
            yield Field(here, "yes", name)
    else:
        yield Field(here, str(value), name)


# Cache: a slide's figure ids by (the slide, frozen and compared whole; notes or not).
_SHOWN: Memo[list[str]] = Memo(4096, disk="shown")


def slide_figures(slide: m.Slide, notes: bool = False) -> list[str]:
    """Figure ids a slide shows, in order, each once (speaker notes only if ``notes``)."""
    return list(_SHOWN.get((slide, notes), lambda: _slide_figures(slide, notes)))


def _slide_figures(slide: m.Slide, notes: bool) -> list[str]:
    seen: dict[str, None] = {}
    for f in walk_slide(slide):
        if f.name == "notes" and not notes:
            continue
        if f.name in ID_FIELDS:
            seen.setdefault(f.value, None)
        else:
            for ref in _REF.findall(f.value):
                seen.setdefault(ref, None)
    return list(seen)


def figure_slides(deck: m.Deck, notes: bool = False) -> dict[str, list[int]]:
    """For each figure id, the numbers of the slides that show it."""
    out: dict[str, list[int]] = {fid: [] for fid in deck.figures}
    for s in deck.slides:
        for fid in slide_figures(s, notes):
            out.setdefault(fid, [])
            if s.number not in out[fid]:
                out[fid].append(s.number)
    return out
