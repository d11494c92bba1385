"""The editor: the YAML language server (what VS Code's YAML extension runs), configured by the
repository's .vscode/settings.json, underlines mistakes and completes block kinds."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT

SCRIPT = ROOT / "tests/editor/yaml-ls.mjs"
pytestmark = pytest.mark.skipif(
    not (shutil.which("node") and (ROOT / "node_modules/yaml-language-server").is_dir()),
    reason="needs node and `npm ci` (yaml-language-server)",
)


def editor(root: Path, *files: Path, at: str | None = None) -> dict:
    cmd = ["node", str(SCRIPT), str(root), *(["--at", at] if at else []), *map(str, files)]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_every_deck_file_opens_clean_in_the_editor():
    files = [ROOT / "deck/deck.yaml", ROOT / "deck/figures.yaml"]
    files += sorted((ROOT / "deck/slides").glob("*.yaml"))
    shown = editor(ROOT, *files)["files"]
    assert shown == {str(f): [] for f in files}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the repository's editor set-up, with a deck to break."""
    ws = tmp_path / "ws"
    shutil.copytree(ROOT / ".vscode", ws / ".vscode")
    shutil.copytree(ROOT / "schema", ws / "schema")
    shutil.copytree(ROOT / "deck", ws / "deck")
    return ws


def test_the_editor_underlines_mistakes_in_each_kind_of_file(workspace: Path):
    slide = workspace / "deck/slides/10-bad.yaml"
    slide.write_text(
        "layout: contnet\n"
        "title: 登録数は{mynaportal.account}です\n"
        "panels:\n"
        "  - blocks:\n"
        "      - bulets: [項目]\n"
        "      - kpis: [mynacard.holder]\n",
        encoding="utf-8",
    )
    deck = workspace / "deck/deck.yaml"
    deck.write_text(
        deck.read_text(encoding="utf-8").replace("layouts: ministry", "layouts: minstry"),
        encoding="utf-8",
    )
    figures = workspace / "deck/figures.yaml"
    figures.write_text(
        "a.b:\n  value: 1\n  unit: 件\n  as_of: null\n  lable: x\n  source: y\n", encoding="utf-8"
    )
    shown = editor(workspace, slide, deck, figures, at="4:9")
    lines = {(d["line"], d["message"].split(".")[0]) for d in shown["files"][str(slide)]}
    assert (1, "Value is not accepted") in lines  # the layout
    assert (2, "a {figure") in lines  # the text's figure reference
    assert (5, "Value is not accepted") in lines  # the block kind
    assert (6, "Value is not accepted") in lines  # the KPI's figure id
    assert shown["files"][str(deck)] and shown["files"][str(figures)]
    messages = " ".join(d["message"] for d in shown["files"][str(figures)])
    assert "lable" in messages and "label" in messages
    # Completion on the misspelt block offers the block kinds.
    assert {"bullets", "kpis", "chart", "timeline"} <= set(shown["completion"])
