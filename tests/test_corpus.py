"""The bad-input corpus: every broken input ends with a clear message and the right exit code, nothing lost.

Each case is a folder of ``tests/corpus/``: an *overlay* on the tiny fixture (only the
files to add or replace, at their project paths ``data/…``, ``content/…``) and an
``expect.yaml``:

``about``         what is broken, in one line
``command``       ``validate``, ``check``, ``build`` (``build --today 2026-09-29``), ``dates`` or ``import``
``message``       a substring, or a list of them, that the output must contain
``exit``          optional: the exit code (default 1: bad data; 2 is a mistyped command, 0 a run that succeeds)
``args``          optional: more arguments for the command (``-d data``, ``--days 0``, a file of the case
                  for ``import``); ``{project}`` in them is the project's absolute path
``env``           optional: environment variables for the run (e.g. ``SOURCE_DATE_EPOCH``)
``chmod``         optional: project path → mode (``"000"``), set just before the run and restored after it;
                  as root the command then runs without root's power to pass over permissions
``remove``        optional: project paths deleted before the run
``absent``        optional: substrings the output must *not* contain
``absent_files``  optional: project paths that must not exist afterwards (a payload that ran, a leftover tidied)
``present_files`` optional: project paths that must still exist afterwards (what is not the publisher's to delete)
``payload``       optional: strings that must appear in no file of the site a successful build made (every
                  file, binary ones included, read as UTF-8 and, for ``.gz`` files, decompressed too)
``xfail``         optional: the reason of a known bug; the case is then a strict xfail

Files that are huge, binary or deliberately hostile (10 MB, deep nesting, the alias
bomb, GBK/UTF-16, hundreds of nominees, pipes, links) are written by :data:`GENERATORS`
instead of being committed.

Every case runs the installed ``publisher`` command in a subprocess, in a copy of a
project whose ``site/`` was built once per session (killed and failed if it has not
finished within :data:`corpus_support.TIMEOUT`), and checks: the exit code, no traceback, the
message; the office's files (``data/``, ``content/``, ``templates/``, ``site_overrides/``,
``mkdocs.yml``) byte-identical (``data/`` may change only by a successful ``import``);
after a failure, ``site/`` and everything else byte-identical, with no staging folder
left beside it; after a successful build, no payload in the site.
"""

from __future__ import annotations

import gzip
import io
import os
import shutil
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from publisher.defaults import TEMPLATES as DEFAULT_TEMPLATES

from .corpus_support import (
    COMMANDS,
    TODAY,
    need_unprivileged,
    project_files,
    published_texts,
    publisher_command,
    run_publisher,
    site_of,
)
from .markup_scan import site_problems
from .site_support import make_project, tree_bytes

__all__ = ["TODAY", "publisher_command"]  # other tests take them from here too

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
TINY = HERE / "fixtures" / "tiny"
EXPECT_KEYS = {"about", "command", "message", "exit", "args", "env", "chmod", "remove", "absent", "absent_files",
               "present_files", "payload", "xfail"}
OFFICE = ("data", "content", "templates", "site_overrides", "mkdocs.yml")
"""The office's own files, which no command may change (but ``import`` may write into ``data/``)."""

WANG = "liangjiang-wang-fang"
GENERATED = "liangjiang-li-na"
"""The nominee id that generated hostile files use."""


# --- generators: files too big, binary or hostile to commit ---------------------------


def _fixture(rel: str) -> str:
    return (TINY / rel).read_text("utf-8")


def _person(name: str, *, recommender: str = "liangjiang", status: str = "recommended") -> str:
    """A valid individual like 王芳, without her private values."""
    text = _fixture(f"nominees/{WANG}.yaml").split("private:")[0]
    return (text.replace("name: 王芳", f"name: {name}").replace("recommender: liangjiang", f"recommender: {recommender}")
            .replace("status: commended", f"status: {status}"))


def _collective(name: str, *, recommender: str, status: str) -> str:
    text = _fixture("nominees/liangjiang-c-zongzhuang.yaml")
    return (text.replace("name: 重庆某某汽车有限公司总装车间", f"name: {name}")
            .replace("recommender: liangjiang", f"recommender: {recommender}")
            .replace("status: shortlisted", f"status: {status}"))


def _generated(project: Path) -> Path:
    return project / "data" / "nominees" / f"{GENERATED}.yaml"


def _ten_mb_file(project: Path) -> None:
    """A valid nominee followed by one comment line, 10 MB exactly."""
    head = _person("李娜").encode("utf-8")
    _generated(project).write_bytes(head + b"#" + b"x" * (10 * 1024 * 1024 - len(head) - 2) + b"\n")


def _deeply_nested_flow(project: Path) -> None:
    _generated(project).write_text("kind: individual\nsummary: " + "[" * 100_000 + "]" * 100_000 + "\n", "utf-8")


def _deeply_nested_block(project: Path) -> None:
    _generated(project).write_text("- " * 100_000 + "kind: individual\n", "utf-8")


def _alias_bomb(project: Path) -> None:
    """Billion laughs: nine levels of ten aliases each, 10**9 strings once expanded."""
    lines = ["kind: individual", 'a: &a ["哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈", "哈"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    _generated(project).write_text("\n".join(lines) + "\n", "utf-8")


def _gbk_file(project: Path) -> None:
    _generated(project).write_bytes(_person("李娜").encode("gbk"))


def _utf16_file(project: Path) -> None:
    _generated(project).write_bytes(_person("李娜").encode("utf-16"))


def _binary_file(project: Path) -> None:
    _generated(project).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)


def _story_gbk(project: Path) -> None:
    story = project / "content" / "stories" / f"{WANG}.md"
    story.parent.mkdir(parents=True, exist_ok=True)
    story.write_bytes("---\ntitle: 王芳：让芯片测试快一倍\nnominees: [liangjiang-wang-fang]\nauthor: 本网记者 李明\n"
                      "date: 2026-07-10\nstatus: published\nsummary: 她主导建成芯片测试平台。\n---\n\n测试车间里。\n"
                      .encode("gbk"))


def _mkdocs_config_broken(project: Path) -> None:
    """The site's own mkdocs.yml (whatever it holds today), cut off in an open bracket."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + "extra:\n  links: [\n", "utf-8")


def _append_to_home_template(text: str) -> Callable[[Path], None]:
    def generate(project: Path) -> None:
        template = project / "templates" / "home.md.j2"  # the project's own copy overrides the package's
        template.write_text((DEFAULT_TEMPLATES / "home.md.j2").read_text("utf-8") + text, "utf-8")

    return generate


def _city_notice_listing(project: Path, ids: list[str]) -> None:
    """The tiny city notice, listing ``ids`` too, so that only the rule under test fires."""
    path = project / "data" / "notices" / "2026-city.yaml"
    text = path.read_text("utf-8")
    old = "nominees: [liangjiang-c-zongzhuang, liangjiang-wang-fang]"
    assert old in text
    path.write_text(text.replace(old, "nominees: [liangjiang-c-zongzhuang, liangjiang-wang-fang, " + ", ".join(ids)
                                 + "]"), "utf-8")


def _cap_collectives(project: Path) -> None:
    """101 commended collectives of 市经济信息委 (a category without a quota), all on the city notice."""
    ids = []
    for n in range(1, 102):
        nid = f"jxw-c-{n:03d}"
        (project / "data" / "nominees" / f"{nid}.yaml").write_text(
            _collective(f"重庆某某制造有限公司第{n}车间", recommender="jxw", status="commended"), "utf-8")
        ids.append(nid)
    _city_notice_listing(project, ids)


def _cap_individuals(project: Path) -> None:
    """151 commended individuals (王芳 and 150 more) of 市经济信息委, all on the city notice."""
    ids = []
    for n in range(1, 151):
        nid = f"jxw-p-{n:03d}"
        (project / "data" / "nominees" / f"{nid}.yaml").write_text(
            _person(f"职工{n}号", recommender="jxw", status="commended"), "utf-8")
        ids.append(nid)
    _city_notice_listing(project, ids)


def _quota_recommender(project: Path) -> None:
    """Five collectives from 渝中区, whose category may recommend four."""
    for n in range(1, 6):
        (project / "data" / "nominees" / f"yuzhong-c-{n}.yaml").write_text(
            _collective(f"重庆渝中某某公司第{n}车间", recommender="yuzhong", status="recommended"), "utf-8")


def _script_cdn_in_mkdocs_yml(project: Path) -> None:
    """A statistics script from an outside host added to mkdocs.yml's extra_javascript."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "extra_javascript:\n" in text
    config.write_text(text.replace("extra_javascript:\n", "extra_javascript:\n  - https://cdn.example.com/stats.js\n"),
                      "utf-8")


def _script_utf16_page(project: Path) -> None:
    """A hand-written page saved as UTF-16 with a byte-order mark (Windows Notepad's "Unicode")."""
    page = "<p onclick=\"document.title='PWNED'\">办事指南</p>\n"
    (project / "content" / "guide.html").write_bytes(b"\xff\xfe" + page.encode("utf-16-le"))
def _link_public_to_data(project: Path) -> None:
    (project / "public").symlink_to("data", target_is_directory=True)


def _empty_public(project: Path) -> None:
    (project / "public").mkdir()


def _pipe_as_nominee(project: Path) -> None:
    os.mkfifo(_generated(project))


def _pipe_as_story(project: Path) -> None:
    stories = project / "content" / "stories"
    stories.mkdir(parents=True, exist_ok=True)
    os.mkfifo(stories / f"{GENERATED}.md")


def _link_up_to_the_parent(project: Path) -> None:
    (project / "up").symlink_to("..", target_is_directory=True)


def _dangling_link_nominee(project: Path) -> None:
    _generated(project).symlink_to(f"../../归档/{GENERATED}.yaml")
def _pdf_font_from_windows(project: Path) -> None:
    """mkdocs.yml copied from a Windows PC: its PDF font is a path that does not exist on the server."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "      templates_dir: templates\n" in text
    config.write_text(text.replace("      templates_dir: templates\n",
                                   "      templates_dir: templates\n      pdf_font: C:/Windows/Fonts/simsun.ttc\n"), "utf-8")
def _asset(project: Path, rel: str, data: bytes) -> None:
    """A file of the media team's ``content/``, at ``rel`` below it."""
    path = project / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _picture(fmt: str, **options: object) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (180, 30, 30)).save(buffer, fmt, **options)
    return buffer.getvalue()


def _exif(**tags: str) -> object:
    from PIL import ExifTags, Image

    exif = Image.Exif()
    for name, value in tags.items():
        exif[getattr(ExifTags.Base, name)] = value
    return exif


def _unknown_suffix(project: Path) -> None:
    _asset(project, "assets/notes.dat", "备注：王芳，手机 139 0000 0000。".encode("utf-16-le"))


def _gz_asset(project: Path) -> None:
    _asset(project, "assets/名单.csv.gz", gzip.compress("姓名,身份证号\n王芳,500101198803021234\n".encode(), mtime=0))


def _zip_asset(project: Path) -> None:
    inner = gzip.compress("王芳 电话 139-0000-0000".encode(), mtime=0)
    _asset(project, "assets/材料.zip", _zip_bytes({"材料/说明.txt": "推荐材料".encode(), "材料/联系方式.txt.gz": inner}))


def _xlsx_asset(project: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["王芳", "500101198803021234"])
    buffer = io.BytesIO()
    book.save(buffer)
    _asset(project, "assets/汇总.xlsx", buffer.getvalue())


def _pdf_asset(project: Path) -> None:
    """A one-page PDF whose page text is in a Flate-compressed content stream (not readable in the raw bytes)."""
    stream = zlib.compress(b"BT /F1 12 Tf 72 720 Td (Wang Fang 139 0000 0000) Tj ET")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
               b" /Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    body += b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    _asset(project, "assets/公示.pdf", body)


def _exif_photo(project: Path) -> None:
    _asset(project, "stories/img/photo.jpg", _picture("JPEG", exif=_exif(ImageDescription="王芳 13900000000")))


def _png_text(project: Path) -> None:
    from PIL import PngImagePlugin

    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "身份证 500101198803021234", zip=True)
    _asset(project, "assets/chart.png", _picture("PNG", pnginfo=text))


def _webp_xmp(project: Path) -> None:
    xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/">作者电话 139\u200b0000\u200b0000</x:xmpmeta>'.encode()
    _asset(project, "assets/cover.webp", _picture("WEBP", xmp=xmp))


def _corrupt_gz(project: Path) -> None:
    _asset(project, "assets/data.csv.gz", gzip.compress(b"a,b\n1,2\n" * 100, mtime=0)[:-12])


def _corrupt_image(project: Path) -> None:
    photo = _picture("JPEG", quality=95)
    _asset(project, "stories/img/photo.jpg", photo[:len(photo) // 2])


def _symlinked_data_file(project: Path) -> None:
    outside = project.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "li-na.yaml").write_text(_person("李娜"), "utf-8")
    os.symlink("../../../outside/li-na.yaml", _generated(project))


def _symlinked_content_folder(project: Path) -> None:
    stories = project.parent / "outside" / "stories"
    stories.mkdir(parents=True, exist_ok=True)
    (stories / "index.md").write_text("# 家里电脑上的文件\n", "utf-8")
    os.symlink("../../outside/stories", project / "content" / "stories")


def _symlinked_content_file(project: Path) -> None:
    (project / "content" / "assets").mkdir(parents=True, exist_ok=True)
    os.symlink(f"../../data/nominees/{WANG}.yaml", project / "content" / "assets" / "nominee.txt")


def _tiff_in_content(project: Path) -> None:
    _asset(project, "assets/scan.tif", _picture("TIFF"))


def _seven_zip(project: Path) -> None:
    _asset(project, "assets/材料.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(range(64)))


GENERATORS: dict[str, Callable[[Path], None]] = {
    "ten-mb-file": _ten_mb_file,
    "deeply-nested-flow": _deeply_nested_flow,
    "deeply-nested-block": _deeply_nested_block,
    "alias-bomb": _alias_bomb,
    "gbk-file": _gbk_file,
    "utf16-file": _utf16_file,
    "binary-file": _binary_file,
    "story-gbk": _story_gbk,
    "mkdocs-config-broken": _mkdocs_config_broken,
    "template-syntax-error": _append_to_home_template("{% if %}\n"),
    "template-undefined-variable": _append_to_home_template("{{ nosuch.attr }}\n"),
    "cap-collectives": _cap_collectives,
    "cap-individuals": _cap_individuals,
    "quota-recommender": _quota_recommender,
    "script-cdn-in-mkdocs-yml": _script_cdn_in_mkdocs_yml,
    "script-utf16-page": _script_utf16_page,
    "site-dir-link-to-data": _link_public_to_data,
    "site-dir-empty-folder": _empty_public,
    "pipe-as-nominee": _pipe_as_nominee,
    "pipe-as-story": _pipe_as_story,
    "dangling-link-nominee": _dangling_link_nominee,
    "site-dir-link-to-parent": _link_up_to_the_parent,
    "pdf-font-from-windows": _pdf_font_from_windows,
    "privacy-unknown-suffix": _unknown_suffix,
    "privacy-gz-asset": _gz_asset,
    "privacy-zip-asset": _zip_asset,
    "privacy-xlsx-asset": _xlsx_asset,
    "privacy-pdf-asset": _pdf_asset,
    "privacy-exif": _exif_photo,
    "privacy-png-text": _png_text,
    "privacy-webp-xmp": _webp_xmp,
    "corrupt-gz-in-content": _corrupt_gz,
    "corrupt-image-in-content": _corrupt_image,
    "symlinked-data-file": _symlinked_data_file,
    "symlinked-content-folder": _symlinked_content_folder,
    "symlinked-content-file": _symlinked_content_file,
    "tiff-in-content": _tiff_in_content,
    "7z-in-content": _seven_zip,
}


# --- the cases ---------------------------------------------------------------------------


def _expect(case: str) -> dict:
    expect = yaml.safe_load((CORPUS / case / "expect.yaml").read_text("utf-8"))
    unknown = set(expect) - EXPECT_KEYS
    assert not unknown, f"{case}/expect.yaml: unknown keys {sorted(unknown)}"
    assert expect["command"] in COMMANDS, f"{case}/expect.yaml: command {expect['command']!r}"
    assert expect.get("exit", 1) in (0, 1, 2), f"{case}/expect.yaml: exit {expect['exit']!r}"
    assert _listed(expect["message"]), f"{case}/expect.yaml: a case says which message it expects"
    return expect


def _listed(value: str | list[str] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _params() -> list:
    params = []
    for folder in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        reason = _expect(folder.name).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(folder.name, marks=marks, id=folder.name))
    return params


CASES = _params()


def _overlay(case: str, project: Path) -> None:
    expect = _expect(case)
    for rel in _listed(expect.get("remove")):
        target = project / rel
        assert target.exists(), f"{case}: remove: {rel} is not in the base project"
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    source = CORPUS / case
    for path in sorted(source.rglob("*")):
        if path.is_file() and path != source / "expect.yaml":
            target = project / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    generate = GENERATORS.get(case)
    if generate is not None:
        generate(project)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny project with a good site/, built once by the real command."""
    project = make_project(tmp_path_factory.mktemp("corpus-base"), TINY)
    result = run_publisher(project, "build")
    assert result.returncode == 0, result.describe("build")
    assert (project / "site" / "index.html").is_file()
    return project


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(built_project, copy, symlinks=True)
    return copy


def test_corpus_has_enough_cases() -> None:
    assert len(CASES) >= 150
    for folder in CORPUS.iterdir():
        if folder.is_dir():
            for path in folder.rglob("*"):
                assert path.stat().st_size <= 20 * 1024, f"{path}: generate big files instead of committing them"


def _beside_site(project: Path) -> list[str]:
    """What the project folder holds, but the publisher's own cache (``.cache/``, safe to delete at any time)."""
    return sorted(p.name for p in project.iterdir() if p.name != ".cache")


@pytest.mark.parametrize("case", CASES)
def test_broken_input_is_refused_cleanly(case: str, project: Path) -> None:
    expect = _expect(case)
    site_before = tree_bytes(project / "site")
    _overlay(case, project)
    args = [arg.replace("{project}", str(project)) for arg in _listed(expect.get("args"))]
    modes = {project / rel: int(str(mode), 8) for rel, mode in (expect.get("chmod") or {}).items()}
    prefix = need_unprivileged() if modes else []
    siblings = _beside_site(project)
    office, everything = project_files(project, OFFICE), project_files(project)
    saved = {path: path.stat().st_mode for path in modes}
    for path, mode in modes.items():
        path.chmod(mode)
    try:
        result = run_publisher(project, expect["command"], args=args, prefix=prefix,
                               env={k: str(v) for k, v in (expect.get("env") or {}).items()})
    finally:
        for path, mode in saved.items():
            path.chmod(mode)

    shown = result.describe(" ".join([expect["command"], *args]))
    wanted_exit = expect.get("exit", 1)
    assert "Traceback" not in result.output, shown
    assert result.returncode == wanted_exit, shown
    for wanted in _listed(expect["message"]):
        assert wanted in result.output, f"expected {wanted!r} in the output of {shown}"
    for unwanted in _listed(expect.get("absent")):
        assert unwanted not in result.output, f"did not expect {unwanted!r} in the output of {shown}"
    for rel in _listed(expect.get("absent_files")):
        assert not (project / rel).exists(), f"{rel} exists: the input was executed, or a leftover kept"
    for rel in _listed(expect.get("present_files")):
        assert os.path.lexists(project / rel), f"{rel} is gone: it was not the publisher's to delete"
    unchanged = project_files(project, OFFICE)
    if expect["command"] == "import" and wanted_exit == 0:  # the one command that may write the office's data
        office = {k: v for k, v in office.items() if not k.startswith("data/")}
        unchanged = {k: v for k, v in unchanged.items() if not k.startswith("data/")}
    assert unchanged == office, f"the office's files changed: {sorted(set(unchanged) ^ set(office))}\n{shown}"
    if wanted_exit != 0:
        assert _beside_site(project) == siblings, "a staging folder was left beside site/"
        assert tree_bytes(project / "site") == site_before, "site/ changed although the run failed"
        assert project_files(project) == everything, "a file changed although the run failed"
        return
    site = site_of(project, args)
    made = {site.relative_to(project).parts[0]} if site.is_relative_to(project) else set()
    added = set(_beside_site(project)) - set(siblings)
    assert added <= made, f"left beside the site: {sorted(added - made)}"
    payloads = _listed(expect.get("payload"))
    if payloads and expect["command"] == "build":
        for rel, text in published_texts(site).items():
            for payload in payloads:
                assert payload not in text, f"{rel} publishes the payload {payload!r}"


# --- hostile markup the build may publish: it must come out harmless ------------------


def _published_text(site: Path) -> dict[str, str]:
    """Every page and feed the public reads, minus the theme's own bundles."""
    return {p.relative_to(site).as_posix(): p.read_text("utf-8", "replace") for p in sorted(site.rglob("*"))
            if p.suffix in (".html", ".xml") and "assets/javascripts" not in p.as_posix()}


def _write_story(project: Path, text: str) -> None:
    stories = project / "content" / "stories"
    stories.mkdir(parents=True, exist_ok=True)
    (stories / f"{WANG}.md").write_text(text, "utf-8")


STORY_WITH_SCRIPT = """\
---
title: 王芳：让芯片测试快一倍
nominees:
  - liangjiang-wang-fang
author: 本网记者 李明
date: 2026-07-10
status: published
summary: 她主导建成芯片测试平台，测试效率提高一倍。
---

测试车间里，王芳正在调试新平台。<script>alert(1)</script>

<img src="../../images/psb-demo.png" alt="车间" onerror="alert(2)">

<p onclick="alert(3)">从微信编辑器粘贴的段落。</p>

<a href="javascript:alert(4)">原文链接</a>

<iframe src="https://example.com/"></iframe>
"""


def test_story_with_script_is_sanitized_not_refused(project: Path) -> None:
    """Pasted markup from editors is cleaned on the story page: no script, handler or javascript: link."""
    _write_story(project, STORY_WITH_SCRIPT)

    result = run_publisher(project, "build")

    assert result.returncode == 0, result.describe("build")
    page = (project / "site" / "stories" / WANG / "index.html").read_text("utf-8")
    assert "测试车间里，王芳正在调试新平台。" in page and "从微信编辑器粘贴的段落。" in page
    for raw in ("<script>alert", "onerror=", "onclick=", "javascript:alert", "<iframe"):
        assert raw not in page, f"the story page carries {raw!r}"
    for rel, text in _published_text(project / "site").items():
        for raw in ("<script>alert", "onerror=", "onclick=", "javascript:alert"):
            assert raw not in text, f"{rel} carries {raw!r}"
    assert site_problems(project / "site") == []


STORY_TITLE_BREAKOUT = STORY_WITH_SCRIPT.replace("title: 王芳：让芯片测试快一倍",
                                                 'title: "王芳</title><script>alert(9)</script><title>"')


def test_story_title_markup_is_refused_or_escaped(project: Path) -> None:
    """Front matter is outside the sanitized body: markup in the title must be refused or shown as text."""
    _write_story(project, STORY_TITLE_BREAKOUT)

    result = run_publisher(project, "build")

    if result.returncode == 1:  # refused, like names and notice titles
        assert "Traceback" not in result.output, result.describe("build")
        assert f"content/stories/{WANG}.md:2: title" in result.output, result.describe("build")
        return
    assert result.returncode == 0, result.describe("build")
    for rel, text in _published_text(project / "site").items():
        assert "<script>alert(9)" not in text, f"{rel} runs the story title's script"
    assert site_problems(project / "site") == []
