"""Streaming the inputs: the same items, in the same order, as ``read_inputs``, but JSON
Lines files are read line by line rather than whole, and the number of articles to come is
estimated up front (for the progress bar's ETA) in one cheap pass over the bytes.

A JSON Lines file that is not clean UTF-8 (or is UTF-16, or holds NUL bytes) is handed to
``read_inputs`` unchanged, so its decoding fallbacks and warnings stay exactly the same.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from ..readers import read_inputs
from ..readers.inputs import JSONL_SUFFIXES, STDIN, _folder_files
from ..readers.jsonl import jsonl_records

_BLOCK = 1 << 20


def _scan_jsonl(path: Path) -> int | None:
    """Non-blank lines of a clean UTF-8 JSON Lines file; None when it must be read whole."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    count = 0
    pending_blank = True  # the current line holds only whitespace so far
    try:
        with path.open("rb") as f:
            first = True
            while block := f.read(_BLOCK):
                if first and block.startswith((b"\xff\xfe", b"\xfe\xff")):
                    return None
                first = False
                if b"\x00" in block:
                    return None
                decoder.decode(block)
                parts = block.split(b"\n")
                for i, part in enumerate(parts):
                    if part.strip():
                        pending_blank = False
                    if i < len(parts) - 1:  # a newline ends this line
                        count += not pending_blank
                        pending_blank = True
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return None
    return count + (not pending_blank)


def _stream_jsonl(path: Path) -> Iterator:
    name = str(path)

    def lines() -> Iterator[str]:
        with path.open("rb") as f:
            for number, raw in enumerate(f):
                text = raw.decode("utf-8")
                if number == 0 and text.startswith("\ufeff"):
                    text = text[1:]
                yield text[:-1] if text.endswith("\n") else text
    yield from jsonl_records(lines(), name)


class Source:
    """The inputs, surveyed once (``total``: articles expected, None when unknown)."""

    def __init__(self, inputs: Sequence[str], *, published: date | None = None,
                 outlet: str | None = None) -> None:
        self.inputs = [str(x) for x in inputs]
        self.published = published
        self.outlet = outlet
        self._clean: dict[Path, int] = {}
        total: int | None = 0
        for raw in self.inputs:
            if raw == STDIN:
                total = None
                continue
            path = Path(raw)
            files = _folder_files(path) if path.is_dir() else [path] if path.is_file() else []
            for file in files:
                n = _scan_jsonl(file) if file.suffix.lower() in JSONL_SUFFIXES else None
                if n is not None:
                    self._clean[file] = n
                elif file.suffix.lower() in JSONL_SUFFIXES:
                    total = None  # read whole by the reader; unknown count
                if total is not None:
                    total += n if n is not None else 1
            if not files and total is not None:
                total += 1  # one InputFailure
        self.total = total

    def _read(self, raw: str) -> Iterator:
        kw = {"published": self.published, "outlet": self.outlet}
        if raw == STDIN:
            yield from read_inputs([raw], **kw)
            return
        path = Path(raw)
        if path.is_file() and path in self._clean:
            yield from _stream_jsonl(path)
            return
        if path.is_dir() and any(f in self._clean for f in _folder_files(path)):
            files = _folder_files(path)
            for file in files:
                if file in self._clean:
                    yield from _stream_jsonl(file)
                else:
                    yield from read_inputs([str(file)], **kw)
            return
        yield from read_inputs([raw], **kw)

    def __iter__(self) -> Iterator:
        for raw in self.inputs:
            yield from self._read(raw)
