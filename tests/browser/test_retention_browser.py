"""Retention as the public meets it: nginx answers a retired list's files 410 Gone, and a copy of the
notice page saved before the list retired no longer shows the list once the visitor's clock passes the day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from playwright.sync_api import Browser, expect

from publisher.clock import SHANGHAI

from .nginx_support import Nginx
from .test_served import SECURITY_HEADERS, fetch

pytestmark = pytest.mark.browser

CITY = "notices/2026-city/"
CITY_FILES = ("data/notices/2026-city.json", "data/notices/2026-city.csv", "attachments/notices/2026-city.xlsx")
WITHHELD = "更正内容涉及名单中的个人信息，已随名单一并不再公开。"
RETIRED = "本名单已于2027年1月7日起不再公开。"


@pytest.fixture(scope="module")
def nginx_after(site_factory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo built the day after the city list retired (2027-01-07), served by the shipped nginx configuration."""
    server = Nginx(site_factory("2027-01-08"), tmp_path_factory.mktemp("nginx-retired")).start()
    yield server.urls["http"]
    server.stop()


def test_retired_files_are_gone_410_and_their_markers_never_served(nginx_after: str, site_factory) -> None:
    for path in (*CITY_FILES, "attachments/notices/2026-city.pdf", "data/notices/2026-jiulongpo.json"):
        status, headers, _ = fetch(nginx_after + path)
        assert status == 410, path
        assert {k: headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS
    assert fetch(nginx_after + ".retired/data/notices/2026-city.json")[0] == 404
    assert fetch(nginx_after + "data/notices/2026-never.json")[0] == 404  # never published: not gone, missing
    assert fetch(nginx_after + "data/decision.json")[0] == 200  # the decision is never retired
    status, _, body = fetch(nginx_after + CITY)
    assert status == 200 and RETIRED in body.decode("utf-8") and "付磊" not in body.decode("utf-8")
    before = site_factory("2027-01-06")
    assert all((before / path).is_file() for path in CITY_FILES)


def test_a_cached_page_retires_its_list_on_the_visitors_clock(browser: Browser, site_factory, serve) -> None:
    url = serve(site_factory("2027-01-06")) + CITY  # built the day before, as a cache or a saved copy keeps it
    context = browser.new_context()
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2027, 1, 6, 23, 59, tzinfo=SHANGHAI))
    page.goto(url)
    expect(page.locator("ol.pub-list")).to_have_count(2)
    expect(page.locator(".pub-retention__due")).to_be_visible()
    expect(page.locator(".pub-retention__retired")).to_be_hidden()
    assert "付磊" in page.locator("article").inner_text()

    page.clock.set_fixed_time(datetime(2027, 1, 7, 0, 1, tzinfo=SHANGHAI))  # 16:01 UTC the day before
    page.reload()
    expect(page.locator(".pub-retention__retired")).to_be_visible()
    expect(page.locator(".pub-retention__retired")).to_contain_text(RETIRED)
    for gone in ("ol.pub-list", "#collectives", "#individuals", ".pub-data", ".pub-retention__due",
                 '.md-nav a[href="#individuals"]'):
        expect(page.locator(gone)).to_have_count(0)
    expect(page.locator(".pub-correction p").nth(1)).to_have_text(WITHHELD)
    expect(page.locator(".pub-correction__what")).to_have_text("更正一名拟表彰对象的职务")
    assert "付磊" not in page.locator("article").inner_text()
    context.close()
