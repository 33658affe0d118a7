"""Spreadsheets out, and the notice scaffold: the round trip template → import → export, A4 print setup.

The round trip is the issue's "done when": a sheet filled as staff fill it comes
out of ``publisher export`` as the same values, in the order of the public page,
with nothing private in it.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from publisher.data.dataset import load_dataset

from .sheets_support import (
    COLLECTIVE,
    DECISION,
    PERSON_LI,
    PERSON_ZHANG,
    fill,
    listed_rows,
    make_template,
    run,
    tiny_copy,
    tree_bytes,
)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tiny_copy(tmp_path)


@pytest.fixture
def imported(data: Path) -> Path:
    """The tiny data plus one collective and two people imported from a filled template, and a decision."""
    template = make_template(data.parent, data)
    sheet = fill(template, Path("filled.xlsx"), {"集体": [COLLECTIVE], "个人": [PERSON_LI, PERSON_ZHANG]})
    result = run("import", str(sheet), "--data", str(data))
    assert result.exit_code == 0, result.output
    (data / "decision.yaml").write_text(DECISION, encoding="utf-8")
    load_dataset(data)
    return data


def _person_row(n: int, row: dict[str, object], notes: str) -> tuple[object, ...]:
    position = f"{row['工作单位']}{row['职务']}"
    return (n, row["姓名"], notes, position, row["推荐单位"])


def test_round_trip_decision_shows_the_sheet_values_in_page_order(imported: Path) -> None:
    result = run("export", "decision", "decision-list.xlsx", "--data", str(imported))
    assert result.exit_code == 0, result.output
    assert "1 个集体、3 名个人" in result.output
    wang = {"姓名": "王芳", "工作单位": "重庆某某电子有限公司", "职务": "测试工程师", "推荐单位": "两江新区"}
    assert listed_rows(Path("decision-list.xlsx")) == [
        (1, COLLECTIVE["集体名称"], None, None, "渝中区"),
        # 两江新区 before 渝中区 (recommenders.yaml order); within it 王 (4 strokes) before 李 (7)
        _person_row(1, wang, "女，土家族"),
        _person_row(2, PERSON_LI, "女，苗族"),
        _person_row(3, PERSON_ZHANG, "追授"),
    ]
    sheet = openpyxl.load_workbook("decision-list.xlsx")["名单"]
    assert (sheet["A1"].value, sheet["A2"].value) == ("关于表彰制造强市先进集体和先进个人的决定", "渝人社发〔2026〕199号")
    assert [c.value for c in sheet[3]] == ["序号", "名称", "备注", "工作单位及职务", "推荐单位"]
    assert "A1:E1" in {str(r) for r in sheet.merged_cells.ranges}


def test_exports_carry_nothing_private(imported: Path) -> None:
    assert run("export", "decision", "d.xlsx", "--data", str(imported)).exit_code == 0
    cells = " ".join(str(v) for ws in openpyxl.load_workbook("d.xlsx") for row in ws.iter_rows(values_only=True)
                     for v in row if v is not None)
    for secret in ("500101197911021234", "13800000001", "lixiuying@example.com", "13900000002", "赵敏", "1979-11",
                   "中共党员"):
        assert secret not in cells


def test_the_issue_form_export_decision_xlsx_is_accepted(imported: Path) -> None:
    result = run("export", "decision.xlsx", "--data", str(imported))
    assert result.exit_code == 0, result.output
    assert len(listed_rows(Path("decision.xlsx"))) == 4


def test_exported_workbook_prints_on_a4_with_title_rows(imported: Path) -> None:
    assert run("export", "decision", "d.xlsx", "--data", str(imported)).exit_code == 0
    book = openpyxl.load_workbook("d.xlsx")
    assert book.sheetnames == ["名单", "合规统计"]
    for sheet in book:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.orientation) == (9, "portrait")  # 9: A4 in OOXML
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0) and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert book["名单"].print_title_rows == "$3:$3"


def test_compliance_sheet_has_the_counts_of_check(imported: Path) -> None:
    assert run("export", "decision", "d.xlsx", "--data", str(imported)).exit_code == 0
    rows = list(openpyxl.load_workbook("d.xlsx")["合规统计"].iter_rows(values_only=True))
    assert ("已表彰集体", None, 1, 100, None, None, None, "符合") in rows
    assert ("已表彰个人", None, 3, 150, None, None, None, "符合") in rows
    # 两江新区 put forward the tiny collective, 王芳 and 李秀英; 渝中区 the imported collective and 张伟
    assert ("两江新区", "两江新区", 1, 8, 2, 12, 0, "符合") in rows
    assert ("渝中区", "区", 1, 4, 1, 8, 0, "符合") in rows
    assert any(r[0] == "处级干部" and r[4] == "0.0%" and r[5] == "20%" for r in rows)
    assert any(r[0] == "四、检查结果（publisher check）" for r in rows)


def test_new_notice_then_export_notice_round_trip(imported: Path) -> None:
    result = run("new", "notice", "--stage", "city", "--published-on", "2026-09-28", "--data", str(imported))
    assert result.exit_code == 0, result.output
    path = imported / "notices" / "2026-city-2.yaml"  # 2026-city is taken by the fixture
    written = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert str(written["end"]) == "2026-10-09"
    assert written["nominees"] == ["liangjiang-c-zongzhuang", "yuzhong-han-jie-che-jian", "liangjiang-wang-fang",
                                   "liangjiang-li-xiu-ying", "yuzhong-zhang-wei"]
    assert written["contacts"] == ["jxw-ganbu", "rsj-biaozhang"]
    assert written["issued_by"] == ["重庆市人力资源和社会保障局", "重庆市经济和信息化委员会"]
    assert "# 王芳（两江新区）" in path.read_text(encoding="utf-8")
    dataset = load_dataset(imported)
    assert dataset.windows["2026-city-2"].end.isoformat() == "2026-10-09"
    result = run("export", "notice", "2026-city-2", "n.xlsx", "--data", str(imported))
    assert result.exit_code == 0, result.output
    names = [row[1] for row in listed_rows(Path("n.xlsx"))]
    assert names == ["重庆某某汽车有限公司总装车间", COLLECTIVE["集体名称"], "王芳", "李秀英", "张伟"]
    assert "公示期：2026年9月28日至10月9日（5个工作日）" in openpyxl.load_workbook("n.xlsx")["名单"]["A2"].value


def test_new_notice_never_overwrites_and_needs_calendar_data(data: Path) -> None:
    before = tree_bytes(data)
    taken = run("new", "notice", "--stage", "city", "--published-on", "2026-09-28", "--id", "2026-city",
                "--data", str(data))
    assert taken.exit_code == 1 and "已存在，不会覆盖" in taken.output
    future = run("new", "notice", "--stage", "city", "--published-on", "2099-09-28", "--data", str(data))
    assert future.exit_code == 1 and "没有 2099 年的节假日安排数据" in future.output
    assert "Traceback" not in future.output
    assert tree_bytes(data) == before


def test_export_notice_unknown_id_suggests_close_ones(data: Path) -> None:
    result = run("export", "notice", "2026-cty", "n.xlsx", "--data", str(data))
    assert result.exit_code == 1 and "2026-city" in result.output and not Path("n.xlsx").exists()


def test_export_decision_without_decision_says_what_to_do(data: Path) -> None:
    result = run("export", "decision", "d.xlsx", "--data", str(data))
    assert result.exit_code == 1 and "decision.yaml" in result.output
