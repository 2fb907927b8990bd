"""JSON Lines of articles (OUTPUT.md's input format)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import Any

from contested.errors import InputError
from contested.records import Article

from ._base import InputFailure, parse_published
from .text import normalize_text

__all__ = ["MAX_JSON_DEPTH", "jsonl_records", "record_article", "record_line"]

_STR_FIELDS = ("outlet", "title", "url", "language")
MAX_JSON_DEPTH = 64
"""Records nested deeper than this are rejected before decoding (an article is a flat object;
a gold file's events are 5 levels deep), so the decoder's recursion can never fail."""

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_depth_over(line: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text ``line`` nests arrays and objects more than ``limit`` deep
    (brackets inside strings do not count). Linear time, no recursion."""
    if line.count("[") + line.count("{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", line))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


def _clean(value: str) -> str:
    """Lone surrogates (JSON lets ``\\ud800`` through; UTF-8 cannot hold it) become U+FFFD:
    one character for one, so spans are unchanged."""
    return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value


def record_article(record: Any, where: str) -> Article:
    """An Article from one decoded JSON record; raises InputError naming ``where``.

    ``text`` is required (a string, possibly empty); ``id`` (string or integer), ``published``
    (ISO date or date-time, 1900-01-01 to a year from today), ``outlet``, ``title``, ``url`` and
    ``language`` are optional. Other fields (``events`` of a gold file, for one) are ignored.
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
        try:
            art_id = _clean(str(raw_id))
        except ValueError:  # an integer too long to print (over 4,300 digits)
            raise InputError(where, "'id' is an integer too long to read; use a string") from None
    published = parse_published(record.get("published"), where)
    extra: dict[str, str | None] = {}
    for key in _STR_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(where, f"'{key}' must be a string, not {type(value).__name__}")
        extra[key] = _clean(value) if value else None
    return Article(text=normalize_text(_clean(text)), id=art_id, published=published, origin=where,
                   **extra)


def record_line(line: str, where: str) -> Article | InputFailure:
    """One JSON Lines line as an Article, or the InputFailure that says why it is not one."""
    if json_depth_over(line):
        return InputFailure(where, f"JSON nested more than {MAX_JSON_DEPTH} levels deep; an article is "
                                   "a flat object", record=True)
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputFailure(where, f"not valid JSON ({exc.msg} at column {exc.colno})", record=True)
    except (ValueError, RecursionError) as exc:  # e.g. an integer of over 4,300 digits
        return InputFailure(where, f"not valid JSON ({exc})", record=True)
    try:
        return record_article(record, where)
    except InputError as exc:
        return InputFailure(where, exc.reason, record=True)


def jsonl_records(lines: Iterable[str], name: str) -> Iterator[Article | InputFailure]:
    """Articles from JSON Lines; a bad line yields an InputFailure ``name:line`` and the rest
    still load. Blank lines are skipped. ``lines`` is consumed lazily, one line at a time."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        yield record_line(line, f"{name}:{number}")
