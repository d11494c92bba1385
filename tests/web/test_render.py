"""The web edition, OUT/report.html: read back as HTML (lxml), then in a real browser (Debian's
chromium driven by puppeteer-core, with axe-core) and through an HTML validator (html-validate).
The browser and validator tests are skipped where chromium, node or the npm packages (``npm ci``
at the project's root) are missing."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lhtml

from cmdkit import edit
from deckbuilder.commands.build import build, compile_deck
from deckbuilder.scene import Group, Node, SlideScene, TextBox
from deckbuilder.web import render as render_html
from helpers import ROOT, make_project
from picturekit import add_pictures

WEB = ROOT / "tests" / "web"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FURNITURE = ("breadcrumb", "pagination")


def page(out: Path) -> lhtml.HtmlElement:
    return lhtml.fromstring((out / "report.html").read_bytes())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def has(name: str) -> str:
    """An XPath test for a class name."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def section(doc: lhtml.HtmlElement, n: int) -> lhtml.HtmlElement:
    return doc.get_element_by_id(f"slide-{n}")


def texts(nodes: tuple[Node, ...]) -> list[str]:
    """Every paragraph the slide shows (not its furniture), whitespace removed."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Group):
            out += texts(node.children)
        elif isinstance(node, TextBox) and node.role not in FURNITURE:
            out += [squash("".join(line.text for line in p)) for p in node.paragraphs]
    return [t for t in out if t]


@pytest.fixture(scope="module")
def scenes() -> list[SlideScene]:
    return compile_deck(ROOT / "deck").scenes


# --- the page read back ---------------------------------------------------------------------


def test_page_is_one_document_in_japanese_with_one_h1_and_a_toc(report_build, scenes):
    doc = page(report_build)
    assert doc.get("lang") == "ja-JP"
    h1 = doc.findall(".//h1")
    assert [squash(h.text_content()) for h in h1] == [squash("デジタル庁 活動報告及び今後の取組")]
    links = [a.get("href") for a in doc.xpath(".//nav[@id='toc']//a")]
    assert links == [f"#slide-{s.number}" for s in scenes]
    # By section: the slides after 「1. はじめに」 are nested under it.
    first_section = doc.xpath(".//nav[@id='toc']/ol/li")[2]
    assert squash(first_section.find("a").text_content()) == "1.はじめに"
    assert [a.get("href") for a in first_section.xpath("./ol//a")] == [
        "#slide-4",
        "#slide-5",
        "#slide-6",
    ]


def test_each_slide_is_a_section_headed_by_its_title_with_all_its_text(report_build, scenes):
    doc = page(report_build)
    sections = doc.xpath(".//main/section")
    assert [s.get("id") for s in sections] == [f"slide-{s.number}" for s in scenes]
    for sec, scene in zip(sections, scenes, strict=True):
        heading = sec.xpath(".//h1 | .//h2")[0]
        assert squash(heading.text_content()) == squash(scene.heading_line()), scene.number
        assert sec.get("aria-labelledby") == heading.get("id")
        shown = squash(sec.text_content())
        for text in texts(scene.root):
            assert text in shown, (scene.number, text)


def test_lists_cards_tables_languages_links_and_footnotes_are_html(report_build):
    doc = page(report_build)
    contents = section(doc, 2)
    assert len(contents.xpath("./div/ol/li")) == 4  # the numbered contents
    assert "活動報告とは" in contents.xpath(".//ol/li//ul")[0].text_content()
    # A KPI card is text: label, value, date.
    kpi = section(doc, 10).xpath(f".//div[{has('card')}]")[0]
    assert [squash(p.text_content()) for p in kpi.findall("p")] == [
        "有効登録数",
        "8,484万件",
        "（2025年7月）",
    ]
    table = section(doc, 9).xpath(".//table")[0]  # before/after
    assert [th.text_content() for th in table.xpath("./thead/tr/th[@scope='col']")] == [
        "過去",
        "現在",
    ]
    assert "いつでもどこでも" in table.xpath("./tbody//td")[1].text_content()
    assert [e.text_content() for e in section(doc, 1).xpath(".//*[@lang='en']")] == [
        "Digital Agency"
    ]
    link = section(doc, 40).xpath(".//a[@href]")[0]
    assert link.get("href").startswith("https://") and link.get("lang") == "en"
    notes = section(doc, 9)[-1]  # footnotes close the section, after the body
    assert notes.tag == "footer" and notes.text_content().startswith("※１.")
    crumb = section(doc, 9).xpath(f".//*[{has('breadcrumb')}]")[0]
    assert crumb.get("aria-hidden") == "true"  # furniture: seen, not read


def test_a_chart_is_an_svg_image_named_by_its_alt_with_its_data_as_a_table(report_build):
    sec = section(page(report_build), 10)
    fig = sec.xpath(f".//figure[{has('chart')}]")[0]
    svg = fig.find("svg")
    assert svg.get("role") == "img"
    assert svg.get("aria-label").startswith("マイナンバーカード保有率は2021年11月の39%から")
    rows = [[c.text_content() for c in tr] for tr in fig.xpath("./table/tbody/tr")]
    assert rows == [["2021年11月", "39%"], ["2025年7月", "79%"]]
    # The marks are matplotlib's, inside; ids are unique in the whole page.
    assert svg.xpath("./svg//path")
    ids = [e.get("id") for e in page(report_build).iter() if e.get("id")]
    assert len(ids) == len(set(ids))


def test_a_placeholder_says_what_it_stands_for(report_build):
    fig = section(page(report_build), 26).xpath(f".//figure[{has('placeholder')}]")[0]
    assert "［画像］生成AI利用環境（開発中のイメージ）" in fig.text_content()


def test_the_page_is_self_contained_and_runs_nothing(report_build):
    raw = (report_build / "report.html").read_text(encoding="utf-8")
    doc = page(report_build)
    assert "<script" not in raw.lower()
    for el in doc.iter():
        for name in el.attrib:
            assert not name.lower().startswith("on"), (el.tag, name)
    for el in doc.xpath(".//*[@src]"):
        assert el.get("src").startswith("data:")
    outside = [a.get("href") for a in doc.xpath(".//a[@href]") if "://" in a.get("href")]
    assert outside and all(h.startswith("https://") for h in outside)  # plain links only
    assert not doc.xpath(".//link | .//iframe | .//object | .//embed | .//base | .//form")
    csp = doc.xpath(".//meta[@http-equiv='Content-Security-Policy']")[0].get("content")
    assert "default-src 'none'" in csp and "script-src" not in csp
    css = doc.find(".//style").text
    sha = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"style-src 'sha256-{sha}'" in csp  # the one style element, by its hash
    assert not doc.xpath(".//*[@style]")  # and no inline styles, which the CSP would refuse


def test_text_from_the_sources_is_escaped(tmp_path: Path):
    proj = make_project(tmp_path / "proj", "cli")
    slide = proj / "deck" / "slides" / "02-kpis.yaml"
    edit(slide, "title: マイナンバーカードは持つから使うへ", "title: <script>alert(1)</script>")
    text = "text: 登録数は{mynaportal.accounts}に達しました。"
    edit(slide, text, f'text: "<img src=x onerror=alert(1)>&amp; {text[6:]}"')
    build(proj / "deck", proj / "out")
    raw = (proj / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script" not in raw and "<img src=x" not in raw
    doc = page(proj / "out")
    assert squash(section(doc, 2).xpath(".//h2")[0].text_content()) == "<script>alert(1)</script>"
    assert "<img src=x onerror=alert(1)>&amp;" in section(doc, 2).text_content()


def test_a_changed_figure_changes_the_page_as_a_cold_build_writes_it(tmp_path: Path):
    proj = make_project(tmp_path / "proj", "cli")
    build(proj / "deck", proj / "out")
    assert "79%" in section(page(proj / "out"), 2).text_content()
    edit(proj / "deck" / "figures.yaml", "value: 79", "value: 81")
    build(proj / "deck", proj / "out")  # the other slides' sections are kept ones
    shown = section(page(proj / "out"), 2).text_content()
    assert "81%" in shown and "79%" not in shown
    render_html._SECTIONS.clear()  # nothing kept in memory, and a new folder keeps nothing
    build(proj / "deck", proj / "cold")
    assert (proj / "out" / "report.html").read_bytes() == (
        proj / "cold" / "report.html"
    ).read_bytes()


def test_layout_set_tokens_are_css_custom_properties_and_a_swap_restyles(tmp_path: Path):
    proj = make_project(tmp_path / "proj", "cli")
    build(proj / "deck", proj / "a")
    build(proj / "deck", proj / "b", layouts="ministry-print")
    css_a = page(proj / "a").find(".//style").text
    css_b = page(proj / "b").find(".//style").text
    assert "--c-key: #0017C1;" in css_a and "--title-size: 1.75rem;" in css_a
    assert "--c-text: #333333;" in css_a and "--c-text: #1A1A1A;" in css_b
    assert ".fg-text { color: var(--c-text); }" in css_a
    # Text is coloured by token name, not by value.
    doc = page(proj / "a")
    assert section(doc, 2).xpath(f".//h2[{has('fg-strong')}]")
    assert "@media print" in css_a and "prefers-reduced-motion" in css_a


def test_pictures_are_inside_the_page_with_their_alt_text(tmp_path: Path):
    proj = make_project(tmp_path / "proj", "cli")
    slide = add_pictures(proj)
    edit(slide, "{src: deck/logo.svg, alt: テストのロゴ}", "{src: deck/logo.svg, decorative: true}")
    build(proj / "deck", proj / "out")
    sec = section(page(proj / "out"), 4)
    imgs = {i.get("alt"): i.get("src") for i in sec.xpath(".//img")}
    assert imgs["マイナポータルのトップ画面"].startswith("data:image/png;base64,")
    assert imgs[""].startswith("data:image/svg+xml;base64,")  # decorative: alt="", not read
    photo = sec.xpath(".//svg[@aria-label='職員の写真']")[0]  # cropped (fit: cover) by viewBox
    assert photo.get("role") == "img"
    assert photo.find("image").get("href").startswith("data:image/jpeg;base64,")
    assert "マイナポータルの画面" in sec.xpath(".//figure/figcaption")[0].text_content()


# --- in a real browser, and validated -----------------------------------------------------------


def tools_or_skip() -> None:
    if not Path(CHROMIUM).exists() or shutil.which("node") is None:
        pytest.skip("chromium or node is not installed")
    if not (ROOT / "node_modules" / "puppeteer-core").is_dir():
        pytest.skip("npm ci has not been run at the project's root")


def node() -> str:
    return shutil.which("node") or "node"


def test_in_chromium_no_wcag_violation_no_request_no_overflow_a_slide_a_page(report_build, scenes):
    tools_or_skip()
    res = subprocess.run(
        [node(), str(WEB / "check_page.mjs"), str((report_build / "report.html").resolve())],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CHROMIUM": CHROMIUM},
    )
    assert res.returncode == 0, res.stderr[-2000:]
    got = json.loads(res.stdout)
    assert got["axe"] == {"1280": [], "390": []}  # WCAG 2.1 A and AA, desktop and phone
    assert got["requests"] == [] and got["cspErrors"] == []
    assert got["h1"] == 1
    for width in ("390", "320"):  # a phone; 400 % zoom of a 1280 px window
        o = got["overflow"][width]
        assert o["scrollWidth"] <= o["clientWidth"] and o["wide"] == [], (width, o)
    assert got["scroll"] == {"reduce": "auto", "no-preference": "smooth"}
    assert got["printPages"] == len(scenes)  # printed: one slide a page
    assert len(got["sections"]) == len(scenes)
    for sec, scene in zip(got["sections"], scenes, strict=True):
        assert sec["id"] == f"slide-{scene.number}"
        assert sec["heading"] == squash(scene.heading_line())
        for text in texts(scene.root):
            assert text in sec["text"], (scene.number, text)


def test_html_validate_finds_nothing(report_build):
    tools_or_skip()
    res = subprocess.run(
        [
            node(),
            str(ROOT / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"),
            "--config",
            str(WEB / "htmlvalidate.json"),
            str((report_build / "report.html").resolve()),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-1000:]
