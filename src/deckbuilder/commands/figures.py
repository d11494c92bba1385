"""``deckbuilder figures``: every figure of the deck, as printed, with the slides that show it
(found by ``figrefs``).
"""

from __future__ import annotations

import csv
import io
import unicodedata

from deckbuilder.source import model as m
from deckbuilder.source.figrefs import figure_slides
from deckbuilder.source.formatting import value_text

# --- the table ---------------------------------------------------------------------------------

COLUMNS = ("id", "value", "unit", "as_of", "source", "slides")


def rows(deck: m.Deck) -> list[dict[str, str]]:
    used = figure_slides(deck)
    out = []
    for fid, f in deck.figures.items():
        out.append(
            {
                "id": fid,
                "value": value_text(f),
                "unit": f.unit,
                "as_of": f.as_of or "",
                "source": f.source,
                "slides": ", ".join(str(n) for n in used.get(fid, [])),
            }
        )
    return out


def as_csv(table: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(table)
    return buf.getvalue()


def as_csv_bytes(table: list[dict[str, str]]) -> bytes:
    """The CSV as a file for Excel: UTF-8 with a byte-order mark (without it, Excel on a
    Japanese Windows reads the file as Shift_JIS and shows mojibake), CRLF line ends."""
    return ("\ufeff" + as_csv(table).replace("\n", "\r\n")).encode("utf-8")


def width(text: str) -> int:
    """Columns a string takes in a terminal: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, n: int) -> str:
    return text + " " * max(0, n - width(text))


def as_text(table: list[dict[str, str]]) -> str:
    heads = {
        "id": "id",
        "value": "value",
        "unit": "unit",
        "as_of": "as of",
        "source": "source",
        "slides": "slides",
    }
    cols = [c for c in COLUMNS if c != "source"] + ["source"]  # the long column last
    widths = {c: max([width(heads[c])] + [width(r[c]) for r in table]) for c in cols}
    lines = ["  ".join(pad(heads[c], widths[c]) for c in cols).rstrip()]
    lines.append("  ".join("-" * widths[c] for c in cols))
    for r in table:
        cells = [pad(r[c] or ("—" if c == "slides" else ""), widths[c]) for c in cols]
        lines.append("  ".join(cells).rstrip())
    unused = sum(1 for r in table if not r["slides"])
    summary = f"{len(table)} figures"
    if unused:
        summary += f", {unused} shown on no slide"
    lines.append(summary)
    return "\n".join(lines) + "\n"
