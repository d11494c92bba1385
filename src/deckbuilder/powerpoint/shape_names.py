"""Shape names that say what a shape shows, unique on their slide (what PowerPoint's Selection
Pane lists, and what ``pull`` finds a shape again by)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

NAME_CHARS = 32  # a name shows the start of the text; the Selection Pane is narrow


@dataclass
class ShapeNames:
    """Shape names that say what a shape shows (「マイナ保険証｜有効登録数」) and are unique on
    their slide: ``deckbuilder pull`` finds a shape again by its name, which PowerPoint and
    LibreOffice both keep when they save (LibreOffice renumbers ids, so ids cannot serve)."""

    used: dict[str, int] = field(default_factory=dict)
    context: list[str] = field(default_factory=list)  # the headings of the groups we are in

    def within(self, what: str) -> str:
        """``what`` prefixed with the innermost heading: 「マイナ保険証｜有効登録数」."""
        head = self.context[-1] if self.context else ""
        if not head:
            return what
        return f"{head}｜見出し" if clip(what) == head else f"{head}｜{what}"

    def unique(self, name: str) -> str:
        name = clip(name)
        n = self.used.get(name, 0) + 1
        self.used[name] = n
        return name if n == 1 else f"{name} {n}"

    @contextmanager
    def inside(self, heading: str) -> Iterator[None]:
        if heading:
            self.context.append(clip(heading))
        try:
            yield
        finally:
            if heading:
                self.context.pop()


def clip(text: str) -> str:
    """The start of ``text`` on one line, as long as a name may be."""
    text = " ".join(text.split())
    return text if len(text) <= NAME_CHARS else text[: NAME_CHARS - 1] + "…"
