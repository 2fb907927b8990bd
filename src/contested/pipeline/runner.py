"""The pipeline runner: components that declare what they need and what they add, run in
order over one ``Document``.

Each component is a function of the document, the shared resources and the options. The
runner checks the chain once when a ``Pipeline`` is built (every need is met by the article
or by an earlier component) and again on every run (a component that did not fill what it
declared is a bug, reported by name), and stops an article that is over its time budget.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from ..config import Options
from ..errors import ContestedError
from ..records import Article, Dropped, Event, Span
from .attribution import Statement
from .events import Detection
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
