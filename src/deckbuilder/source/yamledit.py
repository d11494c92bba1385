"""Changing scalars in a YAML file and nothing else: comments, key order, quoting style and
every other byte stay as they were, so the reviewers' diff shows exactly the edit.

A file is composed into nodes that know
where they stand; an edit replaces one scalar's characters with the new value written in the
scalar's own style where it can be (plain, quoted, block), else double-quoted. The result is
parsed again and must hold exactly the new values, or nothing is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

# libyaml's marks count characters, as PyYAML's do (the text is decoded first); apply()
# reads every edited file back, so a misplaced mark could never reach the disk.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Scalar:
    """A string scalar of a YAML file: its value, where its text stands, and its path."""

    path: tuple[str | int, ...]  # keys and list indexes from the top
    value: str
    start: int  # character offsets of the scalar's text in the file
    end: int
    style: str | None  # None (plain), "'", '"', "|", ">"
    line: int  # 1-based, for messages
    in_flow: bool  # inside [ ] or { }: a plain scalar there cannot hold , [ ] { }


@dataclass(eq=False)
class YamlFile:
    path: Path
    text: str  # decoded, BOM removed
    bom: bool
    newline: str  # "\r\n" where the file uses it
    _scalars: tuple[str, list[Scalar]] | None = None

    @classmethod
    def read(cls, path: Path) -> YamlFile:
        data = path.read_bytes()
        bom = data.startswith(b"\xef\xbb\xbf")
        text = data.decode("utf-8-sig")
        newline = "\r\n" if "\r\n" in text else "\n"
        return cls(path, text.replace("\r\n", "\n"), bom, newline)

    def encoded(self, text: str) -> bytes:
        body = text.replace("\n", self.newline).encode("utf-8")
        return (b"\xef\xbb\xbf" if self.bom else b"") + body

    def scalars(self) -> list[Scalar]:
        """Every scalar (composed once per text: pure-Python PyYAML is slow)."""
        if self._scalars is None or self._scalars[0] != self.text:
            root = yaml.compose(self.text, Loader=_Loader)
            found = list(_walk(root, (), False)) if root is not None else []
            self._scalars = (self.text, found)
        return self._scalars[1]


def _walk(node: yaml.Node, path: tuple[str | int, ...], flow: bool) -> Iterator[Scalar]:
    if isinstance(node, yaml.ScalarNode):
        yield Scalar(
            path,
            node.value,
            node.start_mark.index,
            node.end_mark.index,
            node.style or None,  # libyaml says "" for plain
            node.start_mark.line + 1,
            flow,
        )
    elif isinstance(node, yaml.SequenceNode):
        inner = flow or bool(node.flow_style)
        for i, child in enumerate(node.value):
            yield from _walk(child, (*path, i), inner)
    elif isinstance(node, yaml.MappingNode):
        inner = flow or bool(node.flow_style)
        for key, child in node.value:
            yield from _walk(child, (*path, str(key.value)), inner)


class EditError(Exception):
    """An edit that cannot be written as YAML without changing something else."""


def apply(file: YamlFile, edits: dict[tuple[str | int, ...], str]) -> str:
    """The file's text with each scalar at a path replaced by its new value (as a string: a
    number is written as the digits given, unquoted, where the old scalar was plain)."""
    by_path = {s.path: s for s in file.scalars()}
    edits = {p: _chomped(by_path[p], v) for p, v in edits.items()}
    text = file.text
    for path, new in sorted(edits.items(), key=lambda kv: -by_path[kv[0]].start):
        old = by_path[path]
        text = text[: old.start] + _written(old, new, text) + text[old.end :]
    _verify(file, text, edits)
    return text


def _chomped(old: Scalar, new: str) -> str:
    """A block scalar keeps its final line break (the clip its header asks for)."""
    if old.style in ("|", ">") and old.value.endswith("\n") and not new.endswith("\n"):
        return new + "\n"
    return new


def _written(old: Scalar, new: str, text: str) -> str:
    """``new`` in the old scalar's style where that style can carry it."""
    if old.style in ("|", ">"):
        block = _block(old, new, text)
        if block is not None:
            return block
    if old.style == "'" and "\n" not in new:
        return "'" + new.replace("'", "''") + "'"
    if old.style is None and (_plain_ok(new, old.in_flow) or _numbers(old.value, new)):
        return new
    return _double(new)


def _double(value: str) -> str:
    """A double-quoted scalar: JSON's escapes are YAML's."""
    return json.dumps(value, ensure_ascii=False)


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _numbers(old: str, new: str) -> bool:
    """A plain number replaced by a plain number (a figure's value) stays unquoted."""
    return bool(_NUMBER.fullmatch(old) and _NUMBER.fullmatch(new))


_PLAIN_START = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]")


def _plain_ok(value: str, in_flow: bool) -> bool:
    if not value or value != value.strip() or "\n" in value or _PLAIN_START.match(value):
        return False
    if ": " in value or " #" in value or value.endswith(":"):
        return False
    if in_flow and any(c in value for c in ",[]{}"):
        return False
    # It must read back as the same string (not a number, a date, true, null, …).
    try:
        return yaml.safe_load(f"k: {value}") == {"k": value}
    except yaml.YAMLError:
        return False


def _block(old: Scalar, new: str, text: str) -> str | None:
    """A literal or folded block scalar rewritten with its header and indentation."""
    header_end = text.index("\n", old.start) if "\n" in text[old.start :] else len(text)
    header = text[old.start : header_end]
    body = text[header_end + 1 : old.end]
    lines = [ln for ln in body.split("\n") if ln.strip()]
    if not lines:
        return None
    indent = lines[0][: len(lines[0]) - len(lines[0].lstrip(" "))]
    content = new[:-1] if new.endswith("\n") else new
    if old.style == ">" and "\n" in content:
        return None  # folding would join the lines again
    out = header + "\n" + "\n".join(indent + ln if ln else "" for ln in content.split("\n"))
    tail = body[len(body.rstrip("\n")) :] if body.endswith("\n") else ""
    return out + (tail or "\n")


def _verify(file: YamlFile, text: str, edits: dict[tuple[str | int, ...], str]) -> None:
    """Every edited path holds its new value, and nothing else changed."""
    try:
        before = {s.path: s.value for s in file.scalars()}
        after = {s.path: s.value for s in YamlFile(file.path, text, False, "\n").scalars()}
    except yaml.YAMLError as exc:
        raise EditError(f"the edit would break the YAML ({exc})") from None
    want = {**before, **edits}
    changed = [p for p in set(want) | set(after) if want.get(p) != after.get(p)]
    if changed:
        raise EditError(f"the edit would change {_dotted(changed[0])} too")


def _dotted(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path)
