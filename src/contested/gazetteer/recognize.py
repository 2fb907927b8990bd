"""Toponym recognition: find place-name mentions in text with their gazetteer candidates.

Greedy longest match (up to ``MAX_WORDS`` words) over runs of capitalised tokens; a match is
kept when it is a known name that is not a stop word, not inside an ``exclude`` span, not the
head of a longer proper name ("Vladimir Putin", "Donetsk People's Republic"), and carries
enough evidence: a cue ("the town of X", "near X", "X district", "X, Donetsk region",
"X (Donetsk oblast)", "X in the Donetsk region", "X (Hiraan)"), a
curated (supplement) or populous entry, or, on a second pass, an entry in a country the
text already places itself in. ALL-CAPS text (wire copy, MUC-4) treats every token as a
candidate and demands stronger evidence.

A name that only low-prior villages and camps of GeoNames extracts bear (``Entry.dump``,
``geonames.py``) is judged after the known places: it must lie in a country they place the
text in (when they place it anywhere; with a strong cue, also when they place it only once
or the named division is the village's), and it needs a cue ("in X", "the village of X",
"X, Donetsk region") or two known places in its country; in capitals only a strong cue. It
must not be the head of a longer name ("Tongoy Beach", "Nagorny Karabakh", "Amata City")
and, without a strong cue, not the tail of one ("Dmitry Peskov") nor act as a person
("Mbewe said"). It votes for its country only with a strong cue, and a low-prior namesake
abroad does not make a known name ambiguous.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .build import ADMIN1, COUNTRY, DUMP, FEATURE, NAME, POP, SOURCE
from .core import Entry, Gazetteer
from .normalize import norm

MAX_WORDS = 5
Span = tuple[int, int]

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*(?:['’]s)?")
_ART_PREFIX = re.compile(r"^(?:al|el|ad|ed|ar|as|ash|az|at|an|ath|es|et|en|ech)[-'’][A-Z]")
CONNECTORS = frozenset({"and", "de", "del", "da", "do", "dos", "das", "of", "the", "el", "al", "la", "le", "les",
                        "du", "des", "on", "sur", "am", "an", "bin", "ibn", "ben", "y", "e", "di", "van", "von",
                        "ez", "ed", "ash", "as", "ad", "az", "ar", "at"})
STRONG_LEFT = re.compile(
    r"\b(towns?|city|cities|villages?|settlements?|hamlet|camps?|districts?|regions?|provinces?|governorates?|"
    r"oblasts?|municipality|suburbs?|outskirts|neighbou?rhoods?|port|capital|commune|county|state|"
    r"localit(?:y|ies)|communit(?:y|ies)|area|vicinity|streets? of|center|centre)\s+of\s+(?:the\s+)?$", re.I)
WEAK_LEFT = re.compile(
    r"\b(in|near|nearby|outside|at|from|into|towards?|around|across|between|via|through|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|"
    r"(?:north|south|east|west|northern|southern|eastern|western|central)|"
    r"km|kilometres|kilometers|miles)\s+(?:the\s+)?$", re.I)
RIGHT_TYPE = re.compile(
    r"^[ \t]+(refugee camp|displacement camp|IDP camp|camp|district|region|oblast|province|governorate|county|state|"
    r"municipality|raion|rayon|prefecture|department|village|town|city|area|neighbou?rhood|"
    r"crossing|checkpoint|dam|airport|air ?base|hospital)\b", re.I)
REGION_WORDS = frozenset({"district", "region", "oblast", "province", "governorate", "county", "state",
                          "municipality", "raion", "rayon", "prefecture", "department", "area"})
_CAP = r"[A-Z][\w'’\-]*"
COMMA_ADMIN = re.compile(
    rf"^,[ \t]+((?:{_CAP}[ \t]+){{0,2}}{_CAP})[ \t]+"
    r"(region|oblast|province|governorate|state|district|county|department)\b")
IN_ADMIN = re.compile(
    rf"^,?[ \t]+(?:in|of)[ \t]+(?:the[ \t]+)?((?:{_CAP}[ \t]+){{0,2}}{_CAP})[ \t]+"
    r"(region|oblast|province|governorate|state|county)\b")
# "X (Donetsk oblast)", "X (Bakhmut district, Donetsk region)", "X (Hiraan)": the last part
# in the brackets; without a generic word it must be the name of a first-level division
PAREN_ADMIN = re.compile(
    rf"^[ \t]*\((?:[^()\n]{{0,60}},[ \t]*)?((?:{_CAP}[ \t]+){{0,2}}{_CAP})"
    r"(?:[ \t]+(region|oblast|province|governorate|state|district|county|department|raion|rayon))?[ \t]*\)")
# "X, Hiraan." / "X, Donetsk;" : a bare first-level division name closing the phrase
BARE_COMMA_ADMIN = re.compile(rf"^,[ \t]+((?:{_CAP}[ \t]+){{0,2}}{_CAP})(?=[ \t]*(?:[.;:)\n]|$|,[ \t]+[a-z0-9]))")
# after a name, what a person does: "Mbewe said", "Mbewe, who"
PERSON_RIGHT = re.compile(r"^(?:['’]s)?(?:[ \t]+(?:said|says|told|tells|added|adds|explained|noted|stated|wrote|asked|"
                          r"argued|recalled|insisted|declared|replied)\b|,[ \t]+(?:who|whose)\b)")
TITLES = frozenset({"president", "mr", "mrs", "ms", "dr", "minister", "general", "gen", "commander", "colonel",
                    "col", "lt", "captain", "capt", "sheikh", "sergeant", "sgt", "major", "maj", "governor",
                    "mayor", "prince", "king", "queen", "pope", "saint", "st", "imam", "judge", "senator",
                    "spokesman", "spokeswoman", "prof", "professor"})


@dataclass(frozen=True)
class Toponym:
    """A place-name mention: ``span`` into the text, its ``surface`` string, the gazetteer
    ``candidates`` and the ``cue`` that supports it ('town of', 'near', 'district',
    'comma-region', ... or None). ``admin_hint`` is an enclosing division named next to it
    ("Donetsk" in "X, Donetsk region")."""

    span: Span
    surface: str
    candidates: tuple[Entry, ...]
    cue: str | None = None
    admin_hint: str | None = None


STOPWORDS_FILE = Path(__file__).with_name("data") / "stopwords.txt"


@lru_cache(maxsize=4)
def stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(norm(line))
    return frozenset(words)


def _is_caps_text(text: str) -> bool:
    letters = [c for c in text[:5000] if c.isalpha()]
    if len(letters) < 20:
        return False
    return sum(c.isupper() for c in letters) / len(letters) > 0.9


def _capitalised(tok: str) -> bool:
    return tok[0].isupper() or bool(_ART_PREFIX.match(tok))


@dataclass
class _Match:
    start: int
    end: int
    surface: str
    ids: tuple[int, ...]
    cue: str | None
    strong: bool
    admin_hint: str | None
    key: str
    name_end: int = 0  # end of the name itself, before a type word ("Kakuma" in "Kakuma camp")
    ok: bool = False


def find_toponyms(text: str, gaz: Gazetteer, *, exclude: Sequence[Span] = ()) -> list[Toponym]:
    """Place-name mentions in ``text`` in order of appearance (see the module docstring)."""
    caps = _is_caps_text(text)
    stops = stopwords()
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    excl = sorted(exclude)
    lower_words: set[str] | None = None
    rows = gaz._rows
    matches: list[_Match] = []
    n = len(toks)
    i = 0
    while i < n:
        s0, e0, t0 = toks[i]
        if not caps and not _capitalised(t0):
            i += 1
            continue
        found = None
        # candidate n-grams: consecutive tokens separated by a single space
        last = i
        while last + 1 < n and last - i + 1 < MAX_WORDS:
            gap = text[toks[last][1]:toks[last + 1][0]]
            if gap != " ":
                break
            last += 1
        for j in range(last, i - 1, -1):
            tj = toks[j][2]
            if j > i and not caps and not _capitalised(tj):
                # lower-case words: only inside a known multi-word name ("Kakhovka dam",
                # "Zaporizhzhia nuclear power plant"); never a name ending on a connector
                if tj.lower() in CONNECTORS:
                    continue
            end = toks[j][1]
            surf = text[s0:end]
            if surf.endswith(("'s", "’s")):
                surf, end = surf[:-2], end - 2
            key = norm(surf)
            ids = gaz.ids_for_key(key)
            if ids:
                found = (j, end, surf, key, ids)
                break
        if found is None:
            i += 1
            continue
        j, end, surf, key, ids = found
        if any(a < end and s0 < b for a, b in excl):
            i = j + 1
            continue
        before = text[max(0, s0 - 40):s0]
        after = text[end:end + 80]
        cue, strong, admin_hint = None, False, None
        m = STRONG_LEFT.search(before)
        if m:
            cue, strong = re.sub(r"\s+", " ", m.group(0).strip().lower()).replace(" the", ""), True
        span_end = end
        m = RIGHT_TYPE.match(after)
        if m:
            word = m.group(1).lower()
            cue = cue or word
            strong = True
            span_end = end + m.end()
            # prefer the longer name if "X camp" is itself a key
        if cue is None:
            m = WEAK_LEFT.search(before)
            if m:
                cue = re.sub(r"\s+", " ", m.group(1).lower())
        hint = _admin_hint(after, key, ids, gaz)
        if hint is None and span_end > end:  # "X village, Donetsk oblast"
            hint = _admin_hint(text[span_end:span_end + 80], key, ids, gaz)
        if hint is not None:
            admin_hint, how = hint
            if cue is None or not strong:
                cue = how if how != "in-region" else (cue or how)
            strong = True
        matches.append(_Match(s0, span_end, text[s0:span_end], ids, cue, strong, admin_hint, key, end))
        i = j + 1

    def minor(ids: tuple[int, ...]) -> bool:
        """Only low-prior villages and camps of GeoNames extracts bear this name."""
        return all(rows[x][DUMP] is not None for x in ids)

    # filters
    kept: list[_Match] = []
    for mt in matches:
        if mt.key in stops and not mt.strong:
            continue
        if not caps:
            # head of a longer proper name: "Vladimir Putin", "Donetsk People's Republic"
            nxt = _next_token(toks, text, mt.end)
            if nxt is not None and _capitalised(nxt) and nxt.lower() not in CONNECTORS and not mt.strong:
                nkey = norm(nxt)
                if not gaz.has_key(nkey, low_prior=False) or nkey in stops:
                    continue
            prev = _prev_token(toks, text, mt.start)
            if prev is not None and prev[0].isupper() and norm(prev) in TITLES and not mt.strong:
                continue  # "President Hope", "Gen. Victor"
            if minor(mt.ids) and (
                    (nxt is not None and _capitalised(nxt) and nxt.lower() not in CONNECTORS)  # "Tongoy Beach"
                    or (mt.admin_hint is None and text[mt.name_end:mt.end].strip()[:1].isupper())  # "Amata City"
                    or (not mt.strong and mt.cue is None and prev is not None and prev[0].isupper())  # "Dmitry Peskov"
                    or (not mt.strong and PERSON_RIGHT.match(text[mt.end:mt.end + 30]))):  # "Mbewe said"
                continue  # a low-prior village's name as part of a longer name, or a person's
            # sentence-initial common word: "Hope", "March" written lower-case elsewhere
            if _sentence_initial(text, mt.start) and " " not in mt.key and mt.cue is None:
                if lower_words is None:
                    lower_words = {t.lower() for _, _, t in toks if t[0].islower()}
                if mt.surface.lower() in lower_words:
                    continue
        kept.append(mt)

    # evidence, two passes: strong evidence first, then country focus for the rest
    def best_pop(ids: tuple[int, ...]) -> int:
        return max(rows[x][POP] for x in ids)

    def special(ids: tuple[int, ...]) -> bool:
        return any(rows[x][FEATURE] != "place" or rows[x][SOURCE] != "geonames" for x in ids)

    min_pop = 20000 if caps else 1000
    focus: Counter[str] = Counter()

    def vote(ids: tuple[int, ...]) -> None:
        # a low-prior namesake abroad does not make a known name ambiguous
        ccs = {rows[x][COUNTRY] for x in ids if rows[x][DUMP] is None} or {rows[x][COUNTRY] for x in ids}
        if len(ccs) <= 2:
            for cc in ccs:
                focus[cc] += 1 / len(ccs)

    for mt in kept:
        if minor(mt.ids):
            continue
        weak_ok = mt.cue is not None and (not caps or best_pop(mt.ids) >= 1000 or special(mt.ids))
        if mt.strong or special(mt.ids) or best_pop(mt.ids) >= min_pop or weak_ok:
            mt.ok = True
            vote(mt.ids)
    # villages only an extract knows, once the known places have placed the text: not in
    # another country than those (with a strong cue: unless they place it only weakly, or
    # the named division is the village's); with a cue, or where two known places put the
    # text in their country
    placed = Counter(focus)
    for mt in kept:
        if not minor(mt.ids):
            continue
        ccs = {rows[x][COUNTRY] for x in mt.ids}
        at_home = not placed or any(placed.get(cc, 0) > 0 for cc in ccs) or (mt.strong and (
            max(placed.values()) < 2
            or (mt.admin_hint is not None and any(gaz.admin1_matches(gaz.entry(x), mt.admin_hint) for x in mt.ids))))
        if at_home and (mt.strong or (not caps and (mt.cue is not None or max(placed.get(cc, 0) for cc in ccs) >= 2))):
            mt.ok = True
            if mt.strong:  # it speaks for its country only when the cue names a place
                vote(mt.ids)
    for mt in kept:
        if not mt.ok and focus and not minor(mt.ids):
            # a low-prior namesake needs two mentions placing the text in its country, and
            # in capitals never counts
            mt.ok = any(focus.get(rows[x][COUNTRY], 0) >= (1 if rows[x][DUMP] is None else 99 if caps else 2)
                        for x in mt.ids)
    out = []
    for mt in kept:
        if mt.ok:
            out.append(Toponym((mt.start, mt.end), mt.surface, tuple(gaz.entries(mt.ids)), mt.cue, mt.admin_hint))
    return out


def _admin_hint(after: str, key: str, ids: tuple[int, ...], gaz: Gazetteer) -> tuple[str, str] | None:
    """The first-level division named right after a toponym, and how: ("Donetsk",
    "comma-region") for ", Donetsk region", "in-region" for " in the Donetsk region",
    "paren-region" for " (Donetsk oblast)" or " (Hiraan)". A bare division name (no
    "region", "oblast", ...) counts only when one of the toponym's candidates lies in that
    division, so "(UP)" after "Patriotic Union" or ", Kharkiv" in a list is no hint."""
    m = COMMA_ADMIN.match(after)
    if m and norm(m.group(1)) != key:
        return _unpossess(m.group(1)), "comma-region"
    m = IN_ADMIN.match(after)
    if m and norm(m.group(1)) != key:
        return _unpossess(m.group(1)), "in-region"
    m = PAREN_ADMIN.match(after)
    if m and norm(m.group(1)) != key and (m.group(2) or _bare_admin1(m.group(1), ids, gaz)):
        return m.group(1), "paren-region"
    m = BARE_COMMA_ADMIN.match(after)
    if m and norm(m.group(1)) != key and _bare_admin1(m.group(1), ids, gaz):
        return m.group(1), "comma-region"
    return None


def _bare_admin1(name: str, ids: tuple[int, ...], gaz: Gazetteer) -> bool:
    if len(name) < 4 or not _is_admin1_name(name, gaz):
        return False
    return any(gaz.admin1_matches(gaz.entry(i), name) for i in ids)


def _unpossess(hint: str) -> str:
    """"Ukraine's Donetsk" -> "Donetsk"."""
    words = hint.split()
    if len(words) > 1 and words[0].endswith(("'s", "’s")):
        return " ".join(words[1:])
    return hint


def _is_admin1_name(name: str, gaz: Gazetteer) -> bool:
    """Whether ``name`` is (a key of) a first-level division with a region entry."""
    rows = gaz._rows
    return any(rows[i][FEATURE] == "region" and rows[i][ADMIN1] == rows[i][NAME]
               for i in gaz.ids_for_key(norm(name)))


def _next_token(toks: list[tuple[int, int, str]], text: str, end: int) -> str | None:
    m = re.match(r"[ \t]([^\W\d_][\w'’\-]*)", text[end:end + 40])
    return m.group(1) if m else None


def _prev_token(toks: list[tuple[int, int, str]], text: str, start: int) -> str | None:
    m = re.search(r"([^\W\d_][\w'’\-.]*)[ \t]$", text[max(0, start - 40):start])
    return m.group(1).rstrip(".") if m else None


def _sentence_initial(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\"'“‘(":
        k -= 1
    return k < 0 or text[k] in ".!?\n:;"
