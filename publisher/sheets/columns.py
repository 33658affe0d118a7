"""The single table between spreadsheet columns and the data contract's fields.

Template, import and export all read :data:`COLUMNS`, so a header, a drop-down
list or a field name is written exactly once. The order of the table is the
order of the sheet's columns (个人!F is 出生年月, as staff are told in the
instructions sheet); a column serves the kinds it names, so 集体 and 个人 share
one table while each sheet shows only its own columns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from publisher.data.models import HonourLevel, Rank, Status, UnitType

Kind = Literal["collective", "individual"]
CellType = Literal["text", "long", "date", "month", "number", "choice", "bool", "recommender", "honours", "secret"]

KINDS: tuple[Kind, ...] = ("collective", "individual")
SHEET_NAMES: dict[Kind, str] = {"collective": "集体", "individual": "个人"}
"""Sheet names are also the words of the CSV 类别 column."""
KIND_OF_WORD: dict[str, Kind] = {"集体": "collective", "个人": "individual",
                                 "collective": "collective", "individual": "individual"}
KIND_HEADER = "类别"
"""The CSV column saying 集体 or 个人 (a workbook says it by the sheet instead)."""
NAME_HEADERS: dict[str, tuple[str, ...]] = {"姓名": ("个人",), "集体名称": ("集体",), "名称": ("集体", "个人")}
"""The name columns, and the sheets a list with that column may belong on."""
LISTS_SHEET = "列表"
HELP_SHEET = "说明"

BOTH: tuple[Kind, ...] = KINDS
COLLECTIVE: tuple[Kind, ...] = ("collective",)
INDIVIDUAL: tuple[Kind, ...] = ("individual",)

Choices = tuple[tuple[str, str], ...]
"""(contract value, the Chinese word shown in the drop-down)."""

STATUS_CHOICES: Choices = ((Status.RECOMMENDED, "推荐"), (Status.SHORTLISTED, "拟表彰"),
                           (Status.COMMENDED, "已表彰"), (Status.WITHDRAWN, "已撤销"))
UNIT_TYPE_CHOICES: Choices = (
    (UnitType.ENTERPRISE, "企业"),
    (UnitType.INSTITUTION, "事业单位"),
    (UnitType.MUNICIPAL_ORGAN, "市级机关内设机构"),
    (UnitType.COMMISSION, "市经济信息委内设机构"),
    (UnitType.DISTRICT_ECON_DEPT, "区县经信部门"),
    (UnitType.SOCIAL_ORG, "社会组织"),
    (UnitType.OTHER_ORGAN, "其他机关"),
)
RANK_CHOICES: Choices = ((Rank.NONE, "无行政职级"), (Rank.SECTION, "科级及以下"),
                         (Rank.DIVISION, "处级"), (Rank.BUREAU, "副厅局级及以上"))
GENDER_CHOICES: Choices = (("男", "男"), ("女", "女"))
YES_NO_CHOICES: Choices = (("true", "是"), ("false", "否"))
HONOUR_LEVEL_CHOICES: Choices = ((HonourLevel.NATIONAL, "国家级"), (HonourLevel.PROVINCIAL, "省部级"),
                                 (HonourLevel.ECON_SYSTEM, "经信系统"), (HonourLevel.OTHER, "其他"))


@dataclass(frozen=True)
class Column:
    """One spreadsheet column: its header, the contract field it fills, and how to read a cell."""

    header: str
    field: str
    """The contract field; ``private.<key>`` for a value kept under ``private:`` and never published."""
    kinds: tuple[Kind, ...]
    type: CellType
    required: bool
    width: int
    fmt: str
    """The format in words, for the instructions sheet and the cell prompt."""
    example: str
    choices: Choices = ()
    aliases: tuple[str, ...] = ()
    """Other headers accepted on import (exports of other systems, a CSV holding both kinds)."""

    @property
    def private(self) -> bool:
        return self.field.startswith("private.")

    @property
    def key(self) -> str:
        """The YAML key: the field, or the key under ``private:``."""
        return self.field.removeprefix("private.")

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]

    def value_of(self, word: str) -> str | None:
        """The contract value for a drop-down word (or for the value itself); None when unknown."""
        for value, label in self.choices:
            if word in (label, str(value)):
                return str(value)
        return None


def _c(header: str, field: str, kinds: tuple[Kind, ...], type_: CellType, required: bool, width: int, fmt: str,
       example: str, choices: Choices = (), aliases: tuple[str, ...] = ()) -> Column:
    return Column(header, field, kinds, type_, required, width, fmt, example, choices, aliases)


COLUMNS: tuple[Column, ...] = (
    _c("集体名称", "name", COLLECTIVE, "text", True, 34, "集体的规范全称", "重庆某某汽车有限公司总装车间", aliases=("名称",)),
    _c("姓名", "name", INDIVIDUAL, "text", True, 10, "姓名", "王芳", aliases=("名称",)),
    _c("推荐单位", "recommender", BOTH, "recommender", True, 20, "从下拉列表选择（recommenders.yaml 中的名称）", "两江新区"),
    _c("性别", "gender", INDIVIDUAL, "choice", True, 6, "男 或 女", "女", GENDER_CHOICES),
    _c("民族", "ethnicity", INDIVIDUAL, "text", True, 9, "民族全称", "土家族"),
    _c("政治面貌", "political_status", INDIVIDUAL, "text", True, 11, "政治面貌（不公开）", "中共党员"),
    _c("出生年月", "born", INDIVIDUAL, "month", True, 10, "文本 YYYY-MM（不公开）", "1988-03"),
    _c("所在单位", "unit", COLLECTIVE, "text", True, 30, "集体所属的法人单位全称", "重庆某某汽车有限公司",
       aliases=("工作单位",)),
    _c("工作单位", "unit", INDIVIDUAL, "text", True, 30, "工作单位全称", "重庆某某电子有限公司", aliases=("所在单位",)),
    _c("处（科）室", "office", BOTH, "text", False, 14, "所在处（科）室或车间，可不填", "测试部"),
    _c("职务", "position", INDIVIDUAL, "text", True, 16, "职务或岗位", "测试工程师", aliases=("职务（岗位）",)),
    _c("单位性质", "unit_type", BOTH, "choice", True, 18, "从下拉列表选择", "企业", UNIT_TYPE_CHOICES),
    _c("职级", "rank", INDIVIDUAL, "choice", True, 14, "从下拉列表选择", "无行政职级", RANK_CHOICES),
    _c("从业年限", "industry_years", INDIVIDUAL, "number", True, 9, "从事制造业相关工作的年数（数字）", "12"),
    _c("企业负责人", "enterprise_head", INDIVIDUAL, "bool", False, 10, "是 或 否，不填即否", "否", YES_NO_CHOICES),
    _c("市管干部", "city_managed", INDIVIDUAL, "bool", False, 9, "是 或 否，不填即否", "否", YES_NO_CHOICES),
    _c("单位领导", "unit_leader", INDIVIDUAL, "bool", False, 9, "一把手或班子成员填“是”，不填即否", "否", YES_NO_CHOICES),
    _c("追授", "posthumous", INDIVIDUAL, "bool", False, 6, "是 或 否，不填即否", "否", YES_NO_CHOICES),
    _c("简要事迹", "summary", BOTH, "long", True, 50, "500 字以内，可分段（Alt+Enter 换行）", "主导芯片测试平台建设。"),
    _c("事迹材料", "deeds", BOTH, "long", True, 60, "1500 字以内，可分段", "主导芯片测试平台建设，测试效率提高一倍。"),
    _c("曾获荣誉", "prior_honours", BOTH, "honours", False, 36,
       "每行一项：年份 荣誉名称（国家级/省部级/经信系统/其他）", "2023 重庆市五一劳动奖章（省部级）"),
    _c("新的重大贡献", "new_major_contribution", BOTH, "long", False, 30, "近年已获省部级以上表彰的，须写明新的重大贡献",
       ""),
    _c("报送日期", "submitted_on", BOTH, "date", True, 12, "日期 YYYY-MM-DD", "2026-07-01"),
    _c("状态", "status", BOTH, "choice", True, 9, "从下拉列表选择", "推荐", STATUS_CHOICES),
    _c("撤销原因", "withdrawn_reason", BOTH, "text", False, 20, "仅状态为“已撤销”时填写（不公开）", ""),
    _c("联系人", "private.contact", COLLECTIVE, "secret", False, 10, "集体的联系人（不公开）", "李明"),
    _c("身份证号", "private.id_number", INDIVIDUAL, "secret", False, 21, "文本，18 位（不公开）", "500101198803021234",
       aliases=("身份证号码",)),
    _c("手机", "private.phone", BOTH, "secret", False, 14, "文本（不公开）", "13900000000", aliases=("手机号", "联系电话")),
    _c("邮箱", "private.email", BOTH, "secret", False, 22, "电子邮箱（不公开）", "wangfang@example.com",
       aliases=("电子邮箱",)),
)



def columns_of(kind: Kind) -> tuple[Column, ...]:
    """The columns of one sheet, in sheet order."""
    return tuple(c for c in COLUMNS if kind in c.kinds)


_HEADER_NOISE = re.compile(r"\s+|[*＊]$|[（(]必填[)）]$")


def normal_header(text: object) -> str:
    """A header as typed: spaces, a trailing * or （必填） do not change which column it is."""
    return _HEADER_NOISE.sub("", str(text or "")).strip()


def match_headers(headers: list[str], kind: Kind) -> dict[Column, int]:
    """Column → index in ``headers`` for one kind: an exact header wins over an alias."""
    found: dict[Column, int] = {}
    for column in columns_of(kind):
        for name in (column.header, *column.aliases):
            if name in headers:
                found[column] = headers.index(name)
                break
    return found
