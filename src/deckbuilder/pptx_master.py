"""The slide master, its layouts and the theme, generated from the layout set.

One PowerPoint layout per layout of the set, with the set's names, chrome (the layout's
``shapes:``) and placeholders at the slots' geometry, so "New Slide" offers the ministry's
layouts. The theme's colour scheme names the set's tokens (accent1 = the key colour) and its
fonts the set's family; slides then refer to theme colours through ``Colors``.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.parts.slide import SlideLayoutPart, SlideMasterPart

from . import pptx_xml as x
from .theme import Layout, Slot, TextStyle, Theme

A = "{" + x.A_NS + "}"
# Theme colour slot <- the token that fills it (first token the set defines), and the value a
# slide writes for it (through the master's colour map: tx1 = dk1, bg1 = lt1, …).
SCHEME: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("dk1", ("text",), "tx1"),
    ("lt1", ("white",), "bg1"),
    ("dk2", ("strong",), "tx2"),
    ("lt2", ("tint",), "bg2"),
    ("accent1", ("key",), "accent1"),
    ("accent2", ("secondary",), "accent2"),
    ("accent3", ("tint-200", "tint-strong"), "accent3"),
    ("accent4", ("sub",), "accent4"),
    ("accent5", ("rule",), "accent5"),
    ("accent6", ("alert",), "accent6"),
    ("hlink", ("secondary", "key"), ""),
    ("folHlink", ("key-dark", "key"), ""),
)
_FALLBACK = {"dk1": "#000000", "lt1": "#FFFFFF", "dk2": "#1A1A1A", "lt2": "#F2F2F2"}
SLIDE_NUMBER_GUID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
PAGE_IDX = 12  # the sldNum placeholder's idx, shared by master, layouts and slides


@dataclass
class Master:
    layouts: dict[str, SlideLayoutPart]  # by the set's layout name
    colors: x.Colors


def scheme_colors(theme: Theme) -> dict[str, str]:
    """Theme slot -> "#RRGGBB" from the set's tokens."""
    out = {}
    for slot, tokens, _ in SCHEME:
        hex_ = next((theme.colors[t] for t in tokens if t in theme.colors), None)
        out[slot] = (hex_ or _FALLBACK.get(slot) or theme.colors.get("key", "#0017C1")).upper()
    return out


def slide_colors(theme: Theme) -> x.Colors:
    """ "#RRGGBB" -> the scheme value a slide writes; the first slot holding a colour wins."""
    by_slot = scheme_colors(theme)
    out: dict[str, str] = {}
    for slot, _, val in SCHEME:
        if val:
            out.setdefault(by_slot[slot], val)
    return x.Colors(out)


def install(prs_part: object, theme: Theme, family: str) -> Master:
    """Replace python-pptx's stock 4:3 master, layouts and theme with the set's."""
    part = prs_part  # PresentationPart
    master: SlideMasterPart = part.part_related_by(RT.SLIDE_MASTER)  # type: ignore[attr-defined]
    for rid, rel in list(master.rels.items()):
        if rel.reltype == RT.SLIDE_LAYOUT:
            master.drop_rel(rid)
    colors = slide_colors(theme)
    theme_part = master.part_related_by(RT.THEME)
    theme_part._blob = theme_xml(theme_part.blob, theme, family)
    layouts: dict[str, SlideLayoutPart] = {}
    ids = []
    for n, lay in enumerate(theme.layouts.values(), start=1):
        el = parse_xml(layout_xml(lay, theme, colors))
        lp = SlideLayoutPart(
            PackURI(f"/ppt/slideLayouts/slideLayout{n}.xml"),
            CT.PML_SLIDE_LAYOUT,
            master.package,
            el,
        )
        lp.relate_to(master, RT.SLIDE_MASTER)
        ids.append(master.relate_to(lp, RT.SLIDE_LAYOUT))
        layouts[lay.name] = lp
    master._element = parse_xml(master_xml(theme, colors, ids))
    return Master(layouts, colors)


def theme_xml(stock: bytes, theme: Theme, family: str) -> bytes:
    """The stock theme's format scheme with the set's name, colours and fonts."""
    root = etree.fromstring(stock)
    root.set("name", theme.name)
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    assert scheme is not None
    scheme.set("name", theme.name)
    for child in list(scheme):
        scheme.remove(child)
    for slot, hex_ in scheme_colors(theme).items():
        el = etree.SubElement(scheme, f"{A}{slot}")
        etree.SubElement(el, f"{A}srgbClr").set("val", hex_.lstrip("#"))
    fonts = root.find(f"{A}themeElements/{A}fontScheme")
    assert fonts is not None
    fonts.set("name", theme.name)
    for tag in ("majorFont", "minorFont"):
        font = fonts.find(f"{A}{tag}")
        assert font is not None
        for child in list(font):
            font.remove(child)
        for script in ("latin", "ea", "cs"):
            etree.SubElement(font, f"{A}{script}").set("typeface", family)
        jpan = etree.SubElement(font, f"{A}font")
        jpan.set("script", "Jpan")
        jpan.set("typeface", family)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _def_rpr(style: TextStyle, colors: x.Colors, major: bool, color: str = "") -> str:
    face = "+mj" if major else "+mn"
    return (
        f'<a:defRPr lang="ja-JP" sz="{round(style.size * 100)}" b="{int(style.bold)}" '
        f'kern="0"><a:solidFill>{colors.clr(color or style.color)}</a:solidFill>'
        f'<a:latin typeface="{face}-lt"/><a:ea typeface="{face}-ea"/>'
        f'<a:cs typeface="{face}-cs"/></a:defRPr>'
    )


def _level(
    style: TextStyle, colors: x.Colors, major: bool, color: str = "", align: str = ""
) -> str:
    algn = {"left": "l", "center": "ctr", "right": "r"}.get(align or style.align, "l")
    return (
        f'<a:lvl1pPr marL="0" indent="0" algn="{algn}"><a:lnSpc><a:spcPct val="'
        f'{round(style.line_height * 100000)}"/></a:lnSpc><a:spcBef><a:spcPts val="0"/>'
        f"</a:spcBef><a:buNone/>{_def_rpr(style, colors, major, color)}</a:lvl1pPr>"
    )


def _slot_box(slot: Slot) -> x.Box:
    return (x.emu(slot.x), x.emu(slot.y), x.emu(slot.w), x.emu(slot.h))


def _placeholder(
    sid: int, slot: Slot, ph: str, name: str, theme: Theme, colors: x.Colors, prompt: str
) -> str:
    style = theme.styles.get(slot.style) or theme.style("body")
    lst = f"<a:lstStyle>{_level(style, colors, ph == 'title', slot.color, slot.align)}</a:lstStyle>"
    if "sldNum" in ph:
        rpr = '<a:rPr lang="ja-JP"/>'
        content = x.field(rpr, "‹#›", "slidenum", SLIDE_NUMBER_GUID)
    else:
        content = f'<a:r><a:rPr lang="ja-JP"/><a:t>{x.attr(prompt)}</a:t></a:r>'
    body = (
        '<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" '
        f'anchor="t"><a:normAutofit/></a:bodyPr>{lst}<a:p>{content}</a:p></p:txBody>'
    )
    return x.sp(x.c_nv_pr(sid, name), _slot_box(slot), "", body=body, ph=ph, fill="", line="")


def placeholders(lay: Layout, theme: Theme, colors: x.Colors, first_id: int) -> list[str]:
    """Title, body, the other text slots as body placeholders, and the slide number field."""
    out = []
    sid = first_id
    idx = 13
    for name, slot in lay.slots.items():
        if name == "title":
            ph, label, prompt = '<p:ph type="title"/>', "Title", "タイトルを入力"
        elif name == "page":
            ph = f'<p:ph type="sldNum" sz="quarter" idx="{PAGE_IDX}"/>'
            label, prompt = "Slide Number", ""
        elif name == "body":
            ph, label, prompt = '<p:ph type="body" idx="1"/>', "Body", "テキストを入力"
        elif slot.style:
            ph = f'<p:ph type="body" sz="quarter" idx="{idx}"/>'
            label, prompt = name.replace("_", " ").capitalize(), name
            idx += 1
        else:
            continue
        out.append(_placeholder(sid, slot, ph, label, theme, colors, prompt))
        sid += 1
    return out


def chrome(lay: Layout, colors: x.Colors, first_id: int) -> list[str]:
    """The layout's own shapes (top bar, accents): on the layout, never repeated on slides."""
    return [
        x.sp(
            x.c_nv_pr(first_id + i, f"Accent {i + 1}", decorative=True),
            (x.emu(s.x), x.emu(s.y), x.emu(s.w), x.emu(s.h)),
            x.preset("rect"),
            colors.fill(s.fill),
        )
        for i, s in enumerate(lay.shapes)
    ]


def _background(hex_: str, colors: x.Colors) -> str:
    return f"<p:bg><p:bgPr>{colors.fill(hex_)}<a:effectLst/></p:bgPr></p:bg>"


_TREE_HEAD = (
    '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
    '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
)


def layout_xml(lay: Layout, theme: Theme, colors: x.Colors) -> str:
    shapes = chrome(lay, colors, 2)
    shapes += placeholders(lay, theme, colors, 2 + len(shapes))
    return (
        f'<p:sldLayout {x.NSDECL} preserve="1" userDrawn="1"><p:cSld name="{x.attr(lay.name)}">'
        f"{_background(lay.background, colors)}{_TREE_HEAD}{''.join(shapes)}</p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )


def master_xml(theme: Theme, colors: x.Colors, layout_rids: list[str]) -> str:
    """The master: white background, the content layout's title, body and page slots."""
    base = next(
        (lay for lay in theme.layouts.values() if lay.kind == "content"),
        next(iter(theme.layouts.values())),
    )
    slots = {k: v for k, v in base.slots.items() if k in ("title", "body", "page")}
    trimmed = Layout(base.name, base.kind, base.background, slots)
    shapes = "".join(placeholders(trimmed, theme, colors, 2))
    ids = "".join(
        f'<p:sldLayoutId id="{2147483649 + i}" r:id="{rid}"/>' for i, rid in enumerate(layout_rids)
    )
    title, body = theme.style("title"), theme.style("body")
    other = _level(body, colors, False)
    return (
        f"<p:sldMaster {x.NSDECL}><p:cSld>{_background('#FFFFFF', colors)}{_TREE_HEAD}{shapes}"
        '</p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" '
        'accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" '
        'accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
        f"<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst><p:txStyles>"
        f"<p:titleStyle>{_level(title, colors, True)}</p:titleStyle>"
        f"<p:bodyStyle>{_level(body, colors, False)}</p:bodyStyle>"
        f'<p:otherStyle><a:defPPr><a:defRPr lang="ja-JP"/></a:defPPr>{other}</p:otherStyle>'
        "</p:txStyles></p:sldMaster>"
    )
