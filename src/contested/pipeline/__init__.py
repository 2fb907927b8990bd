"""The extraction pipeline: article in, events with claims out.

Components, each a module of its own, run in this order by one runner (``runner.py``),
each declaring what it needs and what it adds to the ``Document``:

1. ``segment``      text -> the analysis text (``normalize.py``: spaces, invisible characters,
                    markup, URLs, emoji, boilerplate lines, hard wraps) with its offset map
                    back to the text; then paragraphs, sentences, clauses, quotations
2. ``recognize``    text -> mentions: places (gazetteer), actors and sources (registry),
                    dates, counts and tolls, weapons, event triggers and cues (lexicons)
3. ``syntax``       the sentences with a trigger or a weapon -> spaCy parses
4. ``incidents``    parses -> the triggers that report an act, the places that are places
5. ``attribution``  sentences + actors -> statements (source, stance, hedge)
6. ``events``       mentions + statements -> event drafts (detect, type, link)
7. ``assemble``     drafts -> Event records with claims and spans, every span mapped back
                    to the article's own text

Components after ``segment`` read ``Document.text``, the analysis text; the output's spans
point into ``Article.text``, the text the user gave.

Attribution runs before event detection because detection uses its statements.
"""

from __future__ import annotations

from ..config import Options
from ..records import Article, Extraction
from .assemble import assemble, to_original
from .attribution import SpeakerReader, attribute
from .events import detect
from .incidents import filter_mentions
from .language import unsupported_language
from .normalize import Normalized, normalize
from .recognize.mentions import Mentions, Resources, recognize
from .runner import Component, Document, OverBudget, Pipeline, PipelineError, coded, unused_triggers
from .segment import segment
from .syntax import parse

__all__ = ["Component", "Document", "Mentions", "Normalized", "PIPELINE", "Pipeline", "PipelineError", "Resources",
           "STAGES", "extract_article", "normalize"]


def _segment(doc: Document, res: Resources, opts: Options) -> None:
    doc.normalized = normalize(doc.original)
    doc.segmentation = segment(doc.text)


def _recognize(doc: Document, res: Resources, opts: Options) -> None:
    assert doc.segmentation is not None
    doc.mentions = recognize(doc.text, doc.segmentation, doc.published, res)
    doc.dropped.extend(doc.mentions.dropped)


def _syntax(doc: Document, res: Resources, opts: Options) -> None:
    assert doc.segmentation is not None and doc.mentions is not None
    doc.parses = parse(doc.text, doc.segmentation, doc.mentions, opts.syntax_model)


def _incidents(doc: Document, res: Resources, opts: Options) -> None:
    assert doc.segmentation is not None and doc.mentions is not None and doc.parses is not None
    judged = filter_mentions(doc.text, doc.segmentation, doc.mentions, doc.parses, res.factuality)
    doc.mentions = judged.mentions
    doc.attachments = judged.attachments
    doc.agents = judged.agents
    doc.dropped.extend(judged.dropped)


def _attribution(doc: Document, res: Resources, opts: Options) -> None:
    assert doc.segmentation is not None and doc.mentions is not None and doc.parses is not None
    speakers = SpeakerReader(doc.text, doc.segmentation, doc.parses, doc.mentions, opts.syntax_model)
    doc.statements = attribute(doc.text, doc.segmentation, doc.mentions.actors, speakers, doc.mentions.places)


def _events(doc: Document, res: Resources, opts: Options) -> None:
    assert doc.segmentation is not None and doc.mentions is not None and doc.statements is not None
    doc.detection = detect(doc.text, doc.segmentation, doc.mentions, doc.statements, doc.published,
                           opts.max_event_age_days, attachments=doc.attachments, agents=doc.agents)
    doc.dropped.extend(doc.detection.dropped)


def _assemble(doc: Document, res: Resources, opts: Options) -> None:
    assert doc.detection is not None
    events, dropped = assemble(doc.detection, published=doc.published, outlet=doc.outlet, registry=res.registry,
                               text=doc.text, max_age_days=opts.max_event_age_days)
    doc.dropped.extend(dropped)
    if doc.mentions is not None:
        doc.dropped.extend(unused_triggers(doc.mentions.triggers, events, doc.dropped, doc.text))
    nm = doc.normalized or Normalized(original=doc.original, text=doc.original)
    doc.events, mapped = to_original(events, doc.dropped, nm)
    doc.dropped = [coded(d) for d in (*nm.dropped, *mapped)]


STAGES = (
    Component("segment", ("text",), ("normalized", "segmentation"), _segment),
    Component("recognize", ("text", "segmentation", "published"), ("mentions",), _recognize),
    Component("syntax", ("text", "segmentation", "mentions"), ("parses",), _syntax),
    Component("incidents", ("text", "segmentation", "mentions", "parses"), ("mentions", "attachments", "agents"),
              _incidents),
    Component("attribution", ("text", "segmentation", "mentions", "parses"), ("statements",), _attribution),
    Component("events", ("text", "segmentation", "mentions", "attachments", "agents", "statements", "published"),
              ("detection",), _events),
    Component("assemble", ("detection", "published", "outlet"), ("events",), _assemble),
)
PIPELINE = Pipeline(STAGES)
"""The default pipeline; build another ``Pipeline`` from components to change it."""


def extract_article(article: Article, resources: Resources | None = None,
                    options: Options | None = None, pipeline: Pipeline = PIPELINE) -> Extraction:
    """Run every component over one article."""
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
    try:
        doc = pipeline.run(Document(article), res, opts)
    except OverBudget as late:
        return Extraction(id=article.id, published=article.published, warnings=(
            f"{where}: extraction stopped {late.where}: over the time budget of "
            f"{opts.article_time_budget_s:g} s (article_time_budget_s)",))
    return Extraction(id=article.id, published=article.published, events=tuple(doc.events or ()),
                      dropped=tuple(doc.dropped))
