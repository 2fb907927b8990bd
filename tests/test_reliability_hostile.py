"""Hostile input never takes down a batch (issue 19).

Generated inputs, as an attacker would write them: publication dates at every limit of the
calendar and of contested's range, JSON nested thousands of levels deep, every field of the
JSON Lines contract with every wrong type, lines over the size limit, numbers of thousands of
digits, lone surrogates, control characters, BOMs and byte soup in other encodings, on files,
stdin, the Python API, the CLI and the web API. The properties:

- reading yields only Articles, InputFailures naming the input and line, and ReadWarnings;
  every good line of a file still becomes its Article, in order;
- extraction raises nothing but contested's own errors; through ``extract_each`` and the
  CLI a batch always finishes, one output line per article read;
- a bad publication date is an ``InputError`` (a 422 from the web API), never an overflow.

Each test runs a few examples (the suite takes seconds). ``CONTESTED_HUNT=N`` multiplies
them by 40 N for an on-demand hunt (``CONTESTED_HUNT=1 pytest -s tests/test_reliability_hostile.py``
generates about 12,000 hostile inputs and prints the count).
"""

from __future__ import annotations

import codecs
import io
import json
import os
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contested import cli
from contested.api import extract, extract_each
from contested.config import Options, published_bounds
from contested.errors import InputError
from contested.pipeline import Resources, extract_article
from contested.pipeline.recognize.dates import find_dates, resolve_weekday
from contested.readers import (
    MAX_JSON_DEPTH,
    InputFailure,
    ReadWarning,
    json_depth_over,
    parse_published,
    read_inputs,
)
from contested.records import Article

HUNT = max(0, int(os.environ.get("CONTESTED_HUNT", "0") or 0))
COUNT: Counter = Counter()  # hostile inputs tried, by kind (printed at the end of the module)
LIMIT = 4096  # max_bytes in these tests: small, so that "over the limit" is cheap to reach
TODAY = date.today()
LOW, HIGH = published_bounds()


def hunt(n: int):
    return settings(max_examples=n * (40 * HUNT if HUNT else 1), deadline=None, derandomize=not HUNT,
                    database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module", autouse=True)
def report_count():
    yield
    print(f"\nhostile inputs tried: {sum(COUNT.values()):,} ({dict(COUNT)})")


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load(Options())


# ------------------------------------------------------------------ strategies

LIMIT_DATES = [date.min, date.max, date(1, 1, 2), date(9999, 12, 30), date(1899, 12, 31), LOW, HIGH,
               HIGH + timedelta(days=1), TODAY, date(2000, 2, 29), date(1970, 1, 1)]
LIMIT_STRINGS = [
    "0001-01-01", "9999-12-31", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00",
    "9999-12-31T23:59:59.999999Z", "0000-00-00", "2021-02-30", "2021-13-01", "+002021-01-01",
    "2021-W01-1", "2021-001", "1899-12-31", "1900-01-01", HIGH.isoformat(), (HIGH + timedelta(days=1)).isoformat(),
    "99999-01-01", "-2021-01-01", "2021-01-01T25:00:00", "2021-01-01T00:00:00+24:00", "20210101",
    "2021-01-01\x00", " 2021-01-01 ", "２０２１-０１-０１", "2021-01-01T00:00:00+14:00[Asia/Kyiv]", "NaN",
    "1" * 50, "2021-01-01" * 10, "",
]
controls = st.characters(min_codepoint=0, max_codepoint=0x9F)
any_char = st.characters(codec=None, exclude_categories=())  # surrogates included
hostile_text = st.one_of(
    st.text(any_char, max_size=200),
    st.text(controls, max_size=200),
    st.text(st.sampled_from(list("Rebels shelled Goma on Monday, killing 5.\n\u202e\u200f\ufeff\x00\r\t")),
            max_size=400),
    st.sampled_from(["", " ", "\n\n", "\ufeff", "\ud800", "a\udfffb", "\x00" * 10]),
)
published_value = st.one_of(
    st.sampled_from(LIMIT_STRINGS),
    st.sampled_from(LIMIT_DATES).map(date.isoformat),
    st.dates().map(date.isoformat),
    st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=14)),
                                            timezone(timedelta(hours=-14))])).map(datetime.isoformat),
    st.text(any_char, max_size=60),
    st.integers(), st.floats(), st.booleans(), st.none(),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
json_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                        st.text(any_char, max_size=50))
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                                st.dictionaries(st.text(max_size=5), inner,
                                                                                max_size=3)), max_leaves=8)
FIELDS = ("id", "text", "published", "outlet", "title", "url", "language")


@st.composite
def record(draw) -> dict:
    """A JSON Lines record: each field of the contract absent, right or of a wrong type."""
    rec: dict = {}
    for name in FIELDS:
        choice = draw(st.sampled_from(["absent", "good", "good", "wrong"]))
        if choice == "absent":
            continue
        if choice == "wrong":
            rec[name] = draw(published_value if name == "published" else json_value)
        elif name == "text":
            rec[name] = draw(hostile_text)
        elif name == "published":
            rec[name] = draw(published_value)
        elif name == "id":
            rec[name] = draw(st.one_of(st.text(any_char, max_size=30), st.integers()))
        else:
            rec[name] = draw(st.text(any_char, max_size=30))
    if draw(st.booleans()):
        rec[draw(st.text(max_size=8))] = draw(json_value)  # unknown fields are ignored
    return rec


def nested(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "]" * depth
    if kind == "object":
        return '{"a":' * depth + "1" + "}" * depth
    if kind == "in-text":
        return json.dumps({"text": "[" * depth + "]" * depth})  # brackets inside a string are text
    return '{"text": "x", "extra": ' + "[" * depth + "]" * depth + "}"


def _dumps(rec: dict) -> str:
    return json.dumps(rec, ensure_ascii=True, allow_nan=True)


@st.composite
def line(draw) -> tuple[str, bytes]:
    """(kind, the bytes of one line without its newline)."""
    kind = draw(st.sampled_from(["record", "record", "record", "nested", "long", "digits", "bytes",
                                 "latin1", "not-json", "scalar", "escape"]))
    if kind == "record":
        return kind, _dumps(draw(record())).encode()
    if kind == "nested":
        depth = draw(st.one_of(st.integers(0, MAX_JSON_DEPTH + 2), st.integers(MAX_JSON_DEPTH, 5000)))
        return kind, nested(depth, draw(st.sampled_from(["list", "object", "in-text", "field"]))).encode()
    if kind == "long":
        n = draw(st.integers(LIMIT - 20, LIMIT + 50))
        return kind, _dumps({"text": "x" * n}).encode()
    if kind == "digits":
        return kind, ('{"text": "t", "id": ' + "9" * draw(st.integers(4000, 6000)) + "}").encode()
    if kind == "bytes":
        return kind, draw(st.binary(max_size=200)).replace(b"\n", b" ")
    if kind == "latin1":
        return kind, _dumps({"text": "x"})[:-1].encode() + b', "title": "caf\xe9 \x81\x8d"}'
    if kind == "not-json":
        return kind, draw(st.sampled_from([b"{", b"}", b'{"text": "open', b"NaN", b"[1,2", b'{"text": 1e999999}',
                                           b'{"text": "\\ud800"}', b'{"text": "a\\u0000b"}', b"\xef\xbb\xbf{}"]))
    if kind == "scalar":
        return kind, _dumps(draw(json_value)).encode()
    return kind, ('{"text": "' + draw(st.sampled_from(["\\ud800", "\\udc00\\ud800", "\\u0000", "\\u202e", "\\\\"]))
                  + '", "id": "\\udfff"}').encode()


GOOD = {"id": "good-{}", "text": "Rebels shelled Goma on Monday, killing 5 civilians, officials said.",
        "published": "2024-03-06", "outlet": "Wire"}


def write_file(path: Path, lines: list[bytes], encoding: str, goods: list[int]) -> None:
    """The lines with a good record before each, as bytes in ``encoding``."""
    out: list[bytes] = []
    for i, raw in enumerate(lines):
        good = _dumps({**GOOD, "id": f"good-{i}"}).encode()
        goods.append(len(out) + 1)
        out += [good, raw]
    body = b"\n".join(out) + b"\n"
    if encoding == "utf-8-bom":
        body = codecs.BOM_UTF8 + body
    elif encoding == "crlf":
        body = body.replace(b"\n", b"\r\n")
    path.write_bytes(body)


# ------------------------------------------------------------------ reading

@hunt(40)
@given(lines=st.lists(line(), min_size=1, max_size=12),
       encoding=st.sampled_from(["utf-8", "utf-8-bom", "crlf"]))
def test_hostile_jsonl_lines_never_stop_reading(tmp_path_factory, lines, encoding) -> None:
    path = tmp_path_factory.mktemp("hostile") / "h.jsonl"
    goods: list[int] = []
    write_file(path, [raw for _, raw in lines], encoding, goods)
    COUNT["jsonl line"] += len(lines)
    items = list(read_inputs([str(path)], max_bytes=LIMIT))
    assert all(isinstance(x, (Article, InputFailure, ReadWarning)) for x in items)
    numbered = {}
    for x in items:
        if isinstance(x, Article):
            numbered[int(x.origin.rsplit(":", 1)[1])] = x
        elif isinstance(x, InputFailure):
            assert x.where.startswith(f"{path}:") and x.reason, x
            numbered[int(x.where.rsplit(":", 1)[1])] = x
    for n in goods:  # every good line is read, whatever its neighbours were
        assert isinstance(numbered.get(n), Article), (n, numbered.get(n))
    for (kind, raw), n in zip(lines, goods, strict=True):
        got = numbered.get(n + 1)
        if kind == "long" and len(raw) > LIMIT:
            assert isinstance(got, InputFailure) and "over" in got.reason
        if kind == "nested" and json_depth_over(raw.decode()):
            assert isinstance(got, InputFailure) and ("nested" in got.reason or "over" in got.reason)
        if isinstance(got, Article):  # what was read is text that can be written back as UTF-8
            for value in (got.text, got.id, got.title or "", got.outlet or ""):
                value.encode("utf-8")
            assert got.published is None or LOW <= got.published <= HIGH


@hunt(25)
@given(data=st.one_of(st.binary(max_size=600), st.lists(line(), max_size=6).map(
    lambda ls: b"\n".join(raw for _, raw in ls))), wrap=st.booleans())
def test_hostile_stdin(data, wrap) -> None:
    COUNT["stdin"] += 1
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8") if wrap else io.StringIO(
        data.decode("utf-8", errors="replace"))
    items = list(read_inputs(["-"], stdin=stream, max_bytes=LIMIT))
    assert all(isinstance(x, (Article, InputFailure, ReadWarning)) for x in items)
    assert all(x.where.startswith("<stdin>") for x in items if isinstance(x, InputFailure))


@hunt(15)
@given(body=st.binary(max_size=300), size=st.integers(0, 3 * LIMIT), suffix=st.sampled_from(
    [".txt", ".html", ".jsonl", ".dat"]), prefix=st.sampled_from([b"", codecs.BOM_UTF16_LE, codecs.BOM_UTF8,
                                                                   b"<html><body>"]))
def test_hostile_files(tmp_path_factory, body, size, suffix, prefix) -> None:
    COUNT["file"] += 1
    folder = tmp_path_factory.mktemp("files")
    (folder / f"a{suffix}").write_bytes(prefix + body + b"x" * size)
    (folder / "z.txt").write_text("Shelling hit Goma on Monday.", encoding="utf-8")
    items = list(read_inputs([str(folder)], max_bytes=LIMIT))
    assert all(isinstance(x, (Article, InputFailure, ReadWarning)) for x in items)
    last = items[-1]
    assert isinstance(last, Article) and last.text == "Shelling hit Goma on Monday."  # the batch went on


def test_nesting_is_rejected_before_the_decoder_can_recurse(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonl"
    lines = [nested(100_000, "list"), nested(1000, "object"), nested(MAX_JSON_DEPTH - 1, "field"),
             nested(10_000, "in-text"), json.dumps(GOOD)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = list(read_inputs([str(path)]))
    assert [type(x).__name__ for x in out] == ["InputFailure", "InputFailure", "Article", "Article", "Article"]
    assert out[0].where == f"{path}:1" and f"more than {MAX_JSON_DEPTH} levels" in out[0].reason


# ------------------------------------------------------------------ dates at every limit

@hunt(60)
@given(value=published_value)
def test_parse_published_is_a_date_in_range_or_an_input_error(value) -> None:
    COUNT["published"] += 1
    try:
        got = parse_published(value, "x.jsonl:1")
    except InputError as exc:
        assert exc.where == "x.jsonl:1" and "published" in exc.reason
    else:
        assert got is None or LOW <= got <= HIGH


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "9999-12-31T23:59:59+14:00", "1899-12-31",
                                   date.min, date.max, datetime.max])
def test_limit_dates_are_rejected_with_a_clear_message(value) -> None:
    with pytest.raises(InputError) as info:
        parse_published(value, "f.jsonl:4")
    assert info.value.where == "f.jsonl:4"
    assert "out of range" in info.value.reason and "1900-01-01" in info.value.reason


@pytest.mark.parametrize("published", [date.min, date.max, date(9999, 12, 31), datetime.max])
def test_pipeline_refuses_a_date_out_of_range(published, resources) -> None:
    art = Article(text="Rebels shelled Goma on Monday and last Friday.", id="d", published=published)
    with pytest.raises(InputError):
        extract_article(art, resources)
    with pytest.raises(InputError):
        extract(art.text, published=published)


@hunt(30)
@given(published=st.sampled_from(LIMIT_DATES) | st.dates(),
       name=st.sampled_from(["Monday", "sun", "friday", "Xday"]),
       relation=st.sampled_from(["on_or_before", "before", "after"]))
def test_date_arithmetic_at_the_calendar_ends_gives_no_date_not_an_error(published, name, relation) -> None:
    COUNT["weekday"] += 1
    got = resolve_weekday(name, published, relation=relation)
    assert got is None or isinstance(got, date)
    text = "On Monday, last Friday, yesterday, 3 months ago, in June, last week, next Sunday, March 5 and 6."
    for mention in find_dates(text, published):
        assert mention.date is None or isinstance(mention.date, date)


# ------------------------------------------------------------------ extraction and the CLI

@hunt(20)
@given(records=st.lists(record(), min_size=1, max_size=6))
def test_extract_each_finishes_every_batch(records, resources) -> None:
    COUNT["extracted record"] += len(records)
    arts = []
    for i, rec in enumerate(records):
        raw = _dumps(rec)
        items = list(read_inputs(["-"], stdin=io.StringIO(json.dumps({"text": "seed"}) + "\n" + raw),
                                 max_bytes=LIMIT))
        arts += [x for x in items[1:] if isinstance(x, Article)]
        assert len(items) >= 2, (i, items)
    results = list(extract_each(arts))
    assert len(results) == len(arts)
    for art, res in results:
        assert not isinstance(res, str) or "extraction failed" not in res, res  # a crash, not an input error
        if not isinstance(res, str):
            assert res.id == art.id
            json.dumps(res.to_dict(with_dropped=True), ensure_ascii=False).encode("utf-8")


@hunt(3)
@given(lines=st.lists(line(), min_size=1, max_size=8))
def test_cli_extract_never_stops_a_batch(tmp_path_factory, capsys, lines) -> None:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "in.jsonl"
    goods: list[int] = []
    write_file(path, [raw for _, raw in lines], "utf-8", goods)
    COUNT["cli line"] += len(lines)
    config = folder / "c.toml"
    config.write_text(f"max_input_bytes = {LIMIT}\n", encoding="utf-8")
    out = folder / "out.jsonl"
    code = cli.main(["--config", str(config), "extract", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "Traceback" not in err and "extraction failed" not in err
    written = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in written if r["id"].startswith("good-")] == [f"good-{i}" for i in range(len(lines))]


def test_cli_published_option_out_of_range_is_a_clean_error(tmp_path: Path, capsys) -> None:
    f = tmp_path / "a.txt"
    f.write_text("Shelling hit Goma on Monday.", encoding="utf-8")
    assert cli.main(["extract", str(f), "--published", "0001-01-01"]) == 2
    err = capsys.readouterr().err
    assert "--published" in err and "out of range" in err and "Traceback" not in err


# ------------------------------------------------------------------ the web API

@pytest.fixture(scope="module")
def web(tmp_path_factory):
    pytest.importorskip("fastapi")
    from contested.web import create_app
    from test_web_fixtures import starlette_test_client

    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'w.db'}"
    with starlette_test_client()(create_app(url, allow_ingest=True, token="t")) as client:
        yield client


def test_web_ingest_with_a_date_at_the_calendar_start_is_422(web) -> None:
    r = web.post("/api/articles", json={"text": "Shelling hit Goma on Monday.", "published": "0001-01-01"},
                 headers={"Authorization": "Bearer t"})
    assert r.status_code == 422, r.text
    msg = json.dumps(r.json())
    assert "out of range" in msg and "published" in msg


@hunt(10)
@given(published=st.sampled_from(LIMIT_STRINGS) | st.text(any_char, max_size=40))
def test_web_ingest_hostile_dates_never_500(web, published) -> None:
    COUNT["web"] += 1
    body = json.dumps({"text": "Shelling hit Goma on Monday.", "published": published}, ensure_ascii=True)
    r = web.post("/api/articles", content=body.encode(), headers={"Authorization": "Bearer t",
                                                                  "content-type": "application/json"})
    assert r.status_code in (200, 422), (published, r.status_code, r.text[:300])
