"""The normalisation layer: the analysis text and its map back to the user's text."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contested.pipeline.normalize import normalize

LEAD = "Rebels shelled the town of Kidal on Monday, killing four people, officials said."
SECOND = "The army denied losing ground."


def test_clean_text_keeps_the_identity_map():
    text = f"{LEAD} {SECOND}\n\n{SECOND}"
    nm = normalize(text)
    assert nm.identity and nm.text == text and nm.dropped == ()
    assert nm.to_original((7, 14)) == (7, 14)


@pytest.mark.parametrize("noisy, clean", [
    ("Ki\u00addal", "Kidal"),                       # soft hyphen
    ("Ki\u200bdal", "Kidal"),                       # zero-width space
    ("\ufeffKidal", "Kidal"),                       # byte-order mark
    ("\u200eKidal\u200f", "Kidal"),                 # bidi marks
    ("the\u00a0town", "the town"),                  # no-break space
    ("the  town", "the town"),                      # doubled space
    ("the\ttown", "the town"),
    ("Mali&#39;s army", "Mali's army"),             # entity
    ("Mali&rsquo;s army", "Mali's army"),
    ("Mali\u2019s army", "Mali's army"),            # curly apostrophe
    ("the <b>town</b>", "the town"),                # inline tag
    ("[Kidal](https://example.org/Kidal)", "Kidal"),  # markdown link
    ("**Kidal**", "Kidal"),
    ("pro\u2011government", "pro-government"),      # non-breaking hyphen
    ("killed.Officials said", "killed. Officials said"),  # sentences run together
    ("killed. officials said", "killed. Officials said"),  # a lower-case start
])
def test_characters_and_markup(noisy, clean):
    nm = normalize(noisy)
    assert nm.text == clean


def test_spans_map_back_to_the_original_words():
    text = "Rebels shelled Ki\u00addal on\u00a0Monday, <b>killing</b> four &amp; more."
    nm = normalize(text)
    assert nm.text == "Rebels shelled Kidal on Monday, killing four & more."
    for word in ("Kidal", "Monday", "killing", "four", "&"):
        a = nm.text.index(word)
        oa, ob = nm.to_original((a, a + len(word)))
        assert normalize(text[oa:ob]).text.strip("<>/b ") == word
    a = nm.text.index("Kidal")
    assert nm.original_text((a, a + 5)) == "Ki\u00addal"
    a = nm.text.index("killing")
    assert nm.original_text((a, a + 7)) == "killing"  # the tags around it stay outside


def test_crlf_and_hard_wraps_are_reflowed():
    lines = ("Rebels shelled the town of Kidal on Monday,", "killing four people, officials said. The",
             "army denied losing ground near the Nagorno-", "Karabakh line and said it held the town.")
    text = "\r\n".join(lines) + "\r\n\r\n" + SECOND
    nm = normalize(text)
    assert nm.text == ("Rebels shelled the town of Kidal on Monday, killing four people, officials said. The army "
                       "denied losing ground near the Nagorno-Karabakh line and said it held the town.\n\n" + SECOND)


def test_a_short_line_is_a_real_break():
    text = "Kidal shelled\n" + LEAD + "\n" + SECOND
    assert normalize(text).text == text


def test_boilerplate_lines_are_dropped_with_a_code():
    text = ("By Jane Roe\nUpdated 10:32 GMT\n\n" + LEAD + "\n\nAdvertisement\n\n* * *\n\n"
            "\u2014 Local Monitor (@localmonitor) March 14, 2024\n\nPhoto: AFP\n\n" + SECOND +
            "\n\nReporting by Jane Roe; Editing by Sam Poe")
    nm = normalize(text)
    assert nm.text.split() == (LEAD + " " + SECOND).split()
    codes = [d.code for d in nm.dropped]
    assert codes == ["boilerplate-byline", "boilerplate-stamp", "boilerplate-advertisement",
                     "boilerplate-separator", "boilerplate-embed", "boilerplate-credit", "boilerplate-byline"]
    for d in nm.dropped:
        assert d.stage == "normalize" and text[d.span[0]:d.span[1]] == d.what


def test_a_credit_above_its_caption_stays():
    """The events component reads a paragraph led by a credit as a caption."""
    text = "\u00a9 Reuters / Staff\nA burnt car in Kidal.\n\n" + LEAD
    nm = normalize(text)
    assert nm.text.startswith("\u00a9 Reuters / Staff\n") and not nm.dropped


def test_urls_and_emoji_go():
    nm = normalize(f"{LEAD} \U0001F525 https://t.co/Xy12 {SECOND} (https://example.org/a?b=1)")
    assert nm.text == f"{LEAD} {SECOND} ()"


_NOISE = st.sampled_from(["\u00ad", "\u200b", "\u00a0", "  ", "<b>", "</i>", "&amp;", "&nbsp;", "\r\n", "\n",
                          "\U0001F525", "\u2019", "https://t.co/x", "@handle", "\ufeff", "\u200e", "\t"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(LEAD)), _NOISE), max_size=8))
def test_the_map_is_monotone_and_inside_the_text(inserts):
    text = LEAD
    for pos, noise in sorted(inserts, reverse=True):
        text = text[:pos] + noise + text[pos:]
    nm = normalize(text)
    n = len(nm.text)
    last = (0, 0)
    for a in range(n + 1):
        for b in (a, min(n, a + 1), min(n, a + 7), n):
            oa, ob = nm.to_original((a, b))
            assert 0 <= oa <= ob <= len(text)
        cur = nm.to_original((a, n))
        assert cur[0] >= last[0]
        last = cur
    # every word of the analysis text names its original characters
    for m in re.finditer(r"[A-Za-z]+", nm.text):
        oa, ob = nm.to_original(m.span())
        assert m.group(0).lower() in normalize(text[oa:ob]).text.replace(" ", "").lower()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(LEAD)), st.sampled_from(["\u00ad", "\u200b", "\ufeff", "\u200d"])),
                max_size=10))
def test_invisible_characters_change_nothing(inserts):
    text = LEAD
    for pos, noise in sorted(inserts, reverse=True):
        text = text[:pos] + noise + text[pos:]
    assert normalize(text).text == LEAD
