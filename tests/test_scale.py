"""Scale-out ingest on Dask: equal to a serial ingest (SQLite and PostgreSQL), resumable
after SIGKILL, bounded in flight, streaming reads equal to read_inputs, failures and
dropped items summarised, the CLI wiring against a running scheduler."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest_pg import backend_fixture, new_url_fixture  # noqa: F401 - fixtures backend, new_url
from contested.api import extract_many
from contested.ledger import Ledger
from contested.readers import read_inputs
from contested.records import Article

distributed = pytest.importorskip("distributed")

from contested.scale import parallel_ingest  # noqa: E402
from contested.scale.cli import add_ingest_options, run_ingest  # noqa: E402
from contested.scale.progress import Progress  # noqa: E402
from contested.scale.source import Source  # noqa: E402
from contested.scale.synth import synthetic_articles, write_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=40)
    cl = Client(cluster)
    yield cl
    cl.close()
    cluster.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """60 synthetic articles, a duplicate id with new content, a bad line."""
    path = write_jsonl(tmp_path_factory.mktemp("scale") / "corpus.jsonl", 60, seed=3)
    with path.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
        again = next(synthetic_articles(1, seed=9))
        f.write(json.dumps({"id": "syn-3-5", "text": again.text, "published": "2021-01-02"}) + "\n")
    return path


def dump(url: str) -> tuple[str, dict]:
    with Ledger(url) as ledger:
        buf = io.StringIO()
        ledger.export("jsonl", buf)
        stats = ledger.stats()
    return buf.getvalue(), {k: stats[k] for k in ("articles", "mentions", "events")}


def serial(inputs: list[str], url: str) -> tuple[str, dict]:
    articles = [x for x in read_inputs(inputs) if isinstance(x, Article)]
    with Ledger(url) as ledger:
        ledger.ingest(zip(articles, extract_many(articles), strict=True))
    return dump(url)


def test_parallel_equals_serial(client, corpus, new_url) -> None:
    url = new_url(persistent=True)
    out = io.StringIO()
    summary = parallel_ingest([str(corpus)], url, client=client, batch_size=7, stream=out)
    assert summary.articles_read == 61 and summary.articles_skipped == 0
    assert len(summary.failures) == 1 and "corpus.jsonl:61" in summary.failures[0]
    assert summary.ledger.articles_replaced == 1  # syn-3-5 again, later, with other content
    assert summary.events_extracted > 0 and summary.dropped
    expected = serial([str(corpus)], new_url(persistent=True))
    assert dump(url) == expected
    # a second run extracts nothing again but the id given twice with two contents (each
    # replaces the other in turn, as a serial rerun does), and ends where it was
    again = parallel_ingest([str(corpus)], url, client=client, batch_size=7, progress=False)
    assert again.articles_skipped == 59 and again.articles_extracted == 2
    assert dump(url) == expected
    assert "ingest 61/62 articles" in out.getvalue() or "ingest 62/62" in out.getvalue()


def test_resume_after_sigkill(client, tmp_path) -> None:
    n = 240
    path = write_jsonl(tmp_path / "big.jsonl", n, seed=11)
    db = tmp_path / "resume.db"
    url = f"sqlite:///{db}"
    script = textwrap.dedent(f"""
        import time
        from contested.scale import parallel_ingest
        from contested.scale.source import Source

        def slow():
            for item in Source([{str(path)!r}]):
                time.sleep(0.02)
                yield item

        if __name__ == "__main__":
            parallel_ingest(slow(), {url!r}, workers=1, batch_size=8, progress=False)
    """)
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    log = tmp_path / "run.log"
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, str(tmp_path / "run.py")], start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=err)
    stored = 0
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                engine = create_engine(url)
                try:
                    with engine.connect() as conn:
                        stored = conn.execute(text("SELECT count(*) FROM articles")).scalar() or 0
                except Exception:  # noqa: BLE001 - tables not created yet
                    stored = 0
                finally:
                    engine.dispose()
            if stored >= 24:
                break
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)  # the driver and its worker processes
        proc.wait()
    assert 24 <= stored < n, (stored, log.read_text(errors="replace")[-2000:])
    summary = parallel_ingest([str(path)], url, client=client, batch_size=16, progress=False)
    assert summary.articles_skipped >= stored and summary.articles_skipped < n
    assert summary.articles_skipped + summary.articles_extracted == n
    assert dump(url) == serial([str(path)], f"sqlite:///{tmp_path}/serial.db")


def test_bounded_in_flight(client, monkeypatch, tmp_path) -> None:
    consumed = 0
    writes: list[tuple[int, int]] = []

    def items():
        nonlocal consumed
        for art in synthetic_articles(90, seed=5):
            consumed += 1
            yield art
    real = Ledger.ingest

    def spy(self, pairs, **kw):
        report = real(self, pairs, **kw)
        writes.append((consumed, len(pairs)))
        return report
    monkeypatch.setattr(Ledger, "ingest", spy)
    summary = parallel_ingest(items(), f"sqlite:///{tmp_path}/b.db", client=client, batch_size=5,
                              max_in_flight=2, progress=False)
    assert summary.articles_read == 90 and summary.batches == 18
    written = 0
    for read_so_far, n in writes:
        written += n
        # never more than the batches in flight, plus the one being assembled, ahead of the store
        assert read_so_far - written <= (2 + 1) * 5


def test_source_matches_read_inputs(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rec = {"id": "a", "text": "Barda was shelled on Tuesday.", "published": "2020-10-28"}
    crlf = "\ufeff" + json.dumps(rec) + "\r\n\r\n{bad\r\n" + json.dumps({**rec, "id": "b"}) + "\r\n"
    (folder / "one.jsonl").write_bytes(crlf.encode("utf-8"))
    (folder / "two.txt").write_text("Ganja was hit by a missile on Monday.", encoding="utf-8")
    latin = json.dumps({**rec, "id": "c", "text": "Caf\xe9 hit."}, ensure_ascii=False)
    (folder / "three.jsonl").write_bytes(latin.encode("cp1252"))
    inputs = [str(folder), str(folder / "one.jsonl"), str(tmp_path / "missing")]
    source = Source(inputs)
    assert list(source) == list(read_inputs(inputs))
    assert source.total is None  # the cp1252 file is read whole: its count is unknown
    assert Source([str(folder / "one.jsonl"), str(folder / "two.txt")]).total == 4


def test_progress_line() -> None:
    out = io.StringIO()
    bar = Progress(100, out)
    bar.started -= 10
    bar.advance(20)
    bar.finish()
    line = out.getvalue().strip().splitlines()[-1]
    assert "20/100" in line and "articles/s" in line and "ETA" in line
    out = io.StringIO()
    Progress(None, out, enabled=False).finish()
    assert out.getvalue() == ""


def test_cli_against_a_scheduler(client, corpus, tmp_path, capsys) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--db")
    parser.add_argument("--published")
    parser.add_argument("--outlet")
    add_ingest_options(parser)
    with pytest.raises(SystemExit):
        parser.parse_args(["x", "--workers", "2", "--scheduler", "tcp://h:8786"])
    with pytest.raises(SystemExit):
        parser.parse_args(["x", "--workers", "0"])
    report = tmp_path / "summary.json"
    args = parser.parse_args([str(corpus), str(tmp_path / "missing.txt"), "--db", f"sqlite:///{tmp_path}/c.db",
                              "--scheduler", client.scheduler.address, "--batch-size", "20", "--no-progress",
                              "--summary-json", str(report)])
    from contested.config import Options
    assert run_ingest(args, Options()) == 1  # a bad line and a missing file: partial
    captured = capsys.readouterr()
    assert "missing.txt: no such file or folder" in captured.err
    assert "articles: 61 read" in captured.out and "dropped items" in captured.out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["articles_read"] == 61 and len(data["failures"]) == 2
    assert all({"stage", "reason", "count"} <= set(d) for d in data["dropped"])
