"""The tests mirror the source's folders: each stage folder of src/deckbuilder/ has a test folder
of the same name, and every test folder is a stage or one of the few that span stages."""

from __future__ import annotations

from helpers import ROOT

SPANNING = {"report", "trust", "tooling"}  # the whole report, promises across stages, the repo
NOT_TESTS = {"fixtures", "golden", "axe", "editor"}  # data and the Node harnesses


def test_every_stage_has_a_test_folder_and_every_test_folder_a_stage():
    stages = {p.parent.name for p in (ROOT / "src" / "deckbuilder").glob("*/__init__.py")}
    assert {"source", "layout", "pdf", "powerpoint", "web", "commands"} <= stages
    folders = {p.parent.name for p in (ROOT / "tests").glob("*/test_*.py")}
    assert stages <= folders, stages - folders
    assert folders <= stages | SPANNING, folders - stages - SPANNING
    others = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir()} - folders - NOT_TESTS
    assert not {n for n in others if not n.startswith((".", "__"))}


def test_every_test_folder_is_a_package():
    """An __init__.py each, so a test file may share its name with one in another stage."""
    folders = {p.parent for p in (ROOT / "tests").glob("*/test_*.py")}
    assert folders
    assert all((f / "__init__.py").is_file() for f in folders), sorted(map(str, folders))
