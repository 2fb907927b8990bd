"""The ledger under concurrent writers, on SQLite and PostgreSQL, and PostgreSQL specifics
(long strings, NUL characters, bad credentials). PostgreSQL cases skip with a reason when
CONTESTED_TEST_POSTGRES is unset (see tests/conftest_pg.py and .ci/setup-postgres)."""

from __future__ import annotations

import io
import threading
from dataclasses import replace

import pytest
from sqlalchemy import text

from conftest_pg import backend_fixture, make_backend, new_url_fixture, pg_base_url  # noqa: F401
from contested.errors import StoreError
from contested.ledger import Ledger
from contested.ledger import store as st
from fixtures_ledger import AM_FORCES, AZ_CIV, BARDA, SHELL, article, corpus, ev, place


def dump(ledger: Ledger) -> str:
    buf = io.StringIO()
    ledger.export("jsonl", buf)
    return buf.getvalue()


def run_threads(targets) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(len(targets))

    def wrap(fn):
        def go():
            try:
                start.wait()
                fn()
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
        return go
    threads = [threading.Thread(target=wrap(fn)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def test_concurrent_writers_equal_serial(new_url) -> None:
    """Four writers (each with its own engine, as separate processes would have) ingest
    interleaved slices of the corpus one article at a time into one store; the merged
    events equal a serial ingest's."""
    pairs, _ = corpus()
    with Ledger(new_url()) as serial:
        serial.ingest(pairs)
        expected = dump(serial)
    url = new_url(persistent=True)
    Ledger(url).close()
    slices = [pairs[i::4] for i in range(4)]

    def writer(part):
        def go():
            with Ledger(url) as ledger:
                for pair in part:
                    ledger.ingest([pair])
                ledger.ingest(part)  # and again, as a whole: unchanged
        return go
    run_threads([writer(p) for p in slices])
    with Ledger(url) as ledger:
        assert dump(ledger) == expected
        assert ledger.stats()["articles"] == len(pairs)


def test_concurrent_open_of_new_store(new_url) -> None:
    """Several processes opening a new store at once: the migrations run once."""
    url = new_url(persistent=True)
    run_threads([lambda: Ledger(url).close() for _ in range(4)])
    with Ledger(url) as ledger:
        assert st.current_revision(ledger.engine) == st.head_revision()


def test_sqlite_is_wal_with_busy_timeout(tmp_path) -> None:
    with Ledger(f"sqlite:///{tmp_path}/w.db") as ledger, ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == st.SQLITE_BUSY_TIMEOUT_MS


def test_long_strings_and_nul(new_url) -> None:
    """Ids and names over the old VARCHAR(200) limits, and a NUL character, are stored on
    both back-ends (PostgreSQL enforces lengths and rejects NUL in text)."""
    long_id = "x" * 300
    where = replace(place(BARDA), name="Barda " + "district " * 40)
    pair = article(long_id, "2020-10-29", "Outlet " * 50, "Barda was\x00 shelled on Wednesday.",
                   ev(SHELL, "2020-10-28", where, AM_FORCES, AZ_CIV))
    with Ledger(new_url()) as ledger:
        report = ledger.ingest([pair])
        assert report.articles_new == 1
        [event] = ledger.events()
        assert event["documents"] == [long_id] and event["location"]["name"] == where.name
        doc = ledger.document(long_id)
        assert doc["text"].replace("\ufffd", "\x00") == pair[0].text
        assert len(doc["text"]) == len(pair[0].text)  # spans still line up
        assert ledger.ingest([pair]).articles_unchanged == 1
        assert ledger.stored_unchanged([pair[0]]) == {long_id}


def test_postgres_bad_password_is_a_store_error() -> None:
    base = pg_base_url()
    if base is None:
        pytest.skip("needs CONTESTED_TEST_POSTGRES")
    from sqlalchemy.engine import make_url
    bad = make_url(base).set(password="wrong-secret").render_as_string(hide_password=False)
    with pytest.raises(StoreError) as info:
        Ledger(bad)
    assert "wrong-secret" not in str(info.value) and "cannot open" in str(info.value)


def test_postgres_schema_and_json_types() -> None:
    b = make_backend("postgresql")
    try:
        url = b.url()
        with Ledger(url) as ledger:
            ledger.ingest(corpus()[0][:2])
            with ledger.engine.connect() as conn:
                kinds = dict(conn.execute(text(
                    "SELECT column_name, data_type FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND table_name = 'articles'")).all())
            assert kinds["id"] == "text" and kinds["extraction"] == "json"
            assert ledger.stats()["schema_revision"] == st.head_revision()
    finally:
        b.close()
