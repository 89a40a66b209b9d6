"""The reconciliation service on a real `iackg serve` server on 127.0.0.1, driven the way
OpenRefine 3.x drives a Reconciliation API 0.2 service (the same calls, in order); every answer
is checked against the Community Group's JSON Schemas (vendored in schemas/0.2)."""

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from iackg.build import build

pytestmark = pytest.mark.server
SCHEMAS = Path(__file__).parent / "schemas" / "0.2"
ID = "https://w3id.org/iackg/id/"
TUNA = ID + "resource/14-"  # the sample's 三崎のまぐろ (its key follows)
K14 = ID + "prefecture/14"


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        resources.append((schema["$id"], resource))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def check(document, schema_name: str) -> None:
    schema = json.loads((SCHEMAS / f"{schema_name}.json").read_text(encoding="utf-8"))
    errors = list(Draft7Validator(schema, registry=REGISTRY).iter_errors(document))
    assert not errors, f"{schema_name}: {[e.message for e in errors[:3]]}"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    from iackg.server.serving import make_server

    folder = tmp_path_factory.mktemp("reconcile") / "store"
    build(None, folder, validate=False).store.close()
    server = make_server(str(folder), workers=1)
    server.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}/reconcile"
    finally:
        server.close()


def get(url: str, **params):
    if params:
        url += "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.status, answer.headers, answer.read()


def post(url: str, **form):
    data = urllib.parse.urlencode(form).encode("utf-8")
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, answer.headers, json.loads(answer.read())


def test_openrefine_session(service):
    # 1. adding the service: OpenRefine reads the manifest
    status, headers, body = get(service)
    manifest = json.loads(body)
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert headers["Access-Control-Allow-Origin"] == "*"
    check(manifest, "manifest")
    assert manifest["versions"] == ["0.2"] and manifest["identifierSpace"] == ID
    # 2. type guessing: the first rows of the column, without a type
    guess = {
        f"q{i}": {"query": name, "limit": 3} for i, name in enumerate(["三崎のまぐろ", "箱根温泉"])
    }
    check(guess, "reconciliation-query-batch")
    _, _, answer = post(service, queries=json.dumps(guess, ensure_ascii=False))
    check(answer, "reconciliation-result-batch")
    assert {c["type"][0]["id"] for c in answer["q0"]["result"][:1]} == {"resource"}
    # 3. the user picks a type with the type suggest
    _, _, body = get(service + "/suggest/type", prefix="res")
    types = json.loads(body)
    check(types, "suggest-types-response")
    assert [t["id"] for t in types["result"]] == ["resource"]
    # 4. reconciliation proper: a batch with the type and a prefecture filter, name variants
    batch = {
        "q0": {"query": "ミサキノマグロ", "type": "resource", "type_strict": "should", "limit": 3},
        "q1": {"query": "ﾐｻｷのまぐろ", "type": "resource", "limit": 3},
        "q2": {"query": "Misaki tuna", "type": "resource", "limit": 3},
        "q3": {
            "query": "三崎 まぐろ",
            "type": "resource",
            "properties": [{"pid": "prefecture", "v": "神奈川県"}],
            "limit": 3,
        },
        "q4": {"query": "該当なしの名前xyz", "type": "resource", "limit": 3},
    }
    check(batch, "reconciliation-query-batch")
    _, _, answer = post(service, queries=json.dumps(batch, ensure_ascii=False))
    check(answer, "reconciliation-result-batch")
    best = {key: (answer[key]["result"] or [None])[0] for key in batch}
    tuna = best["q2"]["id"]
    assert tuna.startswith(TUNA) and best["q2"]["match"] is True
    assert best["q1"]["id"] == tuna and best["q3"]["id"] == tuna
    assert best["q4"] is None or best["q4"]["match"] is False
    # 5. the preview pane of a candidate
    status, headers, card = get(service + "/preview", id=tuna)
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "三崎のまぐろ" in card.decode("utf-8")
    # 6. "search for match": the entity suggest
    _, _, body = get(service + "/suggest/entity", prefix="三崎")
    entities = json.loads(body)
    check(entities, "suggest-entities-response")
    assert tuna in [e["id"] for e in entities["result"]]
    # 7. "add columns from reconciled values": proposals, property suggest, then extension
    _, _, body = get(service + "/propose_properties", type="resource")
    proposals = json.loads(body)
    check(proposals, "data-extension-property-proposal")
    _, _, body = get(service + "/suggest/property", prefix="pref")
    check(json.loads(body), "suggest-properties-response")
    request = {"ids": [tuna], "properties": [{"id": "prefecture"}, {"id": "designatedOn"}]}
    check(request, "data-extension-query")
    _, _, extended = post(service, extend=json.dumps(request))
    check(extended, "data-extension-response")
    row = extended["rows"][tuna]
    assert row["prefecture"] == [{"id": K14, "name": "神奈川県"}]
    assert row["designatedOn"] and all("str" in cell for cell in row["designatedOn"])


@pytest.mark.parametrize(
    ("method", "path", "form", "status", "message"),
    [
        ("POST", "", {"queries": "not json"}, 400, "not JSON"),
        ("POST", "", {"queries": json.dumps({"q0": {"limit": 3}})}, 400, "needs a 'query'"),
        (
            "POST",
            "",
            {"queries": json.dumps({"q0": {"query": "x", "type": "planet"}})},
            400,
            "unknown type",
        ),
        ("POST", "", {"queries": json.dumps({"q0": {"query": "x", "limit": 10**6}})}, 400, "limit"),
        (
            "POST",
            "",
            {"extend": json.dumps({"ids": ["x"], "properties": [{"id": "salary"}]})},
            400,
            "properties",
        ),
        ("GET", "/preview", {"id": "https://example.org/none"}, 404, "no entity"),
        ("GET", "/nothing-here", {}, 404, "no reconciliation endpoint"),
        ("GET", "", {"callback": "x"}, 400, "queries=JSON"),
    ],
)
def test_bad_requests_are_refused_with_a_message(service, method, path, form, status, message):
    url = service + path
    data = urllib.parse.urlencode(form).encode("utf-8")
    if method == "GET":
        request = urllib.request.Request(url + ("?" + data.decode() if form else ""))
    else:
        request = urllib.request.Request(
            url, data=data, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == status
    assert message in json.loads(caught.value.read())["message"]


def test_the_schema_check_rejects_a_malformed_answer():
    with pytest.raises(AssertionError, match="required"):
        check({"q0": {"result": [{"id": "x", "score": 1}]}}, "reconciliation-result-batch")
    with pytest.raises(AssertionError, match="valid under the given schema"):
        check(
            {"versions": ["0.1"], "name": "n", "identifierSpace": "i", "schemaSpace": "s"},
            "manifest",
        )
