"""Readers stream (issue 19): memory holds one line of a JSON Lines file, never the file;
inputs over ``max_bytes`` are reported, not read; stdin is read a line at a time."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path

from contested.readers import InputFailure, ReadWarning, read_inputs
from contested.records import Article


def test_jsonl_is_read_a_line_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    pad = "x" * 20_000
    with path.open("w", encoding="utf-8") as f:
        for i in range(1500):  # 30 MB
            f.write(json.dumps({"id": f"a{i}", "text": "", "raw": pad}) + "\n")
    tracemalloc.start()
    try:
        n = sum(1 for x in read_inputs([str(path)]) if isinstance(x, Article))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 1500
    assert peak < 2_000_000, f"reading a 30 MB file held {peak / 1e6:.1f} MB"


def test_a_line_over_the_limit_is_skipped_without_being_held(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"text": "y" * 5_000_000}) + "\n" + json.dumps({"text": "after"}) + "\n",
                    encoding="utf-8")
    tracemalloc.start()
    try:
        out = list(read_inputs([str(path)], max_bytes=100_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(out[0], InputFailure) and out[0].where == f"{path}:1" and "over 100,000 bytes" in out[0].reason
    assert isinstance(out[1], Article) and out[1].text == "after" and out[1].origin == f"{path}:2"
    assert peak < 1_000_000, f"skipping a 5 MB line held {peak / 1e6:.1f} MB"


def test_a_one_article_file_over_the_limit_is_reported(tmp_path: Path) -> None:
    big = tmp_path / "a.txt"
    big.write_text("z" * 2000, encoding="utf-8")
    ok = tmp_path / "b.txt"
    ok.write_text("fine", encoding="utf-8")
    out = list(read_inputs([str(big), str(ok)], max_bytes=1000))
    assert isinstance(out[0], InputFailure) and "over 1,000 bytes" in out[0].reason
    assert isinstance(out[1], Article) and out[1].text == "fine"


def test_invalid_utf8_lines_are_decoded_alone_with_one_warning(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n{"text": "ok \xc3\xa9"}\n{"text": "na\xefve"}\n')
    out = list(read_inputs([str(path)]))
    assert [type(x).__name__ for x in out] == ["ReadWarning", "Article", "Article", "Article"]
    assert isinstance(out[0], ReadWarning) and "line 1" in out[0].message
    assert [a.text for a in out[1:]] == ["caf\u00e9", "ok \u00e9", "na\u00efve"]


def test_utf16_jsonl_streams(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes((json.dumps({"id": "w1", "text": "One."}) + "\n[1]\n"
                      + json.dumps({"id": "w2", "text": "Two."}) + "\n").encode("utf-16"))
    out = list(read_inputs([str(path)]))
    assert [type(x).__name__ for x in out] == ["Article", "InputFailure", "Article"]
    assert out[1].where == f"{path}:2"  # type: ignore[union-attr]


class _Lines(io.RawIOBase):
    """A raw stdin that counts the chunks (lines) it has served."""

    def __init__(self, first: bytes, line: bytes, n: int) -> None:
        self.chunks = [first] + [line] * n
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[no-untyped-def]
        if not self.chunks:
            return 0
        chunk = self.chunks.pop(0)
        self.served += 1
        b[: len(chunk)] = chunk
        return len(chunk)


def test_stdin_jsonl_is_consumed_lazily() -> None:
    line = (json.dumps({"text": "t"}) + "\n").encode()
    raw = _Lines(line, line, 10_000)
    stream = io.TextIOWrapper(io.BufferedReader(raw, buffer_size=64), encoding="utf-8")
    items = read_inputs(["-"], stdin=stream)
    first = [next(items) for _ in range(3)]
    assert all(isinstance(x, Article) for x in first)
    assert raw.served < 100  # three articles out: stdin has not been read to its end
    assert sum(1 for _ in items) == 10_001 - 3


def test_a_nul_byte_fails_its_line_and_a_binary_file_fails_once(tmp_path: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_bytes(b'{"text": "a\x00b"}\n{"text": "fine"}\n')
    out = list(read_inputs([str(path)]))
    assert [type(x).__name__ for x in out] == ["InputFailure", "Article"]
    assert out[0].where == f"{path}:1" and "JSON" in out[0].reason  # type: ignore[union-attr]
    binary = tmp_path / "packed.jsonl"
    binary.write_bytes(bytes(range(256)) * 400)
    (failure,) = list(read_inputs([str(binary)]))
    assert isinstance(failure, InputFailure) and failure.where == str(binary) and "binary" in failure.reason
