"""The loading cache and the parallel load give exactly what the plain loader gives.

Thresholds are lowered so the demo data (128 nominees) takes the paths that ten
thousand nominees take: the store, the stat shortcut, the worker pool.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from publisher import cache, cores
from publisher.dataset import load_dataset
from publisher.errors import DataError


@pytest.fixture
def data(demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(cache, "MIN_FILES", 1)
    monkeypatch.setattr(cache, "MIN_PARALLEL", 10**9)
    monkeypatch.setattr(cache, "CHUNK", 16)
    monkeypatch.setattr(cache, "RACY_NS", 0)  # files were just copied: let them be stored
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "store"))
    monkeypatch.chdir(demo_copy.parent)
    return demo_copy


def _plain(data: Path, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as m:
        m.setenv("PUBLISHER_CACHE", "off")
        return load_dataset(data)


def _problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(p) for p in caught.value.problems]


def test_cached_load_equals_plain_load(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = _plain(data, monkeypatch)
    first, second = load_dataset(data), load_dataset(data)
    assert (Path(os.environ["PUBLISHER_CACHE_DIR"]) / "nominees.pickle").is_file()
    assert first.nominees == plain.nominees == second.nominees
    assert list(second.nominees) == list(plain.nominees)


def test_second_run_reads_no_nominee_file(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_dataset(data)
    read: list[Path] = []
    real = cache.file_digest
    monkeypatch.setattr(cache, "file_digest", lambda path: read.append(path) or real(path))
    real_bytes = cache._read
    monkeypatch.setattr(cache, "_read", lambda path: read.append(path) or real_bytes(path))
    from publisher import loading

    real_read = loading.read_yaml
    parsed: list[Path] = []
    monkeypatch.setattr(loading, "read_yaml", lambda path, raw=None: parsed.append(path) or real_read(path, raw))
    load_dataset(data)
    assert read == []
    assert [p for p in parsed if p.parent.name == "nominees"] == []


def test_a_changed_file_is_read_again(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_dataset(data)
    path = data / "nominees" / "beibei-liao-shuang.yaml"
    before = path.stat()
    text = path.read_text("utf-8").replace("name: 廖爽", "name: 廖双")  # same size in bytes
    path.write_text(text, "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # even with the old time, ctime tells
    assert load_dataset(data).nominees["beibei-liao-shuang"].name == "廖双"
    assert load_dataset(data).nominees["beibei-liao-shuang"].name == "廖双"


def test_removed_and_added_files(data: Path) -> None:
    load_dataset(data)
    source = data / "nominees" / "beibei-liao-shuang.yaml"
    text = source.read_text("utf-8")
    source.unlink()
    assert "beibei-liao-shuang" not in load_dataset(data).nominees
    (data / "nominees" / "beibei-liao-shuang.yaml").write_text(text, "utf-8")
    assert "beibei-liao-shuang" in load_dataset(data).nominees


def test_problems_are_the_same_with_and_without_cache(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data / "nominees" / "beibei-liao-shuang.yaml"
    path.write_text(path.read_text("utf-8").replace("industry_years: 9", "industry_years: 九年"), "utf-8")
    (data / "nominees" / "broken.yaml").write_text("kind: individual\nname: [\n", "utf-8")
    with monkeypatch.context() as m:
        m.setenv("PUBLISHER_CACHE", "off")
        expected = _problems(data)
    assert any("beibei-liao-shuang.yaml:" in p and "industry_years" in p for p in expected)
    assert _problems(data) == expected  # cold: nothing stored yet
    assert _problems(data) == expected  # warm: the good files come from the store


@pytest.mark.skipif(sys.platform != "linux", reason="the pool forks, which only Linux does here")
def test_parallel_cold_load_equals_plain_load(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MIN_PARALLEL", 1)
    monkeypatch.setattr(cores, "workers", lambda: 2)
    plain = _plain(data, monkeypatch)
    assert load_dataset(data).nominees == plain.nominees
    (data / "nominees" / "broken.yaml").write_text("kind: [\n", "utf-8")
    (data / "nominees" / "zz-last.yaml").write_text("kind: individual\nname: 张三\n", "utf-8")  # another chunk
    with monkeypatch.context() as m:
        m.setenv("PUBLISHER_CACHE", "off")
        expected = _problems(data)
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(data.parent / "other-store"))
    assert _problems(data) == expected


def test_a_file_written_just_now_is_not_stored(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 3600 * 10**9)  # everything counts as just written
    load_dataset(data)
    store = cache.Store.open(Path(os.environ["PUBLISHER_CACHE_DIR"]) / "nominees.pickle", cache.code_version())
    assert store.entries == {}


def test_other_code_empties_the_store(data: Path) -> None:
    load_dataset(data)
    path = Path(os.environ["PUBLISHER_CACHE_DIR"]) / "nominees.pickle"
    assert cache.Store.open(path, cache.code_version()).entries
    assert cache.Store.open(path, "another version").entries == {}


def test_a_damaged_store_is_ignored(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_dataset(data)
    (Path(os.environ["PUBLISHER_CACHE_DIR"]) / "nominees.pickle").write_bytes(b"not a pickle")
    assert load_dataset(data).nominees == _plain(data, monkeypatch).nominees


def test_small_folders_write_nothing(demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "store"))
    load_dataset(demo_copy)  # 128 nominees, under MIN_FILES
    assert not (tmp_path / "store").exists()


@pytest.mark.parametrize("reported", [0, 5, 10, 11, 4096])
def test_a_file_is_read_whole_whatever_its_stat_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     reported: int) -> None:
    """One read when the size is right; a file that grew or shrank after its stat is still read to its end."""
    path = tmp_path / "x.yaml"
    path.write_bytes(b"name: \xe5\xbc\xa0\n")  # 10 bytes
    real_fstat = os.fstat

    class Stat:
        def __init__(self, fd: int) -> None:
            self.real = real_fstat(fd)

        def __getattr__(self, name: str) -> object:
            return reported if name == "st_size" else getattr(self.real, name)

    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(cache.os, "fstat", Stat)
    monkeypatch.setattr(cache.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    st, raw = cache._read(path)
    assert raw == path.read_bytes()
    assert st is not None
    if reported == 10:
        assert reads == [11]  # one byte more than the size was asked for, none came: no second call
    else:
        assert len(reads) >= 2  # the size was wrong: read on until the end


@pytest.mark.skipif(sys.platform != "linux", reason="the pool forks, which only Linux does here")
def test_a_begun_load_is_worked_on_while_the_caller_reads_other_files(data: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """``loading_files``: the helper loads nominee files before the caller asks for them (the notices are read meanwhile)."""
    if not cores.can_fork():
        from .fork_support import rerun_alone

        rerun_alone(__file__, "test_a_begun_load_is_worked_on_while_the_caller_reads_other_files")
        return
    monkeypatch.setattr(cache, "MIN_PARALLEL", 1)
    monkeypatch.setattr(cores, "workers", lambda: 2)
    log = tmp_path / "loaded-by"
    from publisher.loading import data_files, load_nominee

    def logged(path: Path, raw: bytes | None = None):
        with log.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return load_nominee(path, raw)

    paths, _ = data_files(data / "nominees")
    with cache.loading_files(paths, logged, data_root=data, name="nominees") as finish:
        for _ in range(500):  # up to 5 s
            if log.exists() and log.read_text():
                break
            time.sleep(0.01)
        before = log.read_text().split() if log.exists() else []
        assert before, "no file was loaded before the caller asked"
        assert str(os.getpid()) not in before  # the caller has loaded nothing yet: the helper did these
        loaded, problems = finish()
    assert problems == []
    assert [item.nominee for item in loaded] == list(_plain(data, monkeypatch).nominees.values())
