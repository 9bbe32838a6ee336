"""Worker processes that run one task each at a time, with a budget per task.

``concurrent.futures`` cannot stop one task: a worker stuck in a pathological file would
hold the batch forever.  Here every worker is a process of its own, fed one task at a
time over a pipe; a task that overruns its time budget gets its worker killed and
replaced, and the task's outcome is whatever ``on_failure`` says (an R001 "超时" for that
file) while the others go on.  A worker that dies (out of memory, a crash in a C
library) is handled the same way.  Results come back in the order of the tasks, as soon
as each one and all before it are done, so output can be streamed.

Workers are forked where the platform allows it, so they start with everything the
parent has imported and loaded (grammar, rule packs); elsewhere they are spawned and
the ``initializer`` rebuilds what they need.
"""

from __future__ import annotations

import gc
import heapq
import itertools
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def _context() -> multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext:
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _limit_memory(megabytes: int | None) -> None:
    """At most ``megabytes`` more address space than the worker starts with (what it inherits from
    the parent by forking is not its own doing); a file needing more gets a MemoryError."""
    if not megabytes:
        return
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - a platform without /proc or limits
        pass


def _serve(conn: Connection, initializer: Callable[..., None] | None, initargs: tuple[Any, ...],
           work: Callable[[Any], Any], memory: int | None) -> None:
    """A worker's life: take a task, send back its result, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _limit_memory(memory)
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = work(task)
        except MemoryError:
            result = _Failed("memory")
        except Exception as error:
            result = _Failed(f"{type(error).__name__}: {error}")
        conn.send(result)


@dataclass(frozen=True)
class _Failed:
    why: str


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    index: int | None = None  # the task it is on
    started: float = 0.0


class Pool(Generic[T, R]):
    """``jobs`` worker processes applying ``work`` to tasks (see the module docstring)."""

    def __init__(self, jobs: int, work: Callable[[T], R], on_failure: Callable[[T, str], R], *,
                 timeout: float | None = None, memory: int | None = None,
                 initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()) -> None:
        self._jobs = max(1, jobs)
        self._work, self._on_failure = work, on_failure
        self._timeout, self._memory = timeout, memory
        self._initializer, self._initargs = initializer, initargs
        self._context = _context()
        self._workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        if self._context.get_start_method() == "fork":
            # What the parent has loaded is shared with the worker until either writes to it; a
            # collection in the worker would touch every object, and so copy every page, of it.
            gc.freeze()
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, daemon=True,
                                        args=(child, self._initializer, self._initargs, self._work, self._memory))
        process.start()
        child.close()
        return _Worker(process, parent)

    def _retire(self, worker: _Worker) -> None:
        worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()

    def map(self, tasks: Iterable[T]) -> Iterator[R]:
        """The results of ``tasks``, in their order."""
        numbered = enumerate(tasks)
        first = next(numbered, None)
        if first is None:
            return  # no task: no worker started
        pending: Iterator[tuple[int, T]] = itertools.chain([first], numbered)
        inputs: dict[int, T] = {}
        done: list[tuple[int, int, R]] = []  # heap of (index, tie, result)
        next_out, tie = 0, 0
        exhausted = False
        self._workers = [self._spawn() for _ in range(self._jobs)]
        try:
            while True:
                for worker in self._workers:
                    if worker.index is None and not exhausted:
                        item = next(pending, None)
                        if item is None:
                            exhausted = True
                            break
                        task_index, task = item
                        inputs[task_index] = task
                        worker.index, worker.started = task_index, time.monotonic()
                        worker.conn.send(task)
                busy = [w for w in self._workers if w.index is not None]
                if not busy:
                    break
                for worker in self._wait(busy):
                    index = worker.index
                    assert index is not None  # _wait picks among the busy workers, each on a task
                    try:
                        result = worker.conn.recv()
                    except (EOFError, OSError):  # the worker died: out of memory, killed, a crash
                        result = self._replace(worker, inputs[index], "crashed")
                    if isinstance(result, _Failed):
                        result = self._on_failure(inputs[index], result.why)
                    worker.index = None
                    del inputs[index]
                    heapq.heappush(done, (index, tie, result))
                    tie += 1
                for worker in busy:
                    if worker.index is not None and self._timeout and time.monotonic() - worker.started > self._timeout:
                        index = worker.index
                        result = self._replace(worker, inputs.pop(index), "timeout")
                        heapq.heappush(done, (index, tie, result))
                        tie += 1
                while done and done[0][0] == next_out:
                    yield heapq.heappop(done)[2]
                    next_out += 1
        finally:
            self.close()

    def _wait(self, busy: list[_Worker]) -> list[_Worker]:
        """The busy workers with something to read, waiting at most until the next deadline."""
        timeout = None
        if self._timeout:
            soonest = min(w.started for w in busy) + self._timeout
            timeout = max(0.0, soonest - time.monotonic()) + 0.01
        ready = wait([w.conn for w in busy], timeout)
        return [w for w in busy if w.conn in ready]

    def _replace(self, worker: _Worker, task: T, why: str) -> R:
        """Kill ``worker``, start another in its place, and give its task its failure outcome."""
        self._retire(worker)
        position = self._workers.index(worker)
        self._workers[position] = self._spawn()
        return self._on_failure(task, why)

    def close(self) -> None:
        for worker in self._workers:
            self._retire(worker)
        self._workers = []
