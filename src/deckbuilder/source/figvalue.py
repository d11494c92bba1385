"""A figure's value read from the text the author wrote, by our rule rather than YAML's.

YAML would read ``2.50`` as 2.5, ``010`` as 8, ``0x1F`` as 31 and ``1.5e+3`` as 1500.0: each a
different number on the slide than the one in the file. Here a value is digits, with optional
thousands commas, an optional decimal part and a sign, kept exactly as written (``2.50`` prints
2.50). Anything else is refused with a message that says what to write instead.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_PLAIN = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_HEX = re.compile(r"[+-]?0[xX][0-9a-fA-F]+")
_OCTAL = re.compile(r"[+-]?0[oO][0-7]+")
_EXPONENT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
EXAMPLE = "as printed, e.g. 7959, 7,959 or 97.8"


class ValueProblem(ValueError):
    """Why a value is refused, said so the author can fix it."""


def parse(text: str) -> Decimal:
    """The value ``text`` stands for, with its decimal places as written."""
    t = text.strip()
    if not t:
        raise ValueProblem(f"the value is empty: write the number ({EXAMPLE})")
    half = unicodedata.normalize("NFKC", t)
    if half != t:
        wide = next(c for c in t if unicodedata.normalize("NFKC", c) != c)
        name = unicodedata.name(wide, "").lower() or f"U+{ord(wide):04X}"
        raise ValueProblem(
            f"value {t!r} holds full-width characters ({wide!r}, {name}): write {half!r} "
            "in half-width digits (digits: fullwidth prints them full-width)"
        )
    if _PLAIN.fullmatch(t):
        whole = t.lstrip("+-").split(".")[0].replace(",", "")
        if len(whole) > 1 and whole.startswith("0"):
            fixed = t.replace(whole, whole.lstrip("0") or "0", 1)
            raise ValueProblem(
                f"value {t!r} has a leading zero (YAML would read it as an octal number): "
                f"write {fixed!r}"
            )
        return Decimal(t.replace(",", ""))
    raise ValueProblem(_why(t))


def _why(t: str) -> str:
    if _HEX.fullmatch(t) or _OCTAL.fullmatch(t):
        return (
            f"value {t!r} is not a decimal number (YAML would read it as {int(t, 0)}): "
            "write the number as the report prints it"
        )
    if _EXPONENT.fullmatch(t):
        plain = format(Decimal(t), "f")
        that = f" ({t} is {plain})" if len(plain) <= 24 else ""
        return f"value {t!r} has an exponent: write the number as the report prints it{that}"
    if re.fullmatch(r"[+-]?[\d,]+(?:\.\d+)?", t) and "," in t:
        return f"value {t!r}: thousands commas must group three digits (7,959 or 7959)"
    if re.fullmatch(r"[+-]?(?:\d+\.|\.\d+)", t):
        return f"value {t!r}: write digits on both sides of the point (0.5, 5.0)"
    if "_" in t and re.fullmatch(r"[+-]?[\d_]+(?:\.\d+)?", t):
        return f"value {t!r}: group thousands with commas or not at all, not with '_'"
    return (
        f"value {t!r} is not a number: write the number alone ({EXAMPLE}); the unit goes in 'unit'"
    )
