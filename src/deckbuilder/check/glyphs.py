"""Text the font cannot set: one error per string, at the line and column where it starts.

A character the font has no glyph for is an error; so is a variation sequence (葛 followed by
U+E0100) that the font's cmap format 14 does not map. Sequences it maps are accepted: the PPTX
keeps the characters and the font picks the variant. The deck model is scanned first (cheap);
only a file with a problem is read again, to say where.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from deckbuilder.check.content import blocks_of
from deckbuilder.errors import Diagnostic, SourceError, Where, rel
from deckbuilder.memo import Memo
from deckbuilder.source import model as m
from deckbuilder.source.yamlsrc import read_yaml
from deckbuilder.text.fonts import FontFace


def is_selector(ch: str) -> bool:
    o = ord(ch)
    return 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF


def problems(text: str, faces: list[FontFace]) -> list[str]:
    """What the faces cannot set in ``text``, described ("'🙂' (U+1F642)")."""
    found: list[str] = []
    prev = ""
    for ch in text:
        if ch in "\n\t":
            prev = ""
            continue
        if is_selector(ch):
            if not prev or not all(f.maps_sequence(prev, ch) for f in faces):
                what = f"{prev}+U+{ord(ch):04X}" if prev else f"U+{ord(ch):04X}"
                found.append(f"the variation sequence {what} (not in the font's cmap format 14)")
        elif not all(f.has(ch) for f in faces):
            found.append(f"{ch!r} (U+{ord(ch):04X})")
        prev = ch
    return list(dict.fromkeys(found))


def glyph_problems(deck: m.Deck, faces: list[FontFace], family: str) -> list[Diagnostic]:
    files: dict[str, int | None] = {}
    for s in deck.slides:
        if _has_problems(s, faces):
            files[s.file] = s.number
    for f in deck.figures.values():
        if _has_problems(f, faces):
            files[f.where.file] = None
    out = []
    for shown, slide in files.items():
        for where, text in located(shown):
            bad = problems(text, faces)
            if bad:
                msg = f"the font {family} has no glyph for " + ", ".join(bad)
                out.append(Diagnostic(where, msg, "error", slide, "glyph"))
    return out


_SCANNED: Memo[bool] = Memo(4096, disk="glyphscan")  # on disk: 0.03 s of a rebuild


def _has_problems(obj: Any, faces: list[FontFace]) -> bool:
    """Whether any string of a model object has a problem (kept: a watch rescans only what
    changed)."""
    key = (obj, tuple((f.path, f.digest) for f in faces))
    return _SCANNED.get(key, lambda: _scan(obj, faces))


def _scan(obj: Any, faces: list[FontFace]) -> bool:
    texts = strings(obj)
    chars = set("".join(texts))
    if chars - _covered(faces) - set("\n\t"):
        return True  # a character no face has
    if not any(is_selector(ch) for ch in chars):
        return False
    return any(problems(t, faces) for t in texts)  # variation sequences: check each pair


_COVERED: dict[tuple[object, ...], frozenset[str]] = {}


def _covered(faces: list[FontFace]) -> frozenset[str]:
    """The characters every face has a glyph for."""
    key = tuple((f.path, f.digest) for f in faces)
    if key not in _COVERED:
        sets = [frozenset(map(chr, f.advances)) for f in faces]
        _COVERED[key] = frozenset.intersection(*sets) if sets else frozenset()
    return _COVERED[key]


def strings(obj: Any) -> list[str]:
    """Every string held by a model object (dataclasses, tuples, dicts), in order."""
    out: list[str] = []
    _collect(obj, out)
    return out


def _collect(obj: Any, out: list[str]) -> None:
    if isinstance(obj, str):
        out.append(obj)
    elif isinstance(obj, tuple | list):
        for item in obj:
            _collect(item, out)
    elif isinstance(obj, dict):
        for item in obj.values():
            _collect(item, out)
    elif isinstance(obj, Where):
        return
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            _collect(getattr(obj, f.name), out)


def located(shown: str) -> Iterator[tuple[Where, str]]:
    """Each string of a YAML file with where it starts."""
    try:
        data = read_yaml(Path(shown), shown)
    except SourceError:
        return
    yield from _walk(data, Where(rel(Path(shown)), 1, 1))


def _walk(data: Any, where: Where) -> Iterator[tuple[Where, str]]:
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        at = getattr(data, "value_where", {})
        for k, v in data.items():
            yield from _walk(v, at.get(k, where))
    elif isinstance(data, list):
        items = getattr(data, "item_where", [])
        for i, v in enumerate(data):
            yield from _walk(v, items[i] if i < len(items) else where)


def svg_text_glyphs(deck: m.Deck, faces: list[FontFace], family: str) -> list[Diagnostic]:
    """Text inside an SVG picture is set in the deck's font too (in the PDF and the PPTX's PNG
    fallback): a character the font lacks would print as an empty box."""
    pictures: list[tuple[int | None, m.Image]] = [(None, deck.logo)] if deck.logo else []
    pictures += [(s.number, b) for s in deck.slides for b in blocks_of(s) if isinstance(b, m.Image)]
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
