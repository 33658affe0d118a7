"""The office's compliance report: one self-contained HTML file (``publisher check --report``).

It is internal (names, ranks, findings), so it is written only where the office
asks and never into the public site. Self-contained because it is mailed around
and opened offline on government networks: inline CSS, charts as inline SVG,
no scripts, no outside links. Rendered with Jinja2 (autoescape on) from
``templates/report.html``, which a site owner may override by passing a
``templates_dir`` searched first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2

from publisher.data.dataset import Dataset
from publisher.defaults import TEMPLATES
from publisher.errors import PublishError, display_path
from publisher.rules import SEVERITY_WORDS, SPECS, Context, Finding
from publisher.rules.base import percent, within_min
from publisher.rules.output import summary
from publisher.rules.quotas import CATEGORY_WORDS, DISTRICT_CATEGORIES, QuotaRow, quota_rows
from publisher.rules.shares import ShareRow, share_rows

DEFAULT_TEMPLATES = TEMPLATES
"""The templates that ship inside the package; a project's own ``templates/`` is searched first."""
TEMPLATE = "report.html"
PUBLIC_DIRS = (Path("site"), Path("content"))
"""mkdocs.yml's site_dir and docs_dir: whatever lies there is published, so the report never goes there."""

LIMIT_AT = 0.6
"""Where the limit line sits on a bar's track: room on the right shows how far over a value goes."""
MAX_RATIO = 1 / LIMIT_AT
"""Bars are clipped at the end of the track; the number beside them still tells the truth."""
SHARE_TRACK = 360
QUOTA_TRACK = 160


@dataclass(frozen=True)
class Bar:
    """One bar of an SVG chart, in pixels, against its limit."""

    label: str
    text: str
    width: float
    limit_x: float | None
    over: bool


def bar(label: str, text: str, value: int, limit: int | None, track: float, over: bool) -> Bar:
    """A bar scaled so that the limit sits at LIMIT_AT of the track; no limit → drawn against the value itself."""
    if limit is None:
        return Bar(label, text, track * LIMIT_AT if value else 0.0, None, over)
    ratio = value / limit if limit else (MAX_RATIO if value else 0.0)
    return Bar(label, text, round(track * LIMIT_AT * min(ratio, MAX_RATIO), 1), round(track * LIMIT_AT, 1), over)


def _share_bars(ctx: Context, shares: list[ShareRow], track: float) -> list[Bar]:
    caps = ctx.program.caps
    bars = [bar(f"{ctx.commended_word}集体", f"{len(ctx.commended_collectives)} / 上限 {caps.collectives}",
                len(ctx.commended_collectives), caps.collectives, track,
                len(ctx.commended_collectives) > caps.collectives),
            bar(f"{ctx.commended_word}个人", f"{len(ctx.commended_individuals)} / 上限 {caps.individuals}",
                len(ctx.commended_individuals), caps.individuals, track,
                len(ctx.commended_individuals) > caps.individuals)]
    for row in shares:
        # Compare percentages as part*100 against limit*total, the rule's own exact test.
        bars.append(bar(row.what, f"{row.percent} / 限 {row.limit}%", len(row.part) * 100,
                        row.limit * row.total if row.total else None, track, not row.within))
    return bars


@dataclass(frozen=True)
class QuotaView:
    """A recommender's line in the quota table and chart."""

    row: QuotaRow
    category: str
    collectives: Bar
    individuals: Bar
    non_organ: str
    """Shown for 区县 only, where 一(三)1 asks for the 50% floor."""
    non_organ_low: bool

    @property
    def over(self) -> bool:
        return self.collectives.over or self.individuals.over


def _quota_view(row: QuotaRow, track: float, minimum: int) -> QuotaView:
    quota = row.quota
    c, i = len(row.collectives), len(row.individuals)
    c_limit = quota.collectives if quota else None
    i_limit = row.allowed_individuals
    c_bar = bar("集体", f"{c} / {c_limit if c_limit is not None else '不限'}", c, c_limit, track,
                c_limit is not None and c > c_limit)
    i_bar = bar("个人", f"{i} / {i_limit if i_limit is not None else '不限'}", i, i_limit, track,
                i_limit is not None and i > i_limit)
    district = row.category in DISTRICT_CATEGORIES and row.total > 0
    shown = f"{row.non_organ} / {row.total}（{percent(row.non_organ, row.total)}）" if district else "—"
    low = district and not within_min(row.non_organ, row.total, minimum)
    return QuotaView(row, CATEGORY_WORDS.get(row.category, "未知") if row.category else "未知", c_bar, i_bar, shown,
                     low)


@dataclass(frozen=True)
class CategoryLine:
    category: str
    recommenders: int
    collectives: int
    collective_quota: str
    individuals: int
    individual_quota: str


def _category_lines(views: list[QuotaView]) -> list[CategoryLine]:
    lines = []
    for category, word in CATEGORY_WORDS.items():
        rows = [v.row for v in views if v.row.category is category]
        if not rows:
            continue
        limited = rows[0].quota is not None
        lines.append(CategoryLine(
            word, len(rows), sum(len(r.collectives) for r in rows),
            str(sum(r.quota.collectives for r in rows if r.quota)) if limited else "不设固定名额",
            sum(len(r.individuals) for r in rows),
            str(sum(r.allowed_individuals or 0 for r in rows)) if limited else "不设固定名额"))
    return lines


def report_context(dataset: Dataset, findings: list[Finding], *, generated_on: date | None = None,
                   context: Context | None = None) -> dict[str, object]:
    """Everything the template shows, computed here so that the template only lays it out."""
    ctx = context if context is not None else Context.of(dataset)
    shares = share_rows(ctx)
    views = [_quota_view(r, QUOTA_TRACK, ctx.program.shares.district_non_organ_min) for r in quota_rows(ctx)]
    return {
        "program": ctx.program,
        "generated_on": generated_on or date.today(),
        "word": ctx.commended_word,
        "summary": summary(ctx, findings, (s.id for s in SPECS)),
        "shares": shares,
        "share_bars": _share_bars(ctx, shares, SHARE_TRACK),
        "quotas": views,
        "categories": _category_lines(views),
        "district_min": ctx.program.shares.district_non_organ_min,
        "findings": findings,
        "specs": {s.id: s for s in SPECS},
        "share_track": SHARE_TRACK,
        "quota_track": QUOTA_TRACK,
        "severity_words": SEVERITY_WORDS,
    }


def environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """Jinja2 with autoescape on, searching the owner's ``templates_dir`` first, then the project's templates/."""
    search = [str(templates_dir)] if templates_dir is not None else []
    search.append(str(DEFAULT_TEMPLATES))
    return jinja2.Environment(loader=jinja2.FileSystemLoader(search), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_report(dataset: Dataset, findings: list[Finding], *, templates_dir: Path | None = None,
                  generated_on: date | None = None, context: Context | None = None) -> str:
    try:
        template = environment(templates_dir).get_template(TEMPLATE)
    except jinja2.TemplateNotFound:
        raise PublishError(f"找不到报告模板 {TEMPLATE}（应在 {display_path(DEFAULT_TEMPLATES)} 里）") from None
    except jinja2.TemplateSyntaxError as exc:
        raise PublishError(f"报告模板 {exc.filename or TEMPLATE} 第 {exc.lineno} 行有语法错误：{exc.message}") from None
    try:
        return template.render(report_context(dataset, findings, generated_on=generated_on, context=context))
    except jinja2.UndefinedError as exc:
        raise PublishError(f"报告模板用到了不存在的数据：{exc.message}") from None


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def write_report(path: Path, dataset: Dataset, findings: list[Finding], *, templates_dir: Path | None = None,
                 context: Context | None = None, public_dirs: tuple[Path, ...] = PUBLIC_DIRS) -> None:
    """Write the report to ``path``; a public folder or an unwritable place is a :class:`PublishError`."""
    for folder in public_dirs:
        if _inside(path, folder):
            raise PublishError(f"合规检查报告是内部材料，不能写进公开网站的文件夹 {display_path(folder)}；请换一个位置。")
    html = render_report(dataset, findings, templates_dir=templates_dir, context=context)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise PublishError(f"无法写入报告 {display_path(path)}：{exc.strerror}") from None
