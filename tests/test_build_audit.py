"""The build reads its new site as an inspector would (``publisher audit``) before the swap.

An error refuses the build and leaves the live site as it was; a warning is shown and the
site goes out. The checks themselves are tested in test_audit.py; here, that the build runs them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli.main import main
from publisher.errors import PublishError
from tests.site_support import ROOT, build, make_project, tree_bytes

TINY = ROOT / "tests" / "fixtures" / "tiny"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project built once, so each test can see that a refused build leaves its site/ alone."""
    project = make_project(tmp_path, TINY)
    build(project)
    return project


def test_a_clean_project_builds_with_no_audit_error(project: Path) -> None:
    result = build(project)
    assert not [f for f in result.audit if f.severity == "error"]


def test_a_dead_link_in_content_refuses_the_build_and_keeps_the_site(project: Path) -> None:
    before = tree_bytes(project / "site")
    (project / "content" / "index.md").write_text(
        "# 首页\n\n请看<a href=\"notices/nowhere/\">这份公示</a>。\n", "utf-8")
    with pytest.raises(PublishError) as refused:
        build(project)
    message = str(refused.value)
    assert message.startswith("网站检查（与 publisher audit 相同）发现 1 个错误，网站没有发布，原来的 site/ 保持不变：")
    assert "index.html\n  错误 [link] " in message
    assert "notices/nowhere/" in message
    assert tree_bytes(project / "site") == before


def test_an_empty_page_refuses_the_build(project: Path) -> None:
    before = tree_bytes(project / "site")
    (project / "content" / "blank.md").write_text("# 空白栏目\n", "utf-8")
    with pytest.raises(PublishError) as refused:
        build(project)
    assert "blank/index.html\n  错误 [empty] 页面没有正文" in str(refused.value)
    assert tree_bytes(project / "site") == before


def test_the_command_shows_audit_errors_without_a_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "content" / "blank.md").write_text("# 空白栏目\n", "utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--today", "2026-09-29"])
    assert result.exit_code == 1
    assert "错误 [empty] 页面没有正文" in result.output
    assert "Traceback" not in result.output


def test_audit_warnings_are_shown_and_the_site_goes_out(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tiny project has no website block: the footer keeps empty places, which the audit warns of."""
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["build", "--today", "2026-09-29"])
    assert result.exit_code == 0, result.output
    assert "网站检查警告 [identity] index.html：" in result.output
    assert "已生成" in result.output
