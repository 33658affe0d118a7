"""The website block of ``program.yaml``: what a government site shows at the foot of every page.

《政府网站发展指引》 asks for the 主办单位, the 网站标识码 and the 备案 numbers on every
page; each value is checked for its shape here, so that a slip is named with its
line before anything is built, and ``publisher check`` warns while one is empty.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, model_validator

from publisher.data.fields import Name, Strict, Text
from publisher.data.plaintext import https_url

_SITE_ID_CODE = re.compile(r"[A-Za-z0-9]{10}")
_ICP = re.compile(r"[\u4e00-\u9fff]ICP[备证]\d{5,10}号(?:-\d{1,3})?")
_PSB = re.compile(r"[\u4e00-\u9fff]公网安备 ?(\d{14})号")
_PICTURE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\.(?:png|jpg|jpeg|gif|webp|svg)", re.IGNORECASE)


def _site_id_code(value: object) -> object:
    """YAML reads ``5001070012`` as a number and ``0000000000`` as 0: only ten written digits are taken as they are."""
    if isinstance(value, int) and not isinstance(value, bool):
        if len(str(value)) != 10:
            raise ValueError("网站标识码请加引号书写，例如 site_id_code: \"5001070012\"（不加引号会被当作数字，开头的 0 会丢失）")
        return str(value)
    if isinstance(value, str) and not _SITE_ID_CODE.fullmatch(value.strip()):
        raise ValueError(f"网站标识码应为 10 位数字或字母（例如 5001070012；部门网站的可以字母开头），而不是“{value.strip()}”")
    return value


def _icp(value: str) -> str:
    if not _ICP.fullmatch(value):
        raise ValueError(f"ICP备案号应写成“渝ICP备12345678号-1”的样子（省份简称、ICP备、数字、号，网站序号可选），而不是“{value}”")
    return value


def _psb(value: str) -> str:
    if not _PSB.fullmatch(value):
        raise ValueError(f"公安机关备案号应写成“渝公网安备 50010302000000号”的样子（省份简称、公网安备、14 位数字、号），"
                         f"而不是“{value}”")
    return value


def _picture(value: str) -> str:
    """A picture of content/, published beside the pages: a plain relative path, never an address."""
    if not _PICTURE.fullmatch(value) or any(part in ("", ".", "..") or part.startswith(".") for part in value.split("/")):
        raise ValueError(f"应写 content/ 文件夹里图片的路径，例如 assets/beian.png（PNG、JPEG、GIF、WebP 或 SVG，"
                         f"只用字母、数字和 _ . - /），而不是“{value}”")
    return value


def _dzjg_link(value: str) -> str:
    try:
        return https_url(value) or value
    except ValueError:
        raise ValueError(f"党政机关网站标识的链接应以 https:// 开头（发放标识时给出的核验页地址），而不是“{value}”") from None


class Website(Strict):
    """What a government site shows at the foot of every page (《政府网站发展指引》); each field optional, and
    ``publisher check`` warns while one a government site must show (sponsor, site_id_code, icp) is empty."""

    sponsor: Name | None = None
    """主办单位."""
    operator: Name | None = None
    """承办单位, where different from the sponsor."""
    site_id_code: Annotated[Text | None, BeforeValidator(_site_id_code)] = None
    """网站标识码: ten characters."""
    icp: Annotated[Name | None, AfterValidator(lambda v: v and _icp(v))] = None
    """ICP备案号, linked to the MIIT query page."""
    psb: Annotated[Name | None, AfterValidator(lambda v: v and _psb(v))] = None
    """公安机关备案号, linked to its query page by its 14 digits."""
    psb_icon: Annotated[Text | None, AfterValidator(lambda v: v and _picture(v))] = None
    """The 备案 icon beside the psb number: a picture under content/."""
    dzjg_icon: Annotated[Text | None, AfterValidator(lambda v: v and _picture(v))] = None
    """党政机关网站标识: the picture the office was given, under content/."""
    dzjg_link: Annotated[Text | None, AfterValidator(lambda v: v and _dzjg_link(v))] = None
    """The verification page the 标识 links to."""

    @model_validator(mode="after")
    def _pairs(self) -> Website:
        if self.psb_icon and not self.psb:
            raise ValueError("写了 psb_icon（公安备案图标）就要写 psb（公安机关备案号）：图标只和备案号一起显示")
        if bool(self.dzjg_icon) != bool(self.dzjg_link):
            raise ValueError("dzjg_icon（党政机关网站标识图片）和 dzjg_link（核验页链接）要一起写")
        return self

    @property
    def psb_record(self) -> str | None:
        """The 14 digits the query page takes as ``recordcode``."""
        found = _PSB.fullmatch(self.psb) if self.psb else None
        return found.group(1) if found else None
