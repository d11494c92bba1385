from pathlib import Path

import pytest

from deckbuilder.errors import SourceError
from deckbuilder.source.yamlsrc import read_yaml


def load(tmp_path: Path, text: str | bytes):
    p = tmp_path / "x.yaml"
    p.write_bytes(text if isinstance(text, bytes) else text.encode())
    return read_yaml(p, "x.yaml")


def message(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(SourceError) as exc:
        load(tmp_path, text)
    return str(exc.value)


def test_positions_of_keys_and_items(tmp_path):
    data = load(tmp_path, "a: 1\nb:\n  - x\n  - y\n")
    assert data == {"a": 1, "b": ["x", "y"]}
    assert data.key_where["b"].line == 2
    assert [w.line for w in data["b"].item_where] == [3, 4]


def test_python_tags_are_refused(tmp_path):
    msg = message(tmp_path, "a: !!python/object/apply:os.system ['echo hi']\n")
    assert "x.yaml:1:4" in msg and "not allowed" in msg


def test_aliases_are_refused(tmp_path):
    msg = message(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert "x.yaml:2" in msg and "aliases" in msg


def test_syntax_error_names_line(tmp_path):
    msg = message(tmp_path, "a: 1\nb: [1, 2\nc: 3\n")
    assert "x.yaml:" in msg and "YAML syntax" in msg


def test_empty_binary_and_duplicate(tmp_path):
    assert "empty" in message(tmp_path, "  \n")
    assert "binary" in message(tmp_path, b"\x00\x01PK")
    assert "duplicate key 'a'" in message(tmp_path, "a: 1\na: 2\n")


def test_dates_stay_text(tmp_path):
    assert load(tmp_path, "d: 2025-09-05\n") == {"d": "2025-09-05"}
