"""Work shared with forked helpers gives every result once, even when a helper dies."""

from __future__ import annotations

import gc
import os
import sys
import time

import pytest

from publisher import cores

from .fork_support import rerun_alone

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="helpers are forked, which only Linux does here")


def _square(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def _slow_square(n: int) -> tuple[int, int]:
    time.sleep(0.003)  # long enough for the helper to start before the parent has done everything
    return _square(n)


def _rerun_alone(test_id: str) -> None:
    rerun_alone(__file__, test_id)


def test_every_task_done_once_by_parent_and_helper(monkeypatch: pytest.MonkeyPatch) -> None:
    if not cores.can_fork():
        _rerun_alone("test_every_task_done_once_by_parent_and_helper")
        return
    monkeypatch.setattr(cores, "workers", lambda: 2)
    results = list(cores.share(_slow_square, list(range(200))))
    assert sorted(index for index, _ in results) == list(range(200))
    assert all(value == index * index for index, (value, _) in results)
    pids = {pid for _, (_, pid) in results}
    assert os.getpid() in pids and len(pids) == 2  # both did some of the work


def _die_in_helper(parent: int, n: int) -> int:
    if os.getpid() != parent:
        os._exit(3)  # a helper killed mid-way (out of memory, say)
    return n + 1


def test_tasks_of_a_dead_helper_are_done_again(monkeypatch: pytest.MonkeyPatch) -> None:
    if not cores.can_fork():
        _rerun_alone("test_tasks_of_a_dead_helper_are_done_again")
        return
    monkeypatch.setattr(cores, "workers", lambda: 2)
    from functools import partial

    results = dict(cores.share(partial(_die_in_helper, os.getpid()), list(range(50))))
    assert results == {n: n + 1 for n in range(50)}


def test_without_helpers_the_parent_does_everything_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cores, "workers", lambda: 1)
    assert [index for index, _ in cores.share(_square, [3, 1, 2])] == [0, 1, 2]
    assert list(cores.share(_square, [5], parallel=True)) == [(0, (25, os.getpid()))]


def test_garbage_collection_comes_back_after_the_work() -> None:
    assert gc.isenabled()
    seen = []
    for _ in cores.share(_square, [1, 2], parallel=False):
        seen.append(gc.isenabled())
    assert seen == [False, False]
    assert gc.isenabled()


def test_data_kept_for_good_is_not_collected_again_at_the_first_allocation() -> None:
    """Without the freeze, the first allocation after the pause walks all it made (a second at 10,000 nominees)."""
    frozen = gc.get_freeze_count()
    try:
        with cores.paused_gc(freeze=True):
            kept = [{"n": [i]} for i in range(20_000)]
        assert gc.isenabled()
        assert gc.get_count()[0] < 700  # below the threshold of a collection
        assert gc.get_freeze_count() >= frozen + 40_000
    finally:
        gc.unfreeze()
    assert len(kept) == 20_000


def test_started_work_goes_on_while_the_caller_does_something_else(monkeypatch: pytest.MonkeyPatch) -> None:
    if not cores.can_fork():
        _rerun_alone("test_started_work_goes_on_while_the_caller_does_something_else")
        return
    monkeypatch.setattr(cores, "workers", lambda: 2)
    with cores.started(_slow_square, list(range(100))) as finish:
        time.sleep(0.6)  # the helper alone, meanwhile: 100 tasks of 3 ms fit with room to spare
        results = dict(finish())
    assert {index: value for index, (value, _) in results.items()} == {n: n * n for n in range(100)}
    by_helper = sum(pid != os.getpid() for _, pid in results.values())
    assert by_helper >= 80  # sharing from the start, as share does, would split them about evenly


def _forever(n: int) -> int:
    time.sleep(60)
    return n


def test_leaving_a_started_block_early_stops_its_helpers(monkeypatch: pytest.MonkeyPatch) -> None:
    if not cores.can_fork():
        _rerun_alone("test_leaving_a_started_block_early_stops_its_helpers")
        return
    import multiprocessing

    monkeypatch.setattr(cores, "workers", lambda: 2)
    began = time.monotonic()
    with pytest.raises(RuntimeError), cores.started(_forever, [1, 2, 3]):
        assert len(multiprocessing.active_children()) == 1
        raise RuntimeError("the data folder has problems")  # as load_or_fail would, while stories are read
    assert multiprocessing.active_children() == []
    assert time.monotonic() - began < 10


def _timed_big(n: int) -> tuple[int, float, bytes]:
    time.sleep(0.01)
    return os.getpid(), time.monotonic(), b"x" * 600_000  # as big as 250 nominees pickled: fills a pipe ten times


def test_helper_results_are_taken_in_while_it_works_and_a_full_pipe_does_not_stall_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The parent unpickles the helper's results between its own tasks, not all at the end (a serial tail)."""
    if not cores.can_fork():
        _rerun_alone("test_helper_results_are_taken_in_while_it_works_and_a_full_pipe_does_not_stall_it")
        return
    monkeypatch.setattr(cores, "workers", lambda: 2)
    arrivals: dict[int, float] = {}
    results = {}
    for index, result in cores.share(_timed_big, list(range(60))):
        results[index] = result
        if result[0] != os.getpid():
            arrivals[index] = time.monotonic()
    assert sorted(results) == list(range(60))
    helper_done = [made for pid, made, _ in results.values() if pid != os.getpid()]
    assert len(helper_done) >= 18  # about half: it did not wait on the pipe for the parent
    assert min(arrivals.values()) < max(helper_done)  # some came in before the helper's last task was done
