"""End to end: build the mini deck and read both files back."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree
from pypdf import PdfReader

from deckbuilder.cli import main
from deckbuilder.commands.build import build
from helpers import flat, pdf_fonts, pdf_images, pdf_pages, pictures, pptx_slides, slide_text


def test_one_slide_per_page_and_titles_in_placeholders(mini_build: Path):
    slides = pptx_slides(mini_build / "report.pptx")
    assert len(slides) == 3
    assert len(PdfReader(str(mini_build / "report.pdf")).pages) == 3
    titles = ["テスト報告の表紙", "マイナンバーカードは持つから使うへ", "デジタル庁の使命"]
    for slide, title in zip(slides, titles, strict=True):
        assert slide.shapes.title is not None
        assert flat(slide.shapes.title.text_frame.text) == title
        # The title is first in reading order.
        assert list(slide.shapes)[0].shape_id == slide.shapes.title.shape_id


def test_texts_and_formatted_figures_on_the_right_page(mini_build: Path):
    slides = pptx_slides(mini_build / "report.pptx")
    pages = pdf_pages(mini_build / "report.pdf")
    for text in (
        "7,959万件",
        "（2025年7月）",
        "約950人",
        "対応する課題",
        "人口減少と労働力不足",
        "※１.テスト用の脚注",
        "登録数は7,959万件に達しました。",
    ):
        assert text in flat(slide_text(slides[1])), text
        assert text in flat(pages[1]), text
    assert "7,959" not in flat(pages[0]) and "7,959" not in flat(pages[2])
    # Reading order: breadcrumb, then title, then the body; chart labels come last.
    order = flat(pages[1])
    head = "２.行政のデジタル変革と取組成果｜生活の変化２" + "マイナンバーカードは持つから使うへ"
    assert order.startswith(head)
    assert order.index("行政手続のオンライン化") < order.index("2021年11月")
    assert "2025年9月5日" in flat(pages[0])
    assert slides[1].notes_slide.notes_text_frame.text.startswith("マイナンバーカード")


def test_runs_carry_all_typefaces_and_language(mini_build: Path):
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    for slide in pptx_slides(mini_build / "report.pptx"):
        for rpr in slide._element.iterfind(".//a:r/a:rPr", ns):
            assert rpr.get("lang") in ("ja-JP", "en-US")  # en-US only for English runs
            for tag in ("latin", "ea", "cs"):
                el = rpr.find(f"a:{tag}", ns)
                assert el is not None and el.get("typeface") == "BIZ UDPGothic"
        # No python-pptx p:style left (LibreOffice draws it as a shadow).
        assert b"<p:style>" not in etree.tostring(slide._element)


def test_document_properties(mini_build: Path):
    from pptx import Presentation

    cp = Presentation(str(mini_build / "report.pptx")).core_properties
    assert cp.title == "テスト報告" and cp.author == "デジタル庁" and cp.language == "ja-JP"
    assert cp.created.isoformat().startswith("2025-09-05")
    assert cp.last_modified_by == "デジタル庁"
    assert "python-pptx" not in (cp.comments or "") + (cp.title or "") + (cp.keywords or "")
    reader = PdfReader(str(mini_build / "report.pdf"))
    assert reader.metadata.title == "テスト報告"
    assert reader.metadata.author == "デジタル庁"
    assert reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "ja-JP"
    box = reader.pages[0].mediabox
    assert round(float(box.width) / float(box.height), 3) == round(16 / 9, 3)


def test_fonts_embedded_as_cid_truetype(mini_build: Path):
    fonts = pdf_fonts(mini_build / "report.pdf")
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/Type0", font["/Subtype"]
        desc = font["/DescendantFonts"][0].get_object()
        assert desc["/Subtype"] == "/CIDFontType2"
        assert "/FontFile2" in desc["/FontDescriptor"]
        assert "BIZUDPGothic" in font["/BaseFont"]


def test_charts_are_vector_in_pdf_and_svg_with_png_in_pptx(mini_build: Path):
    assert pdf_images(mini_build / "report.pdf") == 0
    slide = pptx_slides(mini_build / "report.pptx")[1]
    pics = pictures(slide)
    assert len(pics) == 1
    xml = etree.tostring(pics[0]._element).decode()
    assert "svgBlip" in xml
    descr = pics[0]._element.find(".//{*}cNvPr").get("descr")
    assert descr == "マイナンバーカード保有率は2021年11月の39%から2025年7月には79%に上がりました。"
    # PNG fallback at twice the display size or more.
    import io

    from PIL import Image

    png = Image.open(io.BytesIO(pics[0].image.blob))
    assert png.width >= 2 * pics[0].width / 12700


def test_rebuild_is_byte_identical_at_any_path(project: Path, tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    build(project / "deck", a)
    other = tmp_path / "elsewhere" / "p"
    shutil.copytree(project, other)
    build(other / "deck", b)
    for name in ("report.pptx", "report.pdf", "report.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # And again from the page/chart cache.
    build(project / "deck", a)
    assert (a / "report.pdf").read_bytes() == (b / "report.pdf").read_bytes()


def test_changed_figure_changes_both_files_and_chart(project: Path, tmp_path: Path):
    out = tmp_path / "out"
    build(project / "deck", out)
    before_pdf = pdf_pages(out / "report.pdf")[1]
    figs = project / "deck" / "figures.yaml"
    figs.write_text(
        figs.read_text(encoding="utf-8").replace("value: 79", "value: 81"), encoding="utf-8"
    )
    build(project / "deck", out)
    after_pdf = pdf_pages(out / "report.pdf")[1]
    assert "79%" in flat(before_pdf) and "81%" in flat(after_pdf)
    pic = pictures(pptx_slides(out / "report.pptx")[1])[0]
    assert "81%" in pic._element.find(".//{*}cNvPr").get("descr")


def test_failed_build_leaves_last_outputs(project: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(project / "deck"), "-o", str(out), "-q"]) == 0
    good = {n: (out / n).read_bytes() for n in ("report.pptx", "report.pdf", "report.html")}
    slide = project / "deck" / "slides" / "02-kpis.yaml"
    slide.write_text(
        slide.read_text(encoding="utf-8").replace("ai.users", "ai.user"), encoding="utf-8"
    )
    assert main(["build", str(project / "deck"), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "02-kpis.yaml:10:37:" in err and "slide 2" in err
    assert "unknown figure 'ai.user' (did you mean 'ai.users': AI利用人数, 約950人?)" in err
    assert "Traceback" not in err
    for name, data in good.items():
        assert (out / name).read_bytes() == data
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(good)


def test_cli_usage_and_version(capsys):
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert "deckbuilder" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["build", "--no-such-flag"])
    assert exc.value.code == 2


def test_separate_processes_give_identical_bytes(project: Path, tmp_path: Path):
    """Fresh processes with different hash seeds, fresh caches: still the same bytes."""
    import os
    import subprocess
    import sys

    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "deckbuilder.cli",
                "build",
                str(project / "deck"),
                "-o",
                str(out),
                "-q",
            ],
            check=True,
            env=env,
        )
        outs.append(out)
    for name in ("report.pptx", "report.pdf"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_pdf_draws_every_scene_line_at_its_baseline(project: Path, tmp_path: Path):
    from deckbuilder.pictures.draw_mpl import baseline
    from deckbuilder.scene import TextBox
    from helpers import page_lines

    res = build(project / "deck", tmp_path / "out")
    fonts = res.compiled.layout_set.fonts
    reader = PdfReader(str(res.pdf))
    for scene, page in zip(res.compiled.scenes, reader.pages, strict=True):
        lines = page_lines(page)
        for box in (e for e in scene.elements if isinstance(e, TextBox)):
            for i, line in enumerate(box.lines):
                want = "".join(line.text.split())
                base = baseline(box, i, fonts.regular.ascent, fonts.regular.descent)
                ys = [y for y, text in lines.items() if want in text]
                assert ys, (scene.number, line.text)
                assert min(abs(scene.height - y - base) for y in ys) <= 0.6, line.text


def test_charts_are_cached_and_redrawn_only_when_their_data_changes(project: Path, tmp_path: Path):
    """Each chart is drawn once (in a worker) into its PDF, SVG and PNG, kept by its data."""
    out = tmp_path / "out"
    cache = out / ".cache" / "charts"

    def drawn() -> dict[str, int]:  # a file written again is a new file (renamed into place)
        return {p.name: p.stat().st_ino for p in cache.glob("*.pdf")}

    build(project / "deck", out)
    first = drawn()
    assert len(first) == 1  # the mini deck's one chart
    pic = pictures(pptx_slides(out / "report.pptx")[1])[0]
    before = pic.image.blob
    build(project / "deck", out)
    assert drawn() == first  # same data, same style: nothing redrawn
    figs = project / "deck" / "figures.yaml"
    figs.write_text(
        figs.read_text(encoding="utf-8").replace("value: 79", "value: 81"), encoding="utf-8"
    )
    build(project / "deck", out)
    assert len(set(drawn()) - set(first)) == 1  # the new data drew the chart once more
    pic = pictures(pptx_slides(out / "report.pptx")[1])[0]
    assert pic.image.blob != before  # the PNG fallback shows the new value


def test_no_template_leftovers_in_the_package(mini_build: Path):
    import zipfile

    with zipfile.ZipFile(mini_build / "report.pptx") as z:
        names = z.namelist()
        app = z.read("docProps/app.xml").decode()
        layout_set = z.read("ppt/theme/theme1.xml").decode()
        infos = z.infolist()
    assert not any("printerSettings" in n for n in names)
    assert "Macintosh" not in app and "4:3" not in app and "<Slides>3</Slides>" in app
    assert "テスト報告の表紙" in app  # slide titles listed for the document outline
    assert 'name="ministry"' in layout_set and "BIZ UDPGothic" in layout_set
    assert {i.date_time for i in infos} == {(2025, 9, 5, 0, 0, 0)}


def test_source_date_epoch_sets_the_files_dates(project: Path, tmp_path: Path, monkeypatch):
    import zipfile

    from pptx import Presentation

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    out = tmp_path / "out"
    build(project / "deck", out)
    assert Presentation(str(out / "report.pptx")).core_properties.modified.year == 2026
    with zipfile.ZipFile(out / "report.pptx") as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2026, 1, 1)}
    assert PdfReader(str(out / "report.pdf")).metadata["/CreationDate"].startswith("D:20260101")


def test_a_rebuild_from_kept_results_gives_the_same_bytes_as_a_first_build(
    project: Path, tmp_path: Path
):
    """Layouts, pages and slides kept on disk (OUT/.cache/memo) by the last build: a rebuild
    after a figure changes, in a new process, must equal a build from nothing."""
    import subprocess
    import sys

    def run(out: Path) -> None:
        cmd = [sys.executable, "-m", "deckbuilder.cli", "build", "deck", "-o", str(out), "-q"]
        subprocess.run(cmd, cwd=project, check=True)

    kept = tmp_path / "kept"
    run(kept)
    assert list((kept / ".cache" / "memo" / "layout").glob("*.pickle"))
    figs = project / "deck" / "figures.yaml"
    figs.write_text(
        figs.read_text(encoding="utf-8").replace("value: 79", "value: 81"), encoding="utf-8"
    )
    run(kept)
    fresh = tmp_path / "fresh"
    run(fresh)
    for name in ("report.pptx", "report.pdf"):
        assert (kept / name).read_bytes() == (fresh / name).read_bytes(), name

    # A character the deck never showed: the kept font programs must not be reused.
    slide = project / "deck" / "slides" / "03-closing.yaml"
    text = slide.read_text(encoding="utf-8")
    slide.write_text(text.replace("デジタル庁の使命", "鰻と鷗の使命"), encoding="utf-8")
    run(kept)
    fresh = tmp_path / "fresh2"
    run(fresh)
    for name in ("report.pptx", "report.pdf"):
        assert (kept / name).read_bytes() == (fresh / name).read_bytes(), name
    assert "鰻と鷗の使命" in PdfReader(str(kept / "report.pdf")).pages[2].extract_text()
