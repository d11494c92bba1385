"""The tests' shared helpers: the project maker, the report's slides by name, reading built files
back (PPTX shapes and text, PDF pages, fonts and images) and LibreOffice's conversion."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from pptx import Presentation
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent  # the project: deck/, layouts/, assets/
FIXTURES = ROOT / "tests" / "fixtures"


def make_project(dest: Path, deck: str = "mini", sets: tuple[str, ...] = ()) -> Path:
    """``dest``/ with the real layout sets (only ``sets`` where named) and fonts and a copy of
    ``tests/fixtures/<deck>/deck``: ``mini`` (cover, KPIs and a chart, closing; the read-back and
    golden tests) or ``cli`` (cover, KPIs with a picture placeholder, section, an unused figure;
    the command tests). Returns dest."""
    if sets:
        for name in sets:
            shutil.copytree(ROOT / "layouts" / name, dest / "layouts" / name)
    else:
        shutil.copytree(ROOT / "layouts", dest / "layouts")
    shutil.copytree(ROOT / "assets" / "fonts", dest / "assets" / "fonts")
    shutil.copytree(FIXTURES / deck / "deck", dest / "deck")
    return dest


def report_slide(stem: str) -> int:
    """The real report's number of the slide ``deck/slides/<stem>.yaml``: a test names the slide
    it means, and a slide added before it does not point the test at another."""
    import yaml

    files = yaml.safe_load((ROOT / "deck" / "deck.yaml").read_text(encoding="utf-8"))["slides"]
    return files.index(f"{stem}.yaml") + 1


def pptx_slides(path: Path) -> list[Any]:
    return list(Presentation(str(path)).slides)


def all_shapes(shapes: Any) -> list[Any]:
    """Every shape, inside groups too, in document order."""
    out = []
    for sh in shapes:
        out.append(sh)
        if sh.shape_type == 6:  # a group
            out += all_shapes(sh.shapes)
    return out


def pictures(slide: Any) -> list[Any]:
    return [sh for sh in all_shapes(slide.shapes) if sh.shape_type == 13]


def slide_text(slide: Any) -> str:
    return "\n".join(sh.text_frame.text for sh in all_shapes(slide.shapes) if sh.has_text_frame)


def flat(text: str) -> str:
    """Text with line breaks and spaces removed, so a wrapped phrase still matches."""
    return "".join(text.split()).replace("\x0b", "")


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdf_page(path: Path, number: int) -> str:
    """One page's text (1-based): the report's 44 take pypdf seconds, one page a fraction."""
    return PdfReader(str(path)).pages[number - 1].extract_text() or ""


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


def page_lines(page) -> dict[float, str]:
    """LibreOffice's text on one page, grouped into lines by baseline (PDF y, rounded)."""
    chunks: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            y = tm[5] * cm[3] + tm[4] * cm[1] + cm[5]
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            chunks.append((round(y), x, text))

    page.extract_text(visitor_text=visit)
    rows: dict[float, list[tuple[float, str]]] = {}
    for y, x, t in chunks:
        rows.setdefault(y, []).append((x, t))
    return {y: "".join("".join(t.split()) for _, t in sorted(v)) for y, v in rows.items()}


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def lo_convert(pptx: Path, out: Path) -> Path:
    return lo_convert_all([pptx], out)[0]


def lo_convert_all(pptxs: list[Path], out: Path) -> list[Path]:
    """Convert with fontconfig told about assets/fonts, in a private LibreOffice profile; several
    files in one start of LibreOffice, which takes longer than converting one."""
    assert len({p.stem for p in pptxs}) == len(pptxs), "the PDFs would overwrite each other"
    conf = out / "fonts.conf"
    out.mkdir(parents=True, exist_ok=True)
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{ROOT / 'assets' / 'fonts'}</dir><cachedir>{out / 'fc-cache'}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(out), "FONTCONFIG_FILE": str(conf)}
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, pptxs),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=600,
    )
    return [out / (p.stem + ".pdf") for p in pptxs]
