"""A timeline: dates on a line, each stop with its events (a list: date, then what happened)."""

from __future__ import annotations

from deckbuilder.errors import Where
from deckbuilder.layout.blocks.kind import PANEL, BlockKind
from deckbuilder.layout.blocks.kit import Kit, Laid, one
from deckbuilder.scene import Ellipse, Node, Rule, group
from deckbuilder.source import model as m
from deckbuilder.source.loader import BlockInput, Reader
from deckbuilder.source.shapes import TEXT, Schema, listed, obj


def layout(k: Kit, b: m.Timeline, x: float, y: float, w: float, h: float | None) -> Laid:
    # Consecutive events on the same date share one stop on the line.
    stops: list[tuple[str, list[str]]] = []
    for ev in b.events:
        if stops and stops[-1][0] == ev.date:
            stops[-1][1].append(ev.text)
        else:
            stops.append((ev.date, [ev.text]))
    dot = k.px(k.c("timeline", "dot_size"))
    col = w / len(stops)
    ds = k.st("date")
    date_h = ds.size * ds.line_height
    space = k.px(k.c("timeline", "spacing"))
    line_y = y + date_h + space + dot / 2
    axis = Rule(
        x, line_y, x + w, line_y, k.color("timeline", "line"), k.px(k.c("timeline", "line_width"))
    )
    items: list[Node] = []
    text_h = 0.0
    top = line_y + dot / 2 + space
    for i, (date, texts) in enumerate(stops):
        cx = x + i * col
        label = k.tb(
            date, "date", cx, y, col - k.px(k.c("timeline", "date_gap")), role="list-label"
        )
        mark = Ellipse(cx, line_y - dot / 2, dot, dot, fill=k.color("timeline", "dot"))
        body, ty = _events(k, texts, cx, top, col - k.px(k.c("timeline", "event_gap")))
        items.append(group("item", [label, mark, *body]))
        text_h = max(text_h, ty - k.px(k.c("timeline", "line_gap")) - top)
    return one("list", [axis, *items], top + text_h - y)


def _events(k: Kit, texts: list[str], x: float, y: float, w: float) -> tuple[list[Node], float]:
    """One event as the item's body; several as a bulleted list under the date."""
    if len(texts) == 1:
        box = k.tb(texts[0], "item-text", x, y, w, role="list-body")
        return [box], y + box.h + k.px(k.c("timeline", "line_gap"))
    st = k.st("item-text")
    marker = str(k.c("bullet", "marker"))
    mw = k.ts.width(marker, st)
    items: list[Node] = []
    for text in texts:
        label = k.ts.box(marker, st, x, y, mw + 1, role="list-label")
        box = k.tb(text, "item-text", x + mw, y, w - mw, role="list-body")
        items.append(group("item", [label, box]))
        y += box.h + k.px(k.c("timeline", "line_gap"))
    return [group("list", items)], y


EVENT_KEYS = {"date", "text"}
DOCS = {
    "block.timeline": "Dated events: [{date: 2022年12月, text: 実証α版リリース}, …].",
    "event.date": "The event's date as printed.",
    "event.text": "What happened.",
}


def read(b: BlockInput) -> m.Timeline | None:
    events = b.each("a timeline event", EVENT_KEYS, _event)
    return None if events is None else m.Timeline(events, b.at)


def _event(e: Reader, where: Where) -> m.Event:
    return m.Event(e.string("date", required=True), e.string("text", required=True))


def schema(fid: Schema) -> dict[str, Schema]:
    event = obj("event", EVENT_KEYS, {"date": TEXT, "text": TEXT}, ("date", "text"), DOCS)
    return {"timeline": listed(event)}


KINDS = (
    BlockKind(
        ("timeline",),
        m.Timeline,
        read,
        layout,
        order=70,
        styles=("date", "item-text"),
        backgrounds={"date": (PANEL,), "item-text": (PANEL,)},
        schema=schema,
        docs=DOCS,
        keys={"event": EVENT_KEYS},
    ),
)
