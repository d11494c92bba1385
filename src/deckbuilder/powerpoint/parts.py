"""The parts around the slides, as XML: presentation.xml (which lists the masters and slides),
its presentation, view and table-style properties, and the document properties (core.xml,
app.xml) describing this deck."""

from __future__ import annotations

from deckbuilder.powerpoint.markup import NSDECL, document, emu, escape, text_levels

MASTER_ID = 2147483648  # the slide master's id; its layouts' ids follow it
FIRST_SLIDE_ID = 256
NOTES_SIZE = (6858000, 9144000)  # a portrait letter-size notes page, in EMU


def presentation_xml(
    master_rid: str,
    notes_master_rid: str,
    slide_rids: list[str],
    size: tuple[float, float],
    fonts: str = "",
) -> bytes:
    """The presentation: its master, notes master and slides (ids from 256), 16:9 ``size`` (pt)
    with no ``type`` (a named type would claim a size of its own), and ``fonts``, the
    ``p:embeddedFontLst`` of the faces it carries (whole faces: PowerPoint is not told to cut
    them to a subset when it saves the file again)."""
    notes = (
        f'<p:notesMasterIdLst><p:notesMasterId r:id="{notes_master_rid}"/></p:notesMasterIdLst>'
        if notes_master_rid
        else ""
    )
    slides = "".join(
        f'<p:sldId id="{FIRST_SLIDE_ID + i}" r:id="{rid}"/>' for i, rid in enumerate(slide_rids)
    )
    width, height = size
    embedding = 'embedTrueTypeFonts="1"' if fonts else 'saveSubsetFonts="1"'
    return document(
        f'<p:presentation {NSDECL} {embedding} autoCompressPictures="0">'
        f'<p:sldMasterIdLst><p:sldMasterId id="{MASTER_ID}" r:id="{master_rid}"/>'
        f"</p:sldMasterIdLst>{notes}<p:sldIdLst>{slides}</p:sldIdLst>"
        f'<p:sldSz cx="{emu(width)}" cy="{emu(height)}"/>'
        f'<p:notesSz cx="{NOTES_SIZE[0]}" cy="{NOTES_SIZE[1]}"/>{fonts}<p:defaultTextStyle>'
        f'<a:defPPr><a:defRPr lang="en-US"/></a:defPPr>{text_levels(1800)}</p:defaultTextStyle>'
        "</p:presentation>"
    )


_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
PRES_PROPS = document(
    f'<p:presentationPr {NSDECL}><p:extLst><p:ext uri="{{E76CE94A-603C-4142-B9EB-6D1370010A27}}">'
    f'<p14:discardImageEditData xmlns:p14="{_P14}" val="0"/></p:ext>'
    '<p:ext uri="{D31A062A-798A-4329-ABDD-BBA856620510}">'
    f'<p14:defaultImageDpi xmlns:p14="{_P14}" val="0"/></p:ext></p:extLst></p:presentationPr>'
)
VIEW_PROPS = document(
    f'<p:viewPr {NSDECL} lastView="sldThumbnailView"><p:normalViewPr>'
    '<p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr>'
    '<p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'
)
TABLE_STYLES = document(  # PowerPoint's default table style ("Medium Style 2 - Accent 1")
    '<a:tblStyleLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'def="{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"/>'
)

_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def core_xml(title: str, subject: str, author: str, language: str, stamp: str) -> bytes:
    """docProps/core.xml. ``stamp`` is a W3CDTF date and time (``2025-09-05T00:00:00Z``) for
    created, modified and last printed; keywords, description, category, content status,
    identifier and version are written empty, so nothing a template said survives."""
    when = f'xsi:type="dcterms:W3CDTF">{stamp}'
    return document(
        f'<cp:coreProperties xmlns:cp="{_CP}" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        f"<dc:creator>{escape(author)}</dc:creator><cp:keywords></cp:keywords>"
        f"<dc:description></dc:description><cp:lastModifiedBy>{escape(author)}"
        "</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f"<dcterms:created {when}</dcterms:created><dcterms:modified {when}</dcterms:modified>"
        f"<cp:category></cp:category><dc:language>{escape(language)}</dc:language>"
        f"<cp:lastPrinted>{stamp}</cp:lastPrinted><cp:contentStatus></cp:contentStatus>"
        "<dc:identifier></dc:identifier><cp:version></cp:version></cp:coreProperties>"
    )


def app_xml(titles: list[str], notes: int, company: str, theme_name: str) -> bytes:
    """docProps/app.xml describing this deck: its slides' titles, notes and theme."""
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    parts = "".join(f"<vt:lpstr>{escape(t)}</vt:lpstr>" for t in [theme_name, *titles])
    return document(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'extended-properties" xmlns:vt="{vt}"><TotalTime>0</TotalTime>'
        "<Application>deckbuilder</Application><PresentationFormat>ワイド画面 (16:9)"
        f"</PresentationFormat><Slides>{len(titles)}</Slides><Notes>{notes}</Notes>"
        "<HiddenSlides>0</HiddenSlides><ScaleCrop>false</ScaleCrop><HeadingPairs>"
        '<vt:vector size="4" baseType="variant"><vt:variant><vt:lpstr>テーマ</vt:lpstr>'
        "</vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant><vt:variant><vt:lpstr>"
        f"スライド タイトル</vt:lpstr></vt:variant><vt:variant><vt:i4>{len(titles)}</vt:i4>"
        f'</vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="'
        f'{len(titles) + 1}" baseType="lpstr">{parts}</vt:vector></TitlesOfParts>'
        f"<Company>{escape(company)}</Company><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>16.0000</AppVersion></Properties>"
    )
