"""The pipeline runner: components that declare what they need and what they add, run in
order over one ``Document``.

Each component is a function of the document, the shared resources and the options. The
runner checks the chain once when a ``Pipeline`` is built (every need is met by the article
or by an earlier component) and again on every run (a component that did not fill what it
declared is a bug, reported by name), and stops an article that is over its time budget.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from ..config import Options
from ..errors import ContestedError
from ..records import Article, Dropped, Event, Span
from .attribution import Statement
from .events import Detection
from .normalize import Normalized
from .recognize.mentions import Mentions, Resources
from .segment import Segmentation
from .syntax import Parses

ARTICLE_FIELDS = ("text", "published", "outlet")
"""What every document starts with."""


class PipelineError(ContestedError):
    """A pipeline is assembled wrongly: a component needs what nothing before it adds, or did
    not add what it declared."""


@dataclass
class Document:
    """One article on its way through the pipeline: each component fills its fields."""

    article: Article
    normalized: Normalized | None = None  # the analysis text and its map back to the article's
    segmentation: Segmentation | None = None
    mentions: Mentions | None = None
    parses: Parses | None = None
    attachments: dict[Span, Span] | None = None  # place span -> the trigger the parse attaches it to
    agents: dict[Span, tuple[Span, str]] | None = None  # trigger span -> who did it (span, words)
    statements: list[Statement] | None = None
    detection: Detection | None = None
    events: list[Event] | None = None
    dropped: list[Dropped] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text the components read: the analysis text once ``normalize`` has run (spans
        into it are mapped back to the article's text by ``assemble``), else the article's."""
        return self.normalized.text if self.normalized is not None else self.article.text

    @property
    def original(self) -> str:
        """The text the user gave: every span in the output points into it."""
        return self.article.text

    @property
    def published(self) -> date | None:
        return self.article.published

    @property
    def outlet(self) -> str | None:
        return self.article.outlet

    def has(self, name: str) -> bool:
        return name in ARTICLE_FIELDS or getattr(self, name) is not None


@dataclass(frozen=True)
class Component:
    """A named stage: ``run(doc, resources, options)`` fills the fields in ``assigns``."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[[Document, Resources, Options], None] = field(repr=False, compare=False)


class OverBudget(Exception):
    """Raised by the runner when an article's extraction passes its time budget."""

    def __init__(self, stage: str) -> None:
        super().__init__(stage)
        self.stage = stage


@dataclass(frozen=True)
class Pipeline:
    components: tuple[Component, ...]

    def __post_init__(self) -> None:
        available = set(ARTICLE_FIELDS)
        fields_ = set(Document.__dataclass_fields__)
        for c in self.components:
            missing = set(c.requires) - available
            if missing:
                raise PipelineError(f"component {c.name!r} needs {sorted(missing)}, which nothing before it adds")
            unknown = set(c.assigns) - fields_
            if unknown:
                raise PipelineError(f"component {c.name!r} assigns {sorted(unknown)}, which a Document does not hold")
            available |= set(c.assigns)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.components)

    def run(self, doc: Document, resources: Resources, options: Options) -> Document:
        started = time.monotonic()
        for c in self.components:
            c.run(doc, resources, options)
            not_set = [a for a in c.assigns if not doc.has(a)]
            if not_set:
                raise PipelineError(f"component {c.name!r} did not set {not_set}")
            if time.monotonic() - started > options.article_time_budget_s and c is not self.components[-1]:
                raise OverBudget(c.name)
        return doc


_NAMED_RE = re.compile(r"^.*\([A-Z]{2}\)\s+")  # "Barda (AZ) in a country ...": the place named
_VARYING_RE = re.compile(r"'[^']*'|\"[^\"]*\"|\([^)]*\)|\d[\d\-:.]*|[^a-z ]+")


def coded(d: Dropped) -> Dropped:
    """``d`` with a reason code: its own, else one made from its stage and the fixed words of
    its reason ("events: photo caption" -> ``events-photo-caption``), so that every dropped
    item in ``--explain`` can be counted by code."""
    if d.code:
        return d
    words = _VARYING_RE.sub(" ", _NAMED_RE.sub("", d.reason).lower()).split()[:8]
    return replace(d, code="-".join([d.stage, *words]) if words else d.stage)


def unused_triggers(triggers, events: list[Event], dropped: list[Dropped], text: str) -> list[Dropped]:
    """Triggers (kept by the ``incidents`` judge) that no event reports and no rule dropped:
    the detector let them go without a reason. Each becomes a ``Dropped`` record (code
    ``unused-trigger``) so that no event is lost silently."""
    covered = sorted({sp for e in events for sp in e.evidence} | {d.span for d in dropped if d.span is not None})
    out: list[Dropped] = []
    for t in triggers:
        a, b = t.span
        if any(x <= a and b <= y or (x < b and a < y) for x, y in covered):
            continue
        out.append(Dropped("events", text[a:b], "reported-incident trigger that no event took up and no rule "
                           "dropped (e.g. in a sentence that also carries a denial)", t.span, code="unused-trigger"))
    return out
