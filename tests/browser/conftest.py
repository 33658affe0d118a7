"""Browser tests: Debian's chromium driven by Playwright, pages served on 127.0.0.1.

Never a downloaded browser: ``executable_path`` points at /usr/bin/chromium, with the
flags that work as root on a machine without outside network. Each server listens
on a free loopback port and is shut down by its fixture.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ..site_support import DEMO_DATA, build, make_project

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without chromium, skip on a developer's machine but fail loudly in CI."""
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS, "headless": True}


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@functools.cache
def _site(tmp_root: Path, today: str) -> Path:
    project = make_project(tmp_root / today, DEMO_DATA, stories=True)
    build(project, today=today)
    return project / "site"


@pytest.fixture(scope="session")
def site_factory(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("sites")
    return lambda today: _site(root, today)


@pytest.fixture(scope="session")
def serve() -> Iterator:
    """Start a static server for a folder on 127.0.0.1; every server stops at the session's end."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_Quiet, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def during(site_factory, serve) -> str:
    """The demo site built while the city-level 公示 is open, served."""
    return serve(site_factory("2026-09-29"))


@pytest.fixture(scope="session")
def before(site_factory, serve) -> str:
    """The demo site built before the city-level 公示 opens, served."""
    return serve(site_factory("2026-09-25"))


@pytest.fixture(scope="session")
def after(site_factory, serve) -> str:
    """The demo site built after the decision was issued, served."""
    return serve(site_factory("2026-11-20"))
