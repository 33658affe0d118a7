"""The script guard: a page may hold only the scripts the site's templates write; anything else stops the build."""

from __future__ import annotations

import codecs
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from mkdocs.config import load_config

from publisher.errors import PublishError
from publisher.guards import csp
from publisher.guards import script_guard as scriptguard
from publisher.guards import script_scan as scriptscan

from .site_support import DEMO_DATA, ROOT, build, make_project, tree_bytes

TINY = Path(__file__).parent / "fixtures" / "tiny"
PAGE = "notices/x/index.html"


@pytest.fixture(scope="module")
def known() -> csp.KnownScripts:
    return csp.known_scripts(load_config(str(ROOT / "mkdocs.yml")))


def found(text: str, known: csp.KnownScripts, path: str = PAGE) -> list[str]:
    return [f.what for f in scriptscan.scan_text(text, path, known, "https://biaozhang.example.gov.cn/")]


REFUSED = [
    ("<script>window.__pwned=1</script>", "内联 <script>"),
    ("<SCRIPT>window.__pwned=1</SCRIPT>", "内联 <script>"),
    ("<script/>window.__pwned=1</script>", "内联 <script>"),
    ('<script type="module">window.__pwned=1</script>', "内联 <script>"),
    ("<script>window.__pwned=1", "内联 <script>"),  # never closed: a browser runs it to the end of the file
    ('<script src="https://evil.example/x.js"></script>', "外部脚本"),
    ('<script src="//evil.example/x.js"></script>', "外部脚本"),
    ('<script src="../../assets/uploaded.js"></script>', "外部脚本"),  # a file of the site, but not ours
    ('<script src="data:text/javascript,window.__pwned=1"></script>', "外部脚本"),
    ('<script id="__config" type="application/json">{"base": "//evil"}</script>'
     '<script id="__config" type="application/json">{}</script>', "重复的数据脚本（id=__config）"),
    ('<script type="text/template">x</script>', "内联 <script>"),
    ('<p onclick="window.__pwned=1">x</p>', "onclick 属性"),
    ("<img src=x ONERROR=window.__pwned=1>", "onerror 属性"),
    ("<svg/onload=window.__pwned=1>", "onload 属性"),
    ("<a<img src=x onerror=window.__pwned=1>", "onerror 属性"),
    ('<a href="javascript:window.__pwned=1">x</a>', "javascript: 地址（a href）"),
    ('<a href="jAvAsCrIpT:window.__pwned=1">x</a>', "javascript: 地址（a href）"),
    ('<a href="  java\tscript:window.__pwned=1">x</a>', "javascript: 地址（a href）"),
    ('<a href="\x01javascript:window.__pwned=1">x</a>', "javascript: 地址（a href）"),
    ('<a href="&#x6A;ava&#x09;script&colon;window.__pwned=1">x</a>', "javascript: 地址（a href）"),
    ('<a href="&#0000106avascript:window.__pwned=1">x</a>', "javascript: 地址（a href）"),
    ('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;x">x</a>', "javascript: 地址（a href）"),
    ("<a href=javascript:window.__pwned=1>x</a>", "javascript: 地址（a href）"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript: 地址（a href）"),
    ('<form action="javascript:window.__pwned=1"></form>', "javascript: 地址（form action）"),
    ('<button formaction="JAVASCRIPT:window.__pwned=1">x</button>', "javascript: 地址（button formaction）"),
    ('<iframe src="javascript:window.__pwned=1"></iframe>', "javascript: 地址（iframe src）"),
    ('<object data="javascript:window.__pwned=1"></object>', "javascript: 地址（object data）"),
    ('<svg><a xlink:href="javascript:window.__pwned=1"><text>x</text></a></svg>', "javascript: 地址（a xlink:href）"),
    ('<svg><animate attributeName="href" values="x;javascript:window.__pwned=1"/></svg>',
     "javascript: 地址（animate values）"),
    ('<iframe src="data:text/html,&lt;script&gt;window.__pwned=1&lt;/script&gt;"></iframe>', "data: 地址（iframe src）"),
    ('<iframe srcdoc="&lt;script&gt;window.__pwned=1&lt;/script&gt;"></iframe>', "内联 <script>"),
    ('<meta http-equiv="refresh" content="0; url=javascript:window.__pwned=1">', "meta 刷新跳转到脚本地址"),
    ('<base href="https://evil.example/">', "base 元素（改变脚本的来源）"),
    # where html.parser and a browser part ways, the text it set aside is read again
    ("<!-- --!><img src=x onerror=window.__pwned=1> -->", "onerror 属性"),
    ("<!--><img src=x onerror=window.__pwned=1>-->", "onerror 属性"),
    ("<![CDATA[><img src=x onerror=window.__pwned=1>]]>", "onerror 属性"),
    ("<svg><style><img src=x onerror=window.__pwned=1></style></svg>", "onerror 属性"),
    ("<style></style x><img src=x onerror=window.__pwned=1>", "onerror 属性"),
    ("<textarea><!--</textarea><img src=x onerror=window.__pwned=1>--></textarea>", "onerror 属性"),
    ("<noscript><!--</noscript><img src=x onerror=window.__pwned=1>--></noscript>", "onerror 属性"),
]


@pytest.mark.parametrize(("html", "what"), REFUSED, ids=[f"{n:02d}" for n in range(len(REFUSED))])
def test_a_script_outside_the_set_is_found(html: str, what: str, known: csp.KnownScripts) -> None:
    assert what in found(f"<html><body>{html}</body></html>", known)


INERT = [
    "<p>&lt;script&gt;window.__pwned=1&lt;/script&gt;</p>",  # escaped text: shown, never run
    '<p title="javascript:window.__pwned=1">x</p>',
    '<a href="https://example.com/javascript:x">x</a>',
    '<a href="notices/javascript:x/">x</a>',
    '<a href="tel:023-12345678">x</a><a href="mailto:a@example.gov.cn">x</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="x">',
    '<meta name="description" content="javascript: 不是链接">',
    '<p data-onclick="x" aria-label="onclick">x</p>',
    "<img/src=x/onerror=window.__pwned=1>",  # one attribute: src="x/onerror=…" (as a browser reads it)
    '<script src="/assets/publisher.js"></script><script src="../../assets/publisher-theme.js"></script>',
    '<script id="__config" type="application/json">{"base": "../.."}</script>',
]


@pytest.mark.parametrize("html", INERT, ids=[f"{n:02d}" for n in range(len(INERT))])
def test_what_cannot_run_is_not_refused(html: str, known: csp.KnownScripts) -> None:
    assert found(f"<html><body>{html}</body></html>", known) == []


def test_documents_other_than_html(known: csp.KnownScripts) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><script>window.__pwned=1</script></svg>'
    assert found(svg, known, "assets/logo.svg") == ["内联 <script>"]
    prefixed = '<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:script>window.__pwned=1</s:script></s:svg>'
    assert found(prefixed, known, "assets/logo.svg") == ["内联 <script>"]
    assert found('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=1"/>', known, "a.svg") == ["onload 属性"]
    entity = '<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    assert "DTD 内部定义（可在文档中展开出标记）" in found(entity, known, "a.svg")
    feed = "<rss><channel><item><description>&lt;img src=x onerror=window.__pwned=1&gt;</description></item></channel></rss>"
    assert found(feed, known, "feeds/all.rss.xml") == ["onerror 属性"]  # a feed reader shows that text as HTML
    assert found("<rss><channel><title>A &lt; B</title></channel></rss>", known, "feeds/all.rss.xml") == []


def test_site_files_are_read_as_a_browser_decodes_them(tmp_path: Path, known: csp.KnownScripts) -> None:
    (tmp_path / "utf16.html").write_bytes(codecs.BOM_UTF16_LE + "<p onclick=x>".encode("utf-16-le"))
    (tmp_path / "gbk.svg").write_bytes('<?xml version="1.0" encoding="GBK"?><svg onload="x()"><text>图</text></svg>'
                                       .encode("gbk"))
    (tmp_path / "notes.txt").write_text("<script>not a document</script>", "utf-8")
    (tmp_path / "search").mkdir()
    index = {"docs": [{"location": "", "title": "t", "text": "<p>x</p><img src=x onerror=window.__pwned=1>"}]}
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), "utf-8")

    findings = scriptscan.scan_site(tmp_path, known)

    assert [(f.path, f.what) for f in findings] == [("gbk.svg", "onload 属性"),
                                                    ("search/search_index.json", "onerror 属性"),
                                                    ("utf16.html", "onclick 属性")]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("guard"), DEMO_DATA, stories=True)
    build(project)
    return project


def test_the_sites_own_pages_pass(demo_site: Path, known: csp.KnownScripts) -> None:
    site = demo_site / "site"
    assert len(list(site.rglob("*.html"))) >= 8
    assert scriptscan.scan_site(site, known, "https://biaozhang.example.gov.cn/") == []


def test_a_hand_written_page_with_a_handler_stops_the_build_naming_its_file(demo_site: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(demo_site, project)
    before = tree_bytes(project / "site")
    (project / "content" / "guide.md").write_text('# 指南\n\n<p onclick="window.__pwned=1">点这里</p>\n', "utf-8")
    config = project / "mkdocs.yml"  # content HTML is sanitized by default: the guard stands behind the unsafe setting
    config.write_text(config.read_text("utf-8").replace("unsafe_allow_raw_html: false", "unsafe_allow_raw_html: true"),
                      "utf-8")

    with pytest.raises(PublishError) as raised:
        build(project)

    assert str(raised.value).endswith("guide/index.html（来自 " + str(project / "content" / "guide.md")
                                      + "）含有不属于本站的脚本：onclick 属性（window.__pwned=1），已停止发布")
    assert tree_bytes(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_by_default_a_hand_written_handler_is_sanitized_away(demo_site: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(demo_site, project)
    (project / "content" / "guide.md").write_text('# 指南\n\n<p onclick="window.__pwned=1">点这里</p>\n', "utf-8")

    build(project)

    page = (project / "site" / "guide" / "index.html").read_text("utf-8")
    assert "点这里" in page and "onclick" not in page and "__pwned" not in page


def test_a_generated_page_is_traced_to_the_file_that_holds_the_payload(tmp_path: Path, monkeypatch) -> None:
    project = make_project(tmp_path, TINY)
    monkeypatch.chdir(project)
    notice = project / "data" / "notices" / "2026-city.yaml"
    notice.write_text(notice.read_text("utf-8") + "# window.__pwned=1\n", "utf-8")
    site = project / "site" / "notices" / "2026-city"
    site.mkdir(parents=True)
    (site / "index.html").write_text('<p onclick="window.__pwned=1">x</p>', "utf-8")
    config = load_config(str(project / "mkdocs.yml"))

    lines = scriptguard.foreign_scripts(config, project / "site", {"notices/2026-city/index.html": "自动生成"})

    assert lines == ["页面 notices/2026-city/index.html（来自 data/notices/2026-city.yaml）含有不属于本站的脚本："
                     "onclick 属性（window.__pwned=1），已停止发布"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_warns_and_keeps_previewing(tmp_path: Path) -> None:
    """The preview is where staff find the problem: it says so and keeps running; only the build refuses."""
    project = make_project(tmp_path, TINY)
    (project / "content" / "guide.md").write_text('# 指南\n\n<p onclick="window.__pwned=1">点这里</p>\n', "utf-8")
    config = project / "mkdocs.yml"  # sanitized by default; the guard is what stands behind the unsafe setting
    config.write_text(config.read_text("utf-8").replace("unsafe_allow_raw_html: false", "unsafe_allow_raw_html: true"),
                      "utf-8")
    port = _free_port()
    publisher = shutil.which("publisher", path=str(Path(sys.executable).parent)) or "publisher"
    server = subprocess.Popen([publisher, "serve", "-a", f"127.0.0.1:{port}", "--today", "2026-09-29"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    body = ""
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and "点这里" not in body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/guide/", timeout=2) as response:
                    body = response.read().decode("utf-8")
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        assert "点这里" in body
        assert server.poll() is None
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=20)
    assert ("WARNING - 页面 guide/index.html（来自 content/guide.md）含有不属于本站的脚本：onclick 属性（window.__pwned=1），"
            "发布时会被拒绝") in stderr
    assert "Traceback" not in stderr


def test_a_script_file_from_content_is_refused_unless_mkdocs_yml_lists_it(tmp_path: Path, monkeypatch) -> None:
    """Same-origin, so the CSP would run it: a file staff drop into content/ (or one shadowing ours) never goes out."""
    project = make_project(tmp_path, TINY)
    monkeypatch.chdir(project)
    for rel in ("assets/uploaded.js", "assets/publisher-theme.js", "assets/publisher.js"):
        for root in (project / "content", project / "site"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text("window.__pwned=1", "utf-8")
    config = load_config(str(project / "mkdocs.yml"))  # lists assets/publisher.js in extra_javascript

    lines = scriptguard.foreign_scripts(config, project / "site", {})

    assert lines == [f"文件 {rel} 含有不属于本站的脚本：脚本文件（只有 mkdocs.yml 的 extra_javascript 可以添加脚本），已停止发布"
                     for rel in ("assets/publisher-theme.js", "assets/uploaded.js")]
