"""The search segmenter answers exactly what jieba answers, from memory, from disk or from workers."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jieba
import pytest
from material.plugins.search import plugin as search

from publisher import segment

from .fork_support import rerun_alone

TEXTS = ["重庆市经济和信息化委员会", "制造强市先进集体和先进个人评选表彰", "两江新区", "智能网联新能源汽车",
         "榨菜智能工厂年产能提升", "廖爽", "九龙坡区"]
PAGE = ("<h1 id='t'>关于<strong>制造强市</strong>先进集体的公示</h1>\n<p>经推荐、审核，现将拟表彰对象予以公示。</p>"
        "<ol><li><span class='pub-name'>张建国</span> <span>重庆某某汽车有限公司总装车间主任</span></li></ol>")


def _jieba(text: str) -> list[str]:
    return list(jieba.cut(text))


def test_cut_is_jiebas_cut(tmp_path: Path) -> None:
    segmenter = segment.Segmenter(jieba, tmp_path / "store.pickle")
    for text in TEXTS:
        assert segmenter.cut(text.encode("utf-8")) == _jieba(text)  # how Material calls it
        assert segmenter.cut(text) == _jieba(text)  # the second time from the memo
    assert segmenter.new == len(TEXTS)
    assert list(segmenter.cut(TEXTS[0], cut_all=True)) == list(jieba.cut(TEXTS[0], cut_all=True))


def test_the_store_round_trips_and_keeps_only_what_was_used(tmp_path: Path) -> None:
    store = tmp_path / "store.pickle"
    first = segment.Segmenter(jieba, store)
    for text in TEXTS:
        first.cut(text)
    first.save()
    second = segment.Segmenter(jieba, store)
    second.load()
    assert set(second.memo) == set(TEXTS)
    assert second.cut(TEXTS[1]) == _jieba(TEXTS[1])
    assert second.new == 0
    second.save()
    third = segment.Segmenter(jieba, store)
    third.load()
    assert set(third.memo) == {TEXTS[1]}


def _rerun_alone(test_id: str) -> None:
    rerun_alone(__file__, test_id)


@pytest.mark.parametrize("parallel", [False, True])
def test_presegment_gives_jiebas_words(parallel: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if parallel:
        if sys.platform != "linux":
            pytest.skip("the pool forks, which only Linux does here")
        if not segment._can_fork():  # other tests left threads (servers, browsers): the pool rightly refuses
            _rerun_alone("test_presegment_gives_jiebas_words[True]")
            return
        monkeypatch.setattr(segment, "MIN_PARALLEL_CHARS", 1)
        monkeypatch.setattr(segment, "_workers", lambda: 2)
    segmenter = segment.Segmenter(jieba)
    assert segmenter.start([PAGE]) == (len(segment.runs_of(PAGE)) if parallel else 0)
    segmenter.presegment([PAGE, "<p>" + "，".join(TEXTS) + "</p>"])
    assert "关于制造强市先进集体的公示" in segment.runs_of(PAGE)  # joined across <strong>, as the indexer joins it
    for text in [*segment.runs_of(PAGE), *TEXTS]:
        assert segmenter.cut(text.encode("utf-8")) == _jieba(text)  # from the worker's answers when parallel
    assert segmenter.new == len(segment.runs_of(PAGE)) + len(TEXTS)  # each segmented once, none by cut itself
    segmenter.close()


def test_the_search_plugin_indexes_the_same_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = search.SearchIndex()
    text = "关于制造强市先进集体和先进个人拟表彰对象的公示 2026年 重庆市经济和信息化委员会"
    plain = index._segment_chinese(text)
    monkeypatch.setattr(search, "jieba", search.jieba)  # restored after the test
    assert segment.install(None, tmp_path) is not None
    assert isinstance(search.jieba, segment.Segmenter)
    assert index._segment_chinese(text) == plain
    assert index._segment_chinese(text) == plain


def test_fingerprint_follows_the_dictionaries(tmp_path: Path) -> None:
    class Config:
        jieba_dict = None
        jieba_dict_user = None

    default = segment.fingerprint(jieba, Config())
    words = tmp_path / "user.txt"
    words.write_text("制造强市 10 n\n", "utf-8")
    Config.jieba_dict_user = str(words)
    with_user = segment.fingerprint(jieba, Config())
    words.write_text("制造强市 20 n\n", "utf-8")
    assert len({default, with_user, segment.fingerprint(jieba, Config())}) == 3


def test_compact_index_keeps_the_json(tmp_path: Path) -> None:
    path = tmp_path / "search" / "search_index.json"
    path.parent.mkdir()
    data = {"config": {"lang": ["zh"]}, "docs": [{"location": "", "title": "公示\u200b名单", "text": "<p>两江\u200b新区</p>"}]}
    path.write_text(json.dumps(data, separators=(",", ":")), "utf-8")
    before = path.stat().st_size
    assert segment.compact_index(tmp_path) > 0
    assert json.loads(path.read_text("utf-8")) == data
    assert path.stat().st_size < before


def _site_config(**search_options: str) -> object:
    plugin = search.SearchPlugin()
    errors, _warnings = plugin.load_config(search_options)
    assert not errors

    class Config:
        plugins = {"material/search": plugin}

    return Config()


def _head_start_allowed(monkeypatch: pytest.MonkeyPatch, test_id: str) -> bool:
    """Small pages and two cores count as a large site here; elsewhere (threads left running) rerun alone."""
    if sys.platform != "linux":
        pytest.skip("the head start forks, which only Linux does here")
    if not segment._can_fork():
        _rerun_alone(test_id)
        return False
    monkeypatch.setattr(segment, "MIN_PARALLEL_CHARS", 1)
    monkeypatch.setattr(segment, "_workers", lambda: 2)
    monkeypatch.setattr(search, "jieba", jieba)  # as a fresh process has it; restored after the test
    return True


def test_a_head_start_is_taken_over_by_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not _head_start_allowed(monkeypatch, "test_a_head_start_is_taken_over_by_the_build"):
        return
    docs = tmp_path / "content"
    docs.mkdir()
    (docs / "a.md").write_text("# 关于制造强市先进集体的公示\n\n" + "，".join(TEXTS) + "\n", "utf-8")
    config = _site_config()
    started = segment.head_start(config, tmp_path / "store", docs)
    assert started is not None and started.head_start
    assert segment.install(config, tmp_path / "store") is started  # the build carries on with it
    assert not started.head_start and started.had_head_start
    started.presegment([])  # before indexing: the head start's answers are taken in
    for text in ["关于制造强市先进集体的公示", *TEXTS]:
        assert text in started.memo
        assert started.cut(text) == _jieba(text)
    started.close()
    assert segment.install(config, tmp_path / "store") is not started  # a later build (serve) starts afresh


def test_an_unclaimed_head_start_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not _head_start_allowed(monkeypatch, "test_an_unclaimed_head_start_is_stopped"):
        return
    (tmp_path / "a.md").write_text("# 关于制造强市先进集体的公示\n", "utf-8")
    started = segment.head_start(_site_config(), None, tmp_path)
    assert started is not None and search.jieba is started
    process = started._head[0]
    segment.drop_head_start()  # the data had problems: no build follows
    assert search.jieba is jieba
    assert not process.is_alive()


def test_no_head_start_with_a_site_dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "jieba", jieba)
    words = tmp_path / "words.txt"
    words.write_text("制造强市 10 n\n", "utf-8")
    assert segment.head_start(_site_config(jieba_dict_user=str(words)), None, tmp_path) is None
