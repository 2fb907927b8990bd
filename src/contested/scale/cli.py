"""Command-line wiring for ``contested ingest --workers N | --scheduler URL``.

In ``contested.cli``: call :func:`add_ingest_options` on the ``ingest`` sub-parser, and at
the top of ``cmd_ingest``::

    if getattr(args, "workers", None) or getattr(args, "scheduler", None):
        from .scale.cli import run_ingest
        return run_ingest(args, _options(args))
"""

from __future__ import annotations

import argparse
import json
import sys

from ..config import Options
from ..errors import ContestedError

EXIT_OK, EXIT_PARTIAL, EXIT_FATAL = 0, 1, 2
DEFAULT_BATCH = 200


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: must be at least 1")
    return n


def add_ingest_options(parser: argparse.ArgumentParser) -> None:
    """Add --workers, --scheduler, --batch-size, --no-progress and --summary-json."""
    group = parser.add_argument_group("scale-out (Dask)")
    where = group.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_positive, metavar="N",
                       help="extract on a local Dask cluster of N single-threaded worker processes")
    where.add_argument("--scheduler", metavar="URL",
                       help="extract on a running Dask cluster, e.g. tcp://HOST:8786")
    group.add_argument("--batch-size", type=_positive, default=DEFAULT_BATCH, metavar="N",
                       help=f"articles sent to a worker at a time (default {DEFAULT_BATCH})")
    group.add_argument("--no-progress", action="store_true", help="no progress line on stderr")
    group.add_argument("--summary-json", metavar="FILE",
                       help="also write the run's summary as JSON to FILE")


def run_ingest(args: argparse.Namespace, options: Options) -> int:
    """Run ``contested ingest`` on Dask; prints the summary; returns the exit status."""
    from ..readers import parse_published
    from .ingest import parallel_ingest

    published = parse_published(args.published) if getattr(args, "published", None) else None
    try:
        summary = parallel_ingest(
            list(args.inputs), args.db, workers=getattr(args, "workers", None),
            scheduler=getattr(args, "scheduler", None), options=options,
            batch_size=getattr(args, "batch_size", None) or DEFAULT_BATCH,
            progress=not getattr(args, "no_progress", False), published=published,
            outlet=getattr(args, "outlet", None))
    except ContestedError:
        raise
    except KeyboardInterrupt:
        print("contested: interrupted; batches already written are kept, rerun to resume",
              file=sys.stderr)
        return EXIT_PARTIAL
    print(summary)
    if getattr(args, "summary_json", None):
        with open(args.summary_json, "w", encoding="utf-8") as f:
            json.dump(summary.to_dict(), f, indent=2, ensure_ascii=False)
    return EXIT_PARTIAL if summary.failures else EXIT_OK
