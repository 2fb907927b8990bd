"""The web UI and API on a bigger ledger (issue 20), on SQLite and on PostgreSQL when a
server is configured (conftest_pg): keyset pages, counts, map aggregates and timeline
counts computed in SQL agree with the same figures computed in Python from every event;
every filter's query uses an index (EXPLAIN); the data version changes with every write and
the app's cached aggregates follow it; the map page ships aggregates, never every event;
an ingested article whose date cannot be used is a 422, never a 500.

The ledger here is a few hundred events built in code (places, days, sides, tolls, denials,
some undated or without coordinates), ingested through ``Ledger.ingest``.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

import pytest

from conftest_pg import backend_fixture, new_url_fixture  # noqa: F401 - fixtures backend, new_url
from contested.ledger import Ledger
from contested.ledger import query as lq
from contested.ledger import store as st
from contested.records import SUB_TO_TYPE, Actor, Article, Claim, Event, Extraction, Place
from contested.web import create_app, views
from test_web_fixtures import starlette_test_client

TestClient = starlette_test_client()

TOWNS = [  # name, lat, lon, country
    ("Barda", 40.374, 47.126, "AZ"), ("Ganja", 40.683, 46.361, "AZ"), ("Tartar", 40.342, 46.932, "AZ"),
    ("Kharkiv", 49.981, 36.253, "UA"), ("Kherson", 46.636, 32.617, "UA"), ("Izium", 49.21, 37.25, "UA"),
    ("Bakhmut", 48.595, 38.0, "UA"), ("Goma", -1.679, 29.222, "CD"), ("Bunia", 1.566, 30.252, "CD"),
    ("Gao", 16.272, -0.044, "ML"), ("Mopti", 14.484, -4.183, "ML"), ("Cali", 3.437, -76.522, "CO"),
]
SUBS = ["Shelling/artillery/missile attack", "Air/drone strike", "Armed clash", "Attack", "Peaceful protest",
        "Arrests"]
SIDES = [f"Side {c}" for c in "ABCDEFGHIJ"]  # ten sides: the timeline shows six and "Other actors"
N = 420


def corpus(n: int = N, seed: int = 20, prefix: str = "s") -> list[tuple[Article, Extraction]]:
    rng = random.Random(seed)
    start = date(2021, 1, 1)
    out = []
    for i in range(n):
        name, lat, lon, cc = rng.choice(TOWNS)
        day = start + timedelta(days=rng.randrange(700))
        sub = rng.choice(SUBS)
        undated, unplaced = i % 37 == 5, i % 29 == 3
        place = (Place(name=cc, mention=cc, country=cc, lat=None, lon=None, precision="country") if unplaced else
                 Place(name=name, mention=name, country=cc, lat=round(lat + rng.uniform(-0.3, 0.3), 4),
                       lon=round(lon + rng.uniform(-0.3, 0.3), 4)))
        a1 = None if i % 11 == 0 else Actor(name=rng.choice(SIDES[:3] * 3 + SIDES), mention="x", country=cc,
                                            kind="state_forces")
        toll = rng.choice([None, 0, 3, 12, 40])
        claims = [Claim(source=Actor(name="Officials", mention="officials", country=cc, kind="government"),
                        stance="asserts", fatalities=toll, span=(0, 10))]
        if rng.random() < 0.2:
            claims.append(Claim(source=Actor(name="Other side", mention="o", country=cc, kind="government"),
                                stance="denies", span=(11, 20)))
        ev = Event(event_type=SUB_TO_TYPE[sub], sub_event_type=sub, date=None if undated else day,
                   date_precision=None if undated else "day", location=place, actor1=a1, fatalities=toll,
                   claims=tuple(claims), evidence=((0, 20),))
        pub = day + timedelta(days=1)
        doc = f"{prefix}-{i:04d}"
        out.append((Article(text=f"Report {i} about {name}.", id=doc, published=pub, outlet="Wire"),
                    Extraction(id=doc, published=pub, events=(ev,))))
    return out


@pytest.fixture(scope="module")
def url(backend, tmp_path_factory) -> str:
    u = backend.url(tmp_path_factory.mktemp("scale"), persistent=True)
    with Ledger(u) as ledger:
        ledger.ingest(corpus())
    return u


@pytest.fixture(scope="module")
def ledger(url):
    with Ledger(url) as ledger:
        yield ledger


FILTERS = [{}, {"country": "UA"}, {"since": date(2021, 6, 1), "until": date(2022, 3, 1)},
           {"type": "Battles"}, {"type": "Air/drone strike"}, {"contested": True}, {"contested": False},
           {"near": (49.5, 36.8, 120.0)}, {"country": "AZ", "contested": False, "since": date(2021, 3, 1)},
           {"until": date(2021, 2, 10)}]
IDS = [",".join(f"{k}={v}" for k, v in f.items()) or "none" for f in FILTERS]


def truth(ledger: Ledger, filters: dict) -> list[dict]:
    """Every matching event, the slow way (Python over the export shape)."""
    near = filters.get("near")
    plain = {k: v for k, v in filters.items() if k != "near"}
    out = []
    for ev in ledger.events(**plain):
        loc = ev.get("location") or {}
        if near is not None and (loc.get("lat") is None or
                                 st.distance_km(near[0], near[1], loc["lat"], loc["lon"]) > near[2]):
            continue
        out.append(ev)
    return out


# ---------------------------------------------------------------- listing, pages, counts
@pytest.mark.parametrize("filters", FILTERS, ids=IDS)
def test_cursor_pages_walk_the_listing_in_order(ledger, filters) -> None:
    want = [e["id"] for e in truth(ledger, filters)]
    assert [e["id"] for e in ledger.events(**filters)] == want   # near is exact in SQL now
    got, cursor, pages = [], None, 0
    while True:
        page = lq.events_page(ledger, filters, limit=7, cursor=cursor)
        got += [e["id"] for e in page["events"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert len(page["events"]) == 7
    assert got == want and pages == max(1, -(-len(want) // 7))
    assert lq.count_events(ledger, filters) == len(want)
    for offset in (0, 5, len(want) - 3, len(want) + 4):   # offsets still work, across the undated tail
        assert [e["id"] for e in lq.events_page(ledger, filters, limit=6, offset=max(0, offset))["events"]] \
            == want[max(0, offset):max(0, offset) + 6]


def test_listing_holds_undated_and_unplaced_events(ledger) -> None:
    evs = ledger.events()
    assert len(evs) > 300
    undated = [e for e in evs if not e.get("date")]
    assert undated and evs[-len(undated):] == undated          # undated last
    assert any((e.get("location") or {}).get("lat") is None for e in evs)


def test_summaries_match_the_export_shape(ledger) -> None:
    rows = lq.event_rows(ledger, {"country": "UA"}, limit=40)
    full = {e["id"]: e for e in ledger.events(country="UA", limit=40)}
    assert [r["id"] for r in rows] == list(full)
    for r in rows:
        ev = full[r["id"]]
        assert r["location"]["name"] == ev["location"]["name"] and r["date"] == ev["date"]
        assert r["fatalities"] == (ev.get("fatalities") or None) and r["contested"] == ev["contested"]
        assert (r["actor1"] or {}).get("name") == (ev.get("actor1") or {}).get("name")
        assert views.label(r) == views.label(ev)


@pytest.mark.parametrize("cursor", ["nonsense", "bnVsbA", "WzEsMl0", "W251bGwsNV0", "!!!"])
def test_bad_cursor_is_an_error(ledger, cursor) -> None:
    with pytest.raises(lq.CursorError):
        lq.events_page(ledger, {}, cursor=cursor)


# ---------------------------------------------------------------- aggregates
@pytest.mark.parametrize("filters", FILTERS, ids=IDS)
def test_timeline_counts_in_sql_equal_python(ledger, filters) -> None:
    assert lq.timeline_counts(ledger, filters) == views.timeline_counts(truth(ledger, filters))


def test_timeline_units_follow_the_span(ledger) -> None:
    assert lq.timeline_counts(ledger, {})["unit"] == "month"
    week = {"since": date(2021, 3, 1), "until": date(2021, 9, 1)}
    day = {"since": date(2021, 3, 1), "until": date(2021, 3, 20)}
    for f, unit in ((week, "week"), (day, "day")):
        got = lq.timeline_counts(ledger, f)
        assert got["unit"] == unit and got == views.timeline_counts(truth(ledger, f))
        if unit == "week":
            assert all(date.fromisoformat(b["start"]).weekday() == 0 for b in got["buckets"])
    assert lq.timeline_counts(ledger, {"country": "ZZ"})["buckets"] == []


BOXES = [(-180.0, -90.0, 180.0, 90.0), (20.0, 40.0, 50.0, 55.0), (46.0, 40.0, 48.0, 41.0), (170.0, -10.0, -170.0, 10.0)]


@pytest.mark.parametrize("filters", FILTERS[:6], ids=IDS[:6])
@pytest.mark.parametrize("box", BOXES, ids=["world", "east", "karabakh", "antimeridian"])
def test_map_clusters_and_points_account_for_every_event_in_view(ledger, filters, box) -> None:
    west, south, east, north = box

    def inside(ev: dict) -> bool:
        loc = ev.get("location") or {}
        if loc.get("lat") is None:
            return False
        lon_ok = west <= loc["lon"] <= east if west <= east else (loc["lon"] >= west or loc["lon"] <= east)
        return south <= loc["lat"] <= north and lon_ok

    want = [e for e in truth(ledger, filters) if inside(e)]
    view = {**filters, "bbox": box}
    assert lq.count_events(ledger, view) == len(want)
    assert {p["id"] for p in lq.map_points(ledger, view, 10_000)} == {e["id"] for e in want}
    for cell in (10.0, 1.0, 0.1):
        clusters = lq.map_clusters(ledger, view, cell)
        assert sum(c["n"] for c in clusters) == len(want)
        assert sum(c["toll"] for c in clusters) == sum((e.get("fatalities") or {}).get("best") or 0 for e in want)
        assert sum(c["contested"] for c in clusters) == sum(1 for e in want if e["contested"])
        for c in clusters:
            w, s, e, n = c["bounds"]
            assert w - 1e-6 <= c["lon"] <= e + 1e-6 and s - 1e-6 <= c["lat"] <= n + 1e-6
            assert sum(c["types"].values()) == c["n"] and c["type"] in c["types"]


def test_extent_and_cell_sizes(ledger) -> None:
    ext = lq.extent(ledger, {"country": "AZ"})
    assert ext is not None and 46 < ext[0] < ext[2] < 48 and 40 < ext[1] < ext[3] < 41.1
    assert lq.extent(ledger, {"country": "ZZ"}) is None
    assert lq.cell_size((-180, -90, 180, 90), 1000) == 20.0
    assert lq.cell_size((46, 40, 48, 41), 1000) == 0.1
    assert lq.cell_size((46, 40, 46.01, 40.01), 1000) == lq.CELL_SIZES[-1]


def test_stats_counts(ledger) -> None:
    s = ledger.stats()
    evs = ledger.events()
    assert s["events"] == len(evs) and s["articles"] == N
    assert s["events_contested"] == sum(1 for e in evs if e["contested"])
    assert s["events_multi_document"] == sum(1 for e in evs if len(e["documents"]) > 1)
    assert s["fatalities_best_total"] == sum((e.get("fatalities") or {}).get("best") or 0 for e in evs)
    assert s["first_date"] == min(e["date"] for e in evs if e.get("date"))


# ---------------------------------------------------------------- indexes
def _plan(ledger: Ledger, stmt) -> str:
    sql = str(stmt.compile(ledger.engine, compile_kwargs={"literal_binds": True}))
    with ledger.engine.connect() as conn:
        if ledger.engine.dialect.name == "sqlite":
            return "\n".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        # a small table, where a scan is cheapest: ask whether an index can serve, in order
        settings = ("enable_seqscan", "enable_sort", "enable_bitmapscan")
        for name in settings:
            conn.exec_driver_sql(f"SET {name} = off")
        try:
            return "\n".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))
        finally:
            for name in settings:
                conn.exec_driver_sql(f"RESET {name}")


PLAN_CASES = [  # filters, the index that must serve the listing
    ({}, "ix_events_cover"), ({"country": "UA"}, "ix_events_country_dt"),
    ({"since": date(2021, 6, 1), "until": date(2021, 7, 1)}, "ix_events_cover"),
    ({"type": "Air/drone strike"}, "ix_events_subtype_dt"), ({"type": "Battles"}, "ix_events_type_dt"),
    ({"contested": True}, "ix_events_contested_dt"), ({"near": (49.5, 36.8, 50.0)}, "ix_events_geo"),
    ({"bbox": (20.0, 40.0, 50.0, 55.0)}, "ix_events_geo"),
]


@pytest.mark.parametrize("filters, index", PLAN_CASES, ids=[c[1] + "-" + "-".join(c[0]) for c in PLAN_CASES])
def test_every_filter_uses_an_index(ledger, filters, index) -> None:
    from sqlalchemy import func, select

    conds = lq.conditions(ledger, filters)
    e = st.events
    after = (date(2021, 6, 1), "ev-0")
    statements = {
        "first page": lq.page_query(ledger, conds, 50, dated=True),
        "next page": lq.page_query(ledger, conds, 50, dated=True, after=after),
        "count": select(func.count()).select_from(e).where(*conds),
    }
    sqlite = ledger.engine.dialect.name == "sqlite"
    for what, stmt in statements.items():
        plan = _plan(ledger, stmt)
        if sqlite:
            assert "INDEX" in plan and not re.search(r"SCAN events(?! USING)", plan), (what, plan)
            if what != "count" and "bbox" not in filters and "near" not in filters:
                assert index in plan and "TEMP B-TREE FOR ORDER BY" not in plan, (what, plan)
        else:
            assert "Index" in plan and "Seq Scan" not in plan, (what, plan)
            if what != "count" and "bbox" not in filters and "near" not in filters:
                assert index in plan and "Sort" not in plan, (what, plan)
    # the aggregates read indexes, not rows (on SQLite the filters' indexes cover them)
    timeline = select(e.c.date, e.c.actor1, func.count(), func.sum(e.c.fatalities_best)).where(
        *conds, e.c.date.is_not(None)).group_by(e.c.date, e.c.actor1)
    cells = select(func.count(), func.sum(e.c.lat), func.sum(e.c.fatalities_best)).where(
        *lq.conditions(ledger, {**filters, "bbox": filters.get("bbox", (-180.0, -90.0, 180.0, 90.0))})
    ).group_by(e.c.event_type)
    for stmt in (timeline, cells):
        plan = _plan(ledger, stmt)
        if not sqlite:
            assert "Index" in plan, plan
        elif "near" not in filters and "bbox" not in filters:
            assert "COVERING INDEX" in plan and (not filters or index in plan or "ix_events_cover" in plan), plan


# ---------------------------------------------------------------- data version and the cache
def test_data_version_changes_with_every_write(new_url) -> None:
    url = new_url(persistent=True)
    with Ledger(url) as ledger:
        v0 = lq.data_version(ledger)
        ledger.ingest(corpus(5, prefix="a"))
        v1 = lq.data_version(ledger)
        ledger.ingest(corpus(5, prefix="a"))          # nothing new: nothing written
        v2 = lq.data_version(ledger)
        ledger.rebuild()
        v3 = lq.data_version(ledger)
    assert v0 != v1 and v1 == v2 and v3 != v2


def test_cached_aggregates_follow_other_writers(new_url) -> None:
    url = new_url(persistent=True)
    with Ledger(url) as ledger:
        ledger.ingest(corpus(40, prefix="b"))
    app = create_app(url)
    with TestClient(app) as client:
        first = client.get("/api/stats").json()
        tl = client.get("/api/timeline").json()
        assert client.get("/api/stats").json() == first
        hits = app.state.cache.hits
        client.get("/api/timeline")
        assert app.state.cache.hits > hits           # answered from the cache
        with Ledger(url) as other:                    # another process writes
            other.ingest(corpus(30, seed=21, prefix="c"))
        after = client.get("/api/stats").json()
        assert after["articles"] == first["articles"] + 30
        assert sum(s["events"] for s in client.get("/api/timeline").json()["sides"]) > \
            sum(s["events"] for s in tl["sides"])
        assert client.get("/api/events").json()["total"] == after["events"]


def test_cache_keys_versions_and_bounds() -> None:
    import threading
    import time

    from contested.web.cache import AggregateCache

    version = ["1"]
    calls: list[str] = []
    cache = AggregateCache(lambda: version[0], max_entries=3, max_bytes=10_000, enabled=True)

    def make(key: str, value: object):
        def compute() -> object:
            calls.append(key)
            time.sleep(0.05)
            return value
        return compute

    threads = [threading.Thread(target=cache.get, args=("a", make("a", 1))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["a"] and cache.get("a", make("a", 2)) == 1     # one computation for 8 requests
    version[0] = "2"
    assert cache.get("a", make("a", 2)) == 2 and calls == ["a", "a"]  # a new data version recomputes
    for k in "bcd":
        cache.get(k, make(k, 0))
    assert len(cache) == 3 and cache.get("a", make("a", 3)) == 3        # least recently used out
    cache.get("big", make("big", b"x" * 20_000))
    assert cache.bytes <= 10_000 or len(cache) == 1
    off = AggregateCache(lambda: "1", enabled=False)
    assert off.get("k", lambda: 1) == 1 and off.get("k", lambda: 2) == 2 and len(off) == 0


# ---------------------------------------------------------------- the app at scale
@pytest.fixture
def small_map(monkeypatch):
    from contested.web import app as web_app

    monkeypatch.setattr(web_app, "MAP_POINTS", 25)
    monkeypatch.setattr(web_app, "LIST_LIMIT", 30)


def test_api_map_switches_to_aggregates(url, small_map) -> None:
    with TestClient(create_app(url)) as client:
        world = client.get("/api/map").json()
        assert world["mode"] == "clusters" and world["points"] == [] and world["complete"] is False
        assert sum(c["n"] for c in world["clusters"]) == world["in_view"] <= world["total"]
        assert world["cell"] in lq.CELL_SIZES
        small = client.get("/api/map", params={"bbox": "46.5,40.0,47.5,40.7", "type": "Battles",
                                               "contested": "false"}).json()
        assert small["mode"] == "points" and 0 < len(small["points"]) == small["in_view"] <= 25
        assert {"id", "lat", "lon", "toll", "contested", "event_type", "location"} <= set(small["points"][0])
        for bad in ("1,2,3", "a,b,c,d", "10,50,20,40", "0,0,200,10", "nan,0,1,1"):
            r = client.get("/api/map", params={"bbox": bad})
            assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "bbox", bad
        assert client.get("/api/map", params={"width": 5}).status_code == 422


def test_api_events_cursor_pages(url) -> None:
    with TestClient(create_app(url)) as client:
        want = [e["id"] for e in client.get("/api/events", params={"limit": 1000}).json()["events"]]
        got, params = [], {"limit": 100, "country": "UA"}
        want_ua = [e["id"] for e in client.get("/api/events", params={"limit": 1000, "country": "UA"}).json()["events"]]
        while True:
            body = client.get("/api/events", params=params).json()
            got += [e["id"] for e in body["events"]]
            if not body["next_cursor"]:
                break
            params = {**params, "cursor": body["next_cursor"]}
        assert got == want_ua and len(want) > len(want_ua) > 100
        r = client.get("/api/events", params={"cursor": "garbage"})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "cursor"


def test_map_page_ships_aggregates_not_every_event(url, small_map) -> None:
    with TestClient(create_app(url)) as client:
        r = client.get("/")
        assert r.status_code == 200
        html = r.text
        points = len(re.findall(r'<circle class="pt ', html))
        clusters = len(re.findall(r'<circle class="cl ', html))
        assert points == 0 and 0 < clusters < 60
        assert len(re.findall(r"<tr>", html)) <= 31            # the table lists the first 30
        assert 'data-complete="false"' in html and "grouped by" in html
        few = client.get("/", params={"country": "AZ", "contested": "true"}).text
        assert 'data-complete="true"' in few and len(re.findall(r'<circle class="pt ', few)) <= 25
        tl = client.get("/timeline")
        assert tl.status_code == 200 and "Other actors" in tl.text and "per month" in tl.text


# ---------------------------------------------------------------- ingest input errors
@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-01T00:00:00Z"])
def test_ingest_bad_date_is_422_not_500(new_url, published) -> None:
    url = new_url(persistent=True)
    with TestClient(create_app(url, allow_ingest=True, token="t"), raise_server_exceptions=False) as client:
        r = client.post("/api/articles", headers={"Authorization": "Bearer t"},
                        json={"text": "Rebels shelled Goma on Monday, killing 3 people, officials said.",
                              "published": published})
        assert r.status_code == 422, r.text
        detail = r.json()["detail"]
        assert detail and detail[0]["msg"] and detail[0]["loc"][0] == "body"
        assert client.get("/api/stats").json()["articles"] == 0
