"""Write a whole synthetic project of the data contract's shape, for the benchmark.

Usage::

    python bench/generate.py 10000 bench/out/p10000 [--notices 40 --names 250 --stories 1000 --rounds 10]

The project is what an office would have after a large program: ``mkdocs.yml``,
``content/index.md`` copied from this
repository, the demo's recommenders, contacts and holiday calendar, and then N
nominees (about 2.4 KB of YAML each), an archive of notices of 250 names whose
公示 windows follow each other through 2025–2026, the decision after the last
city window, and stories of about 1,500 字 on the commended. Caps and quotas in
the synthetic ``program.yaml`` are raised so that the set passes
``publisher check``: they are data, and the benchmark measures speed, not a
real program's numbers. Everything is seeded, so every machine measures the
same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import synth
import yaml

from publisher.data.workdays import WorkCalendar

REPO = Path(__file__).resolve().parent.parent
FIRST_NOTICE = date(2025, 3, 3)
ISSUED_ON = date(2025, 1, 10)
DEADLINE = date(2025, 2, 28)
CONTACT_IDS = 2
OBJECTIONS = """objections:
  channels: [phone, letter, visit]
  real_name: true
  postmark: arrival
  hours: 工作日 9:00—12:00，14:00—17:30
"""


@dataclass
class Nominee:
    """What the generator decides about one nominee before writing its file."""

    id: str
    kind: str
    name: str
    unit: str
    office: str
    recommender: str
    unit_type: str
    status: str = "recommended"
    extra: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class NoticePlan:
    id: str
    title: str
    stage: str
    published_on: date
    end: date
    nominees: list[str]


# --- the project around the data ------------------------------------------------------


def refresh_site(out: Path) -> None:
    """Copy the repository's site configuration and home page text into ``out``.

    Called again before every benchmark run: the site code moves on while a
    generated data set stays. Templates and theme come from the installed package.
    """
    for name in ("templates", "site_overrides"):  # copies made by an older generate.py would override the package's
        shutil.rmtree(out / name, ignore_errors=True)
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    (out / "content" / "stories").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "content" / "index.md", out / "content" / "index.md")
    shutil.copytree(REPO / "content" / "images", out / "content" / "images", dirs_exist_ok=True)  # the footer's icons


def copy_site(out: Path) -> None:
    """The site files, and the demo's recommenders, contacts and holiday calendar."""
    refresh_site(out)
    data = out / "data"
    data.mkdir()
    for name in ("recommenders.yaml", "contacts.yaml"):
        shutil.copy(REPO / "data" / name, data / name)
    shutil.copytree(REPO / "data" / "calendar", data / "calendar")


def write_program(out: Path, n: int) -> None:
    """The demo's program with dates before the archive and caps/quotas that fit ``n`` nominees."""
    program = yaml.safe_load((REPO / "data" / "program.yaml").read_text("utf-8"))
    program["issued_on"] = ISSUED_ON
    program["submission_deadline"] = DEADLINE
    program["caps"] = {"collectives": n, "individuals": n}
    program["quotas"] = {cat: {"collectives": n, "individuals": n} for cat in program["quotas"]}
    program["publicity_retention_days"] = "keep"  # the heaviest archive: every list still on its page, PDF and XLSX
    text = "# 基准测试用的合成数据（bench/generate.py 生成）：名额放宽以容纳全部合成对象；名单一直公开（最重的情形）。\n"
    text += yaml.safe_dump(program, allow_unicode=True, sort_keys=False, width=200)
    (out / "data" / "program.yaml").write_text(text, "utf-8")


# --- nominees -------------------------------------------------------------------------


def _unit_for(rng: random.Random, recommender: dict[str, str]) -> tuple[str, str]:
    """A unit and its type: organs recommend their own staff, everyone else mostly enterprises."""
    category = recommender["category"]
    if category == "commission":
        return recommender["name"], "commission"
    if category == "municipal-department" and rng.random() < 0.3:
        return recommender["name"], "municipal-organ"
    unit_type = rng.choice(synth.UNIT_TYPES)
    if unit_type == "institution":
        return f"重庆市{rng.choice(synth.PLACES)}{rng.choice(synth.INDUSTRIES)}研究院", unit_type
    if unit_type == "other-organ":
        return f"{rng.choice(synth.PLACES)}{rng.choice(synth.INDUSTRIES)}产业园管理委员会", unit_type
    return synth.unit_name(rng), unit_type


def _identity(rng: random.Random, recommender: dict[str, str], kind: str, seen: set[tuple[str, str, str]]
              ) -> tuple[str, str, str, str]:
    """Name, unit, office and unit type, unique per (kind, name, unit) as the loader requires."""
    for attempt in range(10_000):
        unit, unit_type = _unit_for(rng, recommender)
        if kind == "collective":
            office = rng.choice(("", "第一", "第二", "第三", "新区", "智能")) + rng.choice(synth.COLLECTIVE_OFFICES)
            office += f"{attempt // 100 + 1}号" if attempt >= 100 else ""
            name = unit + office
        else:
            office, name = rng.choice(synth.PERSON_OFFICES), synth.person_name(rng)
        if (kind, name, unit) not in seen:
            seen.add((kind, name, unit))
            return name, unit, office, unit_type
    raise RuntimeError(f"no unused name left for {recommender['id']}")


def _honours(rng: random.Random) -> tuple[list[dict[str, object]], str | None]:
    """Prior honours, and a new major contribution whenever one of them would bar the nominee."""
    if rng.random() > 0.3:
        return [], None
    title = rng.choice(synth.HONOUR_TITLES)
    level = synth.HONOUR_LEVELS.get(title, "other")
    year = rng.randint(2012, 2019) if level == "econ-system" else rng.randint(2012, 2024)
    contribution = None
    if level in ("provincial", "national"):
        contribution = f"获评后又{synth.achievement(rng)}，取得新的重大贡献。"
    return [{"title": title, "year": year, "level": level}], contribution


def _individual(rng: random.Random, unit_type: str) -> dict[str, object]:
    years = rng.randint(3, 35)
    born = f"{2024 - years - rng.randint(20, 26)}-{rng.randint(1, 12):02d}"
    rank = rng.choices(("none", "section", "division"), weights=(70, 26, 4))[0]
    return {"position": rng.choice(synth.POSITIONS), "gender": rng.choice("男男女"),
            "ethnicity": rng.choice(synth.ETHNICITIES), "political_status": rng.choice(synth.POLITICAL),
            "born": born, "industry_years": years, "rank": rank,
            "enterprise_head": unit_type == "enterprise" and rng.random() < 0.03}


def make_nominees(rng: random.Random, n: int, recommenders: list[dict[str, str]]) -> list[Nominee]:
    """``n`` nominees, recommenders taking turns so that any slice of the list spans many of them."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for i in range(n):
        rec = recommenders[i % len(recommenders)]
        kind = "collective" if i % 5 in (0, 2) else "individual"
        name, unit, office, unit_type = _identity(rng, rec, kind, seen)
        nid = f"{rec['id']}-{'c' if kind == 'collective' else 'p'}{i:05d}"
        nominee = Nominee(nid, kind, name, unit, office, rec["id"], unit_type)
        if kind == "individual":
            nominee.extra = _individual(rng, unit_type)
        out.append(nominee)
    return out


WITHDRAWN_REASONS = ("经核实，{n}存在违反廉洁自律规定的问题，取消推荐资格", "{n}所在单位发生一般安全生产事故，经研究撤销推荐",
                     "{n}本人申请退出评选", "经复审，{n}事迹材料与实际情况不符")


def _status_text(rng: random.Random, nominee: Nominee) -> str:
    if nominee.status != "withdrawn":
        return f"status: {nominee.status}\n"
    reason = rng.choice(WITHDRAWN_REASONS).format(n=nominee.name) + f"（内部编号 W{rng.randint(1000, 9999)}）"
    return f"status: withdrawn\nwithdrawn_reason: {reason}\n"


def _block(key: str, text: str) -> str:
    return f"{key}: |\n" + "".join(f"  {line}\n" if line else "\n" for line in text.split("\n"))


def nominee_yaml(rng: random.Random, nominee: Nominee) -> str:
    """The file as staff write it: comments, block text, private details at the end."""
    who = "该同志" if nominee.kind == "individual" else "该集体"
    word = "先进个人" if nominee.kind == "individual" else "先进集体"
    lines = [f"# {word}推荐对象（基准测试合成数据，人物和事迹均为虚构）\n", f"kind: {nominee.kind}\n",
             f"name: {nominee.name}\n", f"recommender: {nominee.recommender}\n", f"unit: {nominee.unit}\n",
             f"office: {nominee.office}\n" if nominee.office else "", f"unit_type: {nominee.unit_type}\n"]
    born = None
    for key, value in nominee.extra.items():
        if key == "born":
            born = str(value)
            lines.append(f'born: "{value}"\n')
        elif isinstance(value, bool):
            lines.append(f"{key}: {'true' if value else 'false'}\n" if value else "")
        else:
            lines.append(f"{key}: {value}\n")
    lines.append(_status_text(rng, nominee))
    lines.append(f"submitted_on: {(DEADLINE - timedelta(days=rng.randint(0, 40))).isoformat()}\n")
    honours, contribution = _honours(rng)
    if honours:
        lines.append("prior_honours:\n" + "".join(
            f"  - {{title: {h['title']}, year: {h['year']}, level: {h['level']}}}\n" for h in honours))
    if contribution:
        lines.append(f"new_major_contribution: {contribution}\n")
    lines.append(_block("summary", synth.summary(rng, who)))
    lines.append(_block("deeds", synth.deeds(rng, who)))
    lines.append("# 个人信息：仅供审核，严禁公开\nprivate:\n")
    if born:
        lines.append(f'  id_number: "{synth.id_number(rng, born)}"\n')
    lines.append(f'  phone: "{synth.mobile(rng)}"\n')
    return "".join(lines)


# --- notices, decision, stories -----------------------------------------------------------


def plan_notices(calendar: WorkCalendar, order: list[str], count: int, names: int, rounds: int) -> list[NoticePlan]:
    """``count`` notices of ``names`` names in time order: unit stage, then district, then one city notice.

    Windows follow each other with about a week between them, so no two overlap
    and every nominee's unit notices end before its district ones start.
    """
    plans = []
    day = FIRST_NOTICE
    per_round = max(1, -(-count // rounds))
    units = (count - 1) * 3 // 5
    for j in range(count):
        stage = "city" if j == count - 1 else "unit" if j < units else "district"
        window = calendar.window(day, 5)
        listed = [order[(j * names + i) % len(order)] for i in range(min(names, len(order)))]
        word = {"unit": "推荐对象", "district": "推荐对象", "city": "拟表彰对象"}[stage]
        title = f"关于第{j // per_round + 1}轮第{j % per_round + 1}批制造强市先进集体和先进个人{word}的公示"
        plans.append(NoticePlan(f"{window.start.year}-r{j // per_round + 1:02d}-{j + 1:02d}-{stage}", title, stage,
                                window.start, window.end, listed))
        day = window.end + timedelta(days=8)
    return plans


def notice_yaml(plan: NoticePlan, contacts: list[str]) -> str:
    issued = "[重庆市经济和信息化委员会, 重庆市人力资源和社会保障局]"
    return (f"title: {plan.title}\nstage: {plan.stage}\nissued_by: {issued}\n"
            f"published_on: {plan.published_on.isoformat()}\nend: {plan.end.isoformat()}\n"
            f"contacts: [{', '.join(contacts)}]\n{OBJECTIONS}nominees:\n"
            + "".join(f"  - {nid}\n" for nid in plan.nominees))


def assign_statuses(rng: random.Random, nominees: list[Nominee], city: list[str]) -> None:
    """The city list is commended (a few withdrawn after it); everyone else stays recommended or withdrew."""
    listed = set(city)
    for nominee in nominees:
        if nominee.id in listed:
            nominee.status = "withdrawn" if rng.random() < 0.02 else "commended"
        else:
            nominee.status = "withdrawn" if rng.random() < 0.01 else "recommended"


def write_decision(out: Path, issued_on: date) -> None:
    text = (REPO / "data" / "decision.yaml").read_text("utf-8")
    lines = [f"issued_on: {issued_on.isoformat()}" if line.startswith("issued_on:") else line
             for line in text.splitlines() if not line.startswith("published_at:")]  # it must fall on issued_on
    (out / "data" / "decision.yaml").write_text("\n".join(lines) + "\n", "utf-8")


def story_text(rng: random.Random, nominee: Nominee, when: date, draft: bool) -> str:
    who = nominee.name
    title = f"{who}：{rng.choice(synth.STORY_HEADINGS)}"
    summary = synth.summary(rng, who)[:200]
    front = (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nnominees:\n  - {nominee.id}\n"
             f"author: 本网记者 {synth.person_name(rng)}\ndate: {when.isoformat()}\n"
             f"status: {'draft' if draft else 'published'}\nsummary: {json.dumps(summary, ensure_ascii=False)}\n---\n\n")
    return front + synth.story_body(rng, who, nominee.unit)


def write_stories(rng: random.Random, out: Path, commended: list[Nominee], count: int, since: date) -> None:
    """``count`` stories spread over the commended, the way a media team covers them over a year."""
    folder = out / "content" / "stories"
    for k in range(count):
        nominee = commended[k % len(commended)]
        round_ = k // len(commended)
        slug = nominee.id if round_ == 0 else f"{nominee.id}-{round_ + 1}"
        when = since + timedelta(days=rng.randint(0, 75))
        (folder / f"{slug}.md").write_text(story_text(rng, nominee, when, rng.random() < 0.02), "utf-8")


# --- main -----------------------------------------------------------------------------------


def generate(n: int, out: Path, *, notices: int = 40, names: int = 250, stories: int = 1000, rounds: int = 10,
             seed: int = 20260232) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_site(out)
    write_program(out, n)
    recommenders = yaml.safe_load((out / "data" / "recommenders.yaml").read_text("utf-8"))["recommenders"]
    contacts = [c["id"] for c in yaml.safe_load((out / "data" / "contacts.yaml").read_text("utf-8"))["contacts"]]
    nominees = make_nominees(rng, n, recommenders)
    plans = plan_notices(WorkCalendar.load(out / "data" / "calendar"), [x.id for x in nominees], notices, names,
                         rounds)
    assign_statuses(rng, nominees, plans[-1].nominees)
    folder = out / "data" / "nominees"
    folder.mkdir()
    for nominee in nominees:
        (folder / f"{nominee.id}.yaml").write_text(nominee_yaml(rng, nominee), "utf-8")
    (out / "data" / "notices").mkdir()
    for plan in plans:
        (out / "data" / "notices" / f"{plan.id}.yaml").write_text(notice_yaml(plan, contacts[:CONTACT_IDS]), "utf-8")
    decided = plans[-1].end + timedelta(days=14)
    write_decision(out, decided)
    commended = [x for x in nominees if x.status == "commended"]
    write_stories(rng, out, commended, stories, decided)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nominees", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--notices", type=int, default=40)
    parser.add_argument("--names", type=int, default=250, help="names per notice")
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10, help="rounds the notices are grouped in (titles only)")
    parser.add_argument("--seed", type=int, default=20260232)
    args = parser.parse_args(argv)
    generate(args.nominees, args.out, notices=args.notices, names=args.names, stories=args.stories,
             rounds=args.rounds, seed=args.seed)
    print(f"generated {args.nominees} nominees, {args.notices} notices, {args.stories} stories in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
