"""contested: conflict news in, a source-attributed event ledger out.

The public API (pinned by tests/test_public_api.py)::

    contested.extract(text, published=..., outlet=...) -> Extraction
    contested.extract_many(articles, options) -> Iterator[Extraction]
    contested.Options, contested.Article, contested.Event, contested.Claim, ...
    contested.Ledger(url)                       the persistent, merged store
"""

from __future__ import annotations

from .api import extract, extract_many
from .config import Options
from .errors import ConfigError, ContestedError, DataFileError, InputError, RecordError, StoreError
from .records import Actor, Article, Claim, Dropped, Event, Extraction, Place

__version__ = "0.1.0"


def __getattr__(name: str):  # the ledger pulls in SQLAlchemy: import it only when asked
    if name == "Ledger":
        from .ledger import Ledger

        return Ledger
    raise AttributeError(f"module 'contested' has no attribute {name!r}")


__all__ = [
    "Actor", "Article", "Claim", "ConfigError", "ContestedError", "DataFileError", "Dropped", "Event",
    "Extraction", "InputError", "Ledger", "Options", "Place", "RecordError", "StoreError", "extract",
    "extract_many", "__version__",
]
