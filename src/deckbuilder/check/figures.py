"""Figure rules: figures no slide shows, stale figures (an as-of date older than
``stale_after_months`` before the deck's date; the earlier points of a ``before_after`` chart are
history by design and exempt), and figures dated after the deck."""

from __future__ import annotations

import datetime as dt

from deckbuilder.check.content import blocks_of
from deckbuilder.check.dates import as_of_month, as_of_start, months_between
from deckbuilder.errors import Diagnostic
from deckbuilder.source import model as m


def unused_figures(deck: m.Deck) -> list[Diagnostic]:
    """Figures no slide shows (notes included): left behind when a slide was cut."""
    from deckbuilder.source.figrefs import figure_slides

    shown = figure_slides(deck, notes=True)
    return [
        Diagnostic(
            f.where,
            f"figure {fid!r} is shown on no slide: remove it from figures.yaml, or show it",
            "warning",
            code="unused-figure",
        )
        for fid, f in deck.figures.items()
        if not shown.get(fid)
    ]


def stale_figures(deck: m.Deck) -> list[Diagnostic]:
    from deckbuilder.source.figrefs import figure_slides

    date = dt.date.fromisoformat(deck.date)
    now = (date.year, date.month)
    limit = deck.stale_after_months
    history = _history_points(deck)
    shown = figure_slides(deck)
    out = []
    for fid, f in deck.figures.items():
        if not f.as_of or fid in history or not shown.get(fid):
            continue
        when = as_of_month(f.as_of)
        slides = ", ".join(str(n) for n in shown[fid])
        if when is None:
            out.append(
                Diagnostic(
                    f.where,
                    f"figure {fid!r}: cannot read a date in as_of {f.as_of!r}; "
                    "staleness not checked",
                    "warning",
                    code="stale",
                )
            )
            continue
        age = months_between(when, now)
        if age > limit:
            out.append(
                Diagnostic(
                    f.where,
                    f"figure {fid!r} is stale: as of {f.as_of} is {age} months before the deck's "
                    f"date {deck.date} (limit {limit}, stale_after_months in deck.yaml); "
                    f"shown on slide{'s' if ',' in slides else ''} {slides}",
                    "warning",
                    code="stale",
                )
            )
    return out


def future_figures(deck: m.Deck) -> list[Diagnostic]:
    """An as-of date after the deck's own date: a typo in the year, or a figure from a later
    edition pasted into this one."""
    date = dt.date.fromisoformat(deck.date)
    out = []
    for fid, f in deck.figures.items():
        start = as_of_start(f.as_of) if f.as_of else None
        if start is not None and start > (date.year, date.month):
            out.append(
                Diagnostic(
                    f.where,
                    f"figure {fid!r}: as of {f.as_of} is after the deck's date {deck.date}: "
                    "check the year (or the deck's date in deck.yaml)",
                    "warning",
                    code="future",
                )
            )
    return out


def _history_points(deck: m.Deck) -> set[str]:
    """Figures that are only the earlier points of a before/after chart: history on purpose."""
    earlier: set[str] = set()
    latest: set[str] = set()
    for s in deck.slides:
        for b in blocks_of(s):
            if isinstance(b, m.Chart) and b.kind == "before_after" and b.figures:
                earlier.update(b.figures[:-1])
                latest.add(b.figures[-1])
    from deckbuilder.source.figrefs import slide_figures

    other: set[str] = set()
    for s in deck.slides:
        charted = {
            fid
            for b in blocks_of(s)
            if isinstance(b, m.Chart) and b.kind == "before_after"
            for fid in b.figures
        }
        other.update(fid for fid in slide_figures(s) if fid not in charted)
    return earlier - latest - other
