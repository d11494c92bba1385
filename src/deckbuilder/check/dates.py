"""As-of dates as the report prints them (「2025年7月」, 「2024年度」, 「令和6年3月末」), read as
(year, month)."""

from __future__ import annotations

import re
import unicodedata

_ERAS = {"令和": 2018, "平成": 1988}


def as_of_month(text: str) -> tuple[int, int] | None:
    """The latest (year, month) an as-of text names: 「2025年7月」, 「2025年5月～7月」,
    「2024年度」 (the fiscal year ends in March), 「令和6年3月末」; None if it names no year."""
    t = _western(text)
    ym = re.search(r"(\d{4})\s*年\s*(度)?", t)
    if not ym:
        ym2 = re.search(r"(\d{4})[./-](\d{1,2})", t)
        return (int(ym2.group(1)), int(ym2.group(2))) if ym2 else None
    year = int(ym.group(1))
    months = _months(t[ym.end() :])
    if ym.group(2):  # 年度: April to March of the next year
        return (year + 1, 3) if not months else (year + (1 if max(months) <= 3 else 0), max(months))
    return (year, max(months)) if months else (year, 12)


def _western(text: str) -> str:
    """The text in NFKC with era years (令和6年, 平成元年) as western years (2024年)."""
    t = unicodedata.normalize("NFKC", text)
    for era, base in _ERAS.items():
        for mt in list(re.finditer(era + r"(\d{1,2}|元)年", t)):
            t = t.replace(mt.group(0), f"{base + _era_year(mt.group(1))}年", 1)
    return t


def _months(text: str) -> list[int]:
    """The months (1 to 12) a text names: 「5月～7月」 -> [5, 7]."""
    months = [int(x) for x in re.findall(r"(\d{1,2})\s*月", text)]
    return [mo for mo in months if 1 <= mo <= 12]


def _era_year(s: str) -> int:
    return 1 if s == "元" else int(s)


def months_between(a: tuple[int, int], b: tuple[int, int]) -> int:
    return (b[0] * 12 + b[1]) - (a[0] * 12 + a[1])


def as_of_start(text: str) -> tuple[int, int] | None:
    """The earliest (year, month) an as-of text can mean: 「2025年」 from January, 「2025年度」 from
    April, 「2025年5月～7月」 from May; None if it names no year."""
    t = _western(text)
    ym = re.search(r"(\d{4})\s*年\s*(度)?", t)
    if not ym:
        return as_of_month(text)
    months = _months(t[ym.end() :])
    year = int(ym.group(1))
    if ym.group(2):  # 年度: April to March of the next year
        return (
            (year + (1 if months and min(months) <= 3 else 0), min(months)) if months else (year, 4)
        )
    return (year, min(months)) if months else (year, 1)
