"""One tagged PDF from the slides' pages: structure tree, bookmarks, links and metadata.

Each page arrives as a one-page PDF drawn by matplotlib with marked content (``draw_mpl``); this
module joins them with pikepdf (qpdf) and adds what makes the file a document (PDF/UA-1,
ISO 14289-1): the StructTreeRoot and its ParentTree, /StructParents and /Tabs /S on every page,
/MarkInfo, /Lang, XMP metadata with dc:title and pdfuaid:part, one bookmark per slide nested
under its section, and each printed URL as a Link annotation with its Link element.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

from deckbuilder.memo import Memo
from deckbuilder.pdf.fonts import RESOURCE, deflated, embed, units_of
from deckbuilder.pdf.marked_content import CLOSE, OPEN_ARTIFACT, open_figure, plan
from deckbuilder.pdf.page import PageContent
from deckbuilder.pdf.pictures import pdf_picture
from deckbuilder.pdf.struct import Tag, slide_tags
from deckbuilder.pictures.chart_files import ChartFiles
from deckbuilder.scene import ChartBox, Picture, SlideScene, TextBox
from deckbuilder.text.fonts import FontSet
from deckbuilder.version import __version__
from deckbuilder.xmltext import escape

# The file is written by deckbuilder through pikepdf (qpdf); matplotlib draws only the charts.
PRODUCER = f"deckbuilder {__version__} (pikepdf {pikepdf.__version__})"
# Slides that stand outside any section in the bookmarks.
UNSECTIONED = ("cover", "contents", "closing", "back-cover")


@dataclass(frozen=True)
class DocMeta:
    title: str
    author: str
    subject: str
    language: str
    date: str  # ISO date and time (UTC)
    producer: str = field(default_factory=lambda: PRODUCER)


class Document:
    """Pages are added in order; ``finish`` adds the structure and writes the file."""

    def __init__(
        self,
        scenes: list[SlideScene],
        fonts: FontSet,
        meta: DocMeta,
        charts: Callable[[ChartBox], ChartFiles],
        tagged: bool = True,
    ):
        self.scenes, self.fonts, self.meta, self.charts = scenes, fonts, meta, charts
        self.tagged = tagged
        self.pdf = pikepdf.new()
        self.sources: list[pikepdf.Pdf] = []  # qpdf copies stream data lazily: keep them open
        self.fonts_embedded: dict[bool, pikepdf.Object] = {}
        # Each chart's form is put on its page when the file is written: until then nothing
        # here waits for the worker drawing the charts.
        self.forms: list[tuple[pikepdf.Page, str, ChartBox]] = []

    def add(self, content: PageContent) -> None:
        scene = self.scenes[len(self.pdf.pages)]
        page_dict = Dictionary(
            Type=Name.Page,
            MediaBox=Array([0, 0, _num(scene.width), _num(scene.height)]),
            Resources=Dictionary(Font=Dictionary(), XObject=Dictionary()),
            Contents=deflated(self.pdf, content.ops),
        )
        page = pikepdf.Page(self.pdf.make_indirect(page_dict))
        self.pdf.pages.append(page)
        page = self.pdf.pages[-1]
        for bold, font in self.shared_fonts().items():
            page.obj.Resources.Font[Name(RESOURCE[bold])] = font
        self.forms += [(page, name, box) for name, box in content.charts]
        _paint_pictures(self.pdf, page, scene, self.tagged)

    def chart_form(self, box: ChartBox) -> pikepdf.Object:
        """The chart's one-page PDF, drawn by matplotlib, as a Form XObject of this file."""
        src = pikepdf.open(io.BytesIO(self.charts(box).pdf))
        self.sources.append(src)
        return self.pdf.copy_foreign(src.pages[0].as_form_xobject())

    def shared_fonts(self) -> dict[bool, pikepdf.Object]:
        """Each face embedded once, covering every run of every slide."""
        if not self.fonts_embedded:
            for bold in (False, True):
                units: dict[str, None] = {}  # in the order the slides first use them
                for scene in self.scenes:
                    key = (scene.digest, bold)
                    units.update(_SCENE_UNITS.get(key, partial(_scene_units, scene, bold)))
                self.fonts_embedded[bold] = embed(self.pdf, self.fonts.face(bold), units)
        return self.fonts_embedded

    def prepare(self) -> None:
        """All but the charts: the structure tree, bookmarks and metadata."""
        pdf = self.pdf
        if self.tagged:
            _structure(pdf, self.scenes, self.fonts, self.meta.language)
            _outline(pdf, self.scenes)
        _metadata(pdf, self.meta)

    def finish(self) -> bytes:
        """The charts' forms (waiting for their drawings), then the file."""
        pdf = self.pdf
        for page, name, box in self.forms:
            page.obj.Resources.XObject[Name(name)] = self.chart_form(box)
        buf = io.BytesIO()
        pdf.save(
            buf,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
        )
        for src in self.sources:
            src.close()
        return buf.getvalue()


# Cache: a slide's characters in one weight by (scene digest, bold), so a watch's rebuild scans
# only the slides that changed.
_SCENE_UNITS: Memo[dict[str, None]] = Memo(2048)


def _scene_units(scene: SlideScene, bold: bool) -> dict[str, None]:
    return units_of(
        run.text
        for el in scene.elements
        if isinstance(el, TextBox)
        for line in el.lines
        for run in line.runs
        if run.bold == bold
    )


def _paint_pictures(
    pdf: pikepdf.Pdf, page: pikepdf.Page, scene: SlideScene, tagged: bool = True
) -> None:
    """The slide's pictures, painted over what matplotlib drew, each in marked content: a
    Figure span with the MCID the structure tree gives it, or an artifact when decorative.

    Pictures go in here, not through matplotlib, so a JPEG stays its own DCT stream and an SVG
    stays vector paths."""
    mcids = plan(scene)
    ops = []
    for i, el in enumerate(scene.elements):
        if not isinstance(el, Picture):
            continue
        name, xobj, paint = pdf_picture(pdf, el, scene.height)
        page.add_resource(xobj, Name.XObject, name, replace_existing=True)
        mcid = mcids.pictures.get(i)
        if tagged:
            ops += [OPEN_ARTIFACT if mcid is None else open_figure(mcid), paint, CLOSE]
        else:
            ops.append(paint)
    if ops:
        page.contents_add(pdf.make_stream(b"\n".join(ops)), prepend=False)


# Cache: a slide's structure tree by (scene digest, the faces' hashes).
_TAGS: Memo[Tag] = Memo(1024, disk="tags")


def _tags(scene: SlideScene, fonts: FontSet) -> Tag:
    return slide_tags(scene, plan(scene), fonts)


def _structure(pdf: pikepdf.Pdf, scenes: list[SlideScene], fonts: FontSet, lang: str) -> None:
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    writer = _TreeWriter(pdf)
    sections = []
    for number, (scene, page) in enumerate(zip(scenes, pdf.pages, strict=True)):
        page.obj.StructParents = number
        page.obj.Tabs = Name.S
        writer.begin_page(page, scene.height)
        key = (scene.digest, fonts.regular.digest, fonts.bold.digest)
        tags = _TAGS.get(key, partial(_tags, scene, fonts))
        sections.append(writer.element(tags, document))
        writer.end_page(number)
    document.K = Array(sections)
    root.K = document
    nums = Array()
    for number_key, value in sorted(writer.parents.items()):
        nums.append(number_key)
        nums.append(value)
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = writer.next_key
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(lang)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.PageMode = Name.UseOutlines


class _TreeWriter:
    """Writes Tags as StructElem dictionaries and keeps the ParentTree's entries."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.parents: dict[int, pikepdf.Object] = {}
        self.next_key = len(pdf.pages)  # annotations' keys follow the pages'
        self.page: pikepdf.Page | None = None
        self.height = 0.0
        self.by_mcid: dict[int, pikepdf.Object] = {}

    def begin_page(self, page: pikepdf.Page, height: float) -> None:
        self.page, self.height, self.by_mcid = page, height, {}

    def end_page(self, number: int) -> None:
        count = max(self.by_mcid, default=-1) + 1
        self.parents[number] = self.pdf.make_indirect(
            Array([self.by_mcid.get(i, pikepdf.Object.parse(b"null")) for i in range(count)])
        )

    def element(self, tag: Tag, parent: pikepdf.Object) -> pikepdf.Object:
        assert self.page is not None
        elem = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + tag.type), P=parent, Pg=self.page.obj)
        )
        if tag.title:
            elem.T = String(tag.title)
        if tag.alt:
            elem.Alt = String(tag.alt)
        if tag.lang:
            elem.Lang = String(tag.lang)
        attrs = self.attributes(tag)
        if attrs is not None:
            elem.A = attrs
        kids = Array()
        for kid in tag.kids:
            if isinstance(kid, int):
                self.by_mcid[kid] = elem
                kids.append(kid)
            else:
                kids.append(self.element(kid, elem))
        for rect in tag.rects:
            kids.append(self.link_annotation(tag, rect, elem))
        elem.K = kids
        return elem

    def attributes(self, tag: Tag) -> Dictionary | None:
        if tag.bbox is not None:
            x, y, w, h = tag.bbox
            box = [x, self.height - y - h, x + w, self.height - y]
            return Dictionary(O=Name.Layout, Placement=Name.Block, BBox=_numbers(box))
        if tag.type == "L":
            return Dictionary(
                O=Name.List, ListNumbering=Name("/" + str(tag.attrs["ListNumbering"]))
            )
        if tag.type == "TH":
            return Dictionary(O=Name.Table, Scope=Name("/" + tag.attrs["Scope"]))
        return None

    def link_annotation(
        self, tag: Tag, rect: tuple[float, float, float, float], elem: pikepdf.Object
    ) -> Dictionary:
        """A Link annotation over one line's part of a URL, and the OBJR tying it to ``elem``."""
        assert self.page is not None
        x, y, w, h = rect
        annot = self.pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.Link,
                Rect=_numbers([x, self.height - y - h, x + w, self.height - y]),
                Border=Array([0, 0, 0]),
                F=4,
                Contents=String(f"リンク：{tag.link}"),
                A=Dictionary(S=Name.URI, URI=String(tag.link)),
                StructParent=self.next_key,
            )
        )
        self.parents[self.next_key] = elem
        self.next_key += 1
        if Name.Annots not in self.page.obj:
            self.page.obj.Annots = Array()
        self.page.obj.Annots.append(annot)
        return Dictionary(Type=Name.OBJR, Obj=annot, Pg=self.page.obj)


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(v, 3)


def _numbers(values: list[float]) -> Array:
    return Array([round(v, 2) for v in values])


def _outline(pdf: pikepdf.Pdf, scenes: list[SlideScene]) -> None:
    """One bookmark per slide; the slides of a section nest under the section's slide."""
    with pdf.open_outline() as outline:
        section: OutlineItem | None = None
        for i, scene in enumerate(scenes):
            item = OutlineItem(scene.heading_line(), i)
            if scene.kind == "section":
                section = item
                outline.root.append(item)
            elif section is not None and scene.kind not in UNSECTIONED:
                section.children.append(item)
            else:
                section = None if scene.kind in UNSECTIONED and section else section
                outline.root.append(item)


def _metadata(pdf: pikepdf.Pdf, meta: DocMeta) -> None:
    stamp = "D:" + meta.date.replace("-", "").replace("T", "").replace(":", "") + "Z"
    pdf.docinfo = pdf.make_indirect(
        Dictionary(
            Title=String(meta.title),
            Author=String(meta.author),
            Subject=String(meta.subject),
            Creator=String("deckbuilder"),
            Producer=String(meta.producer),
            CreationDate=String(stamp),
            ModDate=String(stamp),
        )
    )
    stream = pdf.make_stream(xmp(meta).encode("utf-8"))
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    pdf.Root.Metadata = stream


def xmp(meta: DocMeta) -> str:
    """The XMP packet: what the Info dictionary says, plus the PDF/UA identification."""
    e = escape
    date = meta.date + "Z"
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.title)}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{e(meta.author)}</rdf:li></rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(meta.subject)}</rdf:li></rdf:Alt>
</dc:description>
<dc:language><rdf:Bag><rdf:li>{e(meta.language)}</rdf:li></rdf:Bag></dc:language>
<dc:format>application/pdf</dc:format>
<pdf:Producer>{e(meta.producer)}</pdf:Producer>
<xmp:CreatorTool>deckbuilder</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
