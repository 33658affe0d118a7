"""The quick YAML path gives exactly what PyYAML's own constructor gives.

``yamlfile`` builds data and line numbers in one walk, reads bytes rather than
text and resolves tags with a trimmed copy of PyYAML's rule, because that is
most of what loading ten thousand files costs. These tests hold it to the
reference: PyYAML's stock safe constructor and a separate walk for the lines,
as the module did before, on every data file the project ships and on the
corners of YAML 1.1 a staff member might type.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher import yamlfile

ROOT = Path(__file__).resolve().parent.parent


class _Reference(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader as shipped, with the module's one documented change (impossible dates stay text)."""


_Reference.add_constructor("tag:yaml.org,2002:timestamp", yamlfile._timestamp_or_text)


def reference(text: str) -> tuple[Any, dict, tuple | None]:
    """Data, lines and the first duplicate key (line, first line) the way the generic path finds them."""
    loader = _Reference(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    lines: dict = {}
    duplicate = None
    if node is not None:
        try:
            yamlfile._record_lines(node, (), lines)
        except yamlfile._DuplicateKey as dup:
            duplicate = (dup.key, dup.line, dup.first)
    return data, lines, duplicate


def quick(text: str) -> tuple[Any, dict, tuple | None]:
    try:
        doc = yamlfile.parse_text(text, Path("x.yaml"), source=text.encode())
    except yamlfile.YamlProblem as exc:
        if "写了两次" not in exc.problem.message:
            raise
        first = int(exc.problem.message.split("第 ")[1].split(" 行")[0])
        return None, {}, (exc.problem.field, exc.problem.line, first)
    return doc.data, doc.lines, None


def shipped_yaml() -> list[Path]:
    folders = [ROOT / "data", ROOT / "tests" / "fixtures", ROOT / "tests" / "corpus"]
    return sorted(p for folder in folders for p in folder.rglob("*.y*ml") if p.is_file() and p.stat().st_size < 200_000)


def _readable(path: Path) -> str | None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return text if "&" not in text and "*" not in text else None


@pytest.mark.parametrize("path", shipped_yaml(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_as_pyyaml_reads_it(path: Path) -> None:
    text = _readable(path)
    if text is None:
        pytest.skip("not UTF-8 or uses anchors (refused before constructing)")
    assert_same(text)


def assert_same(text: str) -> None:
    """Same data, lines and value types; or the same duplicate named; or both refuse the text."""
    try:
        expected = reference(text)
    except yaml.YAMLError as exc:
        with pytest.raises(yamlfile.YamlProblem) as from_bytes:
            quick(text)
        with pytest.raises(yamlfile.YamlProblem) as from_text:
            yamlfile.parse_text(text, Path("x.yaml"))
        assert from_bytes.value.problem == from_text.value.problem, exc
        return
    got = quick(text)
    if expected[2] is not None:  # a duplicate: same key, same lines named
        assert got[2] == expected[2]
    else:
        assert got == expected
        assert [type(v) for v in _leaves(got[0])] == [type(v) for v in _leaves(expected[0])]


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
    "duplicate at root": "name: 甲\nunit: 乙\nname: 丙\n",
    "duplicate nested after others": "a:\n  x: 1\nb:\n  y: 1\n  y: 2\nb: 3\n",
    "same key in two mappings": "a:\n  x: 1\nb:\n  x: 2\n",
    "int key and its text": "1: a\n'1': b\n",
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
