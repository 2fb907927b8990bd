"""JSON Lines of articles (OUTPUT.md's input format)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from contested.errors import InputError
from contested.records import Article

from ._base import InputFailure, parse_published
from .text import normalize_text

__all__ = ["record_article", "jsonl_records"]

_STR_FIELDS = ("outlet", "title", "url", "language")


def record_article(record: Any, where: str) -> Article:
    """An Article from one decoded JSON record; raises InputError naming ``where``.

    ``text`` is required (a string, possibly empty); ``id`` (string or integer), ``published``
    (ISO date or date-time), ``outlet``, ``title``, ``url`` and ``language`` are optional.
    Other fields (``events`` of a gold file, for one) are ignored.
    """
    if not isinstance(record, dict):
        raise InputError(where, f"a record must be a JSON object, not {type(record).__name__}")
    if "text" not in record:
        raise InputError(where, "the record has no 'text' field")
    text = record["text"]
    if not isinstance(text, str):
        raise InputError(where, f"'text' must be a string, not {type(text).__name__}")
    raw_id = record.get("id")
    if raw_id is None:
        art_id = ""
    elif isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise InputError(where, f"'id' must be a string or an integer, not {type(raw_id).__name__}")
    else:
        art_id = str(raw_id)
    published = parse_published(record.get("published"), where)
    extra: dict[str, str | None] = {}
    for key in _STR_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"'{key}' must be a string, not {type(value).__name__}")
        extra[key] = value or None
    return Article(text=normalize_text(text), id=art_id, published=published, origin=where,
                   **extra)


def jsonl_records(lines: Iterable[str], name: str) -> Iterator[Article | InputFailure]:
    """Articles from JSON Lines; a bad line yields an InputFailure ``name:line`` and the rest
    still load. Blank lines are skipped."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputFailure(where, f"not valid JSON ({exc.msg} at column {exc.colno})", record=True)
            continue
        try:
            yield record_article(record, where)
        except InputError as exc:
            yield InputFailure(where, exc.reason, record=True)
