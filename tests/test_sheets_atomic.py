"""An import is all or nothing, even killed: ``data/nominees`` as before or complete, never a mix.

An import killed with SIGKILL or SIGTERM at several moments (found by watching the file system,
never by a hook in the code) leaves ``data/nominees`` byte-identical to before or to the complete
result, and ``publisher validate`` agrees; the next import cleans up what a kill left. An edit made
while an import runs is never overwritten. See publisher/sheets/staging.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from publisher.data.dataset import load_dataset
from publisher.errors import PublishError
from publisher.sheets.columns import columns_of
from publisher.sheets.importing import run_import
from publisher.sheets.reading import read_source
from publisher.sheets.staging import READY, STAGE_PREFIX, snapshot

from .sheets_support import PERSON_LI, cli, fill, make_template, publisher_command, run, tiny_copy, tree_bytes


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tiny_copy(tmp_path)


def _person(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in {**PERSON_LI, **changes}.items() if v is not None}


def test_an_edit_made_during_the_import_stops_it_and_survives(data: Path) -> None:
    template = make_template(data.parent, data)
    source = read_source(fill(template, Path("a.xlsx"), {"个人": [PERSON_LI]}))
    before = snapshot(data / "nominees")
    dataset = load_dataset(data)
    edited = data / "nominees" / "liangjiang-wang-fang.yaml"
    edited.write_text(edited.read_text(encoding="utf-8") + "# 审核意见：材料齐全\n", encoding="utf-8")
    after_edit = tree_bytes(data)
    with pytest.raises(PublishError, match="导入期间 data/nominees 里的文件被改动了"):
        run_import(source, data, dataset, before=before)
    assert tree_bytes(data) == after_edit


def test_an_import_killed_between_two_renames_is_rolled_forward(data: Path) -> None:
    """Where the system has no atomic exchange, the swap is two renames; a kill between them leaves
    ``nominees/`` missing and a checked, READY staging folder, which the next import moves into place."""
    template = make_template(data.parent, data)
    sheet = fill(template, Path("a.xlsx"), {"个人": [PERSON_LI]})
    complete = data.parent / "complete"
    shutil.copytree(data, complete)
    assert run("import", str(sheet), "--data", str(complete)).exit_code == 0
    stage = data / f"{STAGE_PREFIX}killed"
    shutil.copytree(complete, stage / "data")
    (stage / READY).write_text("", encoding="utf-8")
    os.rename(data / "nominees", stage / "old")
    result = cli("import", "a.xlsx", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert "上次导入在替换 data/nominees 时被中断：已把那次导入已校验的结果放到位。" in result.stdout
    assert "未变 1 个" in result.stdout
    assert tree_bytes(data) == tree_bytes(complete)


ROWS = 1000


def big_workbook(path: Path) -> Path:
    headers = [c.header for c in columns_of("individual")]
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("个人")
    sheet.append(headers)
    row = {**_person(), "曾获荣誉": None, "身份证号": None, "手机": None, "邮箱": None, "状态": "推荐"}
    for n in range(ROWS):
        values = {**row, "姓名": f"职工{n:04d}"}
        sheet.append([values.get(h) for h in headers])
    book.save(path)
    return path


def _one_core() -> None:
    """The killed imports run on one core: no loading helper is forked, so killing the command kills it all."""
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _stages(data: Path) -> list[Path]:
    return sorted(data.glob(STAGE_PREFIX + "*"))


def _row_file(n: int) -> str:
    """The file the import writes for row ``n`` of the big workbook (its id: recommender and pinyin)."""
    return f"liangjiang-zhi-gong-{n:04d}.yaml"


MOMENTS: dict[str, Callable[[Path], bool]] = {  # cheap checks: the poller must not slow the import down
    "staging folder made": lambda data: bool(_stages(data)),
    "half the files staged": lambda data: any((s / "data" / "nominees" / _row_file(ROWS // 2)).exists()
                                              for s in _stages(data)),
    "ready to swap": lambda data: any((s / READY).exists() for s in _stages(data)),
    "swapped in": lambda data: (data / "nominees" / _row_file(0)).exists(),
}


def _kill_at(project: Path, moment: Callable[[Path], bool], signum: int) -> bool:
    """Start an import, kill it when ``moment`` is seen; True if it was still running when killed."""
    data = project / "data"
    process = subprocess.Popen([*publisher_command(), "import", "big.xlsx"], cwd=project, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, preexec_fn=_one_core)
    deadline = time.monotonic() + 120
    while process.poll() is None and not moment(data) and time.monotonic() < deadline:
        time.sleep(0.0005)
    alive = process.poll() is None
    if alive:
        process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr, stderr
    return alive


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="runs the import on one core (Linux)")
def test_an_import_killed_at_any_moment_leaves_nominees_as_before_or_complete(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    tiny_copy(origin)
    big_workbook(origin / "big.xlsx")
    before = tree_bytes(origin / "data")
    reference = tmp_path / "reference"
    shutil.copytree(origin, reference)
    done = subprocess.run([*publisher_command(), "import", "big.xlsx"], cwd=reference, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    complete = tree_bytes(reference / "data")
    assert len(complete) == len(before) + ROWS and f"nominees/{_row_file(ROWS // 2)}" in complete
    killed_mid_way = 0
    for signum in (signal.SIGKILL, signal.SIGTERM):
        for name, moment in MOMENTS.items():
            project = tmp_path / f"{signum.name}-{name.replace(' ', '-')}"
            shutil.copytree(origin, project)
            data = project / "data"
            alive = _kill_at(project, moment, signum)
            state = {k: v for k, v in tree_bytes(data).items() if not k.startswith(STAGE_PREFIX)}
            if alive and state == before:
                killed_mid_way += 1
            left = _stages(data)
            if signum == signal.SIGTERM and alive:  # stopped cleanly: its staging folder is gone
                assert not left, f"SIGTERM at {name} left {left}"
            check = cli("validate", cwd=project)
            assert check.returncode == 0, f"{signum.name} at {name}: {check.stdout}{check.stderr}"
            assert STAGE_PREFIX not in check.stdout + check.stderr  # validate never reads a staging folder
            if left:  # what a kill -9 leaves, the next import cleans up (and then does its work)
                again = cli("import", "big.xlsx", cwd=project)
                assert again.returncode == 0, again.stderr
                assert f"已删除上次被中断的导入留下的临时文件夹 data/{left[0].name}" in again.stdout
                counts = f"新增 {ROWS} 个，更新 0 个，未变 0 个" if state == before else f"新增 0 个，更新 0 个，未变 {ROWS} 个"
                assert counts in again.stdout
                assert tree_bytes(data) == complete, f"{signum.name} at {name}: the next import did not finish"
    assert killed_mid_way >= 4, "the kills did not land during the imports (all finished first?)"


def test_the_staging_folder_of_an_import_still_running_is_left_alone(data: Path) -> None:
    template = make_template(data.parent, data)
    fill(template, Path("a.xlsx"), {"个人": [PERSON_LI]})
    running = data / f"{STAGE_PREFIX}{os.getpid()}-abcd"  # this test's process: alive, and not the import's
    (running / "data").mkdir(parents=True)
    result = cli("import", "a.xlsx", cwd=data.parent)
    assert result.returncode == 0, result.stderr
    assert f"另一个导入（进程 {os.getpid()}）正在运行，它的临时文件夹 data/{running.name} 未改动" in result.stdout
    assert "新增 1 个" in result.stdout and running.is_dir()
