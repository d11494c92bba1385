"""PDF renderer: each slide's page drawn by matplotlib, pages joined into one document.

A page depends only on its scene, so pages are cached by a hash of the scene and rendered in
parallel; pypdf joins them and writes the document's metadata and language.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import matplotlib
from pypdf import PdfReader, PdfWriter
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

from .draw_mpl import figure_for
from .fonts import FontSet
from .scene import SlideScene

RENDERER_VERSION = "pdf-1"


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


def _render_job(args: tuple[SlideScene, FontSet]) -> bytes:
    return render_page(*args)


def render_pages(
    scenes: list[SlideScene],
    fonts: FontSet,
    cache: Path | None,
    jobs: int = 0,
    on_page: Callable[[int, int], None] | None = None,
) -> list[bytes]:
    """Every scene's page, from the cache where its scene is unchanged."""
    keys = [page_key(s, fonts) for s in scenes]
    pages: list[bytes | None] = [None] * len(scenes)
    todo = []
    for i, key in enumerate(keys):
        hit = cache / f"{key}.pdf" if cache else None
        if hit is not None and hit.is_file():
            pages[i] = hit.read_bytes()
        else:
            todo.append(i)
    total, done = len(scenes), len(scenes) - len(todo)
    jobs = jobs or min(len(todo), os.cpu_count() or 1, 4)
    if jobs > 1 and len(todo) > 2:
        with ProcessPoolExecutor(jobs, mp_context=get_context("fork")) as pool:
            results: Iterable[bytes] = pool.map(
                _render_job,
                [(scenes[i], fonts) for i in todo],
                chunksize=max(1, len(todo) // (jobs * 3)),
            )
            _store(results, todo, keys, pages, cache, on_page, done, total)
    else:
        results = (render_page(scenes[i], fonts) for i in todo)
        _store(results, todo, keys, pages, cache, on_page, done, total)
    return [p for p in pages if p is not None]


def _store(
    results: Iterable[bytes],
    todo: list[int],
    keys: list[str],
    pages: list[bytes | None],
    cache: Path | None,
    on_page: Callable[[int, int], None] | None,
    done: int,
    total: int,
) -> None:
    """Keep each rendered page (in order, as it arrives) and write it to the cache."""
    for i, data in zip(todo, results, strict=True):
        pages[i] = data
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            tmp = cache / f".{keys[i]}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, cache / f"{keys[i]}.pdf")
        done += 1
        if on_page:
            on_page(done, total)


def join_pages(pages: list[bytes], meta: dict[str, str], language: str, date: str) -> bytes:
    """One document: the pages in order, Info metadata, /Lang, and the title shown by viewers."""
    writer = PdfWriter()
    for data in pages:
        writer.append(PdfReader(io.BytesIO(data)))
    stamp = "D:" + date.replace("-", "") + "000000Z"
    writer.add_metadata(
        {
            "/Title": meta.get("title", ""),
            "/Author": meta.get("author", ""),
            "/Subject": meta.get("subject", ""),
            "/Creator": "deckbuilder",
            "/Producer": f"deckbuilder (matplotlib {matplotlib.__version__})",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    root = writer._root_object
    root[NameObject("/Lang")] = TextStringObject(language)
    prefs = DictionaryObject()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


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
