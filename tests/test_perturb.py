"""Messy copy: the same story gives the same events however it arrives (issue 14).

The articles and perturbations are in ``perturbations.py``; ``benchmarks/perturb.py`` runs
every one of them and prints the shares."""

from __future__ import annotations

import random
from datetime import date
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contested.pipeline import extract_article
from contested.records import Article
from perturbations import ARTICLES, all_perturbations, events_key

# Text set entirely in capitals is a known limit (README): the recognisers cannot tell names
# from words without case, so it is measured by the benchmark, not asserted here.
PERTURBATIONS = [p for p in all_perturbations() if p[1] != "all-caps"]


def _extract(a: dict, text: str, resources):
    return extract_article(Article(text=text, id=a["id"], published=date.fromisoformat(a["published"]),
                                   outlet=a["outlet"]), resources)


@cache
def _clean(i: int, resources) -> tuple:
    return events_key(_extract(ARTICLES[i], ARTICLES[i]["text"], resources))


def _assert_spans_point_into(text: str, result) -> None:
    for e in result.events:
        for who in (e.location, e.actor1, e.actor2, *(c.source for c in e.claims)):
            if who is not None and who.span is not None:
                assert text[who.span[0]:who.span[1]] == who.mention
        for a, b in (*e.evidence, *e.spans.values(), *(c.span for c in e.claims if c.span)):
            assert 0 <= a < b <= len(text) and text[a:b].strip() == text[a:b]
    for d in result.dropped:
        assert d.code, d
        if d.span is not None:
            assert 0 <= d.span[0] <= d.span[1] <= len(text)


def test_every_clean_article_gives_one_event(resources):
    for i in range(len(ARTICLES)):
        assert len(_clean(i, resources)) == 1, ARTICLES[i]["id"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(i=st.integers(0, len(ARTICLES) - 1), p=st.sampled_from(PERTURBATIONS), seed=st.integers(0, 2**16))
def test_perturbed_articles_give_the_clean_events(resources, i, p, seed):
    kind, name, perturb = p
    text = perturb(ARTICLES[i]["text"], random.Random(seed))
    result = _extract(ARTICLES[i], text, resources)
    assert events_key(result) == _clean(i, resources), (name, text)
    _assert_spans_point_into(text, result)


@pytest.mark.parametrize("kind, name, perturb", PERTURBATIONS[::7], ids=[p[1] for p in PERTURBATIONS[::7]])
def test_each_kind_of_debris_on_the_first_article(resources, kind, name, perturb):
    text = perturb(ARTICLES[0]["text"], random.Random(0))
    result = _extract(ARTICLES[0], text, resources)
    assert events_key(result) == _clean(0, resources)
    _assert_spans_point_into(text, result)


ISSUE_TEXT = ("Azerbaijan's defence ministry said Armenian forces shelled the town of Barda on Wednesday, "
              "killing 21 civilians. <b>x</b> Armenia's defence ministry denied targeting Barda.")


@pytest.mark.parametrize("debris", ["<b>x</b>", "https://t.co/x1", "\U0001F525", "@handle", "* * *", "\u2022",
                                    "x"])
def test_debris_between_an_account_and_its_denial(resources, debris):
    text = ISSUE_TEXT.replace("<b>x</b>", debris)
    result = extract_article(Article(text=text, published=date(2020, 10, 29), outlet="Wire"), resources)
    (event,) = result.events
    assert event.location.name == "Barda" and event.fatalities == 21
    assert sorted(c.stance for c in event.claims) == ["asserts", "denies"]
    _assert_spans_point_into(text, result)


def test_all_caps_copy_keeps_its_spans_in_the_text(resources):
    text = ARTICLES[0]["text"].upper()
    _assert_spans_point_into(text, _extract(ARTICLES[0], text, resources))


def test_no_trigger_is_let_go_without_a_reason(resources):
    text = "Armenia's defence ministry denied that its forces shelled Barda on Wednesday."
    result = extract_article(Article(text=text, published=date(2020, 10, 29)), resources, )
    assert not result.events
    dropped = [d for d in result.dropped if d.span is not None and text[d.span[0]:d.span[1]] == "shelled"]
    assert dropped and all(d.code for d in result.dropped)


def test_boilerplate_lines_are_explained(resources):
    text = "By Jane Roe\n\n" + ARTICLES[0]["text"] + "\n\nAdvertisement"
    result = _extract(ARTICLES[0], text, resources)
    assert events_key(result) == _clean(0, resources)
    codes = {d.code: text[d.span[0]:d.span[1]] for d in result.dropped if d.stage == "normalize"}
    assert codes == {"boilerplate-byline": "By Jane Roe", "boilerplate-advertisement": "Advertisement"}
    assert result.to_dict(with_dropped=True)["dropped"][0]["code"] == "boilerplate-byline"


@pytest.mark.parametrize("stage, reason, code", [
    ("events", "photo caption", "events-photo-caption"),
    ("recognize", "Ii (FI) in a country the article is not about: only an alternate name of Ii",
     "recognize-in-a-country-the-article-is-not-about"),
    ("assemble", "dated 2020-01-02: background", "assemble-dated-background"),
])
def test_a_drop_without_a_code_gets_one_from_its_reason(stage, reason, code):
    from contested.pipeline.runner import coded
    from contested.records import Dropped

    assert coded(Dropped(stage, "x", reason)).code == code
    assert coded(Dropped(stage, "x", reason, code="own")).code == "own"
