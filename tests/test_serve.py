"""`publisher serve`: a preview on 127.0.0.1 that rebuilds when the office edits data."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .site_support import make_project

TINY = Path(__file__).parent / "fixtures" / "tiny"
PUBLISHER = shutil.which("publisher", path=str(Path(sys.executable).parent)) or "publisher"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} never appeared at {url}; last body: {body[:200]!r}")


def test_serve_previews_and_rebuilds_on_data_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path, TINY)
    port = _free_port()
    server = subprocess.Popen([PUBLISHER, "serve", "-a", f"127.0.0.1:{port}", "--today", "2026-09-29"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/notices/2026-city/"
        _wait_for(url, "公示期为2026年9月28日至10月9日（5个工作日）", 90)
        notice = project / "data" / "notices" / "2026-city.yaml"
        notice.write_text(notice.read_text("utf-8").replace("title: 关于", "title: 更新后的关于"), "utf-8")
        _wait_for(url, "更新后的关于制造强市", 60)
    finally:
        server.terminate()
        server.wait(timeout=20)
    assert not list((project / "content").rglob("notices"))


def test_serve_shows_the_privacy_guard_as_a_banner(tmp_path: Path) -> None:
    """The preview runs the build's guard: what it finds is on the page, named by source file and line."""
    project = make_project(tmp_path, TINY)
    leak = project / "content" / "leak.md"
    leak.write_text("# 情况说明\n\n王芳（身份证号 ５００１０１１９８８０３０２１２３４）的材料已收到。\n", "utf-8")
    port = _free_port()
    server = subprocess.Popen([PUBLISHER, "serve", "-a", f"127.0.0.1:{port}", "--today", "2026-09-29"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        page = _wait_for(f"http://127.0.0.1:{port}/leak/", "pub-privacy-banner", 90)
        banner = page.split('<div class="pub-privacy-banner" role="alert"', 1)[1].split("</div>", 1)[0]
        assert "正式发布（publisher build）时会被拒绝" in banner
        assert "site/leak/index.html: 含有 liangjiang-wang-fang 的 private.id_number（来自 content/leak.md:3）" in banner
        assert "其他文件：search/search_index.json" in banner  # the search index holds the page's text too
        home = _wait_for(f"http://127.0.0.1:{port}/", "pub-privacy-banner", 10)
        assert "site/leak/index.html" not in home and "其他文件：search/search_index.json" in home
        leak.write_text("# 情况说明\n\n王芳的材料已收到。\n", "utf-8")
        fixed = _wait_for(f"http://127.0.0.1:{port}/leak/", "王芳的材料已收到。", 60)
        assert "pub-privacy-banner" not in fixed
    finally:
        server.terminate()
        server.wait(timeout=20)
