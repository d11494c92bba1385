"""The slide master, its layouts, the notes master and the theme, generated from the layout set.

One PowerPoint layout per layout of the set, with the set's names, chrome (the layout's
``shapes:`` and a content title's key bar) and placeholders where the slides put their text, so
"New Slide" gives a slide that looks like the deck's. The master's text styles define list
levels 1-5. The theme's colour scheme names the set's tokens (accent1 = the key colour) and its
fonts the set's family; slides then refer to theme colours through ``Colors``. Each part is
written here as XML and added to the package with its relationships.
"""

from __future__ import annotations

from dataclasses import dataclass

from deckbuilder.layout.slide import title_bar, title_offset, valign
from deckbuilder.powerpoint import markup as x
from deckbuilder.powerpoint.package import CT, RT, Package, Part, relate
from deckbuilder.powerpoint.parts import MASTER_ID
from deckbuilder.powerpoint.text import BASELINE_OFFSET, BASELINE_SLOPE
from deckbuilder.scene import Rect
from deckbuilder.source.layoutset import Layout, LayoutSet, Slot
from deckbuilder.text.style import TextStyle

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
# Slots that are not placeholders of the PPTX layouts: on a slide they follow the title
# (a kicker above it, the lead and tags under it), so they have no place of their own.
FOLLOWERS = ("kicker", "lead", "tags")
LEVELS = 5  # list levels the master's body style defines


@dataclass
class Master:
    part: Part
    theme: Part
    layouts: dict[str, Part]  # by the set's layout name
    colors: x.Colors


def scheme_colors(layout_set: LayoutSet) -> dict[str, str]:
    """Theme slot -> "#RRGGBB" from the set's tokens."""
    out = {}
    for slot, tokens, _ in SCHEME:
        hex_ = next((layout_set.colors[t] for t in tokens if t in layout_set.colors), None)
        out[slot] = (hex_ or _FALLBACK.get(slot) or layout_set.colors.get("key", "#0017C1")).upper()
    return out


def slide_colors(layout_set: LayoutSet) -> x.Colors:
    """ "#RRGGBB" -> the scheme value a slide writes; the first slot holding a colour wins."""
    by_slot = scheme_colors(layout_set)
    out: dict[str, str] = {}
    for slot, _, val in SCHEME:
        if val:
            out.setdefault(by_slot[slot], val)
    return x.Colors(out)


def install(package: Package, layout_set: LayoutSet, family: str) -> Master:
    """The set's master, its layouts (each relating the master) and its theme."""
    colors = slide_colors(layout_set)
    master = package.add("/ppt/slideMasters/slideMaster1.xml", CT.SLIDE_MASTER)
    layouts: dict[str, Part] = {}
    rids = []
    for n, lay in enumerate(layout_set.layouts.values(), start=1):
        xml = x.document(layout_xml(lay, layout_set, colors))
        part = package.add(f"/ppt/slideLayouts/slideLayout{n}.xml", CT.SLIDE_LAYOUT, xml)
        relate(part, master, RT.SLIDE_MASTER)
        rids.append(relate(master, part, RT.SLIDE_LAYOUT))
        layouts[lay.name] = part
    theme_part = package.add("/ppt/theme/theme1.xml", CT.THEME, theme_xml(layout_set, family))
    relate(master, theme_part, RT.THEME)
    master.blob = x.document(master_xml(layout_set, colors, rids, family))
    return Master(master, theme_part, layouts, colors)


def install_notes_master(package: Package, layout_set: LayoutSet, family: str) -> Part:
    """The notes master and the theme PowerPoint requires it to have (the set's, again)."""
    part = package.add("/ppt/notesMasters/notesMaster1.xml", CT.NOTES_MASTER)
    part.blob = x.document(notes_master_xml())
    own = package.add("/ppt/theme/theme2.xml", CT.THEME, theme_xml(layout_set, family))
    relate(part, own, RT.THEME)
    return part


# Flat: plain fills and lines, no gradients and no shadows (only shapes that point into these
# lists by index, as PowerPoint's new shapes do, use them; the deck's own shapes never do).
_PLAIN = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
_SOLID = '<a:solidFill><a:schemeClr val="phClr">{}</a:schemeClr></a:solidFill>'
_FORMAT_SCHEME = (
    '<a:fmtScheme name="deckbuilder"><a:fillStyleLst>'
    + _PLAIN
    + _SOLID.format('<a:tint val="50000"/>')
    + _SOLID.format('<a:shade val="80000"/>')
    + "</a:fillStyleLst><a:lnStyleLst>"
    + "".join(
        f'<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{_PLAIN}'
        '<a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
        for w in (6350, 12700, 19050)
    )
    + "</a:lnStyleLst><a:effectStyleLst>"
    + "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
    + "</a:effectStyleLst><a:bgFillStyleLst>"
    + _PLAIN
    + _SOLID.format('<a:tint val="95000"/>')
    + _SOLID.format('<a:shade val="80000"/>')
    + "</a:bgFillStyleLst></a:fmtScheme>"
)


def theme_xml(layout_set: LayoutSet, family: str) -> bytes:
    """The theme: the set's name, its colours as the colour scheme, its family as every
    script's major and minor font (Japanese named too), a flat format scheme."""
    name = x.attr(layout_set.name)
    colors = "".join(
        f'<a:{slot}><a:srgbClr val="{hex_.lstrip("#")}"/></a:{slot}>'
        for slot, hex_ in scheme_colors(layout_set).items()
    )
    face = x.attr(family)
    font = (
        f'<a:latin typeface="{face}"/><a:ea typeface="{face}"/><a:cs typeface="{face}"/>'
        f'<a:font script="Jpan" typeface="{face}"/>'
    )
    return x.document(
        f'<a:theme xmlns:a="{x.A_NS}" name="{name}"><a:themeElements>'
        f'<a:clrScheme name="{name}">{colors}</a:clrScheme><a:fontScheme name="{name}">'
        f"<a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme>"
        f"{_FORMAT_SCHEME}</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def _def_rpr(
    style: TextStyle, colors: x.Colors, major: bool, color: str = "", size: float = 0.0
) -> str:
    face = "+mj" if major else "+mn"
    spc = f' spc="{round(style.spacing * 100)}"' if style.spacing else ""
    return (
        f'<a:defRPr lang="ja-JP" sz="{round((size or style.size) * 100)}" b="{int(style.bold)}"'
        f'{spc} kern="0"><a:solidFill>{colors.clr(color or style.color)}</a:solidFill>'
        f'<a:latin typeface="{face}-lt"/><a:ea typeface="{face}-ea"/>'
        f'<a:cs typeface="{face}-cs"/></a:defRPr>'
    )


def _level(
    style: TextStyle, colors: x.Colors, major: bool, color: str = "", align: str = ""
) -> str:
    """Level 1 as the deck's slides set it: exact line spacing, no bullet, no indent."""
    algn = {"left": "l", "center": "ctr", "right": "r"}.get(align or style.align, "l")
    return (
        f'<a:lvl1pPr marL="0" indent="0" algn="{algn}"><a:lnSpc><a:spcPts val="'
        f'{round(style.size * style.line_height * 100)}"/></a:lnSpc><a:spcBef><a:spcPts val="0"/>'
        f"</a:spcBef><a:buNone/>{_def_rpr(style, colors, major, color)}</a:lvl1pPr>"
    )


def _levels(style: TextStyle, floor: float, colors: x.Colors, family: str) -> str:
    """Levels 1-5 of a list: each one em further in than the last and one px smaller, down to
    ``floor`` (never larger than its parent), each with the deck's bullet 「・」 hanging."""
    out = []
    for n in range(1, LEVELS + 1):
        size = max(style.size - 0.75 * (n - 1), min(floor, style.size))
        hang = x.emu(size)
        mark = x.bullet_char("・", family)
        out.append(
            f'<a:lvl{n}pPr marL="{hang * n}" indent="{-hang}" algn="l"><a:lnSpc><a:spcPts val="'
            f'{round(size * style.line_height * 100)}"/></a:lnSpc><a:spcBef><a:spcPts val="0"/>'
            f"</a:spcBef>{mark}{_def_rpr(style, colors, False, size=size)}</a:lvl{n}pPr>"
        )
    return "".join(out)


Frame = tuple[float, float, float, float]  # x, y, w, h in pt


def slot_frame(lay: Layout, name: str, layout_set: LayoutSet) -> Frame:
    """Where a slide's text in slot ``name`` sits (pt), as the slides' own text boxes are
    placed: past the key bar of a content title, centred text with room for its slack, and up
    by the distance office suites put between a line box's top and the scene's
    (pptx_text.shift)."""
    slot = lay.slots[name]
    style = layout_set.styles.get(slot.style) or layout_set.style("body")
    x_, w = slot.x, slot.w
    if name == "title" and slot.chip and lay.kind == "content":
        off = title_offset(layout_set)
        x_, w = x_ + off, w - off
    if not slot.style:
        return (x_, slot.y, w, slot.h)
    if (slot.align or style.align) == "center":  # the em of slack a slide's line gets, halved
        x_, w = x_ - style.size / 2, w + style.size
    up = style.size * (BASELINE_SLOPE * style.line_height + BASELINE_OFFSET)
    extra = style.size * style.line_height / 2  # room below, as pptx_text.frame_of leaves
    if valign(lay, name) == "middle":
        return (x_, slot.y - up - extra / 2, w, slot.h + extra)
    return (x_, slot.y - up, w, slot.h + extra)


def _separate(frames: dict[str, Frame]) -> dict[str, Frame]:
    """Each frame cut short above the next one that starts under it: no two overlap."""
    out = dict(frames)
    for a, (ax, ay, aw, _ah) in frames.items():
        for b, (bx, by, bw, _bh) in frames.items():
            across = ax < bx + bw and bx < ax + aw
            if a != b and across and ay < by < ay + out[a][3]:
                out[a] = (ax, ay, aw, by - ay)
    return out


def title_chrome(lay: Layout, layout_set: LayoutSet) -> Rect | None:
    """The key bar of a content layout's title, as the slides draw it for a one-line title."""
    slot = lay.slots.get("title")
    if slot is None or not slot.chip or lay.kind != "content":
        return None
    style = layout_set.style(slot.style)
    return title_bar(layout_set, slot.x, slot.y, style.size * style.line_height)


def body_slots(lay: Layout) -> dict[str, int]:
    """The layout's text slots offered as body placeholders (besides title, body and page),
    with their idx, which the slides filling them repeat."""
    out: dict[str, int] = {}
    for name, slot in lay.slots.items():
        if name not in ("title", "body", "page", *FOLLOWERS) and slot.style:
            out[name] = 13 + len(out)
    return out


def body_ph(lay: Layout, name: str) -> str:
    return f'<p:ph type="body" sz="quarter" idx="{body_slots(lay)[name]}"/>'


def _placeholder(
    sid: int,
    frame: Frame,
    slot: Slot,
    ph: str,
    name: str,
    layout_set: LayoutSet,
    colors: x.Colors,
    prompt: str,
    anchor: str = "t",
) -> str:
    style = layout_set.styles.get(slot.style) or layout_set.style("body")
    lst = f"<a:lstStyle>{_level(style, colors, ph == 'title', slot.color, slot.align)}</a:lstStyle>"
    if "sldNum" in ph:
        rpr = '<a:rPr lang="ja-JP"/>'
        content = x.field(rpr, "‹#›", "slidenum", SLIDE_NUMBER_GUID)
    else:
        content = f'<a:r><a:rPr lang="ja-JP"/><a:t>{x.attr(prompt)}</a:t></a:r>'
    body = (
        '<p:txBody><a:bodyPr wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" rtlCol="0" '
        f'anchor="{anchor}"><a:normAutofit/></a:bodyPr>{lst}<a:p>{content}</a:p></p:txBody>'
    )
    box = (x.emu(frame[0]), x.emu(frame[1]), x.emu(frame[2]), x.emu(frame[3]))
    return x.sp(x.c_nv_pr(sid, name), box, "", body=body, ph=ph, fill="", line="")


def placeholders(lay: Layout, layout_set: LayoutSet, colors: x.Colors, first_id: int) -> list[str]:
    """Title, body, the other text slots as body placeholders, and the slide number field,
    where the slides put their text, none overlapping another."""
    others = body_slots(lay)
    kept = [n for n in lay.slots if n in ("title", "page", "body") or n in others]
    frames = _separate({n: slot_frame(lay, n, layout_set) for n in kept})
    out = []
    for sid, name in enumerate(kept, start=first_id):
        slot = lay.slots[name]
        if name == "title":
            ph, label, prompt = '<p:ph type="title"/>', "Title", "タイトルを入力"
        elif name == "page":
            ph = f'<p:ph type="sldNum" sz="quarter" idx="{PAGE_IDX}"/>'
            label, prompt = "Slide Number", ""
        elif name == "body":
            ph, label, prompt = '<p:ph type="body" idx="1"/>', "Body", "テキストを入力"
        else:
            ph = body_ph(lay, name)
            label, prompt = name.replace("_", " ").capitalize(), name
        anchor = "ctr" if valign(lay, name) == "middle" else "t"
        frame = frames[name]
        out.append(_placeholder(sid, frame, slot, ph, label, layout_set, colors, prompt, anchor))
    return out


def chrome(lay: Layout, layout_set: LayoutSet, colors: x.Colors, first_id: int) -> list[str]:
    """The layout's own shapes (top bar, accents) and its title's key bar: on the layout,
    never repeated on slides."""
    rects = [Rect(s.x, s.y, s.w, s.h, fill=s.fill) for s in lay.shapes]
    bar = title_chrome(lay, layout_set)
    rects += [bar] if bar else []
    return [
        x.sp(
            x.c_nv_pr(first_id + i, f"Accent {i + 1}", decorative=True),
            (x.emu(r.x), x.emu(r.y), x.emu(r.w), x.emu(r.h)),
            x.preset("rect"),
            colors.fill(r.fill),
        )
        for i, r in enumerate(rects)
    ]


def _background(hex_: str, colors: x.Colors) -> str:
    return f"<p:bg><p:bgPr>{colors.fill(hex_)}<a:effectLst/></p:bgPr></p:bg>"


_CLR_MAP = (
    '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" '
    'accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" '
    'folHlink="folHlink"/>'
)
_TREE_HEAD = (
    '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
    '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
    '<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>'
)


def layout_xml(lay: Layout, layout_set: LayoutSet, colors: x.Colors) -> str:
    shapes = chrome(lay, layout_set, colors, 2)
    shapes += placeholders(lay, layout_set, colors, 2 + len(shapes))
    return (
        f'<p:sldLayout {x.NSDECL} preserve="1" userDrawn="1"><p:cSld name="{x.attr(lay.name)}">'
        f"{_background(lay.background, colors)}{_TREE_HEAD}{''.join(shapes)}</p:spTree></p:cSld>"
        "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
    )


def master_xml(layout_set: LayoutSet, colors: x.Colors, layout_rids: list[str], family: str) -> str:
    """The master: white background, the content layout's title, body and page slots; text
    styles whose list levels 1-5 step in and never grow (the body's all bulleted, the other
    text's from level 2: a plain text box has no bullet)."""
    base = next(
        (lay for lay in layout_set.layouts.values() if lay.kind == "content"),
        next(iter(layout_set.layouts.values())),
    )
    slots = {k: v for k, v in base.slots.items() if k in ("title", "body", "page")}
    trimmed = Layout(base.name, base.kind, base.background, slots)
    shapes = "".join(placeholders(trimmed, layout_set, colors, 2))
    ids = "".join(
        f'<p:sldLayoutId id="{MASTER_ID + 1 + i}" r:id="{rid}"/>'
        for i, rid in enumerate(layout_rids)
    )
    title, body = layout_set.style("title"), layout_set.style("body")
    floor = body.min_size or body.size
    bullets = _levels(body, floor, colors, family)
    plain = _level(body, colors, False) + bullets[bullets.index("<a:lvl2pPr") :]
    return (
        f"<p:sldMaster {x.NSDECL}><p:cSld>{_background('#FFFFFF', colors)}{_TREE_HEAD}{shapes}"
        f"</p:spTree></p:cSld>{_CLR_MAP}<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst><p:txStyles>"
        f"<p:titleStyle>{_level(title, colors, True)}</p:titleStyle>"
        f"<p:bodyStyle>{bullets}</p:bodyStyle>"
        f'<p:otherStyle><a:defPPr><a:defRPr lang="ja-JP"/></a:defPPr>{plain}</p:otherStyle>'
        "</p:txStyles></p:sldMaster>"
    )


def notes_master_xml() -> str:
    """The notes page (portrait, 7.5 x 10 in): the slide's picture at 16:9, the notes under
    it. Its placeholders are the ones notes slides name (``sldImg``, ``body`` idx 1)."""
    image = x.xfrm((685800, 1143000, 5486400, 3086100))
    body = x.xfrm((685800, 4400550, 5486400, 3600450))
    rect = x.preset("rect")
    insets = 'lIns="91440" tIns="45720" rIns="91440" bIns="45720" rtlCol="0"'
    return (
        f'<p:notesMaster {x.NSDECL}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/>'
        f"</p:bgRef></p:bg>{_TREE_HEAD}"
        '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr>'
        f'<p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr>{image}{rect}<a:noFill/>'
        '<a:ln w="12700"><a:solidFill><a:prstClr val="black"/></a:solidFill></a:ln></p:spPr>'
        '</p:sp><p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr>'
        '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr>'
        f"</p:nvSpPr><p:spPr>{body}{rect}</p:spPr><p:txBody><a:bodyPr {insets}/>"
        '<a:lstStyle/><a:p><a:endParaRPr lang="ja-JP"/></a:p></p:txBody></p:sp></p:spTree>'
        f"</p:cSld>{_CLR_MAP}<p:notesStyle>{x.text_levels(1200)}</p:notesStyle></p:notesMaster>"
    )
