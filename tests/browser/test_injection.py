"""One payload of each injection kind: the build refuses them, and behind the shipped nginx and CSP none runs.

Issue 16 found a script that ran in Chromium behind the shipped configuration,
because the CSP hashed every inline script of the built site, the injected one
included. Here the demo project gets one payload of each kind, in the places an
attacker or a careless clerk would put them:

- hand-written files MkDocs copies as they are (``content/hand.html``, an SVG,
  a script file in ``content/assets/``): only the script guard stands between
  them and the public, so ``publisher build`` must refuse them by name;
- Markdown pages with raw HTML and attr_list ``{ onclick=… }`` (``content/raw.md``);
- data and front matter: a notice title ending in ``{ onclick=… }``, a notice
  intro with a ``javascript:`` link, a decision closing with ``[x](javascript:…)``,
  a story author closing the quote of ``<meta name="author">``, a story body with
  pasted ``<script>``/``onerror``/``javascript:`` (sanitized).

Those in data must come out escaped or be refused by the guard. Then the site
as MkDocs writes it *before* the guard (what ``publisher serve`` previews, what
would go out if the guard missed something) is served by nginx with the CSP
``publisher csp --nginx`` prints, and every page is opened and clicked in
Debian's Chromium. Every payload calls ``top.__pwned``: it must stay undefined,
while the theme's own scripts run (search answers) and the CSP reports what it
blocked. The one payload a CSP cannot tell from the site's own, a script *file*
of the same origin, is deleted from that copy: the guard refuses it above.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from playwright.sync_api import Browser

from publisher.errors import PublishError

from ..site_support import DEMO_DATA, build, make_project
from .nginx_support import Nginx

pytestmark = pytest.mark.browser
TODAY = "2026-11-20"  # the decision is out and the stories are published
STORY = "liangjiang-zhang-jianguo"

HAND_PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>手写页面</title></head>
<body>
<h1>手写页面</h1>
<script>top.__pwned = "inline script"</script>
<script src="assets/uploaded.js"></script>
<img src="missing.png" alt="x" onerror="top.__pwned = 'onerror'">
<p id="p-onclick" onclick="top.__pwned = 'onclick'">点击这一段</p>
<a id="a-js" href="jAvAsCrIpT:top.__pwned = 'javascript link'">大小写混写的链接</a>
<a id="a-js-entity" href="&#x6A;ava&#x09;script&colon;top.__pwned = 'entity link'">实体编码的链接</a>
<form action="javascript:top.__pwned = 'form action'"><button id="b-form" type="submit">提交</button></form>
<svg><style><img src="missing.png" onerror="top.__pwned = 'svg style'"></style></svg>
<!-- --!><img src="missing.png" onerror="top.__pwned = 'comment'"> -->
<iframe srcdoc="&lt;script&gt;top.__pwned = 'srcdoc'&lt;/script&gt;"></iframe>
<div onmouseover="top.__pwned = 'mouseover'" id="d-hover">悬停</div>
</body></html>
"""

BADGE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">
<script>top.__pwned = "svg script"</script>
<rect width="40" height="40" fill="red" onclick="top.__pwned = 'svg onclick'"/>
</svg>
"""

RAW_PAGE = """# 情况说明

<p onclick="top.__pwned = 'raw html'">请点击这一段。</p>

<a href=" javascript:top.__pwned = 'raw link'">原文</a>

[Markdown 链接](javascript:top.__pwned='markdown link')

带属性的段落
{ onclick="top.__pwned = 'attr_list'" }

<script>top.__pwned = "raw script"</script>
"""


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{path}: {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _plant(project: Path) -> None:
    content, data = project / "content", project / "data"
    (content / "hand.html").write_text(HAND_PAGE, "utf-8")
    (content / "assets").mkdir(exist_ok=True)
    (content / "assets" / "badge.svg").write_text(BADGE_SVG, "utf-8")
    (content / "assets" / "uploaded.js").write_text("top.__pwned = 'uploaded file'", "utf-8")
    (content / "raw.md").write_text(RAW_PAGE, "utf-8")
    notice = data / "notices" / "2026-city.yaml"
    _replace(notice, "title: 关于制造强市先进集体和先进个人拟表彰对象的公示",
             "title: " + json.dumps("关于制造强市先进集体和先进个人拟表彰对象的公示 { onclick=\"top.__pwned='title'\" }",
                                    ensure_ascii=False))
    _replace(notice, "现予以公示。\n", "现予以公示。[查看附件](javascript:top.__pwned='intro')\n")
    _replace(data / "decision.yaml", "作出新的更大贡献。\n",
             "作出新的更大贡献。\n\n  [查看原文](javascript:top.__pwned='closing')\n")
    story = content / "stories" / f"{STORY}.md"
    _replace(story, "author: 本网记者 陈思远",
             "author: " + json.dumps('本网记者"><script>top.__pwned="author"</script><meta name="x', ensure_ascii=False))
    _replace(story, "\n## 一条线，四种车", "\n<script>top.__pwned='story script'</script>\n\n"
             "<img src=\"missing.png\" alt=\"x\" onerror=\"top.__pwned='story onerror'\">\n\n"
             "<a href=\"javascript:top.__pwned='story link'\">链接</a>\n\n## 一条线，四种车")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("injection"), DEMO_DATA, stories=True)
    _plant(project)
    return project


def test_the_build_refuses_and_names_each_page_and_its_source(hostile: Path) -> None:
    with pytest.raises(PublishError) as raised:
        build(hostile, today=TODAY)

    lines = str(raised.value).splitlines()
    content = hostile / "content"
    assert (f"页面 hand.html（来自 {content / 'hand.html'}）含有不属于本站的脚本：内联 <script>（第 5 行：top.__pwned = "
            '"inline script"）；外部脚本（第 6 行：assets/uploaded.js）；onerror 属性（第 7 行：top.__pwned = \'onerror\'）；'
            "onclick 属性（第 8 行：top.__pwned = 'onclick'）；javascript: 地址（a href）（第 9 行：jAvAsCrIpT:top.__pwned = "
            "'javascript link'） 等 11 处，已停止发布") in lines
    assert (f"文件 assets/badge.svg（来自 {content / 'assets' / 'badge.svg'}）含有不属于本站的脚本：内联 <script>（第 2 行："
            "top.__pwned = \"svg script\"）；onclick 属性（第 3 行：top.__pwned = 'svg onclick'），已停止发布") in lines
    assert (f"文件 assets/uploaded.js（来自 {content / 'assets' / 'uploaded.js'}）含有不属于本站的脚本："
            "脚本文件（只有 mkdocs.yml 的 extra_javascript 可以添加脚本），已停止发布") in lines
    for line in lines:  # whatever else the guard stopped (data not yet escaped, raw HTML) is traced to its file
        assert "含有不属于本站的脚本：" in line and line.endswith("，已停止发布"), line
        source = line.split("（来自 ")[1].split("）")[0]
        assert all((hostile / s).is_file() or Path(s).is_file() for s in source.split("、")), line
    assert not (hostile / "site").exists()


@pytest.fixture(scope="module")
def unguarded(hostile: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as MkDocs writes it before the guard looks at it."""
    site = tmp_path_factory.mktemp("unguarded") / "site"
    config = load_config(str(hostile / "mkdocs.yml"), site_dir=str(site))
    config.plugins["publisher"].today = date.fromisoformat(TODAY)
    mkdocs_build(config)
    (site / "assets" / "uploaded.js").unlink()  # same origin: only the guard can stop it (see the test above)
    return site


@pytest.fixture(scope="module")
def served(unguarded: Path, hostile: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = Nginx(unguarded, tmp_path_factory.mktemp("nginx-injection"), config_file=hostile / "mkdocs.yml").start()
    yield server.urls["http"]
    server.stop()


PROBE = """() => {
  const scriptish = v => /^(javascript|vbscript):/.test(v.replace(/^[\\x00-\\x20]+/, '').replace(/[\\t\\n\\r]/g, '')
                                                        .toLowerCase());
  let n = 0;
  for (const el of document.querySelectorAll('*')) {
    const live = [...el.attributes].some(a => a.name.startsWith('on') || scriptish(a.value))
      || (el.localName === 'script' && !el.src && el.type !== 'application/json');
    if (live) el.setAttribute('data-probe', String(n++));
  }
  return n;
}"""
"""Marks every element that carries a payload (handler, script URL, inline script); returns how many."""


def _pages(site: Path) -> list[str]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return [p.removesuffix("index.html") for p in pages] + ["assets/badge.svg"]


def test_no_payload_runs_in_chromium_behind_the_shipped_csp(browser: Browser, served: str, unguarded: Path) -> None:
    context = browser.new_context()
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__csp.push(e.violatedDirective));")
    page = context.new_page()
    crashes: list[str] = []
    console: list[str] = []
    page.on("pageerror", lambda e: crashes.append(f"{page.url}: {e}"))
    page.on("console", lambda m: console.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    live: dict[str, int] = {}
    blocked: set[str] = set()
    for path in _pages(unguarded):
        page.goto(served + path)
        page.wait_for_load_state("networkidle")
        live[path] = page.evaluate(PROBE)
        for n in range(live[path]):
            target = page.locator(f'[data-probe="{n}"]')
            if target.is_visible():
                target.hover(force=True, timeout=2000)
                target.click(force=True, timeout=2000, no_wait_after=True)
        assert page.url == served + path, f"a payload navigated away from {path}"
        assert page.evaluate("top.__pwned") is None, f"{path}: {page.evaluate('top.__pwned')} ran"
        blocked.update(page.evaluate("window.__csp || []"))  # data payloads arrive escaped: hand.html's are the live ones
        if path in ("hand.html", "assets/badge.svg"):  # hand-written: no theme in them
            continue
        assert page.evaluate("typeof __md_get === 'function' && typeof document$ === 'object'"), f"{path}: theme off"
    assert live["hand.html"] >= 9 and live["assets/badge.svg"] >= 2, live  # the payloads were live: the CSP stopped them
    allowed = {"script-src-elem", "script-src-attr", "form-action", "style-src-elem", "style-src-attr"}  # hand.html styles
    assert {"script-src-elem", "script-src-attr"} <= blocked <= allowed
    assert crashes == []
    expected = ("script-src", "form-action", "Failed to load resource", "Refused to execute script from")
    hand_style = "/hand.html: Applying inline style violates the following Content Security Policy directive 'style-src"
    unexpected = [m for m in console if not any(e in m for e in expected) and hand_style not in m]
    assert unexpected == []  # the payloads, blocked; nothing of the theme's

    page.goto(served)  # and the theme's own scripts still work under that policy
    page.locator("input.md-search__input").fill("公示")
    page.locator("input.md-search__input").press("End")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert page.evaluate("top.__pwned") is None
    context.close()
