"""Peak memory of ``contested extract`` and ``contested ingest`` over a large JSON Lines file.

    .venv/bin/python benchmarks/memory_large.py --size-mb 1024                   # full size: hours
    .venv/bin/python benchmarks/memory_large.py --size-mb 300 --corpus light     # minutes
    .venv/bin/python benchmarks/memory_large.py --size-mb 200 --timeout 20 --src ../other/src  # compare code

A JSON Lines file of ``--size-mb`` MB is generated in a temporary folder, then each command of
``--commands`` runs on it in a child process (``PYTHONPATH=--src``). Every 0.2 s the benchmark
samples the resident memory (``/proc/PID/status`` VmRSS) of the child and of each of its
descendants (Dask workers), and how far the child has read the file (the position of its open
file descriptor, ``/proc/PID/fdinfo``). It prints, per command, the peak RSS of the command's
process, of the largest single process and of its whole process tree (the driver and its
workers), the kernel's ``ru_maxrss`` of the command's process (``wait4``), and the RSS when the
reader had reached 10%, 50% and 90% of the file: flat memory means these agree, whatever
``--size-mb``.

Corpora (``--corpus``):

- ``full``: every record a synthetic article (``contested.scale.synth``, ~100 words);
  extraction runs at a few thousand words per second, so a 1 GB file takes many hours.
- ``light``: one record in ``--every`` is a synthetic article; the others are articles with
  empty text whose bulk (``--pad-kb`` KB) is in a field the reader ignores. Reading, writing
  and storing stream the whole file, extraction stays cheap: memory is measured over
  hundreds of MB in minutes.

``--timeout S`` stops a command after S seconds (reported with how far it had read), for
code that does not stream (it would only grow) or a quick look at a large file.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_corpus(path: Path, size_mb: float, corpus: str, every: int, pad_kb: int) -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from contested.scale.synth import synthetic_articles

    target = int(size_mb * 1_000_000)
    pad = "x" * (pad_kb * 1000)
    written = n = 0
    articles = synthetic_articles(10**12, seed=19)
    with path.open("w", encoding="utf-8") as f:
        while written < target:
            art = next(articles)
            if corpus == "full" or n % every == 0:
                rec = {"id": art.id, "text": art.text, "published": art.published.isoformat(), "outlet": art.outlet}
            else:
                rec = {"id": f"pad-{n}", "text": "", "published": art.published.isoformat(), "raw_html": pad}
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode())
            n += 1
    return n


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):  # children of every thread (Dask starts workers
                with open(f"/proc/{p}/task/{task}/children") as f:  # from a thread of its own)
                    todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _position(pid: int, corpus: Path) -> int | None:
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == str(corpus):
                    with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                        return int(f.readline().split()[1])
            except OSError:
                continue
    except OSError:
        pass
    return None


def measure(argv: list[str], corpus: Path, src: Path, timeout: float | None, log: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    size = corpus.stat().st_size
    started = time.monotonic()
    with log.open("w") as err:
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err, cwd=corpus.parent)
        samples: list[tuple[float, ...]] = []  # (s, fraction read, own MB, tree MB, largest process MB)
        read = 0.0
        stopped = False
        usage = None
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                usage, proc.returncode = ru, os.waitstatus_to_exitcode(status)
                break
            tree = _tree(proc.pid)
            pos = None
            for p in tree:
                pos = _position(p, corpus)
                if pos is not None:
                    break
            if pos is not None:
                read = max(read, pos / size)
            each = [_rss_mb(p) for p in tree]
            samples.append((time.monotonic() - started, read, _rss_mb(proc.pid), sum(each), max(each, default=0.0)))
            if timeout and time.monotonic() - started > timeout and not stopped:
                for p in reversed(_tree(proc.pid)):
                    try:
                        os.kill(p, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
                stopped = True
            time.sleep(0.2)

    def at(fraction: float, column: int = 2) -> float | None:
        after = [s for s in samples if s[1] >= fraction]
        return round(after[0][column], 1) if after else None

    def when(quarter: float, column: int = 2) -> float | None:
        if not samples:
            return None
        end = samples[-1][0] * quarter
        before = [s for s in samples if s[0] <= end]
        return round(before[-1][column], 1) if before else None

    return {
        "command": " ".join(argv[2:]), "exit": proc.returncode, "wall_s": round(time.monotonic() - started, 1),
        "stopped_by_timeout": stopped, "read_fraction": round(1.0 if not stopped and proc.returncode in (0, 1)
                                                              else read, 3),
        "peak_rss_mb_sampled": round(max((s[2] for s in samples), default=0.0), 1),
        "peak_tree_rss_mb_sampled": round(max((s[3] for s in samples), default=0.0), 1),
        "maxrss_mb_wait4": round(usage.ru_maxrss / 1024, 1),  # the command's process (kernel's count)
        "peak_process_rss_mb_sampled": round(max((s[4] for s in samples), default=0.0), 1),
        "rss_mb_at_10_50_90_percent_read": [at(0.1), at(0.5), at(0.9)],
        "tree_rss_mb_at_10_50_90_percent_read": [at(0.1, 3), at(0.5, 3), at(0.9, 3)],
        # by time, for runs stopped early or that read the file once before streaming it (the
        # progress bar of --workers counts its lines first): quarter ends of the run
        "rss_mb_at_25_50_75_100_percent_of_run": [when(q) for q in (0.25, 0.5, 0.75, 1.0)],
        "tree_rss_mb_at_25_50_75_100_percent_of_run": [when(q, 3) for q in (0.25, 0.5, 0.75, 1.0)],
        "largest_process_mb_at_25_50_75_100_percent_of_run": [when(q, 4) for q in (0.25, 0.5, 0.75, 1.0)],
        "samples": len(samples),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=1024.0)
    ap.add_argument("--corpus", choices=["full", "light"], default="full")
    ap.add_argument("--every", type=int, default=200, help="light corpus: one real article in N records")
    ap.add_argument("--pad-kb", type=int, default=20, help="light corpus: bulk of the other records")
    ap.add_argument("--commands", default="extract,ingest,ingest-workers",
                    help="comma-separated: extract, ingest, ingest-workers")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, help="stop each command after this many seconds")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the contested source tree to measure")
    ap.add_argument("--keep", type=Path, help="write the corpus here (kept) instead of a temporary folder")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="contested-mem-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        corpus = folder / "large.jsonl"
        t = time.monotonic()
        records = write_corpus(corpus, args.size_mb, args.corpus, args.every, args.pad_kb)
        print(json.dumps({"corpus": str(corpus), "kind": args.corpus, "mb": round(corpus.stat().st_size / 1e6, 1),
                          "records": records, "written_s": round(time.monotonic() - t, 1)}), flush=True)
        py = sys.executable
        for name in args.commands.split(","):
            db = f"sqlite:///{folder / f'{name}.db'}"
            argv = {
                "extract": [py, "-m", "contested.cli", "extract", str(corpus), "-o", str(folder / "out.jsonl")],
                "ingest": [py, "-m", "contested.cli", "ingest", str(corpus), "--db", db],
                "ingest-workers": [py, "-m", "contested.cli", "ingest", str(corpus), "--db", db, "--workers",
                                   str(args.workers), "--no-progress"],
            }[name]
            result = measure(argv, corpus, args.src.resolve(), args.timeout, folder / f"{name}.log")
            print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
