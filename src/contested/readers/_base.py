"""Shared pieces of the readers: result records, decoding and date parsing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from contested.config import check_published
from contested.errors import InputError, RecordError

__all__ = ["InputFailure", "ReadWarning", "Decoded", "decode_bytes", "parse_published"]


@dataclass(frozen=True)
class InputFailure:
    """An input, or one record of it, that could not be read.

    ``where`` names it (``path``, ``path:line`` or ``<stdin>:line``); ``reason`` says why.
    Readers yield it in place of the article and go on with the rest.
    """

    where: str
    reason: str
    record: bool = False  # a malformed JSON Lines record rather than an unreadable input

    def to_error(self) -> InputError:
        """The exception for this failure: RecordError for a bad record, else InputError."""
        return (RecordError if self.record else InputError)(self.where, self.reason)

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class ReadWarning:
    """Something odd about an input that was still read (e.g. it was not valid UTF-8).

    Yielded immediately *before* the Article it concerns; ``where`` equals that article's
    ``origin``.
    """

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, and the codec that worked."""

    text: str
    encoding: str
    warning: str | None = None


# control characters that never occur in text (tab, newlines, form feed and ESC aside)
_BAD_CONTROLS = frozenset(chr(c) for c in range(32) if c not in (9, 10, 12, 13, 27)) | frozenset(
    chr(c) for c in range(0x7F, 0xA0))


def _mostly_binary(text: str) -> bool:
    if not text:
        return False
    sample = text[:8192]
    bad = sum(1 for ch in sample if ch in _BAD_CONTROLS or ch == "\ufffd")
    return bad > max(2, len(sample) // 20)


def decode_bytes(data: bytes, where: str) -> Decoded:
    """Decode a file's bytes: UTF-8 (BOM or not), then cp1252, then latin-1.

    A UTF-16 file (BOM) is decoded as such. Raises InputError when the bytes look binary
    (NUL bytes outside UTF-16, or mostly control characters). A fallback codec is reported in
    ``warning``.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(where, f"unreadable UTF-16 text ({exc.reason})") from None
        if _mostly_binary(text):
            raise InputError(where, "binary file, not text")
        return Decoded(text, "utf-16")
    if b"\x00" in data:
        raise InputError(where, "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
        encoding, warning = "utf-8", None
    except UnicodeDecodeError as exc:
        note = f"not valid UTF-8 (byte {exc.start})"
        try:
            text = data.decode("cp1252")
            encoding = "cp1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            encoding = "latin-1"
        warning = f"{note}; decoded as {encoding}, some characters may be wrong"
    if _mostly_binary(text):
        raise InputError(where, "binary file (mostly control characters), not text")
    return Decoded(text, encoding, warning)


def parse_published(value: Any, where: str = "published") -> date | None:
    """An ISO date or date-time (str, date or datetime) as a date; None or "" gives None.

    Accepts ``2020-10-28``, ``2020-10-28T09:30:00Z``, ``2020-10-28 09:30+04:00``, between
    1900-01-01 and a year from today (``config.published_bounds``). Raises InputError naming
    ``where`` for anything else.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return check_published(value.date(), where)
    if isinstance(value, date):
        return check_published(value, where)
    if not isinstance(value, str):
        raise InputError(where, f"'published' must be an ISO date string, not {type(value).__name__}")
    s = value.strip()
    if not s:
        return None
    if len(s) <= 40:  # an ISO date-time is at most 32 characters; longer is not worth parsing
        try:
            day = date.fromisoformat(s) if len(s) == 10 else datetime.fromisoformat(s).date()
        except (ValueError, OverflowError):
            pass
        else:
            return check_published(day, where)
    shown = value if len(value) <= 60 else value[:57] + "..."
    raise InputError(where, f"'published' is not an ISO date or date-time: {shown!r} "
                            "(write it like 2020-10-28 or 2020-10-28T09:30:00Z)")
