"""Fixtures for the server security tests: a built store, `iackg serve` as a real subprocess on
127.0.0.1, servers with chosen limits in this process, a canary listener."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "lod"))
sys.path.insert(0, str(HERE))

from lod_support import fill  # noqa: E402
from server_support import Canary, ServeProcess  # noqa: E402

from iackg.store import open_store  # noqa: E402


@pytest.fixture
def canary():
    item = Canary()
    yield item
    item.close()


@pytest.fixture(scope="session")
def store_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("security-store")
    store = open_store(folder)
    fill(store)
    store.close()
    return folder


@pytest.fixture
def serve(store_folder):
    """A factory: serve(*options) -> ServeProcess, stopped after the test."""
    started: list[ServeProcess] = []

    def start(*options: str) -> ServeProcess:
        item = ServeProcess(store_folder, *options)
        started.append(item)
        return item

    yield start
    for item in started:
        item.stop()


@pytest.fixture
def server_with(store_folder):
    """A factory: server_with(folder=None, workers=2, **limits) -> base URL of a server
    in this process, closed after the test."""
    from iackg.server.app import Limits
    from iackg.server.serving import make_server

    servers = []

    def start(folder=None, workers: int = 2, **limits):
        server = make_server(str(folder or store_folder), workers=workers, limits=Limits(**limits))
        server.start()
        servers.append(server)
        host, port = server.server_address[:2]
        return server, f"http://{host}:{port}"

    yield start
    for server in servers:
        server.close()
