"""A plain-text progress line on stderr: done/total, articles per second, ETA.

On a terminal the line is redrawn in place (at most 4 times a second); elsewhere (a log
file, CI) a full line is printed every 10 seconds. No dependency."""

from __future__ import annotations

import time
from typing import TextIO


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class Progress:
    def __init__(self, total: int | None, stream: TextIO, *, enabled: bool = True) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled
        self.done = 0
        self.skipped = 0
        self.events = 0
        self.started = time.monotonic()
        self._last = 0.0
        try:
            self.tty = stream.isatty()
        except (AttributeError, ValueError):
            self.tty = False
        self._every = 0.25 if self.tty else 10.0
        self._drawn = False

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        worked = self.done - self.skipped
        rate = worked / elapsed
        head = f"{self.done:,}/{self.total:,}" if self.total else f"{self.done:,}"
        parts = [f"ingest {head} articles"]
        if self.total:
            parts[0] += f" ({100 * min(self.done, self.total) / self.total:.0f}%)"
        if self.skipped:
            parts.append(f"{self.skipped:,} already stored")
        parts.append(f"{rate:.1f} articles/s")
        parts.append(f"{self.events:,} new events")
        if self.total and rate > 0 and self.done < self.total:
            parts.append(f"ETA {_clock((self.total - self.done) / rate)}")
        parts.append(f"elapsed {_clock(elapsed)}")
        return ", ".join(parts)

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self._every:
            return
        self._last = now
        if self.tty:
            self.stream.write("\r\x1b[K" + self.line())
            self._drawn = True
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()

    def advance(self, n: int, *, skipped: bool = False, events: int | None = None) -> None:
        self.done += n
        if skipped:
            self.skipped += n
        if events is not None:
            self.events = events
        self._draw()

    def message(self, text: str) -> None:
        """A line of its own (a failure, a warning), above the progress line."""
        if self.tty and self._drawn:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self.stream.flush()
        self._drawn = False
        self._draw(force=self.tty and self.enabled)

    def finish(self) -> None:
        if not self.enabled:
            return
        self._draw(force=True)
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
