"""PDF renderer: each slide's page drawn by matplotlib, pages joined into one tagged document.

A page depends only on its scene, so pages are cached by a hash of the scene and rendered in
parallel; ``pdf_document`` joins them and adds the structure tree, bookmarks and metadata.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from pathlib import Path

import matplotlib

from .draw_mpl import figure_for
from .fonts import FontSet
from .pdf_document import DocMeta, Document
from .scene import SlideScene
from .workers import worker_pool  # re-exported: it used to live here

__all__ = ["DocMeta", "PendingPdf", "render_pdf", "render_pngs", "worker_pool"]


def _code_digest(*modules: str) -> str:
    """A digest of the drawing code itself, so cached pages never outlive a change to it."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in modules:
        h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


RENDERER_VERSION = _code_digest("draw_mpl", "charts", "render_pdf", "marks", "pdf_fonts")


def page_key(scene: SlideScene, fonts: FontSet) -> str:
    h = hashlib.sha256()
    for part in (
        RENDERER_VERSION,
        matplotlib.__version__,
        fonts.regular.digest,
        fonts.bold.digest,
        repr(scene),
    ):
        h.update(part.encode())
    return h.hexdigest()[:32]


def render_page(scene: SlideScene, fonts: FontSet, tagged: bool = True) -> bytes:
    fig = figure_for(scene, fonts, tagged)
    buf = io.BytesIO()
    fig.savefig(
        buf, format="pdf", metadata={"Creator": None, "Producer": None, "CreationDate": None}
    )
    return buf.getvalue()


class PendingPdf:
    """The PDF being made by worker processes while the caller does other work.

    Many pages to draw (a cold build): one job per page, joined here at ``result()``. A few (a
    rebuild after an edit): one job draws them and joins the document, so the whole PDF is
    done in the background while the caller writes the PPTX.
    """

    def __init__(
        self,
        scenes: list[SlideScene],
        fonts: FontSet,
        meta: DocMeta,
        cache: Path | None,
        pool: Executor | None,
        on_page: Callable[[int, int], None] | None = None,
    ):
        self.keys = [page_key(s, fonts) for s in scenes]
        self.pages: list[bytes | None] = [None] * len(scenes)
        self.todo = []
        for i, key in enumerate(self.keys):
            hit = cache / f"{key}.pdf" if cache else None
            if hit is not None and hit.is_file():
                self.pages[i] = hit.read_bytes()
            else:
                self.todo.append(i)
        self.scenes, self.fonts, self.meta, self.cache, self.on_page = (
            scenes,
            fonts,
            meta,
            cache,
            on_page,
        )
        self.per_page: list[Future[bytes]] = []
        self.whole: Future[tuple[list[bytes], bytes]] | None = None
        if pool is not None and len(self.todo) > 3:
            self.per_page = [pool.submit(render_page, scenes[i], fonts) for i in self.todo]
        elif pool is not None:
            self.whole = pool.submit(_draw_and_join, self.pages, self.todo, scenes, fonts, meta)

    def result(self) -> bytes:
        total = len(self.pages)
        if self.whole is not None:
            drawn, pdf = self.whole.result()
            self._store(drawn, total)
            return pdf
        drawn_iter: Iterable[bytes] = (
            (f.result() for f in self.per_page)
            if self.per_page
            else (render_page(self.scenes[i], self.fonts) for i in self.todo)
        )
        # Join while the workers still draw: each page goes in as soon as it and all before
        # it are there.
        joiner, next_page = Document(self.scenes, self.fonts, self.meta), 0

        def feed() -> None:
            nonlocal next_page
            while next_page < total and self.pages[next_page] is not None:
                joiner.add(self.pages[next_page])  # type: ignore[arg-type]
                next_page += 1

        feed()
        self._store(drawn_iter, total, feed)
        return joiner.finish()

    def _store(
        self, drawn: Iterable[bytes], total: int, then: Callable[[], None] | None = None
    ) -> None:
        """Keep each drawn page, in order as it arrives, and write it to the cache."""
        done = total - len(self.todo)
        for i, data in zip(self.todo, drawn, strict=True):
            self.pages[i] = data
            if self.cache is not None:
                self.cache.mkdir(parents=True, exist_ok=True)
                tmp = self.cache / f".{self.keys[i]}.tmp"
                tmp.write_bytes(data)
                os.replace(tmp, self.cache / f"{self.keys[i]}.pdf")
            done += 1
            if self.on_page:
                self.on_page(done, total)
            if then:
                then()


def _draw_and_join(
    pages: list[bytes | None],
    todo: list[int],
    scenes: list[SlideScene],
    fonts: FontSet,
    meta: DocMeta,
) -> tuple[list[bytes], bytes]:
    """In a worker: draw the missing pages, then join the document."""
    drawn = [render_page(scenes[i], fonts) for i in todo]
    full = list(pages)
    for i, data in zip(todo, drawn, strict=True):
        full[i] = data
    return drawn, join_pages([p for p in full if p is not None], scenes, fonts, meta)


def render_pdf(
    scenes: list[SlideScene],
    fonts: FontSet,
    meta: DocMeta,
    cache: Path | None,
    jobs: int = 0,
) -> bytes:
    """The whole PDF, drawing only the pages whose scene is not cached."""
    with worker_pool(jobs) as pool:
        return PendingPdf(scenes, fonts, meta, cache, pool).result()


def join_pages(
    pages: list[bytes], scenes: list[SlideScene], fonts: FontSet, meta: DocMeta
) -> bytes:
    """One tagged document from the slides' single-page PDFs, in order."""
    doc = Document(scenes, fonts, meta)
    for page in pages:
        doc.add(page)
    return doc.finish()


def render_pngs(
    scenes: list[SlideScene], fonts: FontSet, out_dir: Path, dpi: int = 72
) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in scenes:
        fig = figure_for(s, fonts)
        path = out_dir / f"slide-{s.number:02d}.png"
        fig.savefig(path, format="png", dpi=dpi, metadata={"Software": None})
        paths.append(path)
    return paths
