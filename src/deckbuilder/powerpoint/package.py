"""The OPC package under the PPTX: parts, their relationships, the content types and the zip.

A part is a name (``/ppt/slides/slide1.xml``), a content type and its bytes; its relationships
are kept in the order they were made and numbered ``rId1``, ``rId2``, …; relating the same target
again returns the rId it already has, so a slide whose relate calls are replayed gets the same
rIds. The zip has one fixed timestamp and the same order every time (``[Content_Types].xml``,
``_rels/.rels``, then each part followed by its relationships): same parts, same bytes.
Nothing here knows PresentationML; ``render_pptx`` decides what the parts hold.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from deckbuilder.memo import Memo
from deckbuilder.powerpoint.markup import DECLARATION, attr

_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
_PML = "application/vnd.openxmlformats-officedocument.presentationml."


class RT:
    """Relationship types."""

    OFFICE_DOCUMENT = _OD + "officeDocument"
    CORE_PROPERTIES = _PKG + "core-properties"
    EXTENDED_PROPERTIES = _OD + "extended-properties"
    THUMBNAIL = _PKG + "thumbnail"
    SLIDE_MASTER = _OD + "slideMaster"
    SLIDE_LAYOUT = _OD + "slideLayout"
    SLIDE = _OD + "slide"
    NOTES_MASTER = _OD + "notesMaster"
    NOTES_SLIDE = _OD + "notesSlide"
    THEME = _OD + "theme"
    PRES_PROPS = _OD + "presProps"
    VIEW_PROPS = _OD + "viewProps"
    TABLE_STYLES = _OD + "tableStyles"
    IMAGE = _OD + "image"
    HYPERLINK = _OD + "hyperlink"
    FONT = _OD + "font"


class CT:
    """Content types."""

    PRESENTATION = _PML + "presentation.main+xml"
    SLIDE_MASTER = _PML + "slideMaster+xml"
    SLIDE_LAYOUT = _PML + "slideLayout+xml"
    SLIDE = _PML + "slide+xml"
    NOTES_MASTER = _PML + "notesMaster+xml"
    NOTES_SLIDE = _PML + "notesSlide+xml"
    PRES_PROPS = _PML + "presProps+xml"
    VIEW_PROPS = _PML + "viewProps+xml"
    TABLE_STYLES = _PML + "tableStyles+xml"
    THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
    CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
    EXTENDED_PROPERTIES = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
    XML = "application/xml"
    PNG = "image/png"
    JPEG = "image/jpeg"
    SVG = "image/svg+xml"
    FONT_DATA = "application/x-fontdata"  # an Embedded OpenType face (.fntdata)


_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
Stamp = tuple[int, int, int, int, int, int]  # a zip entry's date and time


class Rel(NamedTuple):
    reltype: str
    target: str  # a part's name ("/ppt/media/chart1.png") or, external, a URL
    external: bool = False


@dataclass(eq=False)
class Part:
    name: str
    content_type: str
    blob: bytes = b""
    rels: dict[Rel, str] = field(default_factory=dict)  # relationship -> its rId, in order
    deflated: bytes = b""  # ``blob`` already raw-deflated (a large part kept between builds)


@dataclass(eq=False)
class Package:
    """The parts, and the package's own relationships (its name is "/")."""

    name: str = "/"
    rels: dict[Rel, str] = field(default_factory=dict)
    parts: dict[str, Part] = field(default_factory=dict)  # by name, in the zip's order
    _media: dict[tuple[str, str], Part] = field(default_factory=dict)  # (type, sha1) -> part
    _numbers: dict[str, int] = field(default_factory=dict)  # name stem -> last number used

    def add(self, name: str, content_type: str, blob: bytes = b"") -> Part:
        """A new part; its bytes may be set later, until the package is written."""
        if name in self.parts:
            raise ValueError(f"{name} is already in the package")
        part = self.parts[name] = Part(name, content_type, blob)
        return part

    def media(self, stem: str, ext: str, content_type: str, blob: bytes) -> Part:
        """The part holding ``blob``, added as ``{stem}{N}.{ext}`` (N counted per stem) unless a
        part of this type already holds the same bytes: an image used twice is stored once."""
        key = (content_type, hashlib.sha1(blob).hexdigest())
        found = self._media.get(key)
        if found is not None:
            return found
        n = self._numbers[stem] = self._numbers.get(stem, 0) + 1
        part = self._media[key] = self.add(f"{stem}{n}.{ext}", content_type, blob)
        return part

    def zip_bytes(self, stamp: Stamp) -> bytes:
        """The package as a zip whose every entry has the timestamp ``stamp``."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, blob, deflated in self._entries():
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                info.create_system = 0
                if not deflated and len(blob) >= KEEP_DEFLATED:
                    deflated = _deflated(blob)
                if deflated:
                    _write_deflated(z, info, blob, deflated)
                else:
                    z.writestr(info, blob)
        return out.getvalue()

    def _check(self) -> None:
        """Every relationship's target is a part of the package; every part has its bytes."""
        sources: list[Part | Package] = [self, *self.parts.values()]
        for source in sources:
            for rel in source.rels:
                if not rel.external and rel.target not in self.parts:
                    raise ValueError(f"{source.name} relates {rel.target}, not in the package")
        for part in self.parts.values():
            if not part.blob:
                raise ValueError(f"{part.name} was never written")

    def _entries(self) -> list[tuple[str, bytes, bytes]]:
        self._check()
        out = [("[Content_Types].xml", content_types(self.parts.values()), b"")]
        out.append((rels_name(self)[1:], rels_xml(self), b""))
        for part in self.parts.values():
            out.append((part.name[1:], part.blob, part.deflated))
            if part.rels:
                out.append((rels_name(part)[1:], rels_xml(part), b""))
        return out


# Parts at least this long are deflated through a memo (smaller ones cost less to deflate
# than to look up): a rebuild deflates only the parts that changed, not 1.7 MB of XML (0.02 s).
KEEP_DEFLATED = 1024
_DEFLATED: Memo[bytes] = Memo(4096, disk="zipparts")


def _deflated(blob: bytes) -> bytes:
    """``blob`` raw-deflated exactly as zipfile deflates an entry (zlib's default level, one
    ``compress`` and a ``flush``), kept by the blob's digest."""
    return _DEFLATED.get(hashlib.sha1(blob).hexdigest(), lambda: _deflate(blob))


def _deflate(blob: bytes) -> bytes:
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return packer.compress(blob) + packer.flush()


class _Ready:
    """A compressor whose output is already made: the entry's deflated bytes, once."""

    def __init__(self, deflated: bytes):
        self.left = deflated

    def compress(self, _data: bytes) -> bytes:
        out, self.left = self.left, b""
        return out

    def flush(self) -> bytes:
        return b""


def _write_deflated(
    z: zipfile.ZipFile, info: zipfile.ZipInfo, blob: bytes, deflated: bytes
) -> None:
    """``blob`` as an entry whose deflated bytes were made before (zipfile still computes the
    CRC and sizes from ``blob``). zipfile has no public way to take them, so the entry writer's
    compressor is swapped for one that returns them; where that attribute is missing the bytes
    are compressed again (the same entry, slower)."""
    with z.open(info, "w") as dest:
        if hasattr(dest, "_compressor"):
            dest._compressor = _Ready(deflated)
        dest.write(blob)


def relate(source: Part | Package, target: Part | str, reltype: str, external: bool = False) -> str:
    """The rId of ``source``'s relationship to ``target`` (a part, or a URL when ``external``);
    made as the next rId unless the same relationship is already there."""
    rel = Rel(reltype, target if isinstance(target, str) else target.name, external)
    rid = source.rels.get(rel)
    if rid is None:
        rid = source.rels[rel] = f"rId{len(source.rels) + 1}"
    return rid


def rels_name(source: Part | Package) -> str:
    """Where ``source``'s relationships go: ``/ppt/slides/slide1.xml`` ->
    ``/ppt/slides/_rels/slide1.xml.rels``; the package ("/") -> ``/_rels/.rels``."""
    folder, base = posixpath.split(source.name)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def rels_xml(source: Part | Package) -> bytes:
    folder = posixpath.dirname(source.name)
    items = []
    for rel, rid in source.rels.items():
        if rel.external:
            target, mode = rel.target, ' TargetMode="External"'
        else:
            target, mode = relative(rel.target, folder), ""
        items.append(
            f'<Relationship Id="{rid}" Type="{rel.reltype}" Target="{attr(target)}"{mode}/>'
        )
    return (
        f'{DECLARATION}<Relationships xmlns="{_RELS_NS}">{"".join(items)}</Relationships>'.encode()
    )


def relative(target: str, folder: str) -> str:
    """``target`` (a part name) from ``folder``: "/ppt/slideLayouts/slideLayout2.xml" from
    "/ppt/slides" is "../slideLayouts/slideLayout2.xml" (posixpath.relpath, without its cost)."""
    to = target.split("/")[1:]
    here = [p for p in folder.split("/") if p]
    common = 0
    while common < min(len(to) - 1, len(here)) and to[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:])


def content_types(parts: Iterable[Part]) -> bytes:
    """Defaults by extension (relationships, XML, each media type used) and an Override for
    every part the Defaults do not describe (every XML part)."""
    listed = list(parts)
    defaults = {"rels": CT.RELATIONSHIPS, "xml": CT.XML}
    for part in listed:
        defaults.setdefault(part.name.rpartition(".")[2].lower(), part.content_type)
    items = [
        f'<Default Extension="{ext}" ContentType="{ct}"/>' for ext, ct in sorted(defaults.items())
    ]
    items += [
        f'<Override PartName="{attr(p.name)}" ContentType="{p.content_type}"/>'
        for p in listed
        if defaults.get(p.name.rpartition(".")[2].lower()) != p.content_type
    ]
    return f'{DECLARATION}<Types xmlns="{_CT_NS}">{"".join(items)}</Types>'.encode()
