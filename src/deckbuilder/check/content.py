"""Content rules: slide keys a layout would not print, duplicate titles, missing alt text."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from deckbuilder.errors import Diagnostic, Where
from deckbuilder.scene import ChartBox, Picture, Placeholder, SlideScene
from deckbuilder.source import model as m
from deckbuilder.source.layoutset import LayoutSet

# --- content the layout does not show ----------------------------------------------------------

# Per layout kind: slide key -> the slot that shows it. A key whose slot the layout lacks is not
# printed (or, for some, stops the layout stage), so both are errors.
SHOWN_BY_KIND: dict[str, dict[str, str]] = {
    "cover": {"title": "title"},
    "section": {"number": "number", "title": "title"},
    "statement": {
        "breadcrumb": "breadcrumb",
        "title": "title",
        "label": "label",
        "statement": "statement",
    },
    "closing": {"title": "title", "statement": "statement"},
    "back-cover": {"title": "title"},
    "contents": {"title": "title", "sections": "body"},
    "content": {
        "breadcrumb": "breadcrumb",
        "kicker": "kicker",
        "title": "title",
        "lead": "lead",
        "tags": "tags",
        "columns": "body",
        "panels": "body",
        "footnotes": "footer",
        "source": "footer",
    },
}
ALWAYS = {"layout", "notes"}  # every slide may carry these


def unshown_content(deck: m.Deck, layout_set: LayoutSet) -> list[Diagnostic]:
    """Keys of a slide that its layout would not print: an error, the words would be lost."""
    out = []
    for s in deck.slides:
        lay = layout_set.layouts.get(s.layout)
        if lay is None:
            continue  # reported by the layout stage, with "did you mean"
        shows = SHOWN_BY_KIND.get(lay.kind)
        if shows is None:
            continue
        for key in s.key_where:
            if key in ALWAYS:
                continue
            slot = shows.get(key)
            if slot is None:
                keys = ", ".join(sorted(shows))
                msg = (
                    f"{key!r} is not shown by layout {s.layout!r} (a {lay.kind} layout shows "
                    f"{keys}); move it to a layout that shows it, or into the notes"
                )
            elif slot not in lay.slots:
                missing = f"layout {s.layout!r} of the set {layout_set.name!r} has no {slot!r} slot"
                msg = f"{key!r} would not be shown: {missing}"
            else:
                continue
            out.append(Diagnostic(s.at(key), msg, "error", s.number, "slot"))
    return out


# --- titles and alt text -----------------------------------------------------------------------


def duplicate_titles(deck: m.Deck) -> list[Diagnostic]:
    first: dict[str, m.Slide] = {}
    out = []
    for s in deck.slides:
        if s.layout in ("cover", "back-cover") or not s.title:
            continue
        key = "".join(unicodedata.normalize("NFKC", s.title).split())
        if key in first:
            o = first[key]
            out.append(
                Diagnostic(
                    s.at("title"),
                    f"the title {' '.join(s.title.split())!r} is also the title of slide "
                    f"{o.number} ({o.file}); "
                    "slide titles name slides for screen readers and the outline, make them "
                    "distinct",
                    "warning",
                    s.number,
                    "duplicate-title",
                )
            )
        else:
            first[key] = s
    return out


def missing_alt_text(deck: m.Deck) -> list[Diagnostic]:
    out = []
    for s in deck.slides:
        for b in blocks_of(s):
            if isinstance(b, m.Image) and b.source and not (b.alt or b.decorative or b.dummy):
                out.append(
                    Diagnostic(
                        b.where,
                        "the picture has no 'alt': say what it shows, or mark it "
                        "'decorative: true' if it adds nothing a reader needs",
                        "error",
                        s.number,
                        "alt-text",
                    )
                )
            elif isinstance(b, m.Image) and not b.source and not b.caption.strip():
                out.append(
                    Diagnostic(
                        b.where,
                        "the image has no caption: the caption is its alt text",
                        "error",
                        s.number,
                        "alt-text",
                    )
                )
            if isinstance(b, m.Chart):
                figs = [deck.figures[f] for f in b.figures if f in deck.figures]
                name = b.title or (figs[0].label if figs else "")
                if not name.strip():
                    out.append(
                        Diagnostic(
                            b.where,
                            "the chart has no title and its figure no label: its alt text would "
                            "say nothing; give it a 'title'",
                            "error",
                            s.number,
                            "alt-text",
                        )
                    )
    return out


def check_scenes(deck: m.Deck, scenes: list[SlideScene]) -> list[Diagnostic]:
    """Alt text as the renderers will write it (a backstop for what the model check misses)."""
    slides = {s.number: s for s in deck.slides}
    out = []
    for sc in scenes:
        s = slides.get(sc.number)
        where = s.where if s else Where(sc.source_file)
        for el in sc.elements:
            empty = (
                (isinstance(el, ChartBox) and not el.alt.strip(" ：:"))
                or (isinstance(el, Placeholder) and not el.caption.strip())
                or (isinstance(el, Picture) and not el.decorative and not el.alt.strip())
            )
            if empty:
                out.append(
                    Diagnostic(
                        where,
                        f"a {'chart' if isinstance(el, ChartBox) else 'picture'} has empty alt "
                        "text",
                        "error",
                        sc.number,
                        "alt-text",
                    )
                )
    # One report per slide is enough when the model check already named the block.
    seen: set[tuple[int | None, str]] = set()
    unique = []
    for d in out:
        if (d.slide, d.message) not in seen:
            seen.add((d.slide, d.message))
            unique.append(d)
    return unique


def blocks_of(s: m.Slide) -> Iterable[m.Block]:
    for p in s.panels:
        yield from p.blocks
