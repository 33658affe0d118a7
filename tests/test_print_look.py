"""One look in print: a 公示 or the 决定 printed from the browser and its PDF attachment cannot disagree.

Both are rendered from the same partials (title block, window sentence, lists, objection terms and
contacts, signature) and styled by the same file, the theme's ``assets/print.css``: the site links it
with ``media="print"``, WeasyPrint reads it for the PDF. These tests read the built site as a visitor
gets it: the page's HTML, the PDF's text (pypdf), the stylesheet file the page links.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader

from publisher.audit.inspector import audit_site
from publisher.channels.attachments import print_stylesheet, size_label
from publisher.data.dataset import load_dataset
from publisher.defaults import THEME
from publisher.site.escaping import paragraphs
from publisher.site.model import build_site_model

from .conftest import FIXTURES
from .site_support import ROOT, build, make_project
from .test_attachments import A4, attachment_line, in_order, pdf_text

A5 = (419.53, 595.28)
DEMO_DAY = "2026-11-20"  # every notice has closed and the decision is out


def squeeze(text: str) -> str:
    """Text without whitespace: pypdf breaks lines where the page does not."""
    return re.sub(r"\s+", "", text)


def has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def texts(root: lxml.html.HtmlElement, xpath: str) -> list[str]:
    return [squeeze(node.text_content()) for node in root.xpath(xpath)]


def printed_parts(page: Path) -> list[str]:
    """What a page shows on paper of its document, in order: the window sentence, each list entry numbered as the
    print stylesheet numbers it, the objection terms, each contact block, the signature."""
    root = lxml.html.fromstring(page.read_text("utf-8"))
    parts = texts(root, f"//p[{has_class('pub-window')}]")
    for ol in root.xpath(f"//ol[{has_class('pub-list')}]"):
        for number, li in enumerate(ol.xpath("./li"), 1):
            for links in li.xpath(f".//*[{has_class('pub-story-links')}]"):  # screen only (print.css hides them)
                links.drop_tree()
            parts.append(f"{number}.{squeeze(li.text_content())}")
    parts += texts(root, f"//div[{has_class('pub-text')}]/p | //div[{has_class('pub-terms')}]/p")
    parts += texts(root, f"//section[{has_class('pub-contact')}]//*[self::h3 or self::dd]")  # labels float aside
    parts += texts(root, f"//div[{has_class('pub-signature')}]/p")
    return parts


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("print-look"), ROOT / "data")
    build(project, today=DEMO_DAY)
    return project / "site"


def test_each_notice_page_and_its_pdf_print_the_same_list(demo_site: Path) -> None:
    model = build_site_model(load_dataset(ROOT / "data"), date.fromisoformat(DEMO_DAY))
    for view in model.notices:
        parts = printed_parts(demo_site / view.url / "index.html")
        names = len(view.collectives) + len(view.individuals)
        assert len([p for p in parts if re.match(r"\d+\.", p)]) == names, view.id
        assert parts[0] == squeeze(f"公示期为{view.window.describe()}。")
        assert [p for p in parts if view.contacts[0].phones[0] in p], view.id  # the contacts are read too
        text = pdf_text(PdfReader(demo_site / f"attachments/notices/{view.id}.pdf"))
        missing = [p for p in parts if p not in text]
        assert missing == [], view.id
        assert in_order(text, parts), view.id  # names in published order, dates, terms, contacts, signature


def test_the_decision_page_and_its_pdf_print_the_same_text_and_lists(demo_site: Path) -> None:
    parts = printed_parts(demo_site / "decision" / "index.html")
    decision = load_dataset(ROOT / "data").decision
    assert decision is not None
    preamble = [squeeze(p) for p in re.findall(r"<p>(.*?)</p>", str(paragraphs(decision.preamble)))]
    assert len(preamble) == 2 and all(p in parts for p in preamble)  # one paragraph per line, blank lines skipped
    text = pdf_text(PdfReader(demo_site / "attachments" / "decision.pdf"))
    lists = [p for p in parts if re.match(r"\d+\.", p)]
    assert len(lists) > 100 and in_order(text, lists)
    words = [p for p in parts if not re.match(r"\d+\.", p)]  # the text and the signature: before the lists on paper
    assert in_order(text, words)
    # The lists start a new sheet after the signature, in the PDF and in the page's print (print.css .print-appendix).
    sheets = [page.extract_text() for page in PdfReader(demo_site / "attachments" / "decision.pdf").pages]
    first = next(i for i, sheet in enumerate(sheets) if sheet.startswith("制造强市先进集体名单（"))
    assert first > 0 and decision.issued_by[-1] in sheets[first - 1]
    page = (demo_site / "decision" / "index.html").read_text("utf-8")
    assert '<h2 class="print-appendix" id="collectives">制造强市先进集体名单（' in page


def test_page_and_pdf_are_styled_by_the_one_print_stylesheet(demo_site: Path) -> None:
    assert print_stylesheet() == THEME / "assets" / "print.css"
    assert (demo_site / "assets" / "print.css").read_bytes() == print_stylesheet().read_bytes()
    for page, link in (("notices/2026-city/index.html", "../../assets/print.css"), ("decision/index.html",
                                                                                   "../assets/print.css")):
        html = (demo_site / page).read_text("utf-8")
        assert f'<link rel="stylesheet" media="print" href="{link}">' in html
    for pdf in (demo_site / "attachments").rglob("*.pdf"):
        for page in PdfReader(pdf).pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=1)


def test_a_change_to_print_css_shows_on_the_page_and_in_the_pdf(tmp_path: Path) -> None:
    """A project's site_overrides/assets/print.css replaces the package's for both: A5 paper, on the site and in the PDF."""
    project = make_project(tmp_path, FIXTURES / "tiny")
    own = project / "site_overrides" / "assets" / "print.css"
    own.parent.mkdir()
    css = print_stylesheet().read_text("utf-8")
    assert "  size: A4;\n" in css
    own.write_text(css.replace("  size: A4;\n", "  size: A5;\n"), "utf-8")
    build(project, today="2026-09-29")
    site = project / "site"
    assert (site / "assets" / "print.css").read_bytes() == own.read_bytes()  # what the page links for print
    assert '<link rel="stylesheet" media="print" href="../../assets/print.css">' in \
        (site / "notices" / "2026-city" / "index.html").read_text("utf-8")
    pages = PdfReader(site / "attachments" / "notices" / "2026-city.pdf").pages
    assert [(float(p.mediabox.width), float(p.mediabox.height)) for p in pages] == [pytest.approx(A5, abs=1)] * len(pages)


def test_each_list_page_links_its_attachments_with_their_real_sizes(demo_site: Path) -> None:
    for page, what in [*((p, "拟表彰对象名单") for p in sorted((demo_site / "notices").glob("2026-*/index.html"))),
                       (demo_site / "decision" / "index.html", "表彰名单")]:
        line = attachment_line(page)
        files = [(page.parent / href).resolve() for href, _ in line]
        assert [f.suffix for f in files] == [".pdf", ".xlsx"], page
        assert [text for _, text in line] == [
            f"{n}. {what}（{f.suffix[1:].upper()}，{size_label(f.stat().st_size)}）" for n, f in enumerate(files, 1)]


def test_the_audit_finds_every_attachment_link_alive(demo_site: Path) -> None:
    """``publisher audit``'s dead-link check reads the 附件 links too (it faults a deleted PDF)."""
    def dead(site: Path) -> list[str]:
        findings = audit_site(site, "https://biaozhang.example.gov.cn/", date.fromisoformat(DEMO_DAY))
        return [f"{f.page}: {f.message}" for f in findings if f.check in {"attachment", "link", "anchor"}]

    assert dead(demo_site) == []
    (demo_site / "attachments" / "notices" / "2026-city.pdf").rename(demo_site / "city.pdf.kept")
    try:
        assert dead(demo_site) == ["notices/2026-city/index.html: 附件“../../attachments/notices/2026-city.pdf”不存在："
                                   "网站里没有 attachments/notices/2026-city.pdf"]
    finally:
        (demo_site / "city.pdf.kept").rename(demo_site / "attachments" / "notices" / "2026-city.pdf")
