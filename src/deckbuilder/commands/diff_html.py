"""``deckbuilder diff --html``: the deck's changes as one self-contained HTML page.

For a reviewer in a browser: figures changed (old → new, as printed), then each changed slide
with its before and after pictures side by side, the regions that changed marked on both, and
its text changes. The pictures are inside the file (data: URLs) and a Content-Security-Policy
forbids every fetch, so the page opens offline and shows the same thing anywhere. Built for WCAG
2.1 AA (the tests run axe-core on it): landmarks, headings, alt text, table headers, contrast.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

from PIL import Image, ImageChops

from deckbuilder.commands.deck_changes import (
    DeckDiff,
    FigureChange,
    SlideChange,
    figure_value,
    slides_named,
)

CELL = 12  # px of the 72 dpi picture: the grain of the changed regions
Box = tuple[int, int, int, int]  # x, y, w, h in px of the picture


@dataclass
class SlidePictures:
    change: SlideChange
    before: bytes | None  # PNG; None for an added slide
    after: bytes | None  # PNG; None for a removed slide


# --- changed regions -----------------------------------------------------------------------------


def changed_regions(before: bytes, after: bytes) -> list[Box]:
    """Rectangles around the pixels that differ, in cells of CELL px; touching cells join."""
    a, b = (Image.open(io.BytesIO(x)).convert("RGB") for x in (before, after))
    if a.size != b.size:
        return [(0, 0, *b.size)]
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 24 else 0)
    cols, rows = -(-a.width // CELL), -(-a.height // CELL)
    grid = diff.resize((cols, rows), Image.Resampling.BOX)
    hit = {(x, y) for y in range(rows) for x in range(cols) if grid.getpixel((x, y))}
    boxes = []
    while hit:
        todo, cells = [hit.pop()], []
        while todo:  # cells within one cell of each other are one region
            x, y = todo.pop()
            cells.append((x, y))
            for n in [(x + dx, y + dy) for dx in (-2, -1, 0, 1, 2) for dy in (-2, -1, 0, 1, 2)]:
                if n in hit:
                    hit.remove(n)
                    todo.append(n)
        x0, y0 = min(c[0] for c in cells), min(c[1] for c in cells)
        x1, y1 = max(c[0] for c in cells) + 1, max(c[1] for c in cells) + 1
        w, h = min(x1 * CELL, a.width) - x0 * CELL, min(y1 * CELL, a.height) - y0 * CELL
        boxes.append((x0 * CELL, y0 * CELL, w, h))
    return sorted(boxes, key=lambda bx: (bx[1], bx[0]))


# --- the page ------------------------------------------------------------------------------------

STYLE = """
:root { color: #1A1A1A; background: #FFFFFF; font-family: "BIZ UDPGothic", "Noto Sans CJK JP",
  "Hiragino Sans", "Yu Gothic", sans-serif; line-height: 1.6; }
body { margin: 0 auto; max-width: 1600px; padding: 0 24px 48px; }
h1, h2, h3 { color: #0017C1; line-height: 1.3; }
h1 { font-size: 1.6rem; margin: 24px 0 4px; }
h2 { font-size: 1.3rem; margin-top: 40px; border-bottom: 2px solid #0017C1; }
h3 { font-size: 1.1rem; margin: 32px 0 8px; }
a { color: #0017C1; }
.sub { color: #4D4D4D; }
table { border-collapse: collapse; margin: 8px 0; }
caption { text-align: left; color: #4D4D4D; padding-bottom: 4px; }
th, td { border: 1px solid #949494; padding: 4px 10px; text-align: left; vertical-align: top; }
thead th { background: #E8F1FE; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; margin: 8px 0; }
figure { margin: 0; }
figcaption { font-weight: 700; margin-bottom: 4px; }
.shot { position: relative; border: 1px solid #949494; line-height: 0; }
.shot img { width: 100%; height: auto; display: block; }
.mark { position: absolute; outline: 3px solid #C8006E; outline-offset: 1px;
  background: rgba(200, 0, 110, 0.08); }
main:has(#marks:not(:checked)) .mark { display: none; }
.none { aspect-ratio: 16 / 9; display: flex; align-items: center; justify-content: center;
  background: #F2F2F2; line-height: 1.6; }
ul.lines { list-style: none; padding: 0; margin: 8px 0; }
ul.lines li { padding: 2px 8px; margin: 2px 0; white-space: pre-wrap; }
li.del { background: #FDECEC; color: #8A1B1B; }
li.ins { background: #E6F4EA; color: #0B5A24; }
li.note { color: #4D4D4D; }
.sign { font-weight: 700; display: inline-block; width: 1.2em; }
.controls { margin: 16px 0; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def page(d: DeckDiff, pictures: list[SlidePictures]) -> str:
    """The whole HTML document (deterministic: same changes, same bytes)."""
    title = f"Deck changes from {d.rev_a} to {d.rev_b}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="sub">{_e(_summary(d))}</p>',
        "</header>",
        "<main>",
    ]
    if d.empty:
        parts.append("<p>No changes to the deck.</p>")
    else:
        parts += _contents(d)
        if pictures:
            parts += [
                '<p class="controls"><input type="checkbox" id="marks" checked> '
                '<label for="marks">Mark the changed regions on the pictures</label></p>'
            ]
        parts += _settings(d) + _figures(d) + _slides_part(d, pictures)
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _summary(d: DeckDiff) -> str:
    n_f, n_s = len(d.figures), len(d.slides)
    figs = f"{n_f} figure{'s' * (n_f != 1)} changed"
    return f"{figs}, {n_s} slide{'s' * (n_s != 1)} changed."


def _contents(d: DeckDiff) -> list[str]:
    items = []
    if d.deck:
        items.append('<li><a href="#deck">deck.yaml settings</a></li>')
    if d.figures:
        items.append('<li><a href="#figures">Figures changed</a></li>')
    for s in d.slides:
        items.append(f'<li><a href="#{_anchor(s)}">{_e(_heading(s))}</a></li>')
    return ['<nav aria-label="Changes">', "<ul>", *items, "</ul>", "</nav>"]


def _settings(d: DeckDiff) -> list[str]:
    if not d.deck:
        return []
    rows = [
        f'<tr><th scope="row">{_e(n)}</th><td>{_ja(a)}</td><td>{_ja(b)}</td></tr>'
        for n, a, b in d.deck
    ]
    return [
        '<h2 id="deck">deck.yaml settings</h2>',
        "<table><caption>Settings changed in deck.yaml</caption>",
        f'<thead><tr><th scope="col">setting</th>{_revs(d)}</tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]


def _revs(d: DeckDiff) -> str:
    return f'<th scope="col">before: {_e(d.rev_a)}</th><th scope="col">after: {_e(d.rev_b)}</th>'


def _figures(d: DeckDiff) -> list[str]:
    if not d.figures:
        return []
    rows = [_figure_row(c) for c in d.figures]
    return [
        f'<h2 id="figures">Figures changed ({len(d.figures)})</h2>',
        "<table><caption>Each figure as printed, before and after</caption>",
        f'<thead><tr><th scope="col">figure</th>{_revs(d)}'
        '<th scope="col">shown on</th><th scope="col">also changed</th></tr></thead>',
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]


def _figure_row(c: FigureChange) -> str:
    old = _ja(figure_value(c.old)) if c.old is not None else "(added)"
    new = _ja(figure_value(c.new)) if c.new is not None else "(removed)"
    other = [
        f"{_e(n)}: {_ja(a)} → {_ja(b)}"
        for n, a, b in c.fields
        if n not in ("value", "unit", "as_of", "prefix")
    ]
    return (
        f'<tr><th scope="row"><code>{_e(c.id)}</code></th><td>{old}</td><td>{new}</td>'
        f"<td>{_e(slides_named(c.slides))}</td><td>{'<br>'.join(other)}</td></tr>"
    )


def _slides_part(d: DeckDiff, pictures: list[SlidePictures]) -> list[str]:
    if not d.slides:
        return []
    by_key = {p.change.key: p for p in pictures}
    out = [f"<h2>Slides changed ({len(d.slides)})</h2>"]
    for s in d.slides:
        out.append(f'<section aria-labelledby="{_anchor(s)}">')
        out.append(f'<h3 id="{_anchor(s)}">{_e(_heading(s))}</h3>')
        src = s.new.file if s.new else (s.old.file if s.old else s.key)
        out.append(f'<p class="sub">{_e(src)}</p>')
        pics = by_key.get(s.key)
        if pics is not None:
            out += _pair(d, s, pics)
        out += _lines(s)
        out.append("</section>")
    return out


def _heading(s: SlideChange) -> str:
    label = {"added": " (added)", "removed": " (removed)", "changed": ""}[s.kind]
    return f"Slide {s.number}{label}: {s.title}"


def _anchor(s: SlideChange) -> str:
    return "slide-" + "".join(ch if ch.isalnum() else "-" for ch in s.key)


def _pair(d: DeckDiff, s: SlideChange, pics: SlidePictures) -> list[str]:
    boxes = changed_regions(pics.before, pics.after) if pics.before and pics.after else []
    out = ['<div class="pair">']
    for side, rev, slide, png in (
        ("Before", d.rev_a, s.old, pics.before),
        ("After", d.rev_b, s.new, pics.after),
    ):
        where = f"slide {slide.number}" if slide is not None else "no such slide"
        out.append("<figure>")
        out.append(f"<figcaption>{side}: {_e(rev)}, {_e(where)}</figcaption>")
        if png is None or slide is None:
            out.append(f'<div class="none">No slide at {_e(rev)}</div>')
        else:
            out.append(_shot(png, f"{side}: slide {slide.number} at {rev}", boxes))
        out.append("</figure>")
    out.append("</div>")
    if boxes:
        n = len(boxes)
        out.append(f'<p class="sub">{n} changed region{"s" * (n != 1)} marked.</p>')
    return out


def _shot(png: bytes, alt: str, boxes: list[Box]) -> str:
    with Image.open(io.BytesIO(png)) as im:
        w, h = im.size
    data = base64.b64encode(png).decode("ascii")
    marks = "".join(
        f'<span class="mark" aria-hidden="true" style="left:{100 * x / w:.2f}%;'
        f'top:{100 * y / h:.2f}%;width:{100 * bw / w:.2f}%;height:{100 * bh / h:.2f}%"></span>'
        for x, y, bw, bh in boxes
    )
    img = f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}" width="{w}" height="{h}">'
    return f'<div class="shot">{img}{marks}</div>'


def _lines(s: SlideChange) -> list[str]:
    items = []
    for line in s.lines:
        sign, rest = line[:1], line[2:]
        if sign in "-+" and ": " in rest:
            path, value = rest.split(": ", 1)
            cls, word, shown = ("del", "Removed", "−") if sign == "-" else ("ins", "Added", "+")
            items.append(
                f'<li class="{cls}"><span class="sign" aria-hidden="true">{shown}</span>'
                f'<span class="vh">{word}: </span>{_e(path)}: {_ja(value)}</li>'
            )
        else:
            items.append(f'<li class="note">{_ja(line.strip())}</li>')
    if s.figures:
        items.append(f'<li class="note">Figures changed: {_e(", ".join(s.figures))}</li>')
    if not items:
        return []
    return ['<ul class="lines" aria-label="Text changes">', *items, "</ul>"]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _ja(text: str) -> str:
    """Text from the deck: Japanese for screen readers wherever it holds Japanese."""
    if any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text):
        return f'<span lang="ja">{_e(text)}</span>'
    return _e(text)
