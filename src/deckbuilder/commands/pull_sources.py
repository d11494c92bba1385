"""Where a slide's printed text comes from: the pieces of the YAML sources it is made of.

A paragraph on a slide is made of *atoms*: a slide file's string scalar (its ``{figure}``
references printed as the figure is), a deck.yaml value (the covers print the title and date),
or a figure printed as a card, a chart label or running text prints it (「7,959万件」,
「（2025年7月）」, its label). Each atom is a row of *pieces*, and a piece says which YAML scalar
its characters are, at which offset, or that they are the layout's own (the parentheses
around a date). ``tile`` explains a paragraph as atoms; an edit inside a piece then becomes an
edit of that scalar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from deckbuilder.source import figvalue
from deckbuilder.source.formatting import number
from deckbuilder.source.yamledit import Scalar, YamlFile

_REF = re.compile(r"\{([a-z0-9][a-z0-9_.\-]*)\}")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
BULLETS = "・•"
# Scalars that are settings, not printed text.
NOT_PRINTED = frozenset(
    {"layout", "style", "kind", "span", "columns", "src", "fit", "focus", "dummy", "decorative"}
)


@dataclass(frozen=True)
class Target:
    """One YAML scalar: the file and the path of keys and indexes to it."""

    file: Path
    path: tuple[str | int, ...]
    kind: str = "text"  # "text", or "number" for a figure's value (printed with separators)
    line: int = 0

    @property
    def figure(self) -> str:
        """The figure id, for a target in figures.yaml."""
        return str(self.path[0]) if self.path else ""


@dataclass(frozen=True)
class Piece:
    text: str  # as printed
    target: Target | None  # None: the layout's own characters
    offset: int = 0  # where ``text`` stands in the target's value (text targets)


@dataclass(frozen=True)
class Atom:
    text: str
    pieces: tuple[Piece, ...]
    cost: float  # a tiling prefers the cheapest: big atoms, slide files before figures


@dataclass
class FigureSource:
    id: str
    fields: dict[str, Scalar]  # value, unit, as_of, label, prefix, note, digits, separator

    def get(self, key: str) -> str:
        s = self.fields.get(key)
        return s.value if s is not None else ""


@dataclass
class Sources:
    """Every atom a slide may print, from its file, deck.yaml and the figures it refers to."""

    figures_file: Path
    figures: dict[str, FigureSource]

    def atoms_for(
        self, slide: list[Scalar], slide_file: Path, deck: list[Scalar], deck_file: Path
    ) -> list[Atom]:
        atoms: list[Atom] = []
        used: list[str] = []
        for s in slide:
            if s.path and s.path[-1] in NOT_PRINTED:
                continue
            if s.value in self.figures:
                used.append(s.value)
                continue
            used += [m.group(1) for m in _REF.finditer(s.value) if m.group(1) in self.figures]
            atoms += self._scalar_atoms(s, slide_file, 0.0)
        for s in deck:
            if s.path and s.path[0] in (
                "title",
                "subtitle",
                "date_text",
                "organisation",
                "organisation_en",
            ):
                atoms += self._scalar_atoms(s, deck_file, 0.05)
        for fid in dict.fromkeys(used):
            atoms += self._figure_atoms(self.figures[fid])
        return atoms

    def _scalar_atoms(self, s: Scalar, file: Path, extra: float) -> list[Atom]:
        target = Target(file, s.path, "text", s.line)
        pieces = self._rendered(s.value, target)
        whole = Atom("".join(p.text for p in pieces), tuple(pieces), 1.0 + extra)
        atoms = [whole] if whole.text else []
        if "\n" in s.value.strip("\n"):  # a heading set on two lines: each line alone too
            start = 0
            for line in s.value.split("\n"):
                # A line that starts with a bullet is printed as a bullet paragraph: the
                # bullet is the paragraph's marker, not its text.
                skip = 1 if line[:1] in BULLETS else 0
                part = self._rendered(line[skip:], target, start + skip)
                text = "".join(p.text for p in part)
                if text:
                    atoms.append(Atom(text, tuple(part), 1.0 + extra))
                start += len(line) + 1
        return atoms

    def _rendered(self, value: str, target: Target, base: int = 0) -> list[Piece]:
        """The scalar as printed: ``{figure}`` references replaced, line breaks dropped."""
        pieces: list[Piece] = []
        at = 0
        for m in _REF.finditer(value):
            pieces += _literal(value[at : m.start()], target, base + at)
            fig = self.figures.get(m.group(1))
            if fig is None:
                pieces.append(Piece(m.group(0), target, base + m.start()))
            else:
                pieces += self._display(fig)
            at = m.end()
        pieces += _literal(value[at:], target, base + at)
        return [p for p in pieces if p.text]

    def _field(self, fig: FigureSource, key: str, kind: str = "text") -> Target:
        s = fig.fields.get(key)
        return Target(self.figures_file, (fig.id, key), kind, s.line if s else 0)

    def _number(self, fig: FigureSource) -> Piece:
        return Piece(printed_number(fig), self._field(fig, "value", "number"))

    def _display(self, fig: FigureSource) -> list[Piece]:
        """「約145万人」: prefix, number, unit."""
        out = [self._number(fig)]
        if fig.get("prefix"):
            out.insert(0, Piece(fig.get("prefix"), self._field(fig, "prefix")))
        if fig.get("unit"):
            out.append(Piece(fig.get("unit"), self._field(fig, "unit")))
        return out

    def _figure_atoms(self, fig: FigureSource) -> list[Atom]:
        cost = 1.1
        rows: list[list[Piece]] = [self._display(fig), [self._number(fig)]]
        if fig.get("prefix"):
            rows.append([Piece(fig.get("prefix"), self._field(fig, "prefix")), self._number(fig)])
        as_of = fig.get("as_of")
        if as_of and as_of != "null":
            date = Piece(as_of, self._field(fig, "as_of"))
            rows += [[Piece("（", None), date, Piece("）", None)], [date]]
        for key in ("label", "note", "unit"):
            if fig.get(key):
                rows.append([Piece(fig.get(key), self._field(fig, key))])
        return [Atom("".join(p.text for p in r), tuple(r), cost) for r in rows]


def _literal(text: str, target: Target, offset: int) -> list[Piece]:
    """Literal characters of a scalar, its line breaks dropped (the slide sets its own)."""
    out = []
    at = 0
    for line in text.split("\n"):
        if line:
            out.append(Piece(line, target, offset + at))
        at += len(line) + 1
    return out


def printed_number(fig: FigureSource) -> str:
    try:
        value = figvalue.parse(fig.get("value"))
    except ValueError:
        return fig.get("value")
    separator = fig.get("separator").lower() not in ("false", "no", "off")
    return number(value, separator, fig.get("digits") == "fullwidth")


def parse_number(printed: str, written: str) -> str | None:
    """A figure's value typed on a slide (「8,500」, 「８，５００」) as figures.yaml writes it
    now (``written``: 「8500」, or 「8,500」 where it writes commas; decimals as typed), or
    None where it is not a number."""
    text = printed.strip().translate(_FULLWIDTH_DIGITS)
    try:
        value = figvalue.parse(text)
    except ValueError:
        return None
    plain = format(value, "f")
    return number(value) if "," in written else plain


def figure_sources(file: YamlFile) -> dict[str, FigureSource]:
    figures: dict[str, FigureSource] = {}
    for s in file.scalars():
        if len(s.path) == 2:
            fid, key = str(s.path[0]), str(s.path[1])
            figures.setdefault(fid, FigureSource(fid, {})).fields[key] = s
    return figures


def _occurrences(text: str, atom: str) -> list[tuple[int, int]]:
    """Where ``atom`` stands in ``text`` (start, end), its spaces optional: the line breaker
    drops a space where it breaks a line, and a PPTX line break is no character."""
    if " " not in atom:
        found = []
        at = text.find(atom)
        while at != -1:
            found.append((at, at + len(atom)))
            at = text.find(atom, at + 1)
        return found
    pattern = "".join(" ?" if ch == " " else re.escape(ch) for ch in atom)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


@dataclass(frozen=True)
class Tile:
    start: int
    end: int
    atom: Atom | None  # None: characters no source explains (the layout's own)


def tile(text: str, atoms: list[Atom]) -> list[Tile]:
    """The cheapest way to read ``text`` as atoms side by side, with as few unexplained
    characters as can be (each costs more than an atom)."""
    starts: dict[int, list[tuple[int, Atom]]] = {}
    for candidate in atoms:
        for at, end in _occurrences(text, candidate.text):
            starts.setdefault(at, []).append((end, candidate))
    n = len(text)
    none: Atom | None = None
    best = [(0.0, -1, none)] + [(float("inf"), -1, none)] * n
    for i in range(n):
        cost = best[i][0]
        if cost == float("inf"):
            continue
        if cost + 3.0 < best[i + 1][0]:
            best[i + 1] = (cost + 3.0, i, None)
        for j, found in starts.get(i, []):
            if cost + found.cost < best[j][0]:
                best[j] = (cost + found.cost, i, found)
    tiles: list[Tile] = []
    j = n
    while j > 0:
        _cost, i, atom = best[j]
        if atom is None and tiles and tiles[-1].atom is None and tiles[-1].start == j:
            tiles[-1] = Tile(i, tiles[-1].end, None)
        else:
            tiles.append(Tile(i, j, atom))
        j = i
    return list(reversed(tiles))
