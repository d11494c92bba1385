"""Values a chart cannot draw: an error at check and build, not a blank or clipped chart."""

from __future__ import annotations

import math

from deckbuilder.errors import Diagnostic
from deckbuilder.source import model as m

PERCENT_KINDS = ("ring", "reduction")  # a share of a whole: 0 to 100 (parts too, in %)
NO_NEGATIVE = ("before_after", "hbar", "parts")  # bars drawn from a zero baseline only
SCALE = 1e4  # charts multiply values by lengths in points; the product must stay finite


def chart_ranges(deck: m.Deck) -> list[Diagnostic]:
    out = []
    for s in deck.slides:
        for p in s.panels:
            for b in p.blocks:
                if isinstance(b, m.Chart):
                    out += _chart(b, deck.figures, s.number)
    return out


def _chart(b: m.Chart, figures: dict[str, m.Figure], slide: int) -> list[Diagnostic]:
    figs = [figures[f] for f in b.figures if f in figures]
    out = []
    for f in figs:
        v = float(f.value)
        at = f"figure {f.id!r} ({f.where})"
        msg = ""
        if not math.isfinite(v * SCALE):
            msg = f"{at} is {f.value}: too large for a chart to draw"
        elif _percent(b, f) and not 0 <= v <= 100:
            msg = f"{at} is {f.value}: a {b.kind} chart shows a percentage from 0 to 100"
        elif b.kind in NO_NEGATIVE and v < 0:
            msg = f"{at} is {f.value}: a {b.kind} chart cannot show a negative value"
        if msg:
            out.append(Diagnostic(b.where, msg, "error", slide, "range"))
    total = sum(float(f.value) for f in figs)
    if not out and figs and all(_percent(b, f) for f in figs) and total > 100 + 1e-9:
        ids = ", ".join(f.id for f in figs)
        out.append(
            Diagnostic(
                b.where,
                f"the parts ({ids}) add up to {total:g}: parts of a whole cannot exceed 100",
                "error",
                slide,
                "range",
            )
        )
    return out


def _percent(b: m.Chart, f: m.Figure) -> bool:
    return b.kind in PERCENT_KINDS or (b.kind == "parts" and f.unit in ("%", "％"))
