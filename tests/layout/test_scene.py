"""The scene knows what each box is: roles, groups, reading order, languages and links."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import ROOT
from deckbuilder.commands.build import Compiled, compile_deck
from deckbuilder.scene import (
    GROUP_KINDS,
    TEXT_ROLES,
    ChartBox,
    Group,
    Node,
    Placeholder,
    TextBox,
)
from deckbuilder.text.lang_spans import lang_spans


@pytest.fixture(scope="module")
def report() -> Compiled:
    return compile_deck(ROOT / "deck")


def walk(nodes: tuple[Node, ...] | list[Node]) -> Iterator[tuple[Node, tuple[Group, ...]]]:
    """Every node with the groups above it."""

    def go(ns: tuple[Node, ...] | list[Node], up: tuple[Group, ...]) -> Iterator:
        for n in ns:
            yield n, up
            if isinstance(n, Group):
                yield from go(n.children, (*up, n))

    return go(nodes, ())


def test_every_text_box_has_a_role_and_every_group_a_kind(report: Compiled):
    boxes = groups = 0
    for scene in report.scenes:
        for node, _ in walk(scene.root):
            if isinstance(node, TextBox):
                assert node.role in TEXT_ROLES, (scene.number, node.role)
                boxes += 1
            if isinstance(node, Group):
                assert node.kind in GROUP_KINDS, (scene.number, node.kind)
                groups += 1
    assert boxes > 44 and groups > 44  # every slide has some: the walk saw them


def test_each_slide_has_one_title_first_among_the_headings(report: Compiled):
    assert len(report.scenes) == 44
    for scene in report.scenes:
        titles = [e for e in scene.elements if isinstance(e, TextBox) and e.role == "title"]
        assert len(titles) == 1, scene.number
        assert titles[0].text.replace("\n", "") == scene.title.replace("\n", "")
        read = [e for e in scene.elements if isinstance(e, TextBox) and e.role != "breadcrumb"]
        first_heading = next(e for e in read if e.role in ("title", "heading"))
        assert first_heading is titles[0], scene.number


def test_heading_levels_never_skip(report: Compiled):
    headings = 0
    for scene in report.scenes:
        level = 1
        for node, _ in walk(scene.root):
            if isinstance(node, TextBox) and node.role == "heading":
                assert 2 <= node.level <= level + 1, (scene.number, node.text, node.level)
                level = node.level
                headings += 1
    assert headings > 44  # panel and card headings on most slides: the rule was exercised


def test_footnotes_come_after_the_body(report: Compiled):
    with_notes = [
        s
        for s in report.scenes
        if any(isinstance(n, Group) and n.kind == "footnotes" for n in s.root)
    ]
    assert len(with_notes) >= 5
    for scene in with_notes:
        kinds = [n.kind if isinstance(n, Group) else n.role for n in scene.root]
        after = kinds[kinds.index("footnotes") + 1 :]
        assert set(after) <= {"pagination"}, (scene.number, kinds)


def test_lists_pair_each_marker_with_its_body(report: Compiled):
    lists = 0
    for scene in report.scenes:
        for node, _ in walk(scene.root):
            if isinstance(node, Group) and node.kind == "item":
                roles = [c.role for c in node.children if isinstance(c, TextBox)]
                assert "list-body" in roles or any(isinstance(c, Group) for c in node.children), (
                    scene.number,
                    roles,
                )
                lists += 1
    assert lists > 100
    # No bullet marker stands in a body's text any more: markers are list labels.
    for scene in report.scenes:
        for el in scene.elements:
            if isinstance(el, TextBox) and el.role != "list-label":
                assert not el.text.startswith("・"), (scene.number, el.text)


def test_cards_and_figures_hold_their_parts(report: Compiled):
    cards = figures = 0
    for scene in report.scenes:
        for node, _ in walk(scene.root):
            if isinstance(node, Group) and node.kind == "card":
                roles = {e.role for e in node.leaves() if isinstance(e, TextBox)}
                assert roles, scene.number
                cards += 1
            if isinstance(node, Group) and node.kind == "figure":
                assert node.alt and "\n" not in node.alt, scene.number
                assert any(isinstance(e, ChartBox | Placeholder) for e in node.leaves())
                figures += 1
        for el in scene.elements:
            if isinstance(el, ChartBox):
                assert any(
                    isinstance(n, Group) and n.kind == "figure" and el in n.children
                    for n, _ in walk(scene.root)
                )
    assert cards > 40 and figures > 10


def test_english_and_urls_are_their_own_runs(report: Compiled):
    boxes = [e for s in report.scenes for e in s.elements if isinstance(e, TextBox)]
    english = set()
    for box in boxes:
        # An English phrase broken over two lines is two runs; read them back together.
        english.add(" ".join(r.text for ln in box.lines for r in ln.runs if r.lang == "en"))
    assert "Government as a Service" in english
    links = [r for box in boxes for ln in box.lines for r in ln.runs if r.link]
    assert links and all(r.link.startswith("https://") for r in links)
    assert "".join(r.text for r in links) == links[0].link
    cover = report.scenes[0]
    org_en = [e for e in cover.elements if isinstance(e, TextBox) and e.slot == "organisation_en"]
    assert org_en[0].lang == "en"


def test_chart_alt_text_reads_as_a_sentence(report: Compiled):
    alts = [
        n.alt
        for s in report.scenes
        for n, _ in walk(s.root)
        if isinstance(n, Group)
        and n.kind == "figure"
        and any(isinstance(e, ChartBox) for e in n.leaves())
    ]
    assert "マイナンバーカード保有率は2021年11月の39%から2025年7月には79%に上がりました。" in alts
    for alt in alts:
        assert alt.endswith("。") and "\n" not in alt, alt
        assert "：" not in alt, alt  # not a label: data list


def test_spans_find_phrases_not_single_words():
    text = "英国 GDS の Delivery Model を参考に定義"
    found = [text[s.start : s.end] for s in lang_spans(text)]
    assert found == ["Delivery Model"]


def test_paragraphs_survive_line_breaking(report: Compiled):
    footers = [
        e
        for s in report.scenes
        for e in s.elements
        if isinstance(e, TextBox) and e.slot == "footer"
    ]
    assert footers
    for box in footers:
        assert len(box.paragraphs) == box.text.count("\n") + 1 - sum(
            1 for ln in box.lines if not ln.starts_paragraph
        )
