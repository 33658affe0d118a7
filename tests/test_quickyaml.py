"""The quick reader of data files agrees with libyaml, or steps aside.

``quickyaml`` reads the usual shape of a data file without libyaml. Whatever it
accepts must give exactly what libyaml and PyYAML's constructor give: the same
values of the same types and the same line for every value. Anything else must
raise ``NotPlain`` so that libyaml reads the file. Thousands of generated
documents, built from the constructs staff type and the YAML 1.1 corners that
trip readers up, hold it to that.

The installed reader is usually compiled (``setup.py``); every test here runs
on it and on the same source run as plain Python, which is what an install
without a C compiler uses.
"""

from __future__ import annotations

import importlib.util
import math
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from publisher import quickyaml, yamlfile
from tests.test_yamlfile import ROOT, reference

SOURCE = Path(quickyaml.__file__).with_name("quickyaml.py")
COMPILED = not quickyaml.__file__.endswith(".py")


def _as_python() -> ModuleType:
    """``publisher/quickyaml.py`` run as Python, whether or not the installed module is the compiled one."""
    spec = importlib.util.spec_from_file_location("publisher._quickyaml_as_python", SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.NotPlain = quickyaml.NotPlain  # the class yamlfile's rule for plain text raises, as in the package
    return module


READERS = {"installed": quickyaml, "python": _as_python()}


@pytest.fixture(params=list(READERS))
def reader(request: pytest.FixtureRequest) -> ModuleType:
    return READERS[request.param]

KEYS = ["name", "kind", "a", "b_c", "x-y", "on", "yes", "y", "No", "null", "True", "1", "2026-01-01", "日期"]
PLAIN = ["张三", "重庆 市", "a#b", "x # 注释", "1.5", "0", "2026-06-01", "先进集体（第一）", "http://x.y/z", "中文：全角",
         "a  b", "7z", "yes", "no", "On", "off", "y", "n", "true", "False", "null", "Null", "~", "0", "017", "0o17", "0x1F",
         "0b101", "1_000", "1:30", "190:20:30", "1e3", "1.5e3", "1.5", ".5", "-.inf", ".NaN", "+12", "-3", "3.",
         "2026-06-01", "2026-06-31", "2026-6-1", "2026-06-01 10:00:00", "2026-06-01T10:00:00Z",
         "2026-06-01t10:00:00.5+08:00", "<<", "=", "张三", "重庆 市", "a#b", "a #b", "a: b", "a:b", "a:", "http://x.y/z",
         "-x", "- x", "?x", ":x", "%x", "@x", "`x", "!x", "!!str 1", "&x a", "*x", "|x", ">x", "[x", "{x", "x]",
         "x,y", "x, y", "中文：全角", "a  b", "trailing  ", "7z", "先进集体（第一）", "— 破折号", "\u3000全角空格",
         "a\u00a0b", "x # 注释", "…"]
QUOTED = ['"x"', '"yes"', '"1993-11"', '"19982546926"', '""', "'x'", '"a\\"b"', '"a\\nb"', '"x" # c', '"x"y', '""', "'it''s'",
          "'x'", "'x' #c", "''", "'2026-01-01'", '"a, b"', "'#'", '"{a}"', '"\\u4e2d"']
FLOW = ["{title: 全国技术能手, year: 2021, level: national}", '{id: "500", phone: "188"}', "[a, b]", "{}", "[]",
        "{ }", "[ ]", "{a: 1}", "{a:1}", "{ a: 1 , b: yes }", "{a: 1,}", "{a: \"x, y\"}", "{a: [1]}",
        "{title: 全国技术能手, year: 2021, level: national}", "{a: 1, a: 2}", "{yes: 1}", "{a: \"x\", b: 'y'}",
        "{a: 1} # c", "[a, b]", "[ 1 , \"2\" ]", "[a, [b]]", "[a,]", "[2026-01-01, ~, 0x1F]", "[a # b]",
        "{a: b: c}", "{a: -1}", "{a: x y}", "[中文, 全角：冒号]", "{a: }", "{? a: 1}"]
HEADERS = ["|", "|-", "|", "|-", "|", "|-", "|+", ">", "|2", "| # c", "|-2", ">-"]
BODY = ["第一行", "line two", "# not a comment", "  more indented", "", "   ", "x: y", "- z", "\u3000全角开头", "末尾  "]


class Writer:
    """Random documents built from the constructs above, with random indentation, comments and blank lines."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def document(self) -> str:
        r = self.rng
        lines = ["# 注释"] if r.random() < 0.3 else []
        lines += self.mapping(0, 0)
        text = ("\r\n" if r.random() < 0.1 else "\n").join(lines)
        return text + ("\n" if r.random() < 0.8 else "")

    def noise(self, indent: int) -> list[str]:
        r = self.rng
        roll = r.random()
        if roll < 0.08:
            return [" " * r.randint(0, indent + 3)]
        if roll < 0.14:
            return [" " * r.randint(0, indent + 3) + "# 说明"]
        return []

    def mapping(self, indent: int, depth: int) -> list[str]:
        r = self.rng
        out: list[str] = []
        keys = r.sample(KEYS[:5], k=5)
        for index in range(r.randint(1, 4)):
            key = keys[index] if r.random() < 0.95 else r.choice(KEYS)
            out += self.noise(indent)
            out += self.entry(" " * indent + key + r.choice([":", ": ", ": ", ":  "]), indent, depth)
        return out

    def entry(self, head: str, indent: int, depth: int) -> list[str]:
        """``head`` (``key:`` or ``-``) and its value, on its line and maybe the lines below."""
        r = self.rng
        roll = r.random()
        if roll < 0.3:
            return [head.rstrip(" ") + " " + self.pick(PLAIN) + (" # 备注" if r.random() < 0.1 else "")]
        if roll < 0.42:
            return [head.rstrip(" ") + " " + self.pick(QUOTED)]
        if roll < 0.52:
            return [head.rstrip(" ") + " " + self.pick(FLOW)]
        if roll < 0.66:
            return [head.rstrip(" ") + " " + self.pick(HEADERS), *self.body(indent)]
        if depth >= 3 or roll < 0.72:
            return [head.rstrip(" ")]
        step = r.choice([1, 2, 2, 2, 4])
        if roll < 0.86:
            return [head.rstrip(" ") + (" # 下面" if r.random() < 0.1 else ""), *self.mapping(indent + step, depth + 1)]
        return [head.rstrip(" "), *self.sequence(indent + r.choice([0, step, step]), depth + 1)]

    def pick(self, pool: list[str]) -> str:
        """Mostly the first third of a pool (what staff usually type), sometimes any of it."""
        return self.rng.choice(pool[:len(pool) // 3] if self.rng.random() < 0.6 else pool)

    def sequence(self, indent: int, depth: int) -> list[str]:
        r = self.rng
        out: list[str] = []
        for _ in range(r.randint(1, 3)):
            out += self.noise(indent)
            if r.random() < 0.3:  # "- key: value" and more keys lined up under it
                first = self.mapping(indent + 2, depth + 1)
                out += [" " * indent + "-" + first[0][indent + 1:], *first[1:]]
            else:
                out += self.entry(" " * indent + "-", indent, depth)
        return out

    def body(self, indent: int) -> list[str]:
        r = self.rng
        margin = indent + r.choice([1, 2, 2, 4])
        lines = []
        for _ in range(r.randint(0, 4)):
            text = r.choice(BODY)
            lines.append(" " * margin + text if text.strip() or r.random() < 0.5 else text)
        if r.random() < 0.1:
            lines.insert(0, " " * (margin + 2))
        return lines


def typed(value: Any) -> Any:
    """The value with every scalar's type spelled out: ``1 == True == 1.0`` must not hide a difference."""
    if isinstance(value, dict):
        return {typed(k): typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def agrees(text: str, reader: ModuleType = quickyaml) -> bool:
    """True when the quick reader took ``text`` (and agreed with libyaml); False when it stepped aside."""
    try:
        data, lines = reader.read(text, yamlfile._plain_scalar)
    except reader.NotPlain:
        return False
    want_data, want_lines, duplicate = reference(text)
    assert duplicate is None, f"a key written twice was accepted:\n{text}"
    assert typed(data) == typed(want_data), f"different data for:\n{text}"
    assert lines == want_lines, f"different lines for:\n{text}"
    return True


@pytest.mark.parametrize("seed", range(8))
def test_generated_documents_read_as_libyaml_reads_them_or_are_left_to_it(seed: int, reader: ModuleType) -> None:
    writer = Writer(seed)
    taken = sum(agrees(writer.document(), reader) for _ in range(500))
    assert taken >= 50, "the generator should also produce documents the quick reader takes"


def test_the_shipped_data_takes_the_quick_path(reader: ModuleType) -> None:
    """Reading speed at ten thousand files rests on this: the office's usual files never need libyaml."""
    paths = sorted((ROOT / "data").rglob("*.yaml"))
    assert paths
    slow = [p.relative_to(ROOT) for p in paths if not agrees(p.read_text(encoding="utf-8-sig"), reader)]
    assert slow == []


@pytest.mark.parametrize("text", [
    "a: 1\nb:\n  c: [x, 2026-01-01]\n  d: |\n    第一行\n\n    第二行\n",
    "a:\n  - {title: 全国技术能手, year: 2021, level: national}\n  - x\n",
    "a:\n  - b: 1\n    c: 'x'\n",
    'private: {id_number: "50010919931127428X", phone: "18837104625"}\n',
    "a: |-\n  x\n  y",
    "a: |\n  no final line break",
    "a: yes\nb: 0x1F\nc: 1:30\nd: 2026-06-31\ne: ~\nf:\n",
])
def test_usual_shapes_are_read_quickly(text: str, reader: ModuleType) -> None:
    assert agrees(text, reader)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",            # anchors and aliases
    "a: !!str 1\n",                # tags
    "a: b\n  c\n",                 # plain text folded over lines
    "a:\n- x\n",                   # a list not indented under its key
    "a: 1\na: 2\n",                # a key written twice: libyaml words it
    "a: >\n  x\n",                 # folded block
    "a: |+\n  x\n\n",              # kept line breaks
    'a: "x\\ty"\n',                # escapes
    "a:\tb\n",                     # a tab
    "<<: {a: 1}\n",                # merge key
    "- a\n",                       # not a mapping
    "---\na: 1\n",                 # document marker
    "  a: 1\n",                    # indented root
    "a: {b: {c: 1}}\n",            # nested flow
    "a: [b,\n  c]\n",              # flow over lines
    "yes: 1\n",                    # a key that is not text
    "a: b: c\n",                   # malformed
    "a: 'x\n",                     # unclosed quote
    "a: b\x07\n",                  # a control character
    "a: b\x85c\n",                 # YAML 1.1's next-line break
    "a: b\u2028c\n",               # a line separator
    "a: \ufeffb\n",                # a BOM inside
    "a: b\rc\n",                   # a lone carriage return
    "a: b\uffff\n",                # not a character
    "a: \u3000b\tc\n",             # a tab beside a full-width space (not printable to Python either)
])
def test_unusual_or_wrong_documents_are_left_to_libyaml(text: str, reader: ModuleType) -> None:
    with pytest.raises(reader.NotPlain):
        reader.read(text, yamlfile._plain_scalar)


def test_problems_are_still_worded_by_the_full_reader(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    with pytest.raises(yamlfile.YamlProblem) as caught:
        yamlfile.parse_text("name: 张三\nname: 李四\n", path)
    assert caught.value.problem.line == 2
    assert "写了两次" in caught.value.problem.message


def test_every_character_left_to_libyaml_is_one_python_calls_unprintable(reader: ModuleType) -> None:
    """The quick test (``str.isprintable``) may only skip the exact one when it cannot miss anything."""
    every = "".join(map(chr, range(0x110000)))
    refused = set(reader.NON_PRINTABLE.findall(every)) | set(reader.SPECIAL)
    assert len(refused) > 2000  # the C0 and C1 controls, surrogates, U+FFFE/FFFF and the specials
    assert not any(c.isprintable() for c in refused)


@pytest.mark.skipif(not COMPILED, reason="the reader runs as Python here (no C compiler, or PUBLISHER_PURE_PYTHON)")
def test_the_compiled_reader_was_built_from_the_source_as_it_is() -> None:
    """An edit to quickyaml.py does nothing until the module is compiled again: say so, not silently test the old one."""
    assert Path(quickyaml.__file__).stat().st_mtime >= SOURCE.stat().st_mtime, (
        "publisher/quickyaml.py changed after it was compiled: run `make` (or `pip install -e .`) again")
