"""Counts and casualty tolls.

    find_counts(text) -> list[CountMention]
    find_tolls(text, start=0, end=None) -> list[Toll]

``find_counts`` finds quantities: digits ("26", "1,200", "3 million"), number words
("twenty-two", "a hundred", "one hundred and five"), "a dozen" (12, approximate) and vague
quantities ("dozens", "hundreds", "several", "many": value None, never a guess). A word such
as "at least", "about", "more than", "nearly" before the number, or "or more" / "+" after it,
sets ``approx`` and keeps the value ("at least 25" is 25). Numbers that are parts of dates,
times, ordinals, years or compounds ("11-year-old", "T-72") are not counts; a number followed
by a unit ("50 km", "five days") is a count with ``unit`` set.

``find_tolls`` reads casualty figures in ``text[start:end]`` (typically one sentence):

- a count followed by a casualty predicate: "21 people were killed", "17 dead and 367
  wounded", "one civilian suffered light injuries", "hundreds feared dead";
- a casualty verb followed by a count: "killing 21 civilians", "executed around 300 men",
  "neutralised 203 terrorists";
- a toll phrase: "put the death toll at fifteen", "the number of dead at around 400",
  "the number it had killed at about 300";
- one person: "an officer ... was fatally wounded" (killed 1), "a worker was taken to
  hospital with shrapnel wounds" (injured 1);
- none: "no one was killed or injured" (killed 0 and injured 0), "no lives were lost"
  (killed 0), "no casualties" / "no reports of casualties" (killed 0 and injured 0).

``kind`` is ``killed``, ``injured`` or ``casualties`` ("fewer than 100 casualties", "killed or
wounded": dead and injured together, callers decide). ``subset`` marks a part of a larger toll
("35 children among the dead", "dozens of them children", "including 20 children",
"13 of the dead"). A toll inside a clause about something else ("a war that killed about
30,000 people") is still returned: relevance is the caller's call.

Number words, vague words, approximators and units are data: ``lexicons/numbers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from contested.errors import DataFileError

__all__ = ["CountMention", "Toll", "find_counts", "find_tolls", "parse_number_words", "TOLL_KINDS"]

Span = tuple[int, int]
TOLL_KINDS = ("killed", "injured", "casualties")


@dataclass(frozen=True)
class CountMention:
    """A quantity. ``value`` None: vague ("dozens"); ``unit``: a measure ("km", "days")."""

    span: Span
    value: int | None
    approx: bool
    text: str
    unit: str | None = None

    @property
    def vague(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Toll:
    """A casualty figure: ``span`` covers the number phrase (for a zero toll, the "no ..."
    phrase)."""

    kind: str  # 'killed' | 'injured' | 'casualties'
    value: int | None
    span: Span
    approx: bool
    subset: bool
    text: str


# ---------------------------------------------------------------------------- grammar

def _alts(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Grammar:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    dozen: int
    measure: frozenset[str]
    count_re: re.Pattern[str]
    unit_re: re.Pattern[str]


def _load_numbers() -> dict[str, Any]:
    # read by path: importing the contested.lexicons package would load its other modules
    path = Path(__file__).resolve().parents[2] / "lexicons" / "numbers.yaml"
    where = str(path)
    try:
        raw = path.read_text("utf-8")
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(where, f"cannot load the number words ({exc}); reinstall contested") from None
    keys = ("units", "tens", "scales", "dozen", "vague", "approx_before", "approx_after", "measure_units")
    if not isinstance(data, dict) or any(k not in data for k in keys):
        raise DataFileError(where, f"must be a mapping with keys {', '.join(keys)}")
    return data


@cache
def _grammar() -> _Grammar:
    data = _load_numbers()
    units = {str(k).lower(): int(v) for k, v in data["units"].items()}
    tens = {str(k).lower(): int(v) for k, v in data["tens"].items()}
    scales = {str(k).lower(): int(v) for k, v in data["scales"].items()}
    numword = _alts(list(units) + list(tens) + list(scales))
    scale = _alts(list(scales))
    words = (rf"(?:(?:half\s+)?an?\s+(?:{scale}|dozen)|half\s+a\s+dozen|(?:{numword})"
             rf"(?:(?:\s*-\s*|\s+|\s+and\s+)(?:{numword}))*)(?![\w-])")
    digits = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?![\d:]|\.\d|,\d|-?[A-Za-z])(?:\s+(?:{scale})\b)?"
    vague = rf"(?:{_alts(data['vague'])})\b"
    before = _alts(data["approx_before"])
    after = _alts(data["approx_after"])
    count = (rf"(?i:\b(?:(?P<ap>{before})\s+)?(?:(?P<dig>(?<![\w.,:/-]){digits})|(?P<vague>{vague})"
             rf"|(?P<words>(?<!-){words}))(?P<post>\s*\+|\s+(?:{after})\b)?)")
    measure = [str(u).lower() for u in data["measure_units"]]
    unit_re = re.compile(rf"(?i)\s*-?\s*(?P<u>{_alts(measure)})(?![\w])")
    return _Grammar(units, tens, scales, int(data["dozen"]), frozenset(measure),
                    re.compile(count), unit_re)


def parse_number_words(phrase: str) -> int | None:
    """The value of a number in words ("twenty-two", "a hundred and five", "3 thousand"),
    or None when it is not a well-formed number."""
    g = _grammar()
    tokens = [t for t in re.split(r"[\s-]+", phrase.lower().strip()) if t and t != "and"]
    if not tokens:
        return None
    if tokens[0] == "half" and len(tokens) >= 3:
        rest = parse_number_words(" ".join(["one"] + tokens[2:]))
        return None if rest is None else rest // 2
    total = current = 0
    last = ""  # 'unit' | 'tens' | 'scale'
    for i, tok in enumerate(tokens):
        if tok in ("a", "an") and i == 0:
            current, last = 1, "unit"
            continue
        if tok == "dozen":
            current = (current or 1) * g.dozen
            last = "scale"
            continue
        if tok.replace(",", "").isdigit():
            if i:
                return None
            current, last = int(tok.replace(",", "")), "unit"
            continue
        if tok in g.units:
            if last in ("unit",) or (last == "tens" and g.units[tok] >= 10):
                return None
            current += g.units[tok]
            last = "unit"
        elif tok in g.tens:
            if last in ("unit", "tens"):
                return None
            current += g.tens[tok]
            last = "tens"
        elif tok in g.scales:
            value = g.scales[tok]
            if value == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * value
                current = 0
            last = "scale"
        else:
            return None
    return total + current


_MONTH_NEAR = re.compile(
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_RANGE_LINK = r"\s*(?:-|–|to|and|until|through)\s*"
_MONTH_BEFORE = re.compile(_MONTH_NEAR.pattern + r"\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?"
                           + _RANGE_LINK + ")?$")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?(?:" + _RANGE_LINK + r"\d{1,2}(?:st|nd|rd|th)?)?\s+(?:of\s+)?"
                          + _MONTH_NEAR.pattern + r"(?![a-z])")
_YEAR_NOUN = re.compile(r"\s+(?:people|persons|civilians|soldiers|troops|fighters|men|women|children|dead|"
                        r"deaths|killed|wounded|injured|casualties|residents|refugees|migrants)\b", re.I)


def find_counts(text: str) -> list[CountMention]:
    """Every quantity in ``text``, in order (see the module docstring)."""
    g = _grammar()
    out: list[CountMention] = []
    for m in g.count_re.finditer(text):
        approx = bool(m.group("ap") or m.group("post"))
        s, e = m.span()
        value: int | None
        if m.group("vague"):
            value = None
        elif m.group("dig"):
            raw = m.group("dig")
            number, _, scale = raw.partition(" ")
            scale = scale.strip().lower()
            if "." in number and not scale:
                continue  # a decimal is a measure, not a head count
            ds = m.start("dig")
            if _MONTH_BEFORE.search(text, max(0, ds - 24), ds) or _MONTH_AFTER.match(text, m.end("dig")):
                continue  # part of a date
            plain = number.replace(",", "")
            if not scale and "," not in number and len(plain) == 4 and 1800 <= int(plain) <= 2099 \
                    and not _YEAR_NOUN.match(text, m.end("dig")):
                continue  # a year
            value = round(float(plain) * (g.scales.get(scale, 1)))
        else:
            phrase = m.group("words")
            lowered = phrase.lower()
            if lowered == "one":
                before = text[max(0, s - 8):s].lower()
                if re.search(r"\b(?:no|any|every|some|each|the)\s*$", before) or re.match(
                        r"\s+another\b", text[m.end("words"):m.end("words") + 10]):
                    continue
            value = parse_number_words(phrase)
            if value is None:
                # a run like "one two": keep its first word only
                first = re.match(r"[A-Za-z]+", phrase)
                if first is None:
                    continue
                value = parse_number_words(first.group())
                if value is None:
                    continue
                e = m.start("words") + first.end()
            if "dozen" in lowered:
                approx = True
        unit = None
        um = g.unit_re.match(text, e)
        if um is not None and value is not None:
            unit = um.group("u").lower()
        out.append(CountMention((s, e), value, approx, text[s:e], unit))
    return out


# ---------------------------------------------------------------------------- tolls

_GATE = re.compile(r"(?i)kill|dead|death|die[ds]?\b|dying|wound|injur|hurt|casualt|fatal|lives|toll|"
                   r"execut|neutrali|massacr|hospital|slain|perish|eliminat|murder|slaughter|harm")

_KILL_VERB_LEFT = re.compile(
    r"(?i)\b(?:(?P<k>killing|killed|kills|kill|executed|executing|executes|massacred|massacring|"
    r"slaughtered|slaughtering|neutrali[sz]ed|neutrali[sz]ing|eliminated|eliminating|slew|murdered|"
    r"murdering|shot\s+dead|shooting\s+dead|claimed\s+the\s+lives\s+of|claiming\s+the\s+lives\s+of|"
    r"the\s+deaths?\s+of|the\s+killings?\s+of|the\s+massacre\s+of|the\s+bodies\s+of|bodies\s+of)"
    r"|(?P<i>wounding|wounded|wounds|injuring|injured|injures|hurting))\s+$")

_TOLL_LEFT = re.compile(
    r"(?i)\b(?P<what>(?:(?P<d>death|fatality)\s+|(?P<c>casualty)\s+|(?P<j>injury)\s+)?toll"
    r"|number\s+of\s+(?:the\s+)?(?:(?P<nd>dead|deaths|killed|fatalities|victims|people\s+killed|those\s+killed)"
    r"|(?P<nj>wounded|injured|injuries|people\s+injured|those\s+injured)|(?P<nc>casualties))"
    r"|number\s+(?:\w+\s+){0,3}?(?:(?P<vd>killed|dead)|(?P<vj>wounded|injured)))"
    r"(?:\s+(?!at\b|to\b|of\b)\w+){0,3}?\s+(?:at|to|of|was|is|as|reached|hit|passed|topped|exceeded)\s+$")

# predicates matched at a token after the count; 'part' marks participles that may be active
_PRED = re.compile(
    r"(?i)(?:(?P<kp>fatally\s+(?:wounded|injured|shot|stabbed|hurt)|mortally\s+wounded|shot\s+dead|"
    r"shot\s+and\s+killed|(?:burned|burnt|beaten|stabbed|hacked|crushed|starved|tortured)\s+to\s+death|"
    r"lost\s+(?:their|his|her)\s+li(?:ves|fe))"
    r"|(?P<kpart>killed|executed|massacred|slain|murdered|slaughtered|neutrali[sz]ed|eliminated)"
    r"|(?P<k>dead|died|die|dying|deaths?|fatalities|perished|bodies|succumbed)"
    r"|(?P<jpart>wounded|injured|hurt)"
    r"|(?P<j>injuries|injury|wounds|hospitali[sz]ed|(?:taken|rushed|admitted|airlifted|evacuated|brought)"
    r"\s+to\s+(?:a\s+|the\s+)?(?:\w+\s+)?hospitals?|treated\s+for|suffered\s+(?:\w+\s+){0,2}?"
    r"(?:injuries|wounds|burns)|sustained\s+(?:\w+\s+){0,2}?(?:injuries|wounds))"
    r"|(?P<c>casualties))(?![\w-])")
_PAIR = re.compile(r"(?i)\s+(?:or|and)\s+(?:(?:seriously|badly)\s+)?(?:wounded|injured|hurt)\b")
_OBJECT_AFTER = re.compile(
    r"(?i)\s+(?:a|an|the|his|her|their|its|our|him|them|us|me|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|at\s+least|more\s+than|about|around|some|nearly|over|dozens|hundreds|scores|several|"
    r"many|\d)\b")
_AMONG = re.compile(
    r"(?i)among\s+(?:the|those)\s+(?:[\d,]+\s+|[a-z]+(?:-[a-z]+)?\s+(?=killed|dead|wounded|injured))?"
    r"(?:(?P<k>dead|killed|victims|deaths|fatalities)|(?P<j>wounded|injured|hurt)"
    r"|(?P<c>casualties))\b")
_OF_SUB = re.compile(
    r"(?i)of\s+(?:them|whom|those|the\s+(?:(?P<k>dead|killed|victims|deaths|fatalities|bodies)"
    r"|(?P<j>wounded|injured)|(?P<c>casualties))\b)")
_SUBSET_LEFT = re.compile(r"(?i)\b(?:including|among\s+them|among\s+whom|of\s+whom|of\s+them|"
                          r"among\s+those|among\s+the\s+dead\s+were|among\s+them\s+were)\b")
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z0-9]+)*|\d[\d,.]*(?:-[A-Za-z0-9]+)*|[;:,()\[\]—–.!?]")
_AUX = frozenset("was were is are had have has been being be got remain remained remains".split())
_SKIP_AFTER_AUX = frozenset("""
reportedly also later all both each seriously badly critically slightly lightly gravely mortally
severely initially subsequently confirmed believed feared thought said reported presumed known to be
have been being then allegedly apparently either still now already just so officially likely
""".split())
_NEGATION = frozenset("not never no".split())
_STOP_WORDS = frozenset("""
when after before while because but said says say told according although though if unless until
where whereas since during
""".split())
_ED_ADJ = frozenset("""
armed unarmed displaced detained suspected alleged unidentified retired trapped stranded named unnamed
uniformed masked hooded registered enlisted conscripted trained uninvolved elderly infected affected
missing
""".split())
_ACTIVE_ING = frozenset("killing wounding injuring executing massacring hurting".split())
_PAREN_CUE = re.compile(r"(?i)\b(?:of\s+them|of\s+whom|including|among\s+them|mostly|mainly|largely|said|"
                        r"says|according|officials?|reportedly)\b")
_MAX_WORDS = 10
_NEG = re.compile(
    r"(?i)\b(?:"
    r"(?P<n1>no[\s-]+one|nobody|none)(?:\s+(?:else|of\s+them|of\s+the\s+\w+))?\s+(?:(?:was|were|has\s+been|"
    r"had\s+been|have\s+been|is|are|got)\s+)?(?:(?:reported|reportedly|seriously|badly)\s+)?"
    r"(?P<n1w>killed|hurt|injured|wounded|harmed|dead|died)(?:\s+(?:or|and|nor)\s+(?P<n1w2>killed|hurt|"
    r"injured|wounded|harmed))?"
    r"|(?P<n2>no\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:any\s+)?(?:immediate\s+)?(?:civilian\s+|military\s+|"
    r"human\s+)?)(?P<n2w>casualties|fatalities|deaths|injuries|victims|loss\s+of\s+(?:human\s+)?life"
    r"|lives\s+(?:were|have\s+been|had\s+been|was)\s+lost)"
    r"|(?P<n3>without\s+(?:any\s+)?(?:civilian\s+)?)(?P<n3w>casualties|injuries|loss\s+of\s+(?:human\s+)?life)"
    r"|(?P<n4>no\s+(?:\w+\s+)?(?:civilians|people|persons|soldiers|residents|troops|servicemen|one\s+else))"
    r"\s+(?:were|was|have\s+been|had\s+been|has\s+been)\s+(?:reported\s+)?(?P<n4w>killed|hurt|injured|"
    r"wounded|harmed)(?:\s+(?:or|and|nor)\s+(?P<n4w2>killed|hurt|injured|wounded|harmed))?"
    r")\b")
_COORD_OBJECT = re.compile(r"(?i)(?:\s+[\w'’-]+){1,4}?\s+(?:and|as\s+well\s+as)\s+"
                           r"(?:(?:his|her|their|its|the)\s+)?$")
_NOUN_AFTER_A = re.compile(r"(?:\s+(?!(?:of|was|is|had|has|who|that|which|with|in|at|on|from|and|or|died|"
                           r"suffered)\b)[\w'’-]+){1,3}?(?=\s+(?:of|was|is|had|has|who|that|which|with|"
                           r"in|at|on|from|and|or|died|suffered)\b|[,.;:]|$)|\s+[\w'’-]+")
_UNIT_AFTER_A = re.compile(r"(?i)\s+(?:day|week|month|year|decade|hour|minute|moment|time|while|bit)s?\b")
_SINGULAR = re.compile(r"\b(?:[Aa]n?)\s+(?=[\w])")


def _neg_kinds(word: str | None) -> tuple[str, ...]:
    if not word:
        return ()
    w = word.lower()
    if w in ("harmed", "casualties", "victims"):
        return ("killed", "injured")
    if w in ("killed", "dead", "died", "fatalities", "deaths") or w.startswith(("loss", "lives")):
        return ("killed",)
    return ("injured",)


def _pred_kind(m: re.Match[str]) -> str:
    if m.group("kp") or m.group("kpart") or m.group("k"):
        return "killed"
    if m.group("jpart") or m.group("j"):
        return "injured"
    return "casualties"


def _group_kind(m: re.Match[str]) -> str | None:
    if m.group("k"):
        return "killed"
    if m.group("j"):
        return "injured"
    if m.group("c"):
        return "casualties"
    return None


@dataclass
class _Cand:
    span: Span
    value: int | None
    approx: bool
    singular: bool = False  # "a"/"an": counts only with singular, passive predicates


class _Reader:
    """Resolves the toll kind of each candidate count in one window."""

    def __init__(self, text: str, start: int, end: int, cands: list[_Cand]) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.cands = cands
        self.by_start = {c.span[0]: i for i, c in enumerate(cands)}
        self.memo: dict[int, tuple[str | None, bool, int]] = {}
        self.by_left: set[int] = set()

    def subset_left(self, c: _Cand) -> bool:
        seg_start = self.start
        for p in (",", ";", "(", ":", "—"):
            k = self.text.rfind(p, self.start, c.span[0])
            if k + 1 > seg_start:
                seg_start = k + 1
        return bool(_SUBSET_LEFT.search(self.text, seg_start, c.span[0]))

    def left(self, c: _Cand, kill_only: bool = False) -> str | None:
        lo = max(self.start, c.span[0] - 80)
        left = self.text[lo:c.span[0]]
        m = _KILL_VERB_LEFT.search(left)
        if m:
            return "killed" if m.group("k") else "injured"
        if kill_only:
            return None
        m = _TOLL_LEFT.search(left)
        if m:
            if m.group("j") or m.group("nj") or m.group("vj"):
                return "injured"
            if m.group("c") or m.group("nc"):
                return "casualties"
            return "killed"
        return None

    def resolve(self, i: int) -> tuple[str | None, bool, int]:
        """(kind or None, subset, predicate position) of candidate i."""
        if i in self.memo:
            return self.memo[i]
        self.memo[i] = (None, False, -1)  # guards cycles
        c = self.cands[i]
        subset = self.subset_left(c) if not c.singular else False
        kind = self.left(c, kill_only=c.singular)
        if kind is not None:
            self.by_left.add(i)
            result = (kind, subset, c.span[0])
        else:
            kind, sub2, pos = self.right(i, c, subset)
            result = (kind, subset or sub2, pos)
        self.memo[i] = result
        return result

    def right(self, i: int, c: _Cand, in_paren: bool) -> tuple[str | None, bool, int]:  # noqa: C901
        text, end = self.text, self.end
        pos = c.span[1]
        words = 0
        subset = False
        saw_aux = passive = False
        prev = ""
        while pos < end and words <= _MAX_WORDS:
            m = _TOKEN.search(text, pos, end)
            if m is None:
                break
            tok = m.group()
            low = tok.lower()
            tpos = m.start()
            # another count starts here
            j = self.by_start.get(tpos)
            if j is not None and j != i and not self.cands[j].singular:
                if prev in ("and", "or", ","):
                    kind, _, ppos = self.resolve(j)
                    return kind, subset, ppos
                return None, subset, -1
            if saw_aux:
                if low in _NEGATION:
                    return None, subset, -1
                if low in _SKIP_AFTER_AUX or low in _AUX:
                    if low in ("been", "be", "being") or (low in _AUX and low not in ("had", "have", "has")):
                        passive = True
                    pos = m.end()
                    continue
                am = _AMONG.match(text, tpos, end)
                if am:
                    return _group_kind(am), True, tpos
                pm = _PRED.match(text, tpos, end)
                if pm:
                    return self._pred(pm, c, passive), subset, tpos
                return None, subset, -1
            if tok in ".;:!?()[]—–":
                return None, subset, -1
            if tok == ",":
                if in_paren or subset:
                    in_paren = subset = subset or in_paren
                    prev = ","
                    pos = m.end()
                    continue
                close = text.find(",", m.end(), min(end, m.end() + 90))
                if close != -1 and _PAREN_CUE.search(text, m.end(), close):
                    pos = close + 1
                    prev = ","
                    continue
                return None, subset, -1
            if low in ("of",):
                sm = _OF_SUB.match(text, tpos, end)
                if sm:
                    if c.singular:
                        return None, subset, -1
                    subset = True
                    k = _group_kind(sm)
                    if k is not None:
                        return k, True, tpos
                    pos = sm.end()
                    words += 1
                    prev = "of"
                    continue
            if low == "among":
                am = _AMONG.match(text, tpos, end)
                if am:
                    return _group_kind(am), True, tpos
            if low in _AUX:
                saw_aux = True
                passive = passive or low not in ("had", "have", "has")
                if c.singular and low not in ("was", "is", "has", "had", "got"):
                    return None, subset, -1
                pos = m.end()
                continue
            pm = _PRED.match(text, tpos, end)
            if pm:
                kind = self._pred(pm, c, False)
                return kind, subset, tpos if kind else -1
            if low in _STOP_WORDS or low in _ACTIVE_ING:
                return None, subset, -1
            if len(low) > 4 and low.endswith("ed") and low not in _ED_ADJ and words > 0:
                return None, subset, -1  # some other verb: "missiles launched", "sensors knocked"
            words += 1
            prev = low
            pos = m.end()
        return None, subset, -1

    def _pred(self, pm: re.Match[str], c: _Cand, after_aux: bool) -> str | None:
        if pm.group("kpart") or pm.group("jpart"):
            if not after_aux:
                if c.singular:
                    return None  # "a war that killed ...": the count is the agent
                if _OBJECT_AFTER.match(self.text, pm.end(), self.end):
                    return None  # "two gunmen killed three people"
        elif c.singular and pm.group("k") and pm.group("k").lower() not in ("died", "succumbed", "perished"):
            return None  # "a ... dead/deaths" is not one person
        kind = _pred_kind(pm)
        if kind == "killed" and not pm.group("kp") and _PAIR.match(self.text, pm.end(), self.end):
            return "casualties"
        return kind


def find_tolls(text: str, start: int = 0, end: int | None = None) -> list[Toll]:
    """Casualty figures in ``text[start:end]``, in order of their spans (see the module
    docstring). Spans index ``text``."""
    if end is None or end > len(text):
        end = len(text)
    start = max(0, start)
    if start >= end or not _GATE.search(text, start, end):
        return []
    window = text[start:end]
    out: list[Toll] = []
    taken: list[Span] = []
    # zero tolls
    for m in _NEG.finditer(window):
        if m.group("n1"):
            kinds = _neg_kinds(m.group("n1w")) + _neg_kinds(m.group("n1w2"))
        elif m.group("n2"):
            kinds = _neg_kinds(m.group("n2w"))
        elif m.group("n3"):
            kinds = _neg_kinds(m.group("n3w"))
        else:
            kinds = _neg_kinds(m.group("n4w")) + _neg_kinds(m.group("n4w2"))
        span = (start + m.start(), start + m.end())
        for kind in dict.fromkeys(kinds):
            out.append(Toll(kind, 0, span, False, False, text[span[0]:span[1]]))
        taken.append(span)

    cands: list[_Cand] = []
    for cm in find_counts(window):
        if cm.unit is not None:
            continue
        span = (start + cm.span[0], start + cm.span[1])
        if any(a <= span[0] < b for a, b in taken):
            continue
        cands.append(_Cand(span, cm.value, cm.approx))
    count_starts = {c.span[0] for c in cands}
    for m in _SINGULAR.finditer(window):
        s = start + m.start()
        if s in count_starts or any(c.span[0] <= s < c.span[1] for c in cands):
            continue
        cands.append(_Cand((s, start + m.end() - (len(m.group()) - len(m.group().rstrip()))), 1, False,
                           singular=True))
    cands.sort(key=lambda c: c.span[0])
    if not cands:
        out.sort(key=lambda t: t.span)
        return out

    reader = _Reader(text, start, end, cands)
    claimed: set[int] = set()
    found: list[tuple[_Cand, str | None, bool, int]] = []
    for i, c in enumerate(cands):
        kind, subset, ppos = reader.resolve(i)
        found.append((c, kind, subset, ppos))
    # "a"/"an": only when no real count already owns that predicate
    for c, kind, _, ppos in found:
        if kind and not c.singular:
            claimed.add(ppos)
    last_kind: str | None = None
    last_object_end = -1  # end of the last count that was the object of a casualty verb
    for i, (c, kind, subset, ppos) in enumerate(found):
        if kind is None and last_object_end >= 0 and last_kind is not None \
                and _COORD_OBJECT.match(text, last_object_end, c.span[0]):
            kind, ppos = last_kind, c.span[0]  # "killed a woman and her two children"
            reader.by_left.add(i)
        if c.singular:
            if not kind or ppos in claimed or _UNIT_AFTER_A.match(text, c.span[1], end):
                continue
            claimed.add(ppos)
            # the noun phrase after "a"/"an" makes the span: "an officer", "a 55-year-old man"
            nm = _NOUN_AFTER_A.match(text, c.span[1], end)
            s_end = nm.end() if nm else c.span[1]
            out.append(Toll(kind, 1, (c.span[0], s_end), False, False, text[c.span[0]:s_end]))
            last_kind = kind
            last_object_end = c.span[1] if i in reader.by_left else -1
            continue
        if kind is None and subset and last_kind is not None:
            kind = last_kind  # "killed 26 people, including 20 children"
        if kind is None:
            continue
        out.append(Toll(kind, c.value, c.span, c.approx, subset, text[c.span[0]:c.span[1]]))
        last_kind = kind
        last_object_end = c.span[1] if i in reader.by_left else -1
    out.sort(key=lambda t: (t.span, TOLL_KINDS.index(t.kind)))
    return out
