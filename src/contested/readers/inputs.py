"""``read_inputs``: every kind of INPUT the CLI accepts, in order, as Articles."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from contested.errors import InputError
from contested.records import Article

from ._base import InputFailure, ReadWarning, decode_bytes
from .html import html_article
from .jsonl import jsonl_records
from .text import text_article

__all__ = ["read_inputs", "read_path", "read_stdin", "ReadItem", "FOLDER_SUFFIXES"]

ReadItem = Article | InputFailure | ReadWarning

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
STDIN = "-"
STDIN_NAME = "<stdin>"


def read_inputs(inputs: Sequence[str], *, published: date | None = None, outlet: str | None = None,
                stdin: TextIO | None = None) -> Iterator[ReadItem]:
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
    """
    for raw in inputs:
        if raw == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin,
                                  published=published, outlet=outlet)
        else:
            yield from read_path(Path(raw), published=published, outlet=outlet)


def _sniff_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<html" in head and "<body" in text.lower())


def _read_file(path: Path, kind: str | None, *, published: date | None,
               outlet: str | None) -> Iterator[ReadItem]:
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield InputFailure(where, f"cannot read ({exc.strerror or exc})")
        return
    try:
        decoded = decode_bytes(data, where)
    except InputError as exc:
        yield InputFailure(where, exc.reason)
        return
    text = decoded.text
    if kind is None:
        kind = "html" if _sniff_html(text) else "text"
    if kind == "jsonl":
        first = True
        for item in jsonl_records(text.split("\n"), where):
            if first and decoded.warning and isinstance(item, Article):
                # one warning for the file, before its first article
                yield ReadWarning(where, decoded.warning)
                first = False
            yield item
        return
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


def read_path(path: Path, *, published: date | None = None,
              outlet: str | None = None) -> Iterator[ReadItem]:
    """The articles of one file or folder (see ``read_inputs``)."""
    where = str(path)
    if path.is_dir():
        files = _folder_files(path)
        if not files:
            yield InputFailure(where, "folder has no .txt, .html, .htm or .jsonl files")
            return
        for file in files:
            yield from _read_file(file, _kind_of(file), published=published, outlet=outlet)
    elif path.is_file():
        yield from _read_file(path, _kind_of(path), published=published, outlet=outlet)
    elif path.exists():
        yield InputFailure(where, "not a regular file or folder")
    else:
        yield InputFailure(where, "no such file or folder")


def _looks_like_jsonl(text: str) -> bool:
    for line in text.split("\n"):
        if line.strip():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                return False
            return isinstance(record, dict) and "text" in record
    return False


def read_stdin(stream: TextIO, *, published: date | None = None,
               outlet: str | None = None) -> Iterator[ReadItem]:
    """Standard input: JSON Lines when its first non-empty line is a JSON object with ``text``
    (so a bad later line is reported as ``<stdin>:N``), else one plain-text article."""
    warning = None
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            decoded = decode_bytes(buffer.read(), STDIN_NAME)
            text, warning = decoded.text, decoded.warning
        else:
            text = stream.read()
    except InputError as exc:
        yield InputFailure(STDIN_NAME, exc.reason)
        return
    except (OSError, UnicodeDecodeError) as exc:
        yield InputFailure(STDIN_NAME, f"cannot read ({exc})")
        return
    if _looks_like_jsonl(text):
        if warning:
            yield ReadWarning(STDIN_NAME, warning)
        yield from jsonl_records(text.split("\n"), STDIN_NAME)
        return
    if warning:
        yield ReadWarning(STDIN_NAME, warning)
    yield text_article(text, STDIN_NAME, published=published, outlet=outlet)
