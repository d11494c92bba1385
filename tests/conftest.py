"""Shared fixtures: a throw-away project per test (``project``); built once per run, and only read
or copied by the tests: the mini deck, the cli deck's project, the real report (with its page
texts, slides and validation); and ``--update-golden``."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pptx.opc import serialized
from pptx.util import lazyproperty

from helpers import ROOT, make_project


def _zip_for_saving(writer: serialized._ZipPkgWriter) -> zipfile.ZipFile:
    return zipfile.ZipFile(
        writer._pkg_file, "w", zipfile.ZIP_DEFLATED, compresslevel=1, strict_timestamps=False
    )


# The tests save the report as a person's edit with python-pptx dozens of times; it deflates
# the 9 MB of embedded faces at zlib's default level (0.37 s a save). How hard a part is
# deflated is no part of an edit (PowerPoint's own level differs again), so at level 1.
serialized._ZipPkgWriter._zipf = lazyproperty(_zip_for_saving)  # type: ignore[method-assign]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from what the code does now (review the diff, then commit)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "project(deck='mini', chdir=False): which fixture deck the project fixture copies"
        " (tests/fixtures/<deck>/deck), and whether the test runs in the project's folder",
    )


@pytest.fixture
def project(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A project folder (layout sets, fonts, a fixture deck) in tmp_path; a module or test picks
    the deck with ``pytest.mark.project(deck="cli")``, and ``chdir=True`` makes it the current
    folder."""
    marker = request.node.get_closest_marker("project")
    options = dict(marker.kwargs) if marker else {}
    path = make_project(tmp_path / "proj", options.pop("deck", "mini"))
    if options.pop("chdir", False):
        request.getfixturevalue("monkeypatch").chdir(path)
    assert not options, f"unknown project options {options}"
    return path


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini deck built once for the read-back tests: returns the output folder."""
    from deckbuilder.commands.build import build

    proj = make_project(tmp_path_factory.mktemp("mini") / "proj")
    out = proj / "out"
    build(proj / "deck", out)
    return out


@pytest.fixture(scope="session")
def cli_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cli deck's project built once for the run. Never changed: a test that needs a built
    project takes a copy (cmdkit.copy_built), which is a second's build cheaper."""
    from cmdkit import built_once

    return built_once(tmp_path_factory.mktemp("cli-built") / "proj")


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
def report_validation(report_build: Path) -> dict:
    """The report PPTX validated (openxml-audit) for every Office version, once for the run:
    each validation takes about a second, and three test modules ask."""
    from concurrent.futures import ProcessPoolExecutor

    from openxml_audit import FileFormat

    offices = [f for f in FileFormat if f.value.startswith(("office", "microsoft"))]
    assert len(offices) >= 7, offices
    pptx = [report_build / "report.pptx"] * len(offices)
    with ProcessPoolExecutor(2) as pool:  # two cores: 4.4 s instead of 7.8
        return dict(zip(offices, pool.map(_validated, pptx, offices), strict=True))


def _validated(pptx: Path, office: object) -> object:
    from openxml_audit import OpenXmlValidator

    return OpenXmlValidator(office).validate(pptx)


@pytest.fixture(scope="session")
def report_slides(report_build: Path) -> list:
    """The report PPTX's slides (python-pptx), read once for the whole run."""
    from helpers import pptx_slides

    return pptx_slides(report_build / "report.pptx")
