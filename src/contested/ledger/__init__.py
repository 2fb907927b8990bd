"""The ledger: articles, their event mentions and the incidents merged across articles.

    from contested.ledger import Ledger
    with Ledger("sqlite:///contested.db") as ledger:
        report = ledger.ingest(pairs)              # (Article, Extraction) pairs; one transaction
        ledger.export("jsonl", "ledger.jsonl")     # or acled-csv, geojson, parquet
        print(format_table(ledger.events(country="AZ", contested=True, limit=20)))

Merging rules: see :mod:`contested.ledger.merge`; tolls, parties and contestation:
see :mod:`contested.ledger.tolls`; export columns: see :mod:`contested.ledger.export`.
"""

from __future__ import annotations

from .api import IngestReport, Ledger
from .export import ACLED_COLUMNS, CSV_COLUMNS, EXTRA_COLUMNS, FORMATS
from .merge import Mention, MergeParams
from .query import format_table

__all__ = ["ACLED_COLUMNS", "CSV_COLUMNS", "EXTRA_COLUMNS", "FORMATS", "IngestReport", "Ledger",
           "MergeParams", "Mention", "format_table"]
