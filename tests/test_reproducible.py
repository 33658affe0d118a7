"""Same input, same bytes: two builds with the same SOURCE_DATE_EPOCH are identical."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from publisher.site import build as building

from .site_support import ROOT, make_project, tree_bytes

EPOCH = "1795140000"  # 2026-11-20 10:00 Asia/Shanghai


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    project = make_project(tmp_path_factory.mktemp("repro"), ROOT / "data", stories=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        first = building.build(project / "mkdocs.yml", project / "one")
        second = building.build(project / "mkdocs.yml", project / "two")
    assert first.today == second.today == date(2026, 11, 20)
    return project / "one", project / "two"


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    one, two = (tree_bytes(p) for p in two_builds)
    assert sorted(one) == sorted(two)
    differing = [name for name in one if one[name] != two[name]]
    assert differing == []
    for must in ("sitemap.xml", "sitemap.xml.gz", "search/search_index.json", "feeds/all.atom.xml",
                 "feeds/all.rss.xml", "data/windows.ics", "data/decision.csv"):
        assert must in one


def test_today_comes_from_source_date_epoch(two_builds: tuple[Path, Path]) -> None:
    home = (two_builds[0] / "index.html").read_text("utf-8")
    # On 2026-11-20 the city 公示 (to 2026-10-09) has closed and the decision (2026-11-06) is out.
    closed = home.split('data-pub-group="closed"')[1].split("</ul>")[0]
    assert "关于制造强市先进集体和先进个人拟表彰对象的公示" in closed
    assert "关于表彰制造强市先进集体和先进个人的决定" in home
