"""What changed between two revisions of a deck: the figures and slides added, removed or
changed, as ``diff`` reports them and ``diff --html`` shows them."""

from __future__ import annotations

from dataclasses import dataclass, field

from deckbuilder.source import model as m
from deckbuilder.source.formatting import as_of_text, display


class _Change:
    """Something that was added (no old), removed (no new) or changed."""

    old: object
    new: object

    @property
    def kind(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"


@dataclass
class FigureChange(_Change):
    id: str
    old: m.Figure | None
    new: m.Figure | None
    slides: list[int]  # in the new deck (the old one for a removed figure)
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, old, new)


@dataclass
class SlideChange(_Change):
    key: str
    old: m.Slide | None
    new: m.Slide | None
    lines: list[str] = field(default_factory=list)  # "- …" / "+ …"
    figures: list[str] = field(default_factory=list)  # changed figures it shows

    @property
    def number(self) -> int:
        s = self.new or self.old
        return s.number if s else 0

    @property
    def title(self) -> str:
        s = self.new or self.old
        return " ".join(s.title.split()) if s else ""


@dataclass
class DeckDiff:
    rev_a: str
    rev_b: str
    figures: list[FigureChange]
    slides: list[SlideChange]
    deck: list[tuple[str, str, str]]  # deck.yaml settings changed

    @property
    def empty(self) -> bool:
        return not (self.figures or self.slides or self.deck)


def figure_value(f: m.Figure) -> str:
    """A figure as printed, with its date."""
    return display(f) + as_of_text(f)


def slides_named(numbers: list[int]) -> str:
    """「slide 3」, 「slides 3, 5」: where a figure shows."""
    if not numbers:
        return "(on no slide)"
    return ("slide " if len(numbers) == 1 else "slides ") + ", ".join(map(str, numbers))
