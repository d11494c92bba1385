"""The logical structure of one slide's page, read from its scene: what a screen reader hears.

The scene's tree maps onto PDF structure types (ISO 32000-1 §14.8.4): the slide is a Sect whose
first heading is its title; panels are Sect (with a heading) or Div; lists are L/LI/Lbl/LBody;
charts and pictures are Figure with alt text; before/after is a Table; page furniture is not in
the tree at all (it is drawn as artifacts). The leaves' marked content comes from
``marked_content.plan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deckbuilder.pdf.marked_content import FURNITURE, McidPlan
from deckbuilder.scene import ChartBox, Group, Node, Picture, SlideScene, TextBox
from deckbuilder.text.fonts import FontSet


@dataclass
class Tag:
    type: str  # a standard structure type: Sect, H1, P, L, LI, Lbl, LBody, Figure, Table, …
    kids: list[Tag | int] = field(default_factory=list)
    title: str = ""  # /T
    alt: str = ""  # /Alt
    lang: str = ""  # /Lang, where not the document's
    attrs: dict[str, str] = field(default_factory=dict)  # /A names (list numbering, th scope)
    bbox: tuple[float, float, float, float] | None = None  # a Figure's area (x, y, w, h), y down
    link: str = ""  # a Link's URL
    rects: list[tuple[float, float, float, float]] = field(default_factory=list)  # a Link's areas

    def mcids(self) -> list[int]:
        out: list[int] = []
        for k in self.kids:
            out.extend([k] if isinstance(k, int) else k.mcids())
        return out


def slide_tags(scene: SlideScene, mcids: McidPlan, fonts: FontSet) -> Tag:
    """The slide as one Sect titled with its title (a section slide's number included)."""
    builder = _Builder(mcids, fonts)
    kids = builder.nodes(scene.root)
    return Tag("Sect", kids, title=scene.heading_line())


@dataclass
class _Builder:
    mcids: McidPlan
    fonts: FontSet
    leaf: int = 0  # index of the next leaf, in the scene's drawing order

    def nodes(self, nodes: tuple[Node, ...] | list[Node]) -> list[Tag | int]:
        out: list[Tag | int] = []
        for node in nodes:
            out.extend(self.group(node) if isinstance(node, Group) else self.element(node))
        return out

    # --- leaves ----------------------------------------------------------------------------------

    def element(self, el: object) -> list[Tag | int]:
        i = self.leaf
        self.leaf += 1
        if isinstance(el, ChartBox):
            return [self.mcids.charts[i]]
        if isinstance(el, Picture):
            return [self.mcids.pictures[i]] if i in self.mcids.pictures else []
        if not isinstance(el, TextBox) or el.role in FURNITURE:
            return []
        paras = self.paragraphs(i, el)
        if el.role == "title":
            return [Tag("H1", [k for p in paras for k in p], lang=el.lang)]
        if el.role == "heading":
            return [Tag(f"H{el.level}", [k for p in paras for k in p], lang=el.lang)]
        return [Tag("P", p, lang=el.lang) for p in paras if p]

    def paragraphs(self, i: int, box: TextBox) -> list[list[Tag | int]]:
        """Each paragraph's marked content: a run in English is a Span with /Lang, a URL a Link."""
        out: list[list[Tag | int]] = []
        for n, line in enumerate(box.lines):
            if line.starts_paragraph or not out:
                out.append([])
            x = box.line_left(n)
            for k, run in enumerate(line.runs):
                width = self.fonts.face(run.bold).width(run.text, run.size, run.spacing)
                mcid = self.mcids.runs.get((i, n, k))
                if mcid is None:
                    x += width
                    continue
                kids = out[-1]
                if run.link:
                    area = (x, box.line_top(n), width, box.line_height)
                    last = kids[-1] if kids else None
                    if isinstance(last, Tag) and last.type == "Link" and last.link == run.link:
                        last.kids.append(mcid)  # the URL goes on over a line break
                        last.rects.append(area)
                    else:
                        kids.append(Tag("Link", [mcid], lang="en", link=run.link, rects=[area]))
                elif run.lang:
                    kids.append(Tag("Span", [mcid], lang=run.lang))
                else:
                    kids.append(mcid)
                x += width
        return out

    def inline(self, nodes: tuple[Node, ...] | list[Node]) -> list[Tag | int]:
        """All the marked content under ``nodes``, without paragraph or heading wrappers."""
        out: list[Tag | int] = []
        for kid in self.nodes(nodes):
            if isinstance(kid, Tag) and kid.type in ("P", "H1", "H2", "H3", "H4", "H5", "H6"):
                out.extend(kid.kids)
            else:
                out.append(kid)
        return out

    # --- groups ----------------------------------------------------------------------------------

    def group(self, g: Group) -> list[Tag | int]:
        kind = g.kind
        if kind == "decoration":
            self.leaf += sum(1 for _ in g.leaves())
            return []
        if kind == "header":
            return self.nodes(g.children)
        if kind == "heading":
            return [Tag(f"H{g.level}", self.inline(g.children))]
        if kind == "figure":
            x, y, w, h = g.bounds
            return [Tag("Figure", self.inline(g.children), alt=g.alt, bbox=(x, y, w, h))]
        if kind == "list":
            return self.list_(g)
        if kind == "table":
            return _keep(Tag("Table", self.nodes(g.children)))
        if kind == "row":
            return _keep(Tag("TR", self.nodes(g.children)))
        if kind == "cell":
            if g.header:
                return [Tag("TH", self.nodes(g.children), attrs={"Scope": "Column"})]
            return [Tag("TD", self.nodes(g.children))]
        if kind == "item":  # an item outside a list reads as its parts
            return self.nodes(g.children)
        kids = self.nodes(g.children)
        return _keep(Tag("Sect" if kind == "panel" and g.name else "Div", kids))

    def list_(self, g: Group) -> list[Tag | int]:
        items: list[Tag | int] = []
        for child in g.children:
            if isinstance(child, Group) and child.kind == "item":
                items.extend(self.item(child))
            else:  # the line of a timeline, the arrows of a cycle: drawn, not read
                items.extend(self.nodes([child]))
        numbering = "Decimal" if g.numbered else "None"
        return _keep(Tag("L", items, attrs={"ListNumbering": numbering}))

    def item(self, g: Group) -> list[Tag | int]:
        label: list[Tag | int] = []
        body: list[Tag | int] = []
        for child in g.children:
            if isinstance(child, TextBox) and child.role == "list-label":
                label.extend(self.inline([child]))
            else:
                body.extend(self.nodes([child]))
        kids: list[Tag | int] = []
        if label:
            kids.append(Tag("Lbl", label))
        if body:
            kids.append(Tag("LBody", body))
        return _keep(Tag("LI", kids))


def _keep(tag: Tag) -> list[Tag | int]:
    """An element that holds nothing is left out of the tree."""
    return [tag] if tag.kids else []
