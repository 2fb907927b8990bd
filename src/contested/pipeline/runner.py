"""The pipeline runner: components that declare what they need and what they add, run in
order over one ``Document``.

Each component is a function of the document, the shared resources and the options. The
runner checks the chain once when a ``Pipeline`` is built (every need is met by the article
or by an earlier component) and again on every run (a component that did not fill what it
declared is a bug, reported by name), and stops an article that is over its time budget:
between stages, and (CPython) inside a stage, where a watchdog timer raises in the running
thread, so one pathological article costs about ``article_time_budget_s``, not hours.
"""

from __future__ import annotations

import ctypes
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from ..config import Options, check_published
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
    """Raised by the runner when an article's extraction passes its time budget.

    ``stage`` is the last stage that finished (or the one interrupted when ``inside``)."""

    def __init__(self, stage: str, inside: bool = False) -> None:
        super().__init__(stage)
        self.stage = stage
        self.inside = inside

    @property
    def where(self) -> str:
        return f"{'in' if self.inside else 'after'} stage {self.stage!r}"


class _Deadline(BaseException):
    """Raised asynchronously in the thread running a pipeline that passed its budget. A
    BaseException, so that a stage's ``except Exception`` cannot swallow it."""


_SET_ASYNC_EXC = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    assert _SET_ASYNC_EXC is not None
    _SET_ASYNC_EXC(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None)


_REFIRE_S = 0.25


class _Watchdog:
    """After ``seconds``, raise ``_Deadline`` in the thread that made this watchdog, unless
    ``close()`` came first. ``close()`` also withdraws a raise that is set but not yet
    delivered; it may itself be interrupted, and is then called again by the runner."""

    def __init__(self, seconds: float) -> None:
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.state = "starting"  # -> "armed" -> "fired" | "closed"
        self.retry: threading.Timer | None = None
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.start()
        with self.lock:
            # a timer that ran out while it was starting raises nothing (``threading`` code may
            # be waiting here); the runner's checks between stages see the budget spent
            self.state = "armed" if self.state == "starting" else "closed"

    def _fire(self) -> None:
        with self.lock:
            if self.state in ("armed", "fired"):
                # raised again every ``_REFIRE_S`` until the runner closes the watchdog: a raise that
                # lands in code that swallows it (a weakref callback, a ``finally`` in a library)
                # is not the last one
                self.state = "fired"
                _raise_in(self.thread_id, _Deadline)
                self.retry = threading.Timer(_REFIRE_S, self._fire)
                self.retry.daemon = True
                self.retry.start()
            elif self.state == "starting":
                self.state = "late"

    def close(self) -> None:
        # the state first, under our own lock: once it is "closed" the timer can raise no more,
        # and a raise delivered in here leaves only that plain lock, which ``with`` releases;
        # cancelling the timer (a Condition inside threading) comes after, when nothing can land
        with self.lock:
            if self.state == "fired":
                _raise_in(self.thread_id, None)  # withdraw it if not delivered yet
            self.state = "closed"
        self.timer.cancel()
        if self.retry is not None:
            self.retry.cancel()


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
        """Run every component over ``doc``. Raises InputError for a publication date out of
        range (``config.check_published``) and OverBudget past ``article_time_budget_s``."""
        if doc.published is not None:
            check_published(doc.published, doc.article.origin or doc.article.id or "published")
        budget = options.article_time_budget_s
        watchdog: _Watchdog | None = None
        started = time.monotonic()
        current, finished = "", False
        try:
            try:
                if _SET_ASYNC_EXC is not None and 0 < budget < threading.TIMEOUT_MAX:
                    watchdog = _Watchdog(budget)  # inside the try: its raise may land at once
                for c in self.components:
                    current = c.name
                    c.run(doc, resources, options)
                    not_set = [a for a in c.assigns if not doc.has(a)]
                    if not_set:
                        raise PipelineError(f"component {c.name!r} did not set {not_set}")
                    if time.monotonic() - started > budget and c is not self.components[-1]:
                        raise OverBudget(c.name)
                finished = True
            finally:
                if watchdog is not None:
                    watchdog.close()
        except _Deadline:
            if watchdog is not None:
                watchdog.close()  # when the raise landed inside the first close()
            if not finished:
                raise OverBudget(current, inside=True) from None
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
