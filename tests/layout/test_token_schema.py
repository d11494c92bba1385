"""The layout-set component schema (layout/tokens.py): the one place a component token is
declared, with its type, default and meaning; tokens.yaml is checked against it and the docs are
generated from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cmdkit import edit
from deckbuilder.check.tokens import component_problems
from deckbuilder.cli import main
from deckbuilder.layout import tokens
from deckbuilder.layout.blocks import registry
from deckbuilder.source.layoutset import load_layout_set
from helpers import ROOT, make_project

TOKENS = "layouts/ministry/tokens.yaml"
LAYOUTS = "layouts/ministry/layouts.yaml"


def test_the_token_reference_is_generated_from_the_schema():
    doc = (ROOT / "docs" / "tokens.md").read_text(encoding="utf-8")
    assert doc == tokens.reference(), (
        "docs/tokens.md is stale: run `python -m deckbuilder.layout.tokens > docs/tokens.md`"
    )
    assert "| `label` | text | `対応する課題` |" in doc


@pytest.mark.parametrize("set_name", ["ministry", "ministry-print"])
def test_the_shipped_sets_hold_only_declared_tokens_of_the_right_type(set_name: str):
    layout_set = load_layout_set(
        ROOT / "layouts" / set_name, ROOT, block_styles=registry.block_styles()
    )
    assert component_problems(layout_set) == []
    assert tokens.value(layout_set.components, "tag", "label") == "対応する課題"


def test_a_typo_warns_with_its_line_and_a_wrong_type_stops_the_build(tmp_path: Path, capsys):
    proj = make_project(tmp_path / "p", "cli", sets=("ministry",))
    edit(proj / TOKENS, "panel: {padding: 16,", "panel: {pading: 16,")
    edit(proj / TOKENS, "  picture: {", "  pictures: {")
    edit(proj / LAYOUTS, "body: {align: 0,", "body: {aling: 0,")
    edit(proj / TOKENS, "  label_size: 14", "  label_sise: 14")
    assert main(["check", str(proj / "deck")]) == 0
    err = capsys.readouterr().out
    at = f"{LAYOUTS}:{_line(proj / LAYOUTS, 'aling')}:"
    assert (
        f"{at}" in err and "unknown key 'aling' in component 'body' (did you mean 'align'?)" in err
    )
    line = _line(proj / TOKENS, "pading")
    assert f"{TOKENS}:{line}:" in err
    assert "warning: unknown key 'pading' in component 'panel' (did you mean 'padding'?)" in err
    assert "unknown component 'pictures' in tokens.yaml (did you mean 'picture'?)" in err
    assert "unknown key 'label_sise' in chart (did you mean 'label_size'?)" in err
    edit(proj / TOKENS, "dot_size: 12", "dot_size: large")
    edit(proj / TOKENS, "value_size: 20", "value_size: [20]")
    assert main(["build", str(proj / "deck"), "-o", str(tmp_path / "out"), "-q"]) != 0
    err = capsys.readouterr().err
    assert f"{TOKENS}:{_line(proj / TOKENS, 'dot_size')}:" in err
    assert "error: component timeline.dot_size must be a length in px (number), not 'large'" in err
    assert "error: chart.value_size must be a length in px (number), not [20]" in err


def test_the_layout_stage_writes_no_token_default_at_a_call_site():
    """Every component read goes through the schema: no ``k.c(comp, key, default)`` and no
    ``comp(...).get(key, default)`` left in layout/."""
    calls = re.compile(r"\.c\([^()]*,[^()]*,|\.color\([^()]*,[^()]*,|\.comp\([^()]*\)\.get\(")
    for path in sorted((ROOT / "src/deckbuilder/layout").rglob("*.py")):
        assert not calls.search(path.read_text(encoding="utf-8")), path


def test_an_undeclared_token_is_a_loud_mistake():
    with pytest.raises(KeyError):
        tokens.value({}, "panel", "paddin")


def _line(path: Path, word: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, start=1) if word in text)
