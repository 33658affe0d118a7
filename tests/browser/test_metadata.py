"""The 信息公开 block on a phone, and the 指引's metadata on every kind of page, in a real browser (issue 18)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
"""A common small Android screen, in CSS pixels."""
LABELS = ["索引号", "主题分类", "发布机构", "成文日期", "发文字号", "发布日期"]


def _metas(page: Page) -> dict[str, str]:
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('head meta[name]')]
                              .map(m => [m.getAttribute('name'), m.getAttribute('content')]))""")


@pytest.mark.parametrize("address", ["notices/2026-shizhu/", "decision/"])
def test_the_xxgk_block_reads_on_a_phone(browser: Browser, after: str, address: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(after + address)
    block = page.locator("table.pub-xxgk[data-pub-xxgk]")
    expect(block).to_be_visible()
    expect(block.locator("th")).to_have_text(LABELS)
    box = block.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    title = page.locator("article h1").bounding_box()
    assert title is not None and box["y"] > title["y"]  # at the top, right under the title
    for cell in block.locator("td").all():  # every value shown whole, none cut off at the screen's edge
        cell_box = cell.bounding_box()
        assert cell_box is not None and cell_box["x"] + cell_box["width"] <= PHONE["width"]
        assert cell.evaluate("td => td.scrollWidth <= td.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


@pytest.mark.parametrize(("address", "kind", "tags"), [
    ("", "section", ["ColumnName", "ColumnDescription", "ColumnKeywords", "ColumnType"]),
    ("notices/", "section", ["ColumnName", "ColumnType"]),
    ("objections/", "section", ["ColumnName", "ColumnType"]),
    ("notices/2026-city/", "content", ["ArticleTitle", "PubDate", "ContentSource", "Keywords", "Author",
                                       "Description", "Url"]),
    ("decision/", "content", ["ArticleTitle", "PubDate", "Url"]),
    ("stories/liangjiang-zhang-jianguo/", "content", ["ArticleTitle", "PubDate", "Author", "Url"]),
    ("404.html", "other", []),
])
def test_every_kind_of_page_carries_its_metadata(page: Page, after: str, address: str, kind: str,
                                                 tags: list[str]) -> None:
    page.goto(after + address)
    found = _metas(page)
    assert found["publisher:page-kind"] == kind
    assert found["SiteName"] == "制造强市先进集体和先进个人评选表彰"
    assert found["SiteDomain"] == "biaozhang.example.gov.cn"
    assert "SiteIDCode" in found
    assert all(found.get(tag) for tag in tags), {tag: found.get(tag) for tag in tags}
    if kind == "content":
        assert found["Url"] == "https://biaozhang.example.gov.cn/" + address
        assert page.locator("link[rel=canonical]").get_attribute("href") == found["Url"]
        expect(page.locator("link[rel=canonical]")).to_have_count(1)
