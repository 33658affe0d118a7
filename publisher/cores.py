"""Using every core for work that splits into independent tasks (reading files, scanning pages).

A pool of worker processes leaves the parent waiting and then unpickling
everything they made, which on two cores means three processes fighting for
two. :func:`share` forks one helper per *extra* core instead: the parent works
too, the tasks are handed out one at a time from a shared counter (so a slow
task does not leave a core idle), and only the helpers' results cross a pipe.

Forking is only done on Linux and while this is the only thread: a fork taken
while another thread holds a lock (``publisher serve`` runs a web server and a
file watcher) can leave the child stuck on it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import queue
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Forking is safe only on Linux and before any other thread started."""
    return sys.platform == "linux" and threading.active_count() == 1


@contextmanager
def paused_gc(*, freeze: bool = False) -> Iterator[None]:
    """No cyclic garbage collection while many long-lived objects are made.

    Loading ten thousand files creates objects that all survive, so each
    automatic collection walks everything made so far for nothing: about a
    quarter of the loading time. What the block makes contains no cycles to
    collect; the previous setting comes back at the end, whatever happens.

    The allocations still count, so the first allocation after the block
    starts a collection of everything it made. With ``freeze`` (for data that
    lives until the process ends) the objects are moved out of the collector's
    sight first (:func:`gc.freeze`), which also clears the count.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def _claim(counter: Any, total: int) -> Iterator[int]:
    """The next task nobody has taken yet, until there are none."""
    while True:
        with counter.get_lock():
            index = counter.value
            counter.value = index + 1
        if index >= total:
            return
        yield index


def _helper(func: Callable[[Any], Any], tasks: Sequence[Any], counter: Any, pipe: Connection) -> None:
    """In a forked helper: take tasks until none are left, each result sent as soon as it is made.

    A thread of the helper's own does the sending. A result (half a megabyte
    for 250 nominee files) fills the pipe many times over, and the parent reads
    only between tasks of its own: written from this loop, the helper would
    wait on every full pipe instead of working. The parent, in turn, takes each
    result in while the helper is still busy rather than all of them at the end.
    """
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(outbox, pipe), daemon=True)
    sender.start()
    with paused_gc():
        for index in _claim(counter, len(tasks)):
            outbox.put(pickle.dumps((index, func(tasks[index])), protocol=pickle.HIGHEST_PROTOCOL))
    outbox.put(None)
    sender.join()
    pipe.close()


def _send_all(outbox: queue.SimpleQueue[bytes | None], pipe: Connection) -> None:
    """Send what the helper made, in order, until the end mark; a parent gone (stopped early) ends it too."""
    while (message := outbox.get()) is not None:
        try:
            pipe.send_bytes(message)
        except OSError:
            return


def share(func: Callable[[T], R], tasks: Sequence[T], *, parallel: bool = True) -> Iterator[tuple[int, R]]:
    """``(index, func(task))`` for every task, the parent and one forked helper per extra core sharing them.

    Results come in no fixed order: the caller puts them in place by index.
    ``func`` and the results must be picklable only for tasks a helper takes.
    Should a helper die, the tasks it took are done again here, so nothing is
    lost but time.
    """
    with started(func, tasks, parallel=parallel) as finish:
        yield from finish()


@contextmanager
def started(func: Callable[[T], R], tasks: Sequence[T], *,
            parallel: bool = True) -> Iterator[Callable[[], Iterator[tuple[int, R]]]]:
    """:func:`share`, begun now by the helpers alone and finished when the caller calls what this gives.

    For work that does not depend on what the caller does meanwhile (reading
    the stories while the data folder loads): a core that would idle through
    the caller's own single-threaded steps takes tasks instead. Without a
    helper (one core, or no safe fork) all the work is done by that call.
    Leaving the block stops any helper still running.
    """
    helpers = workers() - 1 if parallel and len(tasks) > 1 and can_fork() else 0
    if helpers < 1:
        def alone() -> Iterator[tuple[int, R]]:
            with paused_gc():
                yield from ((index, func(task)) for index, task in enumerate(tasks))

        yield alone
        return
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    running = []
    try:
        for _ in range(helpers):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_helper, args=(func, tasks, counter, send), daemon=True)
            process.start()
            send.close()
            running.append((process, receive))
        yield lambda: _share_with(func, tasks, counter, running)
    finally:  # also when the caller stops early: no helper outlives the block
        for process, receive in running:
            receive.close()
            if process.is_alive():
                process.terminate()
            process.join()


def _share_with(func: Callable[[T], R], tasks: Sequence[T], counter: Any,
                started: list[tuple[Any, Connection]]) -> Iterator[tuple[int, R]]:
    done: set[int] = set()
    open_pipes = [receive for _process, receive in started]
    with paused_gc():
        for index in _claim(counter, len(tasks)):
            done.add(index)
            yield index, func(tasks[index])
            yield from _arrived(open_pipes, done, wait=False)  # between own tasks: the pipe never stays full
        yield from _arrived(open_pipes, done, wait=True)
        for index in range(len(tasks)):  # a helper that died: its tasks are redone here
            if index not in done:
                yield index, func(tasks[index])


def _arrived(pipes: list[Connection], done: set[int], *, wait: bool) -> Iterator[tuple[int, Any]]:
    """Results the helpers have sent; with ``wait``, every one until each helper is finished (or dead)."""
    for receive in list(pipes):
        while wait or receive.poll():
            try:
                index, result = pickle.loads(receive.recv_bytes())
            except (EOFError, OSError):  # finished, or died: nothing more will come
                pipes.remove(receive)
                break
            done.add(index)
            yield index, result
