"""The layout stage: one SlideScene per slide, every box placed and every line broken.

This is the only stage that reads the layout set's geometry; the renderers only draw.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import model as m
from .blocks import Body, ceil_lines
from .blocks.image import place as place_picture
from .blocks.tags import pills
from .errors import Diagnostic
from .formatting import substitute
from .memo import Memo
from .scene import Node, Rect, SlideScene, TextBox, group
from .spans import EN
from .textfit import Typesetter
from .theme import Layout, Theme

BODY_SCALES = (1.0, 0.94, 0.88, 0.82, 0.76)
ZOOM_STEP = 0.05


def _zooms(most: float) -> list[float]:
    """The zooms above 1 to try, largest first (1.5, 1.45, …, 1.05)."""
    steps = int(round((most - 1.0) / ZOOM_STEP))
    return [round(1.0 + ZOOM_STEP * k, 2) for k in range(steps, 0, -1)]


@dataclass
class LaidOut:
    scenes: list[SlideScene]
    diagnostics: list[Diagnostic]


def layout_deck(
    deck: m.Deck,
    theme: Theme,
    on_slide: Callable[[int, int], None] | None = None,
    on_scene: Callable[[SlideScene], None] | None = None,
) -> LaidOut:
    """``on_scene`` sees each scene as soon as it is laid out (a build starts its charts)."""
    scenes, diags = [], []
    for i, slide in enumerate(deck.slides, start=1):
        scene, problems = laid_out(slide, deck, theme)
        scenes.append(scene)
        diags.extend(problems)
        if on_scene:
            on_scene(scene)
        if on_slide:
            on_slide(i, len(deck.slides))
    return LaidOut(scenes, diags)


_LAID: Memo[tuple[SlideScene, list[Diagnostic]]] = Memo(1024, disk="layout")


def laid_out(slide: m.Slide, deck: m.Deck, theme: Theme) -> tuple[SlideScene, list[Diagnostic]]:
    """``layout_slide``, taken from the memo when nothing it reads has changed."""
    scene, problems = _LAID.get(_inputs(slide, deck, theme), lambda: _hashed(slide, deck, theme))
    return scene, [copy.copy(d) for d in problems]  # callers may change a problem's severity


def _hashed(slide: m.Slide, deck: m.Deck, theme: Theme) -> tuple[SlideScene, list[Diagnostic]]:
    scene, problems = layout_slide(slide, deck, theme)
    _ = scene.digest  # hashed before it is kept: a kept scene brings its digest along
    return scene, problems


def _inputs(slide: m.Slide, deck: m.Deck, theme: Theme) -> tuple[object, ...]:
    """Everything a slide's layout reads: the slide, the figures it names, the deck's own
    words (cover, back cover) and the layout set (one Theme object per set's files)."""
    text = repr(slide)
    figures = tuple((k, f) for k, f in deck.figures.items() if k in text)
    own = (deck.title, deck.date_text, deck.organisation, deck.organisation_en, deck.logo)
    return slide, figures, own, theme.digest


def layout_slide(slide: m.Slide, deck: m.Deck, theme: Theme) -> tuple[SlideScene, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    lay = theme.layouts.get(slide.layout)
    if lay is None:
        from .loader import suggest

        diags.append(
            Diagnostic(
                slide.at("layout"),
                f"unknown layout {slide.layout!r}{suggest(slide.layout, theme.layouts.keys())}",
                "error",
                slide.number,
                "reference",
            )
        )
        return SlideScene(
            slide.number, slide.title, slide.layout, theme.width, theme.height, "#FFFFFF", ()
        ), diags
    ts = Typesetter(theme.fonts)
    sl = _SlideLayout(slide, deck, theme, lay, ts)
    elements = sl.run()
    for ov in ts.overflows:
        key = ov.where_key or _key_for_slot(ov.slot)
        diags.append(
            Diagnostic(
                slide.at(key),
                f"slot {ov.slot} overflows by {ov.lines} line{'s' if ov.lines > 1 else ''}",
                "error",
                slide.number,
                "overflow",
            )
        )
    for ch in sorted(ts.missing):
        diags.append(
            Diagnostic(
                slide.where,
                f"the font {theme.fonts.family} has no glyph for {ch!r} (U+{ord(ch):04X})",
                "error",
                slide.number,
                "glyph",
            )
        )
    scene = SlideScene(
        slide.number,
        slide.title,
        lay.name,
        theme.width,
        theme.height,
        lay.background,
        tuple(elements),
        substitute(slide.notes, deck.figures),
        slide.file,
        lay.kind,
    )
    return scene, diags


def _key_for_slot(slot: str) -> str:
    return {"body": "panels", "footer": "footnotes"}.get(slot, slot)


@dataclass
class _SlideLayout:
    slide: m.Slide
    deck: m.Deck
    theme: Theme
    lay: Layout
    ts: Typesetter

    def px(self, v: float) -> float:
        return self.theme.px(v)

    def text(
        self, name: str, text: str, role: str = "paragraph", fit: bool = True, **kw: object
    ) -> TextBox:
        slot = self.lay.slots[name]
        style = self.theme.style(slot.style)
        return self.ts.box(
            substitute(text, self.deck.figures),
            style,
            slot.x,
            slot.y,
            slot.w,
            slot.h if fit else None,
            align=slot.align,
            role=role,
            slot=name,
            balance=slot.balance,
            color=slot.color,
            **kw,  # type: ignore[arg-type]
        )

    def has(self, name: str) -> bool:
        return name in self.lay.slots

    def run(self) -> list[Node]:
        """The slide's tree in reading order: the layout's shapes (decoration) first, the page
        number last."""
        out: list[Node] = []
        if self.lay.shapes:
            out.append(
                group(
                    "decoration", [Rect(s.x, s.y, s.w, s.h, fill=s.fill) for s in self.lay.shapes]
                )
            )
        kind = self.lay.kind
        s, d = self.slide, self.deck
        if kind == "cover":
            out.append(self.text("title", s.title or d.title, "title", valign="middle"))
            out.append(self.text("date", d.date_text))
            out.extend(self.logo() or self.wordmark("organisation", d.organisation))
        elif kind == "section":
            number = self.text("number", s.section_number, "label")
            out.append(group("heading", [number, self.text("title", s.title, "title")], level=1))
        elif kind == "statement":
            out.append(group("header", self.header()))
            if s.label:
                out.append(self.text("label", s.label, "label"))
            out.append(self.text("statement", "\n".join(s.statement), valign="middle"))
        elif kind == "closing":
            out.append(self.text("title", s.title, "title"))
            out.append(self.text("statement", "\n".join(s.statement)))
        elif kind == "back-cover":
            out.extend(self.logo() or self.wordmark("title", s.title or d.organisation, "title"))
        elif kind == "contents":
            out.append(self.text("title", s.title, "title"))
            out.append(self.contents())
        else:
            out.extend(self.content())
        if self.has("page") and kind not in ("cover", "back-cover"):
            out.append(self.text("page", str(s.number), "pagination"))
        return out

    def logo(self) -> list[Node]:
        """deck.yaml's logo in the layout's logo slot (left, centre or right by the slot's
        align); nothing where either is missing."""
        logo = self.deck.logo
        if logo is None or logo.source is None or not self.has("logo"):
            return []
        slot = self.lay.slots["logo"]
        pic = place_picture(
            logo.source,
            slot.x,
            slot.y,
            slot.w,
            slot.h,
            "contain",
            alt=logo.alt,
            align=slot.align or "center",
            fonts=self.theme.fonts,
        )
        return [group("figure", [pic], alt=pic.alt, name="Logo")]

    def wordmark(self, slot: str, name: str, role: str = "paragraph") -> list[Node]:
        """The organisation's name in Japanese and English: the cover's mark without a logo."""
        en = self.text("organisation_en", self.deck.organisation_en, lang=EN)
        return [self.text(slot, name, role), en]

    def header(self) -> list[Node]:
        out: list[Node] = []
        if self.slide.breadcrumb and self.has("breadcrumb"):
            out.append(self.text("breadcrumb", self.slide.breadcrumb, "breadcrumb"))
        if self.has("title"):
            out.append(self.text("title", self.slide.title, "title"))
        return out

    def content(self) -> list[Node]:
        """Header, lead, tags, the panels, then the footnotes: the order a reader takes."""
        s, th = self.slide, self.theme
        slots = self.lay.slots
        head: list[Node] = []
        if s.breadcrumb:
            head.append(self.text("breadcrumb", s.breadcrumb, "breadcrumb"))
        ts = slots["title"]
        y = ts.y
        if s.kicker and "kicker" in slots:
            k = self.text("kicker", s.kicker, fit=False)
            k = replace(k, y=y, x=ts.x + (self.px(16) if ts.chip else 0))
            head.append(k)
            y += k.h
        title = self.text("title", s.title, "title", fit=True)
        title = replace(title, y=y, h=title.content_height)
        if ts.chip:
            bar = self.px(6)
            off = bar + self.px(10)
            title = self.ts.box(
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
            head.append(Rect(ts.x, y + self.px(4), bar, title.h - self.px(8), fill=th.color("key")))
        head.append(title)
        out: list[Node] = [group("header", head)]
        y = title.y + title.h + self.px(12)
        body = Body(self.body_theme(), self.ts, self.deck.figures, restyle=self.lay.restyle)
        if s.lead and "lead" in slots:
            lead = self.ts.box(
                substitute("\n".join(s.lead), self.deck.figures),
                th.style(slots["lead"].style),
                slots["lead"].x,
                y,
                slots["lead"].w,
                slot="lead",
            )
            out.append(lead)
            y += lead.h + self.px(12)
        if s.tags and "tags" in slots:
            tags, th_ = self.tags(slots["tags"].x, y, slots["tags"].w)
            out.append(tags)
            y += th_ + self.px(16)
        # Footer grows upward from the bottom of its slot; the body takes what is left.
        bs = slots["body"]
        bottom = bs.y + bs.h
        footer_lines = list(s.footnotes) + ([s.source] if s.source else [])
        footer: list[Node] = []
        if footer_lines and "footer" in slots:
            fs = slots["footer"]
            style = th.style(fs.style)
            box = self.ts.box(
                substitute("\n".join(footer_lines), self.deck.figures),
                style,
                fs.x,
                0,
                fs.w,
                role="note",
                slot="footer",
            )
            top = fs.y + fs.h - box.h
            footer.append(group("footnotes", [replace(box, y=top)]))
            bottom = min(bottom, top - self.px(12))
        # The body starts on the layout's line, or lower when the header runs longer.
        top = max(y, bs.y)
        avail = bottom - top
        if s.panels:
            out.extend(self.body(body, bs.x, top, bs.w, avail))
        return out + footer

    def body_theme(self) -> Theme:
        """The theme with this layout's component keys (e.g. the body anchored at the top)."""
        if not self.lay.components:
            return self.theme
        comps = dict(self.theme.components)
        for name, keys in self.lay.components.items():
            comps[name] = {**self.theme.comp(name), **keys}
        return replace(self.theme, components=comps)

    def body(self, body: Body, x: float, y: float, w: float, h: float) -> list[Node]:
        """Fit the panels: step the text scale down until they fit, else report the overflow.

        A layout whose body may zoom (``body: {max_zoom: …}``) first tries the panels larger,
        text and spacing together, so a slide with little on it fills its page."""
        for zoom in _zooms(float(body.theme.comp("body").get("max_zoom", 1.0))):
            body.zoom = zoom
            mark = len(self.ts.overflows)
            els, need = body.layout(self.slide.panels, self.slide.columns, x, y, w, h)
            if need <= h + 0.5 and len(self.ts.overflows) == mark:
                return els
            del self.ts.overflows[mark:]
        body.zoom = 1.0
        need = 0.0
        for scale in BODY_SCALES:
            body.scale = scale
            mark = len(self.ts.overflows)
            els, need = body.layout(self.slide.panels, self.slide.columns, x, y, w, h)
            if need <= h + 0.5:
                return els
            del self.ts.overflows[mark:]
        lh = self.theme.style("body").min_size * self.theme.style("body").line_height
        from .textfit import Overflow

        self.ts.overflows.append(Overflow("body", ceil_lines(need - h, lh), "panels"))
        return els

    def tags(self, x: float, y: float, w: float) -> tuple[Node, float]:
        """「対応する課題」 in a key-coloured label, then the slide's issues as pills."""
        th = self.theme
        comp = th.comp("tag")
        h = self.px(comp.get("height", 28))
        pad = self.px(comp.get("padding", 12))
        label_style = th.style("tag-label")
        label = "対応する課題"
        lw = self.ts.width(label, label_style) + 2 * pad
        bg = Rect(x, y, lw, h, fill=th.color(str(comp.get("label_fill", "key"))), radius=self.px(4))
        box = self.ts.box(label, label_style, x + pad, y, lw - 2 * pad + 1, role="label")
        kit = Body(th, self.ts, self.deck.figures)
        pills_, hh = pills(kit, self.slide.tags, x + lw + self.px(8), y, w - lw - self.px(8))
        return group("div", [bg, replace(box, y=y + (h - box.h) / 2), *pills_]), max(h, hh)

    def contents(self) -> Node:
        """The table of contents: a numbered list of sections, each with its list of topics."""
        th = self.theme
        bs = self.lay.slots["body"]
        secs = self.slide.sections
        cols = 2
        gap = self.px(32)
        cw = (bs.w - gap) / cols
        rows = (len(secs) + cols - 1) // cols
        rh = (bs.h - gap * (rows - 1)) / max(rows, 1)
        item_style = th.style("contents-item")
        marker_w = self.ts.width("・", item_style)
        out: list[Node] = []
        for i, sec in enumerate(secs):
            x = bs.x + (i % cols) * (cw + gap)
            y = bs.y + (i // cols) * (rh + gap)
            bg = Rect(x, y, cw, rh, fill=th.color("tint"), radius=self.px(12))
            num = self.ts.box(
                sec.number,
                th.style("contents-number"),
                x + self.px(24),
                y + self.px(20),
                self.px(56),
                role="list-label",
            )
            tx = x + self.px(24) + self.px(56)
            tw = cw - self.px(24) - self.px(56) - self.px(24)
            title = self.ts.box(
                sec.title,
                th.style("contents-title"),
                tx,
                y + self.px(20),
                tw,
                role="list-body",
                slot="sections",
            )
            cy = y + self.px(20) + max(title.h, num.h) + self.px(12)
            topics: list[Node] = []
            for item in sec.items:
                mark = self.ts.box("・", item_style, tx, cy, marker_w + 1, role="list-label")
                box = self.ts.box(
                    item, item_style, tx + marker_w, cy, tw - marker_w, role="list-body"
                )
                topics.append(group("item", [mark, box]))
                cy += box.h
            out.append(group("item", [bg, num, title, group("list", topics)]))
            if cy > y + rh:
                from .textfit import Overflow

                lh = item_style.size * item_style.line_height
                self.ts.overflows.append(Overflow("sections", ceil_lines(cy - y - rh, lh)))
        return group("list", out, numbered=True)
