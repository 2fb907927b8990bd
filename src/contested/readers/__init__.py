"""Readers: inputs (text, HTML, JSON Lines, folders, stdin) to Article records.

    read_inputs(inputs, *, published=None, outlet=None, stdin=None)
        -> Iterator[Article | InputFailure | ReadWarning]

Bad inputs do not stop a batch: each yields an ``InputFailure`` (``to_error()`` gives the
``InputError`` to raise or report) and reading goes on. A ``ReadWarning`` comes just before
an Article read with a problem (not valid UTF-8); Articles cannot hold warnings.
"""

from ._base import Decoded, InputFailure, ReadWarning, decode_bytes, parse_published
from .html import html_article, strip_tags
from .inputs import FOLDER_SUFFIXES, ReadItem, read_inputs, read_path, read_stdin
from .jsonl import jsonl_records, record_article
from .text import normalize_text, text_article

__all__ = [
    "Decoded", "FOLDER_SUFFIXES", "InputFailure", "ReadItem", "ReadWarning", "decode_bytes",
    "html_article", "jsonl_records", "normalize_text", "parse_published", "read_inputs",
    "read_path", "read_stdin", "record_article", "strip_tags", "text_article",
]
