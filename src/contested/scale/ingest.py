"""parallel_ingest: extract on Dask workers, merge into the ledger from the driver."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from ..config import Options
from ..errors import ContestedError
from ..ledger import Ledger
from ..ledger.api import IngestReport
from ..readers import InputFailure, ReadWarning
from ..records import Article, Extraction
from .cli import DEFAULT_BATCH
from .progress import Progress
from .worker import extract_batch, peak_rss_mb


@dataclass
class ScaleSummary:
    """What a ``parallel_ingest`` run did."""

    articles_read: int = 0          # articles read from the inputs
    articles_skipped: int = 0       # already stored with the same content: not extracted again
    articles_extracted: int = 0
    events_extracted: int = 0       # events in the extractions (before merging)
    failures: list[str] = field(default_factory=list)   # unreadable inputs, failed extractions
    warnings: list[str] = field(default_factory=list)   # read warnings, extraction warnings
    dropped: Counter = field(default_factory=Counter)   # (stage, reason) -> count
    ledger: IngestReport = field(default_factory=IngestReport)
    batches: int = 0
    workers: int = 0
    elapsed_s: float = 0.0
    worker_peak_mb: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        """Articles (read) per second."""
        return self.articles_read / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles_read": self.articles_read, "articles_skipped": self.articles_skipped,
            "articles_extracted": self.articles_extracted, "events_extracted": self.events_extracted,
            "failures": list(self.failures), "warnings": list(self.warnings),
            "dropped": [{"stage": s, "reason": r, "count": n} for (s, r), n in self.dropped.most_common()],
            "ledger": self.ledger.to_dict(), "batches": self.batches, "workers": self.workers,
            "elapsed_s": round(self.elapsed_s, 3), "articles_per_s": round(self.rate, 2),
            "worker_peak_mb": dict(self.worker_peak_mb),
        }

    def __str__(self) -> str:
        lines = [
            f"articles: {self.articles_read} read, {self.articles_extracted} extracted, "
            f"{self.articles_skipped} already stored (skipped); {len(self.failures)} failures, "
            f"{len(self.warnings)} warnings",
            f"events extracted: {self.events_extracted}",
            f"ledger: {self.ledger}",
            f"{self.workers} workers, {self.batches} batches, {self.elapsed_s:.1f} s, "
            f"{self.rate:.1f} articles/s",
        ]
        if self.dropped:
            total = sum(self.dropped.values())
            lines.append(f"dropped items: {total} (stage: reason x count)")
            for (stage, reason), n in self.dropped.most_common(15):
                lines.append(f"  {stage}: {reason} x {n}")
            if len(self.dropped) > 15:
                lines.append(f"  ... and {len(self.dropped) - 15} other reasons")
        for failure in self.failures[:20]:
            lines.append(f"failed: {failure}")
        if len(self.failures) > 20:
            lines.append(f"... and {len(self.failures) - 20} other failures")
        return "\n".join(lines)


def _connect(workers: int | None, scheduler: str | None, client: Any) -> tuple[Any, Any, bool]:
    """(client, cluster or None, whether we own the client)."""
    if client is not None:
        return client, None, False
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ContestedError("scale-out needs Dask: pip install 'contested[scale]'") from exc
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None, True
        except (OSError, TimeoutError) as exc:
            raise ContestedError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from exc
    n = workers or os.cpu_count() or 1
    from .lifeline import PARENT_ENV

    # workers die with this process, even when killed with SIGKILL mid-extraction (lifeline.py)
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.ERROR, preload=["contested.scale.lifeline"],
                           env={PARENT_ENV: str(os.getpid())})
    return Client(cluster), cluster, True


def _batches(items: Iterable[Any], size: int, summary: ScaleSummary, progress: Progress,
             say: Any) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        if isinstance(item, InputFailure):
            summary.failures.append(str(item))
            say(str(item))
            progress.advance(1)
        elif isinstance(item, ReadWarning):
            summary.warnings.append(str(item))
            say(f"warning: {item}")
        else:
            summary.articles_read += 1
            batch.append(item)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def parallel_ingest(inputs: Sequence[str | Path] | Iterable[Article | InputFailure | ReadWarning],
                    db_url: str, *, workers: int | None = None, scheduler: str | None = None,
                    options: Options | None = None, batch_size: int = DEFAULT_BATCH,
                    progress: bool = True, published: date | None = None, outlet: str | None = None,
                    max_in_flight: int | None = None, skip_existing: bool = True, client: Any = None,
                    stream: TextIO | None = None) -> ScaleSummary:
    """Extract ``inputs`` on Dask workers and merge them into the ledger at ``db_url``.

    ``inputs``: paths as for ``read_inputs`` (files, folders, ``-``), or an iterable of
    Article / InputFailure / ReadWarning items. ``workers``: a LocalCluster of that many
    single-threaded worker processes (default: one per CPU); ``scheduler``: the address of a
    running cluster (``tcp://host:8786``) instead; ``client``: an existing
    ``distributed.Client`` (not closed). ``batch_size`` articles go to a worker at a time and
    at most ``max_in_flight`` batches (default: twice the workers, plus one) are out at once,
    so memory is bounded whatever the corpus size.

    Batches are written in input order, one ledger transaction each, by this process; the
    ledger ends up as a serial ``Ledger.ingest`` of the same inputs would leave it. With
    ``skip_existing`` (default) an article the store already holds with the same content
    is not extracted again: rerunning a killed run resumes it. Progress goes to ``stream``
    (default stderr) when ``progress``; failures and warnings are reported there too.
    """
    opts = options or Options()
    out = stream if stream is not None else sys.stderr
    if batch_size < 1:
        raise ContestedError(f"batch size must be at least 1, not {batch_size}")
    summary = ScaleSummary()
    started = time.monotonic()
    total = None
    if isinstance(inputs, (list, tuple)) and all(isinstance(x, (str, Path)) for x in inputs):
        from .source import Source

        source = Source([str(x) for x in inputs], published=published, outlet=outlet,
                        max_bytes=opts.max_input_bytes)
        items: Iterable[Any] = source
        total = source.total
    else:
        items = inputs
    bar = Progress(total, out, enabled=progress)

    def say(msg: str) -> None:
        bar.message(f"contested: {msg}")

    with Ledger(db_url, opts) as ledger:
        cli, cluster, owned = _connect(workers, scheduler, client)
        try:
            n_workers = max(1, sum(cli.nthreads().values())) if cli.nthreads() else (workers or 1)
            summary.workers = n_workers
            limit = max_in_flight or 2 * n_workers + 1
            pending: deque[tuple[Any, list[Article]]] = deque()
            in_flight: Counter = Counter()  # article ids in batches not yet written

            def drain_one() -> None:
                fut, arts = pending.popleft()
                results = fut.result()
                pairs: list[tuple[Article, Extraction]] = []
                for art, res in zip(arts, results, strict=True):
                    in_flight[art.id] -= 1
                    if in_flight[art.id] <= 0:
                        del in_flight[art.id]
                    if isinstance(res, str):
                        summary.failures.append(res)
                        say(res)
                        continue
                    pairs.append((art, res))
                    summary.events_extracted += len(res.events)
                    for d in res.dropped:
                        summary.dropped[(d.stage, d.reason)] += 1
                    for w in res.warnings:
                        summary.warnings.append(w)
                        say(f"warning: {w}")
                fut.release()
                if pairs:
                    report = ledger.ingest(pairs)
                    for key, value in report.to_dict().items():
                        setattr(summary.ledger, key, getattr(summary.ledger, key) + value)
                summary.articles_extracted += len(arts)
                summary.batches += 1
                bar.advance(len(arts), events=summary.ledger.events_created)

            for batch in _batches(items, batch_size, summary, bar, say):
                if skip_existing:
                    stored = ledger.stored_unchanged(batch)
                    # an id still in flight may be replaced by that batch: never skip it
                    todo = [a for a in batch if a.id not in stored or a.id in in_flight]
                    skipped = len(batch) - len(todo)
                    summary.articles_skipped += skipped
                    bar.advance(skipped, skipped=True)
                else:
                    todo = batch
                if not todo:
                    continue
                for art in todo:
                    in_flight[art.id] += 1
                pending.append((cli.submit(extract_batch, todo, opts, pure=False), todo))
                while len(pending) >= limit:
                    drain_one()
            while pending:
                drain_one()
            try:
                summary.worker_peak_mb = {str(k): round(v, 1) for k, v in cli.run(peak_rss_mb).items()}
            except Exception:  # noqa: BLE001 - a statistic only
                summary.worker_peak_mb = {}
        finally:
            if owned:
                cli.close()
                if cluster is not None:
                    cluster.close()
    summary.elapsed_s = time.monotonic() - started
    bar.finish()
    return summary
