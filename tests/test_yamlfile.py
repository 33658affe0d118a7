"""The YAML reader gives what PyYAML's safe loader gives, with the line of every value.

``yamlfile`` composes each file with PyYAML's C loader, constructs the data with
PyYAML's own constructor and notes the line every key and item was written on,
refusing a key written twice. These tests hold the data to PyYAML's stock safe
loader (with the module's one documented change: an impossible date stays text)
on every data file the project ships and on the corners of YAML 1.1 a staff
member might type, and the lines and refusals to what a reader of the file sees.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher.data import yaml_reader as yamlfile

ROOT = Path(__file__).resolve().parent.parent


class _Reference(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader as shipped, with the module's one documented change (impossible dates stay text)."""


_Reference.add_constructor("tag:yaml.org,2002:timestamp", yamlfile._timestamp_or_text)


def reference(text: str) -> Any:
    return yaml.load(text, Loader=_Reference)  # noqa: S506 - a safe loader


def read(text: str) -> yamlfile.YamlDoc:
    return yamlfile.parse_text(text, Path("x.yaml"), source=text.encode())


def shipped_yaml() -> list[Path]:
    folders = [ROOT / "data", ROOT / "tests" / "fixtures", ROOT / "tests" / "corpus"]
    return sorted(p for folder in folders for p in folder.rglob("*.y*ml") if p.is_file() and p.stat().st_size < 200_000)


def _readable(path: Path) -> str | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text if "&" not in text and "*" not in text else None


WRITTEN_TWICE = {"tests/corpus/duplicate-yaml-key/data/nominees/liangjiang-wang-fang.yaml"}
"""Shipped files that write a key twice on purpose: PyYAML keeps the last, the reader refuses them."""


@pytest.mark.parametrize("path", shipped_yaml(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_as_pyyaml_reads_it(path: Path) -> None:
    text = _readable(path)
    if text is None:
        pytest.skip("not UTF-8 or uses anchors (refused before constructing)")
    if path.relative_to(ROOT).as_posix() in WRITTEN_TWICE:
        with pytest.raises(yamlfile.YamlProblem, match="写了两次"):
            read(text)
        return
    assert_same(text)


def reference_lines(text: str) -> dict[yamlfile.Loc, int]:
    """Every value's line by the plain walk over the constructed nodes (what unusual files get)."""
    lines: dict[yamlfile.Loc, int] = {}
    loader = _Reference(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            loader.construct_document(node)  # which flattens merge keys, as in the file's data
            yamlfile._record_lines(node, (), lines)
    finally:
        loader.dispose()
    return lines


def assert_same(text: str) -> None:
    """Same data and value types as PyYAML's safe loader; or both refuse the text, the same way from text and bytes."""
    try:
        expected = reference(text)
    except yaml.YAMLError as exc:
        with pytest.raises(yamlfile.YamlProblem) as from_bytes:
            read(text)
        with pytest.raises(yamlfile.YamlProblem) as from_text:
            yamlfile.parse_text(text, Path("x.yaml"))
        assert from_bytes.value.problem == from_text.value.problem, exc
        return
    doc = read(text)
    got = doc.data
    assert got == expected
    assert doc.lines == reference_lines(text)
    assert [type(v) for v in _leaves(got)] == [type(v) for v in _leaves(expected)]


CORNERS = {
    "plain": "name: 张三\nunit: 重庆某公司\n",
    "types": "a: 12\nb: 0x1F\nc: 1_000\nd: 3.5\ne: .inf\nf: yes\ng: Off\nh: ~\ni: null\nj:\nk: 2026-09-28\n"
             "l: 2026-06-31\nm: 2026-09-28 10:00:00+08:00\nn: 1:30\no: '12'\np: \"yes\"\n",
    "keys that are not text": "1: a\ntrue: b\n2026-01-01: c\nnull: d\n",
    "nested": "a:\n  b:\n    - x\n    - {c: 1, d: [1, 2, {e: f}]}\n  g: |\n    行一\n    行二\n",
    "sequence at root": "- a\n- b: c\n",
    "scalar at root": "只是一行字\n",
    "empty values": "a:\nb: ''\nc: []\nd: {}\n",
    "explicit tags": "a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: !!binary aGVsbG8=\n",
    "set and omap": "a: !!set {x, y}\nb: !!omap [{x: 1}, {y: 2}]\nc: !!pairs [{x: 1}]\n",
    "merge key": "a: 1\n<<: {b: 2, c: 3}\n",
    "complex key": "? [a, b]\n: c\n",
    "same key in two mappings": "a:\n  x: 1\nb:\n  x: 2\n",
    "windows line ends": "a: 1\r\nb:\r\n  - x\r\n",
    "byte order mark": "\ufeffa: 1\n",
    "comments and blank lines": "# 注释\n\na: 1  # 行尾注释\n\n\nb: 2\n",
    "folded": "a: >\n  一\n  二\n\n  三\nb: x\n",
    "unicode escapes": "a: \"\\u4e2d\\t\"\nb: '它''s'\n",
}


@pytest.mark.parametrize("text", CORNERS.values(), ids=CORNERS.keys())
def test_yaml_corners_read_as_pyyaml_reads_them(text: str) -> None:
    assert_same(text)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in (k, *_leaves(v))]
    if isinstance(value, (list, tuple, set)):
        return [x for v in value for x in _leaves(v)]
    return [value]


def test_text_and_bytes_give_the_same_document() -> None:
    text = (ROOT / "data" / "program.yaml").read_text(encoding="utf-8")
    from_text = yamlfile.parse_text(text, Path("p.yaml"))
    from_bytes = yamlfile.parse_text(text, Path("p.yaml"), source=text.encode())
    assert (from_text.data, from_text.lines) == (from_bytes.data, from_bytes.lines)


def test_every_value_has_the_line_it_was_written_on() -> None:
    """A key's line for the key and for what it holds; each list item on its own line; blank lines and comments count."""
    nested = read("a:\n  b:\n    - x\n    - {c: 1, d: [1, 2, {e: f}]}\n  g: |\n    行一\n    行二\n")
    assert nested.lines == {(): 1, ("a",): 1, ("a", "b"): 2, ("a", "b", 0): 3, ("a", "b", 1): 4,
                            ("a", "b", 1, "c"): 4, ("a", "b", 1, "d"): 4, ("a", "b", 1, "d", 0): 4,
                            ("a", "b", 1, "d", 1): 4, ("a", "b", 1, "d", 2): 4, ("a", "b", 1, "d", 2, "e"): 4,
                            ("a", "g"): 5}
    assert read("# 注释\n\na: 1  # 行尾注释\n\n\nb: 2\n").lines == {(): 3, ("a",): 3, ("b",): 6}
    windows = read("a: 1\r\nb:\r\n  - x\r\n")
    assert windows.lines == {(): 1, ("a",): 1, ("b",): 2, ("b", 0): 3}
    assert windows.line_of(("b", 0, "missing")) == 3 and windows.line_of(("nowhere",)) == 1


@pytest.mark.parametrize(("text", "shown"), [
    ("name: 甲\nunit: 乙\nname: 丙\n", "x.yaml:3: name: 这个字段写了两次（第一次在第 1 行），请删掉其中一个：否则只有后一个算数。"),
    ("a:\n  x: 1\nb:\n  y: 1\n  y: 2\nb: 3\n", "x.yaml:5: y: 这个字段写了两次（第一次在第 4 行），请删掉其中一个：否则只有后一个算数。"),
    ("1: a\n'1': b\n", "x.yaml:2: 1: 这个字段写了两次（第一次在第 1 行），请删掉其中一个：否则只有后一个算数。"),  # as staff read it
])
def test_a_key_written_twice_is_refused_at_its_second_line(text: str, shown: str) -> None:
    """YAML would silently keep the last one; the message names both lines."""
    with pytest.raises(yamlfile.YamlProblem) as caught:
        read(text)
    assert str(caught.value.problem) == shown
