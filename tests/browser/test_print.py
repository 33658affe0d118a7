"""A 公示 printed from the browser, and its 附件 downloaded from the site as nginx serves it (deploy/).

Print media is emulated in Debian's chromium: the page then takes assets/print.css, the stylesheet the PDF
attachments are made with, so the document shows (window sentence, lists, 附件) and the site's frame does not.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from ..test_attachments import A4, in_order, pdf_text
from ..test_print_look import squeeze
from .nginx_support import Nginx

pytestmark = pytest.mark.browser

CITY = "notices/2026-city/"
TYPES = {".pdf": "application/pdf", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@pytest.fixture(scope="module")
def site(site_factory) -> Path:
    return site_factory("2026-09-29")


@pytest.fixture(scope="module")
def nginx(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = Nginx(site, tmp_path_factory.mktemp("nginx-print")).start()
    yield server.urls["http"]
    server.stop()


def test_printing_a_notice_shows_the_document_and_hides_the_site(page: Page, during: str) -> None:
    page.goto(during + CITY)
    frame = ["header.md-header", ".md-sidebar--primary", ".md-search", ".pub-textsize", ".pub-data"]
    for selector in frame:  # on screen, the site's frame is there
        expect(page.locator(selector).first).to_be_visible()
    assert page.locator(".pub-list li").first.evaluate("e => getComputedStyle(e).textIndent") == "0px"

    page.emulate_media(media="print")
    for selector in frame:
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".pub-window")).to_be_visible()
    expect(page.locator(".pub-window")).to_contain_text("公示期为2026年9月28日至10月9日")
    for kind in ("collective", "individual"):
        entries = page.locator(f"ol.pub-list--{kind} > li")
        assert entries.count() > 10
        expect(entries.first).to_be_visible()
        expect(entries.last).to_be_visible()
    links = page.locator(".pub-attachments a")
    assert links.count() == 2
    for n in range(2):
        expect(links.nth(n)).to_be_visible()
    expect(page.locator(".pub-contact").first).to_be_visible()
    expect(page.locator(".pub-signature")).to_be_visible()
    # print.css's own rules are in force: the list numbered by its counter, as in the PDF
    first = page.locator("ol.pub-list--collective > li").first
    assert first.evaluate("e => getComputedStyle(e, '::before').content") == "counter(entry) \".\""
    assert first.evaluate("e => getComputedStyle(e).listStyleType") == "none"


def test_the_attachment_links_download_the_files_with_their_types(browser: Browser, nginx: str, site: Path) -> None:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(nginx + CITY)
    links = page.locator(".pub-attachments a")
    assert links.count() == 2
    for n in range(2):
        link = links.nth(n)
        href = link.get_attribute("href") or ""
        with page.expect_download() as caught:
            link.click()
        download = caught.value
        published = (site / "notices" / "2026-city" / href).resolve()
        assert download.suggested_filename == f"关于制造强市先进集体和先进个人拟表彰对象的公示{published.suffix}"
        assert Path(download.path()).read_bytes() == published.read_bytes()
        response = context.request.get(download.url)
        assert response.status == 200
        assert response.headers["content-type"] == TYPES[published.suffix]
        assert response.headers["x-content-type-options"] == "nosniff"
    context.close()


def test_the_browsers_print_and_the_pdf_attachment_read_alike(browser: Browser, during: str, site: Path) -> None:
    """Chromium's own print of the page and WeasyPrint's PDF: the same numbered list in the same order, and the
    page footer print.css writes ("第 1 页，共 N 页") in both."""
    page = browser.new_page()
    page.goto(during + CITY)
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=False)))
    entries = page.locator("ol.pub-list > li").evaluate_all(
        "items => items.map(li => [...li.parentNode.children].indexOf(li) + 1 + '.' + li.textContent)")
    page.close()
    attachment = PdfReader(site / "attachments" / "notices" / "2026-city.pdf")
    for reader in (printed, attachment):
        text = pdf_text(reader)
        assert in_order(text, [squeeze(e) for e in entries])
        box = reader.pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1.5)
        assert f"第1页，共{len(reader.pages)}页" in text
