"""Aggregates cached per process, invalidated by any write to the ledger.

Every entry is stored with the ledger's data version (``ledger_meta['data_version']``,
changed by triggers whenever articles or events are written, by this server's ingest or by
any other process). A lookup reads the version (one primary-key read) and recomputes an
entry made under another one. Concurrent requests for the same missing entry wait for one
computation instead of each running it. At most ``max_entries`` entries are kept (least
recently used out). ``CONTESTED_WEB_CACHE=0`` turns caching off (for measurements).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class AggregateCache:
    def __init__(self, version: Callable[[], str], *, max_entries: int = 256, enabled: bool | None = None) -> None:
        self._version = version
        self.max_entries = max_entries
        if enabled is None:
            enabled = os.environ.get("CONTESTED_WEB_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")
        self.enabled = enabled
        self._data: OrderedDict[Hashable, tuple[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._flights: dict[Hashable, threading.Lock] = {}
        self.hits = self.misses = 0

    def version(self) -> str:
        return self._version()

    def get(self, key: Hashable, compute: Callable[[], T], version: str | None = None) -> T:
        """The cached value of ``key`` at the current data version, computed if missing."""
        if not self.enabled:
            return compute()
        v = self._version() if version is None else version
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and hit[0] == v:
                self._data.move_to_end(key)
                self.hits += 1
                return hit[1]  # type: ignore[no-any-return]
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            with self._lock:
                hit = self._data.get(key)
                if hit is not None and hit[0] == v:
                    self.hits += 1
                    return hit[1]  # type: ignore[no-any-return]
            self.misses += 1
            value = compute()
            with self._lock:
                self._data[key] = (v, value)
                self._data.move_to_end(key)
                while len(self._data) > self.max_entries:
                    self._data.popitem(last=False)
                self._flights.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
