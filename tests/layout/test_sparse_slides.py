"""Sparse slides (23, 24, 29, 31, 36) are composed, not floated: the body starts right under
the header, and its cards are set larger than on ordinary content slides."""

from __future__ import annotations

import pytest

from deckbuilder.commands.build import compile_deck
from deckbuilder.scene import Group, TextBox
from helpers import ROOT, report_slide

SPARSE = ("23-challenges", "24-priorities", "29-smartphone", "31-life-events", "36-next-gen-org")


@pytest.fixture(scope="module")
def scenes():
    return compile_deck(ROOT / "deck").scenes


def _body_top(scene) -> tuple[float, float]:
    """(bottom of the header, top of the first node after it)."""
    header = next(n for n in scene.root if isinstance(n, Group) and n.kind == "header")
    _x, y, _w, h = header.bounds
    rest = [n for n in scene.root[scene.root.index(header) + 1 :] if isinstance(n, Group)]
    return y + h, rest[0].bounds[1]


@pytest.mark.parametrize("name", SPARSE)
def test_sparse_slide_is_anchored_under_its_header(scenes, name: str):
    scene = scenes[report_slide(name) - 1]
    assert scene.layout == "content-large"
    header_bottom, body_top = _body_top(scene)
    assert body_top - header_bottom <= 24  # pt: the layout's gap, not half the empty band


def test_sparse_slides_set_their_cards_larger(scenes):
    def largest_item_title(scene) -> float:
        sizes = [
            el.lines[0].size
            for el in scene.elements
            if isinstance(el, TextBox) and el.role == "heading" and el.level >= 2 and el.lines
        ]
        return max(sizes, default=0.0)

    plain = scenes[report_slide("30-procedure-support") - 1]  # cards on the plain content layout
    sparse = scenes[report_slide("23-challenges") - 1]
    assert plain.layout == "content" and sparse.layout == "content-large"
    ordinary = largest_item_title(plain)
    assert ordinary > 0
    assert largest_item_title(sparse) > ordinary
