"""``deckbuilder pull FILE``: the edits a person made in the PPTX, written back into the YAML.

The edited file is compared with the PPTX the build wrote (a copy kept under
``OUT/.cache/pristine/``, or the deck built afresh in memory where none is kept): shape by
shape (by name, which PowerPoint and LibreOffice keep), paragraph by paragraph. Each changed
paragraph is read as the YAML atoms it was printed from (``pull_sources``); the edit becomes
an edit of those scalars, in the slide's file or in figures.yaml. What has no source (a shape
added, deleted, moved or resized, a new or reordered slide, formatting, the layout's own text,
a figure's number that is no longer a number) is listed like ``check`` lists problems and not
written; the rest is.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from deckbuilder.commands import guard, outputs, pristine
from deckbuilder.commands.pull_sources import (
    Atom,
    Piece,
    Sources,
    Target,
    Tile,
    figure_sources,
    parse_number,
    tile,
)
from deckbuilder.errors import Diagnostic, SourceError, Where, rel
from deckbuilder.powerpoint import read as pptx_read
from deckbuilder.source.yamledit import EditError, Scalar, YamlFile, apply

MOVE_TOLERANCE = 6350  # EMU (half a point): office suites round positions when they save
SIZE_TOLERANCE = 25  # hundredths of a point: LibreOffice writes 12.75 pt as 12.8


@dataclass(frozen=True)
class TextEdit:
    slide: int
    shape: str  # its name, for messages
    old: str
    new: str
    seen: int = 0  # how many paragraphs before it on the slide print the same text


@dataclass
class PullResult:
    edits: list[TextEdit]  # every text edit found
    taken: list[str]  # what was written back, one line each ("slide 10, title: …")
    problems: list[Diagnostic]
    diff: str  # unified diff of the YAML
    written: list[Path] = field(default_factory=list)


@dataclass
class _Deck:
    root: Path
    deck_file: YamlFile
    deck_scalars: list[Scalar]
    slide_files: list[Path]
    figures_file: YamlFile
    sources: Sources
    atoms: dict[Path, list[Atom]] = field(default_factory=dict)  # per slide file
    files: dict[Path, YamlFile] = field(default_factory=dict)  # each read once

    def file(self, path: Path) -> YamlFile:
        if path == self.figures_file.path:
            return self.figures_file
        if path == self.deck_file.path:
            return self.deck_file
        if path not in self.files:
            self.files[path] = _yaml(path)
        return self.files[path]


def pull(pptx: Path, deck_dir: Path, out_dir: Path, write: bool = True) -> PullResult:
    """Compare, map and (``write``) apply; SourceError when the file cannot be compared."""
    edited = pptx_read.read(pptx)
    deck = _read_deck(deck_dir)
    base = _base_for(edited, pptx, deck_dir, out_dir)
    problems: list[Diagnostic] = []
    edits = _text_edits(base, edited, pptx, problems)
    changes: dict[Target, str] = {}
    taken = _map_edits(edits, deck, problems, changes)
    texts = _apply(changes, deck, problems)
    diff = "".join(_unified(f, new) for f, new in texts.items())
    res = PullResult(edits, taken, problems, diff)
    if write and texts:
        for f, new in texts.items():
            outputs.atomic_write(f.path, f.encoded(new))
            res.written.append(f.path)
    if write and not problems:
        _settle(pptx, out_dir)
    return res


# --- the deck's sources ------------------------------------------------------------------


def _read_deck(deck_dir: Path) -> _Deck:
    deck_path = deck_dir / "deck.yaml"
    if not deck_path.is_file():
        raise SourceError(Diagnostic(Where(rel(deck_path)), "not found: is this a deck folder?"))
    deck_file = _yaml(deck_path)
    scalars = deck_file.scalars()
    slides = [
        deck_dir / "slides" / s.value for s in scalars if len(s.path) == 2 and s.path[0] == "slides"
    ]
    figures = _yaml(deck_dir / "figures.yaml")
    sources = Sources(figures.path, figure_sources(figures))
    return _Deck(deck_dir, deck_file, scalars, slides, figures, sources)


def _yaml(path: Path) -> YamlFile:
    """A YAML file of the deck, read and composed, or a SourceError naming where it fails
    (pull writes into these files, so it stops on any it cannot read as they are)."""
    try:
        f = YamlFile.read(path)
        f.scalars()
        return f
    except OSError as exc:
        msg = f"cannot be read ({exc.strerror}); pull writes the edits back into it"
        raise SourceError(Diagnostic(Where(rel(path)), msg, "error", None, "pull")) from None
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = Where(rel(path), mark.line + 1, mark.column + 1) if mark else Where(rel(path))
        msg = "is not valid YAML now: fix it (`deckbuilder check` says how), then pull again"
        raise SourceError(Diagnostic(where, msg, "error", None, "pull")) from None


# --- the file it was built as ------------------------------------------------------------


def _base_for(
    edited: list[pptx_read.Slide], pptx: Path, deck_dir: Path, out_dir: Path
) -> list[pptx_read.Slide]:
    """The PPTX as the build wrote it: the kept copy that matches the edited file best, or
    the deck built now (in memory) where no copy is kept."""
    best: tuple[float, list[pptx_read.Slide]] | None = None
    for copy in _candidates(pptx, out_dir):
        slides = pptx_read.read(copy)
        score = _likeness(slides, edited)
        if best is None or score > best[0]:
            best = (score, slides)
        if score >= 0.9:
            break
    if best is None or best[0] < 0.5:
        fresh = _built_now(deck_dir)
        score = _likeness(fresh, edited)
        if best is None or score > best[0]:
            best = (score, fresh)
    if best[0] < 0.5:
        raise SourceError(
            Diagnostic(
                Where(rel(pptx)),
                f"was not built from {rel(deck_dir)}/ (too few of its shapes are this deck's): "
                "pull takes back edits only from a PPTX that deckbuilder built from this deck",
                "error",
                None,
                "pull",
            )
        )
    return best[1]


def _candidates(pptx: Path, out_dir: Path) -> list[Path]:
    """Kept copies: first the one of the build the record names, then the newest."""
    caches = [out_dir / ".cache"]
    if pptx.parent.resolve() != out_dir.resolve():
        caches.append(pptx.parent / ".cache")
    found: list[Path] = []
    for cache in caches:
        record = guard.read_record(cache.parent) or {}
        named = [cache / pristine.FOLDER / f"{d[:16]}.pptx" for d in record.get(pptx.name, [])]
        found += [p for p in reversed(named) if p.is_file()]
        found += pristine.copies(cache)
    return list(dict.fromkeys(found))


def _built_now(deck_dir: Path) -> list[pptx_read.Slide]:
    from deckbuilder.commands.build import build

    with tempfile.TemporaryDirectory(prefix="deckbuilder-pull-") as tmp:
        res = build(deck_dir, Path(tmp))
        return pptx_read.read(res.pptx)


def _likeness(a: list[pptx_read.Slide], b: list[pptx_read.Slide]) -> float:
    """The share of shape names the two files have in common, slide by slide."""
    keys_a = {(s.number, sh.key) for s in a for sh in s.shapes}
    keys_b = {(s.number, sh.key) for s in b for sh in s.shapes}
    if not keys_a or not keys_b:
        return 0.0
    return len(keys_a & keys_b) / max(len(keys_a), len(keys_b))


# --- what changed ------------------------------------------------------------------------


def _text_edits(
    base: list[pptx_read.Slide],
    edited: list[pptx_read.Slide],
    pptx: Path,
    problems: list[Diagnostic],
) -> list[TextEdit]:
    where = Where(guard.shown_path(pptx))
    if len(edited) != len(base):
        _slides_added_or_removed(base, edited, where, problems)
        return []
    order = _slide_order(base, edited)
    if order is not None:
        problems.append(
            Diagnostic(
                where,
                f"slide {order[0]} is now at position {order[1]}: slides are ordered in "
                "deck.yaml (`slides:`); move the file there",
                "error",
                order[1],
                "pull",
            )
        )
        return []
    edits: list[TextEdit] = []
    for b, e in zip(base, edited, strict=True):
        edits += _slide_edits(b, e, where, problems)
    return edits


def _slides_added_or_removed(
    base: list[pptx_read.Slide],
    edited: list[pptx_read.Slide],
    where: Where,
    problems: list[Diagnostic],
) -> None:
    if len(edited) > len(base):
        extra = len(edited) - len(base)
        msg = (
            f"{extra} slide(s) added ({len(edited)} slides, the build made {len(base)}): a new "
            "slide needs its own file under deck/slides/ and a line in deck.yaml"
        )
    else:
        msg = (
            f"{len(base) - len(edited)} slide(s) deleted ({len(edited)} slides, the build made "
            f"{len(base)}): remove the slide's line from deck.yaml instead"
        )
    problems.append(Diagnostic(where, msg, "error", None, "pull"))


def _slide_order(
    base: list[pptx_read.Slide], edited: list[pptx_read.Slide]
) -> tuple[int, int] | None:
    """(old number, new position) of the first slide that moved, if one did."""
    for pos, e in enumerate(edited, start=1):
        keys = {sh.key for sh in e.shapes}
        scores = [(len(keys & {sh.key for sh in b.shapes}), b.number) for b in base]
        best = max(scores)
        same = next(s for s, n in scores if n == pos)
        if best[0] > same and best[1] != pos:
            return best[1], pos
    return None


def _slide_edits(
    b: pptx_read.Slide, e: pptx_read.Slide, where: Where, problems: list[Diagnostic]
) -> list[TextEdit]:
    n = b.number

    def problem(shape: str, what: str) -> None:
        problems.append(Diagnostic(where, f"shape 「{shape}」: {what}", "error", n, "pull"))

    before = {sh.key: sh for sh in b.shapes if not sh.key.startswith("sldNum#")}
    after = {sh.key: sh for sh in e.shapes if not sh.key.startswith("sldNum#")}
    for key in after.keys() - before.keys():
        problem(after[key].name, "added in the PPTX; a shape comes from the YAML and its layout")
    for key in before.keys() - after.keys():
        problem(before[key].name, "deleted in the PPTX; delete its text in the YAML instead")
    groups = {sh.group for sh in b.shapes}
    edits: list[TextEdit] = []
    seen: dict[str, int] = defaultdict(int)  # a text printed twice: which one was edited
    for key, old in before.items():
        new = after.get(key)
        if new is None:
            continue
        if key not in groups and _moved(old.box, new.box):
            problem(old.name, "moved or resized; positions come from the layout set (layouts/)")
        edits += _paragraph_edits(n, old, new, problem, seen)
    if b.notes.strip() != e.notes.strip():
        edits.append(TextEdit(n, "notes", b.notes.strip(), e.notes.strip()))
    return edits


def _moved(a: tuple[int, ...] | None, b: tuple[int, ...] | None) -> bool:
    if a is None or b is None:
        return False
    return any(abs(p - q) > MOVE_TOLERANCE for p, q in zip(a, b, strict=True))


def _paragraph_edits(
    n: int,
    old: pptx_read.Shape,
    new: pptx_read.Shape,
    problem: Callable[[str, str], None],
    seen: dict[str, int],
) -> list[TextEdit]:
    a, b = _trimmed(old.paragraphs), _trimmed(new.paragraphs)
    if len(a) != len(b):
        problem(
            old.name,
            f"paragraphs added or removed ({len(a)} → {len(b)}); edit the YAML's list instead",
        )
        return []
    edits = []
    for pa, pb in zip(a, b, strict=True):
        if not _same_style(pa.style, pb.style):
            problem(
                old.name,
                "formatting changed (bold, colour, size…); styles come from the layout set",
            )
            return []
        if pa.text != pb.text:
            edits.append(TextEdit(n, old.name, pa.text, pb.text, seen[pa.text]))
        seen[pa.text] += 1
    return edits


def _trimmed(paras: tuple[pptx_read.Paragraph, ...]) -> list[pptx_read.Paragraph]:
    out = list(paras)
    while out and not out[-1].text.strip():
        out.pop()
    return out


def _same_style(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> bool:
    """The same run formats, sizes within LibreOffice's rounding (a tenth of a point)."""
    if not a or not b:
        return True

    def covered(xs: frozenset[tuple[str, ...]], ys: frozenset[tuple[str, ...]]) -> bool:
        return all(any(_alike(x, y) for y in ys) for x in xs)

    return covered(a, b) and covered(b, a)


def _alike(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    if x[:3] != y[:3] or x[4] != y[4]:
        return False
    if x[3].isdigit() and y[3].isdigit():
        return abs(int(x[3]) - int(y[3])) <= SIZE_TOLERANCE
    return x[3] == y[3]


# --- edits as YAML changes ---------------------------------------------------------------


def _map_edits(
    edits: list[TextEdit],
    deck: _Deck,
    problems: list[Diagnostic],
    changes: dict[Target, str],
) -> list[str]:
    taken: list[str] = []
    values: dict[Target, str] = {}
    for edit in edits:
        slide_file = deck.slide_files[edit.slide - 1]
        where = Where(rel(slide_file))

        def problem(msg: str, edit: TextEdit = edit, where: Where = where) -> None:
            problems.append(
                Diagnostic(where, f"shape 「{edit.shape}」: {msg}", "error", edit.slide, "pull")
            )

        atoms = _atoms(deck, slide_file)
        new_values = _edit_targets(edit, atoms, values, deck, problem)
        if new_values is None:
            continue
        for target, value in new_values.items():
            if target in changes and changes[target] != value:
                problem(f"edited in two ways ({changes[target]!r} and {value!r}); keep one")
                continue
            changes[target] = value
        taken.append(f"slide {edit.slide}, 「{edit.shape}」: {edit.old} → {edit.new}")
    return taken


def _atoms(deck: _Deck, slide_file: Path) -> list[Atom]:
    if slide_file not in deck.atoms:
        scalars = deck.file(slide_file).scalars() if slide_file.is_file() else []
        deck.atoms[slide_file] = deck.sources.atoms_for(
            scalars, slide_file, deck.deck_scalars, deck.deck_file.path
        )
    return deck.atoms[slide_file]


def _edit_targets(
    edit: TextEdit,
    atoms: list[Atom],
    values: dict[Target, str],
    deck: _Deck,
    problem: Callable[[str], None],
) -> dict[Target, str] | None:
    """The new value of each scalar the edit touches, or None (with a problem) if it cannot
    go back: text the layout prints itself, an edit across two sources, a number broken."""
    tiles = [_nth_alike(t, atoms, edit.seen) for t in tile(edit.old, atoms)]
    ops = [
        op
        for op in difflib.SequenceMatcher(None, edit.old, edit.new, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    per_piece: dict[tuple[int, int], list[tuple[int, int, str]]] = defaultdict(list)
    pieces: dict[tuple[int, int], Piece] = {}
    for _tag, i1, i2, j1, j2 in ops:
        found = _piece_at(tiles, edit.old, i1, i2)
        if found is None:
            problem(
                f"「{edit.old}」 → 「{edit.new}」 spans text from more than one source, or "
                "text the layout prints itself; edit the YAML"
            )
            return None
        key, a, b, piece = found
        if piece.target is None:
            problem(
                f"「{piece.text}」 is not in the YAML as the build printed it: the layout prints "
                "it, or its YAML text was changed since the build; make the edit in the YAML"
            )
            return None
        per_piece[key].append((a, b, edit.new[j1:j2]))
        pieces[key] = piece
    out: dict[Target, str] = {}
    for key, hunks in per_piece.items():
        piece = pieces[key]
        text = piece.text
        for a, b, repl in sorted(hunks, reverse=True):
            text = text[:a] + repl + text[b:]
        assert piece.target is not None
        target = piece.target
        current = out.get(target, values.get(target, _value_of(deck, target)))
        if target.kind == "number":
            parsed = parse_number(text, current)
            if parsed is None:
                problem(f"「{text}」 is not a number: figure {target.figure!r} keeps its value")
                return None
            out[target] = parsed
        else:
            out[target] = current[: piece.offset] + text + current[piece.offset + len(piece.text) :]
    values.update(out)
    return out


def _nth_alike(t: Tile, atoms: list[Atom], seen: int) -> Tile:
    """Two sources that print the same text (two charts titled alike): the edited paragraph's
    place among the slide's paragraphs with that text picks the source in the file's order."""
    if t.atom is None:
        return t
    by_target: dict[Target | None, Atom] = {}
    for a in atoms:
        if a.text == t.atom.text and a.cost == t.atom.cost:
            by_target.setdefault(a.pieces[0].target, a)
    if len(by_target) < 2:
        return t
    alike = list(by_target.values())
    return Tile(t.start, t.end, alike[min(seen, len(alike) - 1)])


def _piece_at(
    tiles: list[Tile], text: str, i1: int, i2: int
) -> tuple[tuple[int, int], int, int, Piece] | None:
    """The piece holding characters i1..i2 of the paragraph ``text``, and where they stand in
    it (for an insertion, i1 == i2: the piece it touches, the one before it at a boundary)."""
    for t_index, t in enumerate(tiles):
        if t.atom is None:
            if t.start <= i1 and i2 <= t.end and (i1 < t.end or i1 == i2 == t.end == t.start):
                return (t_index, -1), 0, 0, Piece(text[t.start : t.end], None)
            continue
        if not (t.start <= i1 and i2 <= t.end):
            continue
        where = _aligned(text[t.start : t.end], t.atom.text)
        a1, a2 = where[i1 - t.start], where[i2 - t.start]
        at = 0
        for p_index, p in enumerate(t.atom.pieces):
            end = at + len(p.text)
            inside = at <= a1 and a2 <= end and (a1 < end or a1 == a2)
            if inside and not (a1 == a2 == end and p.target is None):
                return (t_index, p_index), a1 - at, a2 - at, p
            at = end
    return None


def _aligned(shown: str, source: str) -> list[int]:
    """For each position in ``shown`` (the source with some spaces dropped where the line
    breaker broke a line), the position in ``source``."""
    out = []
    k = 0
    for ch in shown:
        while k < len(source) and source[k] != ch and source[k] == " ":
            k += 1
        out.append(k)
        k += 1
    out.append(len(source))
    return out


def _value_of(deck: _Deck, target: Target) -> str:
    for s in deck.file(target.file).scalars():
        if s.path == target.path:
            return s.value
    return ""


def _apply(
    changes: dict[Target, str], deck: _Deck, problems: list[Diagnostic]
) -> dict[YamlFile, str]:
    by_file: dict[Path, dict[tuple[str | int, ...], str]] = defaultdict(dict)
    for target, value in changes.items():
        by_file[target.file][target.path] = value
    out: dict[YamlFile, str] = {}
    for path, edits in by_file.items():
        f = deck.file(path)
        try:
            new = apply(f, edits)
        except EditError as exc:
            problems.append(Diagnostic(Where(rel(path)), str(exc), "error", None, "pull"))
            continue
        if new != f.text:
            out[f] = new
    return out


def _unified(f: YamlFile, new: str) -> str:
    shown = rel(f.path)
    return "".join(
        difflib.unified_diff(
            f.text.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"a/{shown}",
            f"b/{shown}",
        )
    )


def _settle(pptx: Path, out_dir: Path) -> None:
    """Every edit of out/NAME was taken back: the next build may replace it."""
    target = out_dir / pptx.name
    try:
        same = target.is_file() and os.path.samefile(target, pptx)
    except OSError:
        same = False
    if same:
        guard.accept_file(out_dir, pptx.name, pptx)
