"""JSON Schema shapes of values as the loader's Reader reads them: the pieces ``deckbuilder
schema`` builds the deck's schemas from, and each block kind its own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Schema = dict[str, Any]

TEXT: Schema = {"type": ["string", "number"]}  # Reader.string takes a number as its text
TEXTS: Schema = {
    "anyOf": [
        {"type": ["string", "number"]},
        {"type": "array", "items": {"type": ["string", "integer"]}},
    ]
}
FLAG: Schema = {"type": "boolean"}


def whole(lo: int, hi: int) -> Schema:
    return {"type": "integer", "minimum": lo, "maximum": hi}


def listed(item: Schema) -> Schema:
    return {"type": "array", "minItems": 1, "items": item}


def obj(
    what: str,
    keys: set[str],
    shapes: dict[str, Schema],
    required: tuple[str, ...] = (),
    docs: Mapping[str, str] | None = None,
) -> Schema:
    """A closed mapping of the loader's ``keys``: each with its shape and its documentation
    (``docs``: "what.key" -> words). A key with no shape here still appears (any value), so a
    key the loader gains is allowed."""
    words = docs or {}
    props = {
        key: {**shapes.get(key, {}), **described(words.get(f"{what}.{key}"))}
        for key in sorted(keys)
    }
    out: Schema = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    return out


def described(text: str | None) -> dict[str, str]:
    return {"description": text} if text else {}


def id_or(fid: Schema, other: Schema) -> Schema:
    """A figure id, or ``other``: by the value's type, so an editor names the one problem."""
    return {"if": {"type": "string"}, "then": fid, "else": other}


def nonempty(shape: Schema) -> Schema:
    """A text block: a text, or a list of at least one text."""
    return {"anyOf": [shape["anyOf"][0], {**shape["anyOf"][1], "minItems": 1}]}
