from decimal import Decimal

from deckbuilder.source.formatting import as_of_text, display, number, substitute
from deckbuilder.source.model import Figure


def fig(value, unit, as_of=None, prefix="", **kw):
    return Figure("x", Decimal(str(value)), unit, as_of, "label", "src", prefix, **kw)


def test_numbers_as_printed():
    assert number(Decimal("7959")) == "7,959"
    assert number(Decimal("97.8")) == "97.8"
    assert number(Decimal("34592")) == "34,592"
    assert number(Decimal("2025"), separator=False) == "2025"
    assert number(Decimal("3"), fullwidth=True) == "３"


def test_display_and_date():
    f = fig(7959, "万件", "2025年7月")
    assert display(f) == "7,959万件"
    assert as_of_text(f) == "（2025年7月）"
    assert display(fig(145, "万人", prefix="約")) == "約145万人"
    assert as_of_text(fig(1, "件")) == ""


def test_substitute():
    figures = {"a.b": fig(1106, "万件")}
    assert substitute("連携数は{a.b}です", figures) == "連携数は1,106万件です"
