"""Readers: inputs (text, HTML, JSON Lines, folders, stdin) to Article records.

    read_inputs(inputs, *, published=None, outlet=None, stdin=None)
        -> Iterator[Article | InputFailure | ReadWarning]

Reading streams (JSON Lines a line at a time, folders a file at a time), so memory holds one
article whatever the input's size. Bad inputs do not stop a batch: each yields an
``InputFailure`` (``to_error()`` gives the ``InputError`` to raise or report) and reading goes
on. A ``ReadWarning`` comes just before an Article read with a problem (not valid UTF-8);
Articles cannot hold warnings.
"""

from ._base import Decoded, InputFailure, ReadWarning, decode_bytes, parse_published
from .html import html_article, strip_tags
from .inputs import FOLDER_SUFFIXES, MAX_INPUT_BYTES, ReadItem, read_inputs, read_path, read_stdin
from .jsonl import MAX_JSON_DEPTH, json_depth_over, jsonl_records, record_article, record_line
from .text import normalize_text, text_article

__all__ = [
    "Decoded", "FOLDER_SUFFIXES", "InputFailure", "MAX_INPUT_BYTES", "MAX_JSON_DEPTH", "ReadItem",
    "ReadWarning", "decode_bytes", "html_article", "json_depth_over", "jsonl_records", "normalize_text",
    "parse_published", "read_inputs", "read_path", "read_stdin", "record_article", "record_line",
    "strip_tags", "text_article",
]
