"""A scope without Python's cyclic garbage collector, for code that makes many small objects
and no reference cycles (the loader's rows, the reasoner's tuples, a query's result rows).

The collector runs whenever allocations outnumber deallocations by a threshold, and each of
its passes walks every tracked object still alive: while a list of millions of tuples (or
14,000 result rows) grows, it walks them again and again for nothing (at ten times national
scale that took a build longer than its work). Reference counting still frees everything;
only cycles wait for the collector's next pass after the scope."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_users = 0
_was_enabled = True


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Within this scope the cyclic collector is off; when the last overlapping scope ends
    (threads included), also by an exception, it is put back as the first scope found it."""
    global _users, _was_enabled
    with _LOCK:
        if _users == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _users += 1
    try:
        yield
    finally:
        with _LOCK:
            _users -= 1
            if _users == 0 and _was_enabled:
                gc.enable()
