"""One exception tree for contested.

    ContestedError                 base of everything we raise on purpose
    ├── InputError                 an input (file, line, text) cannot be read or parsed, or is
    │   │                          out of bounds (a publication date outside 1900 to a year
    │   │                          from today, JSON nested too deep, a line over the size limit)
    │   └── RecordError            a JSONL line or record is malformed
    ├── DataFileError              a data file (registry, lexicon, gazetteer supplement) is invalid
    ├── ConfigError                an option or config file is invalid
    └── StoreError                 the ledger store cannot be opened, migrated or written

Every message names the thing at fault (path, line, field) and says what to do.
The CLI maps ContestedError to exit status 2 and never shows a traceback for it.
"""

from __future__ import annotations


class ContestedError(Exception):
    """Base class of every error contested raises on purpose."""


class InputError(ContestedError):
    """An input cannot be read: ``where`` names it (path, ``path:line`` or ``<stdin>``)."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class RecordError(InputError):
    """A JSON Lines record is malformed."""


class DataFileError(ContestedError):
    """A data file is invalid: ``where`` is ``path`` or ``path:line``."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where}: {reason}")


class ConfigError(ContestedError):
    """An option or a config file is invalid."""


class StoreError(ContestedError):
    """The ledger store cannot be opened, upgraded or written."""
