"""Exemplar stories (先进事迹) written by the media team in ``content/stories/``.

A story is a Markdown file whose front matter says who it is about and whether it
may be published. The body stays Markdown for MkDocs to render; this module only
reads and checks the front matter, decides which stories the public may see, and
sanitizes the rendered HTML, because the media team may paste HTML from editors
(WeChat, WPS) that carries scripts or event handlers.

A story appears only when its status is ``published`` and *every* nominee it names
is shortlisted or commended: a story about several people must not keep one who
was withdrawn on the site, and it cannot be cut in half automatically.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import nh3
from pydantic import Field, StringConstraints, ValidationInfo, field_validator

from publisher.data.loading import validate_doc
from publisher.data.models import ID_RE, Collective, Id, Individual, Name, Status, Strict, Text
from publisher.data.yaml_reader import YamlDoc, YamlProblem, parse_text
from publisher.errors import DataError, Problem, display_path, reason_of
from publisher.site.public_view import PublicNominee

SUMMARY_MAX = 200
"""The summary is the teaser of the index and the feeds: two or three sentences, not a second story."""
VISIBLE = (Status.SHORTLISTED, Status.COMMENDED)
INDEX = "index.md"
"""Generated from the stories; a hand-written one in the folder is not a story."""

AnyNominee = Collective | Individual


@dataclass(frozen=True)
class Story:
    """One story as the site publishes it: front matter only, the body stays Markdown."""

    slug: str
    """The file stem: content/stories/<slug>.md."""
    title: str
    nominees: tuple[str, ...]
    author: str
    date: date
    status: str
    """draft | published."""
    summary: str
    featured: bool = False
    cover: str | None = None
    cover_alt: str | None = None

    @property
    def src_uri(self) -> str:
        return f"stories/{self.slug}.md"

    @property
    def url(self) -> str:
        return f"stories/{self.slug}/"

    @property
    def cover_url(self) -> str | None:
        """The cover relative to the site root: ``cover`` is written relative to the story file."""
        return posixpath.normpath(posixpath.join("stories", self.cover)) if self.cover else None


class StoryMeta(Strict):
    """The front matter. ``author`` and ``summary`` may stay empty while a story is a draft."""

    title: Name
    nominees: list[Id] = Field(min_length=1)
    status: Literal["draft", "published"]
    date: date
    author: Annotated[str, StringConstraints(strip_whitespace=True)]
    summary: Annotated[str, StringConstraints(strip_whitespace=True)]
    featured: bool = False
    cover: Text | None = None
    cover_alt: Text | None = Field(None, validate_default=True)

    @field_validator("author", "summary")
    @classmethod
    def _filled_when_published(cls, value: str, info: ValidationInfo) -> str:
        if not value and info.data.get("status") == "published":
            raise ValueError("发布（status: published）前必须填写这一项")
        if info.field_name == "summary" and len(value) > SUMMARY_MAX:
            raise ValueError(f"摘要最多 {SUMMARY_MAX} 字，现在 {len(value)} 字；完整的内容写在正文里")
        return value

    @field_validator("cover")
    @classmethod
    def _relative_path(cls, value: str | None) -> str | None:
        if value and (value.startswith("/") or "://" in value or posixpath.normpath(value).startswith("..")):
            raise ValueError("封面图应写相对于本文件的路径并放在 content/stories/ 下，例如 img/zhang-san.jpg")
        return value

    @field_validator("cover_alt")
    @classmethod
    def _alt_with_cover(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("cover") and not value:
            raise ValueError("设置了封面图 cover 时必须填写 cover_alt（用一句话描述图片内容，供视障读者的读屏软件朗读）")
        return value


# --- reading ---------------------------------------------------------------------


def _front_matter(text: str, path: Path) -> str:
    """The front matter with its opening line blanked, so YAML line numbers are the file's lines."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise DataError([Problem(display_path(path), 1, "", "文件开头缺少 front matter：第一行应为 ---，接着写 title、nominees 等字段，"
                                 "再用一行 --- 结束（可用 publisher new story 编号 生成模板）。")])
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):  # MkDocs ends front matter with either
            return "\n" + "\n".join(lines[1:end]) + "\n"
    raise DataError([Problem(display_path(path), 1, "", "front matter 没有结束：第 1 行的 --- 之后找不到结束的一行 ---。")])


def _read_doc(path: Path) -> YamlDoc:
    """The front matter of a story as a document with lines (the shown path is worked out only for a problem)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError([Problem(display_path(path), 1, "", "文件不是 UTF-8 编码：请在 WPS 或记事本中“另存为”，编码选“UTF-8”。")]) from None
    except OSError as exc:
        raise DataError([Problem(display_path(path), 0, "", f"无法读取文件：{reason_of(exc)}。")]) from None
    try:
        doc = parse_text(_front_matter(text, path), path)
    except YamlProblem as exc:
        raise DataError([exc.problem]) from None
    if not isinstance(doc.data, dict):
        raise DataError([Problem(display_path(path), 2, "", "front matter 应是“字段: 值”的形式，例如 title: 张三：……")])
    return doc


def _read(path: Path) -> tuple[Story, YamlDoc]:
    doc = _read_doc(path)
    problems = []
    if not ID_RE.match(path.stem):
        problems.append(Problem(display_path(path), 0, "文件名", f"“{path.stem}”不能作为网址：文件名只能用小写字母、数字和连字符（-），"
                                "例如 liangjiang-wang-fang.md。"))
    if "cover" in doc.data and "cover_alt" not in doc.data:
        doc.lines[("cover_alt",)] = doc.line_of(("cover",))  # point at the cover that needs the text
    try:
        meta: StoryMeta = validate_doc(doc, StoryMeta, doc.data, allowed={(): list(StoryMeta.model_fields)})
    except DataError as exc:
        raise DataError(problems + exc.problems) from None
    if meta.cover and not (path.parent / meta.cover).is_file():
        problems.append(Problem(display_path(path), doc.line_of(("cover",)), "cover", f"找不到图片文件 {meta.cover}（相对于本文件所在文件夹）。"))
    if problems:
        raise DataError(problems)
    story = Story(path.stem, meta.title, tuple(meta.nominees), meta.author, meta.date, meta.status, meta.summary,
                  meta.featured, meta.cover, meta.cover_alt)
    return story, doc


def story_files(stories_dir: Path) -> list[Path]:
    """The story files: ``*.md`` directly in the folder, except the generated index and hidden files."""
    if not stories_dir.is_dir():
        return []
    return sorted(p for p in stories_dir.glob("*.md") if p.is_file() and p.name != INDEX and not p.name.startswith("."))


# --- selection ---------------------------------------------------------------------


@dataclass
class StorySelection:
    """What the public sees, and what it does not see and why."""

    folder: Path
    published: list[Story] = field(default_factory=list)
    """Newest first, then by slug."""
    hidden: list[tuple[Story, str]] = field(default_factory=list)
    """Each story that is not published, with the reason in words."""

    def notes(self) -> list[str]:
        """Lines for the build output, so the media team learns why a story is not online."""
        return [f"先进事迹 {display_path(self.folder / f'{s.slug}.md')} 未发布：{reason}" for s, reason in self.hidden]


def _unknown_ids(story: Story, doc: YamlDoc, nominees: Mapping[str, AnyNominee]) -> list[Problem]:
    if all(n in nominees for n in story.nominees):
        return []
    shown = display_path(doc.path)
    return [Problem(shown, doc.line_of(("nominees", i)), f"nominees[{i + 1}]",
                    f"没有编号为“{n}”的推荐对象（data/nominees/{n}.yaml 不存在），请检查拼写。")
            for i, n in enumerate(story.nominees) if n not in nominees]


def hidden_reason(story: Story, nominees: Mapping[str, AnyNominee]) -> str | None:
    """Why ``story`` may not be shown, or None when it may: withdrawals first, they matter most."""
    reasons = []
    for n in (nominees[i] for i in story.nominees):
        if n.status is Status.WITHDRAWN:
            reasons.append(f"{n.name}（{n.id}）已撤销")
        elif n.status not in VISIBLE:
            reasons.append(f"{n.name}（{n.id}）未进入拟表彰名单")
    if story.status != "published":
        reasons.append("草稿（status: draft）")
    return "；".join(reasons) or None


def load_stories(stories_dir: Path, nominees: Mapping[str, AnyNominee]) -> StorySelection:
    """Read every story and check it against ``nominees``; raise one :class:`DataError` for all."""
    problems: list[Problem] = []
    selection = StorySelection(stories_dir)
    for path in story_files(stories_dir):
        try:
            story, doc = _read(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        unknown = _unknown_ids(story, doc, nominees)
        if unknown:
            problems.extend(unknown)
            continue
        reason = hidden_reason(story, nominees)
        if reason is None:
            selection.published.append(story)
        else:
            selection.hidden.append((story, reason))
    if problems:
        raise DataError(problems)
    selection.published.sort(key=lambda s: (-s.date.toordinal(), s.slug))
    return selection


# --- sanitizing --------------------------------------------------------------------

_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "strong", "em",
         "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "a", "img", "figure", "figcaption", "table",
         "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "br", "hr", "code", "pre", "span", "div", "time",
         "abbr", "details", "summary"}
_ATTRIBUTES = {
    # Markdown extensions (toc, footnotes, attr_list, Material's admonitions) put ids and
    # classes on many elements; anchors and styles need them and neither can run code.
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"colspan", "rowspan"},  # no style: the site's CSP (style-src 'self') refuses inline styles anyway
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "time": {"datetime"},
}
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "form", "noscript", "template", "textarea",
                         "select", "svg", "math"}


def sanitize(html: str) -> str:
    """The rendered story with only article markup left: no scripts, handlers, frames or javascript: links.

    Call it on each story page's HTML (MkDocs ``on_page_content``), after Markdown and
    before the theme, so pasted markup is cleaned but the theme's own scripts are not touched.
    """
    return nh3.clean(html, tags=_TAGS, clean_content_tags=_DROPPED_WITH_CONTENT, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True)


# --- scaffolding and the index -------------------------------------------------------

_SKELETON = """\
---
# 先进事迹。写好后把 status 改为 published，下次生成网站时发布。
title: {title}
nominees:            # 写的是谁：推荐对象编号（data/nominees/ 下的文件名），可写多个
  - {id}
author: ""           # 作者（记者、通讯员）署名
date: {date}
status: draft        # draft 草稿（不发布） / published 发布
summary: ""          # 摘要：{limit} 字以内，显示在事迹列表和订阅中
# featured: true     # 推荐阅读：列在事迹列表最前面
# cover: img/{id}.jpg
#                    # 封面图：放在 content/stories/img/ 下，写相对路径
# cover_alt: ……      # 有封面图时必填：一句话描述图片内容，供读屏软件朗读
---

<!-- 标题不用再写：网页标题取自上面的 title。下面每一段的提示文字请删除后再发布。 -->

开头：用一个具体的场景把读者带进车间、工地或实验室——时间、地点、人物在做什么。

## 小标题一

主要事迹：用事实和数字说话，写清楚解决了什么难题、带来了什么变化。

## 小标题二

人物的话、同事的评价、一个细节，让读者记住这个人或这个集体。

## 小标题三

结尾：回到工匠精神、智能制造和制造强市，点明意义，不喊口号。
"""


def scaffold(stories_dir: Path, nominee: AnyNominee, today: date) -> Path:
    """Write a draft for ``nominee`` at ``<id>.md`` (``<id>-2.md``… when taken); never overwrites."""
    stories_dir.mkdir(parents=True, exist_ok=True)
    text = _SKELETON.format(title=json.dumps(f"{nominee.name}：……", ensure_ascii=False), id=nominee.id,
                            date=today.isoformat(), limit=SUMMARY_MAX)
    for n in range(1, 1000):
        path = stories_dir / (f"{nominee.id}.md" if n == 1 else f"{nominee.id}-{n}.md")
        try:
            with path.open("x", encoding="utf-8", newline="\n") as out:  # "x": fails instead of overwriting
                out.write(text)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"{stories_dir} 里已有太多 {nominee.id} 的事迹文件。")


def index_order(stories: Iterable[Story]) -> tuple[list[Story], list[Story]]:
    """Featured first, then the rest; each part newest first, then by slug."""
    ordered = sorted(stories, key=lambda s: (-s.date.toordinal(), s.slug))
    return [s for s in ordered if s.featured], [s for s in ordered if not s.featured]


def index_context(stories: Iterable[Story], lookup: Callable[[str], PublicNominee]) -> dict[str, object]:
    """What ``stories.md.j2`` needs besides ``link``: ``featured``, ``stories`` and ``names_of``."""
    featured, rest = index_order(stories)

    def names_of(story: Story) -> list[str]:
        return [lookup(i).display_name for i in story.nominees]

    return {"featured": featured, "stories": rest, "names_of": names_of}
