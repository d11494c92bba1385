"""Reading built files back: PPTX shapes and text, PDF pages, fonts and images."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pptx import Presentation
from pypdf import PdfReader


def pptx_slides(path: Path) -> list[Any]:
    return list(Presentation(str(path)).slides)


def slide_text(slide: Any) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def flat(text: str) -> str:
    """Text with line breaks and spaces removed, so a wrapped phrase still matches."""
    return "".join(text.split()).replace("\x0b", "")


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_fonts(path: Path) -> list[dict[str, Any]]:
    """Every font resource of every page, resolved."""
    fonts = []
    for page in PdfReader(str(path)).pages:
        res = page["/Resources"]
        for ref in (res.get("/Font") or {}).values():
            fonts.append(ref.get_object())
    return fonts


def pdf_images(path: Path) -> int:
    count = 0
    for page in PdfReader(str(path)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.values():
            if ref.get_object().get("/Subtype") == "/Image":
                count += 1
    return count
