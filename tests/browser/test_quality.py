"""Proof of quality in a real browser: valid HTML, accessibility, 适老化 and A4 print."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from ..site_support import ROOT

pytestmark = pytest.mark.browser
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The one known error of stock Material (its drawer/search toggles are checkboxes with
# autocomplete="off"): filtered by its exact wording, nothing else is.
THEME_CHECKBOX_AUTOCOMPLETE = (r"Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
                               r"“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
                               r"“search”, “tel”, “text”, “time”, “url”, or “week”\.")


@pytest.fixture(scope="module")
def site(site_factory) -> Path:
    """Built after the decision, so every kind of page exists."""
    return site_factory("2026-11-20")


def kinds_of_page(site: Path) -> dict[str, str]:
    """One URL of every kind of page the site has."""
    story = sorted(p for p in (site / "stories").glob("*/index.html"))[0]
    return {"home": "", "notice": "notices/2026-city/", "archive": "notices/", "objection": "objections/",
            "decision": "decision/", "story index": "stories/", "open data": "open-data/",
            "story": story.parent.relative_to(site).as_posix() + "/", "contact": "contact/", "sitemap": "sitemap/",
            "404": "404.html"}


def test_every_page_passes_the_nu_html_checker(site: Path, site_factory) -> None:
    java = shutil.which("java")
    assert java and VNU.is_file(), "run scripts/setup-system.sh (Java and vnu-jar)"
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json",
                             "--stdout", "--filterpattern", THEME_CHECKBOX_AUTOCOMPLETE, str(site),
                             str(site_factory("2026-09-29"))],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout)["messages"]
    errors = [f"{m['url']}: {m['message']}" for m in messages if m.get("type") == "error"]
    assert errors == []
    assert len(list(site.rglob("*.html"))) >= 10


@pytest.mark.parametrize("kind", ["home", "notice", "archive", "objection", "decision", "story index", "story",
                                  "open data", "contact", "sitemap", "404"])
def test_no_serious_accessibility_violation(page: Page, after: str, site: Path, kind: str) -> None:
    page.goto(after + kinds_of_page(site)[kind])
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {runOnly: {type: 'tag', values: "
                           "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
    serious = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


def _tab_until(page: Page, selector: str, limit: int = 80) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


def test_keyboard_reaches_search_and_objection_phones(page: Page, during: str) -> None:
    page.goto(during)
    assert _tab_until(page, "input.md-search__input"), "Tab never reached the search box"
    page.keyboard.type("公示")
    page.keyboard.press("End")
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    page.goto(during + "objections/")
    assert _tab_until(page, "a.pub-phone"), "Tab never reached an objection phone number"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_text_size_control_has_three_sizes_remembered_across_pages(page: Page, during: str) -> None:
    page.goto(during + "notices/2026-city/")
    body = page.locator(".md-typeset p").first

    def size() -> float:
        return float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))

    standard = size()
    page.get_by_role("button", name="大", exact=True).click()
    large = size()
    page.get_by_role("button", name="特大").click()
    largest = size()
    assert standard < large < largest
    page.goto(during + "objections/")
    expect(page.locator("html")).to_have_attribute("data-pub-size", "3")
    expect(page.get_by_role("button", name="特大")).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="标准").click()
    page.goto(during)
    expect(page.locator("html")).not_to_have_attribute("data-pub-size", "3")


def test_body_text_line_height_is_at_least_one_and_a_half(page: Page, during: str) -> None:
    page.goto(during + "notices/2026-city/")
    ratios = page.evaluate("""() => [...document.querySelectorAll('.md-typeset p, .md-typeset li')].slice(0, 20)
        .map(e => { const s = getComputedStyle(e); return parseFloat(s.lineHeight) / parseFloat(s.fontSize); })""")
    assert ratios and min(ratios) >= 1.5


@pytest.mark.parametrize(("url", "must"), [
    ("notices/2026-city/", ["2026年9月28日至10月9日（5个工作日）", "异议受理", "023-63895398"]),
    ("decision/", ["关于表彰制造强市先进集体和先进个人的决定", "授予", "制造强市先进个人名单"]),
])
def test_prints_on_a4_without_site_clutter(browser: Browser, after: str, url: str, must: list[str]) -> None:
    page = browser.new_page()
    page.goto(after + url)
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    page.close()
    text = "".join("".join(p.extract_text().split()) for p in pdf.pages)  # PDF text spaces digits from CJK
    assert 1 <= len(pdf.pages) <= 12
    for phrase in must:
        assert phrase in text, phrase
    for clutter in ("字号：", "标准大特大", "搜索", "Made with", "公示档案 异议受理"):  # the text-size control, not 发文字号
        assert clutter not in text
    box = pdf.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5  # A4: 210 × 297 mm
