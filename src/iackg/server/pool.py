"""Query worker processes driven from the server's event loop, with a time limit that really stops
the work.

A request borrows an idle worker (the admission control in `iackg.server.admission` guarantees
one is free), sends the query and waits at most `time_limit` seconds for the serialised answer:
the clock starts when the worker receives the query, so time spent queueing never counts. A
worker that does not answer in time is killed (SIGKILL) and replaced, so a runaway query stops
consuming CPU at the limit.

Workers are plain subprocesses (`python -m iackg.server.worker`), confined at start-up (no
network, death with the server; see `iackg.server.sandbox`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import struct
import sys
import uuid
from dataclasses import dataclass

LOG = logging.getLogger("iackg.server")


class TimeLimitExceeded(Exception):
    """The query ran past the time limit; its worker was killed."""


class WorkerFailed(Exception):
    """A worker died or could not start (the message is safe to show)."""


def database_path(location: str | None) -> str | None:
    """The Oxigraph database of a store folder: its `current` generation when the folder uses
    generations (a build swaps that link atomically), else the folder itself."""
    if location is None:
        return None
    current = os.path.join(location, "current")
    if os.path.lexists(current):
        return os.path.realpath(current)
    return location


def _environment() -> dict:
    env = dict(os.environ)
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


@dataclass(eq=False)
class _Worker:
    process: asyncio.subprocess.Process
    database: str | None

    async def call(self, message: dict) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.write(struct.pack(">I", len(data)) + data)
        await self.process.stdin.drain()
        header = await self.process.stdout.readexactly(4)
        body = await self.process.stdout.readexactly(struct.unpack(">I", header)[0])
        return pickle.loads(body)

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()


class WorkerPool:
    """`size` workers over one store; call `start()` and `run()` from the same event loop."""

    def __init__(
        self,
        location: str | None,
        nquads: str | None,
        size: int = 2,
        start_timeout: float = 60.0,
        confined: bool = True,
        in_memory: bool = False,
    ):
        """`in_memory`: each worker copies the store folder's quads into memory at start."""
        self.location, self.nquads, self.size = location, nquads, size
        self.start_timeout, self.confined, self.in_memory = start_timeout, confined, in_memory
        self._idle: list[_Worker] = []
        self._all: list[_Worker] = []
        self._closed = False
        self._spawning = 0  # replacements being started in the background
        self._changed = asyncio.Condition()
        self._tasks: set[asyncio.Task] = set()

    async def _spawn(self) -> _Worker:
        database = database_path(self.location)
        option = ["--store", database] if database else ["--nquads", self.nquads or ""]
        extra = [] if self.confined else ["--unconfined"]
        if self.in_memory:
            extra.append("--in-memory")
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "iackg.server.worker",
            str(os.getpid()),
            *option,
            *extra,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=_environment(),
            limit=2**30,
        )
        worker = _Worker(process, database)
        self._all.append(worker)
        try:
            assert process.stdout is not None
            header = await asyncio.wait_for(process.stdout.readexactly(4), self.start_timeout)
            body = await process.stdout.readexactly(struct.unpack(">I", header)[0])
            hello = pickle.loads(body)
        except (asyncio.IncompleteReadError, TimeoutError, OSError) as exc:
            self._forget(worker)
            raise WorkerFailed(f"a query worker failed to start: {exc!r}") from None
        if not hello.get("ready"):
            self._forget(worker)
            raise WorkerFailed(hello.get("message", "a query worker failed to start"))
        return worker

    def _forget(self, worker: _Worker) -> None:
        worker.kill()
        if worker in self._all:
            self._all.remove(worker)
        if worker in self._idle:
            self._idle.remove(worker)

    async def start(self) -> None:
        workers = await asyncio.gather(
            *(self._spawn() for _ in range(self.size)), return_exceptions=True
        )
        errors = [w for w in workers if isinstance(w, BaseException)]
        if errors:
            await self.close()
            raise errors[0]
        self._idle.extend(w for w in workers if isinstance(w, _Worker))

    async def _borrow(self) -> _Worker:
        current = database_path(self.location)
        while True:
            while self._idle:
                worker = self._idle.pop()
                if worker.database == current and worker.process.returncode is None:
                    return worker
                self._forget(worker)  # the store was rebuilt, or the worker died
            if not self._spawning:
                try:
                    return await self._spawn()
                except WorkerFailed as exc:
                    incident = uuid.uuid4().hex[:12]
                    LOG.error("no query worker is running (incident %s): %s", incident, exc)
                    raise WorkerFailed(
                        f"no query worker is running (incident {incident}); the operator "
                        "will find the cause in the server log"
                    ) from None
            async with self._changed:
                await self._changed.wait_for(lambda: bool(self._idle) or not self._spawning)

    async def _replace(self) -> None:
        """Start a worker in place of a killed one, so the next request does not wait for it."""
        self._spawning += 1
        try:
            worker = await self._spawn()
            if self._closed:
                self._forget(worker)
            else:
                self._idle.append(worker)
        except WorkerFailed as exc:
            if not self._closed:
                LOG.warning("a replacement query worker did not start: %s", exc)
        finally:
            self._spawning -= 1
            async with self._changed:
                self._changed.notify_all()

    def _retire(self, worker: _Worker) -> None:
        self._forget(worker)
        if not self._closed:
            task = asyncio.get_running_loop().create_task(self._replace())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def run(self, request: dict, time_limit: float) -> dict:
        """The worker's answer; raises `TimeLimitExceeded` or `WorkerFailed`."""
        if self._closed:
            raise WorkerFailed("the server is shutting down")
        worker = await self._borrow()
        try:
            answer = await asyncio.wait_for(worker.call(request), time_limit)
        except TimeoutError:
            self._retire(worker)
            raise TimeLimitExceeded(
                f"the query ran longer than {time_limit:g} s and was stopped"
            ) from None
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            self._retire(worker)
            raise WorkerFailed("the query worker died; a new one takes its place") from None
        except BaseException:  # cancelled (client gone): the worker's state is unknown
            self._retire(worker)
            raise
        self._idle.append(worker)
        return answer

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._all if w.process.returncode is None]

    async def close(self) -> None:
        """Kill every worker and wait until they are gone."""
        self._closed = True
        workers = list(self._all)
        self._all.clear()
        self._idle.clear()
        for worker in workers:
            worker.kill()
        for worker in workers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(worker.process.wait(), 5)
            transport = getattr(worker.process, "_transport", None)
            if transport is not None:
                transport.close()
