"""Helpers for the spreadsheet tests: a data folder per test, the real template, sheets filled like staff do.

Sheets are filled by header text, never by column position, so the tests use
the template exactly as a clerk would (and keep working if columns move); the
expected messages still name letters, which is what a clerk reads.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner, Result

from publisher.cli.main import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"

COLLECTIVE: dict[str, Any] = {
    "集体名称": "重庆某某机器人有限公司焊接车间", "推荐单位": "渝中区", "所在单位": "重庆某某机器人有限公司",
    "单位性质": "企业", "简要事迹": "建成柔性焊接线。", "事迹材料": "建成柔性焊接线，良品率提升到99.6%。\n年产焊接件百万件。",
    "报送日期": date(2026, 6, 29), "状态": "已表彰", "联系人": "赵敏", "手机": "13700000003",
}
PERSON_LI: dict[str, Any] = {
    "姓名": "李秀英", "推荐单位": "两江新区", "性别": "女", "民族": "苗族", "政治面貌": "中共党员", "出生年月": "1979-11",
    "工作单位": "重庆某某机器人有限公司", "处（科）室": "研发中心", "职务": "研发中心主任", "单位性质": "企业",
    "职级": "无行政职级", "从业年限": 21, "企业负责人": "否", "简要事迹": "带领团队研制焊接机器人。",
    "事迹材料": "带领团队研制焊接机器人，打破国外垄断。\n获授权发明专利12项。",
    "曾获荣誉": "2019 重庆市五一劳动奖章（省部级）", "新的重大贡献": "2025年主持研制新一代协作机器人。",
    "报送日期": date(2026, 6, 30), "状态": "已表彰", "身份证号": "500101197911021234", "手机": "13800000001",
    "邮箱": "lixiuying@example.com",
}
PERSON_ZHANG: dict[str, Any] = {
    "姓名": "张伟", "推荐单位": "渝中区", "性别": "男", "民族": "汉族", "政治面貌": "群众", "出生年月": "1968-02",
    "工作单位": "重庆某某机械厂", "职务": "高级技师", "单位性质": "企业", "职级": "科级及以下", "从业年限": 35,
    "追授": "是", "简要事迹": "四十年坚守一线。", "事迹材料": "四十年坚守一线，带出徒弟百余名。",
    "报送日期": date(2026, 7, 2), "状态": "已表彰", "手机": 13900000002,
}
DECISION = """\
title: 关于表彰制造强市先进集体和先进个人的决定
document_number: 渝人社发〔2026〕199号
issued_by: [重庆市人力资源和社会保障局, 重庆市经济和信息化委员会]
issued_on: 2026-10-20
preamble: 为表彰先进，树立典型。
closing: 希望受表彰的集体和个人珍惜荣誉，再创佳绩。
"""


def tiny_copy(tmp_path: Path) -> Path:
    """A private copy of tests/fixtures/tiny as ``data`` in the test's folder (the working folder)."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "tiny", target)
    return target


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def publisher_command() -> list[str]:
    """The installed console script of this interpreter's environment, for runs in a real subprocess."""
    script = Path(sys.executable).parent / "publisher"
    return [str(script)] if script.is_file() else [shutil.which("publisher") or "publisher"]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``publisher ARGS`` in a subprocess: the exit code, and a traceback if there is one, as staff see them."""
    return subprocess.run([*publisher_command(), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def make_template(folder: Path, data: Path) -> Path:
    path = folder / "nominees-template.xlsx"
    result = run("template", str(path), "--data", str(data))
    assert result.exit_code == 0, result.output
    return path


def fill(template: Path, out: Path, sheets: dict[str, list[dict[str, Any]]]) -> Path:
    """Type ``sheets`` (sheet → rows of header → value) into a copy of the template, from row 2."""
    book = openpyxl.load_workbook(template)
    for name, rows in sheets.items():
        sheet = book[name]
        headers = [c.value for c in sheet[1]]
        for r, row in enumerate(rows, start=2):
            for header, value in row.items():
                sheet.cell(r, headers.index(header) + 1, value)
    book.save(out)
    return out


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def listed_rows(path: Path) -> list[tuple[Any, ...]]:
    """The numbered rows of an exported list (序号 in column A), as values."""
    sheet = openpyxl.load_workbook(path)["名单"]
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if isinstance(row[0], int)]
