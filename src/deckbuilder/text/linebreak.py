"""Japanese line breaking: BudouX phrases, kinsoku rules, unbreakable numbers and Latin words.

Lines are decided here, once; every renderer draws exactly these lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import budoux

# A line may not start with these (closing brackets, punctuation, small kana, prolonged sound).
NO_START = set(
    "、。，．,.）)」』】〕》〉］]｝}ー・：；？！:;?!％%ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞ"
)
# A line may not end with these (opening brackets).
NO_END = set("（(「『【〔《〈［[｛{")
# Runs that are never split: numbers with separators, Latin words, and the unit that follows.
_ATOM = re.compile(
    r"[0-9０-９A-Za-zＡ-Ｚａ-ｚα-ωΑ-Ω][0-9０-９A-Za-zＡ-Ｚａ-ｚα-ωΑ-Ω,.，．:/\-+'’&_]*"
    r"(?:[%％]|万件|万枚|万回|万人|万DL|万|億|件|枚|回|人|名|社|年|月|日|時間|時|分|割|条項|法案|"
    r"自治体|団体|事業|手続|機関|業務|システム|分野|者|ヶ月|か月)?"
)


# Cache: BudouX's model, loaded once; it never changes while the program runs.
@lru_cache(maxsize=1)
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


# Cache: by the text, a pure function of it (the model is fixed).
@lru_cache(maxsize=4096)
def break_points(text: str) -> tuple[int, ...]:
    """Indices where a line may break (between text[i-1] and text[i])."""
    points: set[int] = set()
    pos = 0
    for chunk in _parser().parse(text):
        pos += len(chunk)
        points.add(pos)
    for i, ch in enumerate(text):
        if ch == " " or ch == "\u3000":
            points.add(i + 1)
    for m in _ATOM.finditer(text):
        for i in range(m.start() + 1, m.end()):
            points.discard(i)
    ok = []
    for i in sorted(points):
        if i <= 0 or i >= len(text):
            continue
        if text[i] in NO_START or text[i - 1] in NO_END:
            continue
        ok.append(i)
    return tuple(ok)


def _segments(text: str) -> list[str]:
    cuts = (0, *break_points(text), len(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


def _script(ch: str) -> str:
    o = ord(ch)
    if 0x30A0 <= o <= 0x30FF:
        return "katakana"
    if 0x3040 <= o <= 0x309F:
        return "hiragana"
    if 0x4E00 <= o <= 0x9FFF:
        return "kanji"
    return "other"


def _char_split(seg: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Split a phrase longer than the line: at a change of script where one fits (between
    マイナンバーカード and 対面), else by characters; kinsoku holds either way."""
    out, cur = [], ""
    for ch in seg:
        if cur and measure(cur + ch) > width and ch not in NO_START and cur[-1] not in NO_END:
            # Step back to the last change of script in this piece, if it leaves half a line.
            cut = max(
                (
                    k
                    for k in range(1, len(cur))
                    if _script(cur[k]) != _script(cur[k - 1])
                    and cur[k] not in NO_START
                    and cur[k - 1] not in NO_END
                ),
                default=0,
            )
            if cut and measure(cur[:cut]) >= width * 0.5:
                out.append(cur[:cut])
                cur = cur[cut:] + ch
            else:
                out.append(cur)
                cur = ch
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


def wrap_paragraph(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy phrase wrapping of one paragraph (no newlines) into lines that fit ``width``."""
    if not text:
        return [""]
    lines: list[str] = []
    cur = ""
    for seg in _segments(text):
        if measure((cur + seg).rstrip()) <= width:
            cur += seg
            continue
        if cur:
            lines.append(cur.rstrip())
            cur = ""
        seg = seg.lstrip()
        if measure(seg.rstrip()) <= width:
            cur = seg
        else:
            pieces = _char_split(seg, width, measure)
            lines.extend(pieces[:-1])
            cur = pieces[-1]
    if cur.strip() or not lines:
        lines.append(cur.rstrip())
    return lines


def wrap(
    text: str,
    width: float,
    measure: Callable[[str], float],
    balance: bool = False,
    min_last: int = 3,
) -> list[str]:
    """Wrap text with hard breaks at newlines.

    ``balance`` evens out the lines of each paragraph (titles); otherwise a last line shorter than
    ``min_last`` characters pulls a phrase down from the line above (no orphans).
    """
    return [
        line for para in wrap_paragraphs(text, width, measure, balance, min_last) for line in para
    ]


def wrap_paragraphs(
    text: str,
    width: float,
    measure: Callable[[str], float],
    balance: bool = False,
    min_last: int = 3,
) -> list[list[str]]:
    """``wrap``, keeping each paragraph's lines together."""
    out: list[list[str]] = []
    for para in text.split("\n"):
        lines = wrap_paragraph(para, width, measure)
        if len(lines) > 1 and (balance or len(lines[-1]) < min_last):
            lines = _rebalance(para, width, measure, lines, balance, min_last)
        out.append(lines)
    return out


def _rebalance(
    para: str,
    width: float,
    measure: Callable[[str], float],
    lines: list[str],
    balance: bool,
    min_last: int,
) -> list[str]:
    """Narrow the measure as far as the line count allows (balance) or until no orphan remains."""
    n = len(lines)
    lo, hi = measure(para) / n * 0.9, width
    best = lines
    for _ in range(14):
        mid = (lo + hi) / 2
        trial = wrap_paragraph(para, mid, measure)
        if len(trial) <= n:
            hi = mid
            if balance or len(trial[-1]) >= min_last:
                best = trial
        else:
            lo = mid
    if not balance and len(best[-1]) < min_last:
        # Narrowest widths still orphan: take the narrowest measure that keeps n lines.
        trial = wrap_paragraph(para, hi, measure)
        if len(trial) == n:
            best = trial
    return best
