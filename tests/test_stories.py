"""Exemplar stories: front matter checked with exact lines, only visible stories published, HTML sanitized.

Stories are written into a tmp folder next to a copy of the tiny data folder, with
the working folder there, so messages show ``content/stories/x.md:line`` as the
media team would see them.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli.main import main
from publisher.data.dataset import Dataset, load_dataset
from publisher.data.models import Status
from publisher.errors import DataError
from publisher.site.model import build_site_model
from publisher.site.pages import environment
from publisher.site.public_view import public
from publisher.site.stories import (
    Story,
    StorySelection,
    index_context,
    load_stories,
    sanitize,
    scaffold,
)
from publisher.site.words import default_words

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).parent / "fixtures" / "tiny"
WANG = "liangjiang-wang-fang"  # commended
ZONGZHUANG = "liangjiang-c-zongzhuang"  # shortlisted

GOOD = """\
---
title: 王芳：让芯片测试快一倍
nominees:
  - liangjiang-wang-fang
author: 本网记者 李明
date: 2026-07-10
status: published
summary: 她主导建成芯片测试平台，测试效率提高一倍。
---

测试车间里，王芳正在调试新平台。
"""


def _extra_nominee(data: Path, nominee_id: str, name: str, status: str) -> None:
    text = (TINY / "nominees" / f"{WANG}.yaml").read_text(encoding="utf-8")
    text = text.replace("name: 王芳", f"name: {name}").replace("status: commended", f"status: {status}")
    if status == "withdrawn":
        text += "withdrawn_reason: 本人申请退出\n"
    (data / "nominees" / f"{nominee_id}.yaml").write_text(text, encoding="utf-8")


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    data = tmp_path / "data"
    shutil.copytree(TINY, data)
    _extra_nominee(data, "liangjiang-zhang-san", "张三", "withdrawn")
    _extra_nominee(data, "liangjiang-li-si", "李四", "recommended")
    monkeypatch.chdir(tmp_path)
    return load_dataset(data)


@pytest.fixture
def stories_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content" / "stories"
    folder.mkdir(parents=True)
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def read_story(path: Path) -> Story:
    """The one story file in its folder, read as a build reads it (published or not)."""
    selection = load_stories(path.parent, load_dataset(TINY).nominees)
    [story] = [*selection.published, *(s for s, _ in selection.hidden)]
    return story


def stories_of(dataset: Dataset, selection: StorySelection, nominee_id: str) -> list[Story]:
    """What the decision page links for the nominee: the site model's published stories naming them."""
    return build_site_model(dataset, date(2026, 9, 29), selection.published).stories_of(nominee_id)


def problems(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        read_story(path)
    return [str(p) for p in caught.value.problems]


# --- front matter ------------------------------------------------------------------


def test_good_story_reads(dataset: Dataset, stories_dir: Path) -> None:
    story = read_story(write(stories_dir, "wang.md", GOOD))
    assert story == Story("wang", "王芳：让芯片测试快一倍", (WANG,), "本网记者 李明", date(2026, 7, 10), "published",
                          "她主导建成芯片测试平台，测试效率提高一倍。")
    assert story.url == "stories/wang/"


@pytest.mark.parametrize(("change", "expected"), [
    (("summary:", "featurd: true\nsummary:"), "content/stories/x.md:8: featurd: 不认识的字段（是否应为 featured？）"),
    (("title: 王芳：让芯片测试快一倍\n", ""), "content/stories/x.md:2: title: 缺少这一项，请补上"),
    (("date: 2026-07-10", "date: 2026-06-31"), "content/stories/x.md:6: date: 日期应写成 YYYY-MM-DD，例如 2026-07-03（这个日期不存在或格式不对）"),
    (("status: published", "status: 发布"), "content/stories/x.md:7: status: 取值应为以下之一：draft、published"),
    (("author: 本网记者 李明", 'author: ""'), "content/stories/x.md:5: author: 发布（status: published）前必须填写这一项"),
    (("summary: 她", "cover: img/a.jpg\nsummary: 她"),
     "content/stories/x.md:8: cover_alt: 设置了封面图 cover 时必须填写 cover_alt（用一句话描述图片内容，供视障读者的读屏软件朗读）"),
    (("summary: 她", "cover: https://e.com/a.jpg\ncover_alt: 图\nsummary: 她"),
     "content/stories/x.md:8: cover: 封面图应写相对于本文件的路径并放在 content/stories/ 下，例如 img/zhang-san.jpg"),
    (("summary: 她", "cover: img/a.jpg\ncover_alt: 图\nsummary: 她"),
     "content/stories/x.md:8: cover: 找不到图片文件 img/a.jpg（相对于本文件所在文件夹）。"),
    (("nominees:\n  - liangjiang-wang-fang", "nominees: []"), "content/stories/x.md:3: nominees: 不能为空"),
])
def test_front_matter_problem_at_its_line(dataset: Dataset, stories_dir: Path, change: tuple[str, str],
                                          expected: str) -> None:
    path = write(stories_dir, "x.md", GOOD.replace(*change))
    assert problems(path) == [expected]


def test_draft_may_leave_author_and_summary_empty(dataset: Dataset, stories_dir: Path) -> None:
    text = GOOD.replace("author: 本网记者 李明", 'author: ""').replace("status: published", "status: draft")
    assert read_story(write(stories_dir, "x.md", text)).author == ""


def test_summary_too_long(dataset: Dataset, stories_dir: Path) -> None:
    path = write(stories_dir, "x.md", GOOD.replace("summary: 她", "summary: " + "长" * 200 + "她"))
    assert problems(path) == ["content/stories/x.md:8: summary: 摘要最多 200 字，现在 221 字；完整的内容写在正文里"]


@pytest.mark.parametrize(("text", "expected"), [
    ("# 王芳\n\n正文\n", "content/stories/x.md:1: 文件开头缺少 front matter：第一行应为 ---"),
    ("---\ntitle: 王芳\n\n正文\n", "content/stories/x.md:1: front matter 没有结束"),
    ("---\n- a\n---\n", "content/stories/x.md:2: front matter 应是“字段: 值”的形式"),
    ("---\ntitle: [王芳\n---\n", "content/stories/x.md:3: YAML 格式错误"),
])
def test_unreadable_front_matter(dataset: Dataset, stories_dir: Path, text: str, expected: str) -> None:
    (found,) = problems(write(stories_dir, "x.md", text))
    assert found.startswith(expected)


def test_bad_file_name(dataset: Dataset, stories_dir: Path) -> None:
    assert problems(write(stories_dir, "王芳.md", GOOD))[0].startswith("content/stories/王芳.md: 文件名: ")


def test_unknown_nominee_at_its_line_and_problems_of_all_files_together(dataset: Dataset, stories_dir: Path) -> None:
    write(stories_dir, "a.md", GOOD.replace("  - liangjiang-wang-fang", f"  - {WANG}\n  - liangjiang-wang-fan"))
    write(stories_dir, "b.md", GOOD.replace("title:", "titel:"))
    with pytest.raises(DataError) as caught:
        load_stories(stories_dir, dataset.nominees)
    assert [str(p) for p in caught.value.problems] == [
        "content/stories/a.md:5: nominees[2]: 没有编号为“liangjiang-wang-fan”的推荐对象"
        "（data/nominees/liangjiang-wang-fan.yaml 不存在），请检查拼写。",
        "content/stories/b.md:2: titel: 不认识的字段（是否应为 title？）",
        "content/stories/b.md:2: title: 缺少这一项，请补上",
    ]


# --- selection ----------------------------------------------------------------------


def _select(dataset: Dataset, folder: Path) -> StorySelection:
    return load_stories(folder, dataset.nominees)


def test_only_published_stories_of_visible_nominees(dataset: Dataset, stories_dir: Path) -> None:
    write(stories_dir, "wang.md", GOOD)
    write(stories_dir, "older.md", GOOD.replace("2026-07-10", "2026-07-01").replace(WANG, ZONGZHUANG))
    write(stories_dir, "draft.md", GOOD.replace("status: published", "status: draft"))
    write(stories_dir, "zhang.md", GOOD.replace(WANG, "liangjiang-zhang-san"))
    write(stories_dir, "li.md", GOOD.replace(WANG, "liangjiang-li-si"))
    write(stories_dir, "both.md", GOOD.replace(f"  - {WANG}", f"  - {WANG}\n  - liangjiang-zhang-san"))
    write(stories_dir, "index.md", "# 先进事迹\n")  # not a story: no front matter needed
    selection = _select(dataset, stories_dir)
    assert [s.slug for s in selection.published] == ["wang", "older"]
    assert {s.slug: reason for s, reason in selection.hidden} == {
        "both": "张三（liangjiang-zhang-san）已撤销",
        "draft": "草稿（status: draft）",
        "li": "李四（liangjiang-li-si）未进入拟表彰名单",
        "zhang": "张三（liangjiang-zhang-san）已撤销",
    }
    assert "先进事迹 content/stories/zhang.md 未发布：张三（liangjiang-zhang-san）已撤销" in selection.notes()
    assert [s.slug for s in stories_of(dataset, selection, ZONGZHUANG)] == ["older"]


def test_withdrawal_hides_a_published_story_at_the_next_build(dataset: Dataset, stories_dir: Path) -> None:
    write(stories_dir, "wang.md", GOOD)
    assert [s.slug for s in _select(dataset, stories_dir).published] == ["wang"]
    withdrawn = dataset.nominees[WANG].model_copy(update={"status": Status.WITHDRAWN})
    selection = load_stories(stories_dir, {**dataset.nominees, WANG: withdrawn})
    assert selection.published == []
    assert selection.notes() == ["先进事迹 content/stories/wang.md 未发布：王芳（liangjiang-wang-fang）已撤销"]


def test_no_folder_no_stories(dataset: Dataset, tmp_path: Path) -> None:
    assert _select(dataset, tmp_path / "missing").published == []


def _render_index(dataset: Dataset, selection: StorySelection) -> str:
    def lookup(nominee_id: str):
        return public(dataset.nominees[nominee_id], "两江新区")

    context = index_context(selection.published, lookup)
    return environment(None, default_words()).get_template("stories.md.j2").render(link=lambda url: "LINK:" + url,
                                                                                  **context)


def test_index_lists_featured_first_then_newest(dataset: Dataset, stories_dir: Path) -> None:
    (stories_dir / "img").mkdir()
    (stories_dir / "img" / "a.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    write(stories_dir, "new.md", GOOD.replace("2026-07-10", "2026-07-20"))
    write(stories_dir, "old.md", GOOD.replace("2026-07-10", "2026-07-01").replace(
        "summary:", "featured: true\ncover: img/a.svg\ncover_alt: 王芳在测试台前\nsummary:"))
    write(stories_dir, "mid.md", GOOD)
    text = _render_index(dataset, _select(dataset, stories_dir))
    order = [text.index(f"LINK:stories/{slug}/") for slug in ("old", "new", "mid")]
    assert order == sorted(order)
    assert '<img class="pub-story__cover" src="LINK:stories/img/a.svg" alt="王芳在测试台前"' in text
    assert "王芳（女，土家族）" in text and "2026年7月20日" in text and "## 推荐阅读" in text


def test_index_without_stories(dataset: Dataset, stories_dir: Path) -> None:
    assert "暂无先进事迹" in _render_index(dataset, _select(dataset, stories_dir))


def test_story_links_partial(dataset: Dataset, stories_dir: Path) -> None:
    write(stories_dir, "wang.md", GOOD)
    template = environment(None, default_words()).get_template("partials/story_links.html.j2")
    stories = stories_of(dataset, _select(dataset, stories_dir), WANG)
    html = template.render(stories=stories, link=lambda url: "../" + url)
    assert '<a href="../stories/wang/">王芳：让芯片测试快一倍</a>' in html
    assert template.render(stories=[], link=str).strip() == ""


# --- sanitizing -----------------------------------------------------------------------


def test_sanitize_removes_active_content_and_keeps_article_markup() -> None:
    html = sanitize(
        '<h2 id="chejian">车间</h2><p onclick="steal()">正文<script>alert(1)</script>'
        '<a href="javascript:alert(1)">坏链接</a> <a href="../other/" title="另一篇">好链接</a></p>'
        '<img src="img/a.svg" alt="车间" onerror="steal()"><iframe src="https://evil.example">框</iframe>'
        '<div class="admonition note"><p class="admonition-title">注</p></div><style>p{}</style>')
    for bad in ("script", "alert", "onclick", "onerror", "iframe", "javascript:", "框", "style"):
        assert bad not in html
    assert '<h2 id="chejian">车间</h2>' in html
    assert '<a href="../other/" title="另一篇"' in html
    assert '<img src="img/a.svg" alt="车间">' in html
    assert '<div class="admonition note">' in html


# --- scaffolding ----------------------------------------------------------------------


def test_scaffold_writes_a_valid_draft_and_never_overwrites(dataset: Dataset, stories_dir: Path) -> None:
    nominee = dataset.nominees[WANG]
    first = scaffold(stories_dir, nominee, date(2026, 7, 15))
    story = read_story(first)
    assert (first.name, story.status, story.nominees, story.date) == (f"{WANG}.md", "draft", (WANG,), date(2026, 7, 15))
    assert story.title.startswith("王芳：")
    first.write_text(GOOD, encoding="utf-8")
    second = scaffold(stories_dir, nominee, date(2026, 7, 15))
    assert second.name == f"{WANG}-2.md"
    assert first.read_text(encoding="utf-8") == GOOD
    assert [s.slug for s, _ in _select(dataset, stories_dir).hidden] == [f"{WANG}-2"]


def test_cli_new_story(dataset: Dataset, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["new", "story", WANG])
    assert result.exit_code == 0, result.output
    assert f"content/stories/{WANG}.md" in result.output
    assert read_story(tmp_path / "content" / "stories" / f"{WANG}.md").status == "draft"
    result = runner.invoke(main, ["new", "story", "liangjiang-li-si"])
    assert result.exit_code == 0 and "只有拟表彰" in result.output


def test_cli_new_story_unknown_id(dataset: Dataset, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", "story", "liangjiang-wang-fan", "--content", "site-content"])
    assert result.exit_code == 1
    assert "没有编号为“liangjiang-wang-fan”的推荐对象。相近的编号：liangjiang-wang-fang" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "site-content").exists()


def test_demo_stories_follow_the_rules() -> None:
    """The demo content shows every case: a featured story with a cover, a draft, a withdrawn nominee's story."""
    demo = load_dataset(ROOT / "data")
    folder = ROOT / "content" / "stories"
    selection = load_stories(folder, demo.nominees)
    assert len(selection.published) >= 4
    assert all(demo.nominees[n].status is Status.COMMENDED for s in selection.published for n in s.nominees)
    assert any(s.featured and s.cover and s.cover_alt for s in selection.published)
    reasons = [reason for _, reason in selection.hidden]
    assert any(r.startswith("草稿") for r in reasons) and any(r.endswith("已撤销") for r in reasons)
    assert not (folder / "index.md").exists()


def test_validate_counts_the_stories_and_lists_those_left_out_in_file_order(dataset: Dataset, stories_dir: Path) -> None:
    for n in range(120):
        write(stories_dir, f"s{n:03}.md", GOOD.replace("status: published", "status: draft") if n % 2 else GOOD)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert "先进事迹 60 篇可发布，60 篇不发布。" in result.output
    notes = [line for line in result.output.splitlines() if line.startswith("  先进事迹")]
    assert notes == [f"  先进事迹 content/stories/s{n:03}.md 未发布：草稿（status: draft）" for n in range(1, 120, 2)]


def test_validate_with_bad_data_and_stories_names_the_data_file(dataset: Dataset, stories_dir: Path,
                                                                tmp_path: Path) -> None:
    for n in range(60):
        write(stories_dir, f"s{n:03}.md", GOOD)
    (tmp_path / "data" / "nominees" / f"{WANG}.yaml").write_text("name: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert f"data/nominees/{WANG}.yaml:" in result.output and "Traceback" not in result.output
