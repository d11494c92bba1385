"""Safe YAML reading that keeps the line and column of every key and item.

Only plain YAML is accepted: no custom tags (which could construct Python objects), no anchors or
aliases (which allow self-reference and exponential "billion laughs" documents), and a size cap.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from deckbuilder.errors import SourceError, Where, error
from deckbuilder.memo import Memo
from deckbuilder.source.yamlscan import NAMES
from deckbuilder.source.yamlscan import diagnostics as ime_slips

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}


# libyaml's safe loader where PyYAML was built with it (same nodes and marks, ten times faster).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YMap(dict[str, Any]):
    """A mapping that remembers where it and each of its keys stand."""

    where: Where
    key_where: dict[str, Where]
    value_where: dict[str, Where]  # where each value starts (for a message about a string)
    raw: dict[str, str]  # each scalar value's text as written (a figure's 2.50 stays 2.50)


class YSeq(list[Any]):
    """A sequence that remembers where it and each of its items stand."""

    where: Where
    item_where: list[Where]


def where_of(value: Any, default: Where) -> Where:
    return getattr(value, "where", default)


# Cache: a YAML file's nodes by (the name shown, hash of its bytes).
_PARSED: Memo[Any] = Memo(1024, disk="yaml")


def read_yaml(path: Path, shown: str) -> Any:
    """Read one YAML file; every problem becomes a SourceError naming ``shown`` (the file).

    The result is kept by the file's bytes: a watch re-parses only the files that changed
    (callers read it, never change it)."""
    top = Where(shown)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(top, "file not found") from None
    except IsADirectoryError:
        raise error(top, "is a folder, not a YAML file") from None
    except OSError as exc:
        raise error(top, f"cannot read: {exc.strerror}") from None
    key = (shown, hashlib.sha256(data).hexdigest())
    return _PARSED.get(key, lambda: _parse(data, shown))


def _parse(data: bytes, shown: str) -> Any:
    top = Where(shown)
    if len(data) > MAX_BYTES:
        raise error(top, f"file is too large ({len(data):,} bytes; the limit is {MAX_BYTES:,})")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise error(top, "is saved as UTF-16: save it as UTF-8", code="encoding")
    if b"\0" in data:
        raise error(top, "is a binary file, not YAML text", code="encoding")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(_byte_where(data, exc.start, shown), _not_utf8(data), code="encoding") from None
    if not text.strip():
        raise error(top, "file is empty")
    slips = ime_slips(text, shown)
    if slips:
        raise SourceError(slips)
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                m = event.start_mark
                at = Where(shown, m.line + 1, m.column + 1) if m else top
                raise error(at, "anchors and aliases (&, *) are not allowed")
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        where, problem = _syntax(exc, text, shown)
        raise error(where, f"YAML syntax: {problem}", code="yaml") from None
    except yaml.YAMLError as exc:
        raise error(top, f"YAML syntax: {exc}", code="yaml") from None
    if node is None:
        raise error(top, "file is empty")
    return _convert(node, shown, set(), 0, text)


# Constructs whose mistake the parser notices later: said as the cause, at their start.
_BEGUN = {
    "while scanning a simple key": "this line is not 'key: value' nor a list item '- …'",
    "while scanning a quoted scalar": "the quote opened here is never closed",
    "while parsing a flow sequence": "the '[' opened here is not closed",
    "while parsing a flow mapping": "the '{' opened here is not closed",
}


def _syntax(exc: yaml.MarkedYAMLError, text: str, shown: str) -> tuple[Where, str]:
    """Where a syntax error's cause stands, and what it is.

    The parser notices some mistakes lines after their cause: a quote or a bracket never closed
    (at the end of the file), a line that is not ``key: value`` (on the next line). There the
    place where the construct began is the cause; the place it was noticed is named too."""
    problem = exc.problem or exc.context or "malformed YAML"
    pm, cm = exc.problem_mark, exc.context_mark
    if pm is None and cm is None:
        return Where(shown), problem
    mark = pm or cm
    assert mark is not None
    begun = _BEGUN.get(exc.context or "")
    if begun and pm is not None and cm is not None and cm.line < pm.line:
        problem = f"{begun} ({problem} at line {pm.line + 1})"
        mark = cm
    c = text[mark.index] if mark.index < len(text) else ""
    if c in NAMES:
        fix = "a half-width space" if c in "\t\u3000" else "the half-width character"
        problem += f": {NAMES[c]} here; use {fix}"
    return Where(shown, mark.line + 1, mark.column + 1), problem


def _byte_where(data: bytes, at: int, shown: str) -> Where:
    """Line and column (in characters, as an editor counts) of a byte offset."""
    before = data[:at]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    return Where(shown, line, col)


def _not_utf8(data: bytes) -> str:
    for name, codec in (("Shift_JIS", "cp932"), ("EUC-JP", "euc_jp")):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return f"is not UTF-8 text (it looks like {name}): save it as UTF-8"
    return "is not UTF-8 text: save it as UTF-8"


def _where(node: yaml.Node, shown: str) -> Where:
    return Where(shown, node.start_mark.line + 1, node.start_mark.column + 1)


def _convert(node: yaml.Node, shown: str, seen: set[int], depth: int, text: str) -> Any:
    where = _where(node, shown)
    if depth > MAX_DEPTH:
        raise error(where, f"nested deeper than {MAX_DEPTH} levels")
    if id(node) in seen:
        raise error(where, "anchors and aliases (&, *) are not allowed")
    seen.add(id(node))
    if node.tag not in _PLAIN_TAGS:
        raise error(where, f"YAML tag {node.tag!r} is not allowed (plain values only)")
    if isinstance(node, yaml.MappingNode):
        out = YMap()
        out.where, out.key_where, out.value_where, out.raw = where, {}, {}, {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                raise error(_where(knode, shown), "merge keys (<<) are not allowed")
            key = _convert(knode, shown, seen, depth + 1, text)
            if not isinstance(key, str | int):
                raise error(_where(knode, shown), "keys must be plain words")
            key = str(key)
            if key in out:
                raise error(_where(knode, shown), f"duplicate key {key!r}")
            out.key_where[key] = _where(knode, shown)
            out.value_where[key] = _where(vnode, shown)
            if isinstance(vnode, yaml.ScalarNode):
                out.raw[key] = vnode.value
            out[key] = _convert(vnode, shown, seen, depth + 1, text)
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = YSeq()
        seq.where, seq.item_where = where, []
        for item in node.value:
            seq.item_where.append(_where(item, shown))
            seq.append(_convert(item, shown, seen, depth + 1, text))
        return seq
    if node.tag == "tag:yaml.org,2002:timestamp":
        return str(node.value)  # dates stay as the text the author wrote
    assert isinstance(node, yaml.ScalarNode)
    if node.style == ">" and node.tag == "tag:yaml.org,2002:str":
        return _folded(node, text)
    return _scalar(node)


def _folded(node: yaml.ScalarNode, text: str) -> str:
    """A folded (``>``) scalar joined as Japanese is: YAML puts a space at every line break,
    which prints 「なりすましのない 簡単」; here a break next to a wide character joins with
    nothing (English words still get their space)."""
    source = text[node.start_mark.index : node.end_mark.index]
    header = source.split("\n", 1)[0]
    if any(c.isdigit() for c in header):  # an explicit indentation: YAML's own reading
        return str(node.value)
    literal = yaml.load("|" + source[1:], Loader=_LOADER)
    if not isinstance(literal, str):
        return str(node.value)
    body = literal.rstrip("\n")
    lines = body.split("\n")
    out, prev, blanks = lines[0], lines[0], 0
    for line in lines[1:]:
        if not line:
            blanks += 1
            continue
        kept = prev.startswith((" ", "\t")) or line.startswith((" ", "\t"))  # more indented
        if blanks or kept:
            out += "\n" * (blanks + (1 if kept else 0))
        else:
            out += "" if _wide(prev[-1]) or _wide(line[0]) else " "
        out, prev, blanks = out + line, line, 0
    return out + literal[len(body) :]


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF"


_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # one for every scalar: a loader each cost 10 µs


def _scalar(node: yaml.ScalarNode) -> Any:
    try:
        return _CONSTRUCTOR.construct_object(node)
    finally:
        _CONSTRUCTOR.constructed_objects.clear()
