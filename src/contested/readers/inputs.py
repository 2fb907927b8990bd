"""``read_inputs``: every kind of INPUT the CLI accepts, in order, as Articles."""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import AnyStr, TextIO

from contested.errors import InputError
from contested.records import Article

from ._base import InputFailure, ReadWarning, _mostly_binary, decode_bytes
from .html import html_article
from .jsonl import json_depth_over, record_line
from .text import text_article

__all__ = ["MAX_INPUT_BYTES", "read_inputs", "read_path", "read_stdin", "ReadItem", "FOLDER_SUFFIXES"]

ReadItem = Article | InputFailure | ReadWarning

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
STDIN = "-"
STDIN_NAME = "<stdin>"
MAX_INPUT_BYTES = 16_000_000
"""Default of ``max_bytes``: a one-article file or a JSON Lines line longer than this is
reported, not read (1,000,000 characters, the extraction limit, take at most 6 MB as JSON)."""
_SNIFF = 8192
_CHUNK = 1 << 16


def read_inputs(inputs: Sequence[str], *, published: date | None = None, outlet: str | None = None,
                stdin: TextIO | None = None, max_bytes: int = MAX_INPUT_BYTES) -> Iterator[ReadItem]:
    """Read each INPUT in order and yield its articles.

    An INPUT is a ``.txt`` file, an ``.html``/``.htm`` page, a ``.jsonl`` file of articles, a
    folder (its ``.txt``, ``.html``, ``.htm`` and ``.jsonl`` files, recursively, sorted by
    relative path, hidden entries skipped) or ``-`` for ``stdin`` (JSON Lines when its first
    non-empty line is a JSON object with ``text``, else one plain-text article). A file of
    another suffix is read as plain text, or as HTML when it starts like a page.

    Yields, in input order:

    - ``Article`` for each article read (``origin`` says where from; ids are the JSONL ``id``
      or else the hash of the text);
    - ``InputFailure(where, reason)`` for an input or a JSONL line that cannot be read
      (missing path, binary file, folder with nothing readable, malformed record); reading
      goes on with the rest;
    - ``ReadWarning(where, message)`` just before an Article that was read with a problem
      (not valid UTF-8, decoded with a fallback codec).

    ``published`` and ``outlet`` are defaults for inputs that do not carry their own: they
    apply to plain text and to HTML pages without that metadata, never over JSONL fields.

    Reading streams: JSON Lines (files and stdin) a line at a time, folders a file at a time,
    so memory holds one article, never a whole file or corpus. A one-article file (text,
    HTML) or a JSON Lines line over ``max_bytes`` bytes is an InputFailure, not read.
    """
    for raw in inputs:
        if raw == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin,
                                  published=published, outlet=outlet, max_bytes=max_bytes)
        else:
            yield from read_path(Path(raw), published=published, outlet=outlet, max_bytes=max_bytes)


def _sniff_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<html" in head and "<body" in text.lower())


def _bounded_lines(readline: Callable[[int], AnyStr], limit: int,
                   newline: AnyStr) -> Iterator[tuple[int, AnyStr | None]]:
    """(number, line) for each line read with ``readline``; a line longer than ``limit`` is
    skipped without being held (``None`` in its place). At most ``limit`` + 1 units are in
    memory at a time, whatever the input's size."""
    number = 0
    while True:
        line = readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(newline):
            while (rest := readline(_CHUNK)) and not rest.endswith(newline):
                pass
            yield number, None
        else:
            yield number, line


def _too_long(where: str, limit: int) -> InputFailure:
    return InputFailure(where, f"line is over {limit:,} bytes (max_input_bytes); skipped", record=True)


def _decode_line(raw: bytes) -> tuple[str, str | None]:
    """A line's text, and the codec used when it was not UTF-8."""
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


def _jsonl_bytes(lines: Iterator[tuple[int, bytes | None]], name: str, limit: int) -> Iterator[ReadItem]:
    """JSON Lines records from numbered byte lines (UTF-8; a line that is not is decoded as
    cp1252 or latin-1, with one ReadWarning for the input before its first such article)."""
    warned = False
    for number, raw in lines:
        where = f"{name}:{number}"
        if raw is None:
            yield _too_long(where, limit)
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        line, codec = _decode_line(raw)
        if not line.strip():
            continue
        item = record_line(line, where)
        if codec and not warned and isinstance(item, Article):
            warned = True
            yield ReadWarning(name, f"not valid UTF-8 (line {number}); such lines decoded as {codec}, "
                                    "some characters may be wrong")
        yield item


def _jsonl_text(lines: Iterator[tuple[int, str | None]], name: str, limit: int) -> Iterator[ReadItem]:
    for number, line in lines:
        where = f"{name}:{number}"
        if line is None:
            yield _too_long(where, limit)
        elif line.strip():
            yield record_line(line, where)


def _binary_head(head: bytes, where: str) -> InputFailure | None:
    """A failure for the whole file when its start is mostly binary (a NUL byte in one line
    only fails that line: it is not valid JSON)."""
    if _mostly_binary(head.decode("utf-8", errors="replace")):
        return InputFailure(where, "binary file (mostly control characters), not text")
    return None


def _read_jsonl(path: Path, limit: int) -> Iterator[ReadItem]:
    """A JSON Lines file, one line at a time: memory holds one line, never the file."""
    where = str(path)
    try:
        f = path.open("rb")
    except OSError as exc:
        yield InputFailure(where, f"cannot read ({exc.strerror or exc})")
        return
    with f:
        try:
            head = f.read(_SNIFF)
            f.seek(0)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                wide = io.TextIOWrapper(f, encoding="utf-16", newline="\n")
                try:
                    yield from _jsonl_text(_bounded_lines(wide.readline, limit, "\n"), where, limit)
                except UnicodeDecodeError as exc:
                    yield InputFailure(where, f"unreadable UTF-16 text ({exc.reason}); the rest not read")
                return
            if (failure := _binary_head(head, where)) is not None:
                yield failure
                return
            yield from _jsonl_bytes(_bounded_lines(f.readline, limit, b"\n"), where, limit)
        except OSError as exc:
            yield InputFailure(where, f"cannot read further ({exc.strerror or exc})")


def _read_whole(path: Path, limit: int) -> bytes | InputFailure:
    """The bytes of a one-article file, unless it is over ``limit`` bytes."""
    where = str(path)
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        return InputFailure(where, f"cannot read ({exc.strerror or exc})")
    if len(data) > limit:
        return InputFailure(where, f"file is over {limit:,} bytes (max_input_bytes), too long for one "
                                   "article; not read")
    return data


def _read_file(path: Path, kind: str | None, *, published: date | None,
               outlet: str | None, limit: int) -> Iterator[ReadItem]:
    where = str(path)
    if kind == "jsonl":
        yield from _read_jsonl(path, limit)
        return
    data = _read_whole(path, limit)
    if isinstance(data, InputFailure):
        yield data
        return
    try:
        decoded = decode_bytes(data, where)
    except InputError as exc:
        yield InputFailure(where, exc.reason)
        return
    del data
    text = decoded.text
    if kind is None:
        kind = "html" if _sniff_html(text) else "text"
    if decoded.warning:
        yield ReadWarning(where, decoded.warning)
    if kind == "html":
        yield html_article(text, where, published=published, outlet=outlet)
    else:
        yield text_article(text, where, published=published, outlet=outlet)


def _kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def _folder_files(folder: Path) -> list[Path]:
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith(".") or not name.lower().endswith(FOLDER_SUFFIXES):
                continue
            full = Path(dirpath) / name
            found.append((full.relative_to(folder).as_posix(), full))
    found.sort(key=lambda item: item[0])
    return [p for _, p in found]


def read_path(path: Path, *, published: date | None = None, outlet: str | None = None,
              max_bytes: int = MAX_INPUT_BYTES) -> Iterator[ReadItem]:
    """The articles of one file or folder (see ``read_inputs``)."""
    where = str(path)
    try:
        if path.is_dir():
            files = _folder_files(path)
            if not files:
                yield InputFailure(where, "folder has no .txt, .html, .htm or .jsonl files")
                return
            for file in files:
                yield from _read_file(file, _kind_of(file), published=published, outlet=outlet, limit=max_bytes)
        elif path.is_file():
            yield from _read_file(path, _kind_of(path), published=published, outlet=outlet, limit=max_bytes)
        elif path.exists():
            yield InputFailure(where, "not a regular file or folder")
        else:
            yield InputFailure(where, "no such file or folder")
    except (OSError, ValueError) as exc:  # a name the OS refuses (NUL, too long), a folder gone mid-walk
        yield InputFailure(where, f"cannot read ({getattr(exc, 'strerror', None) or exc})")


def _first_record(line: str) -> bool:
    """Whether ``line`` is a JSON object with ``text`` (so the input is JSON Lines)."""
    import json

    if json_depth_over(line):
        return False
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(record, dict) and "text" in record


def read_stdin(stream: TextIO, *, published: date | None = None, outlet: str | None = None,
               max_bytes: int = MAX_INPUT_BYTES) -> Iterator[ReadItem]:
    """Standard input: JSON Lines when its first non-empty line is a JSON object with ``text``
    (so a bad later line is reported as ``<stdin>:N``), else one plain-text article. JSON Lines
    are read a line at a time; a plain-text article over ``max_bytes`` is an InputFailure."""
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            yield from _stdin_bytes(buffer, published=published, outlet=outlet, limit=max_bytes)
        else:
            yield from _stdin_text(stream, published=published, outlet=outlet, limit=max_bytes)
    except (OSError, UnicodeDecodeError) as exc:
        yield InputFailure(STDIN_NAME, f"cannot read ({exc})")


def _stdin_bytes(buffer: io.BufferedIOBase, *, published: date | None, outlet: str | None,
                 limit: int) -> Iterator[ReadItem]:
    lines = _bounded_lines(buffer.readline, limit, b"\n")
    head: list[tuple[int, bytes | None]] = []
    size = 0
    for number, raw in lines:
        head.append((number, raw))
        if raw is None:
            break
        size += len(raw)
        if number == 1 and raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            break  # UTF-16: lines are not byte lines; read whole below
        if raw.strip():
            if _first_record(_decode_line(raw.removeprefix(codecs.BOM_UTF8))[0]):
                yield from _jsonl_bytes(_chain(head, lines), STDIN_NAME, limit)
                return
            break
    # one plain-text article: the lines read so far and the rest, up to the limit
    if any(raw is None for _, raw in head):
        yield InputFailure(STDIN_NAME, f"over {limit:,} bytes (max_input_bytes) without a line break; not read")
        return
    data = b"".join(raw for _, raw in head if raw is not None) + buffer.read(limit + 1 - size)
    if len(data) > limit:
        yield InputFailure(STDIN_NAME, f"over {limit:,} bytes (max_input_bytes), too long for one article; "
                                       "not read")
        return
    try:
        decoded = decode_bytes(data, STDIN_NAME)
    except InputError as exc:
        yield InputFailure(STDIN_NAME, exc.reason)
        return
    if decoded.encoding == "utf-16" and _first_record(decoded.text.split("\n", 1)[0]):
        yield from _jsonl_text(enumerate(decoded.text.split("\n"), 1), STDIN_NAME, limit)
        return
    if decoded.warning:
        yield ReadWarning(STDIN_NAME, decoded.warning)
    yield text_article(decoded.text, STDIN_NAME, published=published, outlet=outlet)


def _stdin_text(stream: TextIO, *, published: date | None, outlet: str | None,
                limit: int) -> Iterator[ReadItem]:
    lines = _bounded_lines(stream.readline, limit, "\n")
    head: list[tuple[int, str | None]] = []
    size = 0
    for number, line in lines:
        head.append((number, line))
        if line is None:
            break
        size += len(line)
        if line.strip():
            if _first_record(line):
                yield from _jsonl_text(_chain(head, lines), STDIN_NAME, limit)
                return
            break
    if any(line is None for _, line in head):
        yield InputFailure(STDIN_NAME, f"over {limit:,} characters (max_input_bytes) without a line break; "
                                       "not read")
        return
    text = "".join(line for _, line in head if line is not None) + stream.read(limit + 1 - size)
    if len(text) > limit:
        yield InputFailure(STDIN_NAME, f"over {limit:,} characters (max_input_bytes), too long for one "
                                       "article; not read")
        return
    yield text_article(text, STDIN_NAME, published=published, outlet=outlet)


def _chain(head: list[tuple[int, AnyStr | None]],
           rest: Iterator[tuple[int, AnyStr | None]]) -> Iterator[tuple[int, AnyStr | None]]:
    yield from head
    yield from rest
