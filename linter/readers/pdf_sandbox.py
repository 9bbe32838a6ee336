"""Run native parsing in a child process that can be stopped: bounded memory and time per item.

pdfium is C++: a Python deadline cannot interrupt it, and some files make it work for
ever (a form XObject that draws itself twice recurses exponentially) or allocate without
limit (LZW or encrypted streams the size check cannot read).  :func:`isolated` runs a
producer of items (pages) in a forked child with a data-segment ceiling and passes the
items back over a pipe as they come, so the caller works on one page while the next is
extracted.  A child that overruns the deadline, takes more than :data:`ITEM_SECONDS` on
one item, or dies (pdfium aborts when it runs out of its ceiling) is killed and becomes
a ReadError.  Without ``fork`` (Windows, macOS) the producer runs in this process, where
the size checks and the deadline checks inside the loops still apply.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import marshal
import os
import select
import signal
import struct
import sys
import time
from collections.abc import Callable, Generator, Iterable
from typing import Any

from linter.readers import ReadError
from linter.readers.common import Deadline

try:
    import resource
except ImportError:  # not on Windows, where there is no fork either
    resource = None  # type: ignore[assignment]

MEMORY_BYTES = 448 * 1024 * 1024  # the child's data segment, inherited part included
HEADROOM_BYTES = 64 * 1024 * 1024  # at least this much above what the parent already uses
ITEM_SECONDS = 5.0  # a real page takes pdfium milliseconds
_HEADER = struct.Struct(">I")


def can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def isolated(produce: Callable[[], Iterable[Any]], deadline: Deadline,
             stalled: Callable[[int], str]) -> Generator[Any, None, None]:
    """The producer's items, computed in a child process when possible.

    ``stalled(n)`` words the error for item n (1-based) taking longer than ITEM_SECONDS.
    Items must be marshal-able (tuples, lists, str, float, int, bool, None)."""
    if not can_fork():
        yield from produce()
        return
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        yield from produce()
        return
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_end)
        _child(produce, write_end)
    os.close(write_end)
    alive = True
    try:
        frames = _Frames(read_end)
        count = 0
        while True:
            seconds = min(ITEM_SECONDS, deadline.remaining())
            frame = frames.next(seconds)
            if frame is None:  # timed out
                os.kill(pid, signal.SIGKILL)
                deadline.check()
                raise ReadError(stalled(count + 1))
            if frame == _Frames.CLOSED:
                _, status = os.waitpid(pid, 0)
                alive = False
                raise ReadError(_death(status))
            kind, value = marshal.loads(frame)
            if kind == "item":
                count += 1
                yield value
            elif kind == "error":
                raise ReadError(value)
            else:
                return
    finally:
        os.close(read_end)
        if alive:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def _death(status: int) -> str:
    how = f"信号 {os.WTERMSIG(status)}" if os.WIFSIGNALED(status) else f"退出码 {os.WEXITSTATUS(status)}"
    return (f"PDF 解析进程异常终止（{how}），文件可能过于庞大（超出 {MEMORY_BYTES // (1024 * 1024)} MB 内存上限）"
            "或已损坏，拒绝读取")


def _child(produce: Callable[[], Iterable[Any]], out: int) -> None:  # pragma: no cover - runs in the child
    try:
        # Nothing from the child reaches the terminal (a crash report of a dying pdfium would
        # read like a traceback); it speaks only through the pipe.
        faulthandler.disable()
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        gc.disable()  # a collection would touch, and so copy, every page of the parent's heap
        with contextlib.suppress(ValueError):  # Ctrl-C stops the child quietly; the parent reports
            signal.signal(signal.SIGINT, signal.SIG_DFL)
        _limit_memory()
        for item in produce():
            _send(out, ("item", item))
        _send(out, ("end", None))
    except ReadError as exc:
        _send(out, ("error", str(exc)))
    except MemoryError:
        _send(out, ("error", f"PDF 内容过于庞大，读取时超出 {MEMORY_BYTES // (1024 * 1024)} MB 内存上限，拒绝读取"))
    except BaseException as exc:
        _send(out, ("error", f"PDF 文件已损坏，无法解析（{type(exc).__name__}）"))
    finally:
        os._exit(0)


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    """Cap the data segment (heap and private mappings, which pdfium allocates from)."""
    if resource is None:
        return  # no ceiling on this system: the timeouts still hold
    try:
        used = 0
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    used = int(line.split()[1]) * 1024
        limit = max(MEMORY_BYTES, used + HEADROOM_BYTES)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (OSError, ValueError):
        pass  # no ceiling on this system: the timeouts still hold


def _send(out: int, message: tuple) -> None:  # pragma: no cover - runs in the child
    payload = marshal.dumps(message)
    data = memoryview(_HEADER.pack(len(payload)) + payload)
    try:
        while data:
            data = data[os.write(out, data):]
    except OSError:
        pass  # the parent has gone


class _Frames:
    """Length-prefixed messages from the child's pipe, read with a timeout."""

    CLOSED = b""  # a message is never empty

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()

    def next(self, seconds: float) -> bytes | None:
        """The next message; CLOSED when the child has gone; None after ``seconds`` without one."""
        end = time.monotonic() + seconds
        while True:
            if len(self.buffer) >= _HEADER.size:
                size = _HEADER.unpack_from(self.buffer)[0]
                if len(self.buffer) >= _HEADER.size + size:
                    frame = bytes(self.buffer[_HEADER.size:_HEADER.size + size])
                    del self.buffer[:_HEADER.size + size]
                    return frame
            left = end - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.fd, 1 << 20)
            if not chunk:
                return self.CLOSED
            self.buffer += chunk
