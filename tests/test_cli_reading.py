"""Reading commands never create a store and say what they accept; no option is silently
ignored. Stores are built in code (tests/fixtures_ledger.py); extraction is replaced by a
fake where a command would run it, so these tests need no gazetteer."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest

from contested.cli import main
from contested.errors import StoreError
from contested.ledger import Ledger
from contested.records import Extraction
from fixtures_ledger import AM_FORCES, AZ_CIV, AZ_GOV, BARDA, SHELL, article, ev, place

KYIV = ("Kyiv", 50.45, 30.52, "UA", "Kyiv City")
RU_FORCES = ("Military Forces of Russia", "RU", "state_forces")
UA_CIV = ("Civilians (Ukraine)", "UA", "civilians")
UA_GOV = ("Government of Ukraine", "UA", "government")


def make_store(path: Path) -> str:
    url = f"sqlite:///{path}"
    with Ledger(url) as ledger:
        ledger.ingest([
            article("a-1", "2020-10-28", "Wire A", "Rockets hit Barda.",
                    ev(SHELL, "2020-10-28", place(BARDA), AM_FORCES, AZ_CIV, fatalities=21,
                       claims=((AZ_GOV, "asserts", 21),))),
            article("u-1", "2024-05-02", "Wire B", "Shelling killed 3 in Kyiv.",
                    ev(SHELL, "2024-05-01", place(KYIV), RU_FORCES, UA_CIV, fatalities=3,
                       claims=((UA_GOV, "asserts", 3),))),
            article("u-2", "2024-05-03", "Wire B", "Troops clashed near Kyiv.",
                    ev("Armed clash", "2024-05-03", place(KYIV, dlat=0.3), RU_FORCES,
                       ("Military Forces of Ukraine", "UA", "state_forces"),
                       claims=((UA_GOV, "asserts", None),))),
        ])
    return url


@pytest.fixture()
def store(tmp_path) -> str:
    return make_store(tmp_path / "ledger.db")


def ids(out: str) -> list[str]:
    return [json.loads(line)["location"]["country"] for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("command", [["events"], ["export", "--format", "jsonl"], ["serve"]])
def test_reading_a_missing_store_fails_and_creates_nothing(command, tmp_path, monkeypatch, capsys):
    uvicorn = pytest.importorskip("uvicorn")
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: None)  # never serve
    missing = tmp_path / "mistyped.db"
    rc = main([*command, "--db", f"sqlite:///{missing}"])
    err = capsys.readouterr().err
    assert rc != 0
    assert str(missing) in err and "does not exist" in err and "Traceback" not in err
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_reading_a_file_that_is_not_a_store(tmp_path, capsys):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()  # an empty SQLite file: no ledger schema
    assert main(["events", "--db", f"sqlite:///{empty}"]) == 2
    assert "not a contested ledger store" in capsys.readouterr().err
    with sqlite3.connect(empty) as conn:
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


def test_read_only_ledger_opens_mode_ro(store):
    with Ledger(store, read_only=True) as ledger:
        assert len(ledger.events()) == 3
        with pytest.raises(StoreError, match="read-only"):
            ledger.ingest([])
        with ledger.engine.connect() as conn, pytest.raises(Exception, match="readonly|read-only|query_only"):
            conn.exec_driver_sql("CREATE TABLE x (a)")


def _make_read_only(folder: Path) -> list[list[str]]:
    """Make ``folder`` and its files unwritable; returns the commands that undo it."""
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)
    undo = [["chmod", "-R", "u+w", str(folder)]]
    probe = folder / ".probe"
    try:
        probe.touch()
    except OSError:
        return undo  # permissions hold (not root)
    probe.unlink()
    folder.chmod(0o755)
    try:  # root: make the folder and its files immutable instead
        for f in [*folder.iterdir(), folder]:
            subprocess.run(["chattr", "+i", str(f)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError):
        subprocess.run(["chattr", "-R", "-i", str(folder)], capture_output=True)
        pytest.skip("cannot make a folder read-only here (root without chattr)")
    return [["chattr", "-R", "-i", str(folder)], *undo]


def test_events_and_export_read_a_store_on_read_only_storage(tmp_path, capsys):
    folder = tmp_path / "ro"
    folder.mkdir()
    url = make_store(folder / "ledger.db")
    assert sorted(os.listdir(folder)) == ["ledger.db"]  # WAL files removed on close
    undo = _make_read_only(folder)
    try:
        assert main(["events", "--db", url, "--format", "json"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 3
        assert main(["export", "--db", url, "--format", "acled-csv"]) == 0
        assert len(capsys.readouterr().out.splitlines()) == 4
    finally:
        for cmd in undo:
            subprocess.run(cmd, capture_output=True)


@pytest.mark.parametrize("country", ["Ukraine", "ukraine", "UA", "ua", "UKR"])
def test_country_by_name_or_code(store, country, capsys):
    assert main(["events", "--db", store, "--country", country, "--format", "json"]) == 0
    assert ids(capsys.readouterr().out) == ["UA", "UA"]


def test_unknown_country_is_an_error_with_a_suggestion(store, capsys):
    assert main(["events", "--db", store, "--country", "Ukrain"]) == 2
    err = capsys.readouterr().err
    assert "'Ukrain'" in err and "Ukraine (UA)" in err


@pytest.mark.parametrize("value, n", [("battles", 1), ("BATTLES", 1), ("armed clash", 1),
                                      ("shelling/artillery/missile attack", 2),
                                      ("Explosions/Remote Violence", 2)])
def test_type_any_case(store, value, n, capsys):
    assert main(["events", "--db", store, "--type", value, "--format", "json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == n


def test_unknown_type_lists_what_is_accepted(store, capsys):
    assert main(["events", "--db", store, "--type", "battle"]) == 2
    err = capsys.readouterr().err
    assert "'battle'" in err and "Battles: Armed clash" in err and "Air/drone strike" in err


def fake_extract_many(articles, options=None):
    for a in articles:
        yield Extraction(id=a.id, published=a.published, events=())


def test_summary_json_without_workers(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("contested.api.extract_many", fake_extract_many)
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text("Gunmen killed three villagers in Kaya on Friday.\n")
    summary = tmp_path / "summary.json"
    rc = main(["ingest", str(inp), "--db", f"sqlite:///{tmp_path / 'l.db'}", "--published", "2024-05-01",
               "--summary-json", str(summary)])
    assert rc == 0
    data = json.loads(summary.read_text())
    assert data["articles_read"] == 1 and data["failures"] == []
    assert data["ledger"]["articles_new"] == 1


def test_folder_lists_the_files_it_skips(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("contested.api.extract_many", fake_extract_many)
    inp = tmp_path / "in"
    (inp / "sub").mkdir(parents=True)
    (inp / "a.txt").write_text("Gunmen killed three villagers in Kaya on Friday.\n")
    (inp / "report.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (inp / "sub" / "memo.docx").write_bytes(b"PK\x03\x04" + b"\x00" * 20)
    (inp / "notes.md").write_text("# notes\n")
    (inp / ".hidden.pdf").write_bytes(b"%PDF")
    rc = main(["extract", str(inp), "--published", "2024-05-01"])
    captured = capsys.readouterr()
    assert rc == 0 and len(captured.out.splitlines()) == 1
    err = captured.err
    assert f"{inp / 'report.pdf'}: skipped (PDF is not read" in err
    assert f"{inp / 'sub' / 'memo.docx'}: skipped (Word documents are not read" in err
    assert f"{inp / 'notes.md'}: skipped (only .txt, .html, .htm, .jsonl files" in err
    assert ".hidden.pdf" not in err
