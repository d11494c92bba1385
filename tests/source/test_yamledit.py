"""Changing one scalar of a YAML file changes its characters and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deckbuilder.source.yamledit import EditError, YamlFile, apply

SOURCE = """\
# A slide, as reviewers keep it.
layout: content
title: マイナンバーカードは持つから使うへ   # (?) check against the PDF
kicker: 'それは「持つ」から'
lead: "二行目まで\\n続く"
tags: [人口減少と労働力不足, 窓口DX]
notes: |
  一行目。
  二行目。
folded: >
  長い文を
  折り返した
value: 7959
"""


def edited(tmp_path: Path, source: str, edits: dict, data: bytes | None = None) -> str:
    path = tmp_path / "s.yaml"
    path.write_bytes(data if data is not None else source.encode("utf-8"))
    f = YamlFile.read(path)
    return f.encoded(apply(f, edits)).decode("utf-8-sig")


def diff_lines(a: str, b: str) -> list[tuple[str, str]]:
    return [(x, y) for x, y in zip(a.splitlines(), b.splitlines(), strict=True) if x != y]


@pytest.mark.parametrize(
    ("path", "new", "old_line", "new_line"),
    [
        (
            ("title",),
            "マイナンバーカードは持つから活用へ",
            "title: マイナンバーカードは持つから使うへ   # (?) check against the PDF",
            "title: マイナンバーカードは持つから活用へ   # (?) check against the PDF",
        ),
        (
            ("kicker",),
            "それは「使う」へ",
            "kicker: 'それは「持つ」から'",
            "kicker: 'それは「使う」へ'",
        ),
        (("lead",), "一行で", 'lead: "二行目まで\\n続く"', 'lead: "一行で"'),
        (
            ("tags", 1),
            "窓口DX化",
            "tags: [人口減少と労働力不足, 窓口DX]",
            "tags: [人口減少と労働力不足, 窓口DX化]",
        ),
        (("value",), "8512", "value: 7959", "value: 8512"),
    ],
)
def test_one_line_changes_in_the_scalars_own_style(tmp_path, path, new, old_line, new_line):
    out = edited(tmp_path, SOURCE, {path: new})
    assert diff_lines(SOURCE, out) == [(old_line, new_line)]
    assert _value(out, path) == (int(new) if new.isdigit() else new)


def _value(text: str, path: tuple) -> object:
    node = yaml.safe_load(text)
    for p in path:
        node = node[p]
    return node


def test_text_that_would_change_meaning_unquoted_is_quoted(tmp_path):
    out = edited(tmp_path, SOURCE, {("tags", 0): "人口減少, 労働力不足"})
    assert 'tags: ["人口減少, 労働力不足", 窓口DX]' in out
    out = edited(tmp_path, SOURCE, {("title",): "注: 速報値"})
    assert 'title: "注: 速報値"   # (?) check against the PDF' in out
    out = edited(tmp_path, SOURCE, {("title",): "2025"})
    assert _value(out, ("title",)) == "2025"  # still a string, not a number


def test_block_scalars_keep_their_style(tmp_path):
    out = edited(tmp_path, SOURCE, {("notes",): "一行目。\n三行目。\n"})
    assert diff_lines(SOURCE, out) == [("  二行目。", "  三行目。")]
    out = edited(tmp_path, SOURCE, {("folded",): "短い文"})
    assert "folded: >\n  短い文\nvalue: 7959" in out


def test_crlf_and_bom_are_kept(tmp_path):
    data = b"\xef\xbb\xbf" + SOURCE.replace("\n", "\r\n").encode("utf-8")
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    f = YamlFile.read(path)
    out = f.encoded(apply(f, {("value",): "8512"}))
    assert out.startswith(b"\xef\xbb\xbf") and out.count(b"\r\n") == data.count(b"\r\n")
    assert out.replace(b"8512", b"7959") == data


def test_an_edit_that_cannot_be_written_alone_is_refused(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("a: &x 1\n", encoding="utf-8")
    with pytest.raises((EditError, yaml.YAMLError, KeyError)):
        apply(YamlFile.read(path), {("b",): "2"})
