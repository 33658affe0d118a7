"""The site served by Debian's nginx with deploy/nginx-site.conf, as it runs in production."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from publisher import csp

from ..site_support import ROOT

pytestmark = pytest.mark.browser
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _site_conf(site: Path, port: int, snippet: Path) -> str:
    conf = (ROOT / "deploy" / "nginx-site.conf").read_text("utf-8")
    conf = conf.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;", "")
    conf = conf.replace("root /srv/publisher/site;", f"root {site};")
    return conf.replace("/etc/nginx/snippets/publisher-csp.conf", str(snippet))


@pytest.fixture(scope="module")
def nginx(site_factory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is not installed (apt-get install nginx)")
    site = site_factory("2026-09-29")
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    snippet = prefix / "publisher-csp.conf"
    snippet.write_text(csp.nginx_snippet(site), "utf-8")
    (prefix / "site.conf").write_text(_site_conf(site, port, snippet), "utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private temp folder
    temp = " ".join(f"{k}_temp_path {prefix}/{k};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(
        f"{user}worker_processes 1;\ndaemon off;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        f"events {{ worker_connections 64; }}\nhttp {{ include /etc/nginx/mime.types; "
        f"default_type application/octet-stream; access_log off; {temp} include {prefix}/site.conf; }}\n", "utf-8")
    process = subprocess.Popen([NGINX, "-c", str(prefix / "nginx.conf"), "-p", str(prefix)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/"
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_security_headers_and_caching(nginx: str) -> None:
    status, headers, body = fetch(nginx)
    assert status == 200
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "http" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-cache"
    bundle = re.search(rb'src="(assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"', body).group(1).decode()
    status, headers, _ = fetch(nginx + bundle)
    assert status == 200 and "immutable" in headers["cache-control"]
    assert headers["x-content-type-options"] == "nosniff" and "content-security-policy" in headers


def test_gzip_and_no_directory_listing(nginx: str) -> None:
    status, headers, body = fetch(nginx + "notices/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert "公示档案" in gzip.decompress(body).decode("utf-8")
    status, _, body = fetch(nginx + "assets/")
    assert status in (403, 404) and b"Index of" not in body


def test_missing_page_gets_the_sites_404(nginx: str) -> None:
    status, headers, body = fetch(nginx + "no/such/page/")
    assert status == 404 and "content-security-policy" in headers
    assert "md-content" in body.decode("utf-8")


def _page_urls(site: Path) -> list[str]:
    wanted = ["", "notices/", "objections/", "decision/", "stories/", "open-data/"]
    notice = next((site / "notices").glob("*/index.html"))
    wanted.append(notice.parent.relative_to(site).as_posix() + "/")
    story = next((p for p in (site / "stories").glob("*/index.html")), None) if (site / "stories").is_dir() else None
    if story is not None:
        wanted.append(story.parent.relative_to(site).as_posix() + "/")
    return [u for u in wanted if (site / u / "index.html").is_file()]


def test_every_kind_of_page_runs_without_csp_violation_or_console_error(browser: Browser, nginx: str,
                                                                        site_factory) -> None:
    context = browser.new_context()
    context.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    urls = _page_urls(site_factory("2026-09-29"))
    assert len(urls) >= 4
    for url in urls:
        page.goto(nginx + url)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == [], url
    page.goto(nginx)
    page.locator("input.md-search__input").fill("公示")
    page.locator("input.md-search__input").press("End")  # Material searches on keyup
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)  # the search worker runs under the CSP
    assert page.evaluate("window.__csp") == []
    assert errors == []
    context.close()
