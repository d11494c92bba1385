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
from dataclasses import dataclass, replace
from html import escape

from deckbuilder.memo import Memo
from deckbuilder.pictures.chart_files import ChartFiles
from deckbuilder.scene import (
    ChartBox,
    Element,
    Ellipse,
    Group,
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
from deckbuilder.web import figures as html_figures
from deckbuilder.web.grid import placement, shown
from deckbuilder.web.slide_blocks import SlideBlocks, placeholder_figure, with_class
from deckbuilder.web.style import Palette, csp, stylesheet

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


# Cache: a slide's section with the colours and column templates it used, by (scene digest,
# layout set digest): a rebuild after one figure changes writes only the sections that show it.
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
class _Slide(SlideBlocks):
    """One slide's section, written by walking its scene tree in reading order."""

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
            parts.append(with_class(inner, cell) if cell else inner)
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
            return placeholder_figure(escape(el.caption))
        return ""  # a rule: drawn by CSS where it means something""
