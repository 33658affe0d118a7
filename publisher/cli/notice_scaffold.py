"""``publisher new notice``: a ready-to-review ``data/notices/<id>.yaml``.

Writing a notice by hand means copying dozens of ids in the right order and
counting working days around holidays; both are where published notices go
wrong. The scaffold fills them from the data (the order of the public page:
collectives first, by recommender order, then by the program's name order) and
the official calendar, with Chinese comments saying what to check. The file is
written only if the whole data folder still loads with it, and never over an
existing file.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from publisher.data.dataset import Dataset, load_dataset
from publisher.data.models import ID_RE, ObjectionTerms, Stage, Status
from publisher.data.workdays import Window
from publisher.errors import DataError, PublishError, display_path
from publisher.site.model import ordered
from publisher.site.public_view import PublicNominee, public
from publisher.site.words import default_words

LISTED = {Stage.CITY: (Status.SHORTLISTED, Status.COMMENDED)}
"""Whom each stage lists: the city stage the 拟表彰 list; unit and district stages every candidate."""
COMMENT_COLUMN = 36
POSTMARK_WORDS = {"arrival": "以到达日邮戳为准", "sending": "以发信时的当地邮戳为准"}


@dataclass(frozen=True)
class Scaffold:
    notice_id: str
    stage: Stage
    published_on: date
    window: Window
    recommender: str | None
    collectives: list[PublicNominee]
    individuals: list[PublicNominee]


def _scalar(value: object) -> str:
    """One YAML scalar, quoted only where YAML would misread it."""
    text = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def _width(text: str) -> int:
    """Columns on screen: a Chinese character takes two, so comments line up in an editor."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _line(text: str, comment: str) -> str:
    return f"{text}{' ' * max(COMMENT_COLUMN - _width(text), 1)}# {comment}" if comment else text


def title_for(dataset: Dataset, stage: Stage, recommender: str | None) -> str:
    """关于……拟表彰对象的公示 (city) or ……推荐对象的公示 (unit and district stages)."""
    honours = dataset.program.title.removesuffix("评选表彰")
    if stage is Stage.CITY:
        return f"关于{honours}拟表彰对象的公示"
    who = dataset.recommenders[recommender].name if recommender else ""
    return f"{who}关于{honours}推荐对象的公示"


def free_id(folder: Path, wanted: str | None, published_on: date, stage: Stage) -> str:
    """``--id`` as given (never over an existing file), else ``<year>-<stage>`` with -2, -3 … when taken."""
    if wanted is not None:
        if not ID_RE.match(wanted):
            raise PublishError(f"“{wanted}”不能作为编号：只能用小写字母、数字和连字符（-），例如 2026-city。")
        if (folder / f"{wanted}.yaml").exists():
            raise PublishError(f"{display_path(folder / f'{wanted}.yaml')} 已存在，不会覆盖：请换一个 --id。")
        return wanted
    base = f"{published_on.year}-{stage.value}"
    candidate, n = base, 2
    while (folder / f"{candidate}.yaml").exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def plan(dataset: Dataset, stage: Stage, published_on: date, recommender: str | None,
         notice_id: str | None) -> Scaffold:
    """Everything the file will say; raises CalendarError for a year without holiday data."""
    if recommender is not None and recommender not in dataset.recommenders:
        raise PublishError(f"推荐单位“{recommender}”不在 recommenders.yaml 里。")
    statuses = LISTED.get(stage, (Status.RECOMMENDED, Status.SHORTLISTED, Status.COMMENDED))
    people = [public(n, dataset.recommenders[n.recommender].name) for n in dataset.nominees.values()
              if n.status in statuses and recommender in (None, n.recommender)]
    if not people:
        words = "、".join(s.value for s in statuses)
        raise PublishError(f"没有可公示的对象（状态为 {words}{'、推荐单位为 ' + recommender if recommender else ''}）。")
    order = dataset.program.name_order
    collectives = ordered(dataset, [p for p in people if p.kind == "collective"], order)
    individuals = ordered(dataset, [p for p in people if p.kind == "individual"], order)
    if dataset.calendar is None:
        raise PublishError("没有加载节假日数据，无法计算公示期。")
    window = dataset.calendar.window(published_on, dataset.program.publicity_working_days)
    chosen = free_id(dataset.root / "notices", notice_id, published_on, stage)
    return Scaffold(chosen, stage, published_on, window, recommender, collectives, individuals)


def _people(title: str, people: list[PublicNominee], unit: str) -> list[str]:
    if not people:
        return []
    lines = [f"  # {title}（{len(people)} {unit}）"]
    lines += [_line(f"  - {p.id}", f"{p.name}（{p.recommender_name}）") for p in people]
    return lines


def _objections(terms: ObjectionTerms) -> list[str]:
    channels = ", ".join(default_words().channel[c.value] for c in terms.channels)
    return [
        _line("objections:", "异议受理方式（默认条款，请按实际修改）"),
        _line(f"  channels: [{channels}]", "电话、传真、信函、电子邮件、来访"),
        _line(f"  real_name: {_scalar(terms.real_name)}", "个人须署实名，单位须加盖公章；不受理匿名"),
        _line(f"  postmark: {terms.postmark}", POSTMARK_WORDS[terms.postmark]),
        "  # hours: 工作日 9:00—12:00，14:00—17:30     # 受理时间，需要时去掉行首的 # 并修改",
    ]


def _openness(published_on: date) -> list[str]:
    """The optional fields of the 信息公开 block and the page metadata, commented out, with their defaults."""
    return [
        "# 信息公开栏和页面元数据（均可省略；需要时去掉行首的 # 并修改）：",
        _line(f"# published_at: {published_on.isoformat()} 09:00", "发布时间，北京时间，须在 published_on 当天；默认 00:00"),
        _line(f"# index_no: 11500000MB1234567X/{published_on.year}-00001", "索引号；默认按 program.yaml 的 index_prefix 自动编号"),
        _line("# topic: 劳动、人事、监察\\奖惩", "主题分类；默认即此"),
        _line("# issuer: 某某局", "发布机构；默认为 issued_by 的各单位"),
        _line("# document_number: 某人社函〔2026〕1号", "发文字号；公示有文号时才写，没有就不显示这一行"),
    ]


def render(dataset: Dataset, s: Scaffold) -> str:
    """The notice file, with comments saying where each value came from and what to check."""
    program = dataset.program
    lines = [f"# {default_words().stage[s.stage.value]}：由 publisher new notice 生成，请逐项核对后再发布。",
             f"# 公示期：{s.window.describe()}，按国务院节假日安排计算。",
             f"title: {_scalar(title_for(dataset, s.stage, s.recommender))}",
             f"stage: {s.stage.value}", _line("issued_by:", "发布单位（取自 program.yaml）")]
    lines += [f"  - {_scalar(body)}" for body in program.issued_by]
    if s.recommender:
        lines.append(_line(f"recommender: {s.recommender}", dataset.recommenders[s.recommender].name))
    lines.append(_line(f"published_on: {s.published_on.isoformat()}", "发布日期；若不是工作日，从下一个工作日起算"))
    lines.append(_line(f"end: {s.window.end.isoformat()}",
                       f"第 {len(s.window.working_days)} 个工作日；改动 published_on 时请同时修改或删除本行"))
    lines += _openness(s.published_on)
    order = {"stroke": "姓氏笔画", "pinyin": "姓名拼音", "as-listed": "报送顺序"}[program.name_order]
    lines.append(f"# 公示名单：集体在前，个人在后；按推荐单位顺序，同一推荐单位内按{order}排列。")
    lines.append("nominees:")
    lines += _people(program.collective_title, s.collectives, "个")
    lines += _people(program.individual_title, s.individuals, "名")
    lines.append(_line("contacts:", "异议受理和咨询联系方式，编号见 contacts.yaml"))
    lines += [_line(f"  - {c.id}", c.office) for c in dataset.contacts.values()]
    lines += _objections(ObjectionTerms())
    return "\n".join(lines) + "\n"


def write(dataset: Dataset, s: Scaffold) -> Path:
    """Create the file (never over an existing one); remove it again if the data folder no longer loads."""
    folder = dataset.root / "notices"
    folder.mkdir(exist_ok=True)
    path = folder / f"{s.notice_id}.yaml"
    try:
        with path.open("x", encoding="utf-8") as fh:
            fh.write(render(dataset, s))
    except FileExistsError:
        raise PublishError(f"{display_path(path)} 已存在，不会覆盖。") from None
    try:
        load_dataset(dataset.root)
    except DataError:
        path.unlink()
        raise
    return path
