"""The privacy guard: every spelling of a number, theme files without false alarms, pictures published clean."""

from __future__ import annotations

import io
from pathlib import Path

import material
import pytest
from PIL import ExifTags, Image, ImageChops, PngImagePlugin

from publisher.data.dataset import load_dataset
from publisher.errors import PublishError
from publisher.guards import privacy, unpack

from .site_support import build, make_project, tree_bytes

TINY = Path(__file__).parent / "fixtures" / "tiny"
PHONE = "含有 liangjiang-wang-fang 的 private.phone"
ID_NUMBER = "含有 liangjiang-wang-fang 的 private.id_number"


@pytest.fixture(scope="module")
def guard() -> privacy.Guard:
    return privacy.Guard(load_dataset(TINY))


@pytest.mark.parametrize(("text", "finding"), [
    ("电话 13900000000", PHONE),
    ("电话 １３９００００００００", PHONE),
    ("电话 139\u200b0000\u200b0000", PHONE),
    ("电话 139\u2060\ufeff0000\u202e0000", PHONE),
    ("电话 139 0000 0000", PHONE),
    ("电话 139\u30000000\u00a00000", PHONE),
    ("电话 139-0000-0000", PHONE),
    ("电话 139—0000―0000", PHONE),
    ("电话 139.0000.0000", PHONE),
    ("电话 (139) 0000 0000", PHONE),
    ("电话 （１３９）００００－００００", PHONE),
    ("电话 139<strong>0000</strong>0000", PHONE),
    ("电话 &#49;39&#x30;000&nbsp;0000", PHONE),
    ("电话 +86 139 0000 0000", PHONE),
    ("No. 3 (139) 0000-0000", PHONE),
    ("一三九〇〇〇〇〇〇〇〇", PHONE),
    ("壹叁玖零零零零零零零零", PHONE),
    ("幺三九 洞洞洞洞 洞洞洞洞", PHONE),
    ("统一三九零零零零零零零零", PHONE),
    ("证号 500101198803021234", ID_NUMBER),
    ("证号 500101 19880302 1234", ID_NUMBER),
    ("证号 ５００１０１１９８８０３０２１２３４", ID_NUMBER),
    ("手机 139 1234 5678", "含有疑似手机号 139…"),
    ("手机 1 3 9 1 2 3 4 5 6 7 8", "含有疑似手机号 139…"),
    ("手机 一八六一二三四五六七八", "含有疑似手机号 186…"),
    ("Tel13912345678", "含有疑似手机号 139…"),
    ("身份证 11010519491231002X", "含有疑似身份证号 110105…"),
    ("身份证 11010519491231002ｘ", "含有疑似身份证号 110105…"),
])
def test_every_spelling_of_a_number_is_found(guard: privacy.Guard, text: str, finding: str) -> None:
    assert finding in set(guard.scan_text(text))


@pytest.mark.parametrize("text", [
    "公示期为2026年9月28日至10月9日（5个工作日），2026-09-28 13:45",
    "电话：023-63895398、023-6389 7023",
    '<path d="M139.25 12.75-20.50 10.25 13.25 12.75 16.5"/>',
    "main.57a0d79d13912345678e3.min.js",
    "第一三九号文件",
    "证号 500101198803021235",  # a wrong check digit
])
def test_numbers_that_are_not_private_pass(guard: privacy.Guard, text: str) -> None:
    assert list(guard.scan_text(text)) == []


def test_the_theme_holds_no_false_alarm(guard: privacy.Guard) -> None:
    """Every file of the installed Material theme, 14,000 icons and its minified bundles included, is read clean."""
    root = Path(material.__file__).parent
    files = [p for p in sorted(root.rglob("*")) if p.is_file()]
    assert len(files) > 1000
    leaks = [leak for p in files for leak in privacy.scan_file(guard, p.relative_to(root).as_posix(), p.read_bytes())]
    assert leaks == []


def _photo(fmt: str, **options: object) -> bytes:
    picture = Image.new("RGB", (40, 20), (200, 30, 30))
    picture.paste((10, 120, 200), (0, 0, 10, 10))
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def test_pictures_are_published_without_metadata(tmp_path: Path) -> None:
    """EXIF (camera owner, GPS), XMP, PNG text chunks and comments are gone; the pixels stay, turned upright."""
    project = make_project(tmp_path, TINY)
    assets = project / "content" / "assets"
    assets.mkdir(parents=True)
    exif = Image.Exif()
    exif[ExifTags.Base.Artist] = "本网记者 李明"
    exif[ExifTags.Base.Orientation] = 6  # shot with the phone turned: shown turned a quarter
    exif.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] = (29.0, 33.0, 0.0)
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">Chongqing GPS</x:xmpmeta>'
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "本网记者 李明")
    text.add_text("Location", "两江新区", zip=True)
    originals = {"photo.jpg": _photo("JPEG", exif=exif, xmp=xmp, comment=b"Canon EOS", quality=95),
                 "chart.png": _photo("PNG", pnginfo=text, exif=exif),
                 "cover.webp": _photo("WEBP", exif=exif, xmp=xmp, lossless=True),
                 "badge.gif": _photo("GIF", comment=b"made by Li Ming")}
    for name, data in originals.items():
        (assets / name).write_bytes(data)
    (project / "content" / "photos.md").write_text("# 图片\n\n车间里的新设备。\n\n![车间](assets/photo.jpg)\n", "utf-8")

    build(project)

    for name, data in originals.items():
        published = (project / "site" / "assets" / name).read_bytes()
        with Image.open(io.BytesIO(published)) as img, Image.open(io.BytesIO(data)) as original:
            img.load()
            assert not img.getexif(), name
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment", "Author", "Location"} & set(img.info), name
            if name != "photo.jpg":  # lossless formats: the very same pixels
                assert ImageChops.difference(img.convert("RGB"), original.convert("RGB")).getbbox() is None, name
        for secret in (b"GPS", "李明".encode(), "两江新区".encode(), b"Canon", b"Li Ming"):
            assert secret not in published, (name, secret)
        assert "李明" not in "".join(t for _where, t in unpack.texts(name, published)), name
    with Image.open(project / "site" / "assets" / "photo.jpg") as photo:
        assert photo.size == (20, 40)  # turned by its orientation before the tag went
        assert photo.convert("RGB").getpixel((15, 3))[2] > 150  # the blue corner, now top right


def test_a_contact_mobile_is_published_only_because_contacts_yaml_lists_it(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path, TINY)
    monkeypatch.chdir(project)  # messages name files as staff see them from the project folder
    contacts = project / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace('phones: ["023-88979859"]',
                                                            'phones: ["023-88979859", "139-2345-6789"]'), "utf-8")
    # a tel: link needs ASCII digits in contacts.yaml; the page may spell the same number any way
    (project / "content" / "help.md").write_text("# 咨询\n\n工作日请拨 １３９ ２３４５ ６７８９。\n", "utf-8")

    build(project)

    assert "139-2345-6789" in (project / "site" / "objections" / "index.html").read_text("utf-8")
    assert "１３９ ２３４５ ６７８９" in (project / "site" / "help" / "index.html").read_text("utf-8")
    before = tree_bytes(project / "site")
    (project / "content" / "help.md").write_text("# 咨询\n\n工作日请拨 139 2345 6780。\n", "utf-8")
    with pytest.raises(PublishError, match=r"site/help/index.html: 含有疑似手机号 139…（来自 content/help.md:3）"):
        build(project)
    assert tree_bytes(project / "site") == before


def _pdf_with(text: str) -> bytes:
    from publisher.channels.pdf import PdfUnavailable, find_font, render_pdf

    try:
        return render_pdf(f'<html lang="zh"><head><title>附件</title></head><body><p>{text}</p></body></html>',
                          font=find_font())
    except PdfUnavailable as exc:
        pytest.skip(f"this machine cannot make PDFs: {exc}")


def test_a_pdfs_text_is_kept_and_still_judged_by_todays_data(guard: privacy.Guard, tmp_path: Path) -> None:
    """The build keeps what pypdf read from each PDF (unpack.PdfTexts); a leak in a kept text is still a leak."""
    leaking, clean = _pdf_with("联系电话 139 0000 0000"), _pdf_with("联系电话 023-63891234")
    kept = unpack.PdfTexts(tmp_path / "pdf-texts")
    first = [leak.what for leak in privacy.scan_file(guard, "a.pdf", leaking, kept)]
    assert first == [PHONE]
    assert len(list((tmp_path / "pdf-texts").iterdir())) == 1
    again = unpack.PdfTexts(tmp_path / "pdf-texts")  # the next build: read from what was kept
    assert [leak.what for leak in privacy.scan_file(guard, "a.pdf", leaking, again)] == first
    assert privacy.scan_file(guard, "b.pdf", clean, again) == []
    again.prune()  # only the two PDFs this build saw stay
    assert len(list((tmp_path / "pdf-texts").iterdir())) == 2


def test_a_damaged_kept_text_is_read_again_from_the_pdf(guard: privacy.Guard, tmp_path: Path) -> None:
    leaking = _pdf_with("联系电话 139 0000 0000")
    kept = unpack.PdfTexts(tmp_path / "pdf-texts")
    privacy.scan_file(guard, "a.pdf", leaking, kept)
    (entry,) = (tmp_path / "pdf-texts").iterdir()
    entry.write_text("{not json", "utf-8")
    assert [leak.what for leak in privacy.scan_file(guard, "a.pdf", leaking, unpack.PdfTexts(entry.parent))] == [PHONE]
    assert entry.read_text("utf-8").startswith("[")
