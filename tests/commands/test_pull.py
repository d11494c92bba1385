"""Edits made in the PPTX are never lost: the build guards them, ``pull`` takes them back.

Every test starts from a built copy of the report in a git repository and edits the PPTX as a
person would: python-pptx run edits saved in place (through the link), a file replaced by a new
one (as PowerPoint and LibreOffice save), and a LibreOffice round trip. Each pull is judged by
``git diff``: only the lines of the edit change.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from cmdkit import git
from deckbuilder.cli import main
from helpers import ROOT, SOFFICE, all_shapes, pdf_page, report_slide

Edit = Callable[[Presentation], None]
MYNACARD = report_slide("10-life-mynacard")  # the slide these tests edit


@pytest.fixture(scope="module")
def built_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report built once into a project (deck, layouts, assets) that is a git repo."""
    proj = tmp_path_factory.mktemp("pull") / "proj"
    for name in ("deck", "layouts"):
        shutil.copytree(ROOT / name, proj / name)
    shutil.copytree(ROOT / "assets", proj / "assets")
    git(proj, "init", "-q", "-b", "main")
    git(proj, "add", "-A")
    git(proj, "commit", "-q", "-m", "report")
    assert main(["build", str(proj / "deck"), "-o", str(proj / "out"), "-q"]) == 0
    return proj


@pytest.fixture
def report(built_report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the built project (outputs, links and record too), as the cwd."""
    proj = tmp_path / "proj"
    shutil.copytree(built_report, proj, symlinks=True)
    monkeypatch.chdir(proj)
    return proj


def run(*args: str) -> int:
    return main(list(args))


def outputs_bytes(proj: Path) -> tuple[bytes, bytes]:
    return (proj / "out/report.pptx").read_bytes(), (proj / "out/report.pdf").read_bytes()


def shape(prs, slide: int, name: str):
    for sh in all_shapes(prs.slides[slide - 1].shapes):
        if sh.name == name:
            return sh
    raise AssertionError(f"slide {slide} has no shape {name!r}")


def replace_text(sh, old: str, new: str) -> None:
    for p in sh.text_frame.paragraphs:
        for r in p.runs:
            if old in r.text:
                r.text = r.text.replace(old, new)
                return
    raise AssertionError(f"{old!r} not in {sh.name!r}")


def edit_in_place(proj: Path, edit: Edit) -> None:
    """python-pptx opens out/report.pptx and saves it where it is (through the link)."""
    prs = Presentation(str(proj / "out/report.pptx"))
    edit(prs)
    prs.save(str(proj / "out/report.pptx"))


def edit_replacing(proj: Path, edit: Edit) -> None:
    """Saved as PowerPoint saves: a new file written beside, renamed over the old name."""
    prs = Presentation(str(proj / "out/report.pptx"))
    edit(prs)
    tmp = proj / "out" / "~report.tmp"
    prs.save(str(tmp))
    os.replace(tmp, proj / "out/report.pptx")


def changed_lines(proj: Path) -> list[str]:
    """The YAML lines git sees changed: ``-old`` and ``+new`` lines, nothing else."""
    diff = git(proj, "diff", "-U0", "--", "deck")
    return [ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def retitle(prs) -> None:
    replace_text(prs.slides[MYNACARD - 1].shapes.title, "使うへ", "活用へ")


# --- the guard ---------------------------------------------------------------------------


@pytest.mark.parametrize("save", [edit_in_place, edit_replacing], ids=["in-place", "replaced"])
def test_build_refuses_an_edited_pptx_and_changes_nothing(report: Path, save, capsys):
    save(report, retitle)
    before = outputs_bytes(report)
    assert run("build", "-q") == 1
    err = capsys.readouterr().err
    assert "out/report.pptx: error: was changed after the last build (saved " in err
    assert "deckbuilder pull out/report.pptx" in err and "deckbuilder build --force" in err
    assert outputs_bytes(report) == before
    assert not list((report / "out").glob("report.edited-*"))


@pytest.mark.parametrize("name", ["report.pdf", "report.html"])
def test_build_refuses_an_edited_pdf_or_web_page(report: Path, name: str, capsys):
    path = report / "out" / name
    path.write_bytes(path.read_bytes() + b"\n% saved again by an editor\n")
    before = outputs_bytes(report), (report / "out/report.html").read_bytes()
    assert run("build", "-q") == 1
    err = capsys.readouterr().err
    assert f"out/{name}: error: was changed after the last build" in err
    assert "pull" not in err  # edits to these cannot be taken back
    assert (outputs_bytes(report), (report / "out/report.html").read_bytes()) == before


def test_force_keeps_the_edited_bytes(report: Path, capsys):
    edit_replacing(report, retitle)
    edited = (report / "out/report.pptx").read_bytes()
    assert run("build", "-q", "--force") == 0
    kept = list((report / "out").glob("report.edited-*.pptx"))
    assert len(kept) == 1 and kept[0].read_bytes() == edited
    assert f"Kept the edited file as out/{kept[0].name}" in capsys.readouterr().err
    assert (report / "out/report.pptx").read_bytes() != edited
    assert run("build", "-q") == 0  # the new outputs are the build's own again
    assert kept[0].read_bytes() == edited  # and the kept file survives later builds


def test_watch_applies_the_guard(report: Path, capsys):
    edit_in_place(report, retitle)
    before = outputs_bytes(report)
    assert run("watch", "--once", "-q") == 1
    assert "was changed after the last build" in capsys.readouterr().err
    assert outputs_bytes(report) == before


# --- pull --------------------------------------------------------------------------------


def pull_and_rebuild(proj: Path, *args: str) -> tuple[int, list[str]]:
    code = run("pull", "out/report.pptx", *args)
    return code, changed_lines(proj)


def test_pull_takes_back_a_title_and_the_next_build_shows_it(report: Path):
    edit_in_place(report, retitle)
    code, lines = pull_and_rebuild(report)
    assert code == 0
    assert lines == [
        "-title: マイナンバーカードは持つから使うへ",
        "+title: マイナンバーカードは持つから活用へ",
    ]
    assert run("build", "-q") == 0  # no --force: every edit was taken back
    prs = Presentation(str(report / "out/report.pptx"))
    assert prs.slides[MYNACARD - 1].shapes.title.text_frame.text.replace("\v", "") == (
        "マイナンバーカードは持つから活用へ"
    )
    assert "持つから活用へ" in pdf_page(report / "out/report.pdf", MYNACARD).replace("\n", "")


def test_pull_takes_back_a_kpi_value_into_figures(report: Path):
    edit_replacing(
        report,
        lambda p: replace_text(shape(p, MYNACARD, "マイナ保険証｜有効登録数"), "8,484", "8,512"),
    )
    code, lines = pull_and_rebuild(report)
    assert code == 0
    assert lines == ["-  value: 8484", "+  value: 8512"]
    assert git(report, "diff", "--name-only").split() == ["deck/figures.yaml"]
    assert run("build", "-q") == 0
    assert "8,512" in pdf_page(report / "out/report.pdf", MYNACARD)


def test_pull_takes_back_a_chart_value_label(report: Path):
    edit_in_place(
        report,
        lambda p: replace_text(shape(p, MYNACARD, "マイナンバーカード 保有率｜79%"), "79", "80"),
    )
    code, lines = pull_and_rebuild(report)
    assert code == 0
    assert lines == ["-  value: 79", "+  value: 80"]


def test_pull_takes_back_an_as_of_date(report: Path):
    edit_in_place(
        report,
        lambda p: replace_text(
            shape(p, MYNACARD, "マイナ保険証｜有効登録数"), "2025年7月", "2025年8月"
        ),
    )
    code, lines = pull_and_rebuild(report)
    assert code == 0
    assert lines == ["-  as_of: 2025年7月", "+  as_of: 2025年8月"]


def multi_line_paragraph(prs) -> tuple[int, object, object]:
    """The first body paragraph the line breaker set on three or more lines."""
    for n, slide in enumerate(prs.slides, start=1):
        for sh in all_shapes(slide.shapes):
            if not sh.has_text_frame or n < 4:
                continue
            for p in sh.text_frame.paragraphs:
                breaks = p._p.findall("{*}br")
                if len(breaks) >= 2 and len(p.runs) >= 3:
                    return n, sh, p
    raise AssertionError("no paragraph on three lines")


def test_pull_takes_back_a_word_inside_a_multi_line_paragraph(report: Path):
    prs = Presentation(str(report / "out/report.pptx"))
    n, sh, para = multi_line_paragraph(prs)
    run_ = para.runs[1]  # a word on the paragraph's second line
    word = run_.text[:2]
    run_.text = "＊" + run_.text[2:]
    prs.save(str(report / "out/report.pptx"))
    code, lines = pull_and_rebuild(report)
    assert code == 0
    assert len(lines) == 2 and lines[0].startswith("-") and lines[1].startswith("+")
    old, new = lines[0][1:], lines[1][1:]
    assert old.replace(word, "＊", 1) == new  # the YAML line: one word changed, no breaks added
    assert "\\n" not in new and "<a:br" not in new


def test_pull_takes_back_a_list_item(report: Path):
    def edit(prs) -> None:
        for sh in all_shapes(prs.slides[17].shapes):
            if sh.has_text_frame and "ガバメントソリュー" in sh.text_frame.text:
                replace_text(sh, "ガバメントソリュー", "ガバメント・ソリュー")
                return
        raise AssertionError("no GSS item")

    edit_in_place(report, edit)
    code, lines = pull_and_rebuild(report)
    assert code == 0
    assert lines == [
        "-          - GSS（ガバメントソリューションサービス）",
        "+          - GSS（ガバメント・ソリューションサービス）",
    ]


def test_pull_takes_back_a_speaker_note(report: Path):
    def edit(prs) -> None:
        run_ = prs.slides[MYNACARD - 1].notes_slide.notes_text_frame.paragraphs[0].runs[0]
        run_.text = run_.text.replace("広がっています", "広がりました")

    edit_in_place(report, edit)
    code, lines = pull_and_rebuild(report)
    assert code == 0
    assert (
        len(lines) == 2 and lines[0].startswith("-notes: ") and lines[1].endswith("広がりました。")
    )
    assert run("build", "-q") == 0
    notes = Presentation(str(report / "out/report.pptx")).slides[MYNACARD - 1].notes_slide
    assert "広がりました" in notes.notes_text_frame.text


def test_pull_of_an_unedited_build_changes_nothing(report: Path, capsys):
    assert run("pull", "out/report.pptx") == 0
    assert changed_lines(report) == []
    assert "No edits to take back" in capsys.readouterr().out


def test_pull_diff_prints_and_writes_nothing(report: Path, capsys):
    edit_in_place(report, retitle)
    assert run("pull", "out/report.pptx", "--diff") == 0
    out = capsys.readouterr().out
    assert "+title: マイナンバーカードは持つから活用へ" in out and "--- a/deck/slides/10-" in out
    assert changed_lines(report) == []
    assert run("build", "-q") == 1  # the edit was not taken back: still guarded


def test_pull_from_a_copy_elsewhere(report: Path, tmp_path: Path):
    """A file e-mailed back: the kept copies of the build still tell what was edited."""
    edit_in_place(report, retitle)
    mailed = tmp_path / "受信" / "report.pptx"
    mailed.parent.mkdir()
    shutil.copy(report / "out/report.pptx", mailed)
    assert run("pull", str(mailed)) == 0
    assert "+title: マイナンバーカードは持つから活用へ" in changed_lines(report)


# --- what cannot go back -----------------------------------------------------------------


def add_textbox(prs) -> None:
    prs.slides[MYNACARD - 1].shapes.add_textbox(
        Emu(0), Emu(0), Emu(914400), Emu(457200)
    ).text = "追記"


def move_title(prs) -> None:
    prs.slides[MYNACARD - 1].shapes.title.left += Emu(914400)


def delete_shape(prs) -> None:
    sh = shape(prs, MYNACARD, "マイナ保険証｜有効登録数")
    sh._element.getparent().remove(sh._element)


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (add_textbox, "added in the PPTX"),
        (move_title, "moved or resized"),
        (delete_shape, "deleted in the PPTX"),
    ],
    ids=["added", "moved", "deleted"],
)
def test_shape_edits_without_a_source_are_listed_and_nothing_is_written(
    report: Path, edit, words, capsys
):
    edit_in_place(report, edit)
    assert run("pull", "out/report.pptx") == 1
    err = capsys.readouterr().err
    assert f"out/report.pptx: error: slide {MYNACARD}: shape 「" in err and words in err
    assert changed_lines(report) == []
    assert run("build", "-q") == 1  # still guarded


def test_a_broken_figure_is_refused_and_the_other_edits_are_taken(report: Path, capsys):
    def edit(prs) -> None:
        retitle(prs)
        replace_text(shape(prs, MYNACARD, "マイナ保険証｜有効登録数"), "8,484", "約八千")

    edit_in_place(report, edit)
    assert run("pull", "out/report.pptx") == 1
    err = capsys.readouterr().err
    assert "is not a number: figure 'mynahokensho.registrations' keeps its value" in err
    assert changed_lines(report) == [
        "-title: マイナンバーカードは持つから使うへ",
        "+title: マイナンバーカードは持つから活用へ",
    ]


def test_the_layouts_own_text_is_refused(report: Path, capsys):
    edit_in_place(
        report, lambda p: replace_text(shape(p, MYNACARD, "対応する課題"), "課題", "問題")
    )
    assert run("pull", "out/report.pptx") == 1
    assert "is not in the YAML as the build printed it: the layout prints it" in (
        capsys.readouterr().err
    )
    assert changed_lines(report) == []


def test_an_edit_of_text_the_yaml_changed_since_is_not_written_over_it(report: Path, capsys):
    """A reviewer changed the title in the YAML after the build; someone edited the old title
    in the PPTX: pull takes neither side, says so, and leaves the YAML as the reviewer made it."""
    slide = report / "deck/slides/10-life-mynacard.yaml"
    text = slide.read_text(encoding="utf-8").replace(
        "title: マイナンバーカードは持つから使うへ", "title: マイナンバーカードは持つから使う時代へ"
    )
    slide.write_text(text, encoding="utf-8")
    edit_in_place(report, retitle)
    assert run("pull", "out/report.pptx") == 1
    assert "its YAML text was changed since the build" in capsys.readouterr().err
    assert slide.read_text(encoding="utf-8") == text


def test_a_deck_file_broken_since_is_named_and_nothing_is_written(report: Path, capsys):
    figures = report / "deck/figures.yaml"
    broken = figures.read_text(encoding="utf-8").replace("  value: 8484", "  value: [8484", 1)
    figures.write_text(broken, encoding="utf-8")
    edit_in_place(report, retitle)
    assert run("pull", "out/report.pptx") == 1
    err = capsys.readouterr().err
    assert "deck/figures.yaml:" in err and "is not valid YAML now" in err
    assert "Traceback" not in err
    assert changed_lines(report) == ["-  value: 8484", "+  value: [8484"]


def test_a_new_slide_is_refused(report: Path, capsys):
    def edit(prs) -> None:
        prs.slides.add_slide(prs.slide_layouts[0])

    edit_in_place(report, edit)
    assert run("pull", "out/report.pptx") == 1
    assert "1 slide(s) added" in capsys.readouterr().err
    assert changed_lines(report) == []


# --- hostile and foreign files -----------------------------------------------------------


def zip_with(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


ENTITY_XML = (
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">'
    b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">&x;&b;'
    b"</p:presentation>"
)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"not a zip at all", "is not a PowerPoint file (.pptx): it is not a zip package"),
        (zip_with({"bomb.xml": b"\0" * (64 << 20)}), "(a zip bomb?)"),
        (zip_with({"ppt/presentation.xml": ENTITY_XML}), "declares a DOCTYPE or entities"),
        (zip_with({"hello.txt": b"hi"}), "has no part ppt/presentation.xml"),
    ],
    ids=["not-zip", "bomb", "entities", "not-pptx"],
)
def test_hostile_files_are_refused_and_nothing_is_written(
    report: Path, tmp_path, data, words, capsys
):
    bad = tmp_path / "bad.pptx"
    bad.write_bytes(data)
    assert run("pull", str(bad)) == 1
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert changed_lines(report) == []


def test_a_deck_of_another_project_is_refused(report: Path, tmp_path, capsys):
    other = tmp_path / "other.pptx"
    prs = Presentation()
    for _ in range(44):
        prs.slides.add_slide(prs.slide_layouts[1]).shapes.title.text = "別の資料"
    prs.save(str(other))
    assert run("pull", str(other)) == 1
    assert "was not built from deck/" in capsys.readouterr().err
    assert changed_lines(report) == []


# --- LibreOffice -------------------------------------------------------------------------


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_pull_after_a_libreoffice_round_trip(report: Path, tmp_path: Path):
    """Edited, then saved again by LibreOffice (ids renumbered, title renamed): pull still
    finds every shape and takes back exactly the two edits."""

    def edit(prs) -> None:
        retitle(prs)
        replace_text(shape(prs, MYNACARD, "マイナ保険証｜有効登録数"), "8,484", "8,512")

    edited = tmp_path / "edited.pptx"
    prs = Presentation(str(report / "out/report.pptx"))
    edit(prs)
    prs.save(str(edited))
    lo = tmp_path / "lo"
    conf = lo / "fonts.conf"
    lo.mkdir()
    conf.write_text(
        '<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf'
        f"</include><dir>{ROOT / 'assets' / 'fonts'}</dir></fontconfig>",
        encoding="utf-8",
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(lo), "FONTCONFIG_FILE": str(conf)}
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{lo / 'profile'}", "--headless", "--convert-to",
         "pptx", "--outdir", str(lo), str(edited)],
        check=True, env=env, capture_output=True, timeout=600,
    )  # fmt: skip
    os.replace(lo / "edited.pptx", report / "out/report.pptx")
    code, lines = pull_and_rebuild(report)
    assert code == 0
    assert sorted(lines) == sorted(
        [
            "-title: マイナンバーカードは持つから使うへ",
            "+title: マイナンバーカードは持つから活用へ",
            "-  value: 8484",
            "+  value: 8512",
        ]
    )
    assert run("build", "-q") == 0
