"""A pool of query worker processes with a time limit that really stops the work.

Each request borrows one idle worker, sends the query and waits at most `time_limit` seconds. A
worker that does not answer in time is killed (SIGKILL) and replaced in the background, so a
runaway query stops consuming CPU at the limit and the other workers keep answering.

Workers are plain subprocesses (`python -m iackg.server.worker`) rather than multiprocessing
children: nothing depends on how the caller's main module is written.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection


class TimeLimitExceeded(Exception):
    """The query ran past the time limit; its worker was killed."""


class Busy(Exception):
    """Every worker stayed busy for the whole waiting time."""


def database_path(location: str | None) -> str | None:
    """The Oxigraph database of a store folder: its `current` generation when the folder uses
    generations (a build swaps that link atomically), else the folder itself."""
    if location is None:
        return None
    current = os.path.join(location, "current")
    if os.path.lexists(current):
        return os.path.realpath(current)
    return location


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    inbox: Connection  # the parent reads answers here
    outbox: Connection  # the parent writes requests here
    database: str | None = None  # the generation this worker has open

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.inbox.close()
        self.outbox.close()


def _environment() -> dict:
    env = dict(os.environ)
    package_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    return env


class WorkerPool:
    def __init__(
        self,
        location: str | None,
        nquads: str | None,
        size: int = 2,
        time_limit: float = 10.0,
        start_timeout: float = 60.0,
    ):
        self.location, self.nquads = location, nquads
        self.size, self.time_limit, self.start_timeout = size, time_limit, start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        self._start_error: str | None = None
        starters = [threading.Thread(target=self._add_worker) for _ in range(size)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        if self._idle.qsize() < size:
            self.close()
            raise RuntimeError(self._start_error or "query workers did not start")

    def _spawn(self) -> _Worker:
        database = database_path(self.location)
        option = ["--store", database] if database else ["--nquads", self.nquads or ""]
        process = subprocess.Popen(
            [sys.executable, "-m", "iackg.server.worker", *option],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=_environment(),
        )
        worker = _Worker(
            process,
            Connection(os.dup(process.stdout.fileno()), writable=False),
            Connection(os.dup(process.stdin.fileno()), readable=False),
            database,
        )
        process.stdout.close()
        process.stdin.close()
        try:
            if not worker.inbox.poll(self.start_timeout):
                raise RuntimeError(f"a query worker did not start within {self.start_timeout} s")
            hello = worker.inbox.recv()
        except (EOFError, OSError) as exc:
            worker.kill()
            raise RuntimeError(f"a query worker failed to start: {exc}") from exc
        except RuntimeError:
            worker.kill()
            raise
        if not hello.get("ready"):
            worker.kill()
            raise RuntimeError(hello.get("message", "a query worker failed to start"))
        return worker

    def _add_worker(self) -> None:
        try:
            worker = self._spawn()
        except (RuntimeError, OSError) as exc:
            self._start_error = str(exc)
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.append(worker)
            self._start_error = None
        self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)
            closed = self._closed
        if not closed:
            threading.Thread(target=self._add_worker, daemon=True).start()

    def run(self, request: dict, time_limit: float | None = None) -> dict:
        """Send one request to an idle worker; raise TimeLimitExceeded or Busy."""
        limit = self.time_limit if time_limit is None else time_limit
        started = time.monotonic()
        with self._lock:
            broken = not self._all and self._start_error
        if broken:
            self._add_worker()  # try once more, e.g. after the store was rebuilt
            with self._lock:
                if not self._all:
                    raise Busy(f"no query worker is running: {self._start_error}")
        current = database_path(self.location)
        while True:
            try:
                worker = self._idle.get(timeout=max(0.05, limit - (time.monotonic() - started)))
            except queue.Empty:
                raise Busy(f"all {self.size} query workers stayed busy for {limit:g} s") from None
            if worker.database == current:
                break
            self._discard(worker)  # the store was rebuilt: replace workers on the old one
        remaining = max(0.05, limit - (time.monotonic() - started))
        try:
            worker.outbox.send(request)
            if not worker.inbox.poll(remaining):
                self._discard(worker)
                raise TimeLimitExceeded(f"the query ran longer than {limit:g} s and was stopped")
            answer = worker.inbox.recv()
        except (EOFError, OSError):
            self._discard(worker)
            return {"status": 500, "message": "the query worker died; it has been restarted"}
        self._idle.put(worker)
        return answer

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
