"""A real browser (Debian's headless Chromium) loads the query page, runs a library query and
shows the results table; a screenshot is kept under tmp_path as an artifact."""

from __future__ import annotations

import html.parser
import subprocess
from pathlib import Path

import pytest
from lod_support import library_dir

from iackg.server.library import library

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium(system_program) -> str:
    return system_program("chromium", "apt-get install -y chromium", "/usr/bin/chromium")


def run_chromium(
    chromium: str, tmp_path: Path, url: str, *extra: str
) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    command = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
        "--virtual-time-budget=15000",
        *extra,
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


class _Table(html.parser.HTMLParser):
    """Collects the state of <body> and the rows of #results-table."""

    def __init__(self):
        super().__init__()
        self.state = None
        self.rows: list[list[str]] = []
        self._in_table = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.state = attrs.get("data-state")
        if tag == "table" and attrs.get("id") == "results-table":
            self._in_table = True
        if self._in_table and tag == "tr":
            self.rows.append([])
        if self._in_table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        if self._in_table and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_query_page_runs_a_library_query_in_chromium(chromium, base_url, store, tmp_path):
    query = next(q for q in library(library_dir()) if not q.needs and store.select(q.runnable_text))
    expected = store.select(query.runnable_text)
    url = f"{base_url}/?query={query.name}&run=1"
    dom = run_chromium(chromium, tmp_path, url, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = _Table()
    page.feed(dom.stdout)
    assert page.state == "done", f"the page did not finish the query: state={page.state}"
    header, *rows = page.rows
    assert header == list(expected[0])
    assert len(rows) == len(expected)
    # Values are inserted as text: the hostile label shows as text and never becomes markup.
    assert "<script>alert" not in dom.stdout
    if query.name == "resources-by-category":
        assert any("<script>alert('x')</script>" in cell for row in rows for cell in row)
    shot = tmp_path / "query-page.png"
    result = run_chromium(chromium, tmp_path, url, f"--screenshot={shot}")
    assert result.returncode == 0 and shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_resource_page_renders_in_chromium(chromium, base_url, tmp_path):
    dom = run_chromium(chromium, tmp_path, f"{base_url}/id/resource/13-hostile0001", "--dump-dom")
    assert dom.returncode == 0
    assert "<h1>&lt;script&gt;alert('x')&lt;/script&gt;" in dom.stdout
    assert "<script>alert" not in dom.stdout
