"""Aggregates cached per process, invalidated by any write to the ledger.

Every entry is stored with the ledger's data version (``ledger_meta['data_version']``,
changed by triggers whenever articles or events are written, by this server's ingest or by
any other process). A lookup reads the version (one primary-key read) and recomputes an
entry made under another one. Concurrent requests for the same missing entry wait for one
computation instead of each running it. At most ``max_entries`` entries are kept (least
recently used out) and about ``max_bytes`` (serialised answers count their length, lists
600 bytes an item, anything else 2 kB). ``CONTESTED_WEB_CACHE=0`` turns caching off (for
measurements).
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class AggregateCache:
    def __init__(self, version: Callable[[], str], *, max_entries: int = 4096, max_bytes: int = 128 << 20,
                 enabled: bool | None = None) -> None:
        self._version = version
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.bytes = 0
        if enabled is None:
            enabled = os.environ.get("CONTESTED_WEB_CACHE", "1").strip().lower() not in ("0", "false", "no", "off")
        self.enabled = enabled
        self._data: OrderedDict[Hashable, tuple[str, Any, int]] = OrderedDict()
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
            size = _size(value)
            with self._lock:
                old = self._data.pop(key, None)
                if old is not None:
                    self.bytes -= old[2]
                self._data[key] = (v, value, size)
                self.bytes += size
                while self._data and (len(self._data) > self.max_entries or self.bytes > self.max_bytes):
                    self.bytes -= self._data.popitem(last=False)[1][2]
                self._flights.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.bytes = 0

    def __len__(self) -> int:
        return len(self._data)


def _size(value: Any) -> int:
    """A rough size in bytes, for the cache's bound."""
    if isinstance(value, bytes | str):
        return len(value) + 64
    if isinstance(value, list | tuple):
        return 600 * len(value) + 64
    return 2048
