"""A replayed run prints what the real run printed, exits as it exited, and only when nothing changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from publisher import cache, replay

CALLS: list[str] = []


@click.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"))
@click.option("--report", "report", default=None)
@replay.replayable(lambda kw: [kw["data_dir"]], skip=lambda kw: kw["report"] is not None)
def count(data_dir: Path, report: str | None) -> None:
    """Prints the files and their sizes; fails (exit 1) when one is empty, as a check would."""
    CALLS.append("run")
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    for path in files:
        click.echo(f"{path.name} {path.stat().st_size}")
    click.echo("done", err=True)
    if any(p.stat().st_size == 0 for p in files):
        raise click.ClickException("empty file")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(replay, "MIN_FILES", 2)
    monkeypatch.setattr(replay, "RACY_NS", 0)
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "store"))
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "data" / "nominees"
    folder.mkdir(parents=True)
    for name in ("a", "b", "c"):
        (folder / f"{name}.yaml").write_text(f"name: {name}\n", "utf-8")
    CALLS.clear()
    return tmp_path / "data"


def _run(*args: str):
    result = CliRunner().invoke(count, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_unchanged_runs_are_replayed(data: Path) -> None:
    first = _run()
    assert _run() == first == (0, "a.yaml 8\nb.yaml 8\nc.yaml 8\n", "done\n")
    assert CALLS == ["run"]


def test_a_failure_is_replayed_with_its_exit_code(data: Path) -> None:
    (data / "nominees" / "d.yaml").write_text("", "utf-8")
    first = _run()
    assert first[0] == 1 and "empty file" in first[2]
    assert _run() == first
    assert CALLS == ["run"]


@pytest.mark.parametrize("change", ["edit", "add", "remove", "hidden"])
def test_any_change_runs_again(data: Path, change: str) -> None:
    _run()
    path = data / "nominees" / "b.yaml"
    if change == "edit":
        before = path.stat()
        path.write_text("name: x\n", "utf-8")  # same size, time put back: the ctime still tells
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif change == "add":
        (data / "nominees" / "sub").mkdir()
        (data / "nominees" / "sub" / "e.yaml").write_text("x", "utf-8")
    elif change == "remove":
        path.unlink()
    else:
        (data / "nominees" / ".DS_Store").write_text("x", "utf-8")
    _run()
    runs = 1 if change == "hidden" else 2  # hidden files are nobody's input
    assert len(CALLS) == runs


def test_other_options_and_side_effects_are_not_replayed(data: Path) -> None:
    _run()
    _run("--report", "r.html")
    _run("--report", "r.html")
    assert CALLS == ["run", "run", "run"]


def test_small_folders_are_left_alone(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(replay, "MIN_FILES", 100)
    _run()
    _run()
    assert CALLS == ["run", "run"]
    assert not Path(os.environ["PUBLISHER_CACHE_DIR"]).exists()


def test_cache_off_runs_every_time(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PUBLISHER_CACHE", "off")
    _run()
    _run()
    assert CALLS == ["run", "run"]
    assert cache.store_dir(data.parent) is None


@click.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"))
@replay.replayable(lambda kw: [kw["data_dir"]])
def edits(data_dir: Path) -> None:
    """Someone saves a file while the command runs: what it printed may not match what is there now."""
    CALLS.append("run")
    (data_dir / "nominees" / "a.yaml").write_text("name: changed\n", "utf-8")


def test_a_file_saved_during_the_first_run_is_not_replayed(data: Path) -> None:
    CliRunner().invoke(edits, [])
    CliRunner().invoke(edits, [])
    assert CALLS == ["run", "run"]


@click.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"))
@replay.replayable(lambda kw: [kw["data_dir"]])
def removes(data_dir: Path) -> None:
    """Lists the files, then someone deletes one of them while the command is still running."""
    CALLS.append("run")
    click.echo(" ".join(sorted(p.name for p in (data_dir / "nominees").iterdir())))
    time.sleep(0.05)  # past the file system's clock tick, which may lag the run's start a little
    (data_dir / "nominees" / "a.yaml").unlink(missing_ok=True)


def test_a_file_removed_during_the_first_run_is_not_replayed(data: Path) -> None:
    assert CliRunner().invoke(removes, []).stdout == "a.yaml b.yaml c.yaml\n"
    # The folder now matches what a key made after the run sees; the output does not.
    assert CliRunner().invoke(removes, []).stdout == "b.yaml c.yaml\n"
    assert CALLS == ["run", "run"]


def _read_as_text(path: Path, raw: bytes | None) -> str:
    return raw.decode() if raw is not None else path.read_text("utf-8")


@click.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"))
@replay.replayable(lambda kw: [kw["data_dir"]])
def loads(data_dir: Path) -> None:
    """Reads its files through the loading cache, as ``validate`` and ``check`` do."""
    CALLS.append("run")
    paths = sorted((data_dir / "nominees").glob("*.yaml"))
    texts, _ = cache.load_files(paths, _read_as_text, data_root=data_dir, name="texts")
    click.echo("".join(texts))


def test_files_the_run_loaded_are_not_read_again_for_its_key(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MIN_FILES", 1)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    digested: list[Path] = []
    real = replay.file_digest
    monkeypatch.setattr(replay, "file_digest", lambda path: digested.append(path) or real(path))
    assert CliRunner().invoke(loads, []).stdout == "name: a\nname: b\nname: c\n\n"
    assert digested == []  # the loader's digests of the bytes it used
    result = CliRunner().invoke(loads, [])
    assert CALLS == ["run"]  # a key made from the loader's notes is the key a later run makes by stat and read
    assert result.stdout == "name: a\nname: b\nname: c\n\n"


def test_the_loader_notes_what_it_read_only_while_asked(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MIN_FILES", 1)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    paths = sorted((data / "nominees").glob("*.yaml"))
    with cache.noting_reads() as read:
        cache.load_files(paths, _read_as_text, data_root=data, name="texts")
    assert set(read) == {str(p) for p in paths}
    assert all(digest == cache.file_digest(Path(p)) and stat == cache.stat_key(Path(p).stat())
               for p, (stat, digest) in read.items())
    noted = dict(read)
    paths[1].write_text("name: changed\n", "utf-8")
    cache.load_files(paths, _read_as_text, data_root=data, name="texts")  # a later run, not noting
    assert read == noted


def test_the_stories_validate_reads_are_not_read_again_for_its_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``validate`` reads every story (in a helper, for many): the key of its replay takes those reads as they were."""
    import shutil

    from publisher import stories
    from publisher.cli import main

    from .conftest import DEMO_DATA, ROOT

    shutil.copytree(DEMO_DATA, tmp_path / "data")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "store"))
    for module in (replay, cache):
        monkeypatch.setattr(module, "MIN_FILES", 1)
        monkeypatch.setattr(module, "RACY_NS", 0)
    digested: list[Path] = []
    real = replay.file_digest
    monkeypatch.setattr(replay, "file_digest", lambda path: digested.append(path) or real(path))
    first = CliRunner().invoke(main, ["validate"])
    assert first.exit_code == 0, first.output
    story_files = {p.resolve() for p in (tmp_path / "content" / "stories").glob("*.md")}
    assert story_files and not story_files & {p.resolve() for p in digested}
    read: list[object] = []
    real_read = stories._read_each
    monkeypatch.setattr(stories, "_read_each", lambda paths: read.append(paths) or real_read(paths))
    again = CliRunner().invoke(main, ["validate"])
    assert (again.exit_code, again.output) == (0, first.output)
    assert read == []  # replayed: the key made from the stories' notes is the key this run made by stat
