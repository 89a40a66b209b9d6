"""Admission control: a bounded, fair queue in front of the query workers.

At most `slots` requests run at once (one per worker). Others wait in a queue per client address;
when a slot frees, the clients take turns (round robin), so a client that sends many slow
queries delays its own requests, not everyone else's: two runaway clients hold at most their
share, and a third client is next in line. The queue is bounded in total and per client, and a
request waits at most `max_wait` seconds; past any of these it is refused with `Overloaded`
(503 with Retry-After). Waiting never counts against the query's time limit.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict, deque
from collections.abc import AsyncIterator


class Overloaded(Exception):
    """No capacity now; try again after `retry_after` seconds."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Admission:
    def __init__(self, slots: int, max_queue: int, max_queue_per_client: int, max_wait: float):
        self.slots, self.max_queue = slots, max_queue
        self.max_queue_per_client, self.max_wait = max_queue_per_client, max_wait
        self._free = slots
        self._waiting: OrderedDict[str, deque[asyncio.Future]] = OrderedDict()
        self._queued = 0

    @property
    def retry_after(self) -> int:
        return max(1, round(self.max_wait / 4))

    def _refuse(self, why: str) -> Overloaded:
        return Overloaded(f"the endpoint is busy ({why}); try again shortly", self.retry_after)

    @contextlib.asynccontextmanager
    async def slot(self, client: str) -> AsyncIterator[None]:
        """Hold one worker slot for the body of the `async with`."""
        await self._acquire(client)
        try:
            yield
        finally:
            self._release()

    async def _acquire(self, client: str) -> None:
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        queue = self._waiting.get(client)
        if self._queued >= self.max_queue:
            raise self._refuse(f"{self._queued} requests are waiting")
        if queue is not None and len(queue) >= self.max_queue_per_client:
            raise self._refuse(f"{len(queue)} of your requests are waiting")
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(client, deque()).append(future)
        self._queued += 1
        try:
            await asyncio.wait({future}, timeout=self.max_wait)
        except BaseException:  # the client went away while waiting
            if future.done() and not future.cancelled():
                self._release()  # granted just now: pass the slot on
            else:
                future.cancel()
                self._remove(client, future)
            raise
        if not future.done():
            future.cancel()
            self._remove(client, future)
            raise self._refuse(f"no worker was free within {self.max_wait:g} s")

    def _remove(self, client: str, future: asyncio.Future) -> None:
        queue = self._waiting.get(client)
        if queue is not None and future in queue:
            queue.remove(future)
            self._queued -= 1
            if not queue:
                del self._waiting[client]

    def _release(self) -> None:
        """Give the freed slot to the next client in turn, or mark it free."""
        while self._waiting:
            client, queue = next(iter(self._waiting.items()))
            future = queue.popleft()
            self._queued -= 1
            if queue:
                self._waiting.move_to_end(client)
            else:
                del self._waiting[client]
            if not future.done():
                future.set_result(None)
                return
        self._free += 1
