"""The identity footer on a phone: every kind of page shows it, wrapped, without sideways scrolling (issue 18)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
PAGES = ["", "notices/", "notices/2026-city/", "decision/", "stories/", "stories/liangjiang-liu-zhiqiang/",
         "objections/", "open-data/", "contact/", "sitemap/", "no-such-page/"]
"""One page of every kind of the demo after the decision; the last is a dead address, answered by 404.html."""


@pytest.fixture(scope="module")
def phone(browser: Browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", PAGES, ids=[u or "home" for u in PAGES])
def test_footer_is_visible_and_wraps_on_a_phone(phone, after: str, url: str) -> None:
    if url == "no-such-page/":  # Python's static server has no error page: open the 404 page the build wrote
        url = "404.html"
    phone.goto(after + url)
    footer = phone.locator("footer [data-pub-identity]")
    footer.scroll_into_view_if_needed()
    expect(footer).to_be_visible()
    for field in ("sponsor", "site_id_code", "icp", "psb", "contact", "sitemap", "dzjg"):
        expect(footer.locator(f'[data-field="{field}"]')).to_be_visible()
    expect(footer.locator('[data-field="sponsor"]')).to_have_text("重庆市人力资源和社会保障局（演示）")
    box = footer.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 0.5
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    icon = footer.locator('[data-field="psb"] img')
    assert phone.evaluate("(img) => img.complete && img.naturalWidth > 0", icon.element_handle())


def test_footer_links_open_the_contact_page_and_the_sitemap(phone, after: str) -> None:
    phone.goto(after + "notices/2026-city/")
    phone.locator('footer [data-field="sitemap"]').click()
    expect(phone.locator("article h1")).to_have_text("网站地图")
    phone.locator('footer [data-field="contact"]').click()
    expect(phone.locator("article h1")).to_have_text("联系我们")
