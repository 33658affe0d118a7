"""``publisher template``: the blank workbook staff fill in Excel or WPS.

Everything a clerk needs to fill it right is in the file itself, because the
file travels by e-mail to recommenders who never see this project: drop-downs
for every enumerated field (long lists on a hidden sheet, as Excel caps inline
lists at 255 characters), an input prompt on every column, date and number
checks as Excel's own data validation, text format where Excel would otherwise
damage the value (出生年月, ID numbers), and a 说明 sheet describing each column.
Every cell goes through :func:`.formulas.put`: a recommender's name from
recommenders.yaml lands in the drop-down list as text, never as a formula.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from publisher.data.models import PUBLIC_NOMINEE_FIELDS, Recommender
from publisher.sheets.columns import COLUMNS, HELP_SHEET, KINDS, LISTS_SHEET, SHEET_NAMES, Column, Kind, columns_of
from publisher.sheets.formulas import put

TEMPLATE_ROWS = 2000
"""How far down the drop-downs and checks reach; a recommender list is far shorter."""
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
OPTIONAL_FILL = PatternFill("solid", fgColor="EDEDED")
HEADER_FONT = Font(name="宋体", bold=True, size=11)
THIN = Side(style="thin", color="999999")
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"

NOTES = (
    "每个推荐对象填一行：集体填在“集体”工作表，个人填在“个人”工作表。第 1 行是表头，请勿修改表头和工作表名称。",
    "橙色表头的列必填；灰色表头的列可不填。带下拉箭头的列请从列表中选择。",
    "日期填写为 2026-07-01 的形式；出生年月是文本，填写为 1988-03 的形式（该列已设为文本格式）。",
    "身份证号、手机、邮箱、联系人只供内部审核，导入后保存在文件的 private: 下，永不公开；政治面貌、出生年月、撤销原因等也不公开。",
    "公开的只有：名称、工作单位、职务、推荐单位，以及名单括注（女、少数民族、追授）。",
    "曾获荣誉每行一项（单元格内按 Alt+Enter 换行）：年份 荣誉名称（级别），级别为 国家级/省部级/经信系统/其他。",
    "填好后先试运行检查：publisher import 文件名.xlsx --dry-run；没有问题再去掉 --dry-run 正式导入。",
    "再次导入修改后的表格会更新原有文件（同类别、同名、同单位视为同一对象），不会重复新增。",
)


def _publicity(column: Column) -> str:
    if column.private:
        return "不公开（存于 private:）"
    return "公开" if column.field in PUBLIC_NOMINEE_FIELDS else "不公开（内部审核用）"


def _lists(recommenders: list[Recommender]) -> dict[str, list[str]]:
    """Drop-down name → its words; columns sharing a list (是/否) share the name."""
    lists: dict[str, list[str]] = {"推荐单位": [r.name for r in recommenders]}
    for column in COLUMNS:
        if column.choices:
            lists.setdefault(_list_name(column), column.labels)
    return lists


def _list_name(column: Column) -> str:
    return "是否" if column.type == "bool" else column.header


def _ranges(lists: dict[str, list[str]]) -> dict[str, str]:
    """Each list's cells on the 列表 sheet (one column per list, words from row 2), for a validation formula."""
    ranges = {}
    for n, (name, words) in enumerate(lists.items(), start=1):
        letter = get_column_letter(n)
        ranges[name] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(words) + 1}"
    return ranges


def _write_lists(book: Workbook, lists: dict[str, list[str]]) -> None:
    """The hidden 列表 sheet, laid out as :func:`_ranges` says."""
    sheet = book.create_sheet(LISTS_SHEET)
    for n, (name, words) in enumerate(lists.items(), start=1):
        put(sheet, 1, n, name)
        for row, word in enumerate(words, start=2):
            put(sheet, row, n, word)
    sheet.sheet_state = "hidden"


def _validation(column: Column, ranges: dict[str, str]) -> DataValidation:
    """Excel's own check of what is typed, with the column's format as the prompt."""
    common = {"allow_blank": True, "showInputMessage": True, "promptTitle": column.header[:32],
              "prompt": column.fmt[:255], "showErrorMessage": True, "errorTitle": f"{column.header}填写有误"[:32]}
    if column.type in ("choice", "bool", "recommender"):
        return DataValidation(type="list", formula1=ranges[_list_name(column)],
                              error="请从下拉列表中选择。", **common)
    if column.type == "date":
        return DataValidation(type="date", operator="greaterThan", formula1="DATE(1949,10,1)",
                              error="请填写日期，例如 2026-07-01。", **common)
    if column.type == "number":
        return DataValidation(type="decimal", operator="between", formula1="0", formula2="70",
                              error="请填写 0 到 70 之间的数字（年）。", **common)
    if column.type == "month":
        return DataValidation(type="textLength", operator="equal", formula1="7",
                              error="请按文本填写 YYYY-MM，例如 1988-03。", **common)
    return DataValidation(**common)


def _style_column(sheet: Worksheet, n: int, column: Column) -> None:
    letter = get_column_letter(n)
    dim = sheet.column_dimensions[letter]
    dim.width = column.width
    if column.type == "date":
        dim.number_format = DATE_FORMAT
    elif column.type in ("month", "secret", "text", "long", "honours"):
        dim.number_format = TEXT_FORMAT
    if column.type in ("long", "honours"):
        dim.alignment = Alignment(wrap_text=True, vertical="top")
    header = put(sheet, 1, n, column.header)
    header.font = HEADER_FONT
    header.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
    header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)


def _data_sheet(book: Workbook, kind: Kind, ranges: dict[str, str]) -> None:
    sheet = book.create_sheet(SHEET_NAMES[kind])
    columns = columns_of(kind)
    for n, column in enumerate(columns, start=1):
        _style_column(sheet, n, column)
        check = _validation(column, ranges)
        letter = get_column_letter(n)
        check.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
        sheet.add_data_validation(check)
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"


def _help_sheet(book: Workbook) -> None:
    sheet = book.create_sheet(HELP_SHEET, 0)
    put(sheet, 1, 1, "推荐对象信息表填写说明").font = Font(name="黑体", bold=True, size=14)
    for n, note in enumerate(NOTES, start=2):
        put(sheet, n, 1, f"{n - 1}. {note}")
    top = len(NOTES) + 3
    headers = ("工作表", "列", "列标题", "必填", "格式", "示例", "对应字段", "是否公开")
    for n, text in enumerate(headers, start=1):
        cell = put(sheet, top, n, text)
        cell.font, cell.fill = HEADER_FONT, OPTIONAL_FILL
    row = top + 1
    for kind in KINDS:
        for n, column in enumerate(columns_of(kind), start=1):
            values = (SHEET_NAMES[kind], get_column_letter(n), column.header, "必填" if column.required else "",
                      column.fmt, column.example, column.field, _publicity(column))
            for col, value in enumerate(values, start=1):
                put(sheet, row, col, value).alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
    for letter, width in zip("ABCDEFGH", (8, 5, 12, 6, 40, 30, 24, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{top + 1}"


def write_template(path: Path, recommenders: list[Recommender]) -> None:
    """Write the blank workbook: 说明, 集体, 个人, and the hidden 列表 of drop-down words."""
    book = Workbook()
    book.remove(book.active)
    lists = _lists(recommenders)
    ranges = _ranges(lists)
    for kind in KINDS:
        _data_sheet(book, kind, ranges)
    _help_sheet(book)
    _write_lists(book, lists)
    book.active = 0
    book.save(path)
