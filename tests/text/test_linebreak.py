import pytest

from deckbuilder.text.fonts import FontError, load_face
from deckbuilder.text.linebreak import NO_END, NO_START, break_points, wrap
from helpers import ROOT

FACE = load_face(ROOT / "assets" / "fonts" / "BIZUDPGothic-Regular.ttf", False)


def measure(s: str) -> float:
    return FACE.width(s, 12)


def test_widths_come_from_hmtx():
    # BIZ UDPGothic: ideographs are one em; proportional Latin is narrower.
    assert measure("漢") == pytest.approx(12.0)
    assert measure("A") < 12.0


def test_numbers_with_units_never_split():
    text = "登録数は7,959万件（2025年7月）に達しました"
    cuts = break_points(text)
    start = text.index("7,959万件")
    assert not any(start < c < start + len("7,959万件") for c in cuts)
    date = text.index("2025年7月")
    assert not any(date < c < date + 4 for c in cuts)


def test_kinsoku_rules_hold_on_every_line():
    text = "デジタル庁は、誰一人取り残されることなく、多様な幸せが実現できる社会を目指し、" * 3
    for width in (80, 120, 170, 240):
        lines = wrap(text, width, measure)
        assert "".join(lines) == text
        for line in lines:
            assert measure(line) <= width + 0.01 or len(line) == 1
            assert line[0] not in NO_START
            assert line[-1] not in NO_END


def test_phrase_breaks_not_character_breaks():
    lines = wrap("行政手続は営業時間に窓口に行くからいつでもどこでもへ", 200, measure)
    # BudouX phrases: no line ends in the middle of 窓口 or いつでも
    assert not any(line.endswith("窓") for line in lines)


def test_balance_evens_lines():
    text = "行政手続は営業時間に窓口に行くからいつでもどこでもへ"
    greedy = wrap(text, 250, measure)
    balanced = wrap(text, 250, measure, balance=True)
    assert len(balanced) == len(greedy) == 2
    widths = [measure(x) for x in balanced]
    assert max(widths) - min(widths) <= max(measure(x) for x in greedy) - min(
        measure(x) for x in greedy
    )


def test_no_orphan_last_line():
    text = "本資料は、最新のデータに基づき成果を共有するものです。"
    for width in range(100, 330, 10):
        lines = wrap(text, width, measure)
        if len(lines) > 1:
            assert len(lines[-1]) >= 3, (width, lines)


def test_a_broken_font_file_is_refused_with_its_name(tmp_path):
    fake = tmp_path / "NotoSansCJK.otf"
    fake.write_bytes(b"OTTO" + b"\0" * 100)  # CFF fonts are read (tests/text/test_fonts.py)
    with pytest.raises(FontError, match="NotoSansCJK.otf has no outlines"):
        load_face(fake, False)
