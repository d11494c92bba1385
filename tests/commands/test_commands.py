"""The commands for comms staff, reviewers and designers: check, figures, diff, preview, watch,
build progress, and the second layout set. Each runs end to end on a small deck in tmp_path."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from cmdkit import edit, git, git_repo, outputs
from deckbuilder.check.checks import as_of_month, contrast, is_large, run_checks
from deckbuilder.cli import main
from deckbuilder.commands.build import compile_deck
from deckbuilder.errors import rel
from helpers import ROOT, make_project

pytestmark = pytest.mark.project(deck="cli")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err + cap.out
    return code, cap.out, cap.err


# --- check -------------------------------------------------------------------------------------


def test_check_passes_and_writes_nothing(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    before = sorted(p for p in project.rglob("*"))
    code, out, _ = run(capsys, "check", "deck")
    assert code == 0
    assert out.strip().endswith("0 error(s), 1 warning(s)")
    # The one warning: a figure no slide shows any more.
    assert (
        "deck/figures.yaml:26:1: warning: figure 'unused.figure' is shown on no slide: remove it "
        "from figures.yaml, or show it"
    ) in out
    assert sorted(p for p in project.rglob("*")) == before


def test_check_reports_like_a_linter_and_as_json(project: Path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    edit(
        project / "deck/slides/02-kpis.yaml",
        "[mynaportal.accounts, ai.users]",
        "[mynaportal.account, ai.users]",
    )
    edit(project / "deck/slides/02-kpis.yaml", "breadcrumb:", "breadcrum:")
    code, out, _ = run(capsys, "check", "deck")
    assert code == 1
    assert (
        "deck/slides/02-kpis.yaml:9:16: error: slide 2: unknown figure 'mynaportal.account' "
        "(did you mean 'mynaportal.accounts': アカウント登録数, 7,959万件（2025年7月）?)" in out
    )
    assert "deck/slides/02-kpis.yaml:2:1: error: slide 2: unknown key 'breadcrum'" in out
    assert "(did you mean 'breadcrumb'?)" in out
    code, out, _ = run(capsys, "check", "deck", "--format", "json")
    assert code == 1
    items = json.loads(out)
    ref = next(d for d in items if d["code"] == "reference")
    assert ref == {
        "file": "deck/slides/02-kpis.yaml",
        "line": 9,
        "column": 16,
        "severity": "error",
        "slide": 2,
        "code": "reference",
        "message": "unknown figure 'mynaportal.account' (did you mean 'mynaportal.accounts': "
        "アカウント登録数, 7,959万件（2025年7月）?)",
    }


def test_check_reports_overflow_as_an_error(project: Path, capsys):
    long = "デジタル庁は社会全体のデジタル化を推進する取組を牽引していきます。" * 40
    edit(project / "deck/slides/02-kpis.yaml", "登録数は{mynaportal.accounts}に達しました。", long)
    code, out, _ = run(capsys, "check", str(project / "deck"))
    assert code == 1
    assert "error: slide 2, slot body overflows by" in out


def test_stale_figures_counted_from_the_deck_date(project: Path, capsys):
    figs = project / "deck/figures.yaml"
    edit(
        figs,
        "value: 7959\n  unit: 万件\n  as_of: 2025年7月",
        "value: 7959\n  unit: 万件\n  as_of: 2023年12月",
    )
    code, out, _ = run(capsys, "check", str(project / "deck"))
    assert code == 0  # a warning
    line = next(x for x in out.splitlines() if "stale" in x)
    assert line.startswith(f"{figs}:1:1: warning: figure 'mynaportal.accounts' is stale")
    assert "21 months before the deck's date 2025-09-05 (limit 18" in line
    assert line.endswith("shown on slide 2")
    # The earlier point of a before/after chart (2021年11月) is history, and a figure no slide
    # shows is not called stale (it is reported as unused).
    assert "mynacard.rate_2021" not in out and "'unused.figure' is stale" not in out
    assert run(capsys, "check", str(project / "deck"), "--strict")[0] == 1
    # The threshold comes from deck.yaml.
    edit(project / "deck/deck.yaml", "stale_after_months: 18", "stale_after_months: 24")
    assert "is stale" not in run(capsys, "check", str(project / "deck"))[1]


@pytest.mark.parametrize(
    "text, month",
    [
        ("2025年7月", (2025, 7)),
        ("2025年７月", (2025, 7)),
        ("2025年5月～7月", (2025, 7)),
        ("2024年度", (2025, 3)),
        ("2025年3月末", (2025, 3)),
        ("令和6年3月末時点", (2024, 3)),
        ("2024年公立高等学校入学者選抜", (2024, 12)),
        ("未定", None),
    ],
)
def test_as_of_dates_are_read(text: str, month: tuple[int, int] | None):
    assert as_of_month(text) == month


def test_duplicate_titles_and_missing_alt_text(project: Path, capsys):
    edit(
        project / "deck/slides/03-section.yaml",
        "title: 行政のデジタル変革と取組成果",
        "title: マイナンバーカードは持つから使うへ",
    )
    edit(project / "deck/slides/02-kpis.yaml", "caption: マイナポータルの画面", "caption: '  '")
    code, out, _ = run(capsys, "check", str(project / "deck"))
    assert code == 1
    dup = next(x for x in out.splitlines() if "also the title" in x)
    assert "03-section.yaml:3:1: warning: slide 3:" in dup and "of slide 2" in dup
    alt = next(x for x in out.splitlines() if "alt text" in x)
    assert "02-kpis.yaml:16:9: error: slide 2: the image has no caption" in alt


def test_content_the_layout_would_not_show(project: Path, capsys):
    slide = project / "deck/slides/03-section.yaml"
    slide.write_text(
        slide.read_text(encoding="utf-8") + "lead: 説明の一文\nnotes: 話す内容\n", encoding="utf-8"
    )
    edit(
        project / "layouts/ministry/layouts.yaml",
        "    kicker: {x: 64, y: 50",
        "    kickr: {x: 64, y: 50",
    )
    edit(project / "deck/slides/02-kpis.yaml", "columns: 2", "kicker: 小見出し\ncolumns: 2")
    code, out, _ = run(capsys, "check", str(project / "deck"))
    assert code == 1
    assert (
        "03-section.yaml:4:1: error: slide 3: 'lead' is not shown by layout 'section' (a section "
        "layout shows number, title)" in out
    )
    assert "'notes'" not in out  # speaker notes go with every layout
    assert "02-kpis.yaml:4:1: error: slide 2: 'kicker' would not be shown: layout 'content'" in out


def test_wcag_contrast_ratios():
    assert round(contrast("#000000", "#FFFFFF"), 1) == 21.0
    assert round(contrast("#767676", "#FFFFFF"), 2) == 4.54
    assert contrast("#FFFFFF", "#0017C1") == contrast("#0017C1", "#FFFFFF")
    assert is_large(18, False) and is_large(14, True) and not is_large(17.9, False)
    assert not is_large(13.5, True)


@pytest.mark.parametrize("name", ["ministry", "ministry-print"])
def test_shipped_layout_sets_pass_contrast(project: Path, name: str):
    res = run_checks(project / "deck", name)
    assert [d for d in res.diagnostics if d.code == "contrast"] == []


def test_low_contrast_in_the_layout_set_is_an_error(project: Path, capsys):
    tokens = project / "layouts/ministry/tokens.yaml"
    edit(tokens, 'sub: "#4D4D4D"', 'sub: "#AAAAAA"')
    edit(tokens, 'key: "#0017C1"', 'key: "#7096F8"')
    code, out, _ = run(capsys, "check", str(project / "deck"))
    assert code == 1
    lines = [x for x in out.splitlines() if "contrast" in x.split(": ", 1)[-1]]  # not the path
    # Small grey text on white, named where the style is set in tokens.yaml …
    assert any(
        x.startswith(f"{tokens}:") and "#AAAAAA on #FFFFFF" in x and "4.5:1 for text" in x
        for x in lines
    ), lines
    # … and white text on the lighter key colour, including large text (3:1).
    assert any("#FFFFFF on #7096F8" in x for x in lines), lines
    assert all("error:" in x for x in lines)


def test_white_chart_values_on_a_light_bar_are_an_error(project: Path, capsys):
    """A parts chart prints its first two values in white on the bars: the scene cannot see
    the bars, so the check takes their colours from the palette."""
    tokens = project / "layouts/ministry/tokens.yaml"
    edit(tokens, "palette: [key, secondary,", "palette: [key, tint-200,")
    code, out, _ = run(capsys, "check", str(project / "deck"))
    assert code == 1
    assert any("chart values on a bar" in x and "#FFFFFF on #C5D7FB" in x for x in out.splitlines())


# --- figures -----------------------------------------------------------------------------------


def test_figures_table_and_csv(project: Path, capsys):
    code, out, _ = run(capsys, "figures", str(project / "deck"))
    assert code == 0
    head, rule, *rows, summary = out.splitlines()
    assert head.split() == ["id", "value", "unit", "as", "of", "slides", "source"]
    acc = next(r for r in rows if r.startswith("mynaportal.accounts "))
    assert acc.split()[:5] == ["mynaportal.accounts", "7,959", "万件", "2025年7月", "2"]
    assert next(r for r in rows if r.startswith("ai.users ")).split()[1] == "約950"
    assert summary == "5 figures, 1 shown on no slide"
    code, out, _ = run(capsys, "figures", str(project / "deck"), "--csv")
    assert out.startswith("\ufeffid,value,") and "\r\n" in out  # for Excel: a BOM, CRLF
    table = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert [r["id"] for r in table][:2] == ["mynaportal.accounts", "mynacard.rate_2021"]
    by = {r["id"]: r for r in table}
    assert by["mynaportal.accounts"] == {
        "id": "mynaportal.accounts",
        "value": "7,959",
        "unit": "万件",
        "as_of": "2025年7月",
        "source": "テスト p.2",
        "slides": "2",
    }
    assert by["mynacard.rate_2025"]["slides"] == "2"  # charts count
    assert by["unused.figure"]["slides"] == ""


def test_figures_slides_come_from_text_references(project: Path, capsys):
    edit(
        project / "deck/slides/03-section.yaml",
        "行政のデジタル変革と取組成果",
        "行政のデジタル変革と取組成果（{unused.figure}）",
    )
    out = run(capsys, "figures", str(project / "deck"), "--csv")[1].removeprefix("\ufeff")
    by = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert by["unused.figure"]["slides"] == "3"


# --- diff --------------------------------------------------------------------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_diff_figures_and_text_against_the_working_tree(project: Path, capsys, monkeypatch):
    git_repo(project)
    monkeypatch.chdir(project)
    edit(project / "deck/figures.yaml", "value: 79\n", "value: 81\n")
    edit(project / "deck/slides/02-kpis.yaml", "※１. テスト用の脚注", "※１. 改訂した脚注")
    edit(project / "deck/slides/02-kpis.yaml", "２. 行政のデジタル", "２. 行政の デジタル")
    code, out, _ = run(capsys, "diff", "HEAD")
    assert code == 0
    assert "Deck changes from HEAD to working tree" in out
    assert "mynacard.rate_2025: 79%（2025年7月） → 81%（2025年7月）   slide 2" in out
    assert "  slide 2: マイナンバーカードは持つから使うへ  [deck/slides/02-kpis.yaml]" in out
    assert "- footnote: ※１. テスト用の脚注" in out
    assert "+ footnote: ※１. 改訂した脚注" in out
    assert "figures changed: mynacard.rate_2025" in out
    assert "line breaks or spaces changed in 1 text\n" in out and "breadcrumb" not in out
    assert "slide 1" not in out and "slide 3" not in out


@needs_git
def test_diff_between_two_revisions_with_images(project: Path, capsys, monkeypatch):
    git_repo(project)
    monkeypatch.chdir(project)
    edit(project / "deck/slides/03-section.yaml", "取組成果", "取組の成果")
    git(project, "commit", "-q", "-am", "second")
    edit(project / "deck/figures.yaml", "value: 950", "value: 990")  # not committed: not compared
    code, out, _ = run(capsys, "diff", "HEAD~1", "HEAD", "--png", "-o", "out")
    assert code == 0
    assert "- title: 行政のデジタル変革と取組成果" in out
    assert "+ title: 行政のデジタル変革と取組の成果" in out
    assert "ai.users" not in out
    assert "1 before | after image(s) in out/diff/" in out
    pngs = sorted((project / "out/diff").iterdir())
    assert [p.name for p in pngs] == ["slide-03.png"]
    with Image.open(pngs[0]) as im:
        assert im.width > 2 * 960 and 540 < im.height < 700  # two slides side by side
    # Same revision twice: nothing changed; images of an earlier diff are removed.
    code, out, _ = run(capsys, "diff", "HEAD", "HEAD", "--png", "-o", "out")
    assert out == "No changes to the deck between HEAD and HEAD.\n"


@needs_git
def test_diff_added_and_removed_slides(project: Path, capsys, monkeypatch):
    git_repo(project)
    monkeypatch.chdir(project)
    deck = project / "deck/deck.yaml"
    edit(deck, "  - 03-section.yaml\n", "  - 04-new.yaml\n")
    (project / "deck/slides/04-new.yaml").write_text(
        "layout: closing\ntitle: 新しい結び\nstatement: [一行目]\n", encoding="utf-8"
    )
    out = run(capsys, "diff", "HEAD")[1]
    assert "slide 3 (added): 新しい結び  [deck/slides/04-new.yaml]" in out
    assert (
        "slide 3 (removed): 行政のデジタル変革と取組成果  [HEAD:deck/slides/03-section.yaml]" in out
    )


@needs_git
def test_diff_problems_are_reported_not_raised(project: Path, tmp_path: Path, capsys, monkeypatch):
    git_repo(project)
    monkeypatch.chdir(project)
    code, _, err = run(capsys, "diff", "no-such-rev")
    assert code == 1 and "unknown revision 'no-such-rev'" in err
    # The working tree's deck is broken: named as usual.
    edit(project / "deck/slides/02-kpis.yaml", "ai.users]", "ai.user]")
    code, _, err = run(capsys, "diff", "HEAD")
    assert code == 1 and "02-kpis.yaml:9:37: error: slide 2: unknown figure 'ai.user'" in err
    # Outside a repository.
    plain = make_project(tmp_path / "plain", "cli")
    code, _, err = run(capsys, "diff", "HEAD", "--deck", str(plain / "deck"))
    assert code == 1 and "is not in a git repository" in err


# --- preview -----------------------------------------------------------------------------------


def test_preview_writes_a_png_per_slide_and_a_contact_sheet(project: Path, capsys):
    out = project / "out"
    code, stdout, err = run(capsys, "preview", str(project / "deck"), "-o", str(out))
    assert code == 0
    names = sorted(p.name for p in (out / "preview").iterdir())
    assert names == ["contact-sheet.png", "slide-01.png", "slide-02.png", "slide-03.png"]
    with Image.open(out / "preview/slide-02.png") as im:
        assert im.size == (960, 540)
    with Image.open(out / "preview/contact-sheet.png") as im:
        assert im.width > 3 * 320 and im.height > 180
    assert "contact sheet" in stdout and "render PNG: slide 3 of 3" in err
    # Nothing but the preview is written.
    assert sorted(p.name for p in out.iterdir()) == ["preview"]
    # A title with a line break is labelled on one line.
    edit(project / "deck/slides/03-section.yaml", "title: 行政の", 'title: "行政の\\n')
    edit(project / "deck/slides/03-section.yaml", "取組成果", '取組成果"')
    assert run(capsys, "preview", str(project / "deck"), "-o", str(out), "-q")[0] == 0
    # A slide dropped from the deck loses its image.
    edit(project / "deck/deck.yaml", "  - 03-section.yaml\n", "")
    assert run(capsys, "preview", str(project / "deck"), "-o", str(out), "-q")[0] == 0
    names = sorted(p.name for p in (out / "preview").iterdir())
    assert names == ["contact-sheet.png", "slide-01.png", "slide-02.png"]


# --- watch -------------------------------------------------------------------------------------


def test_watch_rebuilds_reports_broken_files_and_goes_on(project: Path, tmp_path: Path):
    from deckbuilder.commands.watch import watch

    out = tmp_path / "out"
    slide = project / "deck/slides/03-section.yaml"
    log = io.StringIO()
    seen: list[dict[str, bytes]] = []
    steps = [
        lambda: edit(slide, "取組成果", "取組の成果"),  # a good edit
        lambda: slide.write_text("layout: section\ntitle: [half saved\n", encoding="utf-8"),
        lambda: slide.write_text('layout: section\nnumber: "2."\ntitle: 直した\n', "utf-8"),
    ]

    def events():
        # Each step edits a file; watch builds once per settled batch of changes.
        for step in steps:
            seen.append(outputs(out))
            step()
            yield [str(slide)]

    state = watch(project / "deck", out, max_builds=4, out=log, events=events())
    text = log.getvalue()
    assert (state.builds, state.ok, state.failed, state.last_ok) == (4, 3, 1, True)
    assert text.count("built 3 slides in") == 3
    assert "03-section.yaml:2:8: error: slide 3: YAML syntax" in text
    assert "1 problem in" in text and "the last good outputs are unchanged. Watching" in text
    assert text.count("changed: ") == 3 and f"changed: {slide}" in text
    assert "Traceback" not in text
    # seen[n]: the outputs before step n. The good edit rebuilt them, the broken save left them
    # as they were, the fix rebuilt them.
    assert seen[1]["report.pdf"] != seen[0]["report.pdf"]
    assert seen[2] == seen[1]
    assert outputs(out)["report.pdf"] != seen[2]["report.pdf"]


def test_watch_rebuilds_on_file_events_and_a_mistyped_deck_is_an_error(
    project: Path, tmp_path: Path, capsys
):
    import threading

    from deckbuilder.commands.watch import watch

    out = tmp_path / "out"
    log, stop = io.StringIO(), threading.Event()
    runner = threading.Thread(
        target=watch, args=(project / "deck", out), kwargs={"out": log, "stop": stop}, daemon=True
    )
    runner.start()
    try:
        deadline = time.monotonic() + 60
        while "built 3 slides" not in log.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        first = (out / "report.pdf").read_bytes()
        time.sleep(0.3)  # let the watcher start before the save
        # Saved as editors and ``sed -i`` save: a temporary file renamed over the old one.
        figures = project / "deck/figures.yaml"
        temp = project / "deck/sedX4fq2a"
        temp.write_text(figures.read_text(encoding="utf-8").replace("7959", "8123"), "utf-8")
        os.replace(temp, figures)
        while (out / "report.pdf").read_bytes() == first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (out / "report.pdf").read_bytes() != first, log.getvalue()
        changed = [ln for ln in log.getvalue().splitlines() if "changed: " in ln]
        assert changed and changed[0].endswith("changed: " + rel(figures)), log.getvalue()
    finally:
        stop.set()
        runner.join(10)
    assert not runner.is_alive()
    # A deck folder that does not exist stops at once, exit 1.
    code, _, err = run(capsys, "watch", str(project / "dekc"), "-o", str(out))
    assert code == 1 and "dekc: error: deck folder not found; nothing to watch" in err


def test_a_safe_saves_temporary_file_is_not_listed_but_alone_it_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from watchfiles import Change

    from deckbuilder.commands.watch import saved_files

    monkeypatch.chdir(tmp_path)
    (tmp_path / "deck").mkdir()
    (tmp_path / "deck/figures.yaml").write_text("a: 1\n", encoding="utf-8")
    temp, real = str(tmp_path / "deck/sedX4fq2a"), str(tmp_path / "deck/figures.yaml")
    safe_save = [(Change.added, temp), (Change.modified, temp), (Change.deleted, temp)]
    assert saved_files([*safe_save, (Change.added, real)]) == ["deck/figures.yaml"]
    assert saved_files(safe_save) == ["deck/sedX4fq2a"]  # nothing else: built, never skipped
    gone = str(tmp_path / "deck/slides/03.yaml")  # a slide deleted is a change
    assert saved_files([(Change.deleted, gone)]) == ["deck/slides/03.yaml"]


def test_watch_once_from_the_command_line(project: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    code, _, err = run(capsys, "watch", str(project / "deck"), "-o", str(out), "--once")
    assert code == 0 and "built 3 slides" in err
    assert (out / "report.pdf").is_file() and (out / "report.pptx").is_file()
    edit(project / "deck/slides/02-kpis.yaml", "ai.users]", "ai.user]")
    code, _, err = run(capsys, "watch", str(project / "deck"), "-o", str(out), "--once", "-q")
    assert code == 1 and "unknown figure 'ai.user'" in err


# --- build progress and quiet ------------------------------------------------------------------


def test_build_shows_progress_and_is_quiet_with_q(project: Path, tmp_path: Path, capsys):
    code, out, err = run(capsys, "build", str(project / "deck"), "-o", str(tmp_path / "a"))
    assert code == 0
    stages = [line.split("] ", 1)[1] for line in err.splitlines() if "] " in line]
    assert stages[0] == "load" and "render PDF" in stages and "render PPTX" in stages
    assert "render HTML" in stages
    assert out.startswith("Built 3 slides in ")
    code, out, err = run(capsys, "build", str(project / "deck"), "-o", str(tmp_path / "b"), "-q")
    assert code == 0 and out == "" and err == ""


def test_progress_counts_slides_on_a_terminal():
    from deckbuilder.cli import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    p = Progress(False, stream)
    for i in range(1, 4):
        p("render PDF", i, 3)
    p("render PPTX")
    p.done()
    text = stream.getvalue()
    assert "render PDF: slide 1 of 3" in text and "render PDF: slide 3 of 3\n" in text
    assert text.count("\r") == 4 and text.endswith("render PPTX\n")


def test_internal_errors_are_reported_without_traceback(project: Path, capsys, monkeypatch):
    import deckbuilder.commands.build as pipeline  # the command imports it when it runs

    def boom(*_a: object, **_k: object) -> None:
        raise ZeroDivisionError("float division by zero")

    monkeypatch.setattr(pipeline, "build", boom)
    code, _, err = run(capsys, "build", str(project / "deck"))
    assert code == 70
    assert "internal error in 'build': ZeroDivisionError" in err and "DECKBUILDER_DEBUG" in err


# --- the second layout set ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["ministry", "ministry-print"])
def test_both_layout_sets_build(project: Path, tmp_path: Path, capsys, name: str):
    out = tmp_path / name
    code, _, _ = run(
        capsys, "build", str(project / "deck"), "-o", str(out), "--layouts", name, "-q"
    )
    assert code == 0
    assert (out / "report.pdf").stat().st_size > 0 and (out / "report.pptx").stat().st_size > 0


def test_print_set_is_white_with_darker_text(project: Path):
    screen = compile_deck(project / "deck", "ministry")
    paper = compile_deck(project / "deck", "ministry-print")
    assert screen.scenes[2].background == "#0017C1"  # the section slide
    assert {s.background for s in paper.scenes} == {"#FFFFFF"}
    assert (
        paper.layout_set.colors["sub"] == "#333333" and paper.layout_set.colors["rule"] == "#767676"
    )
    for name, style in paper.layout_set.styles.items():
        base = screen.layout_set.styles[name]
        assert style.min_size >= base.min_size, name
        assert contrast(style.color, "#FFFFFF") >= contrast(base.color, "#FFFFFF") or (
            name.startswith("section")
        ), name
    assert (
        sum(
            paper.layout_set.styles[n].min_size > screen.layout_set.styles[n].min_size
            for n in paper.layout_set.styles
        )
        >= 4
    )


def test_deck_yaml_chooses_the_layout_set(project: Path):
    edit(project / "deck/deck.yaml", "layouts: ministry", "layouts: ministry-print")
    assert compile_deck(project / "deck").layout_set.name == "ministry-print"


def test_layouts_readme_lists_every_layout_and_slot():
    import yaml

    readme = (ROOT / "layouts/README.md").read_text(encoding="utf-8")
    for name in ("ministry", "ministry-print"):
        layouts = yaml.safe_load((ROOT / "layouts" / name / "layouts.yaml").read_text("utf-8"))
        for layout, spec in layouts.items():
            assert f"`{layout}`" in readme, layout
            for slot in spec.get("slots", {}):
                assert f"`{slot}`" in readme, (layout, slot)


def test_print_set_keeps_in_step_with_ministry():
    """ministry-print is ministry's geometry with print changes: a layout, slot, style or
    component added to ministry must be added to ministry-print too (layouts/README.md)."""
    import yaml

    def load(name: str, file: str) -> dict:
        return yaml.safe_load((ROOT / "layouts" / name / file).read_text("utf-8"))

    screen, paper = load("ministry", "layouts.yaml"), load("ministry-print", "layouts.yaml")
    assert paper.keys() == screen.keys()
    for name, spec in screen.items():
        p = paper[name]
        assert p["kind"] == spec["kind"], name
        assert p.get("styles") == spec.get("styles"), name
        assert p["slots"].keys() == spec["slots"].keys(), name
        for slot, box in spec["slots"].items():
            other = {k: v for k, v in p["slots"][slot].items() if k != "color"}
            assert other == {k: v for k, v in box.items() if k != "color"}, (name, slot)
        if name != "section":
            assert (p.get("background"), p.get("shapes")) == (
                spec.get("background"),
                spec.get("shapes"),
            ), name
    st, pt = load("ministry", "tokens.yaml"), load("ministry-print", "tokens.yaml")
    assert pt["styles"].keys() == st["styles"].keys()
    for style, spec in st["styles"].items():
        keep = {k: v for k, v in spec.items() if k not in ("color", "min_size")}
        assert {k: v for k, v in pt["styles"][style].items() if k not in ("color", "min_size")} == (
            keep
        ), style
    # The same components with the same settings (values may differ: print has its own sizes).
    assert pt["components"].keys() == st["components"].keys()
    for comp, spec in st["components"].items():
        if isinstance(spec, dict):
            assert pt["components"][comp].keys() == spec.keys(), comp
    assert pt["colors"].keys() == st["colors"].keys()
    assert pt["canvas"] == st["canvas"] and pt["fonts"] == st["fonts"]
