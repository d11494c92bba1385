"""Pictures made by the tests: a PNG screenshot, a JPEG photo, an SVG logo, and a deck slide
that shows them. Nothing here ships: the agency's real mark is not the project's to include."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image, ImageDraw

# A mark in a rounded square and the agency's name as SVG text, in a family the deck does not
# have (it is set in the deck's font) and bold. TEXT_BOX: where the name's ink lies, in SVG px.
LOGO_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="96" viewBox="0 0 320 96">
  <rect x="0" y="0" width="96" height="96" rx="24" fill="#0017C1"/>
  <path d="M24 72 L48 24 L72 72 Z" fill="#FFFFFF"/>
  <text x="112" y="60" font-family="Noto Sans JP, sans-serif" font-size="36"
        font-weight="bold" fill="#1A1A1C">デジタル庁</text>
  <path d="M112 80 C 160 92, 260 92, 312 76" fill="none" stroke="#3460FB" stroke-width="4"/>
</svg>
"""
LOGO_TEXT = "デジタル庁"
TEXT_BOX = (112, 26, 292, 64)

PICTURES_SLIDE = """\
layout: content
breadcrumb: テスト｜画像
title: 画像のテスト
columns: 3
panels:
  - heading: 画面
    blocks:
      - image: {src: assets/shots/portal.png, alt: マイナポータルのトップ画面,
                caption: マイナポータルの画面}
  - heading: 写真
    blocks:
      - image: {src: assets/photos/team.jpg, alt: 職員の写真, fit: cover, focus: top}
  - heading: ロゴ
    blocks:
      - image: {src: deck/logo.svg, alt: テストのロゴ}
"""


def png_bytes(w: int = 640, h: int = 400) -> bytes:
    """A screenshot-like PNG: flat panels, text-like bars, a transparent corner."""
    im = Image.new("RGBA", (w, h), (255, 255, 255, 255))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w, h // 8), fill=(0, 23, 193, 255))
    for i in range(8):
        d.rectangle(
            (20, 70 + i * 36, 20 + (i * 53) % 400 + 120, 90 + i * 36), fill=(80, 80, 80, 255)
        )
    d.rectangle((w - 60, h - 60, w, h), fill=(0, 0, 0, 0))
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes(w: int = 1200, h: int = 800, seed: int = 1) -> bytes:
    """A photo-like JPEG: noise over a gradient, so it does not compress to nothing."""
    rnd = random.Random(seed)
    im = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    noise = Image.frombytes("RGB", (w, h), bytes(rnd.getrandbits(8) for _ in range(w * h * 3)))
    im = Image.blend(im, noise, 0.35)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def add_pictures(project: Path) -> Path:
    """Put the three pictures in the project and a slide 4 that shows them; returns the slide."""
    (project / "assets" / "shots").mkdir(parents=True, exist_ok=True)
    (project / "assets" / "photos").mkdir(parents=True, exist_ok=True)
    (project / "assets" / "shots" / "portal.png").write_bytes(png_bytes())
    (project / "assets" / "photos" / "team.jpg").write_bytes(jpeg_bytes())
    (project / "deck" / "logo.svg").write_text(LOGO_SVG, encoding="utf-8")
    slide = project / "deck" / "slides" / "04-pictures.yaml"
    slide.write_text(PICTURES_SLIDE, encoding="utf-8")
    deck_yaml = project / "deck" / "deck.yaml"
    text = deck_yaml.read_text(encoding="utf-8")
    text = text.replace("  - 03-section.yaml\n", "  - 03-section.yaml\n  - 04-pictures.yaml\n")
    deck_yaml.write_text(text, encoding="utf-8")
    return slide


def picture_project(dest: Path) -> Path:
    """The small project with the pictures slide and the SVG logo on every slide."""
    from cmdkit import edit
    from helpers import make_project

    proj = make_project(dest, "cli")
    add_pictures(proj)
    edit(proj / "deck" / "deck.yaml", "language: ja-JP", "language: ja-JP\nlogo: deck/logo.svg")
    return proj
