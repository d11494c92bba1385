"""LibreOffice keeps the scene's lines: every text line of the report, on every slide.

Converts the built PPTX with ``soffice --headless --convert-to pdf`` (skipped where LibreOffice is
missing) with the vendored fonts made visible through fontconfig, then checks that each line the
layout stage computed appears whole on one line of LibreOffice's page, near the same baseline.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from deckbuilder.commands.build import build
from deckbuilder.pictures.draw_mpl import baseline
from deckbuilder.scene import TextBox
from helpers import ROOT, page_lines

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")


def lo_convert(pptx: Path, out: Path) -> Path:
    """Convert with fontconfig told about assets/fonts, in a private LibreOffice profile."""
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
            str(pptx),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=600,
    )
    return out / (pptx.stem + ".pdf")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lo")
    res = build(ROOT / "deck", tmp / "out")
    pdf = lo_convert(res.pptx, tmp / "lo")
    return res.compiled, PdfReader(str(pdf))


def test_libreoffice_keeps_every_line_of_the_report(converted):
    compiled, reader = converted
    assert len(reader.pages) == len(compiled.scenes) == 44
    fonts = compiled.layout_set.fonts
    problems = []
    for scene, page in zip(compiled.scenes, reader.pages, strict=True):
        lines = page_lines(page)
        for box in (e for e in scene.elements if isinstance(e, TextBox)):
            for i, line in enumerate(box.lines):
                want = "".join(line.text.split())
                if not want:
                    continue
                base = baseline(box, i, fonts.regular.ascent, fonts.regular.descent)
                ys = [y for y, text in lines.items() if want in text]
                if not ys:
                    problems.append(f"slide {scene.number}: line {line.text!r} was re-broken")
                elif min(abs(scene.height - y - base) for y in ys) > 2.0:  # pt
                    problems.append(f"slide {scene.number}: line {line.text!r} moved vertically")
    assert not problems, "\n".join(problems[:40])
