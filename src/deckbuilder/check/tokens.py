"""A layout set's ``components:`` checked against their schema (layout/tokens.py): an unknown
component or key is a warning with a did-you-mean (a typo would silently keep the default), a
value of the wrong type an error, each at its line of tokens.yaml."""

from __future__ import annotations

from typing import Any

from deckbuilder.check.contrast import read_mapping
from deckbuilder.errors import Diagnostic, Where, rel, suggest
from deckbuilder.layout import tokens
from deckbuilder.source.layoutset import LayoutSet


def component_problems(layout_set: LayoutSet) -> list[Diagnostic]:
    """tokens.yaml's ``components:``, and each layout's own in layouts.yaml."""
    path = layout_set.root / "tokens.yaml"
    data = read_mapping(path)
    top = Where(rel(path), 1, 1)
    out = _components(data, top, "tokens.yaml") + _chart(data, top)
    lay_path = layout_set.root / "layouts.yaml"
    layouts = read_mapping(lay_path)
    at = _wheres(layouts, Where(rel(lay_path), 1, 1))
    for name, spec in layouts.items():
        if isinstance(spec, dict):
            out += _components(spec, at[str(name)], f"layout {name!r}")
    return out


def _components(holder: Any, top: Where, place: str) -> list[Diagnostic]:
    comps = holder.get("components")
    if not isinstance(comps, dict):
        return []
    at = _wheres(comps, _wheres(holder, top).get("components", top))
    out: list[Diagnostic] = []
    for name, spec in comps.items():
        where = at.get(str(name), top)
        if name == "gap":
            out.extend(_typed("component gap", tokens.GAP, spec, where))
        elif name not in tokens.COMPONENTS:
            known = ["gap", *tokens.COMPONENTS]
            msg = f"unknown component {name!r} in {place}{suggest(str(name), known)}"
            out.append(Diagnostic(where, msg, "warning", None, "token"))
        elif not isinstance(spec, dict):
            msg = f"component {name!r} must be a mapping of keys to values"
            out.append(Diagnostic(where, msg, "error", None, "token"))
        else:
            schema = tokens.COMPONENTS[name]
            at_keys = _wheres(spec, where)
            out.extend(_keys(f"component {name}", f"component {name!r}", schema, spec, at_keys))
    return out


def _chart(data: Any, top: Where) -> list[Diagnostic]:
    spec = data.get("chart")
    if not isinstance(spec, dict):
        return []
    at = _wheres(spec, _wheres(data, top).get("chart", top))
    return _keys("chart", "chart", tokens.CHART, spec, at)


def _keys(
    name: str, place: str, schema: dict[str, tokens.Token], spec: dict[str, Any], at: dict
) -> list[Diagnostic]:
    """Each key of ``spec`` (``place``: how a message names it) against ``schema``."""
    out: list[Diagnostic] = []
    for key, value in spec.items():
        where = at.get(str(key), Where(""))
        if key not in schema:
            msg = f"unknown key {key!r} in {place}{suggest(str(key), schema)}"
            out.append(Diagnostic(where, msg, "warning", None, "token"))
        else:
            out.extend(_typed(f"{name}.{key}", schema[key], value, where))
    return out


def _typed(name: str, token: tokens.Token, value: Any, where: Where) -> list[Diagnostic]:
    if token.accepts(value):
        return []
    msg = f"{name} must be {tokens.KINDS[token.kind]}, not {value!r}"
    return [Diagnostic(where, msg, "error", None, "token")]


def _wheres(mapping: Any, fallback: Any) -> dict[str, Where]:
    found = dict(getattr(mapping, "key_where", {}))
    if isinstance(fallback, Where):
        return {str(k): found.get(str(k), fallback) for k in mapping}
    return found
