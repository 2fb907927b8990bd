"""The ledger store: ingest, merge, tolls, exports, queries, migrations, transactions.

Tests that take ``backend``/``new_url`` run on SQLite and on PostgreSQL (skipped with a
reason when CONTESTED_TEST_POSTGRES is unset; see tests/conftest_pg.py)."""

from __future__ import annotations

import csv
import io
import itertools
import json
import sqlite3

import pytest
from sqlalchemy import create_engine, inspect, text

from conftest_pg import backend_fixture, new_url_fixture  # noqa: F401 - fixtures backend, new_url
from contested.config import Options
from contested.errors import ContestedError, StoreError
from contested.ledger import CSV_COLUMNS, Ledger, format_table
from contested.ledger import store as st
from fixtures_ledger import (
    AM_FORCES,
    AZ_CIV,
    AZ_GOV,
    BARDA,
    SHELL,
    article,
    corpus,
    ev,
    pairwise_scores,
    place,
)


def dump(ledger: Ledger, fmt: str = "jsonl") -> str:
    buf = io.StringIO()
    ledger.export(fmt, buf)
    return buf.getvalue()


def wipe(ledger: Ledger) -> None:
    """Empty a store (to reuse one PostgreSQL schema across many orders)."""
    with ledger.engine.begin() as conn:
        for table in (st.mentions, st.events, st.articles):
            conn.execute(table.delete())


@pytest.fixture(scope="module")
def full(backend, tmp_path_factory: pytest.TempPathFactory):
    url = backend.url(tmp_path_factory.mktemp("ledger"), persistent=True)
    pairs, truth = corpus()
    with Ledger(url) as ledger:
        report = ledger.ingest(pairs)
        yield ledger, report, truth


def by_doc(ledger: Ledger, doc_id: str) -> dict:
    [ev_] = [e for e in ledger.events() if doc_id in e["documents"]]
    return ev_


def test_ingest_report_and_clusters(full) -> None:
    ledger, report, truth = full
    assert (report.articles_new, report.mentions, report.background_mentions) == (12, 13, 2)
    assert report.events_created == 6
    pred = {}
    for e in ledger.events():
        for m in ledger.event(e["id"])["mentions"]:
            pred[(m["doc_id"], m["index"])] = e["id"]
    assert pairwise_scores(pred, truth) == (1.0, 1.0)


def test_separate_incidents_stay_separate(full) -> None:
    ledger, _, _ = full
    barda = by_doc(ledger, "wa-1")
    assert barda["documents"] == ["db-2", "wa-1", "wc-11", "wc-3"]
    assert by_doc(ledger, "wa-4")["id"] != barda["id"]   # the same town, three days later
    assert by_doc(ledger, "wc-6")["id"] != barda["id"]   # another town, the same day
    assert by_doc(ledger, "wa-8")["id"] != barda["id"]   # a clash 17 km away
    assert by_doc(ledger, "db-12")["id"] != by_doc(ledger, "wc-6")["id"]  # a protest in Ganja
    # the old Ganja strike recalled a month later makes no event
    doc = ledger.document("wc-11")
    assert doc["events"][1]["background"] and doc["events"][1]["ledger_event"] is None
    assert doc["events"][0]["ledger_event"] == barda["id"]


def test_tolls_and_contested(full) -> None:
    ledger, _, _ = full
    barda = by_doc(ledger, "wa-1")
    # 21 (Azerbaijan), 25 (hospital, not a party, 29 Oct), 27 (ministry, a party, 30 Oct)
    assert barda["fatalities"] == {"low": 21, "best": 25, "high": 27}
    assert barda["contested"] is True
    assert barda["nonparty_source"] is True
    assert barda["n_sources"] == 5
    counts = sorted(c["fatalities"] for c in barda["claims"] if "fatalities" in c)
    assert counts == [21, 21, 25, 27]  # every claim keeps its own count
    assert {c["doc_id"] for c in barda["claims"]} == set(barda["documents"])
    stepanakert = by_doc(ledger, "ed-9")
    assert stepanakert["documents"] == ["ed-9", "hr-10"]  # the week-precision report joins
    assert stepanakert["fatalities"] == {"low": 1, "best": 2, "high": 2}
    assert stepanakert["contested"] is True
    later = by_doc(ledger, "wa-4")
    assert later["fatalities"] is None and later["contested"] is False
    ganja = by_doc(ledger, "wc-6")
    assert ganja["fatalities"] == {"low": 4, "best": 5, "high": 5}


def test_order_independence_all_permutations(new_url) -> None:
    pairs, _ = corpus()
    url = new_url()
    # the Barda reports, a late recall, a distractor and the Stepanakert pair: 5! orders
    subset = [p for p in pairs if p[0].id in ("wa-1", "db-2", "wc-3", "wc-11", "wa-4")]
    expected = None
    for order in itertools.permutations(subset):
        with Ledger(url) as ledger:
            wipe(ledger)
            for pair in order:          # one article at a time: incremental
                ledger.ingest([pair])
            out = dump(ledger)
        if expected is None:
            expected = out
            assert out.count("\n") == 2
        assert out == expected, [p[0].id for p in order]


def test_order_independence_batches(new_url) -> None:
    pairs, _ = corpus()
    url = new_url()
    with Ledger(url) as ledger:
        ledger.ingest(pairs)
        expected = dump(ledger)
    for seed in range(6):
        shuffled = pairs[seed:] + pairs[:seed]
        shuffled = shuffled[::-1] if seed % 2 else shuffled
        with Ledger(url) as ledger:
            wipe(ledger)
            ledger.ingest(shuffled[:5], chunk=2)
            ledger.ingest(shuffled[5:], chunk=3)
            assert dump(ledger) == expected


def test_reingest_is_idempotent(new_url) -> None:
    pairs, _ = corpus()
    url = new_url(persistent=True)
    with Ledger(url) as ledger:
        ledger.ingest(pairs)
        before = dump(ledger)
    with Ledger(url) as ledger:
        report = ledger.ingest(pairs)
        assert report.articles_unchanged == len(pairs)
        assert (report.articles_new, report.mentions) == (0, 0)
        assert (report.events_created, report.events_updated) == (0, 0)
        assert dump(ledger) == before


def test_new_article_updates_event_and_replacement(new_url) -> None:
    pairs, _ = corpus()
    with Ledger(new_url()) as ledger:
        ledger.ingest(pairs[:1])
        [first] = ledger.events()
        extra = article("zz-1", "2020-10-29", "Wire Z", "Barda: toll rises to 30, a UN agency said.",
                        ev(SHELL, "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV,
                           claims=((("UN OCHA", None, "international_org"), "asserts", 30),)))
        report = ledger.ingest([extra])
        assert (report.events_created, report.events_updated) == (0, 1)
        [merged] = ledger.events()
        assert merged["id"] == first["id"] and merged["fatalities"]["best"] == 30
        # the same id with another extraction replaces the old version
        changed = article("zz-1", "2020-10-29", "Wire Z", "Barda: toll rises to 30, a UN agency said.",
                          ev(SHELL, "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV,
                             claims=((("UN OCHA", None, "international_org"), "asserts", 31),)))
        report = ledger.ingest([changed])
        assert report.articles_replaced == 1
        [merged] = ledger.events()
        assert merged["fatalities"] == {"low": 21, "best": 31, "high": 31}


def test_failed_batch_rolls_back(new_url, monkeypatch) -> None:
    pairs, _ = corpus()
    url = new_url(persistent=True)
    with Ledger(url) as ledger:
        ledger.ingest(pairs[:4])
        before, stats = dump(ledger), ledger.stats()
        bad_art, _ = pairs[5]
        with pytest.raises(StoreError, match="must match"):
            ledger.ingest([pairs[4], (bad_art, pairs[6][1])])
        assert dump(ledger) == before and ledger.stats() == stats
        # a failure deep inside merging (after rows were written) also rolls back
        import contested.ledger.api as api

        def boom(cluster):
            raise RuntimeError("disk on fire")
        monkeypatch.setattr(api, "merged_event", boom)
        with pytest.raises(RuntimeError):
            ledger.ingest(pairs[4:])
        monkeypatch.undo()
        assert dump(ledger) == before and ledger.stats() == stats
        assert ledger.document("wa-8") is None


def test_exports_parse(full, tmp_path) -> None:
    ledger, _, _ = full
    lines = dump(ledger).splitlines()
    assert len(lines) == 6
    first = json.loads(lines[0])
    for key in ("id", "event_type", "sub_event_type", "date", "location", "actor1", "actor2",
                "fatalities", "contested", "claims", "documents"):
        assert key in first
    rows = list(csv.reader(io.StringIO(dump(ledger, "acled-csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 7 and all(len(r) == len(CSV_COLUMNS) for r in rows)
    barda = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:]
                 if r[0] == by_doc(ledger, "wa-1")["id"])
    assert (barda["fatalities"], barda["contested_fatalities_low"],
            barda["contested_fatalities_high"]) == ("25", "21", "27")
    assert barda["contested_flag"] == "true" and barda["interaction"] == "17" and barda["year"] == "2020"
    assert barda["source"] == "Daily B; Wire A; Wire C" and barda["country"] == "Azerbaijan"
    path = tmp_path / "out.geojson"
    assert ledger.export("geojson", path) == 6
    gj = json.loads(path.read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 6
    for f in gj["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert 44 < lon < 50 and 38 < lat < 42
    # binary streams work for text formats
    bio = io.BytesIO()
    ledger.export("jsonl", bio)
    assert bio.getvalue().decode("utf-8") == dump(ledger)
    with pytest.raises(StoreError, match="unknown export format"):
        ledger.export("xml", io.StringIO())


def test_parquet_export(full, tmp_path, monkeypatch) -> None:
    ledger, _, _ = full
    try:
        import pyarrow.parquet as pq
    except ImportError:
        pq = None
    if pq is not None:
        path = tmp_path / "out.parquet"
        assert ledger.export("parquet", path) == 6
        table = pq.read_table(path)
        assert table.column_names[: len(CSV_COLUMNS)] == list(CSV_COLUMNS)
        assert table.num_rows == 6
    try:
        import pandas  # noqa: F401
    except ImportError:
        pass
    else:
        df = ledger.to_pandas(contested=True)
        assert list(df.columns[: len(CSV_COLUMNS)]) == list(CSV_COLUMNS) and len(df) == 2
        assert str(df["event_date"].dtype).startswith("datetime64")
    import builtins
    real_import = builtins.__import__

    def no_pyarrow(name, *args, **kwargs):
        if name.startswith("pyarrow") or name.startswith("pandas"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(ContestedError, match=r"pip install 'contested\[analysis\]'"):
        ledger.export("parquet", tmp_path / "x.parquet")
    with pytest.raises(ContestedError, match=r"contested\[analysis\]"):
        ledger.to_pandas()


def test_queries(full) -> None:
    ledger, _, _ = full
    assert len(ledger.events()) == 6
    assert len(ledger.events(country="az")) == 6 and ledger.events(country="AM") == []
    assert {e["date"] for e in ledger.events(since="2020-10-30")} == {"2020-10-31"}
    assert len(ledger.events(until="2020-10-28")) == 5
    assert {e["sub_event_type"] for e in ledger.events(type="Battles")} == {"Armed clash"}
    assert len(ledger.events(type=SHELL)) == 4
    assert {e["id"] for e in ledger.events(contested=True)} == {by_doc(ledger, "wa-1")["id"],
                                                                 by_doc(ledger, "ed-9")["id"]}
    near = ledger.events(near=(40.37, 47.12, 5))
    assert {e["location"]["name"] for e in near} == {"Barda"}
    assert len(near) == 2
    assert len(ledger.events(near=(40.37, 47.12, 30))) == 3  # Tartar too
    page = ledger.events(limit=2, offset=1)
    assert [e["id"] for e in page] == [e["id"] for e in ledger.events()][1:3]
    around = ledger.events(near=(40.37, 47.12, 30))
    assert ledger.events(near=(40.37, 47.12, 30), limit=1, offset=1) == around[1:2]
    with pytest.raises(StoreError, match="not an ISO date"):
        ledger.events(since="last tuesday")
    one = ledger.event(by_doc(ledger, "wa-1")["id"])
    assert one["claims"] and one["documents"] and len(one["mentions"]) == 4
    assert ledger.event("ev-nope") is None
    doc = ledger.document("wa-1")
    assert doc["text"].startswith("Azerbaijan said") and doc["events"][0]["claims"][0]["span"] == [0, 10]
    assert ledger.document("nope") is None
    s = ledger.stats()
    assert (s["articles"], s["mentions"], s["events"], s["events_contested"]) == (12, 13, 6, 2)
    assert s["schema_revision"] == st.head_revision()
    table = format_table(ledger.events())
    assert by_doc(ledger, "wa-1")["id"] in table and "21/25/27" in table
    assert format_table([]) == "(no events)"


def test_migration_upgrades_old_store(new_url) -> None:
    url = new_url(persistent=True)
    engine = st.make_engine(url)
    st.upgrade(engine, url, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO articles (id, content_hash, text, extraction) "
                          "VALUES ('old-1', 'x', 'An old text.', '{}')"))
    assert st.current_revision(engine) == "0001"
    assert "ledger_meta" not in inspect(engine).get_table_names()
    engine.dispose()
    with Ledger(url) as ledger:
        assert st.current_revision(ledger.engine) == st.head_revision() == "0004"
        assert "ledger_meta" in inspect(ledger.engine).get_table_names()
        assert ledger.stats()["articles"] == 1
        pairs, _ = corpus()
        ledger.ingest(pairs[:3])
    raw = create_engine(url)
    with raw.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0004"
    raw.dispose()


def test_changed_merge_settings_recluster(new_url) -> None:
    pairs, _ = corpus()
    url = new_url(persistent=True)
    with Ledger(url) as ledger:
        ledger.ingest(pairs)
        assert len(ledger.events()) == 6
    with Ledger(url, Options(merge_distance_km=1.0)) as ledger:
        assert len(ledger.events()) == 7  # "Berdaa", placed 1.1 km off, splits from Barda
    with Ledger(url) as ledger:
        assert len(ledger.events()) == 6


def test_bad_stores(tmp_path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, just some bytes" * 100)
    with pytest.raises(StoreError, match=r"junk\.db.*(not a database|cannot open)"):
        Ledger(f"sqlite:///{junk}")
    with pytest.raises(StoreError, match="not a database URL"):
        Ledger("no-such-scheme")
    with pytest.raises(StoreError, match="nosuchdb"):
        Ledger("nosuchdb://host/db")
    with pytest.raises(StoreError, match="does not exist"):
        Ledger(f"sqlite:///{tmp_path}/missing/dir/x.db")
    # the junk file was not changed
    assert junk.read_bytes().startswith(b"this is not a database")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(junk).execute("select * from sqlite_master").fetchall()


def test_undated_and_unlocated_events(new_url) -> None:
    pairs = [article("u-1", "2020-10-29", "X", "Somewhere, someone was shot.",
                     ev("Attack", None, None, None, AZ_CIV, claims=((AZ_GOV, "asserts", 1),))),
             article("u-2", "2020-10-29", "Y", "Barda was shelled recently.",
                     ev(SHELL, None, place(BARDA), AM_FORCES, AZ_CIV)),
             article("u-3", "2020-10-29", "Z", "Barda was shelled on Tuesday.",
                     ev(SHELL, "2020-10-27", place(BARDA), AM_FORCES, AZ_CIV))]
    with Ledger(new_url()) as ledger:
        ledger.ingest(pairs)
        evs = ledger.events()
        assert len(evs) == 2
        assert evs[-1]["date"] is None and evs[-1]["location"] is None
        assert evs[0]["documents"] == ["u-2", "u-3"]
        assert "?" in format_table(evs)
