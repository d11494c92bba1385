"""The content slide: header, lead, tags, the panels fitted to the body, the footnotes; and
the table of contents."""

from __future__ import annotations

from dataclasses import replace

from deckbuilder.layout import tokens
from deckbuilder.layout.blocks import Body, ceil_lines
from deckbuilder.layout.blocks.tags import pills
from deckbuilder.layout.slide import SlideKit, title_bar, title_offset
from deckbuilder.scene import Node, Rect, group
from deckbuilder.source.formatting import substitute
from deckbuilder.source.layoutset import LayoutSet
from deckbuilder.text.textfit import Overflow

BODY_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76)
ZOOM_STEP = 0.05


def _zooms(most: float) -> list[float]:
    """The zooms above 1 to try, largest first (1.5, 1.45, …, 1.05)."""
    steps = int(round((most - 1.0) / ZOOM_STEP))
    return [round(1.0 + ZOOM_STEP * k, 2) for k in range(steps, 0, -1)]


def content(k: SlideKit) -> list[Node]:
    """Header, lead, tags, the panels, then the footnotes: the order a reader takes."""
    s, th = k.slide, k.layout_set
    slots = k.lay.slots
    head: list[Node] = []
    if s.breadcrumb:
        head.append(k.text("breadcrumb", s.breadcrumb, "breadcrumb"))
    ts = slots["title"]
    y = ts.y
    if s.kicker and "kicker" in slots:
        kicker = k.text("kicker", s.kicker, fit=False)
        kicker = replace(kicker, y=y, x=ts.x + (title_offset(th) if ts.chip else 0))
        head.append(kicker)
        y += kicker.h
    title = k.text("title", s.title, "title", fit=True)
    title = replace(title, y=y, h=title.content_height)
    if ts.chip:
        off = title_offset(th)
        title = k.ts.box(
            s.title,
            th.style(ts.style),
            ts.x + off,
            y,
            ts.w - off,
            ts.h,
            role="title",
            slot="title",
            balance=ts.balance,
        )
        title = replace(title, h=title.content_height)
        head.append(title_bar(th, ts.x, y, title.h))
    head.append(title)
    out: list[Node] = [group("header", head)]
    body = Body(body_layout_set(k), k.ts, k.deck.figures, restyle=k.lay.restyle)
    y = title.y + title.h + k.px(body.c("header", "gap"))
    if s.lead and "lead" in slots:
        lead = k.ts.box(
            substitute("\n".join(s.lead), k.deck.figures),
            th.style(slots["lead"].style),
            slots["lead"].x,
            y,
            slots["lead"].w,
            slot="lead",
        )
        out.append(lead)
        y += lead.h + k.px(body.c("header", "gap"))
    if s.tags and "tags" in slots:
        tag_row, th_ = tags(k, slots["tags"].x, y, slots["tags"].w)
        out.append(tag_row)
        y += th_ + k.px(body.c("header", "tags_gap"))
    # Footer grows upward from the bottom of its slot; the body takes what is left.
    bs = slots["body"]
    bottom = bs.y + bs.h
    footer_lines = list(s.footnotes) + ([s.source] if s.source else [])
    footer: list[Node] = []
    if footer_lines and "footer" in slots:
        fs = slots["footer"]
        style = th.style(fs.style)
        box = k.ts.box(
            substitute("\n".join(footer_lines), k.deck.figures),
            style,
            fs.x,
            0,
            fs.w,
            role="note",
            slot="footer",
        )
        top = fs.y + fs.h - box.h
        footer.append(group("footnotes", [replace(box, y=top)]))
        bottom = min(bottom, top - k.px(body.c("header", "gap")))
    # The body starts on the layout's line, or lower when the header runs longer.
    top = max(y, bs.y)
    avail = bottom - top
    if s.panels:
        out.extend(fit_body(k, body, bs.x, top, bs.w, avail))
    return out + footer


def body_layout_set(k: SlideKit) -> LayoutSet:
    """The layout set with this layout's component keys (e.g. the body anchored at the top)."""
    if not k.lay.components:
        return k.layout_set
    comps = dict(k.layout_set.components)
    for name, keys in k.lay.components.items():
        comps[name] = {**k.layout_set.comp(name), **keys}
    return replace(k.layout_set, components=comps)


def fit_body(k: SlideKit, body: Body, x: float, y: float, w: float, h: float) -> list[Node]:
    """Fit the panels: step the text scale down until they fit, else report the overflow.

    A layout whose body may zoom (``body: {max_zoom: …}``) first tries the panels larger,
    text and spacing together, so a slide with little on it fills its page."""
    for zoom in _zooms(float(body.c("body", "max_zoom"))):
        body.zoom = zoom
        mark = len(k.ts.overflows)
        els, need = body.layout(k.slide.panels, k.slide.columns, x, y, w, h)
        if need <= h + 0.5 and len(k.ts.overflows) == mark:
            return els
        del k.ts.overflows[mark:]
    body.zoom = 1.0
    need = 0.0
    for scale in BODY_SCALES:
        body.scale = scale
        mark = len(k.ts.overflows)
        els, need = body.layout(k.slide.panels, k.slide.columns, x, y, w, h)
        if need <= h + 0.5:
            return els
        del k.ts.overflows[mark:]
    lh = k.layout_set.style("body").min_size * k.layout_set.style("body").line_height
    k.ts.overflows.append(Overflow("body", ceil_lines(need - h, lh), "panels"))
    return els


def tags(k: SlideKit, x: float, y: float, w: float) -> tuple[Node, float]:
    """「対応する課題」 in a key-coloured label, then the slide's issues as pills."""
    th = k.layout_set
    kit = Body(th, k.ts, k.deck.figures)
    h = k.px(kit.c("tag", "height"))
    pad = k.px(kit.c("tag", "padding"))
    label_style = th.style("tag-label")
    label = str(kit.c("tag", "label"))
    lw = k.ts.width(label, label_style) + 2 * pad
    radius = k.px(kit.c("tag", "label_radius"))
    bg = Rect(x, y, lw, h, fill=kit.color("tag", "label_fill"), radius=radius)
    box = k.ts.box(label, label_style, x + pad, y, lw - 2 * pad + 1, role="label")
    lg = k.px(kit.c("tag", "label_gap"))
    pills_, hh = pills(kit, k.slide.tags, x + lw + lg, y, w - lw - lg)
    return group("div", [bg, replace(box, y=y + (h - box.h) / 2), *pills_]), max(h, hh)


def contents(k: SlideKit) -> Node:
    """The table of contents: a numbered list of sections, each with its list of topics."""
    th = k.layout_set
    bs = k.lay.slots["body"]
    secs = k.slide.sections
    cols = 2

    def px(key: str) -> float:
        return k.px(tokens.value(th.components, "contents", key))

    gap, pad, top, numw = px("gap"), px("padding"), px("top"), px("number_width")
    fill = th.color(str(tokens.value(th.components, "contents", "fill")))
    cw = (bs.w - gap) / cols
    rows = (len(secs) + cols - 1) // cols
    rh = (bs.h - gap * (rows - 1)) / max(rows, 1)
    item_style = th.style("contents-item")
    marker = str(tokens.value(th.components, "bullet", "marker"))
    marker_w = k.ts.width(marker, item_style)
    out: list[Node] = []
    for i, sec in enumerate(secs):
        x = bs.x + (i % cols) * (cw + gap)
        y = bs.y + (i // cols) * (rh + gap)
        bg = Rect(x, y, cw, rh, fill=fill, radius=px("radius"))
        num = k.ts.box(
            sec.number,
            th.style("contents-number"),
            x + pad,
            y + top,
            numw,
            role="list-label",
        )
        tx = x + pad + numw
        tw = cw - pad - numw - pad
        title = k.ts.box(
            sec.title,
            th.style("contents-title"),
            tx,
            y + top,
            tw,
            role="list-body",
            slot="sections",
        )
        cy = y + top + max(title.h, num.h) + px("top_gap")
        topics: list[Node] = []
        for item in sec.items:
            mark = k.ts.box(marker, item_style, tx, cy, marker_w + 1, role="list-label")
            box = k.ts.box(item, item_style, tx + marker_w, cy, tw - marker_w, role="list-body")
            topics.append(group("item", [mark, box]))
            cy += box.h
        out.append(group("item", [bg, num, title, group("list", topics)]))
        if cy > y + rh:
            lh = item_style.size * item_style.line_height
            k.ts.overflows.append(Overflow("sections", ceil_lines(cy - y - rh, lh)))
    return group("list", out, numbered=True)
