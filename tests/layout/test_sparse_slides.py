"""Sparse slides (23, 24, 29, 31, 36) are composed, not floated: the body starts right under
the header, and its cards are set larger than on ordinary content slides."""

from __future__ import annotations

import pytest

from deckbuilder.commands.build import compile_deck
from deckbuilder.scene import Group, TextBox
from helpers import ROOT

SPARSE = (23, 24, 29, 31, 36)


@pytest.fixture(scope="module")
def scenes():
    return compile_deck(ROOT / "deck").scenes


def _body_top(scene) -> tuple[float, float]:
    """(bottom of the header, top of the first node after it)."""
    header = next(n for n in scene.root if isinstance(n, Group) and n.kind == "header")
    _x, y, _w, h = header.bounds
    rest = [n for n in scene.root[scene.root.index(header) + 1 :] if isinstance(n, Group)]
    return y + h, rest[0].bounds[1]


@pytest.mark.parametrize("number", SPARSE)
def test_sparse_slide_is_anchored_under_its_header(scenes, number: int):
    scene = scenes[number - 1]
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

    ordinary = largest_item_title(scenes[29])  # slide 30: cards on the plain content layout
    assert scenes[29].layout == "content"
    assert largest_item_title(scenes[22]) > ordinary  # slide 23's cards
