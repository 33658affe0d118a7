"""The MkDocs plugin's seams: one refusal whichever way the site is built, and a site model made once."""

from __future__ import annotations

import copy
import dataclasses
import logging
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from publisher.data.dataset import load_dataset
from publisher.errors import PublishError
from publisher.site import build as building
from publisher.site import plugin as plugin_module
from publisher.site.model import SiteModel, build_site_model

from .site_support import DEMO_DATA, make_project

TINY = Path(__file__).parent / "fixtures" / "tiny"
REFUSAL = ("名单不符合通知要求，不能发布（1 个错误，运行 publisher check 查看详情）：\n"
           "  [deadline.submission] 王芳（重庆某某电子有限公司） 报送日期 2026-07-04，晚于截止日期 2026-07-03")


@pytest.fixture
def late(tmp_path: Path) -> Path:
    """The tiny project with 王芳 submitted a day after the deadline: an error that blocks publishing."""
    project = make_project(tmp_path, TINY)
    nominee = project / "data" / "nominees" / "liangjiang-wang-fang.yaml"
    nominee.write_text(nominee.read_text("utf-8").replace("submitted_on: 2026-07-01", "submitted_on: 2026-07-04"),
                       "utf-8")
    return project


def test_publisher_build_and_mkdocs_build_refuse_with_one_message(late: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(PublishError) as by_publisher:
        building.build(late / "mkdocs.yml", late / "site", today=date(2026, 9, 29))
    config = load_config(str(late / "mkdocs.yml"), site_dir=str(late / "mkdocs-site"))
    with pytest.raises(Abort):  # what `mkdocs build` and `publisher serve` run: the plugin's PluginError, logged
        mkdocs_build(config)
    assert str(by_publisher.value) == REFUSAL
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [REFUSAL]
    assert not (late / "site").exists() and not (late / "mkdocs-site").exists()


def test_the_site_model_cannot_be_changed() -> None:
    model = build_site_model(load_dataset(TINY), date(2026, 9, 29))
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.stories = ()  # type: ignore[misc]
    assert model.stories == ()


def test_a_build_leaves_its_site_model_as_it_was_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages, feeds, open data and search words all read the model; none of them may change what the others read."""
    project = make_project(tmp_path, DEMO_DATA, stories=True)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    plugin = config.plugins["publisher"]
    plugin.config.today = "2026-11-20"
    plugin.config.attachments = False  # the PDFs are slow, and read the model as the pages do
    made: list[tuple[SiteModel, SiteModel]] = []

    def keep_a_copy(*args: Any, **kwargs: Any) -> SiteModel:
        model = build_site_model(*args, **kwargs)
        made.append((model, copy.deepcopy(model)))
        return model

    monkeypatch.setattr(plugin_module, "build_site_model", keep_a_copy)
    mkdocs_build(config)
    [(model, as_made)] = made
    assert model.stories and model.decision is not None  # what the pages show is in it
    assert (project / "site" / model.stories[0].url / "index.html").is_file()
    assert _contents(model) == _contents(as_made)


def _contents(model: SiteModel) -> tuple[dict[str, object], dict[str, object]]:
    """The model's fields, and its dataset's but the work calendar (which memoizes each year on first use)."""
    dataset = model.dataset
    return ({f.name: getattr(model, f.name) for f in dataclasses.fields(model) if f.name != "dataset"},
            {f.name: getattr(dataset, f.name) for f in dataclasses.fields(dataset) if f.name != "calendar"})


def test_the_theme_is_handed_the_feeds_the_build_writes(tmp_path: Path) -> None:
    project = make_project(tmp_path, TINY)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    plugin = config.plugins["publisher"]
    plugin.config.today, plugin.config.attachments = "2026-09-29", False
    mkdocs_build(config)
    links = config.extra["publisher_feeds"]
    assert links and all(not link["path"].startswith(("/", "http")) for link in links)  # site-root paths for | url
    written = sorted(p.relative_to(project / "site").as_posix() for p in (project / "site" / "feeds").glob("*.xml"))
    assert sorted(link["path"] for link in links) == [p for p in written if p != "feeds/sitemap.xml"]


def test_a_site_without_an_address_is_refused_by_name(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path, TINY)
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text("utf-8").replace("site_url: https://biaozhang.example.gov.cn/\n", ""), "utf-8")
    program = project / "data" / "program.yaml"
    program.write_text("\n".join(line for line in program.read_text("utf-8").splitlines()
                                 if not line.startswith("site_url:")) + "\n", "utf-8")
    with pytest.raises(Abort):
        mkdocs_build(load_config(str(yml), site_dir=str(project / "site")))
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "请在 mkdocs.yml 中设置 site_url（网站的正式地址）：订阅源和日历需要绝对链接。"]
