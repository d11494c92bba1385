"""Each slide kind's composer: the slide's tree in reading order, from its kit. A layout's
``kind`` picks one from ``COMPOSERS``; ``content`` is the default."""

from __future__ import annotations

from collections.abc import Callable

from deckbuilder.layout.content import content, contents
from deckbuilder.layout.slide import SlideKit, valign
from deckbuilder.scene import Node, Rect, group


def compose(k: SlideKit) -> list[Node]:
    """The slide's tree in reading order: the layout's shapes (decoration) first, the page
    number last."""
    out: list[Node] = []
    if k.lay.shapes:
        out.append(
            group("decoration", [Rect(s.x, s.y, s.w, s.h, fill=s.fill) for s in k.lay.shapes])
        )
    out.extend(COMPOSERS.get(k.lay.kind, content)(k))
    if k.has("page") and k.lay.kind not in ("cover", "back-cover"):
        out.append(k.text("page", str(k.slide.number), "pagination"))
    return out


def cover(k: SlideKit) -> list[Node]:
    s, d = k.slide, k.deck
    middle = valign(k.lay, "title")
    return [
        k.text("title", s.title or d.title, "title", valign=middle),
        k.text("date", d.date_text),
        *(k.logo() or k.wordmark("organisation", d.organisation)),
    ]


def section(k: SlideKit) -> list[Node]:
    number = k.text("number", k.slide.section_number, "label")
    return [group("heading", [number, k.text("title", k.slide.title, "title")], level=1)]


def statement(k: SlideKit) -> list[Node]:
    s = k.slide
    out: list[Node] = [group("header", k.header())]
    if s.label:
        out.append(k.text("label", s.label, "label"))
    text = "\n".join(s.statement)
    out.append(k.text("statement", text, valign=valign(k.lay, "statement")))
    return out


def closing(k: SlideKit) -> list[Node]:
    s = k.slide
    return [k.text("title", s.title, "title"), k.text("statement", "\n".join(s.statement))]


def back_cover(k: SlideKit) -> list[Node]:
    s, d = k.slide, k.deck
    return list(k.logo() or k.wordmark("title", s.title or d.organisation, "title"))


def contents_slide(k: SlideKit) -> list[Node]:
    return [k.text("title", k.slide.title, "title"), contents(k)]


COMPOSERS: dict[str, Callable[[SlideKit], list[Node]]] = {
    "cover": cover,
    "section": section,
    "statement": statement,
    "closing": closing,
    "back-cover": back_cover,
    "contents": contents_slide,
}
