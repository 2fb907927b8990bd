"""The extraction pipeline: article in, events with claims out.

Stages, each a module of its own, each a function of its inputs and the shared resources:

1. ``segment``      text -> paragraphs, sentences, clauses, quotations (offsets kept)
2. ``recognize``    text -> mentions: places (gazetteer), actors and sources (registry),
                    dates, counts and tolls, weapons, event triggers and cues (lexicons)
3. ``events``       mentions + statements -> event drafts (detect, type, link)
4. ``attribution``  sentences + actors -> statements (source, stance, hedge)
5. ``assemble``     drafts -> Event records with claims and spans

Attribution runs before event detection because detection uses its statements.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from ..config import Options
from ..records import Article, Extraction
from .assemble import assemble
from .attribution import attribute
from .events import detect
from .language import unsupported_language
from .recognize.mentions import Mentions, Resources, recognize
from .segment import segment
from .syntax import parse
from .incidents import filter_mentions

__all__ = ["Resources", "extract_article", "Mentions", "Stage", "STAGES"]


@dataclass(frozen=True)
class Stage:
    """A pipeline stage and what it needs and adds (checked by tests: each need is met)."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


STAGES = (
    Stage("segment", ("text",), ("segmentation",)),
    Stage("recognize", ("text", "segmentation", "published"), ("mentions",)),
    Stage("attribution", ("text", "segmentation", "mentions"), ("statements",)),
    Stage("events", ("text", "segmentation", "mentions", "statements", "published"), ("drafts",)),
    Stage("assemble", ("drafts", "published", "outlet"), ("events",)),
)


def extract_article(article: Article, resources: Resources | None = None,
                    options: Options | None = None) -> Extraction:
    """Run every stage over one article."""
    opts = options or Options()
    res = resources or Resources.load(opts)
    text = article.text
    where = article.origin or article.id
    if not text.strip():
        return Extraction(id=article.id, published=article.published)
    if len(text) > opts.max_article_chars:
        return Extraction(id=article.id, published=article.published, warnings=(
            f"{where}: article has {len(text):,} characters, over the limit of {opts.max_article_chars:,} "
            "(max_article_chars); not extracted",))
    if (language := unsupported_language(text, article.language)) is not None:
        return Extraction(id=article.id, published=article.published, warnings=(
            f"{where}: language looks like {language}; only English is supported; not extracted",))
    started = time.monotonic()

    def over_budget(stage: str) -> Extraction | None:
        if time.monotonic() - started <= opts.article_time_budget_s:
            return None
        return Extraction(id=article.id, published=article.published, warnings=(
            f"{where}: extraction stopped after stage {stage!r}: over the time budget of "
            f"{opts.article_time_budget_s:g} s (article_time_budget_s)",))

    seg = segment(text)
    mentions = recognize(text, seg, article.published, res)
    if (late := over_budget("recognize")) is not None:
        return late
    parses = parse(text, seg, mentions, opts.syntax_model)
    judged = filter_mentions(text, seg, mentions, parses, res.factuality)
    mentions = replace(judged.mentions, dropped=mentions.dropped + judged.dropped)
    statements = attribute(text, seg, mentions.actors)
    det = detect(text, seg, mentions, statements, article.published, opts.max_event_age_days)
    if (late := over_budget("events")) is not None:
        return late
    events, dropped = assemble(det, published=article.published, outlet=article.outlet, registry=res.registry,
                               text=text,
                               max_age_days=opts.max_event_age_days)
    return Extraction(id=article.id, published=article.published, events=tuple(events),
                      dropped=tuple(det.dropped) + tuple(dropped) + mentions.dropped)
