"""Readers: every INPUT kind, and bad inputs that must not stop a batch."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path

import pytest

from contested.errors import InputError, RecordError
from contested.readers import (
    InputFailure,
    ReadWarning,
    decode_bytes,
    parse_published,
    read_inputs,
    strip_tags,
)
from contested.records import Article, text_id

PAGE = """<!doctype html>
<html><head>
<title>Shelling hits river town</title>
<meta property="og:site_name" content="Example Courier">
<meta property="article:published_time" content="2021-03-10T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Shelling hits river town</h1>
<p>Shells struck the river town of Examplegrad late on Tuesday, local officials said on
Wednesday, damaging a school and several houses near the old bridge.</p>
<p>One man was killed and two women were injured, the regional governor said in a short
statement, adding that repair crews had reached the area by morning.</p>
</article>
<footer>Copyright Example Courier</footer>
<script>var tracking = "do not read me";</script>
</body></html>
"""


def items(inputs: list[str], **kw: object) -> list[object]:
    return list(read_inputs(inputs, **kw))  # type: ignore[arg-type]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------- plain text

def test_text_file(tmp_path: Path) -> None:
    f = write(tmp_path / "note.txt", "Shells hit the depot.\r\n\r\nNo one was hurt.\n")
    (a,) = items([str(f)], published=date(2021, 3, 10), outlet="Desk")
    assert isinstance(a, Article)
    assert a.text == "Shells hit the depot.\n\nNo one was hurt.\n"
    assert a.id == text_id(a.text)  # content-addressed, not the file name
    assert (a.published, a.outlet, a.origin) == (date(2021, 3, 10), "Desk", str(f))


def test_empty_file_is_an_empty_article(tmp_path: Path) -> None:
    f = write(tmp_path / "blank.txt", "  \n")
    (a,) = items([str(f)])
    assert isinstance(a, Article) and a.text.strip() == ""


def test_missing_path_fails_and_batch_goes_on(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", "Text one.")
    out = items([str(tmp_path / "nope.txt"), str(good)])
    assert isinstance(out[0], InputFailure)
    assert out[0].where == str(tmp_path / "nope.txt") and "no such file" in out[0].reason
    assert isinstance(out[1], Article) and out[1].text == "Text one."


def test_binary_file_fails(tmp_path: Path) -> None:
    f = tmp_path / "blob.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (x,) = items([str(f)])
    assert isinstance(x, InputFailure) and "binary" in x.reason


def test_mostly_control_characters_fails(tmp_path: Path) -> None:
    f = tmp_path / "ctl.txt"
    f.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 50)
    (x,) = items([str(f)])
    assert isinstance(x, InputFailure) and "binary" in x.reason


def test_latin1_file_reads_with_warning(tmp_path: Path) -> None:
    f = write(tmp_path / "old.txt", "Café bombed in Zürich, señor said.", encoding="latin-1")
    warning, article = items([str(f)])
    assert isinstance(warning, ReadWarning) and warning.where == str(f)
    assert "UTF-8" in warning.message
    assert isinstance(article, Article) and article.text == "Café bombed in Zürich, señor said."


def test_cp1252_quotes(tmp_path: Path) -> None:
    f = write(tmp_path / "q.txt", "He said \u201cno\u201d \u2014 twice.", encoding="cp1252")
    warning, article = items([str(f)])
    assert isinstance(warning, ReadWarning)
    assert isinstance(article, Article) and article.text == "He said \u201cno\u201d \u2014 twice."


def test_utf8_bom_and_utf16(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes("\ufeffKyiv said so.".encode())
    g = tmp_path / "wide.txt"
    g.write_bytes("Kyiv said so.".encode("utf-16"))
    a, b = items([str(f), str(g)])
    assert isinstance(a, Article) and a.text == "Kyiv said so."
    assert isinstance(b, Article) and b.text == "Kyiv said so."


def test_decode_bytes_direct() -> None:
    assert decode_bytes(b"ok", "x").warning is None
    with pytest.raises(InputError):
        decode_bytes(b"a\x00b", "x")


# ---------------------------------------------------------------- JSON Lines

def test_jsonl_with_bad_lines_in_the_middle(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": "First.", "published": "2021-03-10", "outlet": "Wire",
                    "title": "T", "url": "http://x", "language": "en", "events": [{"x": 1}],
                    "extra": 5}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a4"}),
        json.dumps({"text": 42}),
        json.dumps({"text": "Bad date.", "published": "10/03/2021"}),
        "",
        json.dumps({"text": "Last one.", "published": "2021-03-09T23:30:00+02:00", "id": 7}),
    ]
    f = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    out = items([str(f)], published=date(2000, 1, 1), outlet="Ignored")
    kinds = [type(x).__name__ for x in out]
    assert kinds == ["Article", "InputFailure", "InputFailure", "InputFailure", "InputFailure",
                     "InputFailure", "Article"]
    first, last = out[0], out[-1]
    assert isinstance(first, Article) and isinstance(last, Article)
    assert (first.id, first.published, first.outlet, first.title, first.url, first.language) == (
        "a1", date(2021, 3, 10), "Wire", "T", "http://x", "en")
    assert first.origin == f"{f}:1"
    # JSONL fields are never overridden; a missing outlet is not filled from the option either
    assert (last.id, last.published, last.outlet) == ("7", date(2021, 3, 9), None)
    failures = [x for x in out if isinstance(x, InputFailure)]
    assert [x.where for x in failures] == [f"{f}:{n}" for n in (2, 3, 4, 5, 6)]
    assert "JSON" in failures[0].reason
    assert "object" in failures[1].reason
    assert "'text'" in failures[2].reason and "'text'" in failures[3].reason
    assert "published" in failures[4].reason
    assert all(isinstance(x.to_error(), RecordError) for x in failures)


def test_jsonl_id_defaults_to_text_hash(tmp_path: Path) -> None:
    f = write(tmp_path / "x.jsonl", json.dumps({"text": "Hello."}) + "\n")
    (a,) = items([str(f)])
    assert isinstance(a, Article) and a.id == text_id("Hello.")


def test_jsonl_empty_text_is_valid(tmp_path: Path) -> None:
    f = write(tmp_path / "x.jsonl", json.dumps({"id": "e", "text": ""}) + "\n")
    (a,) = items([str(f)])
    assert isinstance(a, Article) and a.text == ""


def test_jsonl_line_separator_inside_a_string(tmp_path: Path) -> None:
    f = write(tmp_path / "x.jsonl", '{"text": "one\u2028two"}\n')
    (a,) = items([str(f)])
    assert isinstance(a, Article) and a.text == "one\u2028two"


# ---------------------------------------------------------------- HTML

def test_html_page(tmp_path: Path) -> None:
    f = write(tmp_path / "page.html", PAGE)
    (a,) = items([str(f)], published=date(2000, 1, 1), outlet="Fallback")
    assert isinstance(a, Article)
    assert a.title == "Shelling hits river town"
    assert a.published == date(2021, 3, 10)  # the page's own date wins
    assert a.outlet == "Example Courier"
    assert "One man was killed" in a.text and "\n\n" in a.text
    assert "tracking" not in a.text and "Copyright" not in a.text
    assert not a.text.startswith("Shelling hits river town")


def test_html_defaults_fill_missing_metadata(tmp_path: Path) -> None:
    body = "Troops crossed the river at dawn and took the village. " * 5
    page = f"<html><body><p>{body}</p></body></html>"
    f = write(tmp_path / "bare.htm", page)
    (a,) = items([str(f)], published=date(2021, 3, 10), outlet="Desk")
    assert isinstance(a, Article)
    assert (a.published, a.outlet) == (date(2021, 3, 10), "Desk")
    assert "took the village" in a.text


def test_html_tag_strip_fallback() -> None:
    text = strip_tags("<html><head><style>p{}</style></head><body><div>Alpha <b>beta</b>\ngamma"
                      "</div><p>Delta</p><script>x=1</script></body></html>")
    assert text == "Alpha beta gamma\n\nDelta"


def test_tiny_html_still_yields_text(tmp_path: Path) -> None:
    f = write(tmp_path / "tiny.html", "<html><body><p>Two died.</p></body></html>")
    (a,) = items([str(f)])
    assert isinstance(a, Article) and "Two died." in a.text


# ---------------------------------------------------------------- folders

def test_folder_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "b.txt", "B text.")
    write(root / "a.txt", "A text.")
    write(root / "sub" / "c.jsonl", json.dumps({"id": "c", "text": "C text."}) + "\n")
    write(root / "sub" / "d.html", PAGE)
    write(root / "notes.md", "ignored")
    write(root / ".hidden.txt", "ignored")
    out = items([str(root)])
    assert all(isinstance(x, Article) for x in out)
    assert [x.origin for x in out] == [  # type: ignore[union-attr]
        str(root / "a.txt"), str(root / "b.txt"), f"{root / 'sub' / 'c.jsonl'}:1",
        str(root / "sub" / "d.html")]


def test_folder_with_nothing_readable(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    write(root / "readme.md", "nothing for us")
    (x,) = items([str(root)])
    assert isinstance(x, InputFailure) and "no .txt" in x.reason


def test_folder_keeps_going_after_a_bad_file(tmp_path: Path) -> None:
    root = tmp_path / "mixed"
    (root).mkdir()
    (root / "a.txt").write_bytes(b"\x00\x01\x02binary")
    write(root / "b.txt", "Fine.")
    out = items([str(root)])
    assert isinstance(out[0], InputFailure) and isinstance(out[1], Article)


def test_unknown_suffix_is_sniffed(tmp_path: Path) -> None:
    t = write(tmp_path / "plain.dat", "Shells fell.")
    h = write(tmp_path / "page.dat", PAGE)
    a, b = items([str(t), str(h)])
    assert isinstance(a, Article) and a.text == "Shells fell."
    assert isinstance(b, Article) and b.title == "Shelling hits river town"


def test_input_order_is_kept(tmp_path: Path) -> None:
    z = write(tmp_path / "z.txt", "Z.")
    a = write(tmp_path / "a.txt", "A.")
    out = items([str(z), str(a)])
    assert [x.text for x in out] == ["Z.", "A."]  # type: ignore[union-attr]


# ---------------------------------------------------------------- stdin

def test_stdin_plain_text() -> None:
    (a,) = items(["-"], stdin=io.StringIO("A line.\n{\"text\": \"not jsonl\"}\n"), outlet="Desk")
    assert isinstance(a, Article) and a.origin == "<stdin>" and a.outlet == "Desk"
    assert a.text.startswith("A line.")


def test_stdin_jsonl_with_a_bad_line() -> None:
    data = json.dumps({"id": "s1", "text": "One."}) + "\n[1]\n" + json.dumps({"text": "Two."}) + "\n"
    out = items(["-"], stdin=io.StringIO(data))
    assert [type(x).__name__ for x in out] == ["Article", "InputFailure", "Article"]
    assert out[1].where == "<stdin>:2"  # type: ignore[union-attr]


def test_stdin_bytes_latin1() -> None:
    stream = io.TextIOWrapper(io.BytesIO("Caf\u00e9 hit.".encode("latin-1")), encoding="utf-8")
    warning, article = items(["-"], stdin=stream)
    assert isinstance(warning, ReadWarning) and isinstance(article, Article)
    assert article.text == "Caf\u00e9 hit."


# ---------------------------------------------------------------- parse_published, failures

@pytest.mark.parametrize("value, expected", [
    ("2021-03-10", date(2021, 3, 10)),
    ("2021-03-10T23:59:00Z", date(2021, 3, 10)),
    ("2021-03-10 08:00+04:00", date(2021, 3, 10)),
    (date(2021, 3, 10), date(2021, 3, 10)),
    (datetime(2021, 3, 10, 5), date(2021, 3, 10)),
    (None, None),
    ("", None),
])
def test_parse_published(value: object, expected: date | None) -> None:
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["yesterday", "2021-13-01", "10/03/2021", 20210310, ["2021-03-10"]])
def test_parse_published_rejects(value: object) -> None:
    with pytest.raises(InputError) as info:
        parse_published(value, "f.jsonl:3")
    assert info.value.where == "f.jsonl:3"


def test_input_failure_to_error() -> None:
    failure = InputFailure("a.jsonl:2", "not valid JSON")
    err = failure.to_error()
    assert isinstance(err, InputError) and not isinstance(err, RecordError) and err.where == "a.jsonl:2"
    assert str(err) == "a.jsonl:2: not valid JSON"
    with pytest.raises(AttributeError):
        failure.where = "b"  # type: ignore[misc]
