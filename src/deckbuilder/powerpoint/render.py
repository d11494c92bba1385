"""PPTX renderer: each SlideScene as PowerPoint's own slide on the layout set's master.

Every part is written here and in the modules under it, as XML strings, into a package of our
own (pptx_package): the master, layouts and theme are generated from the layout set
(pptx_master), the shapes from the scene tree (pptx_shapes, pptx_text), written as XML with one
id allocator per slide; presentation.xml and the document properties by pptx_parts. Each slide
sits on its own layout and leaves the layout's chrome to it; its title, slide number and every
slot's text (breadcrumb, footnotes, statement …) fill the layout's placeholders. python-pptx is
not used to write the file (tests read it back with it).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import astuple, dataclass, field
from typing import Any

from deckbuilder.memo import Memo
from deckbuilder.pictures.chart_files import ChartFiles
from deckbuilder.powerpoint import fonts as pptx_fonts
from deckbuilder.powerpoint import markup as x
from deckbuilder.powerpoint import master as pptx_master
from deckbuilder.powerpoint import parts as pptx_parts
from deckbuilder.powerpoint import pictures as pictures_pptx
from deckbuilder.powerpoint import shapes as pptx_shapes
from deckbuilder.powerpoint import text as pptx_text
from deckbuilder.powerpoint.package import CT, RT, Package, Part, relate
from deckbuilder.scene import ChartBox, Group, Node, Picture, Rect, SlideScene, TextBox
from deckbuilder.source.layoutset import Layout, LayoutSet
from deckbuilder.text.fonts import FontFace, embedding_refusal


@dataclass
class DocInfo:
    title: str
    author: str
    subject: str
    language: str
    date: str  # ISO date and time (UTC) written into the files
    family: str
    theme_name: str = "deckbuilder"  # the layout set's name, given to the PPTX theme


@dataclass
class PptxParts:
    """The PPTX package being written and the parts its slides relate to (not the source's
    ``Deck``)."""

    package: Package
    presentation: Part
    master: pptx_master.Master
    notes_master: Part | None
    charts: Callable[[ChartBox], ChartFiles]
    media: Iterator[int]  # chart numbers: /ppt/media/chartN.png|svg
    slides: list[str]  # presentation.xml's rId of each slide, in order
    info: tuple[Any, ...]  # DocInfo's fields, part of each kept slide's key
    logos: frozenset[str] = frozenset()  # the layouts that carry deck.yaml's logo
    # Chart pictures' parts, filled once every slide is written: no slide waits for a drawing.
    pictures: list[tuple[ChartBox, Part, Part]] = field(default_factory=list)


def render_pptx(
    scenes: list[SlideScene],
    info: DocInfo,
    layout_set: LayoutSet,
    charts: Callable[[ChartBox], ChartFiles],
    thumbnail: Callable[[], bytes] | None = None,
    on_slide: Callable[[int, int], None] | None = None,
) -> bytes:
    """The deck as a PPTX. ``charts`` gives each chart's pictures and ``thumbnail`` slide 1 as
    a JPEG, both drawn elsewhere (matplotlib stays out of this process)."""
    # The faces to embed are prepared (deflated, on a first build) on a thread while the
    # slides are written: zlib lets go of the interpreter, so the two overlap.
    with ThreadPoolExecutor(1) as thread:
        faces = thread.submit(_prepare_fonts, scenes, layout_set, info.family)
        package, listing = _package(scenes, info, layout_set, charts, on_slide)
        pres = package.parts["/ppt/presentation.xml"]
        fonts = _embed_fonts(package, pres, faces.result())
    pres.blob = pptx_parts.presentation_xml(*listing, fonts)
    _properties(package, scenes, info, thumbnail)
    d = max(dt.datetime.fromisoformat(info.date), dt.datetime(1980, 1, 1))  # zip's epoch
    return package.zip_bytes((d.year, d.month, d.day, d.hour, d.minute, d.second))


def _package(
    scenes: list[SlideScene],
    info: DocInfo,
    layout_set: LayoutSet,
    charts: Callable[[ChartBox], ChartFiles],
    on_slide: Callable[[int, int], None] | None,
) -> tuple[Package, tuple[str, str, list[str], tuple[float, float]]]:
    """The master, slides, notes and presentation properties, and what presentation.xml lists
    (written when the fonts are known)."""
    package = Package()
    pres = package.add("/ppt/presentation.xml", CT.PRESENTATION)
    relate(package, pres, RT.OFFICE_DOCUMENT)
    master = pptx_master.install(package, layout_set, info.family)
    master_rid = relate(pres, master.part, RT.SLIDE_MASTER)
    notes_master = None
    if any(s.notes for s in scenes):
        notes_master = pptx_master.install_notes_master(package, layout_set, info.family)
    notes_rid = relate(pres, notes_master, RT.NOTES_MASTER) if notes_master else ""
    pptx = PptxParts(
        package, pres, master, notes_master, charts, itertools.count(1), [], astuple(info)
    )
    pptx.logos = _logos_on_layouts(pptx, scenes, info, layout_set)
    for n, scene in enumerate(scenes, start=1):
        _slide(pptx, scene, info, layout_set)
        if on_slide:
            on_slide(n, len(scenes))
    for name, ct, rt, blob in (
        ("/ppt/presProps.xml", CT.PRES_PROPS, RT.PRES_PROPS, pptx_parts.PRES_PROPS),
        ("/ppt/viewProps.xml", CT.VIEW_PROPS, RT.VIEW_PROPS, pptx_parts.VIEW_PROPS),
        ("/ppt/tableStyles.xml", CT.TABLE_STYLES, RT.TABLE_STYLES, pptx_parts.TABLE_STYLES),
    ):
        relate(pres, package.add(name, ct, blob), rt)
    relate(pres, master.theme, RT.THEME)
    for box, png, svg in pptx.pictures:  # the one wait for the chart worker
        files = charts(box)
        png.blob, svg.blob = files.png, files.svg
    size = (scenes[0].width, scenes[0].height) if scenes else (960.0, 540.0)
    return package, (master_rid, notes_rid, pptx.slides, size)


def faces_used(scenes: list[SlideScene]) -> list[bool]:
    """Which faces (False regular, True bold) the slides' text and notes are set in."""
    used = {False} if any(s.notes for s in scenes) else set()
    for scene in scenes:
        for el in scene.elements:
            if isinstance(el, TextBox):
                used.update(run.bold for line in el.lines for run in line.runs if run.text)
        if len(used) == 2:
            break
    return sorted(used)


Face = tuple[bool, FontFace, pptx_fonts.Prepared]


def _prepare_fonts(scenes: list[SlideScene], layout_set: LayoutSet, family: str) -> list[Face]:
    """Each face the slides use that may be embedded (the checks warned of the others), with
    its prepared part."""
    out = []
    for bold in faces_used(scenes):
        face = layout_set.fonts.face(bold)
        if not embedding_refusal(face):
            out.append((bold, face, pptx_fonts.prepared(face, family)))
    return out


def _embed_fonts(package: Package, pres: Part, faces: list[Face]) -> str:
    """One ``.fntdata`` part per face, related from the presentation; their
    ``p:embeddedFontLst``."""
    rids: dict[bool, str] = {}
    for bold, face, prepared in faces:
        name = f"/ppt/fonts/font{len(rids) + 1}.fntdata"
        part = package.add(name, CT.FONT_DATA, pptx_fonts.part_bytes(face, prepared))
        part.deflated = prepared.deflated
        rids[bold] = relate(pres, part, RT.FONT)
    if not faces:
        return ""
    return pptx_fonts.font_list_xml([(faces[0][2], rids)])  # p:font from the first face


def _properties(
    package: Package,
    scenes: list[SlideScene],
    info: DocInfo,
    thumbnail: Callable[[], bytes] | None,
) -> None:
    """docProps: slide 1 as the PDF draws it (thumbnail.jpeg), core.xml and app.xml."""
    if thumbnail is not None:
        thumb = package.add("/docProps/thumbnail.jpeg", CT.JPEG, thumbnail())
        relate(package, thumb, RT.THUMBNAIL)
    stamp = dt.datetime.fromisoformat(info.date).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = pptx_parts.core_xml(info.title, info.subject, info.author, info.language, stamp)
    titles = [" ".join(s.title.split()) for s in scenes]
    notes = sum(1 for s in scenes if s.notes)
    app = pptx_parts.app_xml(titles, notes, info.author, info.theme_name)
    for name, ct, rt, blob in (
        ("/docProps/core.xml", CT.CORE_PROPERTIES, RT.CORE_PROPERTIES, core),
        ("/docProps/app.xml", CT.EXTENDED_PROPERTIES, RT.EXTENDED_PROPERTIES, app),
    ):
        relate(package, package.add(name, ct, blob), rt)


# The head and tail of every slide part; its shapes go in between.
_SLIDE_HEAD = (
    f"{x.DECLARATION}<p:sld {x.NSDECL}{{}}><p:cSld><p:spTree><p:nvGrpSpPr>"
    '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
)
_SLIDE_TAIL = "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"

Call = tuple[str, Any]  # ("link", url) | ("chart", ChartBox) | ("picture", Picture)
# Cache: a slide's relate calls (in order) and its finished XML, by (scene digest, layout set
# digest, DocInfo): everything the slide is written from.
_SLIDES: Memo[tuple[list[Call], bytes]] = Memo(1024, disk="slides")


def _slide(pptx: PptxParts, scene: SlideScene, info: DocInfo, layout_set: LayoutSet) -> None:
    """One slide part on its layout, then its notes. A slide whose scene has not changed is its
    finished XML as it was, its parts related again in the same order (so their rIds match):
    no shapes are written."""
    layouts = pptx.master.layouts
    layout = layouts.get(scene.layout) or next(iter(layouts.values()))
    number = len(pptx.slides) + 1
    part = pptx.package.add(f"/ppt/slides/slide{number}.xml", CT.SLIDE)
    relate(part, layout, RT.SLIDE_LAYOUT)
    pptx.slides.append(relate(pptx.presentation, part, RT.SLIDE))
    key = (scene.digest, layout_set.digest, pptx.info)
    kept = _SLIDES.find(key)
    if kept is not None:
        calls, part.blob = kept
        relater = _relater(pptx, part, [])
        for kind, arg in calls:
            relater[kind](arg)
    else:
        calls = []
        relater = _relater(pptx, part, calls)
        text = pptx_text.TextWriter(
            info.family, info.language, pptx.master.colors, layout_set.fonts, relater["link"]
        )
        writer = pptx_shapes.Writer(text, relater["chart"], relater["picture"])
        chrome = _chrome(scene, layout_set)
        logo = scene.layout in pptx.logos and chrome != "own"
        shapes = "".join(_shapes(writer, scene, layout_set, chrome, logo))
        # A slide drawing its own chrome hides its layout's (and the master's) shapes.
        head = _SLIDE_HEAD.format(' showMasterSp="0"' if chrome == "own" else "")
        part.blob = f"{head}{shapes}{_SLIDE_TAIL}".encode()
        _SLIDES.put(key, (calls, part.blob))
    if scene.notes and pptx.notes_master is not None:
        _notes(pptx.package, pptx.notes_master, part, number, scene.notes, info.language)


def _relater(pptx: PptxParts, part: Part, calls: list[Call]) -> dict[str, Callable[[Any], Any]]:
    """The slide's ways to relate other parts, each call recorded in ``calls``."""

    def link(url: str) -> str:
        calls.append(("link", url))
        return relate(part, url, RT.HYPERLINK, external=True)

    def chart(box: ChartBox) -> tuple[str, str]:
        calls.append(("chart", box))
        n = next(pptx.media)
        png = pptx.package.add(f"/ppt/media/chart{n}.png", CT.PNG)
        svg = pptx.package.add(f"/ppt/media/chart{n}.svg", CT.SVG)
        pptx.pictures.append((box, png, svg))
        return relate(part, png, RT.IMAGE), relate(part, svg, RT.IMAGE)

    def picture(pic: Picture) -> tuple[str, str]:
        calls.append(("picture", pic))
        return pictures_pptx.picture_parts(pptx.package, part, pic)

    return {"link": link, "chart": chart, "picture": picture}


def _shapes(
    w: pptx_shapes.Writer, scene: SlideScene, layout_set: LayoutSet, chrome: str, logo: bool = False
) -> list[str]:
    """The title placeholder first (the slide's name for screen readers), then the scene in
    reading order, without the layout's own chrome (unless the slide draws its own: ``chrome``;
    ``logo``: the layout carries the logo); the breadcrumb in the layout's placeholder, the
    page number as the sldNum field."""
    own = chrome == "own"
    nodes = [n for n in scene.root if own or not _is_chrome(n, layout_set, scene.layout)]
    nodes = [n for n in nodes if not (logo and _is_logo(n))]
    title, rest = _take_title(nodes)
    out = [w.title(title) if title else _hidden_title(w, scene)]
    lay = layout_set.layouts.get(scene.layout)
    slots = pptx_master.body_slots(lay) if lay is not None else {}
    for node in rest:
        box = _slot_text(node, slots)
        if isinstance(node, TextBox) and node.role == "pagination":
            out.append(w.page_number(node))
        elif lay is not None and box is not None:
            ph = pptx_master.body_ph(lay, box.slot)
            out.append(w.text_shape([pptx_text.Unit(box)], "", ph))
        elif isinstance(node, Group) and node.kind == "header" and lay is not None:
            out.extend(_header(w, node, lay, chrome))
        else:
            out.extend(w.node(node) if not isinstance(node, Group) else w.group(node))
    return out


def _is_logo(node: Node) -> bool:
    return isinstance(node, Group) and node.kind == "figure" and node.name == LOGO


LOGO = "Logo"  # layout.py's name for deck.yaml's logo in a layout's logo slot
LOGO_IDS = 1000  # the logo's shape ids on a layout, clear of the layout's own


def _logos_on_layouts(
    pptx: PptxParts, scenes: list[SlideScene], info: DocInfo, layout_set: LayoutSet
) -> frozenset[str]:
    """deck.yaml's logo drawn on each layout with a logo slot (the cover, the back cover), as
    the first slide of that layout places it: a slide a designer adds with that layout shows
    it too, and the deck's slides leave it to their layout."""
    carried = set()
    for scene in scenes:
        lay = scene.layout
        part = pptx.master.layouts.get(lay)
        logo = next((n for n in scene.root if _is_logo(n)), None)
        if lay in carried or part is None or not isinstance(logo, Group):
            continue
        calls: list[Call] = []
        relater = _relater(pptx, part, calls)
        text = pptx_text.TextWriter(
            info.family, info.language, pptx.master.colors, layout_set.fonts, relater["link"]
        )
        writer = pptx_shapes.Writer(
            text, relater["chart"], relater["picture"], ids=itertools.count(LOGO_IDS)
        )
        shapes = "".join(writer.group(logo)).encode()
        part.blob = part.blob.replace(b"</p:spTree>", shapes + b"</p:spTree>", 1)
        carried.add(lay)
    return frozenset(carried)


def _slot_text(node: Node, slots: dict[str, int]) -> TextBox | None:
    """The text of one of the layout's placeholder slots (a statement, a date, the footnotes),
    which the slide writes into that placeholder."""
    if isinstance(node, Group) and node.kind == "footnotes" and len(node.children) == 1:
        node = node.children[0]
    return node if isinstance(node, TextBox) and node.slot in slots else None


def _header(w: pptx_shapes.Writer, header: Group, lay: Layout, chrome: str) -> list[str]:
    """A slide's header without its title: the breadcrumb in the layout's placeholder, the
    title's key bar only where it is not the layout's."""
    out: list[str] = []
    pending: list[Node] = []
    slots = pptx_master.body_slots(lay)
    for node in header.children:
        if isinstance(node, TextBox) and node.slot in slots and node.role == "breadcrumb":
            out += w.nodes(pending)
            pending = []
            ph = pptx_master.body_ph(lay, node.slot)
            out.append(w.text_shape([pptx_text.Unit(node)], "", ph))
        elif not (isinstance(node, Rect) and chrome == "layout"):
            pending.append(node)
    return out + w.nodes(pending)


def _chrome(scene: SlideScene, layout_set: LayoutSet) -> str:
    """Who draws the slide's chrome: "layout" (the slide's title bar is its layout's), "bar"
    (the layout, with the slide's taller bar over its own: a title of two lines) or "own" (the
    bar is elsewhere, under a kicker: the slide draws all its chrome and hides the layout's)."""
    lay = layout_set.layouts.get(scene.layout)
    header = next((n for n in scene.root if isinstance(n, Group) and n.kind == "header"), None)
    bars = [n for n in header.children if isinstance(n, Rect)] if header else []
    want = pptx_master.title_chrome(lay, layout_set) if lay is not None else None
    if not bars or (want is not None and all(_key(b) == _key(want) for b in bars)):
        return "layout"
    if want is not None and all(_key(b)[:3] == _key(want)[:3] and b.h >= want.h for b in bars):
        return "bar"
    return "own"


def _key(r: Rect) -> tuple[float, float, float, float]:
    return (round(r.x, 2), round(r.y, 2), round(r.w, 2), round(r.h, 2))


def _take_title(nodes: list[Node]) -> tuple[list[pptx_text.Unit], list[Node]]:
    """The title's boxes (with a section's number before it) and the nodes left."""
    for i, node in enumerate(nodes):
        if isinstance(node, TextBox) and node.role == "title":
            return [pptx_text.Unit(node)], nodes[:i] + nodes[i + 1 :]
        if isinstance(node, Group) and node.kind in ("heading", "header"):
            kids = list(node.children)
            for k, kid in enumerate(kids):
                if not (isinstance(kid, TextBox) and kid.role == "title"):
                    continue
                if node.kind == "heading" and all(isinstance(c, TextBox) for c in kids):
                    return [pptx_text.Unit(c) for c in kids], nodes[:i] + nodes[i + 1 :]  # type: ignore[arg-type]
                rest = Group(node.kind, tuple(kids[:k] + kids[k + 1 :]))
                return [pptx_text.Unit(kid)], nodes[:i] + [rest] + nodes[i + 1 :]
    return [], nodes


def _hidden_title(w: pptx_shapes.Writer, scene: SlideScene) -> str:
    """A slide without a title box still has a title placeholder, off the slide."""
    body = (
        "<p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle/>"
        '<a:p><a:r><a:rPr lang="ja-JP"/>'
        f"<a:t>{x.escape(scene.title)}</a:t></a:r></a:p></p:txBody>"
    )
    box = (0, x.emu(-60), x.emu(scene.width), x.emu(40))
    return x.sp(w.nv("タイトル"), box, "", "", "", body, False, '<p:ph type="title"/>')


def _is_chrome(node: Node, layout_set: LayoutSet, layout: str) -> bool:
    lay = layout_set.layouts.get(layout)
    if lay is None or not isinstance(node, Group) or node.kind != "decoration":
        return False
    rects = [
        (round(r.x, 2), round(r.y, 2), round(r.w, 2), round(r.h, 2))
        for r in node.children
        if isinstance(r, Rect)
    ]
    own = [(round(s.x, 2), round(s.y, 2), round(s.w, 2), round(s.h, 2)) for s in lay.shapes]
    return len(rects) == len(node.children) and rects == own


def _notes(package: Package, master: Part, slide: Part, number: int, notes: str, lang: str) -> None:
    """Speaker notes, one paragraph per line, tagged with the deck's language, written as
    PowerPoint lays out a notes page: the slide image, then the notes body (the notes master's
    placeholders)."""
    paras = "".join(
        f'<a:p><a:r><a:rPr lang="{lang}" altLang="en-US" dirty="0"/><a:t>{x.escape(line)}</a:t>'
        f"</a:r></a:p>"
        if line
        else f'<a:p><a:endParaRPr lang="{lang}" dirty="0"/></a:p>'
        for line in notes.split("\n")
    )
    xml = (
        f'<p:notes {x.NSDECL}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/>'
        "<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>"
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr>'
        '<p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
        '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr>'
        f"</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{paras}</p:txBody></p:sp>"
        "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"
    )
    name = f"/ppt/notesSlides/notesSlide{number}.xml"
    part = package.add(name, CT.NOTES_SLIDE, x.document(xml))
    relate(part, master, RT.NOTES_MASTER)
    relate(part, slide, RT.SLIDE)
    relate(slide, part, RT.NOTES_SLIDE)
