"""The HTTP API fuzzed against its own OpenAPI spec with schemathesis (issue 8), in-process
through the ASGI app (no network, no server).

Every operation of ``/openapi.json`` (the GET endpoints of a read-only app; ``POST
/api/articles`` of an app started with ingest and a token) gets schema-valid (positive)
and schema-violating (negative) requests; each response must be no 5xx, have a documented
status code, content type and headers, and a body that matches the response schema, and
requests that break the schema must be refused. One check is left out: schemathesis's
"positive data acceptance", because some filters have rules the schema cannot say (``near``
is LAT,LON,KM within range; ``since`` is not after ``until``) and are rightly refused with
422. The pages (not in the spec) get arbitrary query strings and ids.

Each operation runs a bounded number of examples; ``CONTESTED_FUZZ_SCALE`` multiplies them
(``CONTESTED_FUZZ_SCALE=20 pytest tests/test_web_fuzz.py``).
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contested.ledger import Ledger
from contested.web import create_app
from test_web_fixtures import build_db, starlette_test_client

TestClient = starlette_test_client()
SCALE = max(1, int(os.environ.get("CONTESTED_FUZZ_SCALE", "1")))
TOKEN = "fuzz-token"
EXCLUDED = [schemathesis.checks.positive_data_acceptance]
READ_OPS = [("GET", "/api/events"), ("GET", "/api/events/{event_id}"), ("GET", "/api/documents/{doc_id}"),
            ("GET", "/api/stats"), ("GET", "/api/map"), ("GET", "/api/timeline")]
POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
# (method, route family, status) of every request the fuzzers sent, checked by the last test
SEEN: Counter[tuple[str, str, int]] = Counter()


def fuzz(n: int):
    return settings(max_examples=n * SCALE, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


class Recorder:
    """ASGI wrapper that counts the status of every response, per route family."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        family = next((p for p in ("/api/events/", "/api/documents/", "/events/", "/documents/")
                       if path.startswith(p)), path)

        async def recording(msg) -> None:
            if msg["type"] == "http.response.start":
                SEEN[(scope["method"], family, msg["status"])] += 1
            await send(msg)

        await self.app(scope, receive, recording)


# ---------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(build_db(tmp_path_factory.mktemp("fuzz")).removeprefix("sqlite:///")).parent


@pytest.fixture(scope="module")
def read_app(folder: Path):
    return create_app(f"sqlite:///{folder / 'web.db'}")


@pytest.fixture(scope="module")
def read_schema(read_app):
    return schemathesis.openapi.from_asgi("/openapi.json", Recorder(read_app))


@pytest.fixture(scope="module")
def ingest_schema(folder: Path):
    shutil.copy(folder / "web.db", folder / "ingest.db")
    app = create_app(f"sqlite:///{folder / 'ingest.db'}", allow_ingest=True, token=TOKEN)
    return schemathesis.openapi.from_asgi("/openapi.json", Recorder(app))


@pytest.fixture(scope="module")
def pages(read_app):
    with TestClient(Recorder(read_app)) as client:
        yield client


@pytest.fixture(scope="module")
def known_ids(pages) -> dict[str, list[str]]:
    events = pages.get("/api/events").json()["events"]
    return {"events": [e["id"] for e in events], "documents": sorted({d for e in events for d in e["documents"]})}


def _stats(folder: Path) -> dict:
    with Ledger(f"sqlite:///{folder / 'web.db'}") as ledger:
        return ledger.stats()


def _operations(schema) -> set[tuple[str, str]]:
    return {(op.method.upper(), op.path) for op in (r.ok() for r in schema.get_all_operations())}


def _fuzz_operation(schema, method: str, path: str, mode, n: int, headers: dict | None = None) -> None:
    operation = schema[path][method]

    @fuzz(n)
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)

    run()


# ---------------------------------------------------------------- the spec's operations
def test_spec_lists_every_operation(read_schema, ingest_schema) -> None:
    """The operations fuzzed below are all the spec has: a new endpoint must be added here."""
    assert _operations(read_schema) == set(READ_OPS)
    assert _operations(ingest_schema) == {*READ_OPS, ("POST", "/api/articles")}


# negative data only where the schema constrains something: a free-text path id or an
# operation without parameters has no schema-violating request to generate
@pytest.mark.parametrize("method, path, mode, n", [
    ("GET", "/api/events", POSITIVE, 200), ("GET", "/api/events", NEGATIVE, 200),
    ("GET", "/api/map", NEGATIVE, 100), ("GET", "/api/timeline", NEGATIVE, 60),
    *[(m, p, POSITIVE, 100) for m, p in READ_OPS[1:]],
], ids=lambda v: "" if isinstance(v, int) else str(v))
def test_read_api_conforms(read_schema, method: str, path: str, mode, n: int) -> None:
    _fuzz_operation(read_schema, method, path, mode, n)


@pytest.mark.parametrize("mode", [POSITIVE, NEGATIVE], ids=str)
def test_ingest_api_conforms(ingest_schema, mode) -> None:
    _fuzz_operation(ingest_schema, "POST", "/api/articles", mode, 80, headers={"Authorization": f"Bearer {TOKEN}"})


# ---------------------------------------------------------------- pages and ids
QUERY_KEYS = st.sampled_from(["country", "since", "until", "type", "contested", "near", "limit", "x"])


@fuzz(60)
@given(params=st.lists(st.tuples(QUERY_KEYS, st.text(max_size=60)), max_size=6),
       page=st.sampled_from(["/", "/timeline"]))
def test_pages_any_query(pages, params, page) -> None:
    r = pages.get(page, params=params)
    assert r.status_code in (200, 400), (page, params, r.status_code)
    assert r.headers["content-type"].startswith("text/html")


@fuzz(60)
@given(data=st.data(), kind=st.sampled_from(["events", "documents"]), api=st.booleans())
def test_ids_any_text(pages, known_ids, data, kind, api) -> None:
    ident = data.draw(st.one_of(st.sampled_from(known_ids[kind]), st.text(min_size=1, max_size=80)))
    path = f"{'/api' if api else ''}/{kind}/{quote(ident, safe='')}"
    r = pages.get(path)
    assert r.status_code == (200 if ident in known_ids[kind] else 404), (path, r.status_code)
    if api:
        assert r.headers["content-type"].startswith("application/json")


def test_fuzzers_reached_every_route(folder: Path) -> None:
    """The runs above (in file order) reached every route, got past validation on each,
    ingested through the real pipeline at least once, and never got a 5xx."""
    if not SEEN:
        pytest.skip("run with the fuzz tests above")
    ok = Counter(family for (_, family, status), n in SEEN.items() if 200 <= status < 300 for _ in range(n))
    for family in ("/api/events", "/api/events/", "/api/documents/", "/api/stats", "/api/map", "/api/timeline",
                   "/", "/timeline", "/events/", "/documents/"):
        assert ok[family] > 0, (family, SEEN)
    assert SEEN[("POST", "/api/articles", 200)] > 0, SEEN
    assert not [k for k in SEEN if k[2] >= 500], SEEN
    assert _stats(folder)["articles"] == 6  # the read-only app changed nothing
    print(f"\nweb fuzz: {sum(SEEN.values())} requests: {dict(sorted(SEEN.items()))}")
