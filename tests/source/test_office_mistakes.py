"""The mistakes a Japanese office makes every day (issue 20): an IME's full-width space, colon and
hyphen in YAML syntax, a tab, and figure values YAML would read as another number. Each is made
as a user makes it, run through the command line, and must give exit 1, the file:line:column of
the mistake, the character by name, and leave the last good outputs byte for byte."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from cmdkit import copy_built, edit, outputs
from deckbuilder.cli import main
from deckbuilder.source import figvalue
from deckbuilder.source.formatting import number
from deckbuilder.source.yamlscan import scan
from helpers import ROOT, flat, pptx_slides, report_slide, slide_text

SLIDE = "deck/slides/02-kpis.yaml"
FIGS = "deck/figures.yaml"


@dataclass
class Mistake:
    file: str
    old: str
    new: str
    expect: tuple[str, ...]  # each in the output: "file:line:col: error: …", the character's name


MISTAKES = {
    # the IME left on while indenting: U+3000 where two spaces belong
    "u3000-indent": Mistake(
        SLIDE,
        "  - heading: マイナンバーカード",
        "\u3000- heading: マイナンバーカード",
        (f"{SLIDE}:10:1: error: slide 2: 全角スペース (U+3000) in the indentation",),
    ),
    "u3000-in-spaces": Mistake(
        SLIDE,
        "      - kpis:",
        "    \u3000- kpis:",
        (f"{SLIDE}:9:5: error: slide 2: 全角スペース (U+3000) in the indentation",),
    ),
    "fullwidth-colon": Mistake(
        SLIDE,
        "title: マイナ",
        "title：マイナ",
        (f"{SLIDE}:3:6: error: slide 2: 全角コロン '：' (U+FF1A) after the key 'title'",),
    ),
    "u3000-after-colon": Mistake(
        SLIDE,
        "title: マイナ",
        "title:\u3000マイナ",
        (f"{SLIDE}:3:7: error: slide 2: 全角スペース (U+3000) after 'title:'",),
    ),
    "tab-indent": Mistake(
        FIGS,
        "  value: 7959",
        "\tvalue: 7959",
        (f"{FIGS}:2:1: error: タブ (tab, U+0009) in the indentation: use half-width spaces",),
    ),
    "fullwidth-hyphen": Mistake(
        SLIDE,
        "  - ※１.",
        "  － ※１.",
        (f"{SLIDE}:18:3: error: slide 2: 全角ハイフン '－' (U+FF0D) used as a list marker",),
    ),
    "chouon-as-hyphen": Mistake(
        SLIDE,
        "  - ※１.",
        "  ー ※１.",
        (f"{SLIDE}:18:3: error: slide 2: 長音記号 'ー' (U+30FC) used as a list marker",),
    ),
    "u3000-after-dash": Mistake(
        SLIDE,
        "  - ※１.",
        "  -\u3000※１.",
        (f"{SLIDE}:18:4: error: slide 2: 全角スペース (U+3000) after '-'",),
    ),
    "u3000-only-line": Mistake(
        SLIDE,
        "columns: 2\n",
        "columns: 2\n\u3000\n",
        (f"{SLIDE}:5:1: error: slide 2: 全角スペース (U+3000) on a line with nothing else",),
    ),
    "tab-only-line": Mistake(
        FIGS,
        "  value: 7959\n",
        "  value: 7959\n\t\n",
        (f"{FIGS}:3:1: error: タブ (tab, U+0009) on a line with nothing else: delete it",),
    ),
    "two-slips-one-run": Mistake(
        SLIDE,
        "title: マイナ",
        "title：マイナ",
        (f"{SLIDE}:3:6:", f"{SLIDE}:10:1:"),
    ),
    # a syntax error in general: at the line of its cause, not where the parser noticed it
    "unclosed-quote": Mistake(
        SLIDE,
        "title: マイナ",
        'title: "マイナ',
        (f"{SLIDE}:3:8: error: slide 2: YAML syntax: the quote opened here is never closed",),
    ),
    "not-a-key": Mistake(
        SLIDE,
        "title: マイナ",
        "Title：マイナ",
        (f"{SLIDE}:3:1: error: slide 2: YAML syntax: this line is not 'key: value'",),
    ),
    # figure values YAML would read as another number
    "leading-zero": Mistake(
        FIGS,
        "value: 950",
        "value: 0950",
        (f"{FIGS}:20:10: error: figure 'ai.users': value '0950' has a leading zero", "'950'"),
    ),
    "hexadecimal": Mistake(
        FIGS,
        "value: 950",
        "value: 0x3B6",
        (f"{FIGS}:20:10: error: figure 'ai.users': value '0x3B6' is not a decimal", "as 950"),
    ),
    "exponent": Mistake(
        FIGS,
        "value: 950",
        "value: 9.5e+2",
        (f"{FIGS}:20:10: error: figure 'ai.users': value '9.5e+2' has an exponent", "is 950"),
    ),
    "fullwidth-digits": Mistake(
        FIGS,
        "value: 7959",
        "value: ７，９５９",
        (f"{FIGS}:2:10: error: figure 'mynaportal.accounts': value '７，９５９' holds full-width",),
    ),
    "misplaced-commas": Mistake(
        FIGS,
        "value: 7959",
        'value: "79,59"',
        (f"{FIGS}:2:10: error: figure 'mynaportal.accounts': value '79,59': thousands commas",),
    ),
    "yes-as-value": Mistake(
        FIGS, "value: 950", "value: yes", (f"{FIGS}:20:10:", "value 'yes' is not a number")
    ),
    # a deleted figure: the did-you-mean shows the other figure's label, value and date
    "deleted-figure": Mistake(
        FIGS,
        "mynacard.rate_2025:",
        "mynacard.rate_2025_old:",
        (
            f"{SLIDE}:15:11: error: slide 2: unknown figure 'mynacard.rate_2025' (did you mean "
            "'mynacard.rate_2021': 保有率, 39%（2021年11月）?)",
        ),
    ),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_mistake_is_named_at_its_place_and_changes_nothing(
    name: str, cli_built: Path, tmp_path: Path, capsys, monkeypatch
):
    case = MISTAKES[name]
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    good = outputs(proj / "out")
    edit(proj / case.file, case.old, case.new)
    if name == "two-slips-one-run":
        edit(proj / SLIDE, "  - heading: マイナンバーカード", "\u3000- heading: マイナンバーカード")

    code = main(["build", "deck", "-o", "out"])
    err = capsys.readouterr().err
    assert code == 1, err
    for want in case.expect:
        assert want in err, err
    assert "unknown figure" not in err or name == "deleted-figure", err  # no cascade
    assert "Traceback" not in err and "internal error" not in err
    assert outputs(proj / "out") == good

    assert main(["check", "deck"]) == 1
    out = capsys.readouterr().out
    assert all(want in out for want in case.expect), out
    assert outputs(proj / "out") == good


def test_a_value_is_printed_as_written(cli_built: Path, tmp_path: Path, monkeypatch):
    """2.50 stays 2.50 (YAML reads 2.5), 7,959 with its comma is 7,959, -3 keeps its sign."""
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    edit(proj / FIGS, "value: 950", "value: 2.50")
    edit(proj / FIGS, "value: 7959", 'value: "7,959"')
    assert main(["build", "deck", "-o", "out", "-q"]) == 0
    text = flat(slide_text(pptx_slides(proj / "out/report.pptx")[1]))
    assert "約2.50人" in text and "7,959万件" in text and "約2.5人" not in text
    pdf = flat(PdfReader(proj / "out/report.pdf").pages[1].extract_text())
    assert "2.50" in pdf and "7,959" in pdf


# --- the rules, directly ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "printed"),
    [("2.50", "2.50"), ("7959", "7,959"), ("7,959", "7,959"), ("-3", "-3"), ("+0.5", "0.5")],
)
def test_values_kept_as_written(text: str, printed: str):
    assert number(figvalue.parse(text)) == printed


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("010", "leading zero"),
        ("0x1F", "as 31"),
        ("0o17", "as 15"),
        ("1.5e+3", "is 1500"),
        ("７９５９", "full-width"),
        ("7,95,9", "group three digits"),
        (".5", "both sides of the point"),
        ("1_000", "not with '_'"),
        (".inf", "is not a number"),
        ("12万", "is not a number"),
        ("", "empty"),
    ],
)
def test_values_refused_with_a_reason(text: str, why: str):
    with pytest.raises(figvalue.ValueProblem, match=why):
        figvalue.parse(text)


def test_figure_value_type_is_a_decimal_as_written():
    assert figvalue.parse("2.50") == Decimal("2.50") and str(figvalue.parse("2.50")) == "2.50"


def test_scan_leaves_text_alone():
    """Inside values and block scalars these characters are text, not syntax."""
    text = (
        "notes: |\n"
        "  \u3000字下げした段落：ここは本文\n"
        "  ー 長音で始まる行\n"
        "title: 期間：2024年\n"
        "lead: >-\n"
        "  \u3000本文\n"
        "  \tタブも本文\n"
        "tags: [a：b]\n"
        "footnotes:\n"
        "  - ※１. 注：本文\n"
    )
    assert scan(text) == []


def test_the_shipped_yaml_has_no_slips():
    files = [*ROOT.glob("deck/**/*.yaml"), *ROOT.glob("layouts/**/*.yaml")]
    assert files
    for path in files:
        assert scan(path.read_text(encoding="utf-8-sig")) == [], path


# --- deck.yaml: paths as typed on Windows and macOS, names in any script ----------------------

DECK = "deck/deck.yaml"


def _build(proj: Path, capsys) -> tuple[int, str]:
    code = main(["build", "deck", "-o", "out"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("written", "expect"),
    [
        (
            "slides\\02-kpis.yaml",
            f"{DECK}:12:5: error: slide 2: slide file 'slides\\02-kpis.yaml' uses backslashes: "
            "use forward slashes ('02-kpis.yaml')",
        ),
        (
            "02-KPIs.yaml",
            f"{DECK}:12:5: error: slide 2: slide file deck/slides/02-KPIs.yaml not found: "
            "did you mean '02-kpis.yaml'? (file names are case-sensitive)",
        ),
        (
            "02-kpi.yaml",
            f"{DECK}:12:5: error: slide 2: slide file deck/slides/02-kpi.yaml not found "
            "(did you mean '02-kpis.yaml'?)",
        ),
    ],
)
def test_slide_paths_are_reported_at_the_deck_yaml_line(
    written: str, expect: str, cli_built: Path, tmp_path: Path, capsys, monkeypatch
):
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    good = outputs(proj / "out")
    edit(proj / DECK, "  - 02-kpis.yaml", f"  - {written}")
    code, err = _build(proj, capsys)
    assert code == 1 and expect in err, err
    assert outputs(proj / "out") == good


@pytest.mark.parametrize("on_disk", ["NFD", "NFC"])
def test_kana_names_match_in_either_normal_form(
    on_disk: str, cli_built: Path, tmp_path: Path, capsys, monkeypatch
):
    """A Mac stores が as か + ゛ (NFD); deck.yaml holds either form: the file is found."""
    import unicodedata

    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    name = "02-マイナンバーカードが.yaml"
    disk = unicodedata.normalize(on_disk, name)
    written = unicodedata.normalize("NFC" if on_disk == "NFD" else "NFD", name)
    (proj / SLIDE).rename(proj / "deck/slides" / disk)
    edit(proj / DECK, "  - 02-kpis.yaml", f"  - {written}")
    code, err = _build(proj, capsys)
    assert code == 0, err
    assert "マイナンバーカードは持つから使うへ" in flat(
        slide_text(pptx_slides(proj / "out/report.pptx")[1])
    )


def test_every_deck_problem_in_one_run(cli_built: Path, tmp_path: Path, capsys, monkeypatch):
    """A backslash, a wrong case, a figures.yaml that does not parse and a mistyped layout set:
    all four in one run, the layout set too, and no "unknown figure" caused by figures.yaml."""
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    good = outputs(proj / "out")
    edit(proj / DECK, "  - 02-kpis.yaml", "  - .\\02-kpis.yaml")
    edit(proj / DECK, "  - 03-section.yaml", "  - 03-Section.yaml")
    edit(proj / DECK, "layouts: ministry", "layouts: minstry")
    edit(proj / FIGS, "  value: 7959", "\u3000value: 7959")
    code, err = _build(proj, capsys)
    assert code == 1
    for want in (
        f"{DECK}:12:5: error: slide 2: slide file '.\\02-kpis.yaml' uses backslashes",
        f"{DECK}:13:5: error: slide 3: slide file deck/slides/03-Section.yaml not found: "
        "did you mean '03-section.yaml'?",
        f"{DECK}:7:1: error: layout set 'minstry' not found (did you mean 'ministry'?)",
        f"{FIGS}:2:1: error: 全角スペース (U+3000) in the indentation",
    ):
        assert want in err, err
    assert "unknown figure" not in err and "Found 4 problems" in err, err
    assert outputs(proj / "out") == good


def test_a_japanese_output_name_builds(cli_built: Path, tmp_path: Path, capsys, monkeypatch):
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    edit(proj / DECK, "output: report", "output: 活動報告_2025")
    code, err = _build(proj, capsys)
    assert code == 0, err
    pptx = proj / "out" / "活動報告_2025.pptx"
    assert pptx.is_file() and (proj / "out" / "活動報告_2025.pdf").is_file()
    assert len(pptx_slides(pptx)) == 3


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("報告:最終", "Windows does not allow"),
        ("a/b", "Windows does not allow"),
        ('"報告"', "Windows does not allow"),
        ("CON", "device name on Windows"),
        ("nul.2025", "device name on Windows"),
        ("報告.", "must not start with '.' nor end"),
        (".report", "must not start with '.'"),
        ("報" * 70, "too long"),
    ],
)
def test_output_names_windows_refuses(
    name: str, why: str, cli_built: Path, tmp_path: Path, capsys, monkeypatch
):
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    good = outputs(proj / "out")
    edit(proj / DECK, "output: report", f"output: '{name}'")
    code, err = _build(proj, capsys)
    assert code == 1 and f"{DECK}:8:1: error: output" in err and why in err, err
    assert outputs(proj / "out") == good


# --- the smaller items ---------------------------------------------------------------------------


def test_figures_csv_has_a_bom_for_excel_whatever_the_code_page(cli_built: Path, tmp_path: Path):
    """`deckbuilder figures --csv > figures.csv` on a Japanese Windows (code page 932): the file
    is UTF-8 with a BOM, which Excel opens without mojibake."""
    import os
    import subprocess
    import sys

    target = tmp_path / "figures.csv"
    env = {**os.environ, "PYTHONIOENCODING": "cp932"}
    with target.open("wb") as fh:
        res = subprocess.run(
            [sys.executable, "-m", "deckbuilder.cli", "figures", "--csv"],
            cwd=cli_built,
            stdout=fh,
            env=env,
            check=False,
        )
    assert res.returncode == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,value,unit,as_of,source,slides\r\n")
    assert 'mynaportal.accounts,"7,959",万件,2025年7月' in data.decode("utf-8-sig")


def test_folded_notes_join_japanese_lines_without_a_space(cli_built: Path, tmp_path: Path):
    from deckbuilder.layout.blocks import registry
    from deckbuilder.source.loader import load_deck

    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    edit(
        proj / SLIDE,
        "notes: 保有率が上がりました。",
        "notes: >-\n  なりすましのない\n  簡単なログイン。Japan\n  Dashboard\n  でも\n\n"
        "  次の段落。\n",
    )
    deck = load_deck(proj / "deck", registry.readers())
    assert deck.slides[1].notes == "なりすましのない簡単なログイン。Japan Dashboardでも\n次の段落。"


@pytest.mark.parametrize(
    ("as_of", "warned"),
    [
        ("2026年1月", True),
        ("2026年", True),
        ("2025年10月", True),
        ("2025年9月", False),
        ("2025年度", False),
        ("2025年5月～10月", False),
    ],
)
def test_an_as_of_after_the_deck_date_is_a_warning(
    as_of: str, warned: bool, cli_built: Path, tmp_path: Path, capsys
):
    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    edit(proj / FIGS, "as_of: 2025年7月", f"as_of: {as_of}")  # both figures dated 2025年7月
    assert main(["check", str(proj / "deck")]) == 0
    out = capsys.readouterr().out
    line = f"{proj / FIGS}:1:1: warning: figure 'mynaportal.accounts': as of {as_of} is after "
    assert (line in out) is warned, out
    if warned:
        assert "the deck's date 2025-09-05" in out
        assert main(["check", str(proj / "deck"), "--strict"]) == 1


def test_help_lists_every_exit_code(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert "0 success, 1 a problem in the sources, 2 wrong usage, 70 an internal error" in shown
    assert "130 stopped with Ctrl-C" in shown


# --- the report as the source prints it ---------------------------------------------------------


def _seed() -> str:
    """The extracted source text, where this checkout has it beside it (../shared/seed)."""
    seed = ROOT.parent / "shared/seed/report-text.txt"
    if not seed.is_file():
        return "記者向け説明会\n\n32 件 （2024年4月末） （2025年3月末）"  # as it reads there
    return seed.read_text(encoding="utf-8")


def test_slide_20_prints_the_press_briefings_as_the_source_does(
    report_slides: list, report_pages: list[str]
):
    """The seed: 「記者向け説明会 / 32 件件」 (l.1011-1013), 「政策ダッシュボード / 47」."""
    assert "記者向け説明会\n\n32 件" in _seed()
    dashboard = report_slide("20-policy-dashboard") - 1
    text = flat(slide_text(report_slides[dashboard]))
    page = flat(report_pages[dashboard])
    for printed in (
        "記者向け説明会32件（2024年度）",
        "デジタル庁ニュース数16件",
        "47件（2025年8月時点）",
    ):
        assert printed in text and printed in page, (printed, page)


def test_slide_13_chart_dates_keep_their_parentheses(report_pages: list[str]):
    """The seed prints 「（2024年4月末） （2025年3月末）」 (l.546) under the bars."""
    assert "（2024年4月末） （2025年3月末）" in _seed()
    page = flat(report_pages[report_slide("13-analog-rules") - 1])
    assert "（2024年4月末）" in page and "（2025年3月末）" in page
    # Slide 10's chart dates stay bare, as the source prints them there (2021年11月 2025年7月).
    assert "（2021年11月）" not in flat(report_pages[report_slide("10-life-mynacard") - 1])


def test_the_troubleshooting_table_shows_the_real_messages():
    """docs/troubleshooting.md quotes each message as the scan says it, in both languages."""
    doc = (ROOT / "docs/troubleshooting.md").read_text(encoding="utf-8")
    ja, en = doc.split("## YAML errors from full-width characters and tabs")
    typed = [
        "\u3000- heading: x\n",
        "title：マイナ\n",
        "title:\u3000マイナ\n",
        "-\u3000項目\n",
        "－ 項目\n",
        "ー 項目\n",
        "a:\n\t- b\n",
    ]
    for text in typed:
        (slip,) = scan(text)
        quoted = slip.message.split(" ('")[0]
        assert quoted in ja and quoted in en, quoted
    with pytest.raises(figvalue.ValueProblem) as exc:
        figvalue.parse("７，９５９")
    assert "write '7,959' in half-width digits" in str(exc.value)
    assert "write '7,959' in half-width digits" in ja and "write '7,959' in half-width" in en


@pytest.mark.parametrize(
    ("written", "expect"),
    [
        (
            "assets\\\\shots\\\\portal.png",
            "uses backslashes: use forward slashes ('assets/shots/portal.png')",
        ),
        (
            "assets/shots/Portal.png",
            "not found: did you mean 'portal.png'? (file names are case-sensitive)",
        ),
        ("assets/shots/portl.png", "not found (did you mean 'portal.png'?)"),
        ("assets/shots/画面が.png", None),  # stored as NFD, as a Mac writes it: found
    ],
)
def test_picture_paths_as_typed_on_windows_and_macos(
    written: str, expect: str | None, cli_built: Path, tmp_path: Path, capsys, monkeypatch
):
    import unicodedata

    from PIL import Image

    proj = tmp_path / "proj"
    copy_built(cli_built, proj)
    monkeypatch.chdir(proj)
    shots = proj / "assets/shots"
    shots.mkdir()
    Image.new("RGB", (400, 40), "#0017C1").save(shots / "portal.png")
    Image.new("RGB", (400, 40), "#0017C1").save(shots / unicodedata.normalize("NFD", "画面が.png"))
    good = outputs(proj / "out")
    edit(proj / SLIDE, "{caption: マイナポータルの画面}", f'{{src: "{written}", alt: 画面}}')
    code, err = _build(proj, capsys)
    if expect is None:
        assert code == 0, err
        return
    assert code == 1 and f"{SLIDE}:16:" in err and expect in err, err
    assert outputs(proj / "out") == good
