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
abroad does not make a known name ambiguous. A name found only as an alternate name of its
candidates obeys the same person rule ("Andriy Yermak", "Hayat Tahrir al-Sham", "Yermak
said"); with only a weak cue ("in Isha") it must be a sizable place or lie in a country the
text is about, and in capitals it needs a strong cue or that country.

The divisions named beside a place ("X, Donetsk region", "X (Bakhmut district, Donetsk
region)", "X in the central Sagaing region", "the X district of Indian-administered
Kashmir", "the X area of Dhaka") are its context (``admin_hint``, ``district_hint``, and
the ``context`` span); they stay toponyms of their own, for the pipeline to record as
context of the place before them. A capitalised name the gazetteer lacks is a toponym only with a cue
that makes it a settlement or division ("the village of X", "X township") and a division
named beside it (``match`` "spelling" or "unknown", see ``Toponym``); never in capitals.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .build import ADMIN1, COUNTRY, DUMP, FEATURE, NAME, POP, SOURCE
from .core import Entry, Gazetteer, main_name_match
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
    r"municipality|raion|rayon|prefecture|department|township|local government area|village|town|city|area|"
    r"neighbou?rhood|suburb|crossing|checkpoint|dam|airport|air ?base|hospital)\b", re.I)
REGION_WORDS = frozenset({"district", "region", "oblast", "province", "governorate", "county", "state",
                          "municipality", "raion", "rayon", "prefecture", "department", "township",
                          "local government area", "area"})
ADMIN_WORDS = REGION_WORDS - {"area"}
"""Words after a name that make it an administrative area ("Lamu county", "Ye-U township")."""
_ADMIN_RE = (r"(?i:region|oblast|province|governorate|state|district|county|department|raion|rayon|township|"
             r"municipality|prefecture|local government area)")
_CAP = r"[A-Z][\w'’\-]*"
# "the Mirpur area of Dhaka", "the Shejaiya neighbourhood of Gaza City": a part of a place
ENCLOSING_WORDS = frozenset({"area", "district", "neighbourhood", "neighborhood", "suburb"})
OF_PLACE = re.compile(
    rf"^[ \t]+of[ \t]+(?:the[ \t]+)?(?:(?:city|town)[ \t]+of[ \t]+)?({_CAP}(?:[ \t]+{_CAP}){{0,2}})")
# a lower-case direction before a division's name: "in the central Sagaing region"
_DIRECTION = r"(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?|central)[ \t]+"
COMMA_ADMIN = re.compile(
    rf"^,[ \t]+((?:{_CAP}[ \t]+){{0,2}}{_CAP})[ \t]+({_ADMIN_RE})\b")
IN_ADMIN = re.compile(
    rf"^,?[ \t]+(?:in|of)[ \t]+(?:the[ \t]+)?(?:{_DIRECTION})?((?:{_CAP}[ \t]+){{0,2}}{_CAP})[ \t]+"
    rf"({_ADMIN_RE})\b")
# "X (Donetsk oblast)", "X (Bakhmut district, Donetsk region)", "X (Hiraan)": the last part
# in the brackets; without a generic word it must be the name of a first-level division. A
# lower division before it ("Bakhmut district") is kept apart.
PAREN_ADMIN = re.compile(
    rf"^[ \t]*\((?:(?P<lower>[^()\n]{{0,60}}),[ \t]*)?(?P<name>(?:{_CAP}[ \t]+){{0,2}}{_CAP})"
    r"(?:[ \t]+(?P<word>region|oblast|province|governorate|state|district|county|department|raion|rayon))?[ \t]*\)")
_LOWER_DIVISION = re.compile(rf"^((?:{_CAP}[ \t]+){{0,2}}{_CAP})[ \t]+(?:{_ADMIN_RE})$")
# "X, Hiraan." / "X, Donetsk;" : a bare first-level division name closing the phrase
BARE_COMMA_ADMIN = re.compile(rf"^,[ \t]+((?:{_CAP}[ \t]+){{0,2}}{_CAP})(?=[ \t]*(?:[.;:)\n]|$|,[ \t]+[a-z0-9]))")
# after a name, what a person does: "Mbewe said", "Mbewe, who"
PERSON_RIGHT = re.compile(r"^(?:['’]s)?(?:[ \t]+(?:said|says|told|tells|added|adds|explained|noted|stated|wrote|asked|"
                          r"argued|recalled|insisted|declared|replied)\b|,[ \t]+(?:who|whose)\b)")
# an unknown name is read as a place only after a cue that says it is a settlement or a
# division ("the village of X", "X township") and before the division it lies in
UNKNOWN_LEFT = re.compile(
    r"\b(towns?|villages?|settlements?|hamlets?|camps?|districts?|provinces?|counties|county|municipality|"
    r"communes?|localit(?:y|ies)|neighbou?rhoods?|suburbs?|outskirts|townships?)\s+of\s+(?:the\s+)?$", re.I)
UNKNOWN_LEFT_ANY = re.compile(UNKNOWN_LEFT.pattern.removesuffix("$"))  # lower-case cues only
UNKNOWN_RIGHT = re.compile(
    r"^[ \t]+(village|town|refugee camp|camp|district|county|township|municipality|neighbou?rhood|suburb|area|"
    r"raion|rayon|locality|local government area)\b", re.I)
UNKNOWN_RIGHT_ANY = re.compile(r"\b" + UNKNOWN_RIGHT.pattern.removeprefix("^[ \\t]+"))
_NOT_NAME = frozenset({"the", "a", "an", "in", "at", "on", "near", "from", "to", "into", "of", "and", "but", "for",
                       "by", "with", "after", "before", "when", "while", "as", "this", "that", "its", "their"})
DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                        "northeastern", "northwestern", "southeastern", "southwestern", "greater", "upper", "lower"})
TITLES = frozenset({"president", "mr", "mrs", "ms", "dr", "minister", "general", "gen", "commander", "colonel",
                    "col", "lt", "captain", "capt", "sheikh", "sergeant", "sgt", "major", "maj", "governor",
                    "mayor", "prince", "king", "queen", "pope", "saint", "st", "imam", "judge", "senator",
                    "spokesman", "spokeswoman", "prof", "professor"})


@dataclass(frozen=True)
class Toponym:
    """A place-name mention: ``span`` into the text, its ``surface`` string, the gazetteer
    ``candidates`` and the ``cue`` that supports it ('town of', 'near', 'district',
    'comma-region', ... or None). ``admin_hint`` is an enclosing division named next to it
    ("Donetsk" in "X, Donetsk region"), ``district_hint`` a lower division named with it
    ("Bakhmut" in "X (Bakhmut district, Donetsk region)" or "X, Bakhmut district").

    ``context`` is the span of that admin phrase (", Bakhmut district, Donetsk region").
    ``match`` says how the name was found: ``exact`` (a name or alternate name of every
    candidate), ``spelling`` (not in the gazetteer, but a transliteration skeleton of places
    in the division named beside it: "the village of Kharbat in Idlib province") or
    ``unknown`` (in no entry: the candidates are the division named beside it, which the
    mention resolves to with precision ``region`` while keeping its own surface)."""

    span: Span
    surface: str
    candidates: tuple[Entry, ...]
    cue: str | None = None
    admin_hint: str | None = None
    district_hint: str | None = None
    match: str = "exact"
    context: Span | None = None


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
    district_hint: str | None = None
    context: Span | None = None  # the admin phrase after it: ", Donetsk region", " (Hiraan)"
    match: str = "exact"
    alt_only: bool = False  # found only through alternate names of its candidates


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
            if not ids and "-" in surf and " " in key and len(key) >= 7:
                # "Petion-Ville" for GeoNames' "Pétionville": a hyphen may join what the index writes as one word
                closed = key.replace(" ", "")
                if ids := gaz.ids_for_key(closed):
                    key = closed
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
        hint, hint_at = _admin_hint(after, key, ids, gaz), end
        if hint is None and span_end > end:  # "X village, Donetsk oblast"
            hint, hint_at = _admin_hint(text[span_end:span_end + 80], key, ids, gaz), span_end
        if hint is None:
            word = text[end:span_end].strip().lower() or key.rsplit(" ", 1)[-1]
            if word in ADMIN_WORDS:  # "the Poonch district of Indian-administered Kashmir"
                hint, hint_at = _enclosing_region(text[span_end:span_end + 60], key, gaz), span_end
            if hint is None and word in ENCLOSING_WORDS:  # "the Mirpur area of Dhaka"
                hint, hint_at = _enclosing_place(text[span_end:span_end + 60], key, gaz), span_end
        district, context, how = None, None, None
        if hint is not None:
            admin_hint, how = hint.name, hint.how
            district, context = hint.lower, (hint_at, hint_at + hint.end)
            if cue is None or not strong:
                cue = how if how != "in-region" else (cue or how)
            strong = True
        matches.append(_Match(s0, span_end, text[s0:span_end], ids, cue, strong, admin_hint, key, end,
                              district_hint=district, context=context))
        i = j + 1

    def minor(ids: tuple[int, ...]) -> bool:
        """Only low-prior villages and camps of GeoNames extracts bear this name."""
        return all(rows[x][DUMP] is not None for x in ids)

    # filters
    kept: list[_Match] = []
    for mt in matches:
        if mt.key in stops and (not mt.strong or mt.cue == "in-region"):
            continue  # "Monday in the Sirwah district" is no place
        # only an alternate name of GeoNames places (a curated name or a region always counts)
        mt.alt_only = mt.match == "exact" and all(
            rows[x][FEATURE] == "place" and rows[x][SOURCE] == "geonames" for x in mt.ids) and not any(
            main_name_match(gaz.entry(x), text[mt.start:mt.name_end]) for x in mt.ids)
        if not caps:
            words = mt.surface.split()
            if len(words) > 1 and words[0].lower() in _NOT_NAME and not any(_capitalised(w) for w in words[1:]):
                continue  # "The village of X" is not The Village, Oklahoma
            # head of a longer proper name: "Vladimir Putin", "Donetsk People's Republic"
            nxt = _next_token(toks, text, mt.end)
            if nxt is not None and _capitalised(nxt) and nxt.lower() not in CONNECTORS and not mt.strong:
                nkey = norm(nxt)
                if not gaz.has_key(nkey, low_prior=False) or nkey in stops:
                    continue
            prev = _prev_token(toks, text, mt.start)
            if prev is not None and prev[0].isupper() and norm(prev) in TITLES and not mt.strong:
                continue  # "President Hope", "Gen. Victor"
            if mt.alt_only and not mt.strong and mt.cue is None and (
                    (prev is not None and prev[0].isupper() and prev.lower() not in _NOT_NAME
                     and norm(prev) not in DIRECTIONS)  # "Andriy Yermak", "Hayat Tahrir al-Sham"
                    or PERSON_RIGHT.match(text[mt.end:mt.end + 30])):  # "Yermak said"
                continue  # only an alternate name of a place, inside a person's or a group's name
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
    if not caps:
        kept.extend(_unknown_matches(text, toks, kept, excl, gaz))
        kept.sort(key=lambda mt: mt.start)

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
        # a weak cue ("in X") is enough for a known place, but not for a hamlet abroad found only
        # through one of its alternate names ("in Isha" is not Yisa, China): that needs the focus
        weak_ok = mt.cue is not None and (best_pop(mt.ids) >= 1000 or special(mt.ids) or not (caps or mt.alt_only))
        if mt.alt_only and not mt.strong and (caps or (mt.cue is None and best_pop(mt.ids) < 20000)):
            # in capitals every word looks like a name ("PART" is not Perth), and a common word
            # is an alternate name of some hamlet ("Artillery" of Artillerie, New Caledonia)
            continue
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
            cands = gaz.entries(mt.ids) if mt.match == "exact" else [gaz.entry(x) for x in mt.ids]
            out.append(Toponym((mt.start, mt.end), mt.surface, tuple(cands), mt.cue, mt.admin_hint,
                               mt.district_hint, mt.match, mt.context))
    return out


def _unknown_matches(text: str, toks: list[tuple[int, int, str]], matches: Sequence[_Match],
                     excl: Sequence[Span], gaz: Gazetteer) -> list[_Match]:
    """Names the gazetteer lacks, read as places because a cue says they are ("the village of
    X", "X township") and the division they lie in is named beside them ("in Idlib province",
    ", Sagaing region", "(Bakhmut district, Donetsk region)"; "the X district of Aleppo"): a
    place of that division whose transliteration skeleton is the name's (``spelling``), else
    the division itself (``unknown``)."""
    left_ends = {m.end() for m in UNKNOWN_LEFT_ANY.finditer(text)}
    right_starts = set()
    for m in UNKNOWN_RIGHT_ANY.finditer(text):
        k = m.start()
        while k and text[k - 1] in " \t":
            k -= 1
        if k < m.start():
            right_starts.add(k)
    if not left_ends and not right_starts:
        return []
    by_start = {t[0]: k for k, t in enumerate(toks)}
    by_end = {t[1]: k for k, t in enumerate(toks)}
    runs: list[tuple[int, int]] = []  # token index ranges, inclusive
    for pos in sorted(left_ends):
        k = by_start.get(pos)
        if k is not None and _capitalised(toks[k][2]):
            j = k
            while j + 1 < len(toks) and j - k < 3 and _capitalised(toks[j + 1][2]) \
                    and text[toks[j][1]:toks[j + 1][0]] == " ":
                j += 1
            runs.append((k, j))
    for pos in sorted(right_starts):
        j = by_end.get(pos)
        if j is not None and _capitalised(toks[j][2]):
            k = j
            while k > 0 and j - k < 3 and _capitalised(toks[k - 1][2]) and text[toks[k - 1][1]:toks[k][0]] == " ":
                k -= 1
            while k < j and toks[k][2].lower() in _NOT_NAME:
                k += 1
            runs.append((k, j))
    taken = [(m.start, m.end) for m in matches] + list(excl)
    out: list[_Match] = []
    rows = gaz._rows
    for k, j in sorted(set(runs)):
        if j - k >= 3 or toks[k][2].lower() in _NOT_NAME:
            continue
        s0, name_end = toks[k][0], toks[j][1]
        if any(a < name_end and s0 < b for a, b in taken):
            continue
        name = text[s0:name_end]
        key = norm(name)
        if len(key) < 3 or gaz.has_key(key) or norm(toks[k][2]) in TITLES:
            continue
        left = UNKNOWN_LEFT.search(text[max(0, s0 - 40):s0]) if s0 in left_ends else None
        right = UNKNOWN_RIGHT.match(text[name_end:name_end + 40]) if name_end in right_starts else None
        if not (left or right):
            continue
        end = name_end + (right.end() if right else 0)
        hint = _admin_hint(text[end:end + 100], key, (), gaz)
        if hint is None and right and right.group(1).lower() in ENCLOSING_WORDS:
            hint = _enclosing_place(text[end:end + 60], key, gaz)
        if hint is None:
            continue
        division = _division_ids(hint, gaz)
        if not division:
            continue
        cue = (re.sub(r"\s+", " ", left.group(0).strip().lower()).replace(" the", "") if left
               else right.group(1).lower() if right else None)
        area = rows[division[0]][ADMIN1]
        spelled = tuple(x for x in gaz.ids_for_skeleton(key) if area and hint.how != "of-place"
                        and rows[x][FEATURE] == "place" and rows[x][ADMIN1] == area)
        out.append(_Match(s0, end, text[s0:end], spelled or division, cue, True, hint.name, key, name_end,
                          district_hint=hint.lower, context=(end, end + hint.end),
                          match="spelling" if spelled else "unknown"))
        taken.append((s0, end))
    return out


def _enclosing(after: str, how: str, known: Callable[[str], bool]) -> _Hint | None:
    """The longest name right after " of " that ``known`` accepts, as a hint of kind ``how``."""
    m = OF_PLACE.match(after)
    if not m:
        return None
    words = m.group(1).split()
    for k in range(len(words), 0, -1):
        name = " ".join(words[:k])
        if known(name):
            return _Hint(name, how, m.start(1) + len(name))
    return None


def _enclosing_place(after: str, key: str, gaz: Gazetteer) -> _Hint | None:
    """" of Dhaka" after "the Mirpur area": the known place the area is part of."""
    return _enclosing(after, "of-place", lambda name: (nkey := norm(name)) != key
                      and gaz.has_key(nkey, low_prior=False) and nkey not in stopwords())


def _enclosing_region(after: str, key: str, gaz: Gazetteer) -> _Hint | None:
    """" of Indian-administered Kashmir" after "the Poonch district": the division it lies in."""
    return _enclosing(after, "in-region", lambda name: norm(name) != key and bool(gaz.region_ids(name)))


def _division_ids(hint: _Hint, gaz: Gazetteer) -> tuple[int, ...]:
    """The region entries of the division a hint names: the lower division when the gazetteer
    has it (in the enclosing one), else the enclosing one; for "the X district of Aleppo", the
    places called Aleppo."""
    rows = gaz._rows
    if hint.how == "of-place":
        return tuple(x for x in gaz.ids_for_key(norm(hint.name))
                     if rows[x][FEATURE] == "place" and rows[x][DUMP] is None)
    upper = gaz.region_ids(f"{hint.name} {hint.word}" if hint.word else hint.name) or gaz.region_ids(hint.name)
    if hint.lower:
        lower = tuple(x for x in gaz.region_ids(hint.lower)
                      if not upper or rows[x][ADMIN1] == rows[upper[0]][ADMIN1])
        if lower:
            return lower
    return upper


@dataclass(frozen=True)
class _Hint:
    name: str  # the enclosing division: "Donetsk" in "X (Bakhmut district, Donetsk region)"
    how: str  # "comma-region", "in-region" or "paren-region"
    end: int  # where the admin phrase ends, as an offset into the text after the name
    lower: str | None = None  # a lower division named too: "Bakhmut"
    word: str | None = None  # the generic word after ``name``: "region", "district", ...


def _admin_hint(after: str, key: str, ids: tuple[int, ...], gaz: Gazetteer) -> _Hint | None:
    """The division named right after a toponym, and how: "Donetsk", "comma-region" for
    ", Donetsk region", "in-region" for " in the (central) Donetsk region", "paren-region" for
    " (Donetsk oblast)" or " (Hiraan)". Two in a row (", Bakhmut district, Donetsk region",
    " in Bakhmut district of Donetsk region", " (Bakhmut district, Donetsk region)") give the
    enclosing one as ``name`` (the first-level division when one is) and the other as
    ``lower``. A bare division name (no "region", "oblast", ...) counts only when one of the
    toponym's candidates lies in that division, so "(UP)" after "Patriotic Union" or ", Kharkiv"
    in a list is no hint; a capitalised generic word ("Islamic State") only when the name is a
    division's."""
    first = _one_hint(after, key, ids, gaz)
    if first is None:
        return None
    if first.how == "paren-region":
        return first
    second = _one_hint(after[first.end:], key, ids, gaz, chained=True)
    if second is None or norm(second.name) == norm(first.name):
        return first
    end = first.end + second.end
    if _is_admin1_name(first.name, gaz) and not _is_admin1_name(second.name, gaz):
        return _Hint(first.name, first.how, end, second.name, first.word)
    return _Hint(second.name, first.how, end, first.name, second.word)


def _one_hint(after: str, key: str, ids: tuple[int, ...], gaz: Gazetteer, chained: bool = False) -> _Hint | None:
    for how, rx in (("comma-region", COMMA_ADMIN), ("in-region", IN_ADMIN)):
        m = rx.match(after)
        if m and norm(m.group(1)) != key:
            name, word = _unpossess(m.group(1)), m.group(2)
            if word[0].isupper() and not gaz.regions(f"{name} {word}") and not _is_admin1_name(name, gaz):
                continue  # "X, Islamic State fighters"
            return _Hint(name, how, m.end(), word=word.lower())
    if chained:
        return None
    m = PAREN_ADMIN.match(after)
    if m and norm(m.group("name")) != key and (m.group("word") or _bare_admin1(m.group("name"), ids, gaz)):
        lower = _LOWER_DIVISION.match(m.group("lower").strip()) if m.group("lower") else None
        return _Hint(m.group("name"), "paren-region", m.end(), lower.group(1) if lower else None,
                     (m.group("word") or "").lower() or None)
    m = BARE_COMMA_ADMIN.match(after)
    if m and norm(m.group(1)) != key and _bare_admin1(m.group(1), ids, gaz):
        return _Hint(m.group(1), "comma-region", m.end())
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
