"""Hostile parameters against the web app (issue 8): SQL injection strings, path traversal,
NUL bytes, unicode quotes, huge values and repeated parameters in every query and path
parameter of the API and the pages, and traversal in static paths.

Requests are sent as raw ASGI messages, so the path reaches the app exactly as written (an
HTTP client would normalise ``..`` segments away) and the query string can hold bytes no
client would send. Every answer must be a 2xx (the hostile string was just a value that
matched nothing) or a 4xx, never a 5xx; no file from outside the app's static folder may
leak; and the ledger must be exactly as before: every table's row count and a full export.
"""

from __future__ import annotations

import asyncio
import io
import sqlite3
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import pytest

from contested.ledger import Ledger
from contested.web import create_app
from test_web_fixtures import build_db

TOKEN = "attack-token"
SQLI = [
    "' OR 1=1 --", "' OR '1'='1", "1; DROP TABLE events", "1); DROP TABLE events; --", "\" OR \"\"=\"",
    "x' UNION SELECT name, sql FROM sqlite_master --", "%' OR 1=1 --", "\u2019 OR 1=1 --",
    "\u02bc OR \u02bc1\u02bc=\u02bc1", "\uff07 OR 1=1 --", "AZ\x00' OR 1=1", "\x00", "Battles\x00; DROP TABLE events",
    "' AND sqlite_version() --", "1 OR sleep(5)", "AZ' --", "%", "_", "\\", "*",
]
TRAVERSAL = [
    "../../etc/passwd", "../../../../../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e%252fetc%252fpasswd", "..\\..\\..\\etc\\passwd",
    "..%5c..%5c..%5cetc%5cpasswd", "/etc/passwd", "%2fetc%2fpasswd", "....//....//etc/passwd",
    "..;/..;/etc/passwd", "../app.py", "..%2fapp.py", "..%2f..%2fweb%2fapp.py", "%c0%ae%c0%ae/etc/passwd",
    "../templates/base.html", "file:///etc/passwd", "C:\\Windows\\win.ini", "\x00../../etc/passwd",
]
HUGE = ["9" * 5000, "-" + "9" * 400, "1e999", "nan", "inf", "-0", "A" * 20_000, "\u202e" * 500, "\U0001f4a5" * 2000]
HOSTILE = SQLI + TRAVERSAL + HUGE
QUERY_PARAMS = ["country", "since", "until", "type", "contested", "near", "limit", "offset", "cursor", "bbox",
                "width"]
# what must never appear in an answer: bits of files outside the static folder
LEAKS = [b"root:x:0:0", b"root:*:0:0", b"def create_app", b"SQLite format 3", b"{% extends", b"[fonts]",
         b"CREATE TABLE"]


def asgi_get(app, raw_path: bytes, query: bytes = b"", method: str = "GET", body: bytes = b"",
             headers: tuple[tuple[bytes, bytes], ...] = ()) -> tuple[int, bytes]:
    """One request straight into the ASGI app; returns (status, body). ``raw_path`` is sent
    as is and decoded into ``path`` the way uvicorn does (percent-decoding, UTF-8)."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": unquote_to_bytes(raw_path).decode("utf-8", "replace"), "raw_path": raw_path, "root_path": "",
        "query_string": query, "headers": [(b"host", b"testserver"), *headers],
        "server": ("testserver", 80), "client": ("127.0.0.1", 50000),
    }
    out: dict = {"status": None, "body": b""}
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(msg: dict) -> None:
        if msg["type"] == "http.response.start":
            out["status"] = msg["status"]
        elif msg["type"] == "http.response.body":
            out["body"] += msg.get("body", b"")

    asyncio.run(app(scope, receive, send))
    return out["status"], out["body"]


def snapshot(url: str) -> tuple[dict[str, int], str]:
    """Row counts of every table and a full jsonl export of the ledger."""
    path = url.removeprefix("sqlite:///")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
    buf = io.StringIO()
    with Ledger(url) as ledger:
        ledger.export("jsonl", buf)
    return counts, buf.getvalue()


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_db(tmp_path_factory.mktemp("attacks"))


@pytest.fixture(scope="module")
def app(db_url: str):
    return create_app(db_url, allow_ingest=True, token=TOKEN)


@pytest.fixture(scope="module")
def before(db_url: str):
    return snapshot(db_url)


def check(status: int, body: bytes, what: str, ok: tuple[int, ...] = (200, 400, 404, 422)) -> None:
    assert status is not None and status < 500, f"{what}: {status} {body[:300]!r}"
    assert status in ok, f"{what}: unexpected {status} {body[:300]!r}"
    for leak in LEAKS:
        assert leak not in body, f"{what}: answer holds {leak!r}"


def q(*pairs: tuple[str, str]) -> bytes:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs).encode()


# ---------------------------------------------------------------- query parameters
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
@pytest.mark.parametrize("path", [b"/api/events", b"/api/map", b"/api/timeline", b"/", b"/timeline"])
def test_hostile_query_values(app, before, path: bytes, value: str) -> None:
    for param in QUERY_PARAMS:
        status, body = asgi_get(app, path, q((param, value)))
        check(status, body, f"{path.decode()}?{param}={value[:40]!r}")
        if path in (b"/api/events", b"/api/map") and status == 200:
            # the value was taken as a value: it matched nothing (no "OR 1=1" returning everything)
            assert b'"total":0' in body or param in ("contested", "limit", "offset", "cursor", "bbox", "width"), \
                (param, value, body[:200])


def test_hostile_raw_query_strings(app, before) -> None:
    """Bytes and shapes a client would not send: NUL, bad UTF-8, bare keys, no '=', '&&&'."""
    raws = [b"country=AZ%00", b"country=%00", b"type=%ff%fe", b"type=\xff\xfe", b"country", b"=AZ", b"&&&&",
            b"country=AZ&country=' OR 1=1 --", b"limit=1&limit=99999999999999999999",
            b"near=1,2,3&near=" + b"9" * 3000, b"since=2020-01-01%00", b"contested=true%00",
            b"%00=%00", b"type=" + b"%27" * 5000, b";".join([b"a=1"] * 2000), b"x=" + b"A" * 200_000]
    for path in (b"/api/events", b"/api/map", b"/api/timeline", b"/", b"/timeline", b"/api/stats"):
        for raw in raws:
            check(*asgi_get(app, path, raw), f"{path.decode()}?{raw[:60]!r}")


def test_dates_are_iso_only(app) -> None:
    """Numbers are not read as Unix timestamps (``until=0`` was 1970-01-01, a silent filter)."""
    for value in ("0", "20201028", "1603843200", "2020-10-28T00:00:00", " 2020-10-28"):
        for param in ("since", "until"):
            status, body = asgi_get(app, b"/api/events", q((param, value)))
            assert status == 422, (param, value, status, body[:200])
    assert asgi_get(app, b"/api/events", q(("since", "2020-10-28")))[0] == 200


def test_repeated_parameters(app, before) -> None:
    for path in (b"/api/events", b"/api/map", b"/", b"/timeline"):
        for param in QUERY_PARAMS:
            query = q(*[(param, v) for v in ("AZ", "' OR 1=1 --", "2020-01-01", "1", "true", "x" * 200)] * 50)
            check(*asgi_get(app, path, query), f"{path.decode()} repeated {param}")
        query = q(*[(p, v) for p in QUERY_PARAMS for v in SQLI])
        check(*asgi_get(app, path, query), f"{path.decode()} every param x every injection")


# ---------------------------------------------------------------- path parameters and static files
ID_ROUTES = [b"/api/events/", b"/api/documents/", b"/events/", b"/documents/"]


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_ids(app, before, value: str) -> None:
    encoded = quote(value, safe="").encode()
    raw = value.encode("utf-8") if "%" in value or "\\" in value else encoded
    for route in ID_ROUTES:
        for tail in {encoded, raw}:
            status, body = asgi_get(app, route + tail)
            check(status, body, f"{route.decode()}{tail[:60]!r}", ok=(400, 404, 422))


@pytest.mark.parametrize("value", TRAVERSAL)
def test_static_traversal(app, before, value: str) -> None:
    for prefix in (b"/static/", b"/static/app.css/", b"/static//", b"/map/", b"/"):
        raw = prefix + value.encode("utf-8")
        status, body = asgi_get(app, raw)
        assert status is not None and status < 500, (raw, status, body[:200])
        for leak in LEAKS:
            assert leak not in body, (raw, leak)
        # outside /static only the map page could answer 200 (a path it does not know is 404)
        assert status in (400, 404, 405, 422) or (status == 200 and prefix == b"/" and value.startswith("/")), \
            (raw, status)


def test_static_files_still_served(app) -> None:
    status, body = asgi_get(app, b"/static/app.css")
    assert status == 200 and body


# ---------------------------------------------------------------- ingest with hostile content
def test_ingest_hostile_fields_stored_as_data(tmp_path: Path) -> None:
    """Injection strings in every field of an ingested article are data: the tables are
    all still there and the article reads back as sent (on a copy of the ledger)."""
    url = build_db(tmp_path)
    app = create_app(url, allow_ingest=True, token=TOKEN)
    auth = ((b"authorization", f"Bearer {TOKEN}".encode()), (b"content-type", b"application/json"))
    import json

    art = {"id": "x'); DROP TABLE events; --", "text": "Rebels shelled Goma on Monday. ' OR 1=1 --",
           "outlet": "1; DROP TABLE documents", "title": "\u2019 OR \u20191\u2019=\u20191", "url": "../../etc/passwd",
           "language": "en'--", "published": "2024-03-04"}
    counts_before, _ = snapshot(url)
    status, body = asgi_get(app, b"/api/articles", method="POST", body=json.dumps(art).encode(), headers=auth)
    assert status == 200, body
    counts_after, _ = snapshot(url)
    assert set(counts_after) == set(counts_before)  # no table dropped
    status, body = asgi_get(app, b"/api/documents/" + quote(art["id"], safe="").encode())
    assert status == 200 and json.loads(body)["outlet"] == art["outlet"]
    for bad in ({"text": "x\x00y", "published": "' OR 1=1 --"}, {"text": "ok", "published": "../../etc/passwd"},
                {"text": "ok", "id": "A" * 301}, {"text": ""}, [], [{"text": "a"}] * 1001):
        status, body = asgi_get(app, b"/api/articles", method="POST", body=json.dumps(bad).encode(), headers=auth)
        assert status == 422, (bad if not isinstance(bad, list) else len(bad), status, body[:200])


def test_ledger_unchanged(app, db_url: str, before) -> None:
    """Run last (file order): after every attack above, the ledger is as it was."""
    asgi_get(app, b"/api/events", q(("type", "1; DROP TABLE events")))
    assert snapshot(db_url) == before
    status, body = asgi_get(app, b"/api/stats")
    assert status == 200 and b'"events":5' in body
