"""A pool of query worker processes with a time limit that really stops the work.

Each request borrows one idle worker, sends the query and waits at most `time_limit` seconds. A
worker that does not answer in time is killed (SIGKILL) and replaced in the background, so a
runaway query stops consuming CPU at the limit and the other workers keep answering.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass

from iackg.server import worker as worker_module

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["iackg.server.worker", "rdflib.plugins.sparql.parser"])


class TimeLimitExceeded(Exception):
    """The query ran past the time limit; its worker was killed."""


class Busy(Exception):
    """Every worker stayed busy for the whole waiting time."""


@dataclass
class _Worker:
    process: multiprocessing.Process
    conn: object


class WorkerPool:
    def __init__(self, location: str | None, nquads: str | None, size: int = 2,
                 time_limit: float = 10.0):
        self.location, self.nquads = location, nquads
        self.size, self.time_limit = size, time_limit
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._all: list[_Worker] = []
        starters = [threading.Thread(target=self._add_worker) for _ in range(size)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        if self._idle.qsize() < size:
            self.close()
            raise RuntimeError(self._start_error or "query workers did not start")

    _start_error: str | None = None

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(
            target=worker_module.main, args=(child, self.location, self.nquads), daemon=True
        )
        process.start()
        child.close()
        if not parent.poll(60):
            process.kill()
            raise RuntimeError("a query worker did not start within 60 s")
        hello = parent.recv()
        if not hello.get("ready"):
            process.kill()
            raise RuntimeError(hello.get("message", "a query worker failed to start"))
        return _Worker(process, parent)

    def _add_worker(self) -> None:
        try:
            worker = self._spawn()
        except (RuntimeError, OSError, EOFError) as exc:
            self._start_error = str(exc)
            return
        with self._lock:
            if self._closed:
                worker.process.kill()
                return
            self._all.append(worker)
        self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
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
        try:
            worker = self._idle.get(timeout=limit)
        except queue.Empty:
            raise Busy(f"all {self.size} query workers stayed busy for {limit:g} s") from None
        remaining = max(0.05, limit - (time.monotonic() - started))
        try:
            worker.conn.send(request)
            if not worker.conn.poll(remaining):
                self._discard(worker)
                raise TimeLimitExceeded(f"the query ran longer than {limit:g} s and was stopped")
            answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
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
            worker.process.kill()
            worker.process.join(5)
            worker.conn.close()
