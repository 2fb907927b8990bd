"""Scale-out ingest: extract on a Dask cluster, merge into one ledger, resumable.

    from contested.scale import parallel_ingest
    summary = parallel_ingest(["corpus/"], "postgresql+psycopg://u:p@db/ledger", workers=8)
    print(summary)

Articles stream from the inputs in bounded batches (memory does not grow with the corpus);
each batch is extracted on a worker and written to the ledger by the driver, in input
order, one transaction per batch, so the ledger equals a serial ``contested ingest``.
Articles the store already holds with the same content are skipped before extraction, so
a killed run restarts where it stopped. See :func:`parallel_ingest`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ingest import ScaleSummary, parallel_ingest

__all__ = ["ScaleSummary", "parallel_ingest"]


def __getattr__(name: str) -> Any:
    # imported on first use, so `contested --help` does not load SQLAlchemy and Dask
    if name in __all__:
        from . import ingest
        return getattr(ingest, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
