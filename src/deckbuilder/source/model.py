"""The typed deck model: what the YAML says, checked, with the place each part came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from deckbuilder.errors import Where
from deckbuilder.source.picture_files import Source


@dataclass(frozen=True)
class Figure:
    id: str
    value: Decimal
    unit: str
    as_of: str | None
    label: str
    source: str
    prefix: str = ""
    note: str = ""
    fullwidth: bool = False
    separator: bool = True
    where: Where = Where("")


# --- blocks: the content of a panel ---------------------------------------------------------


@dataclass(frozen=True)
class Text:
    paragraphs: tuple[str, ...]
    where: Where = Where("")


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False
    where: Where = Where("")


@dataclass(frozen=True)
class KpiRef:
    figure: str
    label: str | None = None
    note: str | None = None
    where: Where = Where("")
    show_date: bool = True  # false where the panel already prints the period once


@dataclass(frozen=True)
class Kpis:
    cards: tuple[KpiRef, ...]
    where: Where = Where("")


@dataclass(frozen=True)
class Chart:
    kind: str
    figures: tuple[str, ...]
    title: str = ""
    labels: tuple[str, ...] = ()
    where: Where = Where("")
    parentheses: bool = False  # before_after: dates as the source prints them, 「（2024年4月末）」


@dataclass(frozen=True)
class Image:
    caption: str
    dummy: bool = False
    where: Where = Where("")
    source: Source | None = None  # the checked file of ``src:``; None: the labelled frame
    alt: str = ""
    decorative: bool = False
    fit: str = "contain"  # contain | cover
    focus: tuple[float, float] = (0.5, 0.5)  # what a cover crop keeps (fractions of the image)


@dataclass(frozen=True)
class Event:
    date: str
    text: str


@dataclass(frozen=True)
class Timeline:
    events: tuple[Event, ...]
    where: Where = Where("")


@dataclass(frozen=True)
class Item:
    title: str
    text: str = ""
    number: str = ""


@dataclass(frozen=True)
class Items:
    items: tuple[Item, ...]
    where: Where = Where("")


@dataclass(frozen=True)
class Flow:
    steps: tuple[str, ...]
    cycle: bool = False
    where: Where = Where("")


@dataclass(frozen=True)
class Layer:
    label: str
    text: str = ""


@dataclass(frozen=True)
class Stack:
    layers: tuple[Layer, ...]
    where: Where = Where("")


@dataclass(frozen=True)
class Side:
    label: str = ""
    title: str = ""
    text: str = ""


@dataclass(frozen=True)
class Compare:
    before: Side
    after: Side
    where: Where = Where("")


@dataclass(frozen=True)
class Tags:
    items: tuple[str, ...]
    where: Where = Where("")


@dataclass(frozen=True)
class Note:
    text: str
    where: Where = Where("")


Block = (
    Text | Bullets | Kpis | Chart | Image | Timeline | Items | Flow | Stack | Compare | Tags | Note
)


@dataclass(frozen=True)
class Panel:
    heading: str = ""
    span: int = 1
    style: str = "box"
    blocks: tuple[Block, ...] = ()
    where: Where = Where("")


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slide:
    number: int  # 1-based position in the deck
    file: str
    layout: str
    title: str
    breadcrumb: str = ""
    kicker: str = ""
    lead: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    columns: int = 1
    panels: tuple[Panel, ...] = ()
    footnotes: tuple[str, ...] = ()
    source: str = ""
    notes: str = ""
    label: str = ""
    statement: tuple[str, ...] = ()
    section_number: str = ""
    sections: tuple[Section, ...] = ()
    where: Where = Where("")
    key_where: dict[str, Where] = field(default_factory=dict, compare=False, hash=False)

    def at(self, key: str) -> Where:
        return self.key_where.get(key, self.where)


@dataclass(frozen=True)
class Deck:
    root: str
    title: str
    date: str  # ISO yyyy-mm-dd
    date_text: str
    organisation: str
    organisation_en: str
    language: str
    width_in: float
    height_in: float
    layouts: str
    output: str
    stale_after_months: int
    subtitle: str
    figures: dict[str, Figure]
    slides: tuple[Slide, ...]
    where: Where = Where("")
    key_where: dict[str, Where] = field(default_factory=dict, compare=False, hash=False)
    logo: Image | None = None  # deck.yaml's logo: for the cover and back-cover logo slots
