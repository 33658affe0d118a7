"""The site served by Debian's nginx with deploy/nginx-site.conf, as it runs in production."""

from __future__ import annotations

import gzip
import re
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .nginx_support import Nginx

pytestmark = pytest.mark.browser

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "SAMEORIGIN",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
POLICY = ("default-src 'self'; script-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; "
          "connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
          "frame-ancestors 'self'")


@pytest.fixture(scope="module")
def nginx(site_factory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = Nginx(site_factory("2026-09-29"), tmp_path_factory.mktemp("nginx")).start()
    yield server.urls["http"]
    server.stop()


@pytest.fixture(scope="module")
def nginx_https(site_factory, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The HTTPS example (deploy/nginx-https.conf.example) with a throw-away self-signed certificate."""
    server = Nginx(site_factory("2026-09-29"), tmp_path_factory.mktemp("nginx-https"), https=True).start()
    yield server.urls
    server.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - urllib's own signature
        return None


_INSECURE = ssl.create_default_context()
_INSECURE.check_hostname = False
_INSECURE.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPSHandler(context=_INSECURE))
    try:
        with opener.open(request, timeout=10) as response:
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


def _every_kind_of_file(base: str) -> list[str]:
    status, _, body = fetch(base)
    assert status == 200
    bundle = re.search(rb'src="(assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js)"', body).group(1).decode()
    return ["", "notices/", bundle, "assets/publisher.css", "assets/publisher-theme.js", "stories/img/assembly-line.svg",
            "data/notices/2026-city.csv", "data/notices/2026-city.json", "data/windows.ics", "feeds/all.rss.xml",
            "feeds/all.atom.xml", "sitemap.xml", "search/search_index.json", "no/such/page/"]


def test_security_headers_on_every_location(nginx: str) -> None:
    """nginx drops the server's add_header in a location with its own: /assets/ once lost three of these."""
    for path in _every_kind_of_file(nginx):
        status, headers, _ = fetch(nginx + path)
        assert status == (404 if path.startswith("no/") else 200), path
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, f"{path}: {name}"
        assert headers.get("content-security-policy") == POLICY, path
        assert "strict-transport-security" not in headers, path  # only over HTTPS


def test_content_types(nginx: str) -> None:
    wanted = {
        "data/notices/2026-city.csv": "text/csv; charset=utf-8",
        "data/notices/2026-city.json": "application/json",
        "data/index.json": "application/json",
        "data/windows.ics": "text/calendar; charset=utf-8",
        "feeds/all.rss.xml": "application/rss+xml; charset=utf-8",
        "feeds/all.atom.xml": "application/atom+xml; charset=utf-8",
        "sitemap.xml": "text/xml; charset=utf-8",
        "notices/": "text/html; charset=utf-8",
        "assets/publisher.css": "text/css; charset=utf-8",
        "assets/publisher-theme.js": "application/javascript; charset=utf-8",
    }
    for path, content_type in wanted.items():
        status, headers, _ = fetch(nginx + path)
        assert (status, headers["content-type"]) == (200, content_type), path


def test_caching_by_location(nginx: str) -> None:
    assert fetch(nginx + "assets/publisher.css")[1]["cache-control"] == "public, max-age=86400"
    assert fetch(nginx + "data/notices/2026-city.csv")[1]["cache-control"] == "no-cache"
    assert fetch(nginx + "no/such/page/")[1]["cache-control"] == "no-cache"


def test_https_example_sends_hsts_everywhere_and_redirects_http(nginx_https: dict[str, str]) -> None:
    https = nginx_https["https"]
    for path in _every_kind_of_file(https):
        status, headers, _ = fetch(https + path)
        assert status == (404 if path.startswith("no/") else 200), path
        assert headers.get("strict-transport-security") == "max-age=31536000", path
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name) == value, f"{path}: {name}"
        assert headers.get("content-security-policy") == POLICY, path
    status, headers, _ = fetch(nginx_https["http"] + "notices/?x=1")
    assert (status, headers["location"]) == (301, "https://127.0.0.1/notices/?x=1")  # $host: the name, no port


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
