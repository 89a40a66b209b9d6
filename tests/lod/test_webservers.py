"""The publication served by real Apache httpd and nginx with exactly the documented
configuration (`.htaccess` under `AllowOverride FileInfo`; `nginx.conf` with njs): 303 with
`Link: rel=describedby`, content negotiation with q-values, 406, CORS, `Vary` and `Link:
rel=alternate` on every document.

Each server runs as a child of the test on a free 127.0.0.1 port, with its own configuration in a
temporary folder, and is stopped afterwards. Debian packages: apache2, nginx and
libnginx-mod-http-js (`.ci/run` installs them)."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from iackg.publish.publication import publish

pytestmark = pytest.mark.server

BASE = "https://w3id.org/iackg"
APACHE_MODULES = "/usr/lib/apache2/modules"
NGINX_JS_MODULE = "/usr/lib/nginx/modules/ngx_http_js_module.so"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None and not _listening(port):
            pytest.fail(f"the server exited: {log.read_text(errors='replace')[-2000:]}")
        if _listening(port):
            return
        time.sleep(0.05)
    pytest.fail(f"the server did not listen within 15 s: {log.read_text(errors='replace')[-2000:]}")


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def site(store) -> Iterator[Path]:
    # A world-readable folder of its own: Apache started by root serves as an unprivileged user.
    root = Path(tempfile.mkdtemp(prefix="iackg-webserver-"))
    root.chmod(0o755)
    out = root / "site"
    publish(store, out, base=BASE, modified="2026-11-28", issued="2026-04-01")
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            Path(folder, name).chmod(0o755)
        for name in files:
            Path(folder, name).chmod(0o644)
    yield out
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def apache(site, system_program) -> Iterator[int]:
    httpd = system_program("apache2", "apt-get install -y apache2", "/usr/sbin/apache2")
    conf_dir = Path(tempfile.mkdtemp(prefix="iackg-apache-"))
    port = free_port()
    modules = ["mpm_event", "authz_core", "mime", "rewrite", "headers", "negotiation", "dir"]
    loads = "\n".join(f"LoadModule {m}_module {APACHE_MODULES}/mod_{m}.so" for m in modules)
    user = "User nobody\nGroup nogroup\n" if os.geteuid() == 0 else ""
    (conf_dir / "httpd.conf").write_text(
        f"""ServerRoot "{conf_dir}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{conf_dir}/httpd.pid"
ErrorLog "{conf_dir}/error.log"
{user}{loads}
TypesConfig /etc/mime.types
DocumentRoot "{site}"
<Directory "{site}">
    AllowOverride FileInfo
    Require all granted
</Directory>
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [httpd, "-X", "-f", str(conf_dir / "httpd.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(port, process, conf_dir / "error.log")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
        shutil.rmtree(conf_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def nginx(site, system_program) -> Iterator[int]:
    binary = system_program("nginx", "apt-get install -y nginx", "/usr/sbin/nginx")
    if not Path(NGINX_JS_MODULE).is_file():
        system_program("njs", "apt-get install -y libnginx-mod-http-js (nginx's njs module)")
    conf_dir = Path(tempfile.mkdtemp(prefix="iackg-nginx-"))
    port = free_port()
    server_block = (site / "nginx.conf").read_text(encoding="utf-8")
    server_block = server_block.replace("# listen 80;", f"listen 127.0.0.1:{port};")
    server_block = server_block.replace("# root /srv/iackg;", f"root {site};")
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    (conf_dir / "nginx.conf").write_text(
        f"""load_module {NGINX_JS_MODULE};
{user}worker_processes 1;
daemon off;
pid {conf_dir}/nginx.pid;
error_log {conf_dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {conf_dir}/body;
    proxy_temp_path {conf_dir}/proxy;
    fastcgi_temp_path {conf_dir}/fastcgi;
    uwsgi_temp_path {conf_dir}/uwsgi;
    scgi_temp_path {conf_dir}/scgi;
    js_import iackg from {site}/nginx-conneg.js;
    js_set $iackg_variant iackg.variant;
    js_set $iackg_alternates iackg.alternates;
{server_block}
}}
""",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [binary, "-p", str(conf_dir), "-c", str(conf_dir / "nginx.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(port, process, conf_dir / "error.log")
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
        shutil.rmtree(conf_dir, ignore_errors=True)


@pytest.fixture(params=["apache", "nginx"])
def port(request) -> int:
    return request.getfixturevalue(request.param)


def get(port: int, path: str, accept: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Accept": accept} if accept is not None else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    connection.close()
    return response


def doc_path(site: Path) -> tuple[str, str]:
    """A published document: (`/doc/KIND/KEY`, KEY)."""
    page = sorted((site / "doc" / "prefecture").glob("*.html"))[0]
    return f"/doc/prefecture/{page.stem}", page.stem


def links(response) -> list[str]:
    values = response.headers.get_all("Link") or []
    return [part.strip() for value in values for part in value.split(",")]


def test_id_answers_303_with_describedby(port, site):
    path, key = doc_path(site)
    response = get(port, path.replace("/doc/", "/id/"))
    assert response.status == 303
    assert response.headers["Location"].endswith(path)
    assert f'<../../doc/prefecture/{key}>; rel="describedby"' in links(response)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("text/html;q=0.5, text/turtle", "text/turtle"),
        ("text/turtle;q=0.4, application/ld+json;q=0.8", "application/ld+json"),
        ("text/turtle;q=0.3, text/html;q=0.9", "text/html"),
        ("text/html;q=0, */*;q=0.5", "text/turtle"),
    ],
)
def test_document_negotiates_with_q_values(port, site, accept, expected):
    path, key = doc_path(site)
    response = get(port, path, accept)
    assert response.status == 200, response.body[:300]
    assert response.headers["Content-Type"].split(";")[0].strip() == expected
    suffix = {"text/html": ".html", "text/turtle": ".ttl", "application/ld+json": ".jsonld"}
    assert response.body == (site / "doc" / "prefecture" / f"{key}{suffix[expected]}").read_bytes()
    assert "accept" in response.headers.get("Vary", "").lower()
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    found = links(response)
    assert f'<{key}.ttl>; rel="alternate"; type="text/turtle"' in found
    assert f'<{key}.jsonld>; rel="alternate"; type="application/ld+json"' in found
    assert f'<{key}.html>; rel="alternate"; type="text/html"' in found


@pytest.mark.parametrize(
    "accept", ["application/n-triples", "application/rdf+xml", "image/png", "text/html;q=0"]
)
def test_document_answers_406_for_types_it_does_not_have(port, site, accept):
    path, _ = doc_path(site)
    response = get(port, path, accept)
    assert response.status == 406
    assert "accept" in response.headers.get("Vary", "").lower()


def test_unknown_document_is_404(port):
    assert get(port, "/doc/prefecture/no-such-key", "text/turtle").status == 404


@pytest.mark.parametrize("name", ["context.jsonld", "void.ttl", "catalog.ttl"])
def test_cors_on_metadata_and_context(port, site, name):
    response = get(port, f"/{name}")
    assert response.status == 200
    assert response.body == (site / name).read_bytes()
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_cors_on_every_dump(port, site):
    dumps = sorted((site / "dumps").iterdir())
    assert dumps
    for dump in dumps:
        response = get(port, f"/dumps/{dump.name}")
        assert response.status == 200, dump.name
        assert response.headers["Access-Control-Allow-Origin"] == "*", dump.name
        assert response.body == dump.read_bytes()
