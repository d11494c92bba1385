"""The block kinds: every module of layout/blocks/ that declares ``KINDS`` is registered, so a
new kind is one new module. The loader, the body's layout, the layout set's required styles,
the contrast check and ``deckbuilder schema`` all read the kinds from here."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from deckbuilder.layout.blocks.kind import Background, BlockKind
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockReader

_KINDS: dict[str, BlockKind] = {}  # by first YAML key; filled from the modules on first use
_BY_MODEL: dict[type, BlockKind] = {}  # the same, by model class (the layout asks per block)


@cache  # the folder is searched once per process
def _discover() -> None:
    # The modules beside this one, found by their folder (importing the package would import
    # panels, which imports this module).
    package = __name__.rpartition(".")[0]
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        module = importlib.import_module(f"{package}.{info.name}")
        for kind in getattr(module, "KINDS", ()):
            _add(kind)


def register(kind: BlockKind) -> None:
    """Add a kind (a module of layout/blocks/ needs no call: its ``KINDS`` are found)."""
    _discover()
    _add(kind)


def _add(kind: BlockKind) -> None:
    taken = [n for n in kind.names if n in names()]
    if taken:
        raise ValueError(f"block kind {', '.join(taken)} is already registered")
    _KINDS[kind.names[0]] = kind
    _BY_MODEL[kind.model] = kind


@contextmanager
def registered(kind: BlockKind) -> Iterator[BlockKind]:
    """A kind registered for the length of a ``with`` (tests, plug-ins tried out)."""
    register(kind)
    try:
        yield kind
    finally:
        del _KINDS[kind.names[0]]
        del _BY_MODEL[kind.model]


def kinds() -> tuple[BlockKind, ...]:
    _discover()
    return tuple(sorted(_KINDS.values(), key=lambda k: (k.order, k.names)))


def names() -> tuple[str, ...]:
    """Every YAML key of a block, in the order the docs and the errors list them."""
    pairs = sorted((k.order + i / 100, n) for k in _KINDS.values() for i, n in enumerate(k.names))
    return tuple(n for _, n in pairs)


def readers() -> dict[str, BlockReader]:
    """YAML key -> reader, in the listed order: what the loader reads blocks with."""
    _discover()
    by_name = {n: k.read for k in _KINDS.values() for n in k.names}
    return {n: by_name[n] for n in names()}


def kind_of(block: m.Block) -> BlockKind:
    _discover()
    kind = _BY_MODEL.get(type(block))
    if kind is None:
        raise KeyError(f"no block kind for {type(block).__name__}")
    return kind


def block_styles() -> tuple[str, ...]:
    """The text styles the kinds draw with, each once: a layout set must define them all."""
    return tuple(dict.fromkeys(s for k in kinds() for s in k.styles))


def backgrounds() -> dict[str, list[Background]]:
    """Text style -> every surface a kind draws it on (for the contrast check)."""
    out: dict[str, list[Background]] = {}
    for kind in kinds():
        for style, surfaces in kind.backgrounds.items():
            have = out.setdefault(style, [])
            have.extend(s for s in surfaces if s not in have)
    return out
