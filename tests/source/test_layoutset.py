"""Layout sets hold nothing the ministry's design facts contradict."""

from __future__ import annotations

import pytest
import yaml

from helpers import ROOT

SETS = sorted(p.parent.name for p in (ROOT / "layouts").glob("*/tokens.yaml"))
DADS_SIZES = {14, 16, 17, 18, 20, 22, 24, 26, 28, 32, 36, 45, 48, 57, 64}
DADS_LINE_HEIGHTS = {1.0, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.75}
# DADS primitives and neutrals used by the sets (ministry-style.md §2).
DADS_COLOURS = {
    "#0017C1",
    "#00118F",
    "#3460FB",
    "#264AF4",
    "#0031D8",
    "#7096F8",
    "#9DB7F9",
    "#C5D7FB",
    "#D9E6FF",
    "#E8F1FE",
    "#FFFFFF",
    "#000000",
    "#F2F2F2",
    "#E6E6E6",
    "#CCCCCC",
    "#B3B3B3",
    "#999999",
    "#949494",
    "#7F7F7F",
    "#767676",
    "#666666",
    "#4D4D4D",
    "#333333",
    "#1A1A1A",
    "#CE0000",
    "#EC0000",
    "#FE3939",
    "#FFBBBB",
    "#F8F8FB",
}


@pytest.mark.parametrize("name", SETS)
def test_tokens_follow_dads(name: str):
    tokens = yaml.safe_load((ROOT / "layouts" / name / "tokens.yaml").read_text("utf-8"))
    colours = {k: v.upper() for k, v in tokens["colors"].items()}
    assert colours["key"] == "#0017C1"
    assert set(colours.values()) <= DADS_COLOURS, set(colours.values()) - DADS_COLOURS
    for style, spec in tokens["styles"].items():
        assert spec["size"] in DADS_SIZES, style
        assert spec.get("min_size", spec["size"]) in DADS_SIZES, style
        assert spec["weight"] in (400, 700), style
        assert spec["line_height"] in DADS_LINE_HEIGHTS, style
    for colour in tokens["chart"]["palette"]:  # colour tokens, so a new key recolours charts
        assert colours.get(colour, colour).upper() in DADS_COLOURS
    assert "BIZ UDPGothic" in tokens["fonts"]["family"]


def test_ministry_set_exists():
    assert "ministry" in SETS
