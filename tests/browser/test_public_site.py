"""What a member of the public sees, in a real browser (issue: 公示 and the public site)."""

from __future__ import annotations

from datetime import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from publisher.clock import SHANGHAI
from publisher.data.dataset import load_dataset
from publisher.data.models import Stage

from ..site_support import DEMO_DATA

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo():
    return load_dataset(DEMO_DATA)


@pytest.fixture(scope="module")
def city(demo):
    notice = next(n for n in demo.notices.values() if n.stage is Stage.CITY)
    return notice, demo.windows[notice.id]


def test_home_lists_the_open_city_notice_with_its_window(page: Page, during: str, city) -> None:
    notice, window = city
    page.clock.set_fixed_time(datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI))
    page.goto(during)
    open_section = page.locator("h2#open + ul.pub-notices")
    expect(open_section).to_contain_text(notice.title)
    expect(open_section).to_contain_text(window.describe())
    expect(open_section.locator(".pub-status").first).to_have_text("公示中")


def test_notice_page_shows_window_status_and_phones(page: Page, during: str, city, demo) -> None:
    notice, window = city
    page.clock.set_fixed_time(datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI))
    page.goto(during + f"notices/{notice.id}/")
    expect(page.locator("h1")).to_have_text(notice.title)
    expect(page.locator(".pub-window")).to_contain_text(f"公示期为{window.describe()}")
    expect(page.locator(".pub-meta .pub-status")).to_have_text("公示中")
    for contact_id in notice.contacts:
        for phone in demo.contacts[contact_id].phones:
            link = page.locator(f'a.pub-phone[href="tel:{phone.replace("-", "")}"]')
            expect(link).to_be_visible()
            expect(link).to_have_text(phone)


def test_search_finds_a_nominee_and_a_word_inside_a_title(page: Page, during: str, city, demo) -> None:
    notice, _ = city
    person = next(demo.nominees[i] for i in notice.nominees if demo.nominees[i].kind == "individual")
    page.goto(during)
    for query, expected in ((person.name, person.name), ("拟表彰对象", notice.title)):
        page.locator("label.md-search__icon, .md-search__input").first.click()
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")  # Material searches on keyup, which an IME or a keyboard always sends
        results = page.locator(".md-search-result__list")
        expect(results).to_contain_text(expected, timeout=15_000)


def test_status_script_closes_a_window_the_build_called_upcoming(browser: Browser, before: str, city) -> None:
    notice, window = city
    url = before + f"notices/{notice.id}/"
    plain = browser.new_context(java_script_enabled=False)
    static = plain.new_page()
    static.goto(url)
    expect(static.locator(".pub-meta .pub-status")).to_have_text("即将开始")
    expect(static.locator(".pub-window")).to_contain_text(window.describe())
    plain.close()

    live = browser.new_context()
    page = live.new_page()
    page.clock.set_fixed_time(datetime(window.end.year, window.end.month, window.end.day, 23, 59, tzinfo=SHANGHAI))
    page.goto(url)
    expect(page.locator(".pub-meta .pub-status")).to_have_text("公示中")
    page.clock.set_fixed_time(datetime(2026, 10, 12, 9, 0, tzinfo=SHANGHAI))
    page.reload()
    expect(page.locator(".pub-meta .pub-status")).to_have_text("已结束")
    live.close()


def test_objection_page_lists_every_contact(page: Page, during: str, demo) -> None:
    page.goto(during + "objections/")
    for contact in demo.contacts.values():
        expect(page.locator(".pub-contacts")).to_contain_text(contact.office)
        for phone in contact.phones:
            expect(page.locator(".pub-contacts")).to_contain_text(phone)
