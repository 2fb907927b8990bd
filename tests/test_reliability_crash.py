"""Crash safety of ``contested ingest`` on SQLite (issue 8).

The real CLI (``python -m contested.cli ingest``) is started on a folder of 40 small generated
articles and killed with SIGKILL at points drawn from a fixed seed, again and again, on one
store. Each run ingests the other *variant* of the same 40 article ids, so every run that gets
far enough replaces all 40 articles and re-merges the events: there is always a transaction
to interrupt. After each kill the store must open and be consistent:

* ``PRAGMA integrity_check`` is ``ok`` and ``PRAGMA foreign_key_check`` finds nothing;
* no duplicate mention (article, index), every mention's article exists, every event has
  mentions and every mention points at an existing event;
* the store holds either nothing or all 40 articles of *one* variant (an ingest is one
  transaction), and then its export equals the export of a clean serial run of that variant.

Finally a rerun of the canonical variant completes and its export equals a clean serial run's.
The corpus helpers here are shared with ``test_reliability_concurrency.py``.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pytest

N_ARTICLES = 40
N_KILLS = 12
SEED = 20240306

# ------------------------------------------------------------------ the corpus (shared)

PLACES = ["Barda", "Tartar", "Goma", "Kharkiv", "Mosul", "Aleppo", "Kaya", "Cali", "Marib", "Idlib"]
ACTORS = ["Armenian forces", "Rebels", "Russian troops", "Gunmen", "Government forces", "Militants"]
VERBS = ["shelled", "attacked", "struck", "fired rockets at"]
SOURCES = ["the defence ministry said", "residents said", "local officials said", "a UN spokesman said"]
DAYS = ["Monday", "Tuesday", "Sunday", "Saturday"]
PUBLISHED = ["2024-03-05", "2024-03-06", "2024-03-07"]
UPDATED = "Updated: the toll rose"


def article_record(i: int, variant: int = 0) -> dict[str, object]:
    """Article ``i`` (three articles per place, so the ledger merges them); variant 1 is a
    revised version of the same article id (another verb, a higher toll, an update line)."""
    place = PLACES[(i // 3) % len(PLACES)]
    actor = ACTORS[i % len(ACTORS)]
    verb = VERBS[(i + variant) % len(VERBS)]
    killed = 2 + (i % 5) + 3 * variant
    wounded = 5 + (i % 7)
    day = DAYS[(i // 3) % len(DAYS)]
    text = (f"{actor} {verb} {place} on {day}, killing {killed} civilians and wounding {wounded} others, "
            f"{SOURCES[i % len(SOURCES)]}.")
    if i % 4 == 0:
        text += f"\n\nThe accused side denied any role in the attack on {place}."
    if i % 6 == 1:
        text += " Protesters later marched peacefully through the city centre."
    if variant:
        text += f"\n\n{UPDATED} to {killed}, officials said."
    return {"id": f"rel-{i:02d}", "published": PUBLISHED[i % len(PUBLISHED)], "outlet": f"Wire {i % 3}",
            "text": text}


def write_corpus(folder: Path, indices: Iterable[int], variant: int = 0) -> Path:
    """One ``.jsonl`` file per article (explicit ids), in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in indices:
        record = json.dumps(article_record(i, variant))
        (folder / f"art-{i:02d}.jsonl").write_text(record + "\n", encoding="utf-8")
    return folder


def ingest_argv(inputs: Iterable[Path], db: Path) -> list[str]:
    return [sys.executable, "-m", "contested.cli", "ingest", *map(str, inputs), "--db", f"sqlite:///{db}"]


def ingest(inputs: Iterable[Path], db: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(ingest_argv(inputs, db), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"ingest exited {proc.returncode}:\n{proc.stderr}"
    return proc


def export(db: Path) -> str:
    """The ledger's JSON Lines export (through the library; the CLI's export is the same call)."""
    from contested.ledger import Ledger

    buf = io.StringIO()
    with Ledger(f"sqlite:///{db}") as ledger:
        ledger.export("jsonl", buf)
    return buf.getvalue()


def check_store(db: Path) -> dict[str, object]:
    """Consistency checks straight on the SQLite file; returns what it holds."""
    if not db.exists():
        return {"articles": 0, "variants": set()}
    con = sqlite3.connect(db)  # rolls back a hot journal left by the kill, as any opener would
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "articles" not in tables:
            # killed before or during the first migration: nothing half-made may remain
            assert not tables & {"mentions", "events", "ledger_meta"}, tables
            return {"articles": 0, "variants": set()}
        assert {"mentions", "events", "ledger_meta", "alembic_version"} <= tables, tables
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []

        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        assert rows("SELECT article_id, idx FROM mentions GROUP BY article_id, idx HAVING COUNT(*) > 1") == []
        assert rows("SELECT id FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)") == []
        assert rows("SELECT id FROM events WHERE id NOT IN "
                    "(SELECT event_id FROM mentions WHERE event_id IS NOT NULL)") == [], "event without mentions"
        assert rows("SELECT id FROM mentions WHERE event_id IS NOT NULL AND event_id NOT IN "
                    "(SELECT id FROM events)") == [], "mention of a missing event"
        assert rows("SELECT id FROM mentions WHERE background = 0 AND event_id IS NULL") == []
        texts = rows("SELECT text FROM articles")
        variants = {int(UPDATED in t) for (t,) in texts}
        return {"articles": len(texts), "variants": variants}
    finally:
        con.close()


# a CLI run whose ingest stops, after writing everything, inside its open transaction
_PAUSED_INGEST = """
import sys, time
from contested.ledger import api
from contested import cli
original = api.Ledger._ingest_chunk
def paused(*args, **kwargs):
    original(*args, **kwargs)
    print("WRITTEN", file=sys.stderr, flush=True)
    time.sleep(60)
api.Ledger._ingest_chunk = paused
sys.exit(cli.main(sys.argv[1:]))
"""


def kill_inside_transaction(inputs: Iterable[Path], db: Path) -> None:
    argv = [sys.executable, "-c", _PAUSED_INGEST, *ingest_argv(inputs, db)[3:]]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert line.strip() == "WRITTEN", line + proc.stderr.read()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)


# ------------------------------------------------------------------ the test


def _kill_schedule(rng: random.Random, duration: float) -> float:
    """Half the kills anywhere in a run, half in its last third (where the transaction is)."""
    if rng.random() < 0.5:
        return rng.uniform(0.0, duration)
    return rng.uniform(0.66 * duration, 1.02 * duration)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_ingest_killed_at_random_points_leaves_a_consistent_store(tmp_path):
    folders = [write_corpus(tmp_path / f"v{v}", range(N_ARTICLES), v) for v in (0, 1)]

    # clean serial runs of each variant: the reference exports
    clean: list[str] = []
    durations = []
    for v in (0, 1):
        started = time.monotonic()
        ingest([folders[v]], tmp_path / f"clean{v}.db")
        durations.append(time.monotonic() - started)
        clean.append(export(tmp_path / f"clean{v}.db"))
    assert clean[0] != clean[1] and clean[0].count("\n") > 5
    duration = max(durations)

    db = tmp_path / "crash.db"
    rng = random.Random(SEED)
    outcomes: Counter[str] = Counter()
    for k in range(N_KILLS):
        variant = k % 2
        before = check_store(db)
        proc = subprocess.Popen(ingest_argv([folders[variant]], db), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        try:
            proc.wait(timeout=_kill_schedule(rng, duration))
            finished = True
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            finished = False
        _, stderr = proc.communicate(timeout=60)
        if not finished and proc.returncode == 0:
            finished = True  # it exited on its own between the timeout and the kill
        if finished:
            assert proc.returncode == 0, stderr
        else:
            assert proc.returncode == -signal.SIGKILL

        state = check_store(db)
        assert state["articles"] in (0, N_ARTICLES), f"kill {k}: a partial ingest is visible: {state}"
        assert len(state["variants"]) <= 1, f"kill {k}: two variants mixed in one store: {state}"
        if state["articles"]:
            (held,) = state["variants"]
            assert export(db) == clean[held], f"kill {k}: the store differs from a clean run of variant {held}"
        if finished:
            outcomes["finished before the kill"] += 1
        elif state != before:
            outcomes["killed after its commit"] += 1
        elif state["variants"] == {variant}:
            outcomes["killed, nothing to change"] += 1
        else:
            outcomes["killed before its commit (store unchanged)"] += 1

    # and twice exactly inside the open transaction, after every row was written
    for variant in (1, 0):
        before = check_store(db)
        kill_inside_transaction([folders[variant]], db)
        assert check_store(db) == before, "a killed transaction left changes"
        if before["articles"]:
            assert export(db) == clean[next(iter(before["variants"]))]
        outcomes["killed inside the open transaction"] += 1

    # the final rerun completes and gives exactly the clean run's ledger
    ingest([folders[0]], db)
    assert check_store(db) == {"articles": N_ARTICLES, "variants": {0}}
    assert export(db) == clean[0]
    print(f"\n{sum(outcomes.values())} kills of `contested ingest`: {dict(outcomes)}")
    assert sum(outcomes.values()) == N_KILLS + 2
