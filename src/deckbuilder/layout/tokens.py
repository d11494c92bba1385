"""The schema of a layout set's components (tokens.yaml ``components:``): component -> key ->
type, default, meaning. The layout stage reads every component token through it (no default at
a call site), the contrast check reads the fills with it, ``check`` validates tokens.yaml
against it, and docs/tokens.md is generated from it (``python -m deckbuilder.layout.tokens``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = {
    "px": "a length in px (number)",
    "number": "a number",
    "colour": "a colour token or #RRGGBB",
    "text": "text",
    "flag": "true or false",
    "colours": "a list of colour tokens or #RRGGBB",
}


@dataclass(frozen=True)
class Token:
    kind: str  # one of KINDS
    default: Any
    meaning: str

    def accepts(self, value: Any) -> bool:
        if self.kind in ("px", "number"):
            return isinstance(value, int | float) and not isinstance(value, bool)
        if self.kind == "flag":
            return isinstance(value, bool)
        if self.kind == "colours":
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        return isinstance(value, str)


def _t(kind: str, default: Any, meaning: str) -> Token:
    return Token(kind, default, meaning)


GAP = _t("px", 16, "between panels (and, by `panel.block_gap`, between a panel's blocks)")

COMPONENTS: dict[str, dict[str, Token]] = {
    "header": {
        "gap": _t("px", 12, "under the title and under the lead"),
        "tags_gap": _t("px", 16, "under the row of tags"),
    },
    "title-bar": {
        "width": _t("px", 6, "the key bar left of a chip title"),
        "gap": _t("px", 10, "between the bar and the title"),
        "inset": _t("px", 4, "how much shorter than the title the bar is, top and bottom"),
        "fill": _t("colour", "key", "the bar's colour"),
    },
    "body": {
        "max_stretch": _t("number", 0.25, "how much a row of panels may grow, as a share"),
        "align": _t("number", 0.5, "where the rest of the room goes: 0 top, 0.5 centred"),
        "max_zoom": _t("number", 1.0, "how much larger a sparse slide's panels may be set"),
    },
    "panel": {
        "padding": _t("px", 16, "inside a framed panel"),
        "radius": _t("px", 12, "corner radius"),
        "stroke": _t("colour", "rule", "a box panel's frame"),
        "stroke_width": _t("px", 1, "the frame's width"),
        "fill": _t("colour", "white", "a box panel's fill"),
        "tint_fill": _t("colour", "tint", "a tint panel's fill"),
        "block_gap": _t("number", 0.75, "between a panel's blocks, as a share of `gap`"),
    },
    "panel-heading": {
        "bar": _t("colour", "key", "the bar left of a panel heading"),
        "bar_width": _t("px", 4, "the bar's width"),
        "gap": _t("px", 8, "between the bar and the heading"),
    },
    "kpi": {
        "min_width": _t("px", 200, "the narrowest card: decides how many share a row"),
        "gap": _t("px", 12, "between cards"),
        "padding": _t("px", 12, "inside a card"),
        "fill": _t("colour", "tint", "a card's fill"),
        "radius": _t("px", 8, "corner radius"),
        "stroke_width": _t("px", 1, "a card's frame, where it has a stroke"),
        "label_gap": _t("px", 4, "under a card's label"),
        "date_gap": _t("px", 8, "between the value and the date beside it"),
        "note_gap": _t("px", 4, "above a card's note"),
    },
    "item": {
        "min_width": _t("px", 200, "the narrowest card: decides how many share a row"),
        "gap": _t("px", 12, "between cards"),
        "padding": _t("px", 12, "inside a card"),
        "fill": _t("colour", "white", "a card's fill"),
        "stroke": _t("colour", "rule", "a card's frame"),
        "radius": _t("px", 8, "corner radius"),
        "number_fill": _t("colour", "key", "the circle behind an item's number"),
        "stroke_width": _t("px", 1, "a card's frame"),
        "number_gap": _t("px", 8, "between the number's circle and the title"),
        "title_gap": _t("px", 4, "under a card's title"),
    },
    "tag": {
        "height": _t("px", 28, "a chip's height"),
        "padding": _t("px", 12, "left and right inside a chip"),
        "gap": _t("px", 8, "between chips"),
        "radius": _t("px", 14, "a chip's corner radius in the web page"),
        "stroke": _t("colour", "key", "a chip's outline"),
        "stroke_width": _t("px", 1, "the outline's width"),
        "label": _t("text", "対応する課題", "the label before a slide's tags"),
        "label_fill": _t("colour", "key", "the label's fill"),
        "label_radius": _t("px", 4, "the label's corner radius"),
        "label_gap": _t("px", 8, "between the label and the first chip"),
    },
    "paragraph": {
        "spacing": _t("number", 0.4, "between a text block's paragraphs, as a share of a line"),
    },
    "bullet": {
        "marker": _t("text", "・", "the marker of a bulleted line"),
        "indent": _t("px", 16, "the narrowest a list's marker column is"),
        "spacing": _t("number", 0.25, "between a list's items, as a share of the text size"),
    },
    "step": {
        "height": _t("px", 56, "a flow's chevrons at least"),
        "gap": _t("px", 8, "between chevrons"),
        "fill": _t("colour", "key", "a step's fill"),
        "point": _t("px", 16, "how far a chevron's point reaches"),
        "padding": _t("px", 8, "inside a chevron, around its text"),
        "cycle_padding": _t("px", 12, "inside a cycle's box, around its text"),
        "cycle_height": _t("px", 80, "a cycle's boxes at least"),
        "cycle_arrow": _t("px", 96, "the room for a cycle's arrows between boxes"),
        "cycle_arrow_width": _t("px", 3, "the width of a cycle's arrows"),
        "cycle_arrow_inset": _t("px", 12, "between a cycle's arrows and its boxes"),
    },
    "layer": {
        "height": _t("px", 52, "a layer at least"),
        "gap": _t("px", 8, "between layers"),
        "label_width": _t("px", 220, "the label column at most"),
        "label_share": _t("number", 0.4, "the label column at most, as a share of the block"),
        "fill": _t("colour", "key", "the label's fill"),
        "text_fill": _t("colour", "tint", "the text's fill"),
        "radius": _t("px", 4, "the label's and the text's corner radius"),
        "padding": _t("px", 8, "inside the label, and above and below the text"),
        "text_padding": _t("px", 12, "left and right of the text"),
    },
    "timeline": {
        "line": _t("colour", "rule", "the line"),
        "dot": _t("colour", "key", "a stop's dot"),
        "dot_size": _t("px", 12, "a dot's diameter"),
        "line_width": _t("px", 2, "the line's width"),
        "spacing": _t("px", 6, "between the dates and the line, and the line and the events"),
        "date_gap": _t("px", 8, "right of a date, before the next stop's"),
        "event_gap": _t("px", 12, "right of a stop's events, before the next stop's"),
        "line_gap": _t("px", 2, "under each event"),
    },
    "placeholder": {
        "fill": _t("colour", "surface", "the frame standing in for a picture"),
        "stroke": _t("colour", "rule", "its outline"),
        "dashed": _t("flag", True, "a dashed outline"),
        "stroke_width": _t("px", 1, "the outline's width"),
        "padding": _t("px", 8, "left and right of the frame's caption"),
        "note_gap": _t("px", 4, "above the note under a dummy frame"),
        "min_height": _t("px", 96, "the frame at least (and a picture at least)"),
        "label": _t("text", "［画像］", "printed before the frame's caption"),
        "dummy_note": _t(
            "text", "※イメージ画像であり、数字等はダミーです", "under a frame marked dummy"
        ),
    },
    "picture": {
        "max_height": _t("px", 360, "an image block's natural height at most"),
        "caption_gap": _t("px", 4, "above a picture's caption"),
    },
    "compare": {
        "label_fill": _t("colour", "sub", "the before label's fill"),
        "after_label_fill": _t("colour", "key", "the after label's fill"),
        "arrow": _t("colour", "key", "the arrow between the sides"),
        "fill": _t("colour", "surface", "the before side's fill"),
        "after_fill": _t("colour", "tint", "the after side's fill"),
        "arrow_width": _t("px", 48, "the room for the arrow between the sides"),
        "padding": _t("px", 12, "inside a side"),
        "radius": _t("px", 8, "a side's corner radius"),
        "label_padding": _t("px", 6, "above and below a side's label"),
        "label_radius": _t("px", 4, "a label's corner radius"),
        "label_gap": _t("px", 8, "under a side's label"),
        "arrow_height": _t("px", 28, "the arrow's height"),
        "arrow_inset": _t("px", 8, "between the arrow and the sides"),
        "text_gap": _t("px", 4, "under a side's title and its text"),
    },
    "chart": {
        "height": _t("px", 180, "a chart at least (it grows into spare room)"),
        "ring_height": _t("px", 180, "a ring chart at least"),
        "title_gap": _t("px", 4, "under a chart's title and under its dates"),
    },
    "contents": {
        "fill": _t("colour", "tint", "a section's box on the contents slide"),
        "gap": _t("px", 32, "between the boxes"),
        "radius": _t("px", 12, "a box's corner radius"),
        "padding": _t("px", 24, "left and right inside a box"),
        "top": _t("px", 20, "above a section's number and title"),
        "number_width": _t("px", 56, "the column of the section's number"),
        "top_gap": _t("px", 12, "between a section's title and its topics"),
    },
}


# tokens.yaml's ``chart:``: the look of the charts matplotlib draws (colours resolved on loading).
CHART: dict[str, Token] = {
    "palette": _t("colours", ["#0017C1"], "the series' colours, strongest first"),
    "grid": _t("colour", "#E6E6E6", "gridlines"),
    "track": _t("colour", "#E8F1FE", "the unfilled part of a ring or bar"),
    "text": _t("colour", "#333333", "labels and values"),
    "label_size": _t("px", 14, "the labels' size"),
    "value_size": _t("px", 20, "the size of the values written on the data"),
}


def chart(spec: dict[str, Any], key: str) -> Any:
    """A chart token: the set's value, else the schema's default."""
    return spec.get(key, CHART[key].default)


def token(comp: str, key: str) -> Token:
    """The declared token; a KeyError names a read the schema lacks (declare it here)."""
    return COMPONENTS[comp][key]


def value(components: dict[str, Any], comp: str, key: str) -> Any:
    """A component's value as the layout set gives it, else the schema's default."""
    spec = components.get(comp, {})
    given = spec if isinstance(spec, dict) else {}
    return given.get(key, token(comp, key).default)


def gap(components: dict[str, Any]) -> Any:
    """The one scalar component: the gap between panels."""
    return components.get("gap", GAP.default)


def reference() -> str:
    """docs/tokens.md: every component and key, its type, default and meaning."""
    lines = [
        "# Layout-set components",
        "",
        "Generated from `src/deckbuilder/layout/tokens.py` by",
        "`python -m deckbuilder.layout.tokens > docs/tokens.md`; a test fails when it is stale.",
        "A key a layout set's `tokens.yaml` leaves out takes the default. Lengths are px on the",
        "1280 × 720 canvas; colours are colour tokens or `#RRGGBB`.",
        "",
        f"`gap` ({KINDS['px']}, default {GAP.default}): {GAP.meaning}.",
    ]
    for comp, keys in COMPONENTS.items():
        lines += ["", f"## `{comp}`", "", *_table(keys)]
    lines += ["", "## `chart:` (beside `components:`)", "", *_table(CHART)]
    return "\n".join(lines) + "\n"


def _table(keys: dict[str, Token]) -> list[str]:
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for key, t in keys.items():
        default = str(t.default).lower() if isinstance(t.default, bool) else t.default
        if isinstance(default, list):
            default = ", ".join(default)
        rows.append(f"| `{key}` | {t.kind} | `{default}` | {t.meaning} |")
    return rows


if __name__ == "__main__":
    print(reference(), end="")
