"""``deckbuilder schema``: the JSON Schemas editors and CI validate the deck's files against."""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from deckbuilder.cli import main
from deckbuilder.commands import schema
from deckbuilder.layout.blocks import chart as chart_kind
from deckbuilder.layout.blocks import registry
from deckbuilder.source import loader
from deckbuilder.source import model as m
from deckbuilder.source.shapes import obj
from helpers import ROOT, make_project

SCHEMAS = ROOT / "schema"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
needs_cj = pytest.mark.skipif(
    not CHECK_JSONSCHEMA.exists(), reason="check-jsonschema not installed (the dev extra)"
)


def validate(schema_file: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema as the pre-commit hook and CI run it."""
    cmd = [str(CHECK_JSONSCHEMA), "--schemafile", str(schema_file), *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True, check=False)


def test_committed_schemas_are_current(tmp_path: Path, capsys):
    """Stale schemas mislead every editor: regenerate with `deckbuilder schema`."""
    assert main(["schema", str(ROOT / "deck"), "-o", str(tmp_path)]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [str(tmp_path / name) for name in schema.FILES]
    for name in schema.FILES:
        fresh = (tmp_path / name).read_bytes()
        assert (SCHEMAS / name).read_bytes() == fresh, f"schema/{name} is stale: run "
        "`deckbuilder schema` and commit it"


def test_schemas_hold_the_loaders_definitions_and_the_decks_values():
    slide = json.loads((SCHEMAS / "slide.schema.json").read_text(encoding="utf-8"))
    figures = json.loads((SCHEMAS / "figures.schema.json").read_text(encoding="utf-8"))
    deck = json.loads((SCHEMAS / "deck.schema.json").read_text(encoding="utf-8"))
    for s in (slide, figures, deck):
        assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(slide["properties"]) == loader.SLIDE_KEYS
    block = slide["$defs"]["block"]
    assert block["propertyNames"]["enum"] == list(registry.names())
    chart = block["properties"]["chart"]["properties"]
    assert chart["kind"]["enum"] == list(chart_kind.CHART_KINDS)
    assert set(deck["properties"]) == loader.DECK_KEYS
    assert set(figures["$defs"]["figure"]["properties"]) == loader.FIGURE_KEYS
    # The deck's own values: every figure id, the layout names, each layout's slots.
    ids = sorted(yaml.safe_load((ROOT / "deck/figures.yaml").read_text(encoding="utf-8")))
    assert slide["$defs"]["figure-id"]["enum"] == ids
    assert {"cover", "content", "section", "statement"} <= set(
        slide["properties"]["layout"]["enum"]
    )
    cover = next(c for c in slide["allOf"] if c["if"]["properties"]["layout"]["const"] == "cover")
    assert cover["then"]["propertyNames"]["enum"] == ["layout", "notes", "title"]
    assert deck["properties"]["layouts"]["anyOf"][0]["enum"] == ["ministry", "ministry-print"]
    # Descriptions in the docs' words, for every key of the loader.
    assert schema.undocumented() == []
    assert "exactly as printed" in slide["properties"]["breadcrumb"]["description"]


def test_a_kind_the_registry_gains_is_in_the_schema(monkeypatch):
    """A block kind declares its schema and keys in its module: the schema follows, and its
    undocumented keys are named (the chart's gained key through the module's own set)."""
    monkeypatch.setattr(chart_kind, "CHART_KEYS", chart_kind.CHART_KEYS | {"colours"})
    keys = {"text", "author"}
    quote = dataclasses.replace(
        registry.kind_of(m.Text(("x",))),
        names=("quote",),
        model=type("Quote", (), {}),
        order=200,
        docs={"quote.text": "The words."},
        keys={"quote": keys},
        schema=lambda fid: {"quote": obj("quote", keys, {})},
    )
    with registry.registered(quote):
        s = schema.schemas(ROOT / "deck")["slide.schema.json"]
        undocumented = schema.undocumented()
    block = s["$defs"]["block"]
    assert block["propertyNames"]["enum"][-1] == "quote"
    assert set(block["properties"]["quote"]["properties"]) == keys
    assert "colours" in block["properties"]["chart"]["properties"]
    assert undocumented == ["block.quote", "quote.author"]
    assert "quote" not in registry.names()


@needs_cj
def test_every_deck_file_validates_and_the_schemas_are_valid_schemas():
    res = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--check-metaschema", *map(str, sorted(SCHEMAS.glob("*.json")))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    slides = sorted((ROOT / "deck/slides").glob("*.yaml"))
    assert len(slides) == 44
    for schema_file, files in (
        ("deck.schema.json", [ROOT / "deck/deck.yaml"]),
        ("figures.schema.json", [ROOT / "deck/figures.yaml"]),
        ("slide.schema.json", slides),
    ):
        res = validate(SCHEMAS / schema_file, *files)
        assert res.returncode == 0, res.stdout + res.stderr


BAD_SLIDES = {
    "misspelt block kind": (
        "      - bulets: [項目]\n",
        "'bulets' is not one of ['text', 'bullets',",
    ),
    "unknown figure id": (
        "      - kpis: [mynacard.holder]\n",
        "kpis[0]: 'mynacard.holder' is not one of [",
    ),
    "unknown figure id in a text": (
        "      - text: 登録数は{mynaportal.account}に達し、{括弧}は文字のまま\n",
        "text: '登録数は{mynaportal.account}に達し、{括弧}は文字のまま' does not match",
    ),
    "unknown figure id in a chart": (
        "      - chart: {kind: ring, figures: [mynacard.rate]}\n",
        "chart.figures[0]: 'mynacard.rate' is not one of [",
    ),
}


@needs_cj
@pytest.mark.parametrize("case", sorted(BAD_SLIDES))
def test_schema_refuses_a_bad_block(case: str, tmp_path: Path):
    block, message = BAD_SLIDES[case]
    bad = tmp_path / "10-bad.yaml"
    bad.write_text(
        f"layout: content\ntitle: テスト\npanels:\n  - blocks:\n{block}", encoding="utf-8"
    )
    res = validate(SCHEMAS / "slide.schema.json", bad)
    assert res.returncode == 1
    assert message in res.stdout


@needs_cj
def test_schema_refuses_an_unknown_layout_and_a_key_the_layout_does_not_show(tmp_path: Path):
    real = (ROOT / "deck/slides/01-cover.yaml").read_text(encoding="utf-8")
    typo = tmp_path / "01-typo.yaml"
    typo.write_text(real.replace("layout: cover", "layout: covr"), encoding="utf-8")
    res = validate(SCHEMAS / "slide.schema.json", typo)
    assert res.returncode == 1
    assert "$.layout: 'covr' is not one of ['back-cover'," in res.stdout
    lost = tmp_path / "01-lost.yaml"
    lost.write_text(real + "lead: 表紙には出ない文\n", encoding="utf-8")
    res = validate(SCHEMAS / "slide.schema.json", lost)
    assert res.returncode == 1 and "'lead' is not one of ['layout', 'notes', 'title']" in res.stdout


@needs_cj
def test_schema_refuses_a_misspelt_figure_key_and_a_bad_deck(tmp_path: Path):
    figures = tmp_path / "figures.yaml"
    figures.write_text(
        "a.b:\n  value: 12\n  unit: 件\n  as_of: null\n  lable: x\n  source: y\n", encoding="utf-8"
    )
    res = validate(SCHEMAS / "figures.schema.json", figures)
    assert res.returncode == 1 and "'label' is a required property" in res.stdout
    deck = tmp_path / "deck.yaml"
    text = (ROOT / "deck/deck.yaml").read_text(encoding="utf-8")
    deck.write_text(text.replace("layouts: ministry", "layouts: minstry"), encoding="utf-8")
    assert validate(SCHEMAS / "deck.schema.json", deck).returncode == 1


def test_the_editor_maps_every_schema_to_the_deck_files():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    assert sorted(Path(p).name for p in mapped) == sorted(schema.FILES)
    for schema_path, pattern in mapped.items():
        assert (ROOT / schema_path).is_file()
        files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "deck").rglob("*.yaml")]
        assert [f for f in files if fnmatch.fnmatch(f, pattern)], pattern


def test_schema_of_a_folder_that_is_no_deck_is_a_clear_error(tmp_path: Path, capsys):
    assert main(["schema", str(tmp_path / "nowhere"), "-o", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "no deck.yaml here" in err and "Traceback" not in err
    assert not (tmp_path / "s").exists()


def test_schema_follows_the_decks_figures(tmp_path: Path):
    proj = make_project(tmp_path / "proj", "cli")
    s = schema.schemas(proj / "deck")["slide.schema.json"]
    ids = ["ai.users", "mynacard.rate_2021", "mynacard.rate_2025", "mynaportal.accounts"]
    assert s["$defs"]["figure-id"]["enum"] == [*ids, "unused.figure"]


def test_documented_modelines_point_at_the_schemas():
    """The modelines the docs give resolve, from the file they go in, to the schema for it."""
    docs = (ROOT / "docs/source-format.md").read_text(encoding="utf-8")
    docs += (ROOT / "README.md").read_text(encoding="utf-8")
    found = set(re.findall(r"# yaml-language-server: \$schema=(\S+?\.json)", docs))
    homes = {
        "slide.schema.json": ROOT / "deck/slides",
        "figures.schema.json": ROOT / "deck",
        "deck.schema.json": ROOT / "deck",
    }
    assert {Path(f).name for f in found} >= {"slide.schema.json", "figures.schema.json"}
    for target in found:
        assert (homes[Path(target).name] / target).resolve() == SCHEMAS / Path(target).name


def test_schema_of_a_broken_deck_names_the_line(tmp_path: Path, capsys):
    proj = make_project(tmp_path / "proj", "cli")
    (proj / "deck/figures.yaml").write_text("a.b:\n  value: [1\n", encoding="utf-8")
    assert main(["schema", str(proj / "deck"), "-o", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "figures.yaml:" in err and "Traceback" not in err
    assert not (tmp_path / "s").exists()
    (tmp_path / "f").write_text("", encoding="utf-8")
    assert main(["schema", str(ROOT / "deck"), "-o", str(tmp_path / "f")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err
