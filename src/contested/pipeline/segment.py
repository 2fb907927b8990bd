"""Stage 1 — segmentation that keeps character offsets.

Needs: the article text. Produces: paragraphs, sentences, clauses and quotations, each a
``(start, end)`` span into the original text (nothing is ever rewritten).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import Span

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "cmdr",
    "gov", "sen", "rep", "pres", "st", "mt", "ft", "no", "vs", "etc", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.n", "u.k", "e.g", "i.e", "approx", "est", "rev", "brig", "jr", "sr",
}
_PARA_RE = re.compile(r"\n[ \t]*\n+")
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) then whitespace,
# when the next visible character can start a sentence: a capital, a digit, an opening quote
# or bracket, or debris a scraper left between sentences (a tag, "@handle", "#tag", "* * *",
# a bullet, an emoji). A lower-case start ends a sentence only after a bare full stop that is
# not an abbreviation, an initial or an ellipsis ("civilians. x Armenia's ...").
_END_RE = re.compile(r"[.!?][\"'”’)\]]*(?=\s+(?:[\"'“‘(\[]?[A-Z0-9]|[^\s,;:.)\]}!?'’”\"a-z]))|\.(?=\s+[a-z])")
_LINE_RE = re.compile(r"\n")
_CLAUSE_RE = re.compile(r";|,\s+while\s+|,\s+whereas\s+|\s+—\s+|,\s+but\s+")
# A dateline: "KYIV, Aug 7 (Agency) —", "BAMAKO (Agency) —", "GOMA —" at the start of the text.
_DATELINE_RE = re.compile(r"^\s*[A-Z][A-Z .'’/-]{2,60}(?:,[^\n—]{0,40})?(?:\([^)\n]{0,60}\))?\s*(?:—|–|--|-)\s")
_QUOTE_RE = re.compile(r"“[^”]{1,600}”|\"[^\"\n]{1,600}\"")


@dataclass(frozen=True)
class Sentence:
    span: Span
    paragraph: int
    index: int
    clauses: tuple[Span, ...]


@dataclass(frozen=True)
class Segmentation:
    paragraphs: tuple[Span, ...]
    sentences: tuple[Sentence, ...]
    quotations: tuple[Span, ...]
    dateline: Span | None = None  # "KYIV, Aug 7 (Agency) —": where the report was filed
    all_caps: bool = False  # wire copy in capitals (old agency feeds): capitalisation says nothing

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.span[0] <= offset < s.span[1]:
                return s
        return None


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def _paragraphs(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for m in _PARA_RE.finditer(text):
        sp = _strip(text, pos, m.start())
        if sp:
            spans.append(sp)
        pos = m.end()
    sp = _strip(text, pos, len(text))
    if sp:
        spans.append(sp)
    return spans


def _is_abbrev(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if word in _ABBREV:
        return True
    # single initials ("J. Smith") and dotted acronyms ("U.S.")
    return len(word) == 1 or (len(word) <= 4 and "." in word)


def _lower_next(text: str, pos: int) -> bool:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos < len(text) and text[pos].islower()


def _sentences_in(text: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    # single line breaks inside a paragraph also end a sentence (titles, captions, live blogs)
    for line_start, line_end in _split(text, start, end, _LINE_RE):
        pos = line_start
        for m in _END_RE.finditer(text, line_start, line_end):
            if text[m.start()] == "." and _is_abbrev(text, m.start()):
                continue
            if m.end() - m.start() == 1 and _lower_next(text, m.end()) and (
                    text[m.start() - 1:m.start()] in (".", "…", " ") or not text[m.start() - 1:m.start()].isalnum()):
                continue  # "fighting... and then", "the . com": no sentence ends here
            sp = _strip(text, pos, m.end())
            if sp:
                out.append(sp)
            pos = m.end()
        sp = _strip(text, pos, line_end)
        if sp:
            out.append(sp)
    return out


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[Span]:
    spans: list[Span] = []
    pos = start
    for m in pattern.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return [s for s in spans if s[1] > s[0]]


def clauses_of(text: str, span: Span) -> tuple[Span, ...]:
    """Clauses of a sentence, split at semicolons, dashes and contrastive conjunctions."""
    parts = [p for p in (_strip(text, a, b) for a, b in _split(text, span[0], span[1], _CLAUSE_RE)) if p]
    return tuple(parts) or (span,)


def segment(text: str) -> Segmentation:
    """Split ``text`` into paragraphs, sentences (with clauses) and quotations."""
    paragraphs = _paragraphs(text)
    sentences: list[Sentence] = []
    for p_index, (a, b) in enumerate(paragraphs):
        for sp in _sentences_in(text, a, b):
            sentences.append(Sentence(span=sp, paragraph=p_index, index=len(sentences),
                                      clauses=clauses_of(text, sp)))
    quotations = tuple((m.start(), m.end()) for m in _QUOTE_RE.finditer(text))
    m = _DATELINE_RE.match(text)
    letters = [c for c in text[:5000] if c.isalpha()]
    all_caps = len(letters) > 40 and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return Segmentation(paragraphs=tuple(paragraphs), sentences=tuple(sentences), quotations=quotations,
                        dateline=(m.start(), m.end()) if m else None, all_caps=all_caps)
