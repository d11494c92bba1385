"""The peer's input: a Markdown deck of the same size as ours, made from the report's own text
(``shared/seed/report-text.txt``), as plain slides for pandoc: 44 slides, each a title and its
share of the text's lines as paragraphs. No charts, no figures of our own: only the source's
words, so nothing is invented.
"""

from __future__ import annotations

import re
from pathlib import Path

SLIDES = 44


def seed_text(root: Path) -> Path | None:
    """The report's text beside the project (``../shared/seed``), or None where it is absent."""
    for base in (root.parent, root):
        path = base / "shared" / "seed" / "report-text.txt"
        if path.is_file():
            return path
    return None


def markdown(seed: Path, slides: int = SLIDES) -> str:
    """``slides`` slides: the text's lines split evenly, titled as the text's own slide list
    titles them (``Slide N: title``), else by their first line."""
    text = seed.read_text(encoding="utf-8")
    body, _, listing = text.partition("\tSlide 1:")
    titles = dict(re.findall(r"Slide (\d+): (.+)", "Slide 1:" + listing))
    lines = [" ".join(s.split()) for s in body.splitlines() if s.strip()]
    per = -(-len(lines) // slides)  # ceiling: every line on some slide
    out = []
    for n in range(slides):
        chunk = lines[n * per : (n + 1) * per] or ["—"]
        title = titles.get(str(n + 1), chunk[0])
        out.append(f"## {title}\n\n" + "\n\n".join(_plain(s) for s in chunk) + "\n")
    return "---\nlang: ja-JP\n---\n\n" + "\n".join(out)  # no title slide: 44 in all


def _plain(line: str) -> str:
    """A line as a plain paragraph: Markdown's own marks escaped."""
    return re.sub(r"([\\`*_#\[\]<>|~^-])", r"\\\1", line)
