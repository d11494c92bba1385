"""Spans of a paragraph that a reader must treat apart: text in another language, and URLs.

The deck is Japanese; an English phrase (「Government as a Service」) or a URL inside it gets its
own run, so the PDF can say /Lang (en) and link the URL, and the PPTX can say lang="en-US".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

URL = re.compile(r"https?://[^\s　、。「」（）]+")
# Two or more Latin words in a row (a name, a title), with the punctuation between them.
_WORD = r"[A-Za-z][A-Za-z'’\-]*"
ENGLISH = re.compile(rf"[A-Za-z]{_WORD}(?:[ ,.:;–\-()0-9]+{_WORD})+(?:\s*\([^()]*\))?")
EN = "en"


@dataclass(frozen=True)
class LangSpan:
    start: int
    end: int
    lang: str = ""
    link: str = ""


def lang_spans(text: str) -> list[LangSpan]:
    """The URL and English spans of ``text``, in order, not overlapping."""
    out = [LangSpan(m.start(), m.end(), EN, m.group(0)) for m in URL.finditer(text)]
    for m in ENGLISH.finditer(text):
        if not any(s.start < m.end() and m.start() < s.end for s in out):
            out.append(LangSpan(m.start(), m.end(), EN))
    return sorted(out, key=lambda s: s.start)


def split_line(line: str, offset: int, found: list[LangSpan]) -> list[tuple[str, str, str]]:
    """The pieces of one line (which starts at ``offset`` in its paragraph): (text, lang, link)."""
    cuts = {0, len(line)}
    for s in found:
        for at in (s.start - offset, s.end - offset):
            if 0 < at < len(line):
                cuts.add(at)
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        mid = offset + a
        mark = next((s for s in found if s.start <= mid < s.end), None)
        out.append((line[a:b], mark.lang if mark else "", mark.link if mark else ""))
    return out
