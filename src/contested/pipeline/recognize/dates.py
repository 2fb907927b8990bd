"""Date mentions: calendar dates, datelines and dates relative to publication.

    find_dates(text, published) -> list[DateMention]
    resolve_weekday(name, published, *, relation="on_or_before") -> date | None

Rules (the publication date ``published`` anchors everything relative):

- A calendar date without a year ("March 27", "5 October", "Oct 5") takes the year that
  makes it the most recent such date not after ``published + GRACE_DAYS`` (3 days).
- A weekday ("on Monday", "late Tuesday", "Friday night") is the most recent such weekday
  on or before ``published``; the publication day's own weekday is the publication day.
  "last Monday" is strictly before it, "next Monday" strictly after.
- "today", "this morning", "tonight", "overnight", "through the night" -> ``published``
  (overnight = the night that ends on the publication day; scoring allows a day either way);
  "yesterday", "last night", "a day earlier", "the day before" -> ``published - 1``.
- "this week", "earlier this week", "the past week" -> week precision, ``published``;
  "last week" -> week precision, ``published - 7``; "N weeks ago" -> ``published - 7N``.
- "N days ago" -> day precision; "a month ago" / "N months ago" -> month precision, the
  same day N months back.
- "in June", "last month", "this month", "June 2022" -> month precision, the 1st of the month
  ("in June" takes the most recent June that starts on or before ``published + 3 days``).
- "the weekend" -> the most recent Saturday on or before ``published``, ``end`` the Sunday.
- "between March 23 and 31", "23-31 March", "from 23 March to 2 April" -> ``date`` the first
  day, ``end`` the last.
- "hours earlier", "later that day", "the same day" -> a mention with ``date=None``: no new
  date, the caller keeps the one in context.
- Datelines ("KYIV, Aug 7 (Agency) —") are calendar dates with ``dateline=True``.
- Without ``published`` nothing relative or year-less resolves: those mentions have
  ``date=None``.

Calendar dates are ``kind='absolute'`` (even when their year is inferred); everything
anchored on the publication date is ``kind='relative'``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DateMention", "find_dates", "resolve_weekday", "infer_year", "GRACE_DAYS"]

Span = tuple[int, int]
GRACE_DAYS = 3


@dataclass(frozen=True)
class DateMention:
    """A date in the text. ``date`` is None when it cannot be resolved (or adds no new date);
    ``end`` is the last day of a range, else None."""

    span: Span
    date: date | None
    precision: str  # 'day' | 'week' | 'month'
    kind: str  # 'absolute' | 'relative'
    end: date | None = None
    text: str = ""
    dateline: bool = False


# ---------------------------------------------------------------------------- vocabulary

_MONTH_NUM = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NUM.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NUM["sept"] = 9
_WEEKDAY_NUM = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_SMALL_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
              "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
              "couple of": 2, "a couple of": 2}


def _title_or_upper(words: list[str]) -> str:
    forms = sorted({w for word in words for w in (word, word.upper())}, key=len, reverse=True)
    return "|".join(forms)


_MONTH_WORDS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December", "Jan", "Feb", "Mar", "Apr",
                "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
# a full name never takes a period (the one after "in March." ends the sentence)
_MON = (rf"(?:(?:{_title_or_upper(_MONTH_WORDS[:12])})(?![A-Za-z])"
        rf"|(?:{_title_or_upper(_MONTH_WORDS[12:])})(?![A-Za-z])\.?)")
# a month on its own must be spelled out ("in Mar Elias" is a place)
_MON_FULL = rf"(?:(?:{_title_or_upper(_MONTH_WORDS[:12])})(?![A-Za-z])|(?:Sept|SEPT)\.?(?![A-Za-z]))"
_WD = rf"(?:{_title_or_upper(list(calendar.day_name))})(?![A-Za-z])"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_NUMW = (r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
         r"(?:a\s+)?couple\s+of)")
_PART = r"(?:morning|afternoon|evening|night)"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


_ALTERNATIVES = [
    # 2022-03-13 (also the date part of a date-time)
    _g("iso", r"(?<![\d-])" + _g("iso_y", r"(?:19|20)\d\d") + "-" + _g("iso_m", r"[01]\d") + "-"
       + _g("iso_d", r"[0-3]\d") + r"(?![\d])"),
    # 23 March to 2 April (2022)
    _g("rdmdm", r"(?:(?:between|from)\s+)?" + _g("rdmdm_d1", _DAY) + r"\s+(?:of\s+)?" + _g("rdmdm_m1", _MON)
       + r"\s*(?:-|–|—|to|until|till|through|and)\s*" + _g("rdmdm_d2", _DAY) + r"\s+(?:of\s+)?"
       + _g("rdmdm_m2", _MON) + r"(?:,?\s+" + _g("rdmdm_y", _YEAR) + ")?"),
    # (between) 23 and 31 March (2022), 23-31 March
    _g("rdm", r"(?:" + _g("rdm_pre", r"between|from") + r"\s+)?" + _g("rdm_d1", _DAY)
       + r"\s*" + _g("rdm_con", r"-|–|—|to|until|till|through|and") + r"\s*" + _g("rdm_d2", _DAY)
       + r"\s+(?:of\s+)?" + _g("rdm_m", _MON) + r"(?:,?\s+" + _g("rdm_y", _YEAR) + ")?"),
    # (between) March 23 and 31, March 23-31, March 23 to April 2 (, 2022)
    _g("rmd", r"(?:" + _g("rmd_pre", r"between|from") + r"\s+)?" + _g("rmd_m1", _MON) + r"\s+"
       + _g("rmd_d1", _DAY) + r"\s*" + _g("rmd_con", r"-|–|—|to|until|till|through|and") + r"\s*(?:"
       + _g("rmd_m2", _MON) + r"\s+)?" + _g("rmd_d2", _DAY) + r"(?:,?\s+" + _g("rmd_y", _YEAR) + ")?"),
    # (Sunday,) 13 March (2022), the 5th of October
    _g("dmy", r"(?:" + _g("dmy_wd", _WD) + r",?\s+)?(?:the\s+)?" + _g("dmy_d", _DAY) + r"\s+(?:of\s+)?"
       + _g("dmy_m", _MON) + r"(?:,?\s+" + _g("dmy_y", _YEAR) + ")?"),
    # (Monday,) March 27(, 2022), Oct. 5
    _g("mdy", r"(?:" + _g("mdy_wd", _WD) + r",?\s+)?" + _g("mdy_m", _MON) + r"\s+(?:the\s+)?"
       + _g("mdy_d", _DAY) + r"(?:,?\s+" + _g("mdy_y", _YEAR) + ")?"),
    # March 2022, March of 2022
    _g("my", _g("my_m", _MON) + r"\s+(?:of\s+)?" + _g("my_y", _YEAR)),
    # in (early) June, since mid-March, late May
    _g("mo", r"(?:(?:in|since|during|until|till|by|through|throughout|from|of|last|this|before|after|"
       r"In|Since|During|Until|By|From|Last|This|Before|After)\s+" + _g("mo_core",
       r"(?:(?:early|mid|late|Early|Mid|Late)[-\s]+)?" + _g("mo_m", _MON_FULL)) + r"(?!\.?\s*\d)"
       + r"|" + _g("mo_core2", r"(?:early|mid|late|Early|Mid|Late)[-\s]+" + _g("mo_m2", _MON_FULL))
       + r"(?!\.?\s*\d))(?:,?\s+" + _g("mo_yr", r"last\s+year|this\s+year") + ")?"),
    # (late on) (last) Friday (night)
    _g("wd", r"(?:" + _g("wd_mod", r"(?i:early|late)") + r"\s+(?:(?i:on)\s+)?)?(?:"
       + _g("wd_rel", r"(?i:last|this|next|past)") + r"\s+)?" + _g("wd_name", _WD)
       + r"(?:\s+" + _PART + r")?"),
    # relative expressions, any case
    _g("rel", r"(?i:\b(?:"
       + _g("r_dby", r"the\s+day\s+before\s+yesterday")
       + "|" + _g("r_yday", r"yesterday(?:\s+" + _PART + r")?")
       + "|" + _g("r_today", r"(?:earlier\s+|later\s+)?today|this\s+" + _PART + "|tonight|"
                  r"earlier\s+this\s+(?:morning|afternoon|evening)")
       + "|" + _g("r_lastnight", r"last\s+night")
       + "|" + _g("r_overnight", r"overnight|(?:during|through)\s+the\s+night")
       + "|" + _g("r_dayearlier", r"(?:a|one)\s+day\s+(?:earlier|before)|"
                  r"the\s+(?:day\s+before|previous\s+day)")
       + "|" + _g("r_ago", _g("ago_n", _NUMW) + r"\s+" + _g("ago_u", r"days?|weeks?|months?")
                  + r"\s+" + _g("ago_w", r"ago|earlier|before"))
       + "|" + _g("r_thisweek", r"(?:earlier\s+|later\s+)?this\s+week|(?:over\s+)?the\s+past\s+week")
       + "|" + _g("r_lastweek", r"last\s+week|the\s+previous\s+week|a\s+week\s+(?:ago|earlier)")
       + "|" + _g("r_thismonth", r"(?:earlier\s+|later\s+)?this\s+month")
       + "|" + _g("r_lastmonth", r"last\s+month|the\s+previous\s+month")
       + "|" + _g("r_weekend", _g("we_rel", r"last|this|the|that|past") + r"\s+weekend")
       + "|" + _g("r_none", r"(?:hours|minutes|moments)\s+(?:earlier|later|before)|later\s+that\s+day|"
                  r"earlier\s+that\s+day|the\s+same\s+day|that\s+same\s+day")
       + r")\b)"),
]
_DATE_RE = re.compile(r"\b(?=\w)(?:" + "|".join(_ALTERNATIVES) + ")")
_DATELINE_PREFIX = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]*)*"
                              r"(?:,[ \t]*[A-Z][\w'’.\-]*(?:[ \t][A-Z][\w'’.\-]*)*)*,[ \t]*$")
_DATELINE_AFTER = re.compile(r"[ \t]*(?:\(|—|–|-)")


# ---------------------------------------------------------------------------- resolution

def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, published: date | None) -> date | None:
    """The most recent ``month``/``day`` not after ``published + GRACE_DAYS`` (None when
    ``published`` is None or the day does not exist)."""
    if published is None:
        return None
    try:
        limit = published + timedelta(days=GRACE_DAYS)
    except OverflowError:
        limit = date.max
    for year in range(limit.year, limit.year - 9, -1):
        candidate = _valid(year, month, day)
        if candidate is not None and candidate <= limit:
            return candidate
    return None


def resolve_weekday(name: str, published: date | None, *, relation: str = "on_or_before") -> date | None:
    """The date of weekday ``name`` ("Monday", "tue", case-insensitive) relative to
    ``published``.

    ``relation``: ``on_or_before`` (default: the most recent such day, the publication day
    itself when it is that weekday), ``before`` (strictly before: "last Monday") or ``after``
    (strictly after: "next Monday"). None when ``published`` is None, the name is unknown or
    the day falls outside the calendar (before 0001-01-01 or after 9999-12-31).
    """
    if published is None:
        return None
    key = name.strip().lower()
    target = _WEEKDAY_NUM.get(key)
    if target is None:
        for full, num in _WEEKDAY_NUM.items():
            if len(key) >= 3 and full.startswith(key):
                target = num
                break
    if target is None:
        return None
    if relation not in ("on_or_before", "before", "after"):
        raise ValueError(f"relation must be on_or_before, before or after, not {relation!r}")
    back = (published.weekday() - target) % 7
    try:
        if relation == "on_or_before":
            return published - timedelta(days=back)
        if relation == "before":
            return published - timedelta(days=back or 7)
        return published + timedelta(days=(target - published.weekday()) % 7 or 7)
    except OverflowError:  # a weekday before 0001-01-01 or after 9999-12-31 has no date
        return None


def _month(word: str) -> int:
    return _MONTH_NUM[word.rstrip(".").lower()]


def _day(token: str) -> int:
    return int(token.rstrip("stndrh"))


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _first_of_month(month: int, published: date | None, year: int | None) -> date | None:
    if year is not None:
        return date(year, month, 1)
    if published is None:
        return None
    limit = published + timedelta(days=GRACE_DAYS)
    year = limit.year if month <= limit.month else limit.year - 1
    return date(year, month, 1)


def _calendar(month: int, day: int, year: str | None, published: date | None) -> date | None:
    if year:
        return _valid(int(year), month, day)
    return infer_year(month, day, published)


def _range_end(start: date | None, month: int, day: int, year: str | None) -> date | None:
    if start is None:
        return None
    end = _valid(int(year) if year else start.year, month, day)
    if end is not None and end < start and not year:
        end = _valid(start.year + 1, month, day)
    if end is None or end < start:
        return None
    return end


def _is_dateline(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    if start - line_start > 80:
        return False
    prefix = text[line_start:start]
    return bool(_DATELINE_PREFIX.search(prefix)) and bool(_DATELINE_AFTER.match(text, end))


def _number(word: str) -> int | None:
    word = " ".join(word.lower().split())
    if word.isdigit():
        return int(word)
    return _SMALL_NUM.get(word)


def _mention(m: re.Match[str], published: date | None) -> DateMention | None:  # noqa: C901
    kind = m.lastgroup
    start, end = m.span()
    g = m.group

    def make(d: date | None, precision: str = "day", rel: bool = False, stop: date | None = None,
             s: int = start) -> DateMention:
        return DateMention((s, end), d, precision, "relative" if rel else "absolute", stop, m.string[s:end])

    if kind == "iso":
        d = _valid(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return make(d) if d else None
    if kind == "rdmdm":
        d1 = _calendar(_month(g("rdmdm_m1")), _day(g("rdmdm_d1")), g("rdmdm_y"), published)
        return make(d1, stop=_range_end(d1, _month(g("rdmdm_m2")), _day(g("rdmdm_d2")), g("rdmdm_y")))
    if kind == "rdm":
        month = _month(g("rdm_m"))
        if g("rdm_con") == "and" and not g("rdm_pre"):
            # "5 and 6 March" without "between": keep the one full date
            s2 = m.start("rdm_d2")
            d = _calendar(month, _day(g("rdm_d2")), g("rdm_y"), published)
            return DateMention((s2, end), d, "day", "absolute", None, m.string[s2:end])
        d1 = _calendar(month, _day(g("rdm_d1")), g("rdm_y"), published)
        return make(d1, stop=_range_end(d1, month, _day(g("rdm_d2")), g("rdm_y")))
    if kind == "rmd":
        m1 = _month(g("rmd_m1"))
        if g("rmd_con") == "and" and not g("rmd_pre"):
            # "on March 5 and 12 people died": a single date, the rest is not ours
            d_end = m.start("rmd_d1") + len(g("rmd_d1"))
            d = _calendar(m1, _day(g("rmd_d1")), None, published)
            return DateMention((start, d_end), d, "day", "absolute", None, m.string[start:d_end])
        d1 = _calendar(m1, _day(g("rmd_d1")), g("rmd_y"), published)
        m2 = _month(g("rmd_m2")) if g("rmd_m2") else m1
        return make(d1, stop=_range_end(d1, m2, _day(g("rmd_d2")), g("rmd_y")))
    if kind == "dmy":
        return make(_calendar(_month(g("dmy_m")), _day(g("dmy_d")), g("dmy_y"), published))
    if kind == "mdy":
        return make(_calendar(_month(g("mdy_m")), _day(g("mdy_d")), g("mdy_y"), published))
    if kind == "my":
        return make(date(int(g("my_y")), _month(g("my_m")), 1), "month")
    if kind == "mo":
        core = "mo_core" if g("mo_core") else "mo_core2"
        month = _month(g("mo_m") or g("mo_m2"))
        if g("mo_yr") and published is not None:  # "in February last year"
            year = published.year - (1 if g("mo_yr").startswith("last") else 0)
            return make(date(year, month, 1), "month", s=m.start(core))
        return make(_first_of_month(month, published, None), "month", s=m.start(core))
    if kind == "wd":
        rel = (g("wd_rel") or "").lower()
        relation = {"last": "before", "past": "before", "next": "after"}.get(rel, "on_or_before")
        s = m.start("wd_mod") if g("wd_mod") else (m.start("wd_rel") if g("wd_rel") else m.start("wd_name"))
        return make(resolve_weekday(g("wd_name"), published, relation=relation), rel=True, s=s)
    # relative expressions
    sub = next(name for name in _REL_GROUPS if g(name) is not None)
    p = published
    if sub == "r_none":
        return make(None, rel=True)
    if sub == "r_weekend":
        relation = "before" if g("we_rel").lower() == "last" else "on_or_before"
        sat = resolve_weekday("saturday", p, relation=relation)
        if sat is not None and p is not None and p.weekday() == 6 and relation == "on_or_before":
            sat = p - timedelta(days=1)
        sun = sat + timedelta(days=1) if sat else None
        if sun is not None and p is not None and relation == "on_or_before" and sun > p:
            sun = p
        return make(sat, rel=True, stop=sun if sun != sat else None)
    if p is None:
        precision = {"r_thisweek": "week", "r_lastweek": "week", "r_thismonth": "month",
                     "r_lastmonth": "month"}.get(sub, "day")
        if sub == "r_ago":
            unit = g("ago_u").lower().rstrip("s")
            precision = {"day": "day", "week": "week", "month": "month"}[unit]
        return make(None, precision, rel=True)
    if sub == "r_dby":
        return make(p - timedelta(days=2), rel=True)
    if sub == "r_yday" or sub == "r_lastnight" or sub == "r_dayearlier":
        return make(p - timedelta(days=1), rel=True)
    if sub == "r_today" or sub == "r_overnight":
        return make(p, rel=True)
    if sub == "r_thisweek":
        return make(p, "week", rel=True)
    if sub == "r_lastweek":
        return make(p - timedelta(days=7), "week", rel=True)
    if sub == "r_thismonth":
        return make(p.replace(day=1), "month", rel=True)
    if sub == "r_lastmonth":
        return make(_shift_months(p.replace(day=1), 1), "month", rel=True)
    if sub == "r_ago":
        n = _number(g("ago_n"))
        if n is None:
            return None
        unit = g("ago_u").lower().rstrip("s")
        if unit == "day":
            return make(p - timedelta(days=n), rel=True)
        if unit == "week":
            return make(p - timedelta(days=7 * n), "week", rel=True)
        return make(_shift_months(p, n), "month", rel=True)
    return None


_REL_GROUPS = ("r_dby", "r_yday", "r_today", "r_lastnight", "r_overnight", "r_dayearlier", "r_ago",
               "r_thisweek", "r_lastweek", "r_thismonth", "r_lastmonth", "r_weekend", "r_none")


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date mention in ``text``, in order, resolved against ``published``.

    Mentions do not overlap. See the module docstring for the rules.
    """
    out: list[DateMention] = []
    pos = 0
    while True:
        m = _DATE_RE.search(text, pos)
        if m is None:
            break
        try:
            mention = _mention(m, published)
        except (OverflowError, ValueError):  # arithmetic past the calendar's ends (years 1, 9999): no date
            mention = None
        # a match cut short ("March 5 and April 2" is two dates) resumes after the kept part
        pos = m.end() if mention is None or not m.start() < mention.span[1] < m.end() else mention.span[1]
        if mention is None:
            continue
        if mention.kind == "absolute" and mention.precision == "day" and _is_dateline(
                text, mention.span[0], mention.span[1]):
            mention = DateMention(mention.span, mention.date, mention.precision, mention.kind,
                                  mention.end, mention.text, True)
        out.append(mention)
    return out
