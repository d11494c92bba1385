"""PDF renderer: each slide's page drawn by matplotlib, pages joined into one document.

A page depends only on its scene, so pages are cached by a hash of the scene and rendered in
parallel; pypdf joins them and writes the document's metadata and language.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

from .draw_mpl import figure_for
from .fonts import FontSet
from .scene import SlideScene
from .workers import worker_pool  # re-exported: it used to live here


def _code_digest(*modules: str) -> str:
    """A digest of the drawing code itself, so cached pages never outlive a change to it."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for name in modules:
        h.update((here / f"{name}.py").read_bytes())
    return h.hexdigest()[:16]


RENDERER_VERSION = _code_digest("draw_mpl", "charts", "render_pdf")


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


def render_page(scene: SlideScene, fonts: FontSet) -> bytes:
    fig = figure_for(scene, fonts)
    buf = io.BytesIO()
    fig.savefig(
        buf, format="pdf", metadata={"Creator": None, "Producer": None, "CreationDate": None}
    )
    return buf.getvalue()


@dataclass(frozen=True)
class DocMeta:
    title: str
    author: str
    subject: str
    language: str
    date: str  # ISO date and time (UTC)


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
            todo_scenes = [scenes[i] for i in self.todo]
            self.whole = pool.submit(
                _draw_and_join, self.pages, self.todo, todo_scenes, fonts, meta
            )

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
        joiner, next_page = Joiner(), 0

        def feed() -> None:
            nonlocal next_page
            while next_page < total and self.pages[next_page] is not None:
                joiner.add(self.pages[next_page])  # type: ignore[arg-type]
                next_page += 1

        feed()
        self._store(drawn_iter, total, feed)
        return joiner.finish(self.meta)

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
    drawn = [render_page(s, fonts) for s in scenes]
    full = list(pages)
    for i, data in zip(todo, drawn, strict=True):
        full[i] = data
    return drawn, join_pages([p for p in full if p is not None], meta)


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


class Joiner:
    """Builds the document page by page (so joining overlaps drawing), then writes it with the
    Info metadata, /Lang and the title shown by viewers."""

    def __init__(self) -> None:
        self.writer = PdfWriter()

    def add(self, page: bytes) -> None:
        self.writer.append(PdfReader(io.BytesIO(page)))

    def finish(self, meta: DocMeta) -> bytes:
        writer = self.writer
        stamp = "D:" + meta.date.replace("-", "").replace("T", "").replace(":", "") + "Z"
        writer.add_metadata(
            {
                "/Title": meta.title,
                "/Author": meta.author,
                "/Subject": meta.subject,
                "/Creator": "deckbuilder",
                "/Producer": f"deckbuilder (matplotlib {matplotlib.__version__})",
                "/CreationDate": stamp,
                "/ModDate": stamp,
            }
        )
        root = writer._root_object
        root[NameObject("/Lang")] = TextStringObject(meta.language)
        prefs = DictionaryObject()
        prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
        root[NameObject("/ViewerPreferences")] = prefs
        buf = io.BytesIO()
        writer.write(buf)
        return buf.getvalue()


def join_pages(pages: list[bytes], meta: DocMeta) -> bytes:
    """One document from single-page PDFs, in order."""
    joiner = Joiner()
    for page in pages:
        joiner.add(page)
    return joiner.finish(meta)


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
