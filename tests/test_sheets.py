"""Spreadsheets in: the template, the import (xlsx and CSV), every bad cell by sheet!COLROW, re-import.

Every test works in a private copy of tests/fixtures/tiny as ``data/`` in its
own working folder, so messages read ``data/nominees/...`` as staff see them.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from publisher.data.dataset import load_dataset
from publisher.data.loading import load_nominee
from publisher.data.models import Collective, Individual
from publisher.errors import DataError
from publisher.sheets.cells import convert
from publisher.sheets.columns import COLUMNS, LISTS_SHEET, columns_of
from publisher.sheets.ids import base_id, unique_id
from publisher.sheets.staging import staged
from publisher.sheets.writing import KEY_ORDER, render

from .sheets_support import COLLECTIVE, PERSON_LI, PERSON_ZHANG, fill, make_template, run, tiny_copy, tree_bytes


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tiny_copy(tmp_path)


@pytest.fixture
def template(data: Path) -> Path:
    return make_template(data.parent, data)


def _validation_for(sheet, letter: str):
    return next((dv for dv in sheet.data_validations.dataValidation if f"{letter}2" in dv), None)


# --- template ------------------------------------------------------------------------------------


def test_template_has_both_sheets_headers_lists_and_help(template: Path) -> None:
    book = openpyxl.load_workbook(template)
    assert book.sheetnames == ["说明", "集体", "个人", LISTS_SHEET]
    assert book[LISTS_SHEET].sheet_state == "hidden"
    for name, kind in (("集体", "collective"), ("个人", "individual")):
        sheet = book[name]
        columns = columns_of(kind)
        assert [c.value for c in sheet[1]] == [c.header for c in columns]
        assert sheet.freeze_panes == "B2"
        for n, column in enumerate(columns, start=1):
            letter = openpyxl.utils.get_column_letter(n)
            assert sheet.column_dimensions[letter].width == column.width
            check = _validation_for(sheet, letter)
            assert check is not None and column.header in check.promptTitle
            if column.choices or column.type == "recommender":
                assert check.type == "list" and check.formula1.startswith(f"'{LISTS_SHEET}'!")
    person = book["个人"]
    assert person["F1"].value == "出生年月" and person.column_dimensions["F"].number_format == "@"
    assert person.column_dimensions["U"].number_format == "yyyy-mm-dd"
    assert person.column_dimensions["Q"].alignment.wrap_text  # 简要事迹
    lists = book[LISTS_SHEET]
    assert [c.value for c in lists["A"]][1:3] == ["两江新区", "渝中区"]
    help_text = "\n".join(str(v) for row in book["说明"].iter_rows(values_only=True) for v in row if v)
    for private in ("身份证号", "手机", "邮箱"):
        assert any(private in str(row) and "不公开（存于 private:）" in str(row)
                   for row in book["说明"].iter_rows(values_only=True))
    assert "publisher import" in help_text and "YYYY-MM" in help_text


def test_template_refuses_other_extensions(data: Path) -> None:
    result = run("template", "nominees.xls", "--data", str(data))
    assert result.exit_code == 2 and ".xlsx" in result.output


# --- import ----------------------------------------------------------------------------------------


def test_import_writes_readable_files_that_load_back(data: Path, template: Path) -> None:
    sheet = fill(template, Path("filled.xlsx"), {"集体": [COLLECTIVE], "个人": [PERSON_LI, PERSON_ZHANG]})
    result = run("import", str(sheet), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "新增 3 个，更新 0 个，未变 0 个。" in result.output
    dataset = load_dataset(data)
    li = dataset.nominees["liangjiang-li-xiu-ying"]
    assert isinstance(li, Individual)
    assert (li.born, li.industry_years, li.gender, li.ethnicity, li.rank.value) == ("1979-11", 21, "女", "苗族", "none")
    assert li.submitted_on == date(2026, 6, 30) and li.status.value == "commended"
    assert [(h.title, h.year, h.level.value) for h in li.prior_honours] == [("重庆市五一劳动奖章", 2019, "provincial")]
    assert li.private == {"id_number": "500101197911021234", "phone": "13800000001", "email": "lixiuying@example.com"}
    assert li.deeds == PERSON_LI["事迹材料"]
    zhang = dataset.nominees["yuzhong-zhang-wei"]
    assert zhang.posthumous and zhang.private == {"phone": "13900000002"}
    collective = dataset.nominees["yuzhong-han-jie-che-jian"]
    assert isinstance(collective, Collective) and collective.private == {"contact": "赵敏", "phone": "13700000003"}
    text = (data / "nominees" / "liangjiang-li-xiu-ying.yaml").read_text(encoding="utf-8")
    assert text.startswith("kind: individual\nname: 李秀英\nrecommender: liangjiang\n")
    assert "deeds: |-\n  带领团队研制焊接机器人，打破国外垄断。\n  获授权发明专利12项。\n" in text
    assert "id_number: '500101197911021234'" in text and "born: 1979-11" in text


def test_layout_is_fixed_and_round_trips(tmp_path: Path) -> None:
    person = Individual.model_validate({
        "id": "x-no", "kind": "individual", "name": "张三", "recommender": "liangjiang", "unit": "no",
        "office": "2026-07-01", "unit_type": "enterprise", "position": "yes", "gender": "男", "ethnicity": "汉族",
        "political_status": "null", "born": "1990-01", "industry_years": 7.5, "rank": "none", "summary": "一行。",
        "deeds": "第一段。\n第二段。", "submitted_on": "2026-07-01", "status": "shortlisted",
        "private": {"phone": "013800000000", "note": "true"}})
    text = render(person)
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(" ")]
    assert keys == [k for k in KEY_ORDER if k in keys]
    path = tmp_path / "x-no.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_nominee(path).nominee == person
    assert render(person) == text  # same values, same bytes


def test_every_contract_field_has_a_place_in_the_layout_and_a_column() -> None:
    fields = (set(Individual.model_fields) | set(Collective.model_fields)) - {"id"}
    assert fields == set(KEY_ORDER)
    assert fields - {"kind", "private"} == {c.field for c in COLUMNS if not c.private}


def test_gbk_csv_is_detected_reported_and_imported(data: Path) -> None:
    lines = ["类别,名称,推荐单位,性别,民族,政治面貌,出生年月,工作单位,职务,单位性质,职级,从业年限,简要事迹,事迹材料,报送日期,状态,手机",
             "集体,重庆某某公司质检科,渝中区,,,,,重庆某某公司,,企业,,,严把质量关。,严把质量关，零事故。,2026/7/1,推荐,023-61234567",
             "个人,刘洋,两江新区,男,汉族,中共党员,1990-05,重庆某某公司,质检员,企业,无行政职级,8,质检能手。,质检能手，发现隐患30项。,2026年7月2日,推荐,"]
    Path("名单.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    result = run("import", "名单.csv", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "按 GBK 编码读取 名单.csv" in result.output and "新增 2 个" in result.output
    dataset = load_dataset(data)
    assert dataset.nominees["liangjiang-liu-yang"].submitted_on == date(2026, 7, 2)
    assert dataset.nominees["yuzhong-zhi-jian-ke"].private == {"phone": "023-61234567"}


def test_utf8_bom_csv_is_reported_as_utf8(data: Path) -> None:
    header = "姓名,推荐单位,性别,民族,政治面貌,出生年月,工作单位,职务,单位性质,职级,从业年限,简要事迹,事迹材料,报送日期,状态"
    row = "陈静,两江新区,女,汉族,群众,1992-12,重庆某某公司,工程师,企业,无行政职级,6,事迹。,事迹材料。,2026-07-01,推荐"
    Path("people.csv").write_bytes(f"{header}\n{row}\n".encode("utf-8-sig"))
    result = run("import", "people.csv", "--data", str(data), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "按 UTF-8 编码读取 people.csv" in result.output and "liangjiang-chen-jing" in result.output


def _bad(**changes: object) -> dict[str, object]:
    row = {**PERSON_ZHANG, **changes}
    return {k: v for k, v in row.items() if v is not None}


BAD_PEOPLE = [
    _bad(姓名="甲", 出生年月="1985.3"),
    _bad(姓名="乙", 报送日期="2026.7.1"),
    _bad(姓名="丙", 状态="通过"),
    _bad(姓名="丁", 民族=None),
    _bad(姓名="戊", 推荐单位="渝北区"),
    _bad(姓名="己", 从业年限="十年"),
    _bad(姓名="庚"),
    _bad(姓名="庚"),
    _bad(姓名="辛", 状态="已撤销"),
    _bad(姓名="壬", 从业年限=80, 报送日期="2026-02-30"),
    _bad(姓名="癸", 身份证号=500101198803021234),
]
BAD_COLLECTIVES = [
    {**COLLECTIVE, "单位性质": "国企"},
    {**COLLECTIVE, "集体名称": "重庆某某公司装配车间", "曾获荣誉": "重庆市工人先锋号"},
]
EXPECTED = [
    "集体!E2: 单位性质 '国企' 应为下拉列表中的一项：企业、事业单位、市级机关内设机构、市经济信息委内设机构、区县经信部门、社会组织、其他机关",
    "集体!H3: 曾获荣誉 '重庆市工人先锋号' 第 1 项“重庆市工人先锋号”应写成：年份 荣誉名称（级别），例如 2023 重庆市五一劳动奖章（省部级）",
    "个人!F2: 出生年月 '1985.3' 应为 YYYY-MM，例如 1985-03",
    "个人!U3: 报送日期 '2026.7.1' 应为日期 YYYY-MM-DD，例如 2026-07-01",
    "个人!V4: 状态 '通过' 应为下拉列表中的一项：推荐、拟表彰、已表彰、已撤销",
    "个人!D5: 民族 必填，不能为空",
    "个人!B6: 推荐单位 '渝北区' 不在 recommenders.yaml 里",
    "个人!L7: 从业年限 '十年' 应为数字，例如 12",
    "个人!A9: 庚 与 个人!第8行 重复（同一类别、同名、同单位），同一对象只能填一行",
    "个人!W10: 撤销原因 状态为 withdrawn（撤销）时必须填写 withdrawn_reason（撤销原因，不公开）",
    "个人!U11: 报送日期 '2026-02-30' 这个日期不存在，请核对（格式 YYYY-MM-DD）",
    "个人!X12: 身份证号 '50010119880302",  # stored as a number: the last digits are already lost
    "' 被 Excel 当成了数字，超过 15 位的部分已变成 0：请把这一列设为“文本”格式后重新输入",
]


def test_every_bad_cell_is_reported_by_sheet_row_and_column_and_nothing_is_written(data: Path, template: Path) -> None:
    before = tree_bytes(data)
    sheet = fill(template, Path("bad.xlsx"), {"集体": BAD_COLLECTIVES, "个人": BAD_PEOPLE})
    result = run("import", str(sheet), "--data", str(data))
    assert result.exit_code == 1
    for expected in EXPECTED:
        assert expected in result.output, expected
    assert "没有写入任何文件" in result.output and "Traceback" not in result.output
    assert tree_bytes(data) == before


def test_range_errors_of_the_model_point_at_their_column(data: Path, template: Path) -> None:
    sheet = fill(template, Path("bad.xlsx"), {"个人": [_bad(从业年限=80)]})
    result = run("import", str(sheet), "--data", str(data))
    assert result.exit_code == 1 and "个人!L2: 从业年限 '80' 应不大于 70" in result.output


def test_unknown_and_missing_headers(data: Path, template: Path) -> None:
    book = openpyxl.load_workbook(template)
    sheet = book["个人"]
    sheet["F1"] = "出生日期"
    for col, value in enumerate(["王五", "两江新区"], start=1):
        sheet.cell(2, col, value)
    book.save("headers.xlsx")
    result = run("import", "headers.xlsx", "--data", str(data))
    assert result.exit_code == 1
    assert "个人!F1: 不认识的列标题“出生日期”" in result.output
    assert "个人!第1行: 缺少必填的列“出生年月”（个人）" in result.output


def test_mixed_csv_rejects_individual_cells_on_a_collective_row(data: Path) -> None:
    Path("mixed.csv").write_text("类别,名称,推荐单位,性别,工作单位,单位性质,简要事迹,事迹材料,报送日期,状态\n"
                                 "集体,某车间,渝中区,男,某公司,企业,事迹,材料,2026-07-01,推荐\n"
                                 "团体,某班组,渝中区,,某公司,企业,事迹,材料,2026-07-01,推荐\n", encoding="utf-8")
    result = run("import", "mixed.csv", "--data", str(data))
    assert result.exit_code == 1
    assert "mixed!D2: 性别 是个人的列，集体不填这一列" in result.output
    assert "mixed!A3: 类别 '团体' 应为“集体”或“个人”" in result.output


def test_reimport_with_one_changed_cell_updates_one_file(data: Path, template: Path) -> None:
    rows = {"集体": [COLLECTIVE], "个人": [PERSON_LI, PERSON_ZHANG]}
    assert run("import", str(fill(template, Path("a.xlsx"), rows)), "--data", str(data)).exit_code == 0
    before = tree_bytes(data)
    rows["个人"] = [{**PERSON_LI, "职务": "首席科学家"}, PERSON_ZHANG]
    result = run("import", str(fill(template, Path("b.xlsx"), rows)), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "新增 0 个，更新 1 个，未变 2 个。" in result.output and "更新：liangjiang-li-xiu-ying" in result.output
    after = tree_bytes(data)
    assert set(after) == set(before)
    assert [name for name in after if after[name] != before[name]] == ["nominees/liangjiang-li-xiu-ying.yaml"]
    assert load_dataset(data).nominees["liangjiang-li-xiu-ying"].position == "首席科学家"


def test_reimport_keeps_private_keys_and_fields_the_sheet_has_no_column_for(data: Path, template: Path) -> None:
    assert run("import", str(fill(template, Path("a.xlsx"), {"个人": [PERSON_LI]})), "--data", str(data)).exit_code == 0
    path = data / "nominees" / "liangjiang-li-xiu-ying.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nprivate: {" in text  # private values stay on the one line that says private
    path.write_text(text.replace("\nprivate: {", "\nprivate: {note: 家访已完成, "), encoding="utf-8")
    book = openpyxl.load_workbook("a.xlsx")
    book["个人"].delete_cols(8)  # 处（科）室 left out of the sheet altogether
    book.save("c.xlsx")
    result = run("import", "c.xlsx", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "未变 1 个" in result.output
    li = load_dataset(data).nominees["liangjiang-li-xiu-ying"]
    assert li.office == "研发中心" and li.private["note"] == "家访已完成"


def test_dry_run_writes_nothing(data: Path, template: Path) -> None:
    before = tree_bytes(data)
    sheet = fill(template, Path("a.xlsx"), {"个人": [PERSON_LI]})
    result = run("import", str(sheet), "--data", str(data), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "新增 1 个" in result.output and "试运行" in result.output
    assert tree_bytes(data) == before


def test_existing_nominee_is_matched_by_kind_name_and_unit(data: Path, template: Path) -> None:
    wang = {"姓名": "王芳", "推荐单位": "两江新区", "性别": "女", "民族": "土家族", "政治面貌": "群众",
            "出生年月": "1988-03", "工作单位": "重庆某某电子有限公司", "处（科）室": "测试部", "职务": "测试工程师",
            "单位性质": "企业", "职级": "无行政职级", "从业年限": 12, "简要事迹": "主导芯片测试平台建设。",
            "事迹材料": "主导芯片测试平台建设，测试效率提高一倍。", "报送日期": date(2026, 7, 1), "状态": "已表彰",
            "身份证号": "500101198803021234", "手机": "13900000000"}
    moved = {**wang, "工作单位": "重庆另一电子有限公司"}
    before = (data / "nominees" / "liangjiang-wang-fang.yaml").read_bytes()
    result = run("import", str(fill(template, Path("w.xlsx"), {"个人": [wang, moved]})), "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "新增 1 个，更新 0 个，未变 1 个。" in result.output
    assert (data / "nominees" / "liangjiang-wang-fang.yaml").read_bytes() == before
    assert (data / "nominees" / "liangjiang-wang-fang-2.yaml").is_file()
    assert "注意：个人!第3行 王芳（重庆另一电子有限公司）作为新对象添加" in result.output


def test_ids_are_pinyin_ascii_and_unique() -> None:
    person = Individual.model_validate({**_individual_data(), "name": "曾吕"})
    assert base_id(person) == "liangjiang-zeng-lv"  # 曾 read as a surname, ü as v
    dotted = Individual.model_validate({**_individual_data(), "name": "阿依·古丽"})
    assert base_id(dotted) == "liangjiang-a-yi-gu-li"
    collective = Collective.model_validate({**_individual_data(kind="collective"), "name": "重庆某某有限公司（二）车间",
                                            "unit": "重庆某某有限公司"})
    assert base_id(collective) == "liangjiang-er-che-jian"
    assert unique_id("a", {"a", "a-2"}) == "a-3"
    long_name = Collective.model_validate({**_individual_data(kind="collective"), "name": "长" * 40})
    assert len(base_id(long_name)) <= 60 and not base_id(long_name).endswith("-")


def _individual_data(kind: str = "individual") -> dict[str, object]:
    data: dict[str, object] = {"id": "x", "kind": kind, "name": "x", "recommender": "liangjiang", "unit": "某公司",
                               "unit_type": "enterprise", "summary": "s", "deeds": "d", "submitted_on": "2026-07-01",
                               "status": "recommended"}
    if kind == "individual":
        data.update(position="p", gender="男", ethnicity="汉族", political_status="群众", born="1990-01",
                    industry_years=5, rank="none")
    return data


def test_unreadable_files_are_refused_plainly(data: Path) -> None:
    Path("old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    Path("broken.xlsx").write_bytes(b"not a zip")
    assert "另存为" in run("import", "old.xls", "--data", str(data)).output
    result = run("import", "broken.xlsx", "--data", str(data))
    assert result.exit_code == 1 and "不是有效的 .xlsx 工作簿" in result.output and "Traceback" not in result.output


def test_files_that_would_not_load_are_refused_in_the_stage_and_leave_nothing(data: Path) -> None:
    """The staged folder must load as a whole before anything is swapped in; the stage is removed either way."""
    before = tree_bytes(data)
    files = {"liangjiang-wang-fang": "kind: individual\nname: 王芳\n", "yuzhong-new": "kind: collective\n"}
    with pytest.raises(DataError) as caught, staged(data, files):
        pass
    assert any(p.path == "data/nominees/yuzhong-new.yaml" for p in caught.value.problems)
    assert tree_bytes(data) == before  # hidden files included: no staging folder is left behind


@pytest.mark.parametrize(("header", "cell", "value"), [
    ("出生年月", datetime(1985, 3, 1), "1985-03"),  # Excel's own reading of a typed 1985-03
    ("报送日期", "2026/7/1", date(2026, 7, 1)),
    ("报送日期", "2026年7月1日", date(2026, 7, 1)),
    ("报送日期", datetime(2026, 7, 1), date(2026, 7, 1)),
    ("手机", 13900000000, "13900000000"),
    ("追授", "是", True),
    ("企业负责人", "否", False),
    ("从业年限", "7.5", 7.5),
    ("职级", "处级", "division"),
    ("状态", "shortlisted", "shortlisted"),
    ("推荐单位", "liangjiang", "liangjiang"),
    ("简要事迹", "第一段。  \r\n第二段。", "第一段。\n第二段。"),
    ("曾获荣誉", "2020年 全国劳动模范(国家级)；2018 市先进（其他）",
     [{"title": "全国劳动模范", "year": 2020, "level": "national"}, {"title": "市先进", "year": 2018, "level": "other"}]),
])
def test_cells_undo_what_spreadsheets_do_to_values(header: str, cell: object, value: object) -> None:
    column = next(c for c in columns_of("individual") if c.header == header)
    assert convert(column, cell, {"两江新区": "liangjiang", "liangjiang": "liangjiang"}) == value
