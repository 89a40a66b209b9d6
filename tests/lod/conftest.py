"""Fixtures for the linked-data tests: a store folder built from the contract example (plus a
record with hostile names), and a real server on 127.0.0.1 over it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lod_support import ROW_LIMIT, TIME_LIMIT, fill, library_dir

from iackg.store import open_store


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """(folder, store): an on-disk store, open read-only in this process. Read-write, RocksDB
    may compact it in the background and delete files that the server's read-only workers
    still read ("No such file or directory ... .sst", a 500 in test_query_dataset_full)."""
    folder = tmp_path_factory.mktemp("store")
    store = open_store(folder)
    fill(store)
    store.close()  # flushes and releases the folder
    store = open_store(folder, read_only=True)
    return folder, store


@pytest.fixture(scope="session")
def store_dir(built) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def store(built):
    return built[1]


@pytest.fixture(scope="session")
def server(store_dir):
    from iackg.server.app import Limits
    from iackg.server.serving import make_server

    limits = Limits(time_limit=TIME_LIMIT, row_limit=ROW_LIMIT, max_query_bytes=32 * 1024)
    srv = make_server(str(store_dir), limits=limits, workers=2, query_dir=library_dir())
    srv.start()
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def base_url(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}"


@pytest.fixture(scope="session")
def endpoint(base_url) -> str:
    return base_url + "/sparql"
