"""``deckbuilder diff REV_A [REV_B]``: what changed in the deck between two git revisions.

REV_B defaults to the working tree. The deck folder is exported at each revision (``git archive``)
into a temporary project that borrows the working tree's layout sets and fonts, so the images
compare content, not design. Reported: figures changed (old → new) with the slides they touch,
and the text changed on each slide; ``--png`` writes before | after images of each changed slide.
"""

from __future__ import annotations

import difflib
import io
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from dataclasses import fields as dataclass_fields
from pathlib import Path

from PIL import Image, ImageDraw

from deckbuilder.commands.build import Compiled, compile_deck
from deckbuilder.commands.deck_changes import (
    DeckDiff,
    FigureChange,
    SlideChange,
    figure_value,
    slides_named,
)
from deckbuilder.commands.outputs import atomic_write, check_names, preflight
from deckbuilder.commands.preview import label_font, ready, render_all
from deckbuilder.errors import Diagnostic, SourceError, Where, error, rel
from deckbuilder.layout.blocks import registry
from deckbuilder.scene import SlideScene
from deckbuilder.source import model as m
from deckbuilder.source.figrefs import figure_slides, slide_figures, walk_slide
from deckbuilder.source.loader import load_deck
from deckbuilder.text.fonts import FontSet

WORKTREE = "working tree"
_FIGURE_FIELDS = (
    "value",
    "unit",
    "as_of",
    "prefix",
    "label",
    "source",
    "note",
    "fullwidth",
    "separator",
)
Progress = Callable[..., None]


# --- getting a revision's deck -----------------------------------------------------------------


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise error(Where(rel(cwd)), "git is not installed; diff needs it") from None


def repo_root(deck_dir: Path) -> Path:
    res = _git(["rev-parse", "--show-toplevel"], deck_dir.resolve())
    if res.returncode != 0:
        raise error(Where(rel(deck_dir)), "is not in a git repository; diff compares revisions")
    return Path(res.stdout.decode().strip()).resolve()


def resolve_rev(top: Path, rev: str) -> str:
    if rev.startswith("-"):
        raise error(Where(rel(top)), f"{rev!r} is not a revision")
    res = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if res.returncode != 0:
        raise error(Where(rel(top)), f"unknown revision {rev!r}")
    return res.stdout.decode().strip()


def export_deck(top: Path, rev: str, deck_rel: Path, dest: Path) -> Path:
    """The deck folder as it was at ``rev``, written under ``dest`` (a temporary project)."""
    sha = resolve_rev(top, rev)
    spec = deck_rel.as_posix() or "."
    res = _git(["archive", "--format=tar", sha, "--", spec], top)
    if res.returncode != 0:
        raise error(Where(rel(top)), f"{spec}/ does not exist at {rev}")
    with tarfile.open(fileobj=io.BytesIO(res.stdout)) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4+
            tar.extractall(dest, filter="data")
        else:  # only plain files and folders inside dest
            safe = [
                t
                for t in tar.getmembers()
                if (t.isfile() or t.isdir())
                and not Path(t.name).is_absolute()
                and ".." not in Path(t.name).parts
            ]
            tar.extractall(dest, members=safe)
    deck = dest / "deck"
    if (dest / deck_rel).resolve() != deck.resolve():
        shutil.move(str(dest / deck_rel), str(deck))
    return deck


@contextmanager
def deck_at(deck_dir: Path, rev: str | None) -> Iterator[Path]:
    """The deck folder at ``rev`` (None: the working tree), in a project with the current
    layout sets and fonts."""
    if rev is None:
        yield deck_dir
        return
    top = repo_root(deck_dir)
    project = deck_dir.resolve().parent
    deck_rel = deck_dir.resolve().relative_to(top)
    with tempfile.TemporaryDirectory(prefix="deckbuilder-diff-") as tmp:
        dest = Path(tmp) / "project"
        dest.mkdir()
        deck = export_deck(top, rev, deck_rel, dest)
        for shared in ("layouts", "assets"):
            if (project / shared).exists():
                os.symlink(project / shared, dest / shared, target_is_directory=True)
        yield deck


def _relabel(diags: list[Diagnostic], deck: Path, rev: str, shown_deck: str) -> list[Diagnostic]:
    """Name a revision's files as ``REV:deck/…`` instead of the temporary folder."""
    tmp = str(deck.resolve())
    for d in diags:
        if d.where.file.startswith(tmp):
            d.where = Where(
                f"{rev}:{shown_deck}{d.where.file[len(tmp) :]}", d.where.line, d.where.col
            )
    return diags


# --- comparing ---------------------------------------------------------------------------------


def compare(old: m.Deck, new: m.Deck, rev_a: str, rev_b: str) -> DeckDiff:
    old_uses, new_uses = figure_slides(old, notes=True), figure_slides(new, notes=True)
    figs: list[FigureChange] = []
    for fid in list(new.figures) + [f for f in old.figures if f not in new.figures]:
        a, b = old.figures.get(fid), new.figures.get(fid)
        if a is not None and b is not None:
            fields = [
                (name, str(getattr(a, name)), str(getattr(b, name)))
                for name in _FIGURE_FIELDS
                if getattr(a, name) != getattr(b, name)
            ]
            if fields:
                figs.append(FigureChange(fid, a, b, new_uses.get(fid, []), fields))
        elif b is not None:
            figs.append(FigureChange(fid, None, b, new_uses.get(fid, [])))
        elif a is not None:
            figs.append(FigureChange(fid, a, None, old_uses.get(fid, [])))
    changed_ids = {c.id for c in figs}

    old_by, new_by = _keyed(old), _keyed(new)
    reordered = _reordered(list(old_by), list(new_by))
    slides: list[SlideChange] = []
    for key, s in new_by.items():
        o = old_by.get(key)
        lines = _text_diff(o, s)
        shown = [fid for fid in slide_figures(s, notes=True) if fid in changed_ids]
        moved = o is not None and key in reordered
        if lines or shown or o is None or moved:
            ch = SlideChange(key, o, s, lines, shown)
            if moved and o is not None:
                ch.lines.insert(0, f"  moved: was slide {o.number}")
            slides.append(ch)
    for key, o in old_by.items():
        if key not in new_by:
            slides.append(SlideChange(key, o, None))
    slides.sort(key=lambda c: (c.new is None, c.number))

    settings = []
    # Every deck.yaml setting the model holds (not the slides, figures or source positions).
    for name in (f.name for f in dataclass_fields(m.Deck) if f.name not in _NOT_SETTINGS):
        a_, b_ = getattr(old, name), getattr(new, name)
        if a_ != b_:
            settings.append((name, str(a_), str(b_)))
    return DeckDiff(rev_a, rev_b, figs, slides, settings)


_NOT_SETTINGS = {"root", "figures", "slides", "where", "key_where"}


def _reordered(old: list[str], new: list[str]) -> set[str]:
    """Slides that changed place among the others: not those whose number only shifted
    because a slide before them was added or removed."""
    common = set(old) & set(new)
    a, b = [k for k in old if k in common], [k for k in new if k in common]
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    in_order = {k for blk in sm.get_matching_blocks() for k in a[blk.a : blk.a + blk.size]}
    return common - in_order


def _keyed(deck: m.Deck) -> dict[str, m.Slide]:
    """Slides keyed by file name (so a reordered deck matches), repeats numbered."""
    out: dict[str, m.Slide] = {}
    for s in deck.slides:
        key = Path(s.file).name
        n = 2
        while key in out:
            key = f"{Path(s.file).name}#{n}"
            n += 1
        out[key] = s
    return out


# Fields that arrange a slide rather than say something: reported as one summary line.
ARRANGEMENT = {"layout", "columns", "span", "style", "kind"}


def slide_lines(s: m.Slide | None) -> list[str]:
    """The slide's content as ``path: value`` lines (line breaks shown as ↵)."""
    if s is None:
        return []
    return [f"{f.path}: {_one_line(f.value)}" for f in walk_slide(s)]


def _one_line(text: str) -> str:
    return text.replace("\n", " ↵ ")


def _text_diff(a: m.Slide | None, b: m.Slide | None) -> list[str]:
    """Changed words, as ``- path: old`` / ``+ path: new``; text that only moved (to another
    panel, say) is not repeated, and a change of arrangement is summed up in one line."""
    if a is None or b is None:
        return []
    fa = [f for f in walk_slide(a) if f.name not in ARRANGEMENT]
    fb = [f for f in walk_slide(b) if f.name not in ARRANGEMENT]
    out: list[str] = []
    arrangement = _arrangement(a, b)
    if arrangement:
        out.append(f"  {arrangement}")
    # Compared without spaces and line breaks: a re-broken title is not new wording.
    va, vb = [_words(f.value) for f in fa], [_words(f.value) for f in fb]
    sm = difflib.SequenceMatcher(a=va, b=vb, autojunk=False)
    rebroken = 0
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            rebroken += sum(x.value != y.value for x, y in zip(fa[i1:i2], fb[j1:j2], strict=True))
            continue
        olds, news = fa[i1:i2], fb[j1:j2]
        for k in range(max(len(olds), len(news))):  # pair a changed line with its new version
            if k < len(olds):
                out.append(f"- {olds[k].path}: {_one_line(olds[k].value)}")
            if k < len(news):
                out.append(f"+ {news[k].path}: {_one_line(news[k].value)}")
    if rebroken:
        out.append(f"  line breaks or spaces changed in {rebroken} text{'s' * (rebroken > 1)}")
    return out


def _words(text: str) -> str:
    return "".join(text.split())


def _arrangement(a: m.Slide, b: m.Slide) -> str:
    parts = []
    if a.layout != b.layout:
        parts.append(f"layout {a.layout} → {b.layout}")
    if a.columns != b.columns:
        parts.append(f"columns {a.columns} → {b.columns}")
    if len(a.panels) != len(b.panels):
        parts.append(f"panels {len(a.panels)} → {len(b.panels)}")

    def shape(s: m.Slide) -> list[object]:
        return [
            (p.span, p.style, tuple((type(x).__name__, getattr(x, "kind", "")) for x in p.blocks))
            for p in s.panels
        ]

    if not parts and shape(a) != shape(b):
        parts.append("panels rearranged")
    return "arrangement: " + ", ".join(parts) if parts else ""


# --- report ------------------------------------------------------------------------------------


def report(d: DeckDiff) -> str:
    if d.empty:
        return f"No changes to the deck between {d.rev_a} and {d.rev_b}.\n"
    out = [f"Deck changes from {d.rev_a} to {d.rev_b}"]
    if d.deck:
        out.append("")
        out.append("deck.yaml:")
        out += [f"  {name}: {a} → {b}" for name, a, b in d.deck]
    if d.figures:
        out.append("")
        out.append(f"Figures changed ({len(d.figures)}):")
        for c in d.figures:
            where = slides_named(c.slides)
            if c.old is not None and c.new is not None:
                out.append(f"  {c.id}: {figure_value(c.old)} → {figure_value(c.new)}   {where}")
                for name, a, b in c.fields:
                    if name not in ("value", "unit", "as_of", "prefix"):
                        out.append(f"      {name}: {a} → {b}")
            elif c.new is not None:
                out.append(f"  {c.id}: added, {figure_value(c.new)}   {where}")
            elif c.old is not None:
                out.append(f"  {c.id}: removed (was {figure_value(c.old)})   {where}")
    if d.slides:
        out.append("")
        out.append(f"Slides changed ({len(d.slides)}):")
        for s in d.slides:
            src = s.new.file if s.new else (s.old.file if s.old else s.key)
            label = {"added": " (added)", "removed": " (removed)", "changed": ""}[s.kind]
            out.append(f"  slide {s.number}{label}: {s.title}  [{src}]")
            for line in s.lines:
                out.append(f"      {line}")
            if s.figures:
                out.append(f"      figures changed: {', '.join(s.figures)}")
    return "\n".join(out) + "\n"


# --- images ------------------------------------------------------------------------------------


def side_by_side(
    before: bytes | None, after: bytes | None, label_a: str, label_b: str, font: Path | None
) -> bytes:
    ims = [Image.open(io.BytesIO(b)).convert("RGB") if b else None for b in (before, after)]
    w, h = next(im.size for im in ims if im is not None)
    gap, head, margin = 24, 36, 16
    sheet = Image.new("RGB", (margin * 2 + 2 * w + gap, margin * 2 + head + h), "#FFFFFF")
    draw = ImageDraw.Draw(sheet)
    f = label_font(font, 18)
    for i, (im, label) in enumerate(zip(ims, (label_a, label_b), strict=True)):
        x = margin + i * (w + gap)
        y = margin + head
        draw.text((x, margin + 6), label, fill="#0017C1" if i else "#4D4D4D", font=f)
        if im is None:
            draw.rectangle((x, y, x + w - 1, y + h - 1), fill="#F2F2F2", outline="#949494")
            draw.text((x + 16, y + 16), "(no such slide)", fill="#4D4D4D", font=f)
        else:
            sheet.paste(im, (x, y))
            draw.rectangle((x - 1, y - 1, x + w, y + h), outline="#949494")
    buf = io.BytesIO()
    sheet.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def clear_pngs(out_dir: Path) -> None:
    """Remove the images of an earlier diff: beside this diff's they would mislead."""
    target = out_dir / "diff"
    for stale in [*target.glob("slide-*.png"), *target.glob("removed-*.png")]:
        stale.unlink()


def render_pairs(
    d: DeckDiff,
    old_scenes: dict[str, SlideScene],
    new_scenes: dict[str, SlideScene],
    fonts_a: FontSet,
    fonts_b: FontSet,
    progress: Progress | None = None,
) -> list[tuple[SlideChange, bytes | None, bytes | None]]:
    """Each changed slide as PNGs before and after (None where it does not exist)."""
    pairs = [(s, old_scenes.get(s.key), new_scenes.get(s.key)) for s in d.slides]
    before = render_all([a for _, a, _ in pairs if a is not None], fonts_a, progress=progress)
    after = render_all([b for _, _, b in pairs if b is not None], fonts_b, progress=progress)
    out = []
    for s, sa, sb in pairs:
        a = before.pop(0) if sa is not None else None
        b = after.pop(0) if sb is not None else None
        if a is not None or b is not None:
            out.append((s, a, b))
    return out


def write_pngs(
    d: DeckDiff,
    rendered: list[tuple[SlideChange, bytes | None, bytes | None]],
    out_dir: Path,
    font_path: Path | None,
) -> list[Path]:
    """OUT_DIR/diff/slide-NN.png (NN: the slide's number after the change; a removed slide is
    removed-<file>.png), each the slide before | after."""
    target = out_dir / "diff"
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for s, a, b in rendered:
        la = f"{d.rev_a}: slide {s.old.number}" if s.old else f"{d.rev_a}: —"
        lb = f"{d.rev_b}: slide {s.new.number}" if s.new else f"{d.rev_b}: —"
        if s.new is not None:
            name = f"slide-{s.new.number:02d}.png"
        else:
            name = f"removed-{Path(s.key.split('#')[0]).stem}.png"
        path = target / name
        atomic_write(path, side_by_side(a, b, la, lb, font_path))
        paths.append(path)
    return paths


def write_html(
    d: DeckDiff,
    rendered: list[tuple[SlideChange, bytes | None, bytes | None]],
    out_dir: Path,
) -> Path:
    """OUT_DIR/diff.html: the whole report in one file."""
    from deckbuilder.commands.diff_html import SlidePictures, page

    path = out_dir / "diff.html"
    pictures = [SlidePictures(s, a, b) for s, a, b in rendered]
    atomic_write(path, page(d, pictures).encode("utf-8"))
    return path


# --- the command -------------------------------------------------------------------------------


@dataclass
class DiffResult:
    diff: DeckDiff
    pngs: list[Path]
    html: Path | None = None


def diff(
    deck_dir: Path,
    rev_a: str,
    rev_b: str | None = None,
    png: bool = False,
    out_dir: Path = Path("out"),
    layouts: str | None = None,
    progress: Progress | None = None,
    html: bool = False,
) -> DiffResult:
    say = progress or (lambda *_a: None)
    if not (deck_dir / "deck.yaml").is_file() and rev_b is None:
        raise error(Where(rel(deck_dir)), "no deck.yaml here (is this the deck folder?)")
    shown_deck = rel(deck_dir)
    label_b = rev_b or WORKTREE
    if html:  # a folder that cannot take the page is said before any work
        preflight(out_dir)
        check_names(out_dir, ["diff.html"])
    if png:
        ready(out_dir, "diff")
    with deck_at(deck_dir, rev_a) as da, deck_at(deck_dir, rev_b) as db:
        say(f"load {rev_a}")
        old = _load(da, rev_a, shown_deck, rev_a is not None)
        say(f"load {label_b}")
        new = _load(db, label_b, shown_deck, rev_b is not None)
        result = compare(old, new, rev_a, label_b)
        rendered: list[tuple[SlideChange, bytes | None, bytes | None]] = []
        if png:
            clear_pngs(out_dir)
        if (png or html) and result.slides:
            say("lay out both revisions")
            ca = _compile(da, rev_a, shown_deck, layouts, True)
            cb = _compile(db, label_b, shown_deck, layouts, rev_b is not None)
            by_a = {k: ca.scenes[s.number - 1] for k, s in _keyed(ca.deck).items()}
            by_b = {k: cb.scenes[s.number - 1] for k, s in _keyed(cb.deck).items()}
            say("render before | after images")
            rendered = render_pairs(
                result, by_a, by_b, ca.layout_set.fonts, cb.layout_set.fonts, say
            )
            font = cb.layout_set.fonts.regular.path
            pngs = write_pngs(result, rendered, out_dir, font) if png else []
        else:
            pngs = []
        page = None
        if html:
            say("write the HTML report")
            page = write_html(result, rendered, out_dir)
    return DiffResult(result, pngs, page)


def _load(deck: Path, rev: str, shown_deck: str, exported: bool) -> m.Deck:
    with _at_revision(deck, rev, shown_deck, exported):
        loaded = load_deck(deck, registry.readers())
    if not exported:
        return loaded
    tmp = str(deck.resolve())

    def shown(file: str) -> str:
        return f"{rev}:{shown_deck}{file[len(tmp) :]}" if file.startswith(tmp) else file

    slides = tuple(replace(s, file=shown(s.file)) for s in loaded.slides)
    return replace(loaded, slides=slides)


def _compile(
    deck: Path, rev: str, shown_deck: str, layouts: str | None, exported: bool
) -> Compiled:
    with _at_revision(deck, rev, shown_deck, exported):
        return compile_deck(deck, layouts, allow_overflow=True)


@contextmanager
def _at_revision(deck: Path, rev: str, shown_deck: str, exported: bool) -> Iterator[None]:
    """Problems in a deck taken from git name the revision (and its path there)."""
    try:
        yield
    except SourceError as exc:
        if exported:
            _relabel(exc.diagnostics, deck, rev, shown_deck)
        for d in exc.diagnostics:
            d.message += f" (deck at {rev})"
        raise
