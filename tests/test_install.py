"""The publisher as an office gets it: a wheel installed into a fresh venv, used in an empty folder.

Nothing here may lean on the repository: the wheel carries the templates, the theme
overrides and the skeleton of ``publisher init``, and the commands run in a folder
that holds only what ``init`` and the office put there. Installing takes the
dependencies from the package registry (pip's cache makes a second run quick).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .sheets_support import COLLECTIVE, PERSON_LI, fill

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, *, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PUBLISHER_TODAY", "SOURCE_DATE_EPOCH", "PYTHONPATH")}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=env)


def _ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"{proc.args} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin/`` folder of a fresh venv holding only the wheel built from this checkout and its dependencies."""
    work = tmp_path_factory.mktemp("install")
    _ok(_run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(work / "dist"), str(ROOT)], work))
    wheel = next((work / "dist").glob("publisher-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for shipped in ("publisher/templates/notice.md.j2", "publisher/theme/main.html",
                    "publisher/theme/assets/publisher.css", "publisher/scaffold/data/program.yaml"):
        assert shipped in names, f"the wheel lacks {shipped}"
    assert not any(n.startswith(("tests/", "data/", "content/")) for n in names), "the wheel carries the demo"
    venv.EnvBuilder(with_pip=True).create(work / "venv")
    bin_dir = work / "venv" / "bin"
    _ok(_run([str(bin_dir / "pip"), "install", "--quiet", str(wheel)], work))
    return bin_dir


def test_a_new_program_is_made_filled_checked_and_built_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    publisher = str(installed / "publisher")
    _ok(_run([publisher, "init", "program"], tmp_path))
    project = tmp_path / "program"
    assert (project / "templates" / "README.md").is_file() and (project / "data" / "nominees").is_dir()
    assert "publicity_working_days" in (project / "data" / "program.yaml").read_text("utf-8")

    _ok(_run([publisher, "template", "推荐对象.xlsx"], project))
    unit = {"推荐单位": "某某区（示例）"}
    fill(project / "推荐对象.xlsx", project / "填好的.xlsx",
         {"集体": [{**COLLECTIVE, **unit, "状态": "推荐"}], "个人": [{**PERSON_LI, **unit, "状态": "推荐"}]})
    _ok(_run([publisher, "import", "填好的.xlsx"], project))
    assert len(list((project / "data" / "nominees").glob("*.yaml"))) == 2

    assert "数据有效：2 个推荐对象" in _ok(_run([publisher, "validate"], project))
    assert "共 2 个推荐对象" in _ok(_run([publisher, "check", "--report", "report.html"], project))
    report = (project / "report.html").read_text("utf-8")
    # the skeleton's website block is commented out until the office has its numbers: three warnings, no error
    assert "合规检查报告 — 某某先进集体和先进个人评选表彰" in report and "检查发现（3 条）" in report
    assert report.count("site.identity-missing") == 3
    _ok(_run([publisher, "build", "--today", "2026-09-29"], project))
    home = (project / "site" / "index.html").read_text("utf-8")
    assert "某某先进集体和先进个人评选表彰" in home
    assert '<a data-field="contact" href="contact/">联系我们</a>' in home and (project / "site" / "sitemap" / "index.html").is_file()
    assert (project / "site" / "assets" / "publisher.css").is_file(), "the package's theme overrides were not used"
    assert not (project / "content" / "notices").exists(), "the build wrote into the docs folder"


def test_init_never_overwrites_an_office_file(installed: Path, tmp_path: Path) -> None:
    mine = tmp_path / "program" / "data" / "program.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text("title: 我们自己的项目\n", "utf-8")

    proc = _run([str(installed / "publisher"), "init", "program"], tmp_path)

    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "data/program.yaml" in proc.stderr and "没有改动任何文件" in proc.stderr
    assert mine.read_text("utf-8") == "title: 我们自己的项目\n"
    assert sorted(p.name for p in (tmp_path / "program").rglob("*")) == ["data", "program.yaml"]


def test_a_project_template_overrides_the_default_by_file_name(installed: Path, tmp_path: Path) -> None:
    publisher = str(installed / "publisher")
    _ok(_run([publisher, "init", "program"], tmp_path))
    project = tmp_path / "program"
    (project / "templates" / "objections.md.j2").write_text("# 异议受理\n\n本项目自己的异议受理说明。\n", "utf-8")
    (project / "site_overrides" / "assets").mkdir()
    (project / "site_overrides" / "assets" / "publisher.css").write_text("/* 本项目自己的样式 */\n", "utf-8")

    _ok(_run([publisher, "build", "--today", "2026-09-29"], project))

    assert "本项目自己的异议受理说明。" in (project / "site" / "objections" / "index.html").read_text("utf-8")
    assert (project / "site" / "assets" / "publisher.css").read_text("utf-8") == "/* 本项目自己的样式 */\n"
    assert "公示档案" in (project / "site" / "notices" / "index.html").read_text("utf-8"), "other defaults stay"
