"""附件: every list as an A4 PDF (fonts embedded, QR codes to the page) and the export's workbook, byte-stable."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from publisher.channels.attachment_sheet import listing_of
from publisher.channels.attachments import Attachments, print_stylesheet, size_label
from publisher.channels.pdf import PdfUnavailable, find_font
from publisher.data.dataset import load_dataset
from publisher.defaults import TEMPLATES as DEFAULT_TEMPLATES
from publisher.errors import PublishError
from publisher.sheets.exporting import decision_listing, notice_listing, row_values
from publisher.site import build as building
from publisher.site.model import NoticeView, SiteModel, build_site_model
from publisher.site.pages import environment, rel
from publisher.site.words import default_words

from .conftest import DEMO_DATA, FIXTURES
from .qr_support import expected, modules
from .site_support import make_project
from .test_feeds import PRIVATE_VALUES, make_data

SITE = "https://biaozhang.example.gov.cn/"
TEMPLATES = DEFAULT_TEMPLATES
EPOCH = "1795140000"  # 2026-11-20 10:00 Asia/Shanghai
DEMO_DAY = date(2026, 11, 20)
A4 = (595.28, 841.89)
HOSTILE_INTRO = "经推荐审核，现予公示。<script>alert(1)</script>&nbsp;“引号”"
HOSTILE_ADDRESS = '<img src=x onerror="alert(2)">重庆市渝北区'


def pdf_text(reader: PdfReader) -> str:
    """All pages' text with whitespace removed: a name may wrap onto the next line."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def in_order(text: str, needles: list[str]) -> bool:
    at = 0
    for needle in needles:
        found = text.find(needle, at)
        if found < 0:
            return False
        at = found + len(needle)
    return True


@pytest.fixture(scope="module")
def demo() -> tuple[SiteModel, Attachments]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        model = build_site_model(load_dataset(DEMO_DATA), DEMO_DAY)
        attachments = Attachments(model, SITE, templates_dir=TEMPLATES)
        attachments.files()  # every file made once, here
    return model, attachments


def pdf_of(attachments: Attachments, view) -> PdfReader:
    (pdf,) = [a for a in attachments.of(view) if a.kind == "PDF"]
    return PdfReader(io.BytesIO(pdf.content))


def test_every_list_has_a_pdf_and_a_workbook(demo: tuple[SiteModel, Attachments]) -> None:
    model, attachments = demo
    assert model.decision is not None and len(model.notices) == 5
    files = attachments.files()
    expected_paths = {f"attachments/notices/{v.id}.{s}" for v in model.notices for s in ("pdf", "xlsx")}
    assert set(files) == expected_paths | {"attachments/decision.pdf", "attachments/decision.xlsx"}
    city = next(v for v in model.notices if v.id == "2026-city")
    pdf, xlsx = attachments.of(city)
    assert (pdf.name, pdf.path, pdf.kind) == ("关于制造强市先进集体和先进个人拟表彰对象的公示.pdf",
                                              "attachments/notices/2026-city.pdf", "PDF")
    assert (xlsx.name, xlsx.path, xlsx.kind) == ("关于制造强市先进集体和先进个人拟表彰对象的公示.xlsx",
                                                 "attachments/notices/2026-city.xlsx", "XLSX")
    assert pdf.content.startswith(b"%PDF-") and xlsx.content.startswith(b"PK")
    assert pdf.size == size_label(len(pdf.content)) and pdf.size.endswith(" KB")


def test_pdfs_are_a4_with_title_and_language(demo: tuple[SiteModel, Attachments]) -> None:
    model, attachments = demo
    for view in [*model.notices, model.decision]:
        reader = pdf_of(attachments, view)
        for page in reader.pages:
            assert float(page.mediabox.width) == pytest.approx(A4[0], abs=1)
            assert float(page.mediabox.height) == pytest.approx(A4[1], abs=1)
        title = view.notice.title if isinstance(view, NoticeView) else view.decision.title
        assert reader.metadata.title == title
        assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_notice_pdf_holds_window_names_in_order_terms_and_signature(demo: tuple[SiteModel, Attachments]) -> None:
    model, attachments = demo
    for view in model.notices:
        text = pdf_text(pdf_of(attachments, view))
        assert f"公示期为{view.window.describe()}。" in text, view.id
        entries = [p.name for p in view.collectives] + [p.display_name + p.unit_and_position for p in view.individuals]
        assert in_order(text, [re.sub(r"\s+", "", e) for e in entries]), view.id
        assert "异议受理" in text and "反映问题应实事求是、客观公正，不得借机诽谤和诬告。" in text
        for contact in view.contacts:
            assert contact.office in text and all(phone in text for phone in contact.phones)
        signature = [*view.notice.issued_by, f"{view.signed_on.year}年{view.signed_on.month}月{view.signed_on.day}日"]
        assert in_order(text, signature)


def test_decision_pdf_holds_its_text_and_both_lists_in_page_order(demo: tuple[SiteModel, Attachments]) -> None:
    model, attachments = demo
    view = model.decision
    text = pdf_text(pdf_of(attachments, view))
    d = view.decision
    assert in_order(text, [d.title, d.document_number, "决定授予", *d.issued_by, "2026年11月6日"])
    names = [p.name for p in view.collectives] + [p.display_name + p.unit_and_position for p in view.individuals]
    assert in_order(text, [f"制造强市先进集体名单（{len(view.collectives)}个）", *[re.sub(r"\s+", "", n) for n in names]])
    assert "（按推荐单位顺序排列，同一推荐单位内按姓氏笔画排序）" in text


def test_fonts_are_embedded_subsets(demo: tuple[SiteModel, Attachments]) -> None:
    model, attachments = demo
    for view in [model.notices[0], model.decision]:
        for page in pdf_of(attachments, view).pages:
            fonts = page["/Resources"]["/Font"]
            assert fonts
            for ref in fonts.values():
                font = ref.get_object()
                assert re.fullmatch(r"/[A-Z]{6}\+.+", font["/BaseFont"]), font["/BaseFont"]
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor


def test_qr_codes_encode_the_page_and_the_objection_page(demo: tuple[SiteModel, Attachments]) -> None:
    model, attachments = demo
    city = next(v for v in model.notices if v.id == "2026-city")
    codes = [modules(image.image) for image in pdf_of(attachments, city).pages[-1].images]  # at the foot
    assert codes == [expected(SITE + "notices/2026-city/"), expected(SITE + "objections/")]
    decision = [modules(image.image) for image in pdf_of(attachments, model.decision).pages[0].images]  # by the signature
    assert decision == [expected(SITE + "decision/")]


def test_two_renders_are_byte_identical(demo: tuple[SiteModel, Attachments], monkeypatch: pytest.MonkeyPatch) -> None:
    model, first = demo
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = Attachments(build_site_model(load_dataset(DEMO_DATA), DEMO_DAY), SITE, templates_dir=TEMPLATES)
    for view in (model.notices[-1], model.decision):
        twin = next(v for v in [*again.model.notices, again.model.decision] if v.url == view.url)
        assert [a.content for a in again.of(twin)] == [a.content for a in first.of(view)]


def test_workbook_is_the_export_list_without_the_internal_sheet(demo: tuple[SiteModel, Attachments]) -> None:
    model, attachments = demo
    for view, listing in ((model.notices[0], notice_listing(model.dataset, model.notices[0].id, DEMO_DAY)),
                          (model.decision, decision_listing(model.dataset, DEMO_DAY))):
        (xlsx,) = [a for a in attachments.of(view) if a.kind == "XLSX"]
        book = load_workbook(io.BytesIO(xlsx.content))
        assert book.sheetnames == ["名单"]  # 合规统计 names findings: internal, never on the site
        sheet = book["名单"]
        assert sheet["A1"].value == listing.title and sheet["A2"].value == listing.subtitle
        rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=4) if isinstance(row[0].value, int)]
        assert rows == [tuple(v if v != "" else None for v in row_values(n, person))  # Excel keeps no empty strings
                        for _heading, people in listing.sections for n, person in enumerate(people, start=1)]
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and sheet.print_title_rows == "$3:$3"
        assert book.properties.title == listing.title and book.properties.language == "zh-CN"
        assert book.properties.modified == book.properties.created  # the record's date, not the clock's


def test_workbook_listing_is_the_exports(demo: tuple[SiteModel, Attachments]) -> None:
    model, _ = demo
    for view in model.notices:
        assert listing_of(model, view) == notice_listing(model.dataset, view.id, DEMO_DAY)
    assert listing_of(model, model.decision) == decision_listing(model.dataset, DEMO_DAY)


def test_cache_makes_only_what_changed(tmp_path: Path) -> None:
    templates, data, cache = tmp_path / "templates", tmp_path / "data", tmp_path / "cache"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(FIXTURES / "tiny", data)
    css = tmp_path / "site_overrides" / "assets" / "print.css"
    css.parent.mkdir(parents=True)
    shutil.copyfile(print_stylesheet(), css)

    def files() -> dict[str, bytes]:
        model = build_site_model(load_dataset(data), date(2026, 9, 29))
        return Attachments(model, SITE, templates_dir=templates, cache_dir=cache, stylesheet=css).files()

    def stored() -> dict[str, bytes]:
        return {p.suffix: p.read_bytes() for p in (cache / "attachments").iterdir()}

    first = files()
    assert stored() == {".pdf": first["attachments/notices/2026-city.pdf"],
                        ".xlsx": first["attachments/notices/2026-city.xlsx"]}
    (pdf_entry,) = (cache / "attachments").glob("*.pdf")
    pdf_entry.write_bytes(b"%PDF-kept")  # a hit is served from the cache, not rendered again
    assert files()["attachments/notices/2026-city.pdf"] == b"%PDF-kept"

    css.write_text(css.read_text("utf-8") + "\n.md-typeset h1 { letter-spacing: 0.1em; }\n", encoding="utf-8")
    restyled = files()
    assert restyled["attachments/notices/2026-city.pdf"].startswith(b"%PDF-1.")
    assert restyled["attachments/notices/2026-city.pdf"] != first["attachments/notices/2026-city.pdf"]
    assert stored() == {".pdf": restyled["attachments/notices/2026-city.pdf"],  # the old ones pruned
                        ".xlsx": restyled["attachments/notices/2026-city.xlsx"]}

    nominee = data / "nominees" / "liangjiang-wang-fang.yaml"
    nominee.write_text(nominee.read_text("utf-8").replace("position: 测试工程师", "position: 首席测试工程师"), "utf-8")
    changed = files()
    assert "首席测试工程师" in pdf_text(PdfReader(io.BytesIO(changed["attachments/notices/2026-city.pdf"])))
    sheet = load_workbook(io.BytesIO(changed["attachments/notices/2026-city.xlsx"]))["名单"]
    assert "重庆某某电子有限公司首席测试工程师" in [c.value for row in sheet.iter_rows() for c in row]


def test_size_labels_the_chinese_way() -> None:
    assert [size_label(n) for n in (0, 300, 1023, 1536, 2559, 2560, 131_072, 131_500)] == \
        ["1 KB", "1 KB", "1 KB", "2 KB", "2 KB", "3 KB", "128 KB", "128 KB"]
    assert [size_label(n) for n in (1_047_552, 1_048_064, 1_048_576, 1_300_000, 25 * 1_048_576)] == \
        ["1023 KB", "1.0 MB", "1.0 MB", "1.2 MB", "25.0 MB"]


def test_partial_writes_the_attachment_line(demo: tuple[SiteModel, Attachments]) -> None:
    model, attachments = demo
    city = next(v for v in model.notices if v.id == "2026-city")
    pdf, xlsx = attachments.of(city)
    assert attachments.published(city) == [pdf, xlsx]
    assert pdf.size == size_label(len(pdf.content)) and xlsx.size == size_label(len(xlsx.content))
    html = environment(TEMPLATES, default_words()).get_template("partials/attachments.html.j2").render(
        attachments=attachments.published(city), view=city, link=lambda target: rel(target, city.url))
    assert html.strip() == (
        '<p class="pub-attachments">附件：<span class="pub-attachment">1. '
        f'<a href="../../attachments/notices/2026-city.pdf" download="{pdf.name}" type="application/pdf">'
        f'拟表彰对象名单（PDF，{pdf.size}）</a></span>　<span class="pub-attachment">2. '
        f'<a href="../../attachments/notices/2026-city.xlsx" download="{xlsx.name}" '
        'type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">'
        f'拟表彰对象名单（XLSX，{xlsx.size}）</a></span></p>')
    decision = environment(TEMPLATES, default_words()).get_template("partials/attachments.html.j2").render(
        attachments=attachments.of(model.decision), view=model.decision, link=lambda t: rel(t, "decision/"))
    assert '附件：<span class="pub-attachment">1. <a href="../attachments/decision.pdf"' in decision
    assert "2. <a" in decision and "表彰名单（XLSX，" in decision


# --- the tiny fixture: hostile text, private values, the build ----------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    data = make_data(tmp_path / "data", correction=True)
    notice = data / "notices" / "2026-city.yaml"
    notice.write_text(notice.read_text("utf-8") + f"intro: '{HOSTILE_INTRO}'\n", encoding="utf-8")
    contacts = data / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace("address: 重庆市两江新区云杉南路12号",
                                                            f"address: '{HOSTILE_ADDRESS}'"), encoding="utf-8")
    return data


def test_data_is_text_in_the_print_page_and_the_pdf(hostile: Path) -> None:
    model = build_site_model(load_dataset(hostile), date(2026, 11, 10))
    attachments = Attachments(model, SITE, templates_dir=TEMPLATES)
    html = attachments.printer.html(model.notices[0])
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;nbsp;" in html and "&lt;img src=x onerror=" in html
    text = pdf_text(pdf_of(attachments, model.notices[0]))
    assert "<script>alert(1)</script>&nbsp;“引号”" in text and '<imgsrc=xonerror="alert(2)">重庆市渝北区' in text


def test_no_private_value_reaches_an_attachment(hostile: Path) -> None:
    model = build_site_model(load_dataset(hostile), date(2026, 11, 10))
    files = Attachments(model, SITE, templates_dir=TEMPLATES).files()
    assert sorted(files) == ["attachments/decision.pdf", "attachments/decision.xlsx",
                             "attachments/notices/2026-city.pdf", "attachments/notices/2026-city.xlsx"]
    for path, content in files.items():
        if path.endswith(".pdf"):
            text = pdf_text(PdfReader(io.BytesIO(content)))
        else:
            book = load_workbook(io.BytesIO(content))
            text = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
        assert "王芳" in text
        assert not [value for value in PRIVATE_VALUES if value in text], path


def test_a_list_without_people_has_no_attachments(hostile: Path) -> None:
    model = build_site_model(load_dataset(hostile), date(2026, 11, 10))
    view = model.notices[0]
    emptied = dataclasses.replace(view, collectives=[], individuals=[])
    assert Attachments(model, SITE, templates_dir=TEMPLATES).of(emptied) == []


def test_font_setting_and_missing_fonts_fail_in_plain_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PublishError) as missing:
        find_font("fonts/no-such.ttc")
    assert str(missing.value) == ("找不到 PDF 字体文件 fonts/no-such.ttc：请检查 mkdocs.yml 中 publisher 插件的 pdf_font 设置"
                                  "（应为中文字体文件的路径，例如 /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc）。")
    latin = tmp_path / "latin.ttf"
    latin.write_bytes(b"not a font at all")
    with pytest.raises(PublishError, match=r"latin\.ttf 不含汉字（或不是字体文件），PDF 中的中文会显示为方框"):
        find_font(latin)
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))  # fontconfig's own switch: a machine without fonts
    with pytest.raises(PdfUnavailable) as none:
        find_font(None, candidates=())
    assert str(none.value) == ("没有找到中文字体，无法生成 PDF 附件：请安装中文字体（Debian/Ubuntu：sudo apt-get install "
                               "fonts-wqy-zenhei），或在 mkdocs.yml 的 publisher 插件下用 pdf_font 写明中文字体文件的路径。")
    assert find_font(None) == Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")


def attachment_line(page: Path) -> list[tuple[str, str]]:
    """The page's 附件 line as a visitor reads it: each link's target and its numbered words."""
    root = lxml.html.fromstring(page.read_text("utf-8"))
    return [(span.xpath("./a/@href")[0], span.text_content()) for span in
            root.xpath("//p[@class='pub-attachments']/span[@class='pub-attachment']")]


def _project(tmp_path: Path, extra: str = "") -> Path:
    project = make_project(tmp_path, FIXTURES / "tiny")
    if extra:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text("utf-8").replace("      templates_dir: templates\n",
                                                            "      templates_dir: templates\n" + extra), encoding="utf-8")
    return project


def test_the_build_publishes_the_attachments(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = building.build(project / "mkdocs.yml", project / "site", today=date(2026, 9, 29))
    model = build_site_model(load_dataset(project / "data"), date(2026, 9, 29))
    made = Attachments(model, SITE, templates_dir=project / "templates").files()
    assert sorted(made) == ["attachments/notices/2026-city.pdf", "attachments/notices/2026-city.xlsx"]
    for path, content in made.items():
        assert (project / "site" / path).read_bytes() == content
    assert not [n for n in result.notes if "PDF" in n]
    page = project / "site" / "notices" / "2026-city" / "index.html"
    pdf, xlsx = (len(made[f"attachments/notices/2026-city.{s}"]) for s in ("pdf", "xlsx"))
    assert attachment_line(page) == [
        ("../../attachments/notices/2026-city.pdf", f"1. 拟表彰对象名单（PDF，{size_label(pdf)}）"),
        ("../../attachments/notices/2026-city.xlsx", f"2. 拟表彰对象名单（XLSX，{size_label(xlsx)}）")]
    for href, _ in attachment_line(page):  # relative links that resolve to the published files
        assert (page.parent / href).resolve().is_file()


def test_without_weasyprint_only_the_pdfs_are_skipped_with_a_warning(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # Python's import system: `import weasyprint` fails
    project = _project(tmp_path)
    result = building.build(project / "mkdocs.yml", project / "site", today=date(2026, 9, 29))
    xlsx = project / "site" / "attachments/notices/2026-city.xlsx"
    assert xlsx.is_file()
    assert not (project / "site" / "attachments/notices/2026-city.pdf").exists()
    assert [text for _, text in attachment_line(project / "site" / "notices" / "2026-city" / "index.html")] == \
        [f"1. 拟表彰对象名单（XLSX，{size_label(len(xlsx.read_bytes()))}）"]  # never a link to the missing PDF
    (note,) = [n for n in result.notes if "PDF" in n]
    assert note.startswith("警告：本次生成的网站没有 PDF 附件（Excel 附件照常生成）。没有安装 WeasyPrint 或它所需的 Pango 库，无法生成 PDF 附件")
    assert "sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0" in note


def test_settings_turn_pdfs_or_all_attachments_off(tmp_path: Path) -> None:
    no_pdf = _project(tmp_path / "a", "      pdf: false\n")
    result = building.build(no_pdf / "mkdocs.yml", no_pdf / "site", today=date(2026, 9, 29))
    assert sorted(p.name for p in (no_pdf / "site" / "attachments" / "notices").iterdir()) == ["2026-city.xlsx"]
    assert not [n for n in result.notes if "PDF" in n]
    assert [href for href, _ in attachment_line(no_pdf / "site" / "notices" / "2026-city" / "index.html")] == \
        ["../../attachments/notices/2026-city.xlsx"]
    bad_font = _project(tmp_path / "b", "      pdf_font: fonts/missing.ttc\n")
    shutil.rmtree(bad_font / "site", ignore_errors=True)
    with pytest.raises(PublishError, match=r"找不到 PDF 字体文件 .*fonts/missing\.ttc"):
        building.build(bad_font / "mkdocs.yml", bad_font / "site", today=date(2026, 9, 29))
    assert not (bad_font / "site").exists()
    off = _project(tmp_path / "c", "      attachments: false\n")
    building.build(off / "mkdocs.yml", off / "site", today=date(2026, 9, 29))
    assert not (off / "site" / "attachments").exists()
    page = (off / "site" / "notices" / "2026-city" / "index.html").read_text("utf-8")
    assert "pub-attachments" not in page and "附件：" not in page
