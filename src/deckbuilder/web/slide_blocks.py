"""A slide's headings, lists, tables and figures as HTML elements (the section's tree walk,
``node``, is ``web.render``'s)."""

from __future__ import annotations

from html import escape

from deckbuilder.scene import ChartBox, Element, Group, Node, Picture, Placeholder, Rect, TextBox
from deckbuilder.web import figures as html_figures
from deckbuilder.web.grid import placement
from deckbuilder.web.slide_text import SlideText


class SlideBlocks(SlideText):
    """Headings, lists, tables and figures, each written from its group."""

    # The tree walk, web.render's _Slide: a block's children are written by it.
    def node(self, n: Node) -> str:
        raise NotImplementedError

    def element(self, el: Element) -> str:
        raise NotImplementedError

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
                out.append(with_class(html, cell) if cell else html)
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
            return placeholder_figure(caption or escape(holder.caption))
        shown = "".join(html_figures.picture(p) for p in pics)
        cap = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f'<figure class="figure">{shown}{cap}</figure>'


def placeholder_figure(caption: str) -> str:
    """Where the slide has a frame for a screenshot: the frame, saying what it stands for."""
    return f'<figure class="placeholder"><figcaption>{caption}</figcaption></figure>'


def with_class(html: str, cls: str) -> str:
    """Add classes to the first element of ``html`` (every element we write has a class or none)."""
    end = html.index(">")
    head = html[:end]
    if ' class="' in head:
        return html.replace(' class="', f' class="{cls} ', 1)
    tag_end = head.find(" ") if " " in head else end
    return html[:tag_end] + f' class="{cls}"' + html[tag_end:]
