"""The 合规统计 sheet: what ``publisher check`` counts, in a table to print beside the list.

Numbers come from the rules package itself (:func:`quota_rows`,
:func:`share_rows`, :func:`run_rules`), never recounted here, so the sheet and
``publisher check`` cannot disagree. It names people and findings, so it is
marked internal, like the HTML report.
"""

from __future__ import annotations

from datetime import date

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from publisher.data.dataset import Dataset
from publisher.rules import SEVERITY_WORDS, Context, Finding, run_rules
from publisher.rules.quotas import CATEGORY_WORDS, QuotaRow, quota_rows
from publisher.rules.shares import ShareRow, share_rows
from publisher.sheets.printing import (
    LINE_HEIGHT,
    SECTION_FONT,
    SUBTITLE_FONT,
    TITLE_FONT,
    body_row,
    for_a4,
    header_row,
    lines_needed,
    merged_row,
    set_widths,
)

SHEET = "合规统计"
WIDTHS = (26, 16, 10, 10, 10, 10, 10, 14)
LAST = len(WIDTHS)
MAX_FILES = 10
"""Files named per finding; the JSON of ``publisher check`` lists them all."""


def _quota_values(row: QuotaRow) -> tuple[object, ...]:
    category = CATEGORY_WORDS.get(row.category, "") if row.category else "（不在 recommenders.yaml）"
    if row.quota is None:
        return (row.name, category, len(row.collectives), "不设", len(row.individuals), "不设", row.withdrawn, "")
    allowed = row.allowed_individuals or 0
    over = len(row.collectives) > row.quota.collectives or len(row.individuals) > allowed
    return (row.name, category, len(row.collectives), row.quota.collectives, len(row.individuals), allowed,
            row.withdrawn, "超过名额" if over else "符合")


def _share_values(row: ShareRow) -> tuple[object, ...]:
    verdict = "符合" if row.within or not row.total else f"超过 {row.limit}%（原则上）"
    return (row.what, row.base, len(row.part), row.total, row.percent, f"{row.limit}%", "", verdict)


def _section(sheet: Worksheet, row: int, heading: str, headers: tuple[str, ...]) -> int:
    merged_row(sheet, row, LAST, heading, SECTION_FONT, height=24)
    header_row(sheet, row + 1, headers)
    return row + 2


def _caps(sheet: Worksheet, row: int, ctx: Context) -> int:
    row = _section(sheet, row, "一、表彰名额上限（通知 一(二)）", ("项目", "", "数量", "上限", "", "", "", "结论"))
    caps = ctx.program.caps
    for what, count, cap in ((f"{ctx.commended_word}集体", len(ctx.commended_collectives), caps.collectives),
                             (f"{ctx.commended_word}个人", len(ctx.commended_individuals), caps.individuals)):
        body_row(sheet, row, (what, "", count, cap, "", "", "", "超过上限" if count > cap else "符合"), (3, 4, 8))
        row += 1
    return row + 1


def _quotas(sheet: Worksheet, row: int, ctx: Context) -> int:
    headers = ("推荐单位", "类别", "推荐集体", "集体名额", "推荐个人", "个人名额", "其中撤销", "结论")
    row = _section(sheet, row, "二、各推荐单位推荐名额（通知 一(三)，撤销不腾出名额）", headers)
    for quota in quota_rows(ctx):
        body_row(sheet, row, _quota_values(quota), (3, 4, 5, 6, 7, 8))
        row += 1
    return row + 1


def _shares(sheet: Worksheet, row: int, ctx: Context) -> int:
    headers = ("项目", "基数", "数量", "基数人数", "占比", "上限", "", "结论")
    row = _section(sheet, row, "三、比例（通知 五(二)）", headers)
    for share in share_rows(ctx):
        body_row(sheet, row, _share_values(share), (3, 4, 5, 6, 8))
        row += 1
    return row + 1


def _finding_text(finding: Finding) -> str:
    files = list(finding.files[:MAX_FILES])
    if len(finding.files) > MAX_FILES:
        files.append(f"……另有 {len(finding.files) - MAX_FILES} 个")
    return finding.message + ("\n文件：" + "、".join(files) if files else "")


def _findings(sheet: Worksheet, row: int, findings: list[Finding]) -> int:
    row = _section(sheet, row, "四、检查结果（publisher check）", ("规则", "级别", "说明", "", "", "", "", ""))
    sheet.merge_cells(start_row=row - 1, start_column=3, end_row=row - 1, end_column=LAST)
    if not findings:
        merged_row(sheet, row, LAST, "没有发现问题。", SUBTITLE_FONT)
        return row + 1
    width = sum(WIDTHS[2:])
    for finding in findings:
        text = _finding_text(finding)
        body_row(sheet, row, (finding.rule, SEVERITY_WORDS[finding.severity], text, "", "", "", "", ""), (2,))
        sheet.merge_cells(start_row=row, start_column=3, end_row=row, end_column=LAST)
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines_needed(text, width) + 4
        row += 1
    return row


def write_compliance(book: Workbook, dataset: Dataset, today: date) -> list[Finding]:
    """Append the 合规统计 sheet: caps, quotas by recommender, shares against limits, then every finding.

    Returns the findings, so that the command can say when errors stand.
    """
    ctx = Context.of(dataset)
    findings = run_rules(dataset, ctx)
    sheet = book.create_sheet(SHEET)
    set_widths(sheet, WIDTHS)
    errors = sum(1 for f in findings if f.severity == "error")
    merged_row(sheet, 1, LAST, "合规统计", TITLE_FONT, height=36)
    merged_row(sheet, 2, LAST, f"按 {today.isoformat()} 的数据统计：错误 {errors} 条，警告 {len(findings) - errors} 条。"
                               "内部材料，请勿公开。", SUBTITLE_FONT, height=22)
    row = _caps(sheet, 4, ctx)
    row = _quotas(sheet, row, ctx)
    row = _shares(sheet, row, ctx)
    _findings(sheet, row, findings)
    for_a4(sheet, "1:2")
    return findings
