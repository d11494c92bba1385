"""Golden scenes: the mini deck's laid-out slides as readable text, one file per slide under
``tests/golden/mini/`` (as Pandoc keeps its writers' output). A layout change shows as a diff of
these files in review.

After a change you mean, rewrite them and read the diff before committing::

    pytest tests/layout/test_golden_scenes.py --update-golden
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

import pytest

from deckbuilder import scene as sc
from deckbuilder.commands.build import Compiled, compile_deck
from helpers import FIXTURES, ROOT, make_project

GOLDEN = ROOT / "tests" / "golden" / "mini"
SLIDES = sorted(p.stem for p in (FIXTURES / "mini" / "deck" / "slides").glob("*.yaml"))


def num(value: float) -> str:
    """A length rounded to 0.1 pt: steady across machines, yet any visible move shows."""
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def xywh(x: float, y: float, w: float, h: float) -> str:
    return f"({num(x)}, {num(y)}) {num(w)}×{num(h)}"


def style_of(size: float, bold: bool, color: str, styles: dict[str, tuple]) -> str:
    """A run's look, and the layout set's styles it matches (none where the text was shrunk)."""
    names = "|".join(n for n, key in styles.items() if key == (size, bold, color.upper()))
    look = f"{num(size)}pt{' bold' if bold else ''} {color}"
    return f"{names} {look}" if names else look


def run_look(run: sc.Run, styles: dict[str, tuple]) -> str:
    extra = "".join(
        f" {k}={v}"
        for k, v in (("spacing", num(run.spacing)), ("lang", run.lang), ("link", run.link))
        if v not in ("", "0")
    )
    return f"[{style_of(run.size, run.bold, run.color, styles)}{extra}]"


def text_lines(box: sc.TextBox, styles: dict[str, tuple], pad: str) -> Iterator[str]:
    """Each line with its width; its style where it has one run, else each run with its own."""
    for line in box.lines:
        mark = "¶" if line.starts_paragraph else "…"
        head = f"{pad}{mark} {line.text!r} w={num(line.width)}"
        if len(line.runs) == 1:
            yield f"{head} {run_look(line.runs[0], styles)}"
            continue
        yield head
        for run in line.runs:
            yield f"{pad}    {run_look(run, styles)} {run.text!r}"


def element_lines(el: sc.Node, styles: dict[str, tuple], pad: str) -> Iterator[str]:
    if isinstance(el, sc.TextBox):
        head = f"text {el.role}" + (f" h{el.level}" if el.level else "")
        slot = f" slot={el.slot}" if el.slot else ""
        lang = f" lang={el.lang}" if el.lang else ""
        yield (
            f"{pad}{head} {xywh(el.x, el.y, el.w, el.h)} {el.align}/{el.valign}"
            f" lh={num(el.line_height)}{slot}{lang}"
        )
        yield from text_lines(el, styles, pad + "  ")
    elif isinstance(el, sc.Rect | sc.Ellipse):
        shape = "rect" if isinstance(el, sc.Rect) else "ellipse"
        corner = (
            f" r={num(el.radius)}" + (" dashed" if el.dashed else "") if shape == "rect" else ""
        )
        yield (
            f"{pad}{shape} {xywh(el.x, el.y, el.w, el.h)} fill={el.fill} stroke={el.stroke}"
            f"/{num(el.stroke_width)}{corner}"
        )
    elif isinstance(el, sc.Rule):
        ends = f"({num(el.x1)}, {num(el.y1)})→({num(el.x2)}, {num(el.y2)})"
        yield f"{pad}rule {ends} {el.color}/{num(el.width)}" + (" arrow" if el.arrow else "")
    elif isinstance(el, sc.Polygon):
        points = " ".join(f"({num(x)}, {num(y)})" for x, y in el.points)
        yield f"{pad}polygon {el.shape} {el.fill} {points}"
    elif isinstance(el, sc.Placeholder):
        yield f"{pad}placeholder {xywh(el.x, el.y, el.w, el.h)} {el.caption!r}"
    elif isinstance(el, sc.Picture):
        yield (
            f"{pad}picture {xywh(el.x, el.y, el.w, el.h)} {Path(el.path).name} {el.fmt}"
            f" crop={tuple(num(c) for c in el.crop)} alt={el.alt!r}"
        )
    elif isinstance(el, sc.ChartBox):
        yield f"{pad}chart {el.kind} {xywh(el.x, el.y, el.w, el.h)} {el.title!r}"
        yield f"{pad}  data {[(label, shown) for label, _, shown in el.data]}"
        yield f"{pad}  alt {el.alt!r}"
    else:  # a new kind of box: the dump must learn it before the goldens can say anything
        raise TypeError(f"the golden dump does not know {type(el).__name__}")


def node_lines(node: sc.Node, styles: dict[str, tuple], pad: str = "") -> Iterator[str]:
    if not isinstance(node, sc.Group):
        yield from element_lines(node, styles, pad)
        return
    attrs = [
        f"{k}={v!r}"
        for k, v in (
            ("level", node.level),
            ("name", node.name),
            ("alt", node.alt),
            ("numbered", node.numbered),
            ("header", node.header),
        )
        if v
    ]
    yield f"{pad}{node.kind}" + (" " + " ".join(attrs) if attrs else "")
    for child in node.children:
        yield from node_lines(child, styles, pad + "  ")


def dump(scene: sc.SlideScene, styles: dict[str, tuple]) -> str:
    """One slide's scene as text: the tree in reading order, each box with its role, geometry,
    lines and the style its runs are set in."""
    head = [
        f"slide {scene.number}: {scene.title!r}",
        f"layout {scene.layout} ({scene.kind}) {num(scene.width)}×{num(scene.height)}"
        f" background {scene.background}",
        f"source {Path(scene.source_file).name}",
        f"notes {scene.notes!r}",
        "",
    ]
    body = [line for node in scene.root for line in node_lines(node, styles)]
    return "\n".join(head + body) + "\n"


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Compiled:
    project = make_project(tmp_path_factory.mktemp("golden") / "proj")
    return compile_deck(project / "deck")


@pytest.mark.parametrize("name", SLIDES)
def test_a_slide_is_laid_out_as_its_golden_file_says(
    compiled: Compiled, name: str, request: pytest.FixtureRequest
):
    scene = compiled.scenes[SLIDES.index(name)]
    assert Path(scene.source_file).stem == name
    styles = {
        sname: (s.size, s.bold, s.color.upper()) for sname, s in compiled.layout_set.styles.items()
    }
    got = dump(scene, styles)
    path = GOLDEN / f"{name}.txt"
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(got, encoding="utf-8")
    want = path.read_text(encoding="utf-8") if path.exists() else ""
    if got != want:
        diff = difflib.unified_diff(
            want.splitlines(keepends=True),
            got.splitlines(keepends=True),
            f"tests/golden/mini/{name}.txt (golden)",
            f"{name} (laid out now)",
        )
        pytest.fail(
            "the scene differs from its golden file; if the change is meant, run"
            " `pytest tests/layout/test_golden_scenes.py --update-golden` and review the diff:\n"
            + "".join(diff),
            pytrace=False,
        )


def test_the_mini_deck_has_a_golden_file_per_slide(compiled: Compiled):
    """A golden file for each slide and no other: a removed slide leaves no stale file behind."""
    assert len(compiled.scenes) == len(SLIDES) >= 3
    assert sorted(p.stem for p in GOLDEN.glob("*.txt")) == SLIDES
