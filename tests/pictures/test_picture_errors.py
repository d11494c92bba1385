"""Bad picture files through the command line: exit 1, a message naming the YAML file and line
of the ``src`` and the picture file, no traceback, and the last good outputs untouched. Nothing
an SVG refers to is fetched or run."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from cmdkit import built_once, outputs
from deckbuilder.cli import main
from picturekit import LOGO_SVG, add_pictures, jpeg_bytes, png_bytes

SLIDE = "deck/slides/04-pictures.yaml"
SHOT = "assets/shots/portal.png"
PHOTO = "assets/photos/team.jpg"
LOGO = "deck/logo.svg"


@dataclass
class Case:
    write: Callable[[Path], None]  # given the project folder
    expect: str  # in stderr, besides the slide's file and line
    line: int = 8  # the line of the src that names the file (the screenshot's by default)


def put(rel: str, data: bytes) -> Callable[[Path], None]:
    return lambda p: (p / rel).write_bytes(data)


def src(old: str, new: str, line: int = 8) -> Callable[[Path], None]:
    def write(p: Path) -> None:
        f = p / SLIDE
        f.write_text(f.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    return write


def bomb() -> bytes:
    """A valid 1x1 PNG whose header claims 30000 x 30000 pixels."""
    data = bytearray(png_bytes(1, 1))
    ihdr = data[12:29]
    ihdr[4:12] = struct.pack(">II", 30000, 30000)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)))
    return bytes(data)


def symlink_out(p: Path) -> None:
    (p.parent / "outside.png").write_bytes(png_bytes())
    os.symlink(p.parent / "outside.png", p / "assets" / "shots" / "link.png")
    src(SHOT, "assets/shots/link.png")(p)


def svg_with(extra: str) -> Callable[[Path], None]:
    return put(LOGO, LOGO_SVG.replace("</svg>", extra + "\n</svg>").encode())


CASES = {
    "missing": Case(src(SHOT, "assets/shots/nowhere.png"), "'assets/shots/nowhere.png' not found"),
    "not-an-image": Case(put(SHOT, b"hello, this is text\n" * 20), "is not an image"),
    "truncated-png": Case(lambda p: put(SHOT, png_bytes()[:-400])(p), "damaged or truncated"),
    "truncated-jpeg": Case(
        lambda p: put(PHOTO, jpeg_bytes()[:20000])(p), "damaged or truncated", 12
    ),
    "decompression-bomb": Case(put(SHOT, bomb()), "decompression bomb"),
    "over-size-cap": Case(
        put(SHOT, b"\x89PNG\r\n\x1a\n" + bytes(21 * 2**20)), "the limit is 20 MB"
    ),
    "path-up": Case(src(SHOT, "../outside.png"), "leads outside assets/ and the deck folder"),
    "path-absolute": Case(src(SHOT, "/etc/hostname"), "leads outside"),
    "path-into-layouts": Case(src(SHOT, "layouts/ministry/tokens.yaml"), "leads outside"),
    "symlink-out": Case(symlink_out, "leads outside"),
    "svg-external-image": Case(
        svg_with('<image href="http://example.invalid/x.png" width="9" height="9"/>'),
        "refers to 'http://example.invalid/x.png' outside the file",
        15,
    ),
    "svg-xlink-file": Case(
        svg_with('<use xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="other.svg#a"/>'),
        "outside the file",
        15,
    ),
    "svg-script": Case(svg_with("<script>alert(1)</script>"), "<script> element", 15),
    "svg-onload": Case(
        put(LOGO, LOGO_SVG.replace("<svg ", '<svg onload="alert(1)" ', 1).encode()),
        "event handler 'onload'",
        15,
    ),
    "svg-css-import": Case(
        svg_with("<style>@import url(http://example.invalid/a.css);</style>"), "style sheet", 15
    ),
    "svg-entity": Case(
        put(
            LOGO,
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + LOGO_SVG.replace("</svg>", "<text>&x;</text></svg>").encode(),
        ),
        "DOCTYPE",
        15,
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_once(tmp_path_factory.mktemp("badpics") / "proj", add_pictures)


@pytest.mark.parametrize("name", list(CASES))
def test_bad_picture_is_reported_and_changes_nothing(
    name: str, built: Path, tmp_path: Path, capsys, monkeypatch
):
    case = CASES[name]
    proj = tmp_path / "proj"
    shutil.copytree(built, proj, symlinks=True)
    monkeypatch.chdir(proj)
    good = outputs(proj / "out")
    case.write(proj)

    code = main(["build", "deck", "-o", "out"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{SLIDE}:{case.line}:" in err and "error: slide 4:" in err, err
    assert case.expect in err, err
    assert "Traceback" not in err and "internal error" not in err
    assert outputs(proj / "out") == good

    assert main(["check", "deck"]) == 1
    out = capsys.readouterr().out
    assert case.expect in out and "Traceback" not in out


def test_a_bad_logo_names_deck_yaml(built: Path, tmp_path: Path, capsys, monkeypatch):
    proj = tmp_path / "proj"
    shutil.copytree(built, proj, symlinks=True)
    monkeypatch.chdir(proj)
    deck = proj / "deck" / "deck.yaml"
    deck.write_text(
        deck.read_text(encoding="utf-8").replace(
            "language: ja-JP", "language: ja-JP\nlogo: assets/x.png"
        ),
        encoding="utf-8",
    )
    good = outputs(proj / "out")
    assert main(["build", "deck", "-o", "out"]) == 1
    err = capsys.readouterr().err
    assert "deck/deck.yaml:7:" in err and "'assets/x.png' not found" in err, err
    assert outputs(proj / "out") == good
