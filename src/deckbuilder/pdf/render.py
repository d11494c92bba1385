"""PDF renderer: each slide's page written from its scene, the pages joined into one tagged
document (``pdf_document`` adds the structure tree, bookmarks and metadata).

Writing a page is string formatting (``pdf_page``); only charts go through matplotlib, drawn once
each in worker processes (``chart_files``) and placed as Form XObjects.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from deckbuilder.memo import Memo
from deckbuilder.pdf.document import DocMeta, Document
from deckbuilder.pdf.page import PageContent, page_content
from deckbuilder.pictures.chart_files import ChartFiles
from deckbuilder.scene import ChartBox, SlideScene
from deckbuilder.text.fonts import FontSet

__all__ = ["DocMeta", "pages", "pdf_document", "render_pdf", "render_pngs"]


def render_pdf(
    scenes: list[SlideScene],
    fonts: FontSet,
    meta: DocMeta,
    charts: Callable[[ChartBox], ChartFiles],
    tagged: bool = True,
) -> bytes:
    """The whole PDF. ``charts`` gives each chart's drawing (waiting for a worker if need be);
    ``tagged=False`` writes the same pages without marked content or structure."""
    return pdf_document(scenes, fonts, meta, charts, tagged).finish()


def pdf_document(
    scenes: list[SlideScene],
    fonts: FontSet,
    meta: DocMeta,
    charts: Callable[[ChartBox], ChartFiles],
    tagged: bool = True,
) -> Document:
    """The document with everything but its charts, which ``finish`` adds as it writes it: a
    build does this while the worker still draws them."""
    doc = Document(scenes, fonts, meta, charts, tagged)
    for page in pages(scenes, fonts, tagged):
        doc.add(page)
    doc.prepare()
    return doc


def pages(scenes: list[SlideScene], fonts: FontSet, tagged: bool = True) -> list[PageContent]:
    """Each slide's page content. It needs no chart (a page names its charts' forms), so a
    build writes them while the worker still draws."""
    faces = (fonts.regular.digest, fonts.bold.digest)
    return [
        _PAGES.get((scene.digest, tagged, faces), partial(page_content, scene, fonts, tagged))
        for scene in scenes
    ]


# Cache: a page's content by (scene digest, tagged, the faces' hashes): a watch rewrites only
# the pages that changed.
_PAGES: Memo[PageContent] = Memo(1024, disk="pages")


def render_pngs(
    scenes: list[SlideScene], fonts: FontSet, out_dir: Path, dpi: int = 72
) -> list[Path]:
    """A PNG per slide, drawn by matplotlib (``draw_mpl``)."""
    from deckbuilder.pictures.draw_mpl import figure_for

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in scenes:
        fig = figure_for(s, fonts)
        path = out_dir / f"slide-{s.number:02d}.png"
        fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
        paths.append(path)
    return paths
