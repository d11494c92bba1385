"""The web edition: the report as one accessible HTML page, read from the same scenes as the
PPTX and the PDF.

The scene tree maps onto HTML as it maps onto PDF tags (``pdf_struct``): each slide is a
``<section id="slide-N">`` headed by its title, panels and cards are divisions, lists are lists,
before/after is a table, a chart is an SVG image named by its alt sentence with its data as a
table, English runs carry ``lang="en"``, a printed URL is a link, footnotes close the section,
page furniture is hidden from assistive technology and shapes become CSS. Where the slide puts
boxes side by side, the section's grid does too (read from the boxes' positions); a narrow
screen stacks them in reading order. Every source text is escaped; the page has no script.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from html import escape

from deckbuilder.memo import Memo
from deckbuilder.pictures.chart_files import ChartFiles
from deckbuilder.scene import (
    ChartBox,
    Element,
    Ellipse,
    Group,
    Line,
    Node,
    Picture,
    Placeholder,
    Polygon,
    Rect,
    SlideScene,
    TextBox,
    bounds,
)
from deckbuilder.source.layoutset import LayoutSet
from deckbuilder.text.fonts import FontSet
from deckbuilder.web import figures as html_figures
from deckbuilder.web.grid import placement, shown
from deckbuilder.web.style import Palette, csp, stylesheet, text_style

_SHAPES = (Rect, Polygon, Ellipse)


@dataclass(frozen=True)
class PageMeta:
    title: str
    author: str
    subject: str
    language: str
    output: str  # the outputs' name: the page links to OUTPUT.pdf and OUTPUT.pptx beside it


def render_html(
    scenes: list[SlideScene],
    layout_set: LayoutSet,
    meta: PageMeta,
    charts: Callable[[ChartBox], ChartFiles],
) -> bytes:
    """The whole page, as UTF-8 bytes; the same scenes give the same bytes."""
    palette = Palette(layout_set)
    sections = [_section(s, layout_set, palette, charts) for s in scenes]
    first_is_cover = bool(scenes) and scenes[0].kind == "cover"
    body = []
    if first_is_cover:
        body.append(sections[0])
    else:
        body.append(f'<header class="masthead"><h1>{escape(meta.title)}</h1></header>')
    body.append(_toc(scenes))
    body.extend(sections[1:] if first_is_cover else sections)
    css = stylesheet(layout_set, palette)
    lang = escape(meta.language or "ja")
    name = escape(meta.output)
    page = (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp(css)}">\n'
        f"<title>{escape(meta.title)}</title>\n"
        f'<meta name="author" content="{escape(meta.author)}">\n'
        f'<meta name="description" content="{escape(meta.subject)}">\n'
        '<meta name="generator" content="deckbuilder">\n'
        f"<style>{css}</style>\n</head>\n<body>\n"
        '<a class="skip" href="#toc">目次へ移動</a>\n'
        '<main id="main">\n' + "\n".join(body) + "\n</main>\n"
        '<footer class="colophon"><p>同じ内容の'
        f'<a href="{name}.pdf">PDF版</a>と<a href="{name}.pptx">PowerPoint版</a>があります。</p>'
        "</footer>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


# A slide's section with the colours and column templates it used, kept by its scene: a
# rebuild after one figure changes writes only the sections of the slides that show it.
_SECTIONS: Memo[tuple[str, tuple[str, ...], tuple[str, ...]]] = Memo(1024, disk="html")


def _section(
    scene: SlideScene,
    layout_set: LayoutSet,
    palette: Palette,
    charts: Callable[[ChartBox], ChartFiles],
) -> str:
    def make() -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        own = Palette(layout_set)
        html = _Slide(scene, layout_set, own, charts).html()
        return html, tuple(sorted(own.extra)), tuple(sorted(own.grids))

    html, extra, grids = _SECTIONS.get((scene.digest, layout_set.digest), make)
    palette.merge(extra, grids)
    return html


def _toc(scenes: list[SlideScene]) -> str:
    """Every slide by its title, the slides after a section slide nested under it."""
    top: list[str] = []
    nested: list[str] = []

    def close() -> None:
        if nested and top:
            top[-1] = top[-1].replace("</li>", f"<ol>{''.join(nested)}</ol></li>")
        nested.clear()

    in_section = False
    for s in scenes:
        item = f'<li><a href="#slide-{s.number}">{escape(s.heading_line())}</a></li>'
        if s.kind == "section":
            close()
            top.append(item)
            in_section = True
        elif in_section and s.kind in ("content", "statement", "contents"):
            nested.append(item)
        else:
            close()
            top.append(item)
            in_section = False
    close()
    return (
        '<nav class="toc" id="toc" aria-labelledby="toc-title"><h2 id="toc-title">目次</h2>'
        f"<ol>{''.join(top)}</ol></nav>"
    )


@dataclass
class _Slide:
    """One slide's section, written by walking its scene tree in reading order."""

    scene: SlideScene
    layout_set: LayoutSet
    palette: Palette
    charts: Callable[[ChartBox], ChartFiles]
    # Filled shapes drawn so far: area, colour, and whether an element already paints it.
    shapes: list[tuple[tuple[float, float, float, float], str, bool]] = field(default_factory=list)
    owned: set[int] = field(default_factory=set)  # shapes drawn as a group's own box
    footnotes: list[str] = field(default_factory=list)
    figures: int = 0
    titled: bool = False  # the section's heading has its id

    @property
    def fonts(self) -> FontSet:
        return self.layout_set.fonts

    def html(self) -> str:
        s = self.scene
        n = s.number
        kind = escape(s.kind or "content")
        header = [c for c in s.root if isinstance(c, Group) and c.kind == "header"]
        head = "".join(self.node(c) for c in header)
        rest = [c for c in s.root if not (isinstance(c, Group) and c.kind == "header")]
        body = self.container(rest, "div", "slide-body")
        notes = ""
        if self.footnotes:
            notes = f'<footer class="footnotes">{"".join(self.footnotes)}</footer>'
        bg = self.palette.name(s.background)
        named = f' aria-labelledby="slide-{n}-title"' if self.titled else ""
        return (
            f'<section id="slide-{n}" class="slide {kind} bg-{bg}"{named}>'
            f"{head}{body}{notes}</section>"
        )

    # --- containers ------------------------------------------------------------------------------

    def container(self, children: Iterable[Node], tag: str, cls: str) -> str:
        """Children in a grid shaped as the slide places them (or a wrapping row, or a column)."""
        kids = list(children)
        placed = [k for k in kids if shown(k)]
        layout, cells = placement(placed, self.palette)
        parts = []
        for k in kids:
            inner = self.node(k)
            if not inner:
                continue
            cell = cells.get(id(k), "")
            parts.append(_add_class(inner, cell) if cell else inner)
        classes = " ".join(c for c in (cls, layout) if c)
        return f'<{tag} class="{classes}">{"".join(parts)}</{tag}>'

    def node(self, n: Node) -> str:
        if isinstance(n, Group):
            return self.group(n)
        return self.element(n)

    def group(self, g: Group) -> str:
        kind = g.kind
        if kind == "decoration":  # shapes become CSS; a decorative picture is seen, not read
            out = []
            for leaf in g.leaves():
                if isinstance(leaf, Picture):
                    out.append(html_figures.picture(replace(leaf, decorative=True)))
                else:
                    self.element(leaf)  # a shape: the background of what is drawn on it
            return "".join(out)
        if kind == "header":
            return "<header>" + "".join(self.node(c) for c in g.children) + "</header>"
        if kind == "heading":
            return self.heading_group(g)
        if kind == "figure":
            return self.figure(g)
        if kind == "list":
            return self.list_(g)
        if kind == "table":
            return self.table(g)
        if kind == "footnotes":
            self.footnotes.append("".join(self.node(c) for c in g.children))
            return ""
        if kind == "item":
            return self.container(g.children, "div", "item")
        box = self.own_box(g)
        cls = {"panel": "panel", "card": "card", "grid": "grid"}.get(kind, "div")
        if kind == "panel" and not box:
            cls += " panel-plain"
        return self.container(g.children, "div", f"{cls} {box}".strip())

    def own_box(self, g: Group) -> str:
        """A group drawn on a shape of its own (a panel's frame, a card's fill): that shape's
        colours as the group's classes."""
        first = g.children[0] if g.children else None
        if not isinstance(first, Rect) or first.fill is None and first.stroke is None:
            return ""
        _x, _y, w, h = g.bounds
        if first.w < 0.9 * w or first.h < 0.9 * h:  # a heading's bar, a label's pill: not a frame
            return ""
        self.owned.add(id(first))
        cls = []
        if first.fill:
            cls.append(f"bg-{self.palette.name(first.fill)}")
        if first.stroke and first.stroke_width:
            cls.append(f"bd-{self.palette.name(first.stroke)}")
        return " ".join(cls)

    def heading_group(self, g: Group) -> str:
        texts = [e for e in g.leaves() if isinstance(e, TextBox)]
        for leaf in g.leaves():
            if not isinstance(leaf, TextBox):
                self.element(leaf)
        level = min(max(g.level, 1) + 1, 6)
        ident = self.title_id() if g.level == 1 else ""
        spans = " ".join(
            f'<span class="{self.text_classes(t)}">{self.inline(t)}</span>' for t in texts
        )
        return f"<h{level}{ident}>{spans}</h{level}>"

    def list_(self, g: Group) -> str:
        tag = "ol" if g.numbered else "ul"
        placed: list[Node] = [c for c in g.children if isinstance(c, Group) and c.kind == "item"]
        layout, cells = placement(placed, self.palette)
        out = []
        for child in g.children:
            if isinstance(child, Group) and child.kind == "item":
                html = self.item(child)
                cell = cells.get(id(child), "")
                out.append(_add_class(html, cell) if cell else html)
            else:  # the line of a timeline, the arrows of a cycle: drawn, so nothing here
                inner = self.node(child)
                if inner:
                    out.append(f"<li>{inner}</li>")
        cls = f"list {layout or 'flow'}"
        return f'<{tag} class="{cls}">{"".join(out)}</{tag}>' if out else ""

    def item(self, g: Group) -> str:
        box = self.own_box(g)
        label: list[str] = []
        body: list[str] = []
        for child in g.children:
            if isinstance(child, TextBox) and child.role == "list-label":
                hidden = ' aria-hidden="true"' if child.text.strip() in ("・", "•") else ""
                cls = self.text_classes(child)
                label.append(f'<span class="lbl {cls}"{hidden}>{self.inline(child)}</span>')
            else:
                inner = self.node(child)
                if inner:
                    body.append(inner)
        cls = f"boxed {box}" if box else ""
        attr = f' class="{cls}"' if cls else ""
        return f'<li{attr}>{"".join(label)}<div class="body">{"".join(body)}</div></li>'

    def table(self, g: Group) -> str:
        head: list[str] = []
        rows: list[str] = []
        for row in g.children:
            if not isinstance(row, Group) or row.kind != "row":
                self.node(row)
                continue
            cells = []
            header = all(isinstance(c, Group) and c.header for c in row.children)
            for cell in row.children:
                if not isinstance(cell, Group):
                    self.node(cell)
                    continue
                paint = self.paint(cell)
                inner = "".join(self.node(c) for c in cell.children)
                tag = "th" if cell.header else "td"
                scope = ' scope="col"' if cell.header else ""
                cells.append(f"<{tag}{scope}{paint}>{inner}</{tag}>")
            (head if header and not rows else rows).append(f"<tr>{''.join(cells)}</tr>")
        thead = f"<thead>{''.join(head)}</thead>" if head else ""
        return f'<table class="compare">{thead}<tbody>{"".join(rows)}</tbody></table>'

    def figure(self, g: Group) -> str:
        leaves = list(g.leaves())
        texts = [e for e in leaves if isinstance(e, TextBox)]
        chart = next((e for e in leaves if isinstance(e, ChartBox)), None)
        if chart is not None:
            self.figures += 1
            ident = f"s{self.scene.number}c{self.figures}"
            files = self.charts(chart)
            return html_figures.chart_figure(g, chart, files, self.fonts, ident, texts)
        pics = [e for e in leaves if isinstance(e, Picture)]
        holder = next((e for e in leaves if isinstance(e, Placeholder)), None)
        caption = "".join(f'<p class="{self.text_classes(t)}">{self.inline(t)}</p>' for t in texts)
        if holder is not None:
            return _placeholder(caption or escape(holder.caption))
        shown = "".join(html_figures.picture(p) for p in pics)
        cap = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f'<figure class="figure">{shown}{cap}</figure>'

    # --- leaves ----------------------------------------------------------------------------------

    def element(self, el: Element) -> str:
        if isinstance(el, TextBox):
            return self.text(el)
        if isinstance(el, _SHAPES):
            fill = el.fill
            if fill:
                self.shapes.append((bounds([el]), fill, id(el) in self.owned))
            return ""
        if isinstance(el, ChartBox):
            self.figures += 1
            ident = f"s{self.scene.number}c{self.figures}"
            group = Group("figure", (el,), alt=el.alt)
            return html_figures.chart_figure(group, el, self.charts(el), self.fonts, ident, [])
        if isinstance(el, Picture):
            return html_figures.picture(el)
        if isinstance(el, Placeholder):
            return _placeholder(escape(el.caption))
        return ""  # a rule: drawn by CSS where it means something""

    def text(self, box: TextBox) -> str:
        cls = self.text_classes(box)
        lang = f' lang="{escape(box.lang)}"' if box.lang else ""
        if box.role == "breadcrumb":
            return f'<p class="breadcrumb {cls}" aria-hidden="true">{self.inline(box)}</p>'
        if box.role == "pagination":
            return f'<p class="page {cls}" aria-hidden="true">{self.inline(box)}</p>'
        if box.role == "title":
            h = 1 if self.scene.kind == "cover" and self.scene.number == 1 else 2
            ident = self.title_id()
            return f'<h{h}{ident} class="{cls}"{lang}>{self.inline(box)}</h{h}>'
        if box.role == "heading":
            level = min(max(box.level, 2) + 1, 6)
            return f'<h{level} class="{cls}"{lang}>{self.inline(box)}</h{level}>'
        paras = [
            f'<p class="{cls}"{lang}>{self.runs(p, box.lang)}</p>'
            for p in box.paragraphs
            if _words(p)
        ]
        if len(paras) > 1:  # one box, one element: the grid places it as a whole
            return f'<div class="paras">{"".join(paras)}</div>'
        return "".join(paras)

    def title_id(self) -> str:
        """The id that names the section, on its first title only."""
        if self.titled:
            return ""
        self.titled = True
        return f' id="slide-{self.scene.number}-title"'

    def text_classes(self, box: TextBox) -> str:
        run = next((r for line in box.lines for r in line.runs), None)
        if run is None:
            return f"r-{box.role}"
        out = [f"r-{box.role}"]
        style = text_style(self.layout_set, run.size, run.bold, box.role)
        if style:
            out.append(f"s-{style}")
        out.append(f"fg-{self.palette.name(run.color)}")
        bg = self.background(box)
        if bg:
            out += ["chip", f"bg-{bg}"]
        if box.align in ("center", "right"):
            out.append(f"ta-{box.align}")
        return " ".join(out)

    def background(self, box: TextBox) -> str:
        """The colour of a shape drawn under this box that no element paints already (a step's
        chevron, a tag's pill), so the text keeps the contrast it has on the slide."""
        i = self.under(box)
        if i is None:
            return ""
        _area, fill, painted = self.shapes[i]
        if painted or fill.upper() == self.scene.background.upper():
            return ""
        return self.palette.name(fill)

    def under(self, box: TextBox) -> int | None:
        """The topmost filled shape under the box's centre."""
        cx, cy = box.x + box.w / 2, box.y + box.h / 2
        for i in range(len(self.shapes) - 1, -1, -1):
            (x, y, w, h), _fill, _painted = self.shapes[i]
            if x - 0.5 <= cx <= x + w + 0.5 and y - 0.5 <= cy <= y + h + 0.5:
                return i
        return None

    def paint(self, cell: Group) -> str:
        """A table cell on a shape of its own: the cell takes the shape's colour."""
        first = next((e for e in cell.leaves() if isinstance(e, TextBox)), None)
        i = self.under(first) if first else None
        if i is None:
            return ""
        area, fill, painted = self.shapes[i]
        if painted:
            return ""
        self.shapes[i] = (area, fill, True)
        return f' class="bg-{self.palette.name(fill)}"'

    def inline(self, box: TextBox) -> str:
        """The box's paragraphs in one element (a heading), joined by line breaks."""
        return "<br>".join(self.runs(p, box.lang) for p in box.paragraphs)

    def runs(self, lines: tuple[Line, ...], lang: str = "") -> str:
        """One paragraph's runs: its broken lines joined again; English in ``lang="en"``, a
        printed web address as a link."""
        out: list[str] = []
        prev = ""
        for line in lines:
            for i, run in enumerate(line.runs):
                text = run.text
                if i == 0 and prev and _joins_with_space(prev, text):
                    out.append(" ")
                prev = text or prev
                if run.link and run.link.startswith(("https://", "http://")):
                    out.append(f'<a href="{escape(run.link)}" lang="en">{escape(text)}</a>')
                elif run.lang and run.lang != lang:  # the box's own language is said once
                    out.append(f'<span lang="{escape(run.lang)}">{escape(text)}</span>')
                else:
                    out.append(escape(text))
        return _merge_links("".join(out))


def _placeholder(caption: str) -> str:
    """Where the slide has a frame for a screenshot: the frame, saying what it stands for."""
    return f'<figure class="placeholder"><figcaption>{caption}</figcaption></figure>'


def _words(lines: tuple[Line, ...]) -> bool:
    return any(r.text.strip() for line in lines for r in line.runs)


def _joins_with_space(before: str, after: str) -> bool:
    """Lines broken between two Latin words were broken at a space, which the break dropped."""
    return (
        bool(before and after)
        and before[-1].isascii()
        and before[-1].isalnum()
        and (after[0].isascii() and after[0].isalnum())
    )


def _merge_links(html: str) -> str:
    """A URL broken over two lines is one link."""
    return html.replace('</a><a href="', '</a>\0<a href="').replace("\0", "")


def _add_class(html: str, cls: str) -> str:
    """Add classes to the first element of ``html`` (every element we write has a class or none)."""
    end = html.index(">")
    head = html[:end]
    if ' class="' in head:
        return html.replace(' class="', f' class="{cls} ', 1)
    tag_end = head.find(" ") if " " in head else end
    return html[:tag_end] + f' class="{cls}"' + html[tag_end:]
