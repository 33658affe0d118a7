"""A small hand-made site that follows issue 18's markup contract, for ``publisher audit`` to pass.

Each page is written as Material writes it (the main ``<article class="md-content__inner">``,
a ``<footer>``), with the identity footer, the page metadata and, on notices and the
decision, the 信息公开 block, exactly as issue 18's markup contract fixes them (docs/audit.md). Tests
take the files as a dict, plant one defect with :func:`plant`, and write them out.
"""

from __future__ import annotations

from pathlib import Path

SITE_URL = "https://example.gov.cn/"
PNG = b"\x89PNG\r\n\x1a\n"  # enough of a file for a link check: the audit never decodes images

IDENTITY = """<div class="pub-identity" data-pub-identity>
<p>主办单位：<span data-field="sponsor">演示市人力资源和社会保障局</span> 承办单位：<span data-field="operator">演示市信息中心</span></p>
<p>网站标识码：<span data-field="site_id_code">0000000000</span>
<a data-field="icp" href="https://beian.miit.gov.cn/" rel="noopener">渝ICP备00000000号</a>
<a data-field="psb" href="https://www.beian.gov.cn/portal/registerSystemInfo?recordcode=50000000000000"><img src="{root}assets/psb.png" alt="公安备案图标"> 渝公网安备 50000000000000号</a></p>
<p><a data-field="contact" href="{root}contact/">联系我们</a> <a data-field="sitemap" href="{root}sitemap/">网站地图</a></p>
<a data-field="dzjg" href="https://bszs.conac.cn/sitename?method=show&amp;id=0"><img src="{root}assets/dzjg.png" alt="党政机关"></a>
</div>"""

XXGK = """<table class="pub-xxgk" data-pub-xxgk>
<tr><th>索引号</th><td>000000000/2026-00001</td></tr>
<tr><th>主题分类</th><td>综合政务</td></tr>
<tr><th>发布机构</th><td>演示市人力资源和社会保障局</td></tr>
<tr><th>成文日期</th><td>2026-09-25</td></tr>
<tr><th>发文字号</th><td>演人社〔2026〕1号</td></tr>
<tr><th>发布日期</th><td>2026-09-28</td></tr>
</table>"""

SITE_META = {"SiteName": "演示评选表彰", "SiteDomain": "example.gov.cn", "SiteIDCode": "0000000000"}


def _metas(kind: str, title: str, url: str) -> dict[str, str]:
    if kind == "section":
        return {"ColumnName": title, "ColumnDescription": f"{title}栏目", "ColumnKeywords": f"{title},评选表彰",
                "ColumnType": "信息公开"}
    if kind == "content":
        return {"ArticleTitle": title, "PubDate": "2026-09-28 09:00", "ContentSource": "演示市人力资源和社会保障局",
                "Keywords": "评选表彰,公示", "Author": "演示市人力资源和社会保障局", "Description": f"{title}。",
                "Url": SITE_URL + url}
    return {}


def page(url: str, kind: str, title: str, body: str) -> str:
    """One page at ``url`` (a site path such as ``notices/n1/``, or ``404.html``) in Material's frame."""
    depth = url.count("/")
    root = "../" * depth
    metas = {**SITE_META, **_metas(kind, title, url)}
    head = "\n".join(f'<meta name="{name}" content="{value}">' for name, value in metas.items())
    canonical = f'<link rel="canonical" href="{SITE_URL}{url}">' if kind != "other" else ""
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<meta name="publisher:page-kind" content="{kind}">
{head}
{canonical}
<link rel="stylesheet" href="{root}assets/site.css">
<link rel="alternate" type="application/atom+xml" title="全部更新" href="{root}feeds/all.atom.xml">
<script src="{root}assets/site.js"></script>
</head><body>
<header><a href="{root or './'}">演示评选表彰</a> <a href="#main">跳转至正文</a></header>
<main id="main"><div class="md-content">
<article class="md-content__inner md-typeset">
<div class="pub-textsize" role="group" aria-label="字号"><span aria-hidden="true">字号：</span><button type="button">大</button></div>
{body}
</article></div></main>
<footer class="md-footer">{IDENTITY.format(root=root)}</footer>
</body></html>
"""


def site_files() -> dict[str, str | bytes]:
    """The clean site: nine pages of every kind, an attachment, style, script, feed and sitemap."""
    return {
        "index.html": page("", "section", "演示评选表彰", """<h1 id="top-title">演示评选表彰</h1>
<p>本网站公布评选表彰各阶段的公示和表彰决定。</p>
<h2 id="open">公示中</h2>
<ul class="pub-notices" data-pub-group="open">
<li data-start="2026-09-28"><a href="notices/n1/">关于拟表彰对象的公示</a> <time datetime="2026-09-28">2026年9月28日</time></li>
</ul>
<p class="pub-empty" hidden>暂无。</p>
<h2 id="closed">已结束</h2>
<ul class="pub-notices" data-pub-group="closed"></ul>
<p class="pub-empty">暂无。</p>
<p><a href="notices/n1/#名单">名单</a> <a href="decision/">表彰决定</a> <a href="stories/">先进事迹</a></p>"""),
        "notices/index.html": page("notices/", "section", "公示档案", """<h1>公示档案</h1>
<table><thead><tr><th>公示</th></tr></thead><tbody><tr><td><a href="n1/">关于拟表彰对象的公示</a></td></tr></tbody></table>"""),
        "notices/n1/index.html": page("notices/n1/", "content", "关于拟表彰对象的公示", f"""{XXGK}
<h1>关于拟表彰对象的公示</h1>
<p>公示期为2026年9月28日至10月9日（5个工作日）。</p>
<h2 id="名单">名单</h2>
<ol><li id="n-1">某某公司总装车间</li></ol>
<p>附件：<a href="../../files/%E5%90%8D%E5%8D%95.pdf">名单.pdf</a>，<a href="../../data/n1.csv">n1.csv</a></p>"""),
        "decision/index.html": page("decision/", "content", "关于表彰的决定", f"""{XXGK}
<h1>关于表彰的决定</h1>
<p>授予某某公司总装车间“先进集体”称号。</p>"""),
        "stories/index.html": page("stories/", "section", "先进事迹", """<h1>先进事迹</h1>
<ul><li><img src="s1/cover.png" alt="总装车间的生产线"><a href="s1/">一条生产线的故事</a></li></ul>"""),
        "stories/s1/index.html": page("stories/s1/", "content", "一条生产线的故事", """<h1>一条生产线的故事</h1>
<p><img src="cover.png" alt="总装车间的生产线"><img src="../../assets/dzjg.png" alt="" role="presentation"></p>
<p>他们把一条生产线的效率提高了三成。见<a href="../../notices/n1/#%E5%90%8D%E5%8D%95">公示名单</a>。</p>"""),
        "contact/index.html": page("contact/", "section", "联系我们", "<h1>联系我们</h1>\n<p>电话：023-00000000</p>"),
        "sitemap/index.html": page("sitemap/", "section", "网站地图", """<h1>网站地图</h1>
<ul><li><a href="../notices/">公示档案</a></li><li><a href="../contact/">联系我们</a></li></ul>"""),
        "404.html": page("404.html", "other", "页面不存在", '<h1>页面不存在</h1>\n<p>请<a href="/">返回首页</a>。</p>'),
        "stories/s1/cover.png": PNG,
        "assets/psb.png": PNG,
        "assets/dzjg.png": PNG,
        "files/名单.pdf": b"%PDF-1.4\n",
        "data/n1.csv": "名称\n某某公司总装车间\n",
        "assets/site.css": '/* 字体见 https://fonts.example.com/ */\nbody { background: url("psb.png") no-repeat; }\n'
                           '.mark { background: url("data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\'/>"); }\n',
        "assets/site.js": 'document.documentElement.dataset.size = localStorage.getItem("size") || "1";\n',
        "feeds/all.atom.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:example.gov.cn,2026:feed/all</id><title>全部更新</title>
<updated>2026-09-28T00:00:00+08:00</updated>
<link href="{SITE_URL}feeds/all.atom.xml" rel="self"/><link href="{SITE_URL}" rel="alternate"/>
<entry><id>tag:example.gov.cn,2026:notice/n1</id><title>关于拟表彰对象的公示</title>
<updated>2026-09-28T00:00:00+08:00</updated><link href="{SITE_URL}notices/n1/"/></entry>
</feed>
""",
        "sitemap.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{SITE_URL}</loc></url><url><loc>{SITE_URL}notices/n1/</loc></url><url><loc>{SITE_URL}decision/</loc></url>
</urlset>
""",
    }


def plant(files: dict[str, str | bytes], path: str, old: str, new: str) -> dict[str, str | bytes]:
    """Replace ``old`` (which must be there, once or more) by ``new`` in one file."""
    text = files[path]
    assert isinstance(text, str) and old in text, f"{old!r} not in {path}"
    files[path] = text.replace(old, new)
    return files


def write_site(folder: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return folder
