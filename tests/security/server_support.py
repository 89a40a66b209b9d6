"""Helpers for the server security tests: a canary listener, `iackg serve` as a subprocess,
raw HTTP over a socket."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


class Canary:
    """A TCP listener on 127.0.0.1 that records every connection and every byte sent to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self.received = b""
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.settimeout(0.5)
            with contextlib.suppress(OSError):
                self.received += conn.recv(65536)
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(2)
        self.sock.close()


class ServeProcess:
    """`iackg serve` started as a user starts it, on a free port chosen by the system."""

    def __init__(self, folder: Path, *options: str):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "iackg",
                "serve",
                "--store",
                str(folder),
                "--port",
                "0",
                *options,
            ],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stderr is not None
        line = self.process.stderr.readline()
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        assert match, f"no address in {line!r}"
        self.host, self.port = match.group(1), int(match.group(2))
        self.url = f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def raw(host: str, port: int, data: bytes, wait: float = 3.0, source: str | None = None):
    """Send raw bytes; return everything the server sends until it closes or `wait` passes."""
    sock = socket.socket()
    if source:
        sock.bind((source, 0))
    sock.settimeout(wait)
    sock.connect((host, port))
    sock.sendall(data)
    out = b""
    deadline = time.monotonic() + wait
    try:
        while time.monotonic() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            out += chunk
    except TimeoutError:
        pass
    finally:
        sock.close()
    return out


def statuses(response: bytes) -> list[int]:
    return [int(m) for m in re.findall(rb"HTTP/1\.1 (\d{3}) ", response)]
