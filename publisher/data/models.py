"""The data contract: what the office writes in ``data/``.

Field names here are relied on by staff, by their spreadsheets and by checks
outside the project: add optional fields, never rename. Every model forbids
unknown keys so that a typo (``sumary:``) is an error, not silently ignored data.
The numbers of the notice (caps, quotas, shares, text lengths) live in
``program.yaml`` so that another program is configured by editing data alone.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    field_validator,
    model_validator,
)

from publisher.data.fields import (
    BEIJING_FORMAT,
    BORN_RE,
    ID_PATTERN,
    ID_RE,
    Email,
    Id,
    Name,
    Phone,
    PublishedAt,
    Strict,
    Text,
    on_publication_day,
)
from publisher.data.plaintext import https_url
from publisher.data.website import Website
from publisher.site.words import default_words

__all__ = ["BEIJING_FORMAT", "ID_PATTERN", "ID_RE", "Email", "Id", "Name", "Phone", "Strict", "Text", "Website"]
"""Field types and the website block live in their own modules; the data contract is read from here."""


class Category(StrEnum):
    """The kinds of 推荐单位 of notice 一(三); each has its own quota."""

    LIANGJIANG = "liangjiang"
    DISTRICT = "district"
    COUNTY = "county"
    MUNICIPAL_DEPARTMENT = "municipal-department"
    UNIVERSITY_INSTITUTE = "university-institute"
    CENTRAL_ENTERPRISE = "central-enterprise"
    MUNICIPAL_SOE_GROUP = "municipal-soe-group"
    COMMISSION = "commission"
    INDUSTRY_ASSOCIATION = "industry-association"


class UnitType(StrEnum):
    ENTERPRISE = "enterprise"
    INSTITUTION = "institution"
    MUNICIPAL_ORGAN = "municipal-organ"
    COMMISSION = "commission"
    DISTRICT_ECON_DEPT = "district-econ-dept"
    SOCIAL_ORG = "social-org"
    OTHER_ORGAN = "other-organ"


class Status(StrEnum):
    RECOMMENDED = "recommended"
    SHORTLISTED = "shortlisted"
    COMMENDED = "commended"
    WITHDRAWN = "withdrawn"


class Rank(StrEnum):
    NONE = "none"
    SECTION = "section"
    DIVISION = "division"
    BUREAU = "bureau"


class HonourLevel(StrEnum):
    """How high a prior honour was; 一(一) bars provincial/ministerial and econ-system ones."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    ECON_SYSTEM = "econ-system"
    OTHER = "other"


# --- program.yaml -----------------------------------------------------------


class Quota(Strict):
    collectives: int = Field(ge=0)
    individuals: int = Field(ge=0)


class Shares(Strict):
    """Percent limits of notice 五(二) and the 50% floor of 一(三)1."""

    division_level: int = Field(20, ge=0, le=100)
    municipal_organs: int = Field(15, ge=0, le=100)
    commission: int = Field(5, ge=0, le=100)
    enterprise_heads: int = Field(15, ge=0, le=100)
    district_non_organ_min: int = Field(50, ge=0, le=100)


class TextLimits(Strict):
    summary: int = Field(500, gt=0)
    deeds: int = Field(1500, gt=0)
    deeds_tolerance_percent: int = Field(10, ge=0, le=100)
    """How far over "1500字左右" a recommender of ``deeds_approximate`` may go with only a warning."""
    deeds_approximate: list[Category] = [Category.MUNICIPAL_SOE_GROUP, Category.CENTRAL_ENTERPRISE]


RETENTION_KEEP = "keep"
RETENTION_DEFAULT_DAYS = 90
"""When program.yaml says nothing: see docs/data-contract.md (PIPL art. 47, 行政复议 60 days)."""
RETENTION_MAX_DAYS = 3650


def _retention(value: object) -> object:
    """``publicity_retention_days``: whole days (1–3650) or ``keep``; nothing else, so a slip never keeps a list up."""
    if isinstance(value, str) and value.strip().lower() == RETENTION_KEEP:
        return RETENTION_KEEP
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= RETENTION_MAX_DAYS:
        return value
    shown = ("空值" if value is None else f"“{str(value).lower()}”" if isinstance(value, bool)
             else f"带引号的“{value}”（天数不加引号）" if isinstance(value, str) and value.strip().isdigit()
             else f"“{value}”")
    raise ValueError(f"应写公示期结束后名单继续公开的天数（1–{RETENTION_MAX_DAYS} 的整数，例如 90），"
                     f"或写 keep（一直公开）；{shown}不能使用")


class Program(Strict):
    """Its words head every page and feed (a feed reader takes a channel's words as HTML): names, one line each."""

    title: Name
    notice_title: Name | None = None
    """The governing notice's own title, quoted on every page: 关于评选表彰……的通知."""
    document_number: Name
    issued_by: list[Name] = Field(min_length=1)
    issued_on: date
    submission_deadline: date
    organiser: Name | None = None
    """Who receives objections on behalf of the issuing bodies, e.g. 评选表彰工作专班办公室."""
    collective_title: Name = "先进集体"
    individual_title: Name = "先进个人"
    caps: Quota
    quotas: dict[Category, Quota]
    """Per recommender, by category; a category without an entry has no fixed number."""
    shares: Shares = Shares()
    text_limits: TextLimits = TextLimits()
    min_industry_years: int = Field(3, ge=0)
    recent_honour_years: int = Field(5, ge=0)
    """How many years back an econ-system honour counts as 近年来 (一(一))."""
    publicity_working_days: int = Field(5, gt=0)
    publicity_retention_days: Annotated[int | Literal["keep"], BeforeValidator(_retention)] = RETENTION_DEFAULT_DAYS
    """How many calendar days after a window's last working day its list stays public, or ``keep``."""
    index_prefix: Name | None = None
    """索引号的前缀，通常是发布机关的统一社会信用代码：索引号为 ``<index_prefix>/<年份>-<序号:05d>`` (site/documents.py)."""
    site_name: Name | None = None
    site_url: Annotated[str | None, AfterValidator(https_url)] = None
    name_order: Literal["stroke", "pinyin", "as-listed"] = "stroke"
    website: Website | None = None
    """The site's identity in every page's footer (主办单位, 网站标识码, 备案号…)."""


# --- recommenders.yaml, contacts.yaml ----------------------------------------


class Recommender(Strict):
    id: Id
    name: Name
    category: Category


class Recommenders(Strict):
    recommenders: list[Recommender] = Field(min_length=1)


class Contact(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    id: Id
    office: Name
    people: list[Text] = Field(min_length=1)
    phones: list[Phone] = Field(min_length=1)
    address: Text | None = None
    postcode: Text | None = None
    email: Email | None = None
    hours: Text | None = None
    fax: Text | None = None
    handles: Text | None = None
    """What this office receives, e.g. 先进集体 or 先进个人, when programs split them."""


class Contacts(Strict):
    contacts: list[Contact] = Field(min_length=1)


# --- data/nominees/<id>.yaml -------------------------------------------------


class PriorHonour(Strict):
    title: Text
    year: int = Field(ge=1949, le=2100)
    level: HonourLevel


class _NomineeBase(Strict):
    id: Id
    name: Name
    recommender: Id
    unit: Name
    office: Name | None = None
    unit_type: UnitType
    summary: Text
    deeds: Text
    prior_honours: list[PriorHonour] = []
    new_major_contribution: Text | None = None
    submitted_on: date
    status: Status
    withdrawn_reason: Text | None = None
    private: dict[str, str | int | float | date | None] = {}

    @model_validator(mode="after")
    def _reason_only_when_withdrawn(self) -> _NomineeBase:
        if self.status is Status.WITHDRAWN and not self.withdrawn_reason:
            raise ValueError("状态为 withdrawn（撤销）时必须填写 withdrawn_reason（撤销原因，不公开）")
        if self.status is not Status.WITHDRAWN and self.withdrawn_reason:
            raise ValueError("只有状态为 withdrawn 时才填写 withdrawn_reason")
        return self

    @property
    def is_candidate(self) -> bool:
        return self.status is not Status.WITHDRAWN


class Collective(_NomineeBase):
    kind: Literal["collective"]


class Individual(_NomineeBase):
    kind: Literal["individual"]
    position: Name
    gender: Literal["男", "女"]
    ethnicity: Name
    political_status: Text
    born: str
    """出生年月, YYYY-MM: only the month is kept, and it is never published."""
    industry_years: float = Field(ge=0, le=70)
    rank: Rank
    enterprise_head: bool = False
    city_managed: bool = False
    unit_leader: bool = False
    posthumous: bool = False
    """追授: marked in the published name, as national lists do."""

    @field_validator("gender", mode="before")
    @classmethod
    def _gender_words(cls, value: object) -> object:
        return {"male": "男", "female": "女", "M": "男", "F": "女"}.get(value, value) if isinstance(value, str) else value

    @field_validator("born", mode="before")
    @classmethod
    def _year_month(cls, value: object) -> str:
        text = str(value).strip()
        if not BORN_RE.match(text):
            raise ValueError(f"出生年月“{text}”应写成 YYYY-MM，例如 1985-03")
        return text


Nominee = Annotated[Collective | Individual, Field(discriminator="kind")]
NOMINEE = TypeAdapter(Nominee)

PUBLIC_NOMINEE_FIELDS = ("id", "kind", "name", "unit", "position", "gender", "ethnicity", "posthumous",
                         "recommender", "status")
"""The only nominee fields that may reach the site, feeds and open data."""


# --- data/notices/<id>.yaml, data/decision.yaml ------------------------------


class Stage(StrEnum):
    """The three 公示 of notice 四: 本单位, 本区县/本部门/本集团, 全市."""

    UNIT = "unit"
    DISTRICT = "district"
    CITY = "city"


class Channel(StrEnum):
    PHONE = "phone"
    FAX = "fax"
    LETTER = "letter"
    EMAIL = "email"
    VISIT = "visit"


def _channel_by_word() -> dict[str, str]:
    """The Chinese words staff may write for a channel: the package's display words (templates/words.yaml)."""
    return {word: key for key, word in default_words().channel.items()}


class ObjectionTerms(Strict):
    """How the public may object; programs differ, so each term is a setting."""

    channels: list[Channel] = Field(default=[Channel.PHONE, Channel.LETTER, Channel.VISIT], min_length=1)
    real_name: bool = True
    """个人实名（姓名和联系电话），单位加盖公章; anonymous objections are then not accepted."""
    postmark: Literal["arrival", "sending"] = "arrival"
    """以到达日邮戳为准 (arrival) or 以发信时的当地邮戳为准 (sending)."""
    hours: Text | None = None
    """受理时间, e.g. 工作日 9:00—12:00，14:00—17:30."""
    note: Text | None = None

    @field_validator("channels", mode="before")
    @classmethod
    def _chinese_channel_words(cls, value: object) -> object:
        if isinstance(value, list):
            by_word = _channel_by_word()
            return [by_word.get(v, v) if isinstance(v, str) else v for v in value]
        return value


class Correction(Strict):
    """A 更正: shown on the page in a box and sent as an update of the same feed entry."""

    date: date
    what: Text
    text: Text


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


class Notice(Strict):
    id: Id
    title: Name
    stage: Stage
    issued_by: list[Text] = Field(min_length=1)
    recommender: Id | None = None
    """For unit and district stages: whose list this is."""
    published_on: date
    working_days: int | None = Field(None, gt=0, le=30)
    """Default: the program's ``publicity_working_days``."""
    end: date | None = None
    """Optional; must equal the computed end when given."""
    intro: Text | None = None
    nominees: list[Id] = Field(min_length=1)
    contacts: list[Id] = Field(min_length=1)
    objections: ObjectionTerms = ObjectionTerms()
    signed_on: date | None = None
    corrections: list[Correction] = []
    published_at: PublishedAt | None = None
    """信息公开栏和页面元数据（site/documents.py）：发布时间, 索引号, 主题分类, 发布机构, 发文字号."""
    index_no: Name | None = None
    topic: Name | None = None
    issuer: Name | None = None
    document_number: Name | None = None

    _published_on_day = on_publication_day("published_on")
    _issued_by_list = field_validator("issued_by", mode="before")(classmethod(lambda cls, v: _as_list(v)))


class Revocation(Strict):
    """A 撤销 of honours, published as its own document that names the decision it amends."""

    id: Id
    title: Name
    document_number: Text
    issued_on: date
    nominees: list[Id] = Field(min_length=1)
    text: Text
    published_at: PublishedAt | None = None
    index_no: Name | None = None
    topic: Name | None = None

    _issued_on_day = on_publication_day("issued_on")


class Decision(Strict):
    title: Name
    document_number: Text
    issued_by: list[Text] = Field(min_length=1)
    issued_on: date
    addressees: Text | None = None
    preamble: Text
    closing: Text
    corrections: list[Correction] = []
    revocations: list[Revocation] = []
    published_at: PublishedAt | None = None
    index_no: Name | None = None
    topic: Name | None = None
    issuer: Name | None = None

    _issued_on_day = on_publication_day("issued_on")
    _issued_by_list = field_validator("issued_by", mode="before")(classmethod(lambda cls, v: _as_list(v)))
