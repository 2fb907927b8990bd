"""Scale-out ingest throughput: articles per second and peak memory per Dask worker.

    .venv/bin/python benchmarks/scale.py                      # 20,000 articles, 1 and 2 workers
    .venv/bin/python benchmarks/scale.py -n 2000 --workers 1,2,4 --db postgresql+psycopg://...

The corpus is synthetic (``contested.scale.synth``: short reports recombined from sentences
written for it, distinct ids), written once as JSON Lines. Each configuration runs in its
own process (a fresh driver, a fresh LocalCluster and a fresh store) so peak memory is per
run. ``--db``: a SQLite file per run by default; a PostgreSQL URL is emptied before each run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def one(args: argparse.Namespace) -> None:
    from contested.scale import parallel_ingest
    from contested.scale.worker import peak_rss_mb

    started = time.monotonic()
    summary = parallel_ingest([args.corpus], args.db, workers=args.one, batch_size=args.batch_size,
                              progress=not args.quiet)
    wall = time.monotonic() - started
    print(json.dumps({"workers": args.one, "articles": summary.articles_read, "wall_s": round(wall, 1),
                      "articles_per_s": round(summary.articles_read / wall, 1),
                      "events_extracted": summary.events_extracted,
                      "ledger_events": summary.ledger.events_created - summary.ledger.events_removed,
                      "failures": len(summary.failures),
                      "worker_peak_mb": sorted(summary.worker_peak_mb.values()),
                      "driver_peak_mb": round(peak_rss_mb(), 1)}))


def empty_pg(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        for table in ("mentions", "events", "articles", "ledger_meta", "alembic_version"):
            conn.execute(text(f"DROP TABLE IF EXISTS {table} CASCADE"))
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20_000, help="articles (default 20000)")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts (default 1,2)")
    ap.add_argument("--batch-size", type=int, default=200)
    ap.add_argument("--db", help="a PostgreSQL URL (emptied before each run); default: a new SQLite file per run")
    ap.add_argument("--quiet", action="store_true", help="no progress line")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        one(args)
        return
    from contested.scale.synth import write_jsonl

    with tempfile.TemporaryDirectory(prefix="contested-scale-") as tmp:
        corpus = write_jsonl(Path(tmp) / "corpus.jsonl", args.n, seed=2024)
        print(f"corpus: {args.n:,} synthetic articles, {corpus.stat().st_size / 1e6:.1f} MB of JSON Lines")
        rows = []
        for w in (int(x) for x in args.workers.split(",")):
            if args.db:
                empty_pg(args.db)
                db = args.db
            else:
                db = f"sqlite:///{tmp}/ledger-{w}.db"
            cmd = [sys.executable, __file__, "--one", str(w), "--corpus", str(corpus), "--db", db,
                   "--batch-size", str(args.batch_size)] + (["--quiet"] if args.quiet else [])
            out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            rows.append(row)
            print(f"workers={row['workers']}: {row['articles']:,} articles in {row['wall_s']} s = "
                  f"{row['articles_per_s']} articles/s; {row['ledger_events']:,} ledger events; "
                  f"peak memory per worker {row['worker_peak_mb']} MiB, driver {row['driver_peak_mb']} MiB",
                  flush=True)
        if len(rows) > 1:
            base = rows[0]["articles_per_s"]
            print("speed-up: " + ", ".join(f"{r['workers']} workers x{r['articles_per_s'] / base:.2f}" for r in rows))


if __name__ == "__main__":
    main()
