"""The inputs of a scale-out run: exactly ``read_inputs``'s items (which stream: JSON Lines a
line at a time), with the number of articles to come estimated up front (for the progress
bar's ETA) in one cheap pass over the bytes of each JSON Lines file.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path

from ..readers import MAX_INPUT_BYTES, read_inputs
from ..readers.inputs import JSONL_SUFFIXES, STDIN, _folder_files

_BLOCK = 1 << 20


def _scan_jsonl(path: Path) -> int | None:
    """Non-blank lines of a clean UTF-8 JSON Lines file; None when the count is unknown."""
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


class Source:
    """The inputs, surveyed once (``total``: articles expected, None when unknown)."""

    def __init__(self, inputs: Sequence[str], *, published: date | None = None,
                 outlet: str | None = None, max_bytes: int = MAX_INPUT_BYTES) -> None:
        self.inputs = [str(x) for x in inputs]
        self.published = published
        self.outlet = outlet
        self.max_bytes = max_bytes
        total: int | None = 0
        for raw in self.inputs:
            if raw == STDIN:
                total = None
                continue
            path = Path(raw)
            try:
                files = _folder_files(path) if path.is_dir() else [path] if path.is_file() else []
            except (OSError, ValueError):  # the reader reports it
                files = []
            for file in files:
                n = _scan_jsonl(file) if file.suffix.lower() in JSONL_SUFFIXES else None
                if n is None and file.suffix.lower() in JSONL_SUFFIXES:
                    total = None  # not clean UTF-8: count unknown
                if total is not None:
                    total += n if n is not None else 1
            if not files and total is not None:
                total += 1  # one InputFailure
        self.total = total

    def __iter__(self) -> Iterator:
        yield from read_inputs(self.inputs, published=self.published, outlet=self.outlet,
                               max_bytes=self.max_bytes)
