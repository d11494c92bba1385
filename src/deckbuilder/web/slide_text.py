"""A slide's text as HTML: titles and headings, paragraphs with their runs (English marked,
printed addresses linked), and each box's classes: its style, its colour and the colour of the
shape under it, so the text keeps the contrast it has on the slide."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from deckbuilder.pictures.chart_files import ChartFiles
from deckbuilder.scene import ChartBox, Group, Line, SlideScene, TextBox
from deckbuilder.source.layoutset import LayoutSet
from deckbuilder.text.fonts import FontSet
from deckbuilder.web.style import Palette, text_style


@dataclass
class SlideText:
    """What one slide's section has written so far, and its text boxes as HTML."""

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
