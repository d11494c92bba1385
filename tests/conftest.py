"""Shared fixtures: a throw-away project (layouts, fonts, a small deck) per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers import ROOT

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def make_project(dest: Path, deck: Path = MINI / "deck") -> Path:
    """A project folder with the real layout sets and fonts and a copy of ``deck``."""
    shutil.copytree(ROOT / "layouts", dest / "layouts")
    (dest / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "assets" / "fonts", dest / "assets" / "fonts")
    shutil.copytree(deck, dest / "deck")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini deck built once for the read-back tests: returns the output folder."""
    from deckbuilder.commands.build import build

    proj = make_project(tmp_path_factory.mktemp("mini") / "proj")
    out = proj / "out"
    build(proj / "deck", out)
    return out


@pytest.fixture(scope="session")
def report_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real report (deck/) built once: returns the output folder."""
    from deckbuilder.commands.build import build

    out = tmp_path_factory.mktemp("report") / "out"
    build(ROOT / "deck", out)
    return out


@pytest.fixture(scope="session")
def report_pages(report_build: Path) -> list[str]:
    """The report PDF's page texts, read once for the whole run (pypdf takes seconds)."""
    from helpers import pdf_pages

    return pdf_pages(report_build / "report.pdf")


@pytest.fixture(scope="session")
def report_slides(report_build: Path) -> list:
    """The report PPTX's slides (python-pptx), read once for the whole run."""
    from helpers import pptx_slides

    return pptx_slides(report_build / "report.pptx")
