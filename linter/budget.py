"""A time budget for one file, enforced inside the process that lints it.

Worker processes are also watched from outside (:mod:`linter.pool` kills and replaces one
that overruns); here the same budget is kept from inside, so that a file linted in this
process — a single file, ``--jobs 1``, the local page — cannot hold the run either.  On
Unix, in the main thread, an interval timer interrupts the work between two Python steps
and :class:`OverBudget` unwinds it; the readers also check their :class:`Deadline` in their
loops.  Elsewhere only those checks apply.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class OverBudget(BaseException):
    """The file's time is up.  A BaseException, so that no ``except Exception`` on the way swallows it."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the code inside if it runs longer than ``seconds``."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    # A timer already running belongs to a caller that bounds this work itself: leave it be.
    if not seconds or not usable or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise OverBudget()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
