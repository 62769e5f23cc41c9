"""A run stopped by Ctrl-C (``SIGINT``) or a stop signal (``SIGTERM``:
``kill``, ``timeout``, a scheduler), remembered.

DuckDB turns a signal that arrives during one of its statements into an error
of that statement ("Query interrupted", or the next statement's "transaction
is aborted"), and the exception the signal's handler raised is lost: the
document being loaded would be noted as failed, and the run would go on. The
handlers ``stop_signals`` installs (in the main thread only; a signal Python
ignores stays ignored) remember the signal before raising: the run asks
``check`` when a load fails and after each load.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


def interruption(signum: int) -> BaseException:
    """What a signal raises: Ctrl-C's ``KeyboardInterrupt``, else the exit
    status of a process the signal ended (128 + its number)."""
    return KeyboardInterrupt() if signum == signal.SIGINT else SystemExit(128 + signum)


class StopSignals:
    """The stop signal a run received, if any."""

    def __init__(self) -> None:
        self.received: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        raise interruption(signum)

    def check(self, cause: BaseException | None = None) -> None:
        """Raise the received signal's interruption (from ``cause``, the
        error it became), if one was received."""
        if self.received is not None:
            raise interruption(self.received) from cause


@contextmanager
def stop_signals() -> Iterator[StopSignals]:
    """``StopSignals`` handling Ctrl-C and ``SIGTERM`` while the block runs
    (the previous handlers back after it); outside the main thread, where
    Python runs no handler, one that receives nothing."""
    stops = StopSignals()
    if threading.current_thread() is not threading.main_thread():
        yield stops
        return
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    for signum, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(signum, stops.handle)
    try:
        yield stops
    finally:
        for signum, handler in previous.items():
            if handler is not None:
                signal.signal(signum, handler)
