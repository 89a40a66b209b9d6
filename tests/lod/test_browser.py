"""A real browser (Debian's headless Chromium) drives the query page (YASGUI, vendored) against
the real server on 127.0.0.1: a library query with prefixed names and labels, sorting, paging,
the chart, the CSV download, the layout at 1280 px, and no request leaving 127.0.0.1.

Chromium is driven through the DevTools protocol over a pipe (`--remote-debugging-pipe`: JSON
messages ending in NUL on file descriptors 3 and 4), so no WebSocket client is needed."""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lod_support import http, library_dir

from iackg.server.library import library

pytestmark = pytest.mark.browser

ACTIVE = ".yasgui .tabPanel.active"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def chromium(system_program) -> str:
    return system_program("chromium", "apt-get install -y chromium", "/usr/bin/chromium")


def chromium_flags(profile: Path) -> list[str]:
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-features=Translate,OptimizationHints,MediaRouter",
        # Any host name but 127.0.0.1 fails to resolve: nothing could leave the machine even if
        # the page tried (the test also checks that it never tries).
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
    ]


class Browser:
    """One headless Chromium and one page, driven by DevTools protocol commands."""

    def __init__(self, chromium: str, tmp_path: Path):
        profile = tmp_path / "profile"
        profile.mkdir(exist_ok=True)
        commands_r, self._commands = os.pipe()
        self._answers, answers_w = os.pipe()

        def pipes_as_fd_3_and_4():  # in the child, before exec
            os.dup2(commands_r, 3)
            os.dup2(answers_w, 4)

        command = [chromium, *chromium_flags(profile), "--remote-debugging-pipe", "about:blank"]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=pipes_as_fd_3_and_4,
            close_fds=False,
        )
        os.close(commands_r)
        os.close(answers_w)
        self._next_id = 0
        self._replies: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.events: list[dict] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable", session=True)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=1280,
            height=900,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.downloads = tmp_path / "downloads"
        self.downloads.mkdir(exist_ok=True)
        self.send(
            "Browser.setDownloadBehavior",
            behavior="allow",
            downloadPath=str(self.downloads),
            eventsEnabled=True,
        )

    def _read(self) -> None:
        buffer = b""
        while True:
            chunk = os.read(self._answers, 65536)
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        box = self._replies.get(message["id"])
                    if box is not None:
                        box.put(message)
                else:
                    self.events.append(message)

    def send(self, method: str, session: bool = False, timeout: float = 20, **params):
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            box: queue.Queue = queue.Queue()
            self._replies[ident] = box
        message: dict = {"id": ident, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        try:
            reply = box.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"Chromium did not answer {method} within {timeout} s") from None
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return reply["result"]

    def eval(self, expression: str):
        """The value of a JavaScript expression; `ACTIVE` names the tab on show (each library
        query opens in a tab of its own)."""
        result = self.send(
            "Runtime.evaluate",
            session=True,
            expression=f"(() => {{ const ACTIVE = {ACTIVE!r}; return ({expression}); }})()",
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.eval(expression)
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {expression}; problems: {self.problems()}")

    def open(self, url: str) -> None:
        self.send("Page.navigate", session=True, url=url)
        self.wait_for("document.readyState === 'complete' && document.body.dataset.ready === '1'")

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def problems(self) -> list[str]:
        """Script errors, console errors and CSP violations the page caused."""
        found = []
        for e in self.events:
            if e.get("method") == "Runtime.exceptionThrown":
                found.append(json.dumps(e["params"]["exceptionDetails"])[:500])
            elif e.get("method") == "Log.entryAdded" and e["params"]["entry"]["level"] == "error":
                entry = e["params"]["entry"]
                found.append(f"{entry['text'][:500]} {entry.get('url', '')}")
            elif e.get("method") == "Page.javascriptDialogOpening":
                found.append("dialog: " + e["params"]["message"])
        return found

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError):
            self.send("Browser.close", timeout=5)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._answers)


@pytest.fixture
def browser(chromium, tmp_path):
    b = Browser(chromium, tmp_path)
    yield b
    b.close()


def click(selector: str) -> str:
    """A click on the element `selector` finds in the tab on show."""
    target = f"document.querySelector(ACTIVE + ' ' + {json.dumps(selector)})"
    return f"(() => {{ {target}.click(); return true; }})()"


TABLE = "ACTIVE + ' .yasr_results table.dataTable'"
TABLE_ROWS = f"""Array.from(document.querySelectorAll({TABLE} + ' tbody tr'))
  .map(tr => Array.from(tr.cells).map(td => td.textContent.trim()))"""
TAB_NAME = "document.querySelector('.tabsList .tab.active a > span').textContent"
HEADERS = f"""Array.from(document.querySelectorAll({TABLE} + ' thead th'))
  .map(th => th.textContent.trim())"""


def run_query_in_editor(browser: Browser, text: str, state: str = "done") -> None:
    browser.eval("document.body.dataset.state = ''")
    browser.eval(
        f"document.querySelector(ACTIVE + ' .CodeMirror').CodeMirror.setValue({json.dumps(text)})"
    )
    browser.eval(click(".yasqe_queryButton"))
    browser.wait_for(f"document.body.dataset.state === {json.dumps(state)}")


def test_query_page_in_chromium(browser, base_url, store, tmp_path):
    name = "municipalities-with-most-resources"
    query = next(q for q in library(library_dir()) if q.name == name)
    expected = store.select(query.runnable_text)
    assert len(expected) > 20, "the sample must fill more than two pages of ten rows"
    labels = {
        str(row["s"]): str(row["l"])
        for row in store.select(
            f"SELECT ?s ?l WHERE {{ ?s <{RDFS_LABEL}> ?l FILTER(LANG(?l) = 'ja') }}"
        )
    }

    # A browser opening /sparql gets the page; the library is a list above the editor.
    browser.open(base_url + "/sparql")
    assert browser.eval("document.querySelector('.yasgui .CodeMirror') !== null")
    browser.eval(
        f"(() => {{ const s = document.getElementById('library'); s.value = {json.dumps(name)};"
        " s.dispatchEvent(new Event('change')); return true; })()"
    )
    editor = browser.eval("document.querySelector(ACTIVE + ' .CodeMirror').CodeMirror.getValue()")
    assert editor == query.runnable_text
    assert browser.eval(TAB_NAME) == name
    browser.eval("document.body.dataset.state = ''")
    browser.eval(click(".yasqe_queryButton"))
    browser.wait_for("document.body.dataset.state === 'done'")

    # The table: one column per variable (after the row number), prefixed names and labels.
    assert browser.eval(HEADERS)[1:] == list(expected[0])
    assert browser.eval(
        "document.querySelector(ACTIVE + ' .yasr_response_chip').textContent"
    ).startswith(f"{len(expected)} results")
    first = expected[0]
    municipality = str(first["municipality"])
    key = municipality.rsplit("/", 1)[-1]
    cell = browser.eval(
        f"""(() => {{ const a = document.querySelector('a.iri[title={json.dumps(municipality)}]');
        const div = a.closest('div');
        return {{ name: a.textContent, href: a.getAttribute('href'),
                 label: div.querySelector('.iackg-label').textContent }}; }})()"""
    )
    assert cell == {
        "name": f"municipality:{key}",
        "href": f"/doc/municipality/{key}",
        "label": labels[municipality],
    }

    # Sorting: the resources column, descending after two clicks; rows are ranked by count.
    counts = sorted((int(row["resources"]) for row in expected), reverse=True)
    column = list(expected[0]).index("resources") + 1
    header = f".yasr_results table.dataTable thead th:nth-child({column + 1})"
    browser.eval(click(header))
    ascending = [int(r[column]) for r in browser.eval(TABLE_ROWS)]
    assert ascending == sorted(counts)[: len(ascending)]
    browser.eval(click(header))
    rows = browser.eval(TABLE_ROWS)
    assert [int(r[column]) for r in rows] == counts[: len(rows)]

    # Paging: ten rows a page, the second page continues the ranking.
    browser.eval(
        "(() => { const s = document.querySelector(ACTIVE + ' .tableSizer'); s.value = '10';"
        " s.dispatchEvent(new Event('change')); return true; })()"
    )
    page1 = browser.eval(TABLE_ROWS)
    assert len(page1) == 10
    browser.eval(click(".dt-paging-button.next"))
    page2 = browser.eval(TABLE_ROWS)
    assert [int(r[column]) for r in page2] == counts[10:20]
    assert not {r[1] for r in page1} & {r[1] for r in page2}  # ten other municipalities

    shot = browser.send("Page.captureScreenshot", session=True)["data"]
    (tmp_path / "query-page-table.png").write_bytes(base64.b64decode(shot))

    # Download: YASR's button gives the whole answer as CSV.
    assert browser.eval(
        "!document.querySelector(ACTIVE + ' .yasr_downloadIcon').classList.contains('disabled')"
    )
    browser.eval(click(".yasr_downloadIcon"))
    deadline = time.monotonic() + 10
    files: list[Path] = []
    while time.monotonic() < deadline and not files:
        files = [p for p in browser.downloads.iterdir() if p.suffix == ".csv"]
        time.sleep(0.1)
    assert files, "no CSV was downloaded"
    header_row, *csv_rows = csv.reader(io.StringIO(files[0].read_text(encoding="utf-8")))
    assert header_row == list(expected[0])
    assert sorted(row[0] for row in csv_rows) == sorted(str(r["municipality"]) for r in expected)

    # The chart: one SVG bar per row, the longest for the largest count.
    browser.eval(click(".select_chart"))
    browser.wait_for("document.body.dataset.plugin === 'Chart'")
    bars = browser.eval(
        "Array.from(document.querySelectorAll(ACTIVE + ' svg.iackg-chart rect.iackg-bar'))"
        ".map(r => [r.querySelector('title').textContent, Number(r.getAttribute('width'))])"
    )
    assert len(bars) == len(expected)
    widest = max(bars, key=lambda bar: bar[1])
    assert widest[0].endswith(f": {counts[0]}")
    assert labels[municipality] in [bar[0].rsplit(":", 1)[0] for bar in bars]

    # Layout: nothing wider than the 1280 px window.
    assert browser.eval("document.documentElement.scrollWidth") <= 1280
    shot = browser.send("Page.captureScreenshot", session=True)["data"]
    (tmp_path / "query-page-chart.png").write_bytes(base64.b64decode(shot))

    # Hostile names stay text; a javascript: IRI never becomes a link.
    browser.eval(click(".select_table"))
    run_query_in_editor(
        browser,
        "SELECT ?r ?also ?name WHERE { ?r <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?also ;"
        " <http://www.w3.org/2000/01/rdf-schema#label> ?name }",
    )
    hostile = browser.eval(
        "Array.from(document.querySelectorAll(ACTIVE + ' .yasr_results .iackg-label'))"
        ".map(e => e.textContent)"
    )
    assert "<script>alert('x')</script> \"quoted\" & <b>bold</b>" in hostile
    injected = "document.querySelectorAll('.yasr_results :is(b, img, script)').length"
    assert browser.eval(injected) == 0
    assert browser.eval("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0

    # Nothing but 127.0.0.1 was ever asked for, and the page ran without errors.
    hosts = {urlsplit(u).hostname for u in browser.requested_urls() if u.startswith("http")}
    assert hosts == {"127.0.0.1"}, browser.requested_urls()
    others = [
        u
        for u in browser.requested_urls()
        if not u.startswith(("http://127.0.0.1", "blob:", "data:"))
    ]
    assert others == []
    assert browser.problems() == []

    # The endpoint's own message reaches the reader.
    run_query_in_editor(browser, "# nothing but a comment", state="error")
    assert "empty query" in browser.eval("document.querySelector(ACTIVE + ' .yasr').textContent")
    problems = browser.problems()
    assert len(problems) == 1 and "status of 400" in problems[0]  # the console notes the 400


def test_library_query_runs_from_the_address(browser, base_url, store):
    """`/?query=NAME&run=1` opens the library query in its own tab and runs it."""
    query = next(q for q in library(library_dir()) if q.name == "resources-per-statutory-group")
    expected = store.select(query.runnable_text)
    browser.open(f"{base_url}/?query={query.name}&run=1")
    browser.wait_for("document.body.dataset.state === 'done'")
    assert browser.eval(HEADERS)[1:] == list(expected[0])
    assert browser.eval(TAB_NAME) == query.name
    assert browser.problems() == []


def test_query_page_policy_allows_only_this_server(endpoint):
    """The page above ran under this policy with no violation: nothing looser is needed."""
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    status, headers, _ = http(endpoint, headers={"Accept": browser})
    assert status == 200
    policy = dict(
        part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'" and policy["script-src"] == "'self'"
    assert "connect-src" not in policy  # so default-src 'self' applies to fetch
    assert not [v for v in policy.values() if "http" in v or "unsafe-eval" in v or "*" in v]


def test_static_assets_are_served_with_types_and_caching(base_url):
    status, headers, body = http(base_url + "/static/yasgui/yasgui.min.js")
    assert status == 200 and len(body) > 500_000
    assert headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=86400"
    status, headers, _ = http(base_url + "/static/yasgui/yasgui.min.css")
    assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8"
    status, headers, body = http(base_url + "/static/yasgui/LICENSE")
    assert status == 200 and b"@zazuko/yasgui@4.6.2" in body and b"MIT" in body
    status, headers, _ = http(base_url + "/static/query.js")
    assert status == 200 and headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    "path",
    [
        "/static/../resources.py",
        "/static/yasgui/../../resources.py",
        "/static/yasgui/../query.js",
        "/static/%2e%2e/resources.py",
        "/static/yasgui%2f..%2f..%2fresources.py",
        "/static/yasgui/./yasgui.min.js",
        "/static/yasgui//yasgui.min.js",
        "/static/other/yasgui.min.js",
        "/static/yasgui/.hidden",
        "/static/yasgui/yasgui.min.js/",
        "/static/..%5cresources.py",
        "/static/yasgui/yasgui.min.js%00.css",
        "/static/",
        "/static/yasgui/",
    ],
)
def test_static_paths_outside_the_allowed_folders_are_404(base_url, path):
    status, _, body = http(base_url + path)
    assert status == 404, (path, status)
    assert b"import" not in body and b"Yasgui" not in body


def test_resource_page_renders_in_chromium(chromium, base_url, tmp_path):
    profile = tmp_path / "profile"
    profile.mkdir()
    url = f"{base_url}/id/resource/13-hostile0001"
    command = [chromium, *chromium_flags(profile), "--virtual-time-budget=5000", "--dump-dom", url]
    dom = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert dom.returncode == 0
    assert "<h1>&lt;script&gt;alert('x')&lt;/script&gt;" in dom.stdout
    assert "<script>alert" not in dom.stdout
