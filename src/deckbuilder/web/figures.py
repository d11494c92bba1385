"""Figures for the web edition: a chart as one inline SVG (matplotlib's marks with the scene's
labels set over them as SVG text) that reads as an image with its alt sentence, its data as a
small table; a picture as an embedded image.

Everything here is inline: the page fetches nothing (its CSP allows data: images only).
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from deckbuilder.layout.picture_fit import full_box
from deckbuilder.pictures import images
from deckbuilder.pictures.chart_files import ChartFiles
from deckbuilder.scene import ChartBox, Group, Picture, TextBox, baseline
from deckbuilder.text.fonts import FontSet

_PROLOG = re.compile(r"^.*?(?=<svg\b)", re.S)
_DROP = re.compile(r"<metadata>.*?</metadata>|<defs>\s*<style[^>]*>.*?</style>\s*</defs>", re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_STYLE = re.compile(r'\sstyle="([^"]*)"')
_MIME = {"jpeg": "image/jpeg", "png": "image/png", "svg": "image/svg+xml"}


def chart_figure(
    g: Group,
    box: ChartBox,
    files: ChartFiles,
    fonts: FontSet,
    ident: str,
    texts: list[TextBox],
) -> str:
    """The figure group as ``<figure>``: one SVG of the group's area (the chart's marks and the
    label boxes, scaling together), named by the alt sentence; then the data as a table."""
    x, y, w, h = g.bounds
    alt = g.alt or box.alt
    marks = _marks(files.svg, ident, box.x - x, box.y - y, box.w, box.h)
    labels = "".join(_svg_text(t, x, y, fonts) for t in texts)
    svg = (
        f'<svg class="chart-svg" viewBox="0 0 {_n(w)} {_n(h)}" width="{_n(w / 0.75)}" '
        f'height="{_n(h / 0.75)}" role="img" aria-label="{escape(alt)}">'
        f"{marks}{labels}</svg>"
    )
    return f'<figure class="chart">{svg}{data_table(box)}</figure>'


def data_table(box: ChartBox) -> str:
    """The chart's numbers as text: label and value as printed, one row each."""
    rows = "".join(
        f'<tr><th scope="row">{_lines(label)}</th><td>{escape(printed)}</td></tr>'
        for label, _value, printed in box.data
    )
    caption = escape(box.title.replace("\n", "")) if box.title else "データ"
    return (
        f'<table class="chart-data"><caption>{caption}</caption>'
        f'<thead><tr><th scope="col">項目</th><th scope="col">値</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _marks(svg: bytes, ident: str, x: float, y: float, w: float, h: float) -> str:
    """matplotlib's SVG, made fit to sit inside another: no prolog, metadata or style element
    (the page's CSS says the same), ids made unique in the page, styles as attributes."""
    text = _DROP.sub("", _PROLOG.sub("", svg.decode("utf-8"), count=1))
    ids = _ID.findall(text)
    for old in ids:
        text = text.replace(f'id="{old}"', f'id="{ident}-{old}"')
        text = text.replace(f"url(#{old})", f"url(#{ident}-{old})")
        text = text.replace(f'xlink:href="#{old}"', f'href="#{ident}-{old}"')
    text = _STYLE.sub(lambda m: _attributes(m.group(1)), text)
    head, rest = text.split(">", 1)
    view = re.search(r'viewBox="([^"]+)"', head)
    box = view.group(1) if view else f"0 0 {_n(w)} {_n(h)}"
    opening = (
        f'<svg x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" viewBox="{box}" '
        'aria-hidden="true">'
    )
    return opening + rest.strip()


def _attributes(style: str) -> str:
    """``fill: #fff; stroke-width: 2`` → presentation attributes (no inline styles under CSP)."""
    out = []
    for decl in style.split(";"):
        name, _, value = decl.partition(":")
        if name.strip() and value.strip():
            out.append(f' {name.strip()}="{escape(value.strip())}"')
    return "".join(out)


def _svg_text(box: TextBox, ox: float, oy: float, fonts: FontSet) -> str:
    """A label box as SVG text, each line at the baseline the PDF draws it on."""
    out = []
    anchor = {"center": "middle", "right": "end"}.get(box.align, "start")
    for i, line in enumerate(box.lines):
        if not line.runs:
            continue
        first = line.runs[0]
        face = fonts.face(first.bold)
        base = baseline(box, i, face.ascent, face.descent) - oy
        if anchor == "middle":
            lx = box.x + box.w / 2
        elif anchor == "end":
            lx = box.x + box.w
        else:
            lx = box.line_left(i)
        spans = "".join(
            f'<tspan font-size="{_n(r.size)}" font-weight="{700 if r.bold else 400}" '
            f'fill="{r.color}">{escape(r.text)}</tspan>'
            for r in line.runs
        )
        anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
        out.append(f'<text x="{_n(lx - ox)}" y="{_n(base)}"{anchor_attr}>{spans}</text>')
    return "".join(out)


def picture(pic: Picture) -> str:
    """A picture inside the page as a data: URI, the same bytes the PPTX embeds (turned upright,
    in sRGB, no larger than shown); cropped by an SVG viewBox where it is cropped. A decorative
    one is hidden from assistive technology."""
    if pic.fmt == "svg":
        data, mime = Path(pic.path).read_bytes(), _MIME["svg"]
        sw, sh = pic.src_w, pic.src_h
    else:
        _fx, _fy, fw, fh = full_box(pic.x, pic.y, pic.w, pic.h, pic.crop)
        prep = images.prepared(pic.path, pic.digest, fw, fh)
        data, mime = prep.data, _MIME[prep.fmt]
        sw, sh = prep.width, prep.height
    uri = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    name = 'alt=""' if pic.decorative else f'alt="{escape(pic.alt)}"'
    w, h = _n(pic.w / 0.75), _n(pic.h / 0.75)
    if pic.crop == (0.0, 0.0, 0.0, 0.0):
        return f'<img class="picture" src="{uri}" {name} width="{w}" height="{h}">'
    left, top, right, bottom = pic.crop
    vw, vh = (1 - left - right) * sw, (1 - top - bottom) * sh
    view = f"{_n(left * sw)} {_n(top * sh)} {_n(vw)} {_n(vh)}"
    role = 'aria-hidden="true"' if pic.decorative else f'role="img" aria-label="{escape(pic.alt)}"'
    return (
        f'<svg class="picture" viewBox="{view}" width="{w}" height="{h}" {role} '
        f'preserveAspectRatio="none"><image href="{uri}" width="{_n(sw)}" height="{_n(sh)}" '
        'preserveAspectRatio="none"/></svg>'
    )


def _lines(text: str) -> str:
    return "<br>".join(escape(part) for part in text.split("\n"))


def _n(v: float) -> str:
    """A number as SVG writes it: at most two decimals, no trailing zeros."""
    s = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s
