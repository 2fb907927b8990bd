"""Load, validate and match the event lexicons (triggers, weapons, cues).

Each lexicon is a YAML data file next to this module (format: ``README.md``). Loading
validates every entry and raises :class:`contested.errors.DataFileError` naming the file,
line, entry and problem. Each lexicon compiles to ONE combined regex (one named group per
pattern), so ``find()`` is a single ``finditer`` pass over the text.

Matching rules shared by all lexicons:

* case-insensitive; a pattern only matches whole words (``(?<!\\w)`` / ``(?!\\w)`` around it);
* where two patterns could start at the same position, the one whose shortest possible
  match is longer is tried first (then the longer source): "rocket-propelled grenade"
  before "rocket"; matches do not overlap;
* a trigger's ``requires`` / ``unless`` scopes are checked in the sentence holding the
  match; a match that fails them gives way to the next pattern that matches at that spot.
"""

from __future__ import annotations

import math
import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from contested.errors import DataFileError
from contested.records import SUB_TO_TYPE, TAXONOMY, Span

HERE = Path(__file__).resolve().parent
TRIGGERS_FILE = HERE / "triggers.yaml"
WEAPONS_FILE = HERE / "weapons.yaml"
CUES_FILE = HERE / "cues.yaml"

CUE_KINDS = ("irrealis", "background", "negation", "hedge")
CUE_SCOPES = ("before", "after", "sentence")
DEFAULT_CUE_SCOPE = {"irrealis": "before", "negation": "before",
                     "background": "sentence", "hedge": "sentence"}
SUB_TYPES: tuple[str, ...] = tuple(sub for subs in TAXONOMY.values() for sub in subs)
_SUB_ORDER = {sub: i for i, sub in enumerate(SUB_TYPES)}

_MACRO = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_SENT_BREAK = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])|\n\s*")
_FLAGS = re.IGNORECASE
_SENT_MAX = 400  # a "sentence" window never reaches further than this from the match


# ----------------------------------------------------------------- records
@dataclass(frozen=True, slots=True)
class TriggerMatch:
    span: Span
    sub_event_type: str
    event_type: str
    weight: float
    pattern_id: str  # "<entry id>#<pattern index>"
    text: str
    pos: tuple[str, ...] = ()  # the parts of speech the trigger's head word may have (empty: any)
    transitive: bool = False  # the trigger verb needs an object ("ceded the town", not "ceded to")
    one_sided: bool = False  # one side's act ("stormed"): a battle only when an armed side meets it


@dataclass(frozen=True, slots=True)
class WeaponMatch:
    span: Span
    name: str
    weapon_class: str
    implies: str | None
    text: str


@dataclass(frozen=True, slots=True)
class CueMatch:
    span: Span
    kind: str  # irrealis | background | negation | hedge
    cue_id: str
    scope: str  # before | after | sentence
    text: str


# ----------------------------------------------------------------- YAML reading
class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the 1-based line of every mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _read(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot read lexicon file: {exc.strerror or exc}") from exc
    try:
        data = yaml.load(raw, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise DataFileError(where, f"not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict):
        raise DataFileError(str(path), "top level must be a mapping with 'version' and entries")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DataFileError(f"{path}:{data.get('__line__', 1)}", "'version' must be a positive integer")
    return data


def _where(path: Path, entry: Any) -> str:
    line = entry.get("__line__") if isinstance(entry, dict) else None
    return f"{path}:{line}" if line else str(path)


def _label(entry: Any, index: int) -> str:
    if isinstance(entry, dict):
        for key in ("id", "name"):
            if isinstance(entry.get(key), str):
                return f"entry {entry[key]!r}"
    return f"entry #{index + 1}"


def _expand(pattern: str, macros: dict[str, str], where: str, label: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in macros:
            raise DataFileError(where, f"{label}: unknown macro {{{name}}} in pattern {pattern!r}")
        return macros[name]

    return _MACRO.sub(sub, pattern)


def _check_regex(pattern: str, where: str, label: str, shown: str | None = None) -> None:
    if _GLOBAL_FLAGS.search(pattern):
        raise DataFileError(where, f"{label}: pattern {shown or pattern!r} sets a global flag; "
                                   "use a scoped group such as (?-i:...)")
    try:
        compiled = re.compile(pattern, _FLAGS)
    except re.error as exc:
        raise DataFileError(where, f"{label}: bad regex {shown or pattern!r}: {exc}") from exc
    if compiled.groups:
        raise DataFileError(where, f"{label}: pattern {shown or pattern!r} has a capturing group; "
                                   "use (?:...) instead")
    if compiled.match(""):
        raise DataFileError(where, f"{label}: pattern {shown or pattern!r} matches the empty string")


def _patterns(entry: dict[str, Any], where: str, label: str, macros: dict[str, str]) -> list[tuple[str, str]]:
    """[(source, expanded)] for an entry's non-empty ``patterns`` list, each validated."""
    pats = entry.get("patterns")
    if not isinstance(pats, list) or not pats:
        raise DataFileError(where, f"{label}: 'patterns' must be a non-empty list of regexes")
    out = []
    for p in pats:
        if not isinstance(p, str) or not p.strip():
            raise DataFileError(where, f"{label}: every pattern must be a non-empty string, got {p!r}")
        expanded = _expand(p, macros, where, label)
        _check_regex(expanded, where, label, shown=p)
        out.append((p, expanded))
    return out


def _sub_type(value: Any, where: str, label: str, *, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if value not in SUB_TO_TYPE:
        raise DataFileError(where, f"{label}: unknown sub_event_type {value!r} (expected one of the 25 "
                                   "ACLED sub-types in FORMAT.md" + (", or null" if nullable else "") + ")")
    return value


# ----------------------------------------------------------------- combined matching
#
# Speed: Python's re tries every alternative of a big alternation at every position, and
# case-insensitive literals defeat its fast branch skipping. So the text is lower-cased
# (length-preserving), patterns are lower-cased and compiled WITHOUT re.I, and matching is
# only tried at word starts, each with the small alternation of the patterns that can begin
# with the word's first two characters (worked out from the parsed regex). Patterns with
# case-sensitive parts ``(?-i:...)`` are re-checked on the original text.

_WORD = re.compile(r"\w+")
_PREFIX_LEN = 2
_PREFIX_CAP = 400
_CATEGORY_CHARS = {_c.CATEGORY_DIGIT: "0123456789", _c.CATEGORY_SPACE: " \t\n\r\f\v"}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT))
_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")


def _bounded(src: str) -> str:
    return rf"(?<!\w)(?:{src})(?!\w)"


def _lower_pattern(src: str) -> str:
    r"""Lower-case a regex source, leaving escapes (``\W``, ``\S``, ``\B``...) intact."""
    out, i = [], 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            out.append(src[i:i + 2])
            i += 2
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def _lower_text(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):  # str.lower never shrinks a char, so equal length = aligned
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _pre_seq(seq: Any, n: int) -> set[str] | None:
    """Strings of length <= n that every match of ``seq`` starts with (shorter: the match ends)."""
    acc = {""}
    for op, av in seq:
        nxt: set[str] = set()
        for a in acc:
            if len(a) >= n:
                nxt.add(a)
                continue
            sub = _pre_item(op, av, n - len(a))
            if sub is None:
                return None
            nxt.update(a + b for b in sub)
        acc = nxt
        if len(acc) > _PREFIX_CAP:
            return None
    return acc


def _pre_item(op: Any, av: Any, n: int) -> set[str] | None:
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is _c.LITERAL:
                chars.add(chr(a))
            elif o is _c.RANGE and a[1] - a[0] < 64:
                chars.update(chr(x) for x in range(a[0], a[1] + 1))
            elif o is _c.CATEGORY and a in _CATEGORY_CHARS:
                chars.update(_CATEGORY_CHARS[a])
            else:
                return None
        return chars
    if op is _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            sub = _pre_seq(branch, n)
            if sub is None:
                return None
            out |= sub
        return out
    if op is _c.SUBPATTERN:
        return _pre_seq(av[-1], n)
    if op in _REPEATS:
        lo, hi, body = av
        out, acc = set(), {""}
        for k in range(0, min(hi, n + 1) + 1):
            if k >= lo:
                out |= acc
            grown: set[str] = set()
            for a in acc:
                if len(a) >= n:
                    out.add(a)
                    continue
                sub = _pre_seq(body, n - len(a))
                if sub is None:
                    return None
                grown.update(a + b for b in sub)
            acc = grown
            if not acc or len(acc) > _PREFIX_CAP:
                return None if acc else out
        return out | {a for a in acc if len(a) >= n}
    if op in _ZERO_WIDTH:
        return {""}
    return None


def _prefixes(lowered_src: str) -> tuple[str, set[str]] | None:
    """How to dispatch a (lower-cased) pattern: ("2", 2-char keys), ("1", first chars) or None (any)."""
    try:
        parsed = _parser.parse(lowered_src)
    except re.error:  # pragma: no cover - validated before
        return None
    two = _pre_seq(list(parsed), _PREFIX_LEN)
    if two is not None and two and all(len(p) == _PREFIX_LEN for p in two):
        return "2", two
    one = _pre_seq(list(parsed), 1)
    if one is not None and one and all(len(p) == 1 for p in one):
        return "1", one
    return None


class _Combined:
    """Many patterns matched as one; ``tags[k]`` describes alternative ``k``."""

    def __init__(self, alternatives: Sequence[tuple[str, Any]]) -> None:
        def priority(i: int) -> tuple[int, int, int]:
            src = alternatives[i][0]
            return (-_parser.parse(src, _FLAGS).getwidth()[0], -len(src), i)

        order = sorted(range(len(alternatives)), key=priority)
        self.tags = [alternatives[i][1] for i in order]
        self.sources = [alternatives[i][0] for i in order]
        self.lowered = [_lower_pattern(src) for src in self.sources]
        self.cased = [("(?-i:" in src) for src in self.sources]
        by2: dict[str, list[int]] = {}
        by1: dict[str, list[int]] = {}
        anywhere: list[int] = []
        for k, low in enumerate(self.lowered):
            how = _prefixes(low)
            if how is None:
                anywhere.append(k)
                continue
            target = by2 if how[0] == "2" else by1
            for key in how[1]:
                target.setdefault(key, []).append(k)
        self._by2, self._by1, self._any = by2, by1, anywhere
        self._rx2: dict[str, tuple[re.Pattern[str], list[int]] | None] = {}
        self._rx1: dict[str, tuple[re.Pattern[str], list[int]] | None] = {}
        self._single: dict[int, re.Pattern[str]] = {}
        self._single_cased: dict[int, re.Pattern[str]] = {}

    def _compile(self, ks: Iterable[int]) -> tuple[re.Pattern[str], list[int]] | None:
        ks = sorted(set(ks))
        if not ks:
            return None
        body = "|".join(f"(?P<p{k}>{self.lowered[k]})" for k in ks)
        return re.compile(rf"(?:{body})(?!\w)"), ks

    def _for_key(self, key: str) -> tuple[re.Pattern[str], list[int]] | None:
        got = self._rx2.get(key, False)
        if got is False:
            first = key[:1]
            if key in self._by2:
                got = self._compile(self._by2[key] + self._by1.get(first, []) + self._any)
            else:
                got = self._rx1.get(first, False)
                if got is False:
                    got = self._rx1[first] = self._compile(self._by1.get(first, []) + self._any)
            self._rx2[key] = got
        return got  # type: ignore[return-value]

    def single(self, k: int, text: str, low: str, pos: int, stop: int) -> re.Match[str] | None:
        """Alternative ``k`` alone, anchored at ``pos`` (on the original text if case matters)."""
        if self.cased[k]:
            rx = self._single_cased.get(k)
            if rx is None:
                rx = self._single_cased[k] = re.compile(rf"(?:{self.sources[k]})(?!\w)", _FLAGS)
            return rx.match(text, pos, stop)
        rx = self._single.get(k)
        if rx is None:
            rx = self._single[k] = re.compile(rf"(?:{self.lowered[k]})(?!\w)")
        return rx.match(low, pos, stop)

    def iter(self, text: str, start: int, end: int | None,
             accept: Any = None) -> Iterable[tuple[int, Span]]:
        """(alternative, span) for leftmost, non-overlapping matches at word starts.

        ``accept(k, span) -> bool`` may veto a match; the next alternative that matches at
        the same position (in priority order) is then tried."""
        stop = len(text) if end is None else min(end, len(text))
        if not self.sources or start >= stop:
            return
        low = _lower_text(text)
        last = -1
        for w in _WORD.finditer(low, start, stop):
            pos = w.start()
            if pos < last or (pos > 0 and (low[pos - 1].isalnum() or low[pos - 1] == "_")):
                continue
            entry = self._for_key(low[pos:pos + _PREFIX_LEN])
            if entry is None:
                continue
            rx, ks = entry
            m = rx.match(low, pos, stop)
            if m is None:
                continue
            k = int(m.lastgroup[1:])  # type: ignore[index]
            span = m.span()
            if self.cased[k]:
                mc = self.single(k, text, low, pos, stop)
                span = mc.span() if mc else None  # type: ignore[assignment]
            if span is None or (accept is not None and not accept(k, span)):
                span = None
                for k2 in ks[ks.index(k) + 1:]:
                    m2 = self.single(k2, text, low, pos, stop)
                    if m2 and (accept is None or accept(k2, m2.span())):
                        k, span = k2, m2.span()
                        break
                if span is None:
                    continue
            last = span[1]
            yield k, span


def sentence_bounds(text: str, start: int, end: int) -> Span:
    """The sentence around ``text[start:end]`` (never more than 400 chars either side)."""
    lo = max(0, start - _SENT_MAX)
    s = lo
    for m in _SENT_BREAK.finditer(text, lo, start):
        s = m.end()
    hi = min(len(text), end + _SENT_MAX)
    m = _SENT_BREAK.search(text, end, hi)
    e = m.start() + 1 if m else hi
    return s, e


# ----------------------------------------------------------------- triggers
@dataclass(frozen=True, slots=True)
class _Trigger:
    entry_id: str
    index: int
    sub_event_type: str
    event_type: str
    weight: float
    requires: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    pos: tuple[str, ...] = ()
    transitive: bool = False
    one_sided: bool = False


_UPOS = frozenset({"VERB", "NOUN", "ADJ", "PROPN", "AUX", "ADV", "NUM"})


class TriggerLexicon:
    """Trigger patterns for the 25 ACLED sub-event types."""

    def __init__(self, path: Path, version: int, entries: list[_Trigger], sources: list[str],
                 scopes: dict[str, re.Pattern[str]]) -> None:
        self.path = path
        self.version = version
        self.scopes = scopes
        self.entries = entries
        self._combined = _Combined(list(zip(sources, entries, strict=True)))

    @classmethod
    def from_file(cls, path: str | Path) -> TriggerLexicon:
        path = Path(path)
        data = _read(path)
        macros_raw = data.get("macros") or {}
        if not isinstance(macros_raw, dict):
            raise DataFileError(_where(path, data), "'macros' must be a mapping NAME: regex")
        macros: dict[str, str] = {}
        for name, value in macros_raw.items():
            if name == "__line__":
                continue
            if not isinstance(name, str) or not re.fullmatch(r"[A-Z][A-Z0-9_]*", name) \
                    or not isinstance(value, str):
                raise DataFileError(_where(path, macros_raw),
                                    f"macro {name!r}: names are UPPER_CASE, values regexes")
            expanded = _expand(value, macros, _where(path, macros_raw), f"macro {name!r}")
            _check_regex(expanded, _where(path, macros_raw), f"macro {name!r}")
            macros[name] = expanded
        scopes_raw = data.get("scopes") or {}
        if not isinstance(scopes_raw, dict):
            raise DataFileError(_where(path, data), "'scopes' must be a mapping name: regex")
        scopes: dict[str, re.Pattern[str]] = {}
        for name, value in scopes_raw.items():
            if name == "__line__":
                continue
            where = _where(path, scopes_raw)
            if not isinstance(value, str):
                raise DataFileError(where, f"scope {name!r}: value must be a regex string")
            expanded = _expand(value, macros, where, f"scope {name!r}")
            _check_regex(expanded, where, f"scope {name!r}")
            scopes[str(name)] = re.compile(_bounded(expanded), _FLAGS)
        triggers = data.get("triggers")
        if not isinstance(triggers, list) or not triggers:
            raise DataFileError(str(path), "'triggers' must be a non-empty list")
        entries: list[_Trigger] = []
        sources: list[str] = []
        seen: set[str] = set()
        for i, entry in enumerate(triggers):
            where, label = _where(path, entry), _label(entry, i)
            if not isinstance(entry, dict):
                raise DataFileError(where, f"{label}: must be a mapping")
            unknown = set(entry) - {"id", "sub_event_type", "weight", "patterns", "requires", "unless",
                                    "pos", "transitive", "one_sided", "note", "__line__"}
            if unknown:
                raise DataFileError(where, f"{label}: unknown key(s) {sorted(unknown)}")
            eid = entry.get("id")
            if not isinstance(eid, str) or not eid:
                raise DataFileError(where, f"{label}: 'id' must be a non-empty string")
            if eid in seen:
                raise DataFileError(where, f"{label}: duplicate id")
            seen.add(eid)
            sub = _sub_type(entry.get("sub_event_type"), where, label)
            weight = entry.get("weight", 1.0)
            if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight) \
                    or weight <= 0:
                raise DataFileError(where, f"{label}: 'weight' must be a positive number, got {weight!r}")
            req = _scope_list(entry, "requires", scopes, where, label)
            unl = _scope_list(entry, "unless", scopes, where, label)
            pos = entry.get("pos") or []
            if not isinstance(pos, list) or not all(p in _UPOS for p in pos):
                raise DataFileError(where, f"{label}: 'pos' must be a list of {sorted(_UPOS)}, got {pos!r}")
            transitive = entry.get("transitive", False)
            if not isinstance(transitive, bool):
                raise DataFileError(where, f"{label}: 'transitive' must be true or false, got {transitive!r}")
            one_sided = entry.get("one_sided", False)
            if not isinstance(one_sided, bool):
                raise DataFileError(where, f"{label}: 'one_sided' must be true or false, got {one_sided!r}")
            for j, (_src, expanded) in enumerate(_patterns(entry, where, label, macros)):
                entries.append(_Trigger(eid, j, sub, SUB_TO_TYPE[sub], float(weight), req, unl,
                                        tuple(pos), transitive, one_sided))
                sources.append(expanded)
        return cls(path, data["version"], entries, sources, scopes)

    def _accepts(self, t: _Trigger, text: str, span: Span) -> bool:
        if not t.requires and not t.unless:
            return True
        s, e = sentence_bounds(text, *span)
        if any(rx.search(text, s, e) is None for rx in t.requires):
            return False
        return not any(rx.search(text, s, e) for rx in t.unless)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[TriggerMatch]:
        """All trigger matches in ``text[start:end]``, in text order, spans absolute."""
        comb = self._combined

        def accept(k: int, span: Span) -> bool:
            return self._accepts(comb.tags[k], text, span)

        out: list[TriggerMatch] = []
        for k, (s, e) in comb.iter(text, start, end, accept):
            t: _Trigger = comb.tags[k]
            out.append(TriggerMatch((s, e), t.sub_event_type, t.event_type, t.weight,
                                    f"{t.entry_id}#{t.index}", text[s:e], t.pos, t.transitive, t.one_sided))
        return out


def _scope_list(entry: dict[str, Any], key: str, scopes: dict[str, re.Pattern[str]], where: str,
                label: str) -> tuple[re.Pattern[str], ...]:
    value = entry.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise DataFileError(where, f"{label}: {key!r} must be a list of scope names")
    out = []
    for name in value:
        if name not in scopes:
            raise DataFileError(where, f"{label}: {key!r} names unknown scope {name!r} "
                                       f"(defined: {', '.join(sorted(scopes)) or 'none'})")
        out.append(scopes[name])
    return tuple(out)


# ----------------------------------------------------------------- weapons
@dataclass(frozen=True, slots=True)
class _Weapon:
    name: str
    weapon_class: str
    implies: str | None


class WeaponLexicon:
    """Weapon names and classes, each with the sub-type it suggests."""

    def __init__(self, path: Path, version: int, weapons: list[_Weapon], sources: list[str]) -> None:
        self.path = path
        self.version = version
        self.weapons = {w.name: w for w in weapons}
        self._combined = _Combined(list(zip(sources, weapons, strict=True)))

    @classmethod
    def from_file(cls, path: str | Path) -> WeaponLexicon:
        path = Path(path)
        data = _read(path)
        items = data.get("weapons")
        if not isinstance(items, list) or not items:
            raise DataFileError(str(path), "'weapons' must be a non-empty list")
        weapons: list[_Weapon] = []
        sources: list[str] = []
        names: set[str] = set()
        for i, entry in enumerate(items):
            where, label = _where(path, entry), _label(entry, i)
            if not isinstance(entry, dict):
                raise DataFileError(where, f"{label}: must be a mapping")
            unknown = set(entry) - {"name", "class", "implies", "patterns", "note", "__line__"}
            if unknown:
                raise DataFileError(where, f"{label}: unknown key(s) {sorted(unknown)}")
            name, wclass = entry.get("name"), entry.get("class")
            if not isinstance(name, str) or not name:
                raise DataFileError(where, f"{label}: 'name' must be a non-empty string")
            if name in names:
                raise DataFileError(where, f"{label}: duplicate name")
            names.add(name)
            if not isinstance(wclass, str) or not wclass:
                raise DataFileError(where, f"{label}: 'class' must be a non-empty string")
            if "implies" not in entry:
                raise DataFileError(where, f"{label}: 'implies' is required (a sub_event_type or null)")
            implies = _sub_type(entry["implies"], where, label, nullable=True)
            w = _Weapon(name, wclass, implies)
            for _src, expanded in _patterns(entry, where, label, {}):
                weapons.append(w)
                sources.append(expanded)
        return cls(path, data["version"], weapons, sources)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[WeaponMatch]:
        """All weapon mentions in ``text[start:end]``, in text order."""
        tags = self._combined.tags
        return [WeaponMatch((s, e), tags[k].name, tags[k].weapon_class, tags[k].implies, text[s:e])
                for k, (s, e) in self._combined.iter(text, start, end)]


# ----------------------------------------------------------------- cues
@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str
    cue_id: str
    scope: str


class CueLexicon:
    """Irrealis, background, negation and hedge cues."""

    def __init__(self, path: Path, version: int, cues: list[_Cue], sources: list[str]) -> None:
        self.path = path
        self.version = version
        self._combined = _Combined(list(zip(sources, cues, strict=True)))

    @classmethod
    def from_file(cls, path: str | Path) -> CueLexicon:
        path = Path(path)
        data = _read(path)
        kinds = data.get("cues")
        if not isinstance(kinds, dict) or len(set(kinds) - {"__line__"}) == 0:
            raise DataFileError(_where(path, data), "'cues' must be a mapping kind: [entries]")
        cues: list[_Cue] = []
        sources: list[str] = []
        seen: set[str] = set()
        for kind, items in kinds.items():
            if kind == "__line__":
                continue
            if kind not in CUE_KINDS:
                raise DataFileError(_where(path, kinds), f"unknown cue kind {kind!r} "
                                                         f"(expected one of {', '.join(CUE_KINDS)})")
            if not isinstance(items, list) or not items:
                raise DataFileError(_where(path, kinds), f"cue kind {kind!r}: must be a non-empty list")
            for i, entry in enumerate(items):
                where, label = _where(path, entry), f"{kind} {_label(entry, i)}"
                if not isinstance(entry, dict):
                    raise DataFileError(where, f"{label}: must be a mapping")
                unknown = set(entry) - {"id", "patterns", "scope", "note", "__line__"}
                if unknown:
                    raise DataFileError(where, f"{label}: unknown key(s) {sorted(unknown)}")
                cid = entry.get("id")
                if not isinstance(cid, str) or not cid:
                    raise DataFileError(where, f"{label}: 'id' must be a non-empty string")
                if (kind, cid) in seen:
                    raise DataFileError(where, f"{label}: duplicate id")
                seen.add((kind, cid))  # type: ignore[arg-type]
                scope = entry.get("scope", DEFAULT_CUE_SCOPE[kind])
                if scope not in CUE_SCOPES:
                    raise DataFileError(where, f"{label}: 'scope' must be one of {', '.join(CUE_SCOPES)}")
                c = _Cue(kind, cid, scope)
                for _src, expanded in _patterns(entry, where, label, {}):
                    cues.append(c)
                    sources.append(expanded)
        return cls(path, data["version"], cues, sources)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[CueMatch]:
        """All cue matches in ``text[start:end]``, in text order."""
        tags = self._combined.tags
        return [CueMatch((s, e), tags[k].kind, tags[k].cue_id, tags[k].scope, text[s:e])
                for k, (s, e) in self._combined.iter(text, start, end)]

    def modifiers(self, text: str, span: Span, *, reach: int = 80) -> list[CueMatch]:
        """Cues that bear on the trigger at ``span``: in its sentence, and for ``before``-scoped
        cues ending at most ``reach`` chars before it (``after``: starting at most ``reach`` after)."""
        s, e = sentence_bounds(text, *span)
        out = []
        for c in self.find(text, s, e):
            if c.scope == "sentence" \
                    or (c.scope == "before" and c.span[1] <= span[0] and span[0] - c.span[1] <= reach) \
                    or (c.scope == "after" and c.span[0] >= span[1] and c.span[0] - span[1] <= reach):
                out.append(c)
        return out


# ----------------------------------------------------------------- cached loaders
@lru_cache(maxsize=8)
def _load_triggers(path: Path) -> TriggerLexicon:
    return TriggerLexicon.from_file(path)


@lru_cache(maxsize=8)
def _load_weapons(path: Path) -> WeaponLexicon:
    return WeaponLexicon.from_file(path)


@lru_cache(maxsize=8)
def _load_cues(path: Path) -> CueLexicon:
    return CueLexicon.from_file(path)


def load_triggers(path: str | Path | None = None) -> TriggerLexicon:
    """The trigger lexicon (the packaged one by default), compiled once per process and path."""
    return _load_triggers(Path(path or TRIGGERS_FILE).resolve())


def load_weapons(path: str | Path | None = None) -> WeaponLexicon:
    """The weapon lexicon (the packaged one by default), compiled once per process and path."""
    return _load_weapons(Path(path or WEAPONS_FILE).resolve())


def load_cues(path: str | Path | None = None) -> CueLexicon:
    """The cue lexicon (the packaged one by default), compiled once per process and path."""
    return _load_cues(Path(path or CUES_FILE).resolve())
