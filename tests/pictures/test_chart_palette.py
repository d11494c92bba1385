"""Charts follow the layout set's palette, whose colours are tokens: changing ``key`` (the PPTX
theme's accent1) recolours the charts on the next build, as it recolours the slides."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from deckbuilder.commands.build import build
from helpers import ROOT


def chart_svgs(pptx: Path) -> str:
    with zipfile.ZipFile(pptx) as z:
        return "".join(
            z.read(n).decode().lower()
            for n in z.namelist()
            if re.match(r"ppt/media/chart\d+\.svg", n)
        )


def accent1(pptx: Path) -> str:
    with zipfile.ZipFile(pptx) as z:
        layout_set = z.read("ppt/theme/theme1.xml").decode()
    found = re.search(r'<a:accent1><a:srgbClr val="([0-9A-F]{6})"', layout_set)
    assert found, layout_set[:400]
    return found.group(1)


def test_a_rebuild_with_another_key_colour_recolours_the_charts(project: Path):
    out = project / "out"
    before = build(project / "deck", out).pptx
    assert accent1(before) == "0017C1"
    svgs = chart_svgs(before)
    assert "#0017c1" in svgs and "#7096f8" in svgs  # key and tint-400 (before/after)

    tokens = project / "layouts" / "ministry" / "tokens.yaml"
    text = tokens.read_text(encoding="utf-8")
    text = text.replace('key: "#0017C1"', 'key: "#B30000"').replace(
        'tint-400: "#7096F8"', 'tint-400: "#F87070"'
    )
    tokens.write_text(text, encoding="utf-8")
    after = build(project / "deck", out).pptx  # the same folder: kept charts are not reused
    assert accent1(after) == "B30000"
    svgs = chart_svgs(after)
    assert "#b30000" in svgs and "#f87070" in svgs
    assert "#0017c1" not in svgs and "#7096f8" not in svgs


def test_the_shipped_palettes_name_colour_tokens():
    import yaml

    root = ROOT / "layouts"
    for name in ("ministry", "ministry-print"):
        tokens = yaml.safe_load((root / name / "tokens.yaml").read_text(encoding="utf-8"))
        palette = tokens["chart"]["palette"]
        assert palette[0] == "key", name
        assert all(c in tokens["colors"] for c in palette), (name, palette)


def test_a_palette_colour_that_is_no_token_is_an_error_at_its_line(project: Path):
    import pytest

    from deckbuilder.commands.build import compile_deck
    from deckbuilder.errors import SourceError

    tokens = project / "layouts" / "ministry" / "tokens.yaml"
    text = tokens.read_text(encoding="utf-8").replace("palette: [key,", "palette: [kee,")
    tokens.write_text(text, encoding="utf-8")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "palette: [kee," in ln)
    with pytest.raises(SourceError) as err:
        compile_deck(project / "deck")
    assert (
        f"layouts/ministry/tokens.yaml:{line}:3: error: chart.palette: unknown colour 'kee'"
        in str(err.value)
    )
