"""Property-based tests of the whole pipeline (issue 8): whatever text comes in, extraction
raises nothing but contested's own errors, every span lies within the article text, the
output is valid JSON that reads back to itself, and two runs give the same result.

The inputs are generated: arbitrary Unicode, control characters, very long single lines,
deeply nested or broken HTML (through the HTML reader), right-to-left and mixed scripts,
and random mixes of conflict-news words and punctuation so that the event paths are reached.

Each test runs a bounded number of examples; ``CONTESTED_FUZZ_SCALE`` multiplies them for a
longer hunt (``CONTESTED_FUZZ_SCALE=20 pytest tests/test_reliability_pipeline.py``).
"""

from __future__ import annotations

import json
import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contested.errors import ContestedError, InputError
from contested.pipeline import extract_article
from contested.readers import InputFailure, decode_bytes, html_article, jsonl_records, strip_tags, text_article
from contested.records import (
    ACTOR_KINDS,
    DATE_PRECISIONS,
    PRECISIONS,
    SOURCE_KINDS,
    STANCES,
    SUB_TO_TYPE,
    Article,
    Extraction,
)

SCALE = max(1, int(os.environ.get("CONTESTED_FUZZ_SCALE", "1")))
PUBLISHED = date(2024, 3, 6)
# every event found by the word-soup tests is counted here, to show the event paths ran
REACHED: dict[str, int] = {"articles": 0, "events": 0, "claims": 0, "denials": 0}


def fuzz(n: int):
    return settings(max_examples=n * SCALE, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# ------------------------------------------------------------------ the properties

def _check_span(span, n: int, what: str) -> None:
    if span is None:
        return
    assert isinstance(span, tuple) and len(span) == 2, f"{what}: span {span!r} is not a pair"
    start, end = span
    assert isinstance(start, int) and isinstance(end, int), f"{what}: span {span!r} is not integers"
    assert 0 <= start <= end <= n, f"{what}: span {span!r} outside the text (length {n})"


def _check_actor(actor, text: str, what: str, kinds: tuple[str, ...]) -> None:
    if actor is None:
        return
    assert isinstance(actor.name, str) and actor.name.strip(), f"{what}: empty name"
    assert actor.kind is None or actor.kind in kinds, f"{what}: unknown kind {actor.kind!r}"
    _check_span(actor.span, len(text), f"{what}.span")


def check_extraction(result: Extraction, article: Article) -> None:
    """Every property that must hold of any extraction of ``article``."""
    text = article.text
    n = len(text)
    assert isinstance(result, Extraction)
    assert result.id == article.id
    assert result.published == article.published
    for w in result.warnings:
        assert isinstance(w, str) and w
    for i, ev in enumerate(result.events):
        where = f"event {i} ({ev.sub_event_type})"
        assert SUB_TO_TYPE.get(ev.sub_event_type) == ev.event_type, f"{where}: type not in the taxonomy"
        assert ev.date_precision is None or ev.date_precision in DATE_PRECISIONS, where
        assert (ev.date is None) == (ev.date_precision is None), f"{where}: date and precision disagree"
        for field in ("fatalities", "injured"):
            value = getattr(ev, field)
            assert value is None or (isinstance(value, int) and value >= 0), f"{where}: {field}={value!r}"
        if ev.location is not None:
            loc = ev.location
            assert loc.precision in PRECISIONS, f"{where}: location precision {loc.precision!r}"
            assert loc.lat is None or -90 <= loc.lat <= 90, f"{where}: lat {loc.lat}"
            assert loc.lon is None or -180 <= loc.lon <= 180, f"{where}: lon {loc.lon}"
            _check_span(loc.span, n, f"{where}: location.span")
        _check_actor(ev.actor1, text, f"{where}: actor1", ACTOR_KINDS)
        _check_actor(ev.actor2, text, f"{where}: actor2", ACTOR_KINDS)
        assert all(isinstance(w, str) and w for w in ev.weapons), f"{where}: weapons {ev.weapons!r}"
        for j, claim in enumerate(ev.claims):
            assert claim.stance in STANCES, f"{where}: claim {j} stance {claim.stance!r}"
            assert isinstance(claim.hedged, bool)
            _check_span(claim.span, n, f"{where}: claim {j}.span")
            _check_actor(claim.source, text, f"{where}: claim {j}.source", SOURCE_KINDS)
        for span in ev.evidence:
            _check_span(span, n, f"{where}: evidence")
        for key, span in ev.spans.items():
            assert isinstance(key, str)
            _check_span(span, n, f"{where}: spans[{key!r}]")
    for d in result.dropped:
        _check_span(d.span, n, f"dropped {d.stage}/{d.what!r}")

    # to_dict() is JSON and reads back to the same thing
    full = result.to_dict(with_dropped=True)
    assert json.loads(json.dumps(full, ensure_ascii=False)) == full
    plain = result.to_dict()
    assert json.loads(json.dumps(plain)) == plain  # ASCII-escaped too (lone surrogates included)
    assert Extraction.from_dict(json.loads(json.dumps(plain))).to_dict() == plain


def run_checked(article: Article, resources) -> Extraction:
    """Extract twice: only ContestedError may escape; the properties hold; runs agree."""
    try:
        first = extract_article(article, resources)
    except ContestedError:
        return Extraction(id=article.id, published=article.published)
    check_extraction(first, article)
    second = extract_article(article, resources)
    assert second.to_dict(with_dropped=True) == first.to_dict(with_dropped=True), "extraction is not deterministic"
    return first


def _article(text: str, published: date | None = PUBLISHED) -> Article:
    return Article(text=text, published=published, outlet="Fuzz Wire", origin="<fuzz>")


# ------------------------------------------------------------------ strategies

CONFLICT_WORDS = """
shelled shelling struck strike strikes airstrike drone drones missile missiles rocket rockets artillery mortar
killed killing wounded injured dead died bodies clashes clashed fighting fought battle ambushed attacked attack
captured seized recaptured retook took control withdrew abducted kidnapped arrested detained looted burned
protest protesters marched rally demonstrators riot police fired tear gas dispersed explosion exploded blast
bomb suicide bomber IED landmine grenade ceasefire agreement signed truce
forces troops soldiers army military rebels militants insurgents gunmen fighters militia jihadists separatists
Armenian Azerbaijani Russian Ukrainian Israeli Syrian Sudanese Malian Hamas Hezbollah Houthis Taliban al-Shabaab
government ministry spokesman officials residents witnesses hospital UN Red Cross Amnesty Reuters
Barda Tartar Stepanakert Goma Kharkiv Kyiv Donetsk Bakhmut Gaza Rafah Khan Younis Aleppo Idlib Mogadishu
Kaya Cali Khartoum El Fasher Sanaa Marib Kabul Kandahar Mosul Tripoli Benghazi Bamako Maiduguri Lagos
village town city district province region near outskirts north south east west of the in on at
said says say told claimed denied denies rejected accused blamed according to reportedly allegedly alleged
reported confirmed stated announced warned threatened vowed could may might would not no never
Monday Tuesday Wednesday Thursday Friday Saturday Sunday yesterday today overnight last week earlier this month
January February March April May June July August September October November December
one two three four five six seven ten dozens hundreds thousands at least more than some several
a an the and or but that which who whose it they he she its their his her we our latter former
""".split()
NUMBERS = ["1", "2", "3", "4", "9", "12", "21", "70", "100", "1,200", "2,000,000", "0", "007", "3.5",
           "2023", "2024", "2024-03-05", "5th", "March 5", "5 March", "1994", "99999999999999999999"]
PUNCT = [",", ".", ".", ";", ":", "—", "-", "–", '"', "“", "”", "'", "’", "(", ")", "?", "!", "...", "\n",
         "\n\n", " (Fuzz Wire) — ", "BAKU, March 6 —", "«", "»", "/", "&", "%", "\t"]
RTL_WORDS = ["قصف", "الجيش", "قتل", "مدنيين", "غزة", "حلب", "قال", "الحوثيون", "הצבא", "תקף", "עזה", "ירי",
             "سپاه", "تہران", "\u200f", "\u200e", "\u202b", "\u202e", "\u202c", "\u2067", "\u2069", "\u061c"]
OTHER_SCRIPTS = ["обстрел", "Харьков", "ВСУ", "погибли", "空袭", "乌克兰", "ミサイル", "폭격", "हमला", "தாக்குதல்",
                 "ⅩⅡ", "ＡＢＣ", "ﬁ", "e\u0301", "ǅ", "İ", "ß", "\U0001f4a5", "\U0001f1fa\U0001f1e6", "\u200d",
                 "\ufeff"]

word = st.sampled_from(CONFLICT_WORDS)
token = st.one_of(word, word, word, word, st.sampled_from(NUMBERS), st.sampled_from(PUNCT))
soup = st.lists(token, min_size=1, max_size=120).map(" ".join)


@st.composite
def news_like(draw) -> str:
    """Sentences of conflict words, some made to look like real reports."""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            subject = draw(st.sampled_from(["Armenian forces", "Russian troops", "Rebels", "Gunmen", "Police",
                                            "Israeli aircraft", "Houthis", "Protesters", "Unidentified drones"]))
            verb = draw(st.sampled_from(["shelled", "struck", "attacked", "killed", "clashed with", "captured",
                                         "marched through", "abducted", "bombed", "denied shelling"]))
            obj = draw(st.sampled_from(["the town of Barda", "Kharkiv", "Goma", "villagers in Kaya", "Rafah",
                                        "an army post near Mosul", "Cali", "the city", "it", "Stepanakert"]))
            when = draw(st.sampled_from(["on Tuesday", "on March 5", "overnight", "last week", "in 1994", ""]))
            toll = draw(st.sampled_from(["", ", killing 4 civilians", ", wounding 12", ", killing at least 21 people "
                                         "and wounding 70 others"]))
            src = draw(st.sampled_from(["", ", the ministry said", ", residents said", ", according to the UN",
                                        ", officials claimed", ", Azerbaijan said", ", a spokesman denied"]))
            parts.append(f"{subject} {verb} {obj} {when}{toll}{src}.")
        else:
            parts.append(draw(soup))
    sep = draw(st.sampled_from([" ", "\n", "\n\n", "  ", "\r\n"]))
    return sep.join(parts)


def count_reached(result: Extraction) -> None:
    REACHED["articles"] += 1
    REACHED["events"] += len(result.events)
    for ev in result.events:
        REACHED["claims"] += len(ev.claims)
        REACHED["denials"] += sum(c.stance == "denies" for c in ev.claims)


# ------------------------------------------------------------------ plain text


@fuzz(400)
@given(st.text(max_size=3000))
def test_arbitrary_unicode(resources, text):
    run_checked(_article(text), resources)


@fuzz(150)
@given(st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Mn"]), max_size=500),
       soup)
def test_control_and_format_characters(resources, controls, words):
    # interleave the controls with conflict words so they land inside sentences and mentions
    mixed = "".join(a + b for a, b in zip(words, controls + " " * len(words), strict=False))
    run_checked(_article(mixed), resources)
    run_checked(_article(controls), resources)


@fuzz(300)
@given(soup, st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))))
def test_conflict_word_soup(resources, text, published):
    count_reached(run_checked(_article(text, published), resources))


@fuzz(300)
@given(news_like(), st.one_of(st.none(), st.just(PUBLISHED), st.dates()))
def test_news_like_sentences(resources, text, published):
    count_reached(run_checked(_article(text, published), resources))


@fuzz(150)
@given(st.lists(st.one_of(word, st.sampled_from(RTL_WORDS), st.sampled_from(OTHER_SCRIPTS), st.sampled_from(PUNCT)),
                min_size=1, max_size=150).map(" ".join))
def test_right_to_left_and_mixed_scripts(resources, text):
    count_reached(run_checked(_article(text), resources))


@fuzz(3)
@given(news_like(), st.integers(20_000, 60_000), st.sampled_from([" ", ", ", "", " and "]))
def test_huge_single_line(resources, sentence, length, joiner):
    # kept at 60,000 characters: time grows faster than linearly with the length of one sentence
    # (attribution and place resolution compare each mention with every other in the sentence)
    one_line = sentence.replace("\r", " ").replace("\n", " ")
    text = joiner.join([one_line] * (length // (len(one_line) + len(joiner)) + 1))[:length]
    result = run_checked(_article(text), resources)
    count_reached(result)


def test_huge_line_without_any_break(resources):
    # no space, no punctuation: one 200,000-character token
    for text in ("a" * 200_000, "Barda" * 40_000, "9" * 200_000, "(" * 100_000 + ")" * 100_000):
        run_checked(_article(text), resources)


def test_over_the_size_limit_is_reported_not_extracted(resources):
    from contested.config import Options

    article = _article("Rebels shelled Goma on Tuesday. " * 40)
    result = extract_article(article, resources, Options(max_article_chars=100))
    assert result.events == () and "max_article_chars" in result.warnings[0]


# ------------------------------------------------------------------ the readers


@st.composite
def nested_html(draw) -> str:
    tags = ["div", "p", "span", "b", "i", "table", "tr", "td", "ul", "li", "section", "article", "blockquote",
            "a", "font", "center", "h1", "script", "style", "svg", "math", "template", "iframe", "noscript"]
    depth = draw(st.integers(0, 400))
    chosen = draw(st.lists(st.sampled_from(tags), min_size=depth, max_size=depth))
    body = draw(news_like())
    close = draw(st.sampled_from(["all", "none", "half", "shuffled"]))
    opening = "".join(f"<{t}>" for t in chosen)
    closing = [f"</{t}>" for t in reversed(chosen)]
    if close == "none":
        closing = []
    elif close == "half":
        closing = closing[: len(closing) // 2]
    elif close == "shuffled":
        closing = draw(st.permutations(closing))
    head = draw(st.sampled_from(["", "<!DOCTYPE html><html><head><title>Fuzz</title></head><body>", "<html><body>",
                                 "<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body>"]))
    return head + opening + body + "".join(closing)


junk_markup = st.lists(st.one_of(
    st.sampled_from(["<", ">", "</", "/>", "<!--", "-->", "<![CDATA[", "]]>", "&", "&amp;", "&#0;", "&#xD800;",
                     "&#1114112;", "&nbsp", "<p", "<div class='x", '"', "<br/>", "<script>", "</script>",
                     "<meta charset=utf-16>", "<title>", "</title>", "<body>", "<html>", "<!DOCTYPE",
                     "<p>Rebels shelled Goma on Tuesday, killing 4.</p>", "\x00", "\x0b", "<\x00p>"]),
    word, st.text(max_size=20)), max_size=80).map("".join)


@fuzz(150)
@given(st.one_of(nested_html(), junk_markup))
def test_html_reader_then_pipeline(resources, markup):
    try:
        article = html_article(markup, "<fuzz>.html", published=PUBLISHED, outlet="Fuzz Wire")
    except ContestedError:
        return
    assert isinstance(article, Article) and isinstance(article.text, str)
    run_checked(article, resources)
    assert isinstance(strip_tags(markup), str)


@fuzz(200)
@given(st.binary(max_size=2000))
def test_decode_bytes_raises_only_input_error(data):
    try:
        decoded = decode_bytes(data, "<fuzz>")
    except InputError:
        return
    assert isinstance(decoded.text, str)


@fuzz(150)
@given(st.lists(st.one_of(
    st.text(max_size=200),
    st.builds(lambda d: json.dumps(d), st.dictionaries(
        st.sampled_from(["id", "text", "published", "outlet", "title", "url", "language", "events"]),
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                  st.lists(st.integers(), max_size=3), st.sampled_from(["2024-03-06", "2024-03-06T09:30:00Z",
                                                                          "06/03/2024", "2024-13-45"])),
        max_size=6)),
), max_size=10))
def test_jsonl_reader_yields_articles_or_failures(resources, lines):
    for item in jsonl_records(lines, "<fuzz>.jsonl"):
        assert isinstance(item, Article | InputFailure)
        if isinstance(item, Article):
            run_checked(item, resources)


@fuzz(100)
@given(news_like())
def test_text_reader_normalises_and_spans_index_its_text(resources, text):
    article = text_article(text, "<fuzz>.txt", published=PUBLISHED)
    assert "\r" not in article.text
    result = run_checked(article, resources)
    for ev in result.events:
        if ev.location is not None and ev.location.span is not None:
            assert article.text[slice(*ev.location.span)].strip(), "a place span covers no words"


def test_word_soup_reached_the_event_paths():
    """Runs after the generators above (file order): the mixes did produce events and claims."""
    if REACHED["articles"] == 0:  # run on its own
        return
    assert REACHED["events"] > 0 and REACHED["claims"] > 0, REACHED
