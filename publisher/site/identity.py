"""The site's identity at the foot of every page: 主办单位, 网站标识码, the 备案 numbers, 联系我们, 网站地图.

A government site shows these on every page (《政府网站发展指引》, 国办发〔2017〕47号);
the office writes them once in ``data/program.yaml``'s ``website:`` block. The theme's
``partials/copyright.html`` prints them from :class:`Identity`, which the plugin hands
over in ``config.extra`` as it does the feed list: MkDocs renders the theme, and every
page (the 404 page and the generated ones too) gets the same footer. The theme's
templates do not autoescape, so the partial escapes every value itself.

The 备案 icon and the 党政机关 标识 are pictures the office supplies; they live in
``content/`` so that MkDocs publishes them and the picture guard strips their metadata.
A missing picture stops the build with the line of program.yaml that names it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.data.loading import read_doc
from publisher.data.models import Program, Website
from publisher.errors import DataError, Problem, display_path
from publisher.site.words import Words

if TYPE_CHECKING:  # `publisher check` reads missing_settings and should not load MkDocs for it
    from mkdocs.structure.files import Files

ICP_QUERY = "https://beian.miit.gov.cn/"
"""工业和信息化部 ICP/IP地址/域名信息备案管理系统: where every ICP number is looked up."""
PSB_QUERY = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={record}"
"""全国互联网安全管理服务平台: the record of one site, by the 14 digits of its 公安机关备案号."""
CONTACT_URL = "contact/"
SITEMAP_URL = "sitemap/"
PICTURES = ("psb_icon", "dzjg_icon")
REQUIRED = ("sponsor", "site_id_code", "icp")
"""The settings a government site must show (contact and sitemap pages always exist)."""


@dataclass(frozen=True)
class Identity:
    """What the footer and the 404 page print; every value is plain text, escaped by the template."""

    website: Website
    words: Words
    """The footer's words (``identity`` in templates/words.yaml)."""
    not_found: Words
    """The 404 page's words (``not_found``)."""
    icp_link: str = ICP_QUERY
    contact_url: str = CONTACT_URL
    sitemap_url: str = SITEMAP_URL

    @property
    def psb_link(self) -> str | None:
        record = self.website.psb_record
        return PSB_QUERY.format(record=record) if record else None


def identity_of(program: Program, words: Words) -> Identity:
    """The footer of a program; without a ``website:`` block, the links only (``publisher check`` warns)."""
    return Identity(program.website or Website(), words.identity, words.not_found)


def missing_settings(program: Program) -> list[str]:
    """The required settings left empty, in the footer's order."""
    website = program.website or Website()
    return [name for name in REQUIRED if not getattr(website, name)]


def picture_problems(program_file: Path, program: Program, files: Files) -> list[Problem]:
    """Each picture the website block names that the built site would not have (not in content/, or excluded)."""
    website = program.website
    wanted = [(name, getattr(website, name)) for name in PICTURES if website is not None and getattr(website, name)]
    missing = [(name, path) for name, path in wanted if files.get_file_from_path(path) is None]
    if not missing:
        return []
    doc = read_doc(program_file)
    return [Problem(display_path(program_file), doc.line_of(("website", name)), f"website.{name}",
                    f"找不到图片 content/{path}：请把图片放进 content/ 文件夹的这个位置，或改正路径。")
            for name, path in missing]


def check_pictures(program_file: Path, program: Program, files: Files) -> None:
    """Raise :class:`DataError` naming each missing picture."""
    problems = picture_problems(program_file, program, files)
    if problems:
        raise DataError(problems)
