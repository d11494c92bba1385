"""The block registry: a kind declared in one module (here, in this test) is read, laid out,
tagged, styled and given a schema, with no other module edited."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from cmdkit import edit
from deckbuilder.cli import main
from deckbuilder.commands import schema
from deckbuilder.commands.build import compile_deck
from deckbuilder.errors import SourceError, Where
from deckbuilder.layout.blocks import registry
from deckbuilder.layout.blocks.kind import PANEL, BlockKind
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Group, TextBox
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput
from deckbuilder.source.shapes import TEXT, obj
from helpers import ROOT, make_project

SLIDE = "deck/slides/02-kpis.yaml"
QUOTE = "      - quote: {text: 誰一人取り残されない, author: デジタル庁}\n"


@dataclass(frozen=True)
class Quote:
    text: str
    author: str
    where: Where = Where("")


QUOTE_KEYS = {"text", "author"}


def read_quote(b: BlockInput) -> Quote:
    q = b.reader(b.value, b.at, "a quote")
    q.check_keys(QUOTE_KEYS)
    return Quote(q.string("text", required=True), q.string("author"), b.at)


def lay_out_quote(k: Kit, b: Quote, x: float, y: float, w: float, h: float | None) -> Laid:
    words = k.tb(f"「{b.text}」", "body", x, y, w, role="paragraph")
    by = k.tb(b.author, "note", x, y + words.h, w, role="note")
    return one("div", [words, by], words.h + by.h)


TOY = BlockKind(
    ("quote",),
    Quote,
    read_quote,
    lay_out_quote,
    order=200,
    styles=("body", "note"),
    backgrounds={"body": (PANEL,), "note": (PANEL,)},
    schema=lambda fid: {"quote": obj("quote", QUOTE_KEYS, {k: TEXT for k in QUOTE_KEYS})},
    docs={"block.quote": "Words quoted.", "quote.text": "The words.", "quote.author": "Who."},
    keys={"quote": QUOTE_KEYS},
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    proj = make_project(tmp_path / "proj", "cli", sets=("ministry",))
    edit(proj / SLIDE, "      - kpis: [mynaportal.accounts, ai.users]\n", QUOTE)
    return proj


def test_a_kind_registered_in_a_test_is_read_laid_out_and_tagged(project: Path):
    with registry.registered(TOY):
        compiled = compile_deck(project / "deck")
        assert main(["build", str(project / "deck"), "-o", str(project / "out"), "-q"]) == 0
    slide = compiled.deck.slides[1]
    quotes = [b for p in slide.panels for b in p.blocks if isinstance(b, Quote)]
    assert [(q.text, q.author) for q in quotes] == [("誰一人取り残されない", "デジタル庁")]
    boxes = [e for e in compiled.scenes[1].elements if isinstance(e, TextBox)]
    texts = ["".join(line.text for line in b.lines) for b in boxes]
    assert "「誰一人取り残されない」" in texts and "デジタル庁" in texts
    # Laid out as its own group inside the panel: the PDF tags it as a Div holding two P.
    divs = [g for g in _groups(compiled.scenes[1].root) if g.kind == "div"]
    assert any(len(g.children) == 2 and g.children[1].role == "note" for g in divs)  # type: ignore[union-attr]
    with pikepdf.open(project / "out" / "report.pdf") as pdf:
        tags = _tag_types(pdf.Root.StructTreeRoot)
    assert "Div" in tags and tags.count("P") >= 2
    page = (project / "out" / "report.html").read_text(encoding="utf-8")
    assert "「誰一人取り残されない」" in page
    # Out of the registry again: the block is unknown, and the error lists the kinds.
    assert "quote" not in registry.names()
    with pytest.raises(SourceError) as exc:
        compile_deck(project / "deck")
    assert "unknown block 'quote'" in str(exc.value)


def test_a_registered_kinds_keys_are_checked_and_in_the_schema(project: Path):
    edit(project / SLIDE, "author: デジタル庁}", "autor: デジタル庁}")
    with registry.registered(TOY):
        with pytest.raises(SourceError) as exc:
            compile_deck(project / "deck")
        block = schema.schemas(project / "deck")["slide.schema.json"]["$defs"]["block"]
        assert schema.undocumented() == []
    assert "unknown key 'autor' in a quote (did you mean 'author'?)" in str(exc.value)
    assert block["propertyNames"]["enum"][-1] == "quote"
    assert block["properties"]["quote"]["description"] == "Words quoted."


def test_the_registry_holds_every_model_block_once_in_the_documented_order():
    assert registry.names() == (
        "text",
        "bullets",
        "numbered",
        "kpis",
        "chart",
        "image",
        "timeline",
        "items",
        "flow",
        "cycle",
        "stack",
        "compare",
        "tags",
        "note",
    )
    models = {k.model for k in registry.kinds()}
    assert models == set(m.Block.__args__)  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="already registered"):
        registry.register(TOY.__class__(("text",), Quote, read_quote, lay_out_quote, order=1))


@pytest.mark.parametrize("set_name", ["ministry", "ministry-print"])
def test_every_style_a_kind_draws_with_is_in_the_shipped_sets(set_name: str):
    import yaml

    tokens = yaml.safe_load((ROOT / "layouts" / set_name / "tokens.yaml").read_text("utf-8"))
    assert set(registry.block_styles()) <= set(tokens["styles"])


def test_a_set_without_a_kinds_style_is_refused_at_that_kinds_request(tmp_path: Path):
    from deckbuilder.source.layoutset import load_layout_set

    proj = make_project(tmp_path / "p", "cli", sets=("ministry",))
    with pytest.raises(SourceError) as exc:
        load_layout_set(proj / "layouts/ministry", proj, block_styles=("quote-text",))
    assert "style 'quote-text' is missing (the layouts use it)" in str(exc.value)


def _groups(nodes: tuple | list) -> list[Group]:
    out: list[Group] = []
    for n in nodes:
        if isinstance(n, Group):
            out.append(n)
            out.extend(_groups(n.children))
    return out


def _tag_types(node: pikepdf.Object) -> list[str]:
    out: list[str] = []
    kids = node.get("/K")
    if kids is None:
        return out
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            out.append(str(kid.S)[1:])
            out.extend(_tag_types(kid))
    return out
