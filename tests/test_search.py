"""Search finds people: a name typed alone finds every public page that shows it.

Material's search plugin segments Chinese text with jieba at build time and
writes the words into ``search/search_index.json`` separated by its separator
(``search.separator``: spaces, the zero-width space it puts around each word,
Chinese punctuation). The browser splits the index text on that separator, and
a query matches a word it begins. So a page is found by a name when the name is
one whole word of that page's index text; jieba alone cuts 夏文静 into 夏 + 文静.
The publisher hands the search plugin a user dictionary of the names and units
the site shows (``publisher/searchwords.py``); these tests build the demo and
check every (page, name) pair, and that the dictionary never reaches the site.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest

from publisher.data.dataset import Dataset, load_dataset
from publisher.errors import PublishError
from publisher.site import search_words
from publisher.site.model import build_site_model
from publisher.site.public_view import PublicNominee
from publisher.site.search_words import shown_nominees, user_dictionary, words

from .site_support import ROOT, build, make_project

DEMO = ROOT / "data"
"""The demo itself (not PUBLISHER_TEST_DATA): its every name is checked."""
TINY = ROOT / "tests" / "fixtures" / "tiny"
TODAY = "2026-11-20"
"""After the decision: every notice, the decision and the stories are online (the unit lists retire from
2026-12-06 under the demo's publicity_retention_days: 90, see docs/retention.md)."""
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
TAG = re.compile(r"<[^>]*>")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    """The demo project built once: its site folder and its data."""
    project = make_project(tmp_path_factory.mktemp("demo"), DEMO, stories=True)
    build(project, today=TODAY)
    return project / "site", load_dataset(project / "data")


def shown_text(page: Path) -> str:
    """What a visitor reads on ``page``: its article, without markup."""
    found = ARTICLE.search(page.read_text("utf-8"))
    assert found, f"{page} has no article"
    return html.unescape(TAG.sub("", found.group(1)))


def index_words(site: Path) -> dict[str, set[str]]:
    """Each page's words as the browser splits them: index text between tags, cut at the separator."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    separator = re.compile(index["config"]["separator"])
    out: dict[str, set[str]] = {}
    for entry in index["docs"]:
        page = out.setdefault(entry["location"].split("#")[0], set())
        for field in (entry["title"], entry["text"]):
            page.update(word for block in TAG.split(field) for word in separator.split(block) if word)
    return out


def pairs_not_found(site: Path, names: set[str]) -> tuple[int, list[tuple[str, str]]]:
    """How many (page, name) pairs have the page showing the name, and those whose index lacks the whole word."""
    found = index_words(site)
    pairs, missing = 0, []
    for page in sorted(site.rglob("*.html")):
        url = "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        text = shown_text(page)
        for name in sorted(names):
            if name in text:
                pairs += 1
                if name not in found.get(url, set()):
                    missing.append((url, name))
    return pairs, missing


def test_every_persons_name_finds_every_page_that_shows_it(demo: tuple[Path, Dataset]) -> None:
    site, dataset = demo
    people = {n.name for n in dataset.nominees.values() if n.kind == "individual"}
    pairs, missing = pairs_not_found(site, people)
    assert pairs >= 144  # the demo's lists, decision and stories: not a sample
    assert missing == []


def test_withdrawn_people_are_found_on_the_notices_that_still_list_them(demo: tuple[Path, Dataset]) -> None:
    site, dataset = demo
    withdrawn = {n.name for n in dataset.nominees.values() if n.kind == "individual" and n.status.value == "withdrawn"}
    found = index_words(site)
    listed = [name for name in withdrawn if name in shown_text(site / "notices" / "2026-city" / "index.html")]
    assert listed, "the demo's city notice lists a nominee withdrawn afterwards"
    assert all(name in found["notices/2026-city/"] for name in listed)


def test_every_unit_finds_every_page_that_shows_it(demo: tuple[Path, Dataset]) -> None:
    site, dataset = demo
    pairs, missing = pairs_not_found(site, {n.unit for n in dataset.nominees.values()})
    assert pairs >= 100
    assert missing == []


def test_the_dictionary_is_the_names_and_units_a_page_shows() -> None:
    model = build_site_model(load_dataset(DEMO), date.fromisoformat(TODAY))
    shown = list(shown_nominees(model))
    taught = words(shown)
    assert {p.name for p in shown if p.kind == "individual"} <= set(taught)
    assert {p.unit for p in shown} <= set(taught)
    teams = {p.name for p in shown if p.kind == "collective" and p.name != p.unit}
    assert teams and not teams & set(taught)  # a collective's unit is a word; its team is cut as usual
    person = PublicNominee("x", "individual", "阿依古丽·买买提", "ACME", "", (), "r", "R")
    assert words([person]) == ["买买提", "阿依古丽"]  # jieba segments runs of Han characters only


def test_a_sites_own_user_dictionary_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_words, "_HANDED", set())  # as in a fresh process: an earlier build handed 王芳 over
    own = tmp_path / "words.txt"
    own.write_text("制造强市 10 n\n", "utf-8")
    data = tmp_path / "data"  # a name no other build of this process handed to jieba yet (each word goes once)
    shutil.copytree(TINY, data)
    nominee = data / "nominees" / "liangjiang-wang-fang.yaml"
    nominee.write_text(nominee.read_text("utf-8").replace("name: 王芳", "name: 欧阳芳菲"), "utf-8")
    model = build_site_model(load_dataset(data), date(2026, 9, 29))
    path = user_dictionary(model, str(own))
    try:
        lines = path.read_text("utf-8").splitlines()
    finally:
        path.unlink()
    assert lines[0] == "制造强市 10 n"
    assert "欧阳芳菲 100000" in lines


@pytest.mark.parametrize("fails", ["no", "in the search plugin's on_config", "after on_config"])
def test_the_dictionary_is_never_published_and_never_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                fails: str) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))  # where the build's temporary files go, in this test
    project = make_project(tmp_path, TINY)
    if fails == "no":
        build(project)
        site = project / "site"
        assert "王芳" in index_words(site)["notices/2026-city/"]
        assert not [p for p in site.rglob("*") if "search-words" in p.name]
        assert not any("王芳 100000" in p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file())
    else:
        if fails == "after on_config":  # a hand-written page where a generated one goes: on_files refuses it
            (project / "content" / "notices").mkdir(parents=True, exist_ok=True)
            (project / "content" / "notices" / "index.md").write_text("# 手写\n", "utf-8")
        else:  # the dictionary is written, and the build stops before the search plugin is done with it
            from material.plugins.search.plugin import SearchPlugin
            from mkdocs.exceptions import PluginError

            def broken(self: SearchPlugin, config: object) -> None:
                raise PluginError("search broke")

            monkeypatch.setattr(SearchPlugin, "on_config", broken)
        with pytest.raises(PublishError):
            build(project)
    assert [p.name for p in temporary.iterdir() if p.name.startswith("publisher-")] == []
