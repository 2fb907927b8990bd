"""Two ``contested ingest`` processes on one SQLite file at once (issue 8).

Two real CLI processes ingest overlapping halves of the 40-article corpus of
``test_reliability_crash.py`` (articles 0-29 and 10-39) into one store at the same moment,
on a store that does not exist yet (both race to create and migrate it) and on one that
already holds part of the corpus. Both must succeed, the store must be consistent, and its
export must equal a clean serial run of all 40 articles. (PostgreSQL concurrency is tested in
``test_postgres.py``.)
"""

from __future__ import annotations

import subprocess

import pytest

from test_reliability_crash import N_ARTICLES, check_store, export, ingest, ingest_argv, write_corpus

ROUNDS = 2


def _run_together(argvs: list[list[str]]) -> list[tuple[int, str]]:
    procs = [subprocess.Popen(a, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for a in argvs]
    results = []
    for p in procs:
        _, err = p.communicate(timeout=180)
        results.append((p.returncode, err))
    return results


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    base = tmp_path_factory.mktemp("concurrency")
    first = write_corpus(base / "first", range(0, 30))
    second = write_corpus(base / "second", range(10, N_ARTICLES))
    everything = write_corpus(base / "all", range(N_ARTICLES))
    ingest([everything], base / "serial.db")
    return base, first, second, export(base / "serial.db")


@pytest.mark.parametrize("start", ["new store", "store holding articles 0-9"])
def test_two_ingests_at_once_equal_a_serial_run(corpus, start):
    base, first, second, serial = corpus
    for round_ in range(ROUNDS):
        db = base / f"together-{start.split()[0]}-{round_}.db"
        if start != "new store":
            ingest([write_corpus(base / "head", range(10))], db)
        results = _run_together([ingest_argv([first], db), ingest_argv([second], db)])
        for code, err in results:
            assert code == 0, f"round {round_}: a concurrent ingest failed with exit {code}:\n{err}"
        state = check_store(db)
        assert state == {"articles": N_ARTICLES, "variants": {0}}, state
        assert export(db) == serial, f"round {round_}: the ledger differs from the serial run's"


def test_many_ingests_of_the_same_folder_at_once(corpus, tmp_path):
    """Four processes ingest the same 40 articles into a new store: no duplicates, same ledger."""
    base, *_, serial = corpus
    db = tmp_path / "four.db"
    results = _run_together([ingest_argv([base / "all"], db) for _ in range(4)])
    assert [code for code, _ in results] == [0] * 4, [err for _, err in results]
    assert check_store(db) == {"articles": N_ARTICLES, "variants": {0}}
    assert export(db) == serial
