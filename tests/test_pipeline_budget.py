"""The time budget is enforced inside stages (issue 19): a stage that runs long is stopped
about ``article_time_budget_s`` after the article started, even when it catches Exception,
and a budget that runs out as the article finishes never leaks into the caller."""

from __future__ import annotations

import time
from datetime import date

import pytest

from contested.config import Options
from contested.errors import InputError
from contested.pipeline import Resources, extract_article
from contested.pipeline.runner import Component, Document, OverBudget, Pipeline
from contested.records import Article


def _spin(doc: Document, res: object, opts: Options) -> None:
    while True:  # a pathological stage, swallowing every ordinary error
        try:
            sum(range(1000))
        except Exception:  # noqa: BLE001, S110 - the point of the test
            pass


def _quick(doc: Document, res: object, opts: Options) -> None:
    doc.events = []


def test_a_stage_that_never_ends_is_stopped_inside() -> None:
    pipe = Pipeline((Component("spin", ("text",), (), _spin), Component("done", ("text",), ("events",), _quick)))
    started = time.monotonic()
    with pytest.raises(OverBudget) as info:
        pipe.run(Document(Article(text="x")), None, Options(article_time_budget_s=0.3))  # type: ignore[arg-type]
    took = time.monotonic() - started
    assert info.value.stage == "spin" and info.value.inside and "in stage 'spin'" in info.value.where
    assert took < 1.5, f"stopped after {took:.2f} s for a budget of 0.3 s"


def test_a_budget_running_out_at_the_end_never_escapes() -> None:
    pipe = Pipeline((Component("done", ("text",), ("events",), _quick),))
    for budget in (1e-6, 1e-5, 1e-4, 1e-3) * 50:
        try:
            pipe.run(Document(Article(text="x")), None, Options(article_time_budget_s=budget))  # type: ignore[arg-type]
        except OverBudget:
            pass
        time.sleep(0.0005)  # a late raise would land here, outside the runner
    time.sleep(0.05)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # a raise swallowed is raised again
def test_a_long_single_line_article_is_cut_at_the_budget() -> None:
    text = " ".join(["Shelling hit Goma on Monday, killing 5 civilians, officials in Kinshasa said."] * 3000)
    opts = Options(article_time_budget_s=2.0)
    res = Resources.load(opts)
    started = time.monotonic()
    result = extract_article(Article(text=text, id="long", published=date(2024, 3, 6)), res, opts)
    took = time.monotonic() - started
    assert took < 8.0, f"{len(text):,} characters took {took:.1f} s for a budget of 2 s"
    if result.warnings:
        assert "over the time budget of 2 s" in result.warnings[0] and result.events == ()


def test_a_publication_date_out_of_range_is_refused_before_any_stage() -> None:
    pipe = Pipeline((Component("spin", ("text",), (), _spin),))
    with pytest.raises(InputError) as info:
        pipe.run(Document(Article(text="x", id="a1", published=date(1, 1, 1))), None, Options())  # type: ignore[arg-type]
    assert "out of range" in str(info.value)
