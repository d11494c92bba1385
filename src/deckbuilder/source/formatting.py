"""How figures are printed, in one place: 「7,959万件」, 「約145万人」, 「（2025年7月）」."""

from __future__ import annotations

import re
from decimal import Decimal

from deckbuilder.source.model import Figure

_FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
_REF = re.compile(r"\{([a-z0-9][a-z0-9_.\-]*)\}")


def number(value: Decimal, separator: bool = True, fullwidth: bool = False) -> str:
    """A number as the report prints it: thousands separators, decimals kept as written."""
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    if separator:
        whole = f"{int(whole):,}"
    out = sign + whole + (f".{frac}" if frac else "")
    return out.translate(_FULLWIDTH) if fullwidth else out


def number_text(f: Figure) -> str:
    """The number alone, as printed: the large part of a KPI card."""
    return number(f.value, f.separator, f.fullwidth)


def value_text(f: Figure) -> str:
    """The number with its prefix (約), without the unit: the large part of a KPI card."""
    return f.prefix + number(f.value, f.separator, f.fullwidth)


def display(f: Figure) -> str:
    """The whole figure as running text prints it: 「約145万人」."""
    return value_text(f) + f.unit


def as_of_text(f: Figure) -> str:
    """The as-of date in full-width parentheses, or '' where the report prints none."""
    return f"（{f.as_of}）" if f.as_of else ""


def substitute(text: str, figures: dict[str, Figure]) -> str:
    """Replace each ``{figure.id}`` in text with the figure's display form."""
    return _REF.sub(lambda m: display(figures[m.group(1)]), text)
