"""PPTX renderer: each SlideScene as PowerPoint's own slide on the layout set's master.

The package starts from python-pptx's skeleton; the master, layouts and theme are generated
from the layout set (pptx_master), the shapes from the scene tree (pptx_shapes, pptx_text),
written as XML with one id allocator per slide. Each slide sits on its own layout and leaves the
layout's chrome to it; the title and the slide number are the layout's placeholders.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import astuple, dataclass
from typing import Any

from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.parts.image import ImagePart
from pptx.parts.slide import NotesSlidePart

from . import pictures_pptx, pptx_master, pptx_shapes, pptx_text
from . import pptx_xml as x
from .chart_files import ChartFiles
from .memo import Memo
from .scene import ChartBox, Group, Node, Picture, Rect, SlideScene, TextBox
from .theme import Theme


@dataclass
class DocInfo:
    title: str
    author: str
    subject: str
    language: str
    date: str  # ISO date and time (UTC) written into the files
    family: str
    theme: str = "deckbuilder"  # the layout set's name, given to the PPTX theme


def render_pptx(
    scenes: list[SlideScene],
    info: DocInfo,
    theme: Theme,
    charts: Callable[[ChartBox], ChartFiles],
    thumbnail: Callable[[], bytes] | None = None,
    on_slide: Callable[[int, int], None] | None = None,
) -> bytes:
    """The deck as a PPTX. ``charts`` gives each chart's pictures and ``thumbnail`` slide 1 as
    a JPEG, both drawn elsewhere (matplotlib stays out of this process)."""
    prs = Presentation()
    _slide_size(prs, scenes[0] if scenes else None)
    master = pptx_master.install(prs.part, theme, info.family)
    media = itertools.count(1)
    for n, scene in enumerate(scenes, start=1):
        _slide(prs, master, scene, info, theme, charts, media)
        if on_slide:
            on_slide(n, len(scenes))
    _list_notes_master(prs)
    _properties(prs, info)
    _drop_printer_settings(prs.part)
    if thumbnail is not None:
        _thumbnail(prs.part.package, thumbnail())
    x.app_properties(
        prs.part.package,
        [" ".join(s.title.split()) for s in scenes],
        sum(1 for s in scenes if s.notes),
        info.author,
        info.theme,
    )
    d = max(dt.datetime.fromisoformat(info.date), dt.datetime(1980, 1, 1))  # zip's epoch
    stamp = (d.year, d.month, d.day, d.hour, d.minute, d.second)
    return x.package_bytes(prs.part.package, stamp)


def _slide_size(prs: Any, scene: SlideScene | None) -> None:
    """16:9 in EMU with no ``type`` (python-pptx's template says 4:3)."""
    size = prs.part._element.find(qn("p:sldSz"))
    size.attrib.pop("type", None)
    size.set("cx", str(x.emu(scene.width if scene else 960)))
    size.set("cy", str(x.emu(scene.height if scene else 540)))


# A slide's shapes as XML, the parts it relates (in order), and the finished slide part.
_SLIDES: Memo[tuple[str, list[tuple[str, Any]], bytes]] = Memo(1024, disk="slides")


def _slide(
    prs: Any,
    master: pptx_master.Master,
    scene: SlideScene,
    info: DocInfo,
    theme: Theme,
    charts: Callable[[ChartBox], ChartFiles],
    media: Iterator[int],
) -> None:
    layout_part = master.layouts.get(scene.layout) or next(iter(master.layouts.values()))
    key = (scene.digest, theme.digest, astuple(info))
    kept = _SLIDES.find(key)
    if kept is not None:
        _kept_slide(prs, layout_part, kept, scene, info, charts, media)
        return
    rid, slide = prs.part.add_slide(layout_part.slide_layout)
    prs.slides._sldIdLst.add_sldId(rid)
    part = slide.part
    calls: list[tuple[str, Any]] = []
    relate = _relater(part, charts, media, calls)
    text = pptx_text.TextWriter(
        info.family, info.language, master.colors, theme.fonts, relate["link"]
    )
    writer = pptx_shapes.Writer(text, relate["chart"], relate["picture"])
    xml = "".join(_shapes(writer, scene, theme))
    tree = slide.shapes._spTree
    for el in x.fragment(xml):
        tree.append(el)
    blob = part.blob
    if scene.notes:
        _notes(prs, part, scene.notes, info.language)
    _freeze(prs, part)
    _SLIDES.put(key, (xml, calls, blob))


def _kept_slide(
    prs: Any,
    layout_part: Any,
    kept: tuple[str, list[tuple[str, Any]], bytes],
    scene: SlideScene,
    info: DocInfo,
    charts: Callable[[ChartBox], ChartFiles],
    media: Iterator[int],
) -> None:
    """A slide whose scene has not changed: its finished XML as it was, its parts related again
    in the same order (so their rIds match) - no shapes are made or parsed."""
    _xml, calls, blob = kept
    sld_ids = prs.slides._sldIdLst
    name = PackURI(f"/ppt/slides/slide{len(sld_ids) + 1}.xml")
    part = Part(name, CT.PML_SLIDE, prs.part.package, blob)
    part.relate_to(layout_part, RT.SLIDE_LAYOUT)
    sld_ids.add_sldId(prs.part.relate_to(part, RT.SLIDE))  # in the package before its images
    relate = _relater(part, charts, media, [])
    for kind, arg in calls:
        relate[kind](arg)
    if scene.notes:
        _notes(prs, part, scene.notes, info.language)
        for rel in list(part.rels.values()):
            if rel.reltype == RT.NOTES_SLIDE:
                _freeze_into(part_of(rel), [part])


def _relater(
    part: Any,
    charts: Callable[[ChartBox], ChartFiles],
    media: Iterator[int],
    calls: list[tuple[str, Any]],
) -> dict[str, Callable[[Any], Any]]:
    """The slide's ways to relate other parts, each call recorded in ``calls``."""

    def link(url: str) -> str:
        calls.append(("link", url))
        return str(part.relate_to(url, RT.HYPERLINK, is_external=True))

    def chart(box: ChartBox) -> tuple[str, str]:
        # Named directly: python-pptx would walk every part of the package to find a free name.
        calls.append(("chart", box))
        files, n = charts(box), next(media)
        package = part.package
        png = ImagePart(PackURI(f"/ppt/media/chart{n}.png"), "image/png", package, files.png)
        svg = Part(PackURI(f"/ppt/media/chart{n}.svg"), "image/svg+xml", package, files.svg)
        return part.relate_to(png, RT.IMAGE), part.relate_to(svg, RT.IMAGE)

    def picture(pic: Picture) -> tuple[str, str]:
        calls.append(("picture", pic))
        return pictures_pptx.picture_parts(part, pic)

    return {"link": link, "chart": chart, "picture": picture}


def _freeze(prs: Any, part: Any) -> None:
    """Keep a finished slide (and its notes) as XML bytes, not as an lxml tree: a 440-slide
    deck's trees take more memory than everything else the build holds."""
    for rel in list(part.rels.values()):
        if rel.reltype == RT.NOTES_SLIDE:
            _freeze_into(part_of(rel), [part])
    _freeze_into(part, [prs.part])


def part_of(rel: Any) -> Any:
    return rel._target


def _freeze_into(part: Any, referrers: list[Any]) -> None:
    """Replace ``part`` by a plain Part holding its serialized XML and the same relationships,
    in the relationships of ``referrers`` and of the parts it relates to."""
    frozen = Part(part.partname, part.content_type, part.package, part.blob)
    frozen.__dict__["_rels"] = frozen.__dict__["rels"] = part.rels
    for owner in [*referrers, *(part_of(r) for r in part.rels.values() if not r.is_external)]:
        if not hasattr(owner, "rels"):
            continue
        for rel in owner.rels.values():
            if not rel.is_external and rel._target is part:
                rel._target = frozen
                rel.__dict__.pop("target_part", None)  # python-pptx caches the target


def _shapes(w: pptx_shapes.Writer, scene: SlideScene, theme: Theme) -> list[str]:
    """The title placeholder first (the slide's name for screen readers), then the scene in
    reading order, without the layout's own chrome; the page number as the sldNum field."""
    nodes = [n for n in scene.root if not _is_chrome(n, theme, scene.layout)]
    title, rest = _take_title(nodes)
    out = [w.title(title) if title else _hidden_title(w, scene)]
    for node in rest:
        if isinstance(node, TextBox) and node.role == "pagination":
            out.append(w.page_number(node))
        else:
            out.extend(w.node(node) if not isinstance(node, Group) else w.group(node))
    return out


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
    return x.sp(w.nv("Title"), box, "", "", "", body, False, '<p:ph type="title"/>')


def _is_chrome(node: Node, theme: Theme, layout: str) -> bool:
    lay = theme.layouts.get(layout)
    if lay is None or not isinstance(node, Group) or node.kind != "decoration":
        return False
    rects = [
        (round(r.x, 2), round(r.y, 2), round(r.w, 2), round(r.h, 2))
        for r in node.children
        if isinstance(r, Rect)
    ]
    own = [(round(s.x, 2), round(s.y, 2), round(s.w, 2), round(s.h, 2)) for s in lay.shapes]
    return len(rects) == len(node.children) and rects == own


def _notes(prs: Any, slide_part: Any, notes: str, lang: str) -> None:
    """Speaker notes, one paragraph per line, tagged with the deck's language.

    Written as PowerPoint lays out a notes page (the slide image, then the notes body), in one
    go: python-pptx's notes_slide looks for a free part name among all parts and clones the
    notes master's placeholders, a third of the PPTX's time."""
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
    number = len(prs.slides._sldIdLst)
    name = PackURI(f"/ppt/notesSlides/notesSlide{number}.xml")
    part = NotesSlidePart(name, CT.PML_NOTES_SLIDE, slide_part.package, parse_xml(xml))
    part.relate_to(prs.part.notes_master_part, RT.NOTES_MASTER)
    part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(part, RT.NOTES_SLIDE)


def _list_notes_master(prs: Any) -> None:
    """presentation.xml names its notes master (python-pptx relates it but does not list it)."""
    part = prs.part
    rid = next((r for r, rel in part.rels.items() if rel.reltype == RT.NOTES_MASTER), None)
    if rid is None:
        return
    root = part._element
    lst = parse_xml(
        f'<p:notesMasterIdLst {x.NSDECL}><p:notesMasterId r:id="{rid}"/></p:notesMasterIdLst>'
    )
    root.find(qn("p:sldMasterIdLst")).addnext(lst)


def _thumbnail(package: Any, jpeg: bytes) -> None:
    """docProps/thumbnail.jpeg: slide 1 as the PDF draws it, not the template's picture."""
    part = next(p for p in package.iter_parts() if str(p.partname).startswith("/docProps/thumb"))
    part._blob = jpeg


def _drop_printer_settings(prs_part: Any) -> None:
    """The template's Mac printer settings (a binary blob) mean nothing for this deck."""
    for rid, rel in list(prs_part.rels.items()):
        if rel.reltype.endswith("/printerSettings"):
            prs_part.drop_rel(rid)


def _properties(prs: Any, info: DocInfo) -> None:
    cp = prs.core_properties
    stamp = dt.datetime.fromisoformat(info.date)
    cp.title = info.title
    cp.author = info.author
    cp.subject = info.subject
    cp.language = info.language
    cp.last_modified_by = info.author
    cp.created = stamp
    cp.modified = stamp
    cp.last_printed = stamp
    cp.revision = 1
    for name in ("keywords", "comments", "category", "content_status", "identifier", "version"):
        setattr(cp, name, "")
