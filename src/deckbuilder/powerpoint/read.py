"""Reading a PPTX back, safely: each slide's shapes with their names, boxes, text and run
formatting, and its speaker notes. What ``deckbuilder pull`` compares.

The file may come from anywhere (PowerPoint, LibreOffice, an e-mail), so it is read as hostile:
a zip is checked before it is opened (entry count, sizes, compression ratio), every part is read
with a size cap, and XML with a DOCTYPE (entity declarations, external entities) is refused
before it reaches the parser. lxml parses with DTDs, entities and the network switched off.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree as ET

from deckbuilder.errors import Diagnostic, SourceError, Where, rel

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
R_ID = f"{{{NS['r']}}}id"
MAX_ENTRIES = 20_000
MAX_PART = 32 << 20  # one XML part, uncompressed
MAX_TOTAL = 1 << 30  # the whole package, uncompressed
MAX_RATIO = 200  # uncompressed / compressed, past which an entry is a bomb
NOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide"
THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
SHAPE_TAGS = ("sp", "grpSp", "pic", "cxnSp", "graphicFrame")
A_P, A_R, A_FLD, A_T, A_RPR, A_SOLID, A_SCHEME = (
    f"{{{NS['a']}}}{t}" for t in ("p", "r", "fld", "t", "rPr", "solidFill", "schemeClr")
)
P_CNVPR, P_NVPR, P_PH = (f"{{{NS['p']}}}{t}" for t in ("cNvPr", "nvPr", "ph"))
PH_KINDS = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}  # alike for identity
SCHEME_ALIASES = {"tx1": "dk1", "bg1": "lt1", "tx2": "dk2", "bg2": "lt2"}


@dataclass(frozen=True)
class Paragraph:
    text: str  # the runs' text, the line breaks the build set removed
    style: frozenset[tuple[str, ...]]  # (bold, italic, underline, size, colour) of its runs


@dataclass(frozen=True)
class Shape:
    key: str  # what finds it again: its name, or "title" for the title placeholder
    name: str
    box: tuple[int, int, int, int] | None  # EMU; None where it has no transform
    paragraphs: tuple[Paragraph, ...]
    group: str  # the key of the group it is in ("" at the top)


@dataclass(frozen=True)
class Slide:
    number: int
    shapes: tuple[Shape, ...]
    notes: str


# No DTD, no entities, no network: what a hostile file could ask of a parser, refused.
_PARSER = ET.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class Unreadable(Exception):
    """Not a PowerPoint file we can read; the message says why, in plain words."""


def read(path: Path) -> list[Slide]:
    """Every slide of the presentation at ``path``, in order; SourceError if it is not one."""
    try:
        with _open(path) as zf:
            return _Package(zf).slides()
    except Unreadable as exc:
        raise SourceError(Diagnostic(Where(rel(path)), str(exc), "error", None, "pptx")) from None
    except (zipfile.BadZipFile, ET.XMLSyntaxError, KeyError, ValueError) as exc:
        raise SourceError(
            Diagnostic(
                Where(rel(path)),
                f"is damaged and cannot be read as a PowerPoint file ({exc})",
                "error",
                None,
                "pptx",
            )
        ) from None


def _open(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise Unreadable("does not exist" if not path.exists() else "is not a file")
    if not zipfile.is_zipfile(path):
        raise Unreadable("is not a PowerPoint file (.pptx): it is not a zip package")
    zf = zipfile.ZipFile(path)
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Unreadable(f"holds {len(infos)} entries: too many for a presentation")
    if sum(i.file_size for i in infos) > MAX_TOTAL:
        raise Unreadable("unpacks to more than 1 GB: refused (a zip bomb?)")
    for i in infos:
        if i.file_size > 1 << 20 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise Unreadable(f"entry {i.filename} is compressed {MAX_RATIO}× or more (a zip bomb?)")
    return zf


class _Package:
    def __init__(self, zf: zipfile.ZipFile):
        self.zf = zf
        self.names = set(zf.namelist())
        self.colors = self._theme_colors()

    def xml(self, name: str) -> ET.Element:
        if name not in self.names:
            raise Unreadable(f"has no part {name}: not a presentation")
        with self.zf.open(name) as fh:
            data = fh.read(MAX_PART + 1)
        if len(data) > MAX_PART:
            raise Unreadable(f"part {name} is larger than {MAX_PART >> 20} MB")
        head = data[:4096].lower()
        if b"<!doctype" in head or b"<!entity" in data.lower():
            raise Unreadable(f"part {name} declares a DOCTYPE or entities: refused")
        return ET.fromstring(data, _PARSER)

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, target part name) for ``part``."""
        folder, base = posixpath.split(part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        if name not in self.names:
            return {}
        out = {}
        for r in self.xml(name).findall("rel:Relationship", NS):
            if r.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, r.get("Target", "")))
            out[r.get("Id", "")] = (r.get("Type", ""), target.lstrip("/"))
        return out

    def slides(self) -> list[Slide]:
        pres = "ppt/presentation.xml"
        rels = self.rels(pres)
        ids = self.xml(pres).findall("p:sldIdLst/p:sldId", NS)
        out = []
        for n, sld in enumerate(ids, start=1):
            part = rels[sld.get(R_ID, "")][1]
            out.append(self._slide(n, part))
        return out

    def _slide(self, number: int, part: str) -> Slide:
        tree = self.xml(part).find("p:cSld/p:spTree", NS)
        shapes: list[Shape] = []
        if tree is not None:
            self._shapes(tree, "", _IDENTITY, shapes)
        notes = ""
        for kind, target in self.rels(part).values():
            if kind == NOTES_REL:
                notes = self._notes(target)
        return Slide(number, tuple(shapes), notes)

    def _shapes(self, tree: ET.Element, group: str, place: Transform, out: list[Shape]) -> None:
        for el in tree:
            tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
            if tag not in SHAPE_TAGS:
                continue
            name, kind = _identity(el)
            key = self._placeholder_key(kind, out) if kind else name
            box = _box(el)
            shown = place.apply(box) if box else None
            out.append(Shape(key, name, shown, self._paragraphs(el), group))
            if tag == "grpSp":
                self._shapes(el, key, place.then(_child_space(el)), out)

    @staticmethod
    def _placeholder_key(kind: str, before: list[Shape]) -> str:
        """A placeholder is found again by its type and its place among the slide's
        placeholders of that type: LibreOffice renames every placeholder when it saves
        (「PlaceHolder 2」) and drops a body placeholder's index, but keeps their order."""
        kind = PH_KINDS.get(kind, kind)
        n = sum(1 for sh in before if sh.key.startswith(f"{kind}#"))
        return f"{kind}#{n}"

    def _paragraphs(self, el: ET.Element) -> tuple[Paragraph, ...]:
        body = el.find("p:txBody", NS)
        if body is None:
            return ()
        return tuple(self._paragraph(p) for p in body if p.tag == A_P)

    def _paragraph(self, p: ET.Element) -> Paragraph:
        text: list[str] = []
        style = set()
        for r in p:
            if r.tag != A_R and r.tag != A_FLD:
                continue
            rpr = None
            t = ""
            for part in r:
                if part.tag == A_T:
                    t += part.text or ""
                elif part.tag == A_RPR:
                    rpr = part
            text.append(t)
            if t.strip():
                style.add(self._run_style(rpr))
        return Paragraph("".join(text), frozenset(style))

    def _run_style(self, rpr: ET.Element | None) -> tuple[str, ...]:
        if rpr is None:
            return ("", "", "", "", "")
        color = ""
        for fill in rpr:
            if fill.tag == A_SOLID and len(fill):
                c = fill[0]
                color = c.get("val", "").lower()
                if c.tag == A_SCHEME:
                    color = self.colors.get(SCHEME_ALIASES.get(color, color), color)
        flag = {"1": "1", "true": "1"}
        return (
            flag.get(rpr.get("b", ""), ""),
            flag.get(rpr.get("i", ""), ""),
            "",  # underline: LibreOffice adds it to every hyperlink when it saves
            rpr.get("sz", ""),
            color,
        )

    def _notes(self, part: str) -> str:
        root = self.xml(part)
        for sp in root.iter(f"{{{NS['p']}}}sp"):
            ph = sp.find("p:nvSpPr/p:nvPr/p:ph", NS)
            if ph is not None and ph.get("type") == "body":
                return "\n".join(p.text for p in self._paragraphs(sp))
        return ""

    def _theme_colors(self) -> dict[str, str]:
        name = next((n for n in sorted(self.names) if n.startswith("ppt/theme/theme")), "")
        if not name:
            return {}
        scheme = self.xml(name).find("a:themeElements/a:clrScheme", NS)
        out: dict[str, str] = {}
        for slot in scheme if scheme is not None else []:
            if len(slot):
                c = slot[0]
                val = c.get("val") or c.get("lastClr") or ""
                out[slot.tag.rsplit("}", 1)[-1]] = val.lower()
        return out


def _identity(el: ET._Element) -> tuple[str, str]:
    """The shape's name and placeholder type ("" where it is none), from its non-visual
    properties (the first child: cNvPr, its locks, then nvPr)."""
    name, kind = "", ""
    nv = el[0] if len(el) else None
    for part in nv if nv is not None else ():
        if part.tag == P_CNVPR:
            name = part.get("name", "")
        elif part.tag == P_NVPR:
            for ph in part:
                if ph.tag == P_PH:
                    kind = ph.get("type", "body")
    return name, kind


@dataclass(frozen=True)
class Transform:
    """A group's child coordinates to the slide's: scale, then offset (EMU)."""

    sx: float = 1.0
    sy: float = 1.0
    dx: float = 0.0
    dy: float = 0.0

    def apply(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        x, y, w, h = box
        return (
            round(x * self.sx + self.dx),
            round(y * self.sy + self.dy),
            round(w * self.sx),
            round(h * self.sy),
        )

    def then(self, inner: Transform) -> Transform:
        """``inner`` (child space to this group's space) followed by this transform."""
        return Transform(
            inner.sx * self.sx,
            inner.sy * self.sy,
            inner.dx * self.sx + self.dx,
            inner.dy * self.sy + self.dy,
        )


_IDENTITY = Transform()


def _child_space(group: ET.Element) -> Transform:
    xfrm = group.find("p:grpSpPr/a:xfrm", NS)
    if xfrm is None:
        return _IDENTITY
    parts = [xfrm.find(f"a:{t}", NS) for t in ("off", "ext", "chOff", "chExt")]
    if any(p is None for p in parts):
        return _IDENTITY
    off, ext, ch_off, ch_ext = (p for p in parts if p is not None)
    sx = int(ext.get("cx", 0)) / max(int(ch_ext.get("cx", 0)), 1)
    sy = int(ext.get("cy", 0)) / max(int(ch_ext.get("cy", 0)), 1)
    if not int(ch_ext.get("cx", 0)):
        sx = 1.0
    if not int(ch_ext.get("cy", 0)):
        sy = 1.0
    dx = int(off.get("x", 0)) - int(ch_off.get("x", 0)) * sx
    dy = int(off.get("y", 0)) - int(ch_off.get("y", 0)) * sy
    return Transform(sx, sy, dx, dy)


def _box(el: ET.Element) -> tuple[int, int, int, int] | None:
    xfrm = el.find("p:spPr/a:xfrm", NS)
    if xfrm is None:
        xfrm = el.find("p:grpSpPr/a:xfrm", NS)
    if xfrm is None:
        xfrm = el.find("p:xfrm", NS)
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is None or ext is None:
        return None
    return (
        int(off.get("x", 0)),
        int(off.get("y", 0)),
        int(ext.get("cx", 0)),
        int(ext.get("cy", 0)),
    )
