"""What a reader of a published list checks about its order (按姓氏笔画排序 and the alternatives).

Each expected order was checked by hand: stroke counts, then stroke shapes 横1 竖2 撇3 点4 折5
(提 counts as 横, 竖钩 as 竖, 捺 as 点), stroke by stroke (GB13000.1 笔画式).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.data.name_order import (
    SORT_ORDERS,
    collective_key,
    pinyin_key,
    sort_names,
    stroke_key,
)


def by_stroke(names: list[str]) -> list[str]:
    return sort_names(names, key=str)


# (why, input, expected published order)
STROKE_CASES = [
    ("equal counts: 王 (横 first) before 巴 (折 first), against code-point order", ["巴", "王"], ["王", "巴"]),
    ("丁 (2 strokes) before 王 (4 strokes)", ["王", "丁"], ["丁", "王"]),
    (
        "same surname: one-character given names first, though 一 has fewer strokes than 伟",
        ["王一鸣", "王伟"],
        ["王伟", "王一鸣"],
    ),
    (
        "same surname and given-name length: given names by stroke (丽 7 before 明 8 before 强 12)",
        ["张强", "张明", "张丽"],
        ["张丽", "张明", "张强"],
    ),
    (
        "same surname, two-character given names: first character decides (一 1 before 伟 6)",
        ["李伟东", "李一鸣"],
        ["李一鸣", "李伟东"],
    ),
    (
        "compound surname is one surname: all 欧 before all 欧阳; within 欧阳 one-character given name first",
        ["欧阳一鸣", "欧阳明", "欧丽娟", "欧强"],
        ["欧强", "欧丽娟", "欧阳明", "欧阳一鸣"],
    ),
    (
        "dotted minority name compared character by character (力 2 before 不 4), no given-name length rule",
        ["阿不都·热合曼", "阿力木江·买买提明"],
        ["阿力木江·买买提明", "阿不都·热合曼"],
    ),
    (
        "a dotted name among others: 马 3, 王 4, 阿 7",
        ["阿不都·热合曼", "王伟", "马明"],
        ["马明", "王伟", "阿不都·热合曼"],
    ),
    (
        "padding space of a two-character name (王　伟) is ignored",
        ["王一鸣", "王　伟"],
        ["王　伟", "王一鸣"],
    ),
    (
        "characters missing from the data go last, by code point (private use U+E000, then U+20000)",
        ["\U00020000明", "\ue000明", "薛明", "王伟"],
        ["王伟", "薛明", "\ue000明", "\U00020000明"],
    ),
    ("达 has 6 strokes: after 叶 (5), before 刘 (6, 点 first)", ["刘明", "达明", "叶明"], ["叶明", "达明", "刘明"]),
]


@pytest.mark.parametrize(("why", "names", "expected"), STROKE_CASES, ids=[c[0] for c in STROKE_CASES])
def test_stroke_order(why: str, names: list[str], expected: list[str]) -> None:
    assert by_stroke(names) == expected, why


# Common surnames in stroke order, each adjacent pair checked by hand (count; then shapes):
# 丁2 | 于(112) 马(551) | 王(1121) 方(4153) 尹(5113) 巴(5215) 邓(5452) | 石(13) 叶(2511) 田(2512) 白(3) 冯(4)
# | 刘(41) 江(4411) 汤(4415) 许(45) 孙(5) | 李(1234521) 杨(1234533) 吴(2) 何(3) 张(51) 陈(52)
# | 罗(2) 周(3) 郑(4) | 赵(1212) 胡(1225) 钟(3) | 秦(1) 徐(3) | 黄(122) 曹(125) 梁(4)
# | 彭(121) 董(122) 曾(43) 谢(45) | 熊14 潘15 薛16.
# Note 李 before 杨: they share 一丨丿丶折; the 6th stroke is 亅 (竖) in 李 and 丿 (撇) in 杨.
SURNAMES_IN_STROKE_ORDER = list("丁于马王方尹巴邓石叶田白冯刘江汤许孙李杨吴何张陈罗周郑赵胡钟秦徐黄曹梁彭董曾谢熊潘薛")


def test_common_surnames_follow_the_national_stroke_order() -> None:
    shuffled = sorted(SURNAMES_IN_STROKE_ORDER)  # code-point order, far from the expected one
    assert shuffled != SURNAMES_IN_STROKE_ORDER
    assert by_stroke(shuffled) == SURNAMES_IN_STROKE_ORDER


@pytest.mark.parametrize(
    ("earlier", "later"),
    list(zip(SURNAMES_IN_STROKE_ORDER, SURNAMES_IN_STROKE_ORDER[1:], strict=False)),
)
def test_adjacent_surnames(earlier: str, later: str) -> None:
    assert stroke_key(earlier + "明") < stroke_key(later + "明")


COLLECTIVE_CASES = [
    (
        "district names after the shared 重庆市: 九 2, then 大 (一丿) before 万 (一折), then 丰 4",
        ["重庆市丰都县人民医院", "重庆市万州区人民医院", "重庆市大足区人民医院", "重庆市九龙坡区人民医院"],
        ["重庆市九龙坡区人民医院", "重庆市大足区人民医院", "重庆市万州区人民医院", "重庆市丰都县人民医院"],
    ),
    (
        "Chongqing's counties in stroke order",
        [
            "城口县",
            "丰都县",
            "垫江县",
            "忠县",
            "云阳县",
            "奉节县",
            "巫山县",
            "巫溪县",
            "石柱土家族自治县",
            "秀山土家族苗族自治县",
            "酉阳土家族苗族自治县",
            "彭水苗族土家族自治县",
        ],
        [
            "丰都县",
            "云阳县",
            "石柱土家族自治县",
            "巫山县",
            "巫溪县",
            "酉阳土家族苗族自治县",
            "秀山土家族苗族自治县",
            "奉节县",
            "忠县",
            "城口县",
            "垫江县",
            "彭水苗族土家族自治县",
        ],
    ),
    (
        "no surname rule for units: character by character (一 before 伟), a prefix first",
        ["王伟村", "王一鸣村委会", "王一"],
        ["王一", "王一鸣村委会", "王伟村"],
    ),
]


@pytest.mark.parametrize(("why", "names", "expected"), COLLECTIVE_CASES, ids=[c[0] for c in COLLECTIVE_CASES])
def test_collective_order(why: str, names: list[str], expected: list[str]) -> None:
    assert sort_names(names, key=str, collective=True) == expected, why
    assert sorted(names, key=collective_key) == expected


PINYIN_CASES = [
    ("an, bai, chen", ["陈明", "白明", "安明"], ["安明", "白明", "陈明"]),
    ("曾 read zeng (before 张 zhang), not ceng (before 陈 chen)", ["张伟", "陈伟", "曾伟"], ["陈伟", "曾伟", "张伟"]),
    ("单 read shan (after 钱 qian), not dan", ["单明", "钱明"], ["钱明", "单明"]),
    ("toneless ties broken by the name itself, deterministically", ["王伟", "王伟"], ["王伟", "王伟"]),
]


@pytest.mark.parametrize(("why", "names", "expected"), PINYIN_CASES, ids=[c[0] for c in PINYIN_CASES])
def test_pinyin_order(why: str, names: list[str], expected: list[str]) -> None:
    assert sort_names(names, key=str, order="pinyin") == expected, why


def test_pinyin_key_reads_compound_surname_and_ignores_dot() -> None:
    assert pinyin_key("长孙明")[0] == ("zhang", "sun", "ming")
    assert pinyin_key("阿不都·热合曼")[0] == pinyin_key("阿不都热合曼")[0]


def test_as_listed_keeps_input_order() -> None:
    names = ["薛明", "丁一", "王伟", "巴图"]
    assert sort_names(names, key=str, order="as-listed") == names
    assert sort_names(names, key=str, order="as-listed") is not names


def test_sort_is_stable_and_uses_the_key() -> None:
    people = [{"name": "王伟", "unit": "A"}, {"name": "丁一", "unit": "B"}, {"name": "王伟", "unit": "C"}]
    result = sort_names(people, key=lambda p: p["name"])
    assert [p["unit"] for p in result] == ["B", "A", "C"]


@pytest.mark.parametrize("order", ["bihua", "Stroke", "", "alphabetical"])
def test_unknown_order_is_refused_with_the_allowed_ones(order: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        sort_names(["王伟"], key=str, order=order)
    for allowed in SORT_ORDERS:
        assert allowed in str(excinfo.value)


def test_empty_and_odd_names_do_not_crash() -> None:
    assert sort_names([], key=str) == []
    assert by_stroke(["", "王", "欧阳", "·"]) == ["", "·", "王", "欧阳"]


def test_module_does_not_import_cn_sort(tmp_path: Path) -> None:
    """cn_sort's import reconfigures logging and writes log files: only its data file may be read."""
    code = (
        "import sys; from publisher.data.name_order import stroke_key; stroke_key('王伟'); "
        "assert 'cn_sort' not in sys.modules, sorted(m for m in sys.modules if 'cn_sort' in m)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path, env=env)
    assert list(tmp_path.iterdir()) == []  # no all.log / error.log
