"""The web app through FastAPI's TestClient: API shapes, filters, pagination, errors,
escaping of a hostile article, security headers, ingest switched off / token / size limit."""

from __future__ import annotations

import json
import re

import pytest

from contested.web import MAX_BODY, create_app
from contested.web.views import FilterError, Mark, json_script, parse_filters, segments
from test_web_fixtures import HOSTILE_ID, PWN_IMG, PWN_SCRIPT, build_db, starlette_test_client

TestClient = starlette_test_client()


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_db(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db_url: str):
    with TestClient(create_app(db_url)) as c:
        yield c


def event_id(client, place: str) -> str:
    [ev] = [e for e in client.get("/api/events").json()["events"] if e["location"]["name"] == place]
    return ev["id"]


# ---------------------------------------------------------------- API
def test_events_shape_and_total(client) -> None:
    r = client.get("/api/events")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"total", "limit", "offset", "next_cursor", "events"}
    assert body["next_cursor"] is None  # one page holds them all
    assert body["total"] == 5 and len(body["events"]) == 5 and body["limit"] == 50
    ev = body["events"][0]
    for key in ("id", "event_type", "sub_event_type", "date", "location", "actor1", "fatalities",
                "contested", "claims", "documents"):
        assert key in ev
    dates = [e["date"] for e in body["events"]]
    assert dates == sorted(dates)


def test_events_filters(client) -> None:
    def ids(**params):
        body = client.get("/api/events", params=params).json()
        assert body["total"] == len(body["events"])
        return {e["location"]["name"] for e in body["events"]}

    assert ids(country="az") == {"Barda", "Ganja", "Tartar"}
    assert ids(contested="true") == {"Barda", "Tartar"}
    assert ids(contested="false") == {"Ganja", "Kharkiv", "Cali"}
    assert ids(since="2020-10-20", until="2020-12-31") == {"Barda", "Tartar"}
    assert ids(type="Protests") == {"Cali"}
    assert ids(type="Peaceful protest") == {"Cali"}
    assert ids(near="40.37,47.13,30") == {"Barda", "Tartar"}   # Tartar is 17 km from Barda
    assert ids(near="40.37,47.13,30", contested="true", country="AZ") == {"Barda", "Tartar"}
    assert ids(country="FR") == set()


def test_events_pagination(client) -> None:
    all_ids = [e["id"] for e in client.get("/api/events").json()["events"]]
    seen = []
    for offset in range(0, 6, 2):
        body = client.get("/api/events", params={"limit": 2, "offset": offset}).json()
        assert body["total"] == 5 and body["limit"] == 2 and body["offset"] == offset
        seen += [e["id"] for e in body["events"]]
    assert seen == all_ids
    near = client.get("/api/events", params={"near": "40.37,47.13,30", "limit": 1, "offset": 1}).json()
    assert near["total"] == 2 and len(near["events"]) == 1


@pytest.mark.parametrize("params, field", [
    ({"since": "yesterday"}, "since"),
    ({"until": "2020-13-01"}, "until"),
    ({"country": "AZE"}, "country"),
    ({"contested": "maybe"}, "contested"),
    ({"near": "40,47"}, "near"),
    ({"near": "a,b,c"}, "near"),
    ({"near": "95,47,10"}, "near"),
    ({"near": "40,47,-5"}, "near"),
    ({"near": "nan,47,5"}, "near"),
    ({"limit": "0"}, "limit"),
    ({"limit": "100000"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"since": "2021-01-01", "until": "2020-01-01"}, "since"),
])
def test_events_validation_is_422_with_a_message(client, params, field) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert any(d["loc"][-1] == field and d["msg"] for d in detail), detail


def test_event_with_claims_and_documents(client) -> None:
    r = client.get(f"/api/events/{event_id(client, 'Barda')}")
    assert r.status_code == 200
    ev = r.json()
    assert ev["contested"] is True and ev["documents"] == ["w-1", "w-2"]
    stances = {(c["source"]["name"], c["stance"]) for c in ev["claims"]}
    assert ("Government of Armenia", "denies") in stances
    assert all(c["doc_id"] in ev["documents"] and c["span"] for c in ev["claims"])
    assert [d["title"] for d in ev["document_info"]] == ["Rockets hit Barda", "Barda toll rises"]
    assert {m["doc_id"] for m in ev["mentions"]} == {"w-1", "w-2"}


def test_document_text_and_spans(client) -> None:
    doc = client.get("/api/documents/w-1").json()
    assert doc["title"] == "Rockets hit Barda" and doc["text"].startswith("Azerbaijan said")
    [ev] = doc["events"]
    start, end = ev["location"]["span"]
    assert doc["text"][start:end] == "Barda"
    assert ev["ledger_event"] == event_id(client, "Barda")


def test_stats(client) -> None:
    s = client.get("/api/stats").json()
    assert s["events"] == 5 and s["articles"] == 6 and s["events_contested"] == 2
    assert s["by_country"]["AZ"] == 3


@pytest.mark.parametrize("path", ["/api/events/ev-nope", "/api/documents/nope", "/api/documents/a/b"])
def test_unknown_ids_are_404_json(client, path) -> None:
    r = client.get(path)
    assert r.status_code == 404 and "detail" in r.json()


@pytest.mark.parametrize("path", ["/events/ev-nope", "/documents/nope"])
def test_unknown_ids_are_404_pages(client, path) -> None:
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "nope" in r.text


def test_openapi_and_docs_page(client) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/documents/{doc_id}", "/api/stats", "/api/map",
            "/api/timeline"} <= set(spec["paths"])
    assert "/api/articles" not in spec["paths"]
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert names == {"country", "since", "until", "type", "contested", "near", "limit", "offset", "cursor"}
    names = {p["name"] for p in spec["paths"]["/api/map"]["get"]["parameters"]}
    assert names == {"country", "since", "until", "type", "contested", "near", "bbox", "width"}
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/events" in page.text and "read-only" in page.text
    assert "cdn" not in page.text.lower()


# ---------------------------------------------------------------- pages
def test_pages_render(client) -> None:
    barda = event_id(client, "Barda")
    home = client.get("/")
    assert home.status_code == 200
    assert len(re.findall(r'<circle class="pt ', home.text)) == 5
    assert len(re.findall(r'<circle class="pt [^"]* contested"', home.text)) == 2
    assert f'href="/events/{barda}"' in home.text
    tl = client.get("/timeline")
    assert tl.status_code == 200 and "Military Forces of Armenia" in tl.text and '<rect class="bar"' in tl.text
    ev = client.get(f"/events/{barda}")
    assert ev.status_code == 200
    assert '<mark class="claim-sentence">Armenia&#39;s defence ministry denied firing at the town.</mark>' in ev.text
    doc = client.get("/documents/w-1")
    assert doc.status_code == 200 and f'href="/events/{barda}"' in doc.text and "hl-strong" in doc.text


def test_map_filters_reduce_points_and_fill_the_form(client) -> None:
    r = client.get("/", params={"country": "AZ", "contested": "true"})
    assert r.status_code == 200
    assert len(re.findall(r'<circle class="pt ', r.text)) == 2
    assert 'name="country" value="AZ"' in r.text
    assert '<option value="true" selected>' in r.text
    bad = client.get("/", params={"since": "not-a-date"})
    assert bad.status_code == 400 and "since" in bad.text and "YYYY-MM-DD" in bad.text


def test_timeline_filters(client) -> None:
    r = client.get("/timeline", params={"country": "UA"})
    assert r.status_code == 200 and "Military Forces of Russia" in r.text
    assert "Military Forces of Armenia" not in r.text
    assert client.get("/timeline", params={"country": "ZZ"}).status_code == 200


def test_hostile_article_is_escaped_everywhere(client) -> None:
    tartar = event_id(client, "Tartar")
    pages = [client.get(u) for u in ("/", "/timeline", f"/events/{tartar}", f"/documents/{HOSTILE_ID}",
                                     f"/api/documents/{HOSTILE_ID}")]
    for r in pages:
        assert r.status_code == 200
    for r in pages[:4]:
        html = r.text
        assert "<script>window" not in html and "<img src=x" not in html and "onerror=" not in html.replace(
            "onerror=&#34;", "")
        # the only script elements are our static files and the JSON data block
        for tag in re.findall(r"<script[^>]*>", html):
            assert re.fullmatch(r'<script (src="/static/[a-z]+\.js" defer|type="application/json" id="map-data")>',
                                tag), tag
    ev_html, doc_html = pages[2].text, pages[3].text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;Hostile" in ev_html      # title, escaped
    assert "Evil &lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt; Wire&lt;/script&gt;" in ev_html  # outlet
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in doc_html             # text
    # the API returns the raw strings as JSON data, which is not HTML
    assert pages[4].headers["content-type"].startswith("application/json")
    assert PWN_SCRIPT in pages[4].json()["text"] and PWN_IMG in pages[4].json()["title"]


def test_json_script_cannot_close_its_element() -> None:
    data = [{"label": "</script><script>alert(1)</script><!--", "x": "a&b\u2028"}]
    out = json_script(data)
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == data


def test_security_headers(client) -> None:
    for path in ("/", "/api/events", "/static/map.js"):
        h = client.get(path).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp
        assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"


def test_static_and_base_layer(client) -> None:
    js = client.get("/static/map.js")
    assert js.status_code == 200 and "innerHTML" not in js.text
    assert "innerHTML" not in client.get("/static/app.js").text
    base = client.get("/map/base.svg")
    assert base.status_code == 200 and base.headers["content-type"].startswith("image/svg+xml")
    assert base.text.count("h0") > 5000  # thousands of settlement dots


# ---------------------------------------------------------------- ingest
def test_ingest_is_off_by_default(client) -> None:
    r = client.post("/api/articles", json={"text": "Rebels shelled Goma on Monday."})
    assert r.status_code in (404, 405)
    assert client.get("/api/stats").json()["articles"] == 6


def test_ingest_needs_a_token_to_be_enabled(db_url) -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(db_url, allow_ingest=True)


@pytest.fixture
def ingest_client(tmp_path):
    url = build_db(tmp_path)
    with TestClient(create_app(url, allow_ingest=True, token="s3cret")) as c:
        yield c


ARTICLE = {"id": "new-1", "published": "2022-03-09", "outlet": "Wire C", "title": "Mariupol",
           "text": "Russian forces shelled Mariupol on Tuesday, killing 7 people, Ukrainian officials said."}


def test_ingest_requires_the_bearer_token(ingest_client) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic s3cret"},
                    {"Authorization": "s3cret"}):
        r = ingest_client.post("/api/articles", json=ARTICLE, headers=headers)
        assert r.status_code == 401, headers
        assert r.headers["www-authenticate"] == "Bearer"
    assert ingest_client.get("/api/stats").json()["articles"] == 6


def test_ingest_extracts_and_stores(ingest_client) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    r = ingest_client.post("/api/articles", json=ARTICLE, headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    [item] = body["articles"]
    assert item["id"] == "new-1" and body["report"]["articles_new"] == 1
    stats = ingest_client.get("/api/stats").json()
    assert stats["articles"] == 7 and stats["mentions"] == 6 + item["events"] == 6 + body["report"]["mentions"]
    doc = ingest_client.get("/api/documents/new-1").json()   # stored with the real extractor's output
    assert doc["title"] == "Mariupol" and doc["outlet"] == "Wire C" and len(doc["events"]) == item["events"]
    # a list of articles; re-sending an identical article changes nothing
    r = ingest_client.post("/api/articles", json=[ARTICLE], headers=auth)
    assert r.status_code == 200 and r.json()["report"]["articles_unchanged"] == 1
    assert "/api/articles" in ingest_client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize("payload", [{}, {"text": ""}, {"text": "x", "published": "someday"}, [],
                                     {"text": 5}])
def test_ingest_validation(ingest_client, payload) -> None:
    r = ingest_client.post("/api/articles", json=payload, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 422, r.text


def test_request_size_limit(ingest_client) -> None:
    auth = {"Authorization": "Bearer s3cret"}
    big = {"text": "x" * (MAX_BODY + 10)}
    r = ingest_client.post("/api/articles", json=big, headers=auth)
    assert r.status_code == 413 and "too large" in r.json()["detail"]

    def chunks():  # no Content-Length: the body is streamed
        for _ in range(20):
            yield b"y" * (MAX_BODY // 10)

    r = ingest_client.post("/api/articles", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert r.status_code == 413
    # the limit holds on read-only servers too, whatever the path
    assert ingest_client.post("/api/events", content=b"z" * (MAX_BODY + 1)).status_code == 413


# ---------------------------------------------------------------- helpers
def test_parse_filters() -> None:
    f = parse_filters({"country": "az", "since": "2020-01-01", "contested": "yes", "near": "1,2,3", "type": ""})
    assert f["country"] == "AZ" and f["contested"] is True and f["near"] == (1.0, 2.0, 3.0) and "type" not in f
    with pytest.raises(FilterError, match="after"):
        parse_filters({"since": "2021-01-01", "until": "2020-01-01"})


def test_segments_cover_overlaps() -> None:
    text = "Armenian forces shelled Barda."
    segs = segments(text, [Mark(0, 30, "claim"), Mark(24, 29, "place", "/events/x", strong=True),
                           Mark(-5, 2, "clipped"), Mark(40, 50, "outside")])
    assert "".join(s.text for s in segs) == text
    barda = [s for s in segs if s.text == "Barda"][0]
    assert barda.strong and barda.href == "/events/x" and "place" in barda.title


# ---------------------------------------------------------------- contested serve
def serve_parser():
    import argparse

    from contested.web.cli import add_serve_parser

    p = argparse.ArgumentParser(prog="contested")
    add_serve_parser(p.add_subparsers(dest="command", required=True))
    return p


def test_serve_arguments_and_refusals(db_url, capsys) -> None:
    args = serve_parser().parse_args(["serve", "--db", db_url])
    assert (args.host, args.port, args.allow_ingest, args.token) == ("127.0.0.1", 8000, False, None)
    args = serve_parser().parse_args(["serve", "--db", db_url, "--allow-ingest"])
    assert args.func(args) == 2 and "--token" in capsys.readouterr().err
    args = serve_parser().parse_args(["serve", "--db", "nosuchdriver://x", "--port", "0"])
    assert args.func(args) == 2 and "nosuchdriver" in capsys.readouterr().err


def test_serve_starts_uvicorn_and_says_where(db_url) -> None:
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = ("import argparse, sys\n"
            "from contested.web.cli import add_serve_parser\n"
            "p = argparse.ArgumentParser(prog='contested')\n"
            "add_serve_parser(p.add_subparsers(dest='command'))\n"
            "a = p.parse_args(sys.argv[1:])\n"
            "sys.exit(a.func(a))\n")
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--db", db_url, "--port", str(port),
                             "--log-level", "warning"], stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stderr.readline()
        assert f"at http://127.0.0.1:{port}/" in line and "read-only" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "the server did not come up"
                time.sleep(0.1)
        assert r.status_code == 200 and r.json()["events"] == 5
    finally:
        proc.send_signal(signal.SIGINT)   # Ctrl+C: a clean stop, exit status 0
        try:
            proc.wait(15)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.stderr.close()
    assert proc.returncode == 0
