"""Normalisation, run first by the ``segment`` component: the text the rules read, with an
offset map back to the user's.

Needs: the article text. Produces a ``Normalized`` record: the *analysis text* every later
component reads, the map from each of its characters back to the original, and the
boilerplate lines it left out (``Dropped`` records, stage ``normalize``, with a code).

Design: an explicit offset map, applied once, in ``assemble``, to every span the pipeline
outputs. Each character of the analysis text knows the ``[start, end)`` range of original
characters it came from (one character for one, a whole entity for its character, nothing
for an inserted space). A span ``(a, b)`` of the analysis text maps to
``(start[a], end[b - 1])``: characters deleted inside it (a soft hyphen in "Bar\\xadda", a
tag inside a name) fall inside the original span, characters deleted at its edges fall
outside. A text that needs no change (most clean copy) keeps no map at all.

What changes, in this order (each documented at its pattern below):

1. line ends: CRLF and CR become LF; line and paragraph separators become LF;
2. invisible characters go: zero-width spaces and joiners, soft hyphens, BOM, bidi marks;
3. markup in plain text: HTML comments, script/style blocks, known HTML tags (block tags
   become line breaks), character entities (``&amp;``, ``&#8217;``, ``&nbsp;``);
4. markdown links keep their words ("[Barda](https://…)" reads "Barda"), ``**bold**`` marks go;
5. URLs, ``pic.twitter.com`` links, emoji and pictographs go;
6. hyphen-like characters become "-", apostrophe-like quotes become "'";
7. "> " quote marks of a quoted e-mail go; boilerplate lines become blank (a paragraph
   break) and are recorded as dropped: bylines, "Reporting by"/"Editing by" credits,
   "Advertisement", "Updated 10:32 GMT" stamps, social-media embed lines, separators
   ("* * *"), share/follow/newsletter prompts, and photo credits that stand alone (one
   directly above a caption stays: ``events`` reads it); list bullets at a line's start go;
8. hard-wrapped lines (e-mail and wire copy) are re-flowed into paragraphs; then no-break,
   thin and ideographic spaces and tabs become a plain space;
9. sentences run together ("civilians.Armenia's") get a space; a word in lower case after a
   full stop that ends a sentence (not an abbreviation, initial or ellipsis) gets its capital;
10. runs of spaces become one space; spaces at a line's ends go.

Text set entirely in capitals is left as it is (``Segmentation.all_caps`` tells the
recognisers).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..records import Dropped, Span

Edit = tuple[int, int, str]
"""Replace ``text[start:end]`` (of the text being rewritten) by the string."""


@dataclass(frozen=True)
class Normalized:
    """The analysis text and its map back to ``original``.

    ``starts[i]``/``ends[i]``: the original range character ``i`` of ``text`` came from.
    Both are ``None`` when ``text`` is ``original`` unchanged (the identity map)."""

    original: str
    text: str
    starts: tuple[int, ...] | None = field(default=None, repr=False)
    ends: tuple[int, ...] | None = field(default=None, repr=False)
    dropped: tuple[Dropped, ...] = ()

    @property
    def identity(self) -> bool:
        return self.starts is None

    def to_original(self, span: Span) -> Span:
        """The original span of an analysis-text span ``(a, b)``."""
        if self.starts is None or self.ends is None:
            return span
        a, b = span
        n = len(self.text)
        if n == 0:
            return (0, 0)
        a = min(max(a, 0), n)
        b = min(max(b, a), n)
        if b == a:  # an empty span: a position
            pos = self.starts[a] if a < n else self.ends[n - 1]
            return (pos, pos)
        start, end = self.starts[a], self.ends[b - 1]
        return (start, max(start, end))

    def original_text(self, span: Span) -> str:
        a, b = self.to_original(span)
        return self.original[a:b]


class _Builder:
    """The text being rewritten, with each character's original range."""

    def __init__(self, original: str) -> None:
        self.text = original
        self.starts: list[int] | None = None
        self.ends: list[int] | None = None

    def apply(self, edits: Iterable[Edit]) -> None:
        """Apply non-overlapping edits given in text order."""
        edits = [e for e in edits if self.text[e[0]:e[1]] != e[2]]
        if not edits:
            return
        if self.starts is None or self.ends is None:
            self.starts = list(range(len(self.text)))
            self.ends = list(range(1, len(self.text) + 1))
        text, starts, ends = self.text, self.starts, self.ends
        out: list[str] = []
        new_starts: list[int] = []
        new_ends: list[int] = []
        pos = 0
        for a, b, repl in edits:
            if a < pos:
                continue  # overlapping: the earlier edit wins
            out.append(text[pos:a])
            new_starts.extend(starts[pos:a])
            new_ends.extend(ends[pos:a])
            if repl:
                if b > a:
                    s, e = starts[a], ends[b - 1]
                else:  # an insertion: between two characters
                    s = e = starts[a] if a < len(text) else (ends[-1] if ends else 0)
                out.append(repl)
                new_starts.extend([s] * len(repl))
                new_ends.extend([e] * len(repl))
            pos = b
        out.append(text[pos:])
        new_starts.extend(starts[pos:])
        new_ends.extend(ends[pos:])
        self.text = "".join(out)
        self.starts, self.ends = new_starts, new_ends

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], Iterable[Edit] | str | None]) -> None:
        """Replace every match of ``pattern``: by a string, or by what ``repl(match)`` returns (a
        string for the whole match, edits within it, or None to leave it)."""
        edits: list[Edit] = []
        for m in pattern.finditer(self.text):
            r = repl if isinstance(repl, str) else repl(m)
            if r is None:
                continue
            if isinstance(r, str):
                edits.append((m.start(), m.end(), r))
            else:
                edits.extend(r)
        self.apply(edits)


# 1. line ends
_CR_RE = re.compile(r"\r\n?|[\u2028\u0085\x0b\x0c]")
_PARA_SEP_RE = re.compile(r"\u2029")
# 2. invisible characters: soft hyphen, Mongolian vowel separator, zero-width space/joiners,
# bidi marks, embeddings and isolates, word joiner and invisible operators, BOM
_INVISIBLE_RE = re.compile(r"[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+")
# 3. markup
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_SCRIPT_RE = re.compile(r"<(script|style|noscript)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
               "blockquote", "hr", "figure", "figcaption", "section", "article", "header", "footer", "aside",
               "iframe", "img", "video", "audio", "source", "picture", "form", "input", "button", "nav", "dl",
               "dt", "dd", "pre", "main", "tbody", "thead")
_INLINE_TAGS = ("a", "b", "i", "u", "s", "em", "strong", "span", "font", "small", "big", "sup", "sub", "mark",
                "abbr", "cite", "q", "time", "code", "ins", "del", "strike", "tt", "var", "label", "wbr")
_TAG_RE = re.compile(r"</?(" + "|".join(_BLOCK_TAGS + _INLINE_TAGS) + r")\b(?:\s[^<>]{0,500})?/?>", re.I)
_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# 4. markdown
_MD_LINK_RE = re.compile(r"\[([^\[\]\n]{1,200})\]\(((?:https?://|www\.|/)[^()\s]{0,500})\)")
_MD_BOLD_RE = re.compile(r"(\*\*|__)(?=\S)([^\n*_]{1,200}?)(?<=\S)\1")
# 5. links and pictographs
_URL_RE = re.compile(r"\b(?:https?://|www\.|pic\.twitter\.com/)[^\s<>\"]+", re.I)
_EMOJI_RE = re.compile("[\U0001F000-\U0001FAFF\U0001FC00-\U0001FFFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF"
                       "\uFE00-\uFE0F\u20E3\U000E0000-\U000E007F\u3030\u303D]+")
# 6. characters
_SPACE_RE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_HYPHEN_RE = re.compile(r"[\u2010\u2011\u2012\u2043\u2212\ufe63\uff0d]")
_BAR_RE = re.compile(r"\u2015")
_APOSTROPHE_RE = re.compile(r"[\u2018\u2019\u201b\u2032\u02bc\uff07]")
# 7. boilerplate lines (the whole line, spaces trimmed)
_NAME = r"[A-Z][\w.'’-]*"
_BOILERPLATE: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("byline", "byline", re.compile(
        rf"(?:by|BY|By)\s+{_NAME}(?:\s+{_NAME}){{0,3}}(?:\s*(?:,|and|&|AND)\s*{_NAME}(?:\s+{_NAME}){{0,3}}){{0,3}}"
        r"(?:\s*[|,]\s*[\w .'-]{0,40})?")),
    ("byline", "reporting credit", re.compile(
        r"(?:\(?(?:additional\s+)?(?:reporting|writing|editing|compiled|produced|translated)\s+by\b.{0,200})", re.I)),
    ("advertisement", "advertisement", re.compile(
        r"(?:advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?|"
        r"scroll to continue(?: with content)?|ad)", re.I)),
    ("stamp", "time stamp", re.compile(
        r"(?:(?:last\s+)?updated|first\s+published|published|posted|modified)\b(?:\s+(?:on|at))?:?\s*"
        r"[\w ,:./+-]{0,60}(?:\d{1,2}[:.]\d{2}|\d{4}|GMT|UTC|ago)[\w ,:./+()-]{0,30}", re.I)),
    ("embed", "social-media embed", re.compile(
        r"(?:[—–-]\s*.{0,80}\(@\w{1,30}\).{0,40}|(?:view this post on instagram|a post shared by\b.{0,100}|"
        r"pic\.twitter\.com/\S*|@\w{1,30}|#\w{1,60}(?:\s+#\w{1,60})*|(?:embedded|embed)\s+(?:tweet|video|post)\b.{0,60}))",
        re.I)),
    ("separator", "separator", re.compile(r"(?:[*#~=_-]\s*){3,}|[•·*]")),
    ("promo", "share or subscribe prompt", re.compile(
        r"(?:share(?: this(?: article| story)?)?(?: on \w+)?|tweet|email|print|comments?|"
        r"(?:sign up|subscribe)\b.{0,80}|follow us\b.{0,80}|read more\b.{0,120}|"
        r"related(?: articles| stories)?\s*:.{0,120}|related (?:articles|stories)|"
        r"click here\b.{0,80}|(?:watch|listen)\s*:.{0,120}|copyright\b.{0,100}|all rights reserved\.?)", re.I)),
    ("credit", "photo credit", re.compile(
        r"(?:(?:©|\(c\))\s*[\w .,'&/|-]{0,60}|(?:photo(?:graph)?s?|file photo|picture|image|credit|video)\s*(?:credit)?"
        r"\s*[:|©]\s*[\w .,'&/|-]{0,60})", re.I)),
)
_CREDIT_CODE = "credit"
_EMAIL_QUOTE_RE = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
_BULLET_RE = re.compile(r"(?m)^[ ]*(?:[•·▪►◦‣]|[*+-](?= ))[ ]*(?=\S)")
_LINE_RE = re.compile(r"[^\n]+")
# 9. sentences
_RUN_ON_RE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])|(?<=[a-z]{2}[.!?][\"”’])(?=[A-Z][a-z])")
_LOWER_START_RE = re.compile(r"(?<=[a-z0-9)]\.) +([a-z])")
# 10. spaces
_SPACES_RE = re.compile(r" {2,}")
_LINE_END_SPACES_RE = re.compile(r" +(?=\n)|(?<=\n) +|^ +| +$")


def _entity(m: re.Match[str]) -> str | None:
    s = html.unescape(m.group(0))
    return None if s == m.group(0) else s


def _tag(m: re.Match[str]) -> str:
    name = m.group(1).lower()
    if name in ("br", "wbr"):
        return "\n" if name == "br" else ""
    return "\n\n" if name in _BLOCK_TAGS and name not in ("img", "source", "input") else ""


def _md_link(m: re.Match[str]) -> list[Edit]:
    return [(m.start(), m.start(1), ""), (m.end(1), m.end(), "")]


def _md_bold(m: re.Match[str]) -> list[Edit]:
    return [(m.start(), m.start(2), ""), (m.end(2), m.end(), "")]


def _url(m: re.Match[str]) -> list[Edit]:
    end = m.end()
    while end > m.start() and m.string[end - 1] in ".,;:!?)]'\"”’":
        end -= 1
    return [(m.start(), end, "")]


def _is_credit_before_caption(text: str, line_end: int) -> bool:
    """A photo credit directly above a line (no blank line between) heads a caption, which
    the events component reads as such: keep it."""
    rest = text[line_end:line_end + 2]
    return rest.startswith("\n") and not rest.startswith("\n\n") and line_end + 1 < len(text)


def _boilerplate(b: _Builder, dropped: list[Dropped]) -> None:
    edits: list[Edit] = []
    text = b.text
    for m in _LINE_RE.finditer(text):
        a, z = m.start(), m.end()
        while a < z and text[a].isspace():
            a += 1
        while z > a and text[z - 1].isspace():
            z -= 1
        if a == z or z - a > 240:
            continue
        line = text[a:z]
        for code, what, pattern in _BOILERPLATE:
            if pattern.fullmatch(line):
                if code == _CREDIT_CODE and _is_credit_before_caption(text, m.end()):
                    break
                edits.append((m.start(), m.end(), ""))
                span = (b.starts[a], b.ends[z - 1]) if b.starts is not None and b.ends is not None else (a, z)
                dropped.append(Dropped("normalize", line, f"boilerplate line: {what}", span,
                                       code=f"boilerplate-{code}"))
                break
    b.apply(edits)


def _email_quotes(b: _Builder) -> None:
    """"> " at the start of most lines: a forwarded or quoted e-mail; the marks go."""
    if ">" not in b.text:
        return
    marked = len(_EMAIL_QUOTE_RE.findall(b.text))
    if marked >= 2 and marked * 2 >= sum(1 for line in b.text.split("\n") if line.strip()):
        b.sub(_EMAIL_QUOTE_RE, "")


def _reflow(b: _Builder) -> None:
    """Join hard-wrapped lines: a line broken only because the next word did not fit.

    The wrap width is the longest line of the text's multi-line paragraphs (lines of 100
    characters or fewer); a text wraps when most of those lines' non-final lines are within
    25 characters of it. A line joins the next when the next line's first word would have
    made it longer than the width. "Nagorno-" at a line's end joins "Karabakh" without a space."""
    text = b.text
    if "\n" not in text:
        return
    lines: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        core = line.strip(" \t\u00a0")
        lead = len(line) - len(line.lstrip(" \t\u00a0"))
        lines.append((pos + lead, pos + lead + len(core)))  # spaces at the ends do not count
        pos += len(line) + 1
    inner: list[int] = []  # non-final lines of multi-line blocks (a following line that is not blank)
    lengths: list[int] = []
    for i, (a, z) in enumerate(lines[:-1]):
        if z > a and lines[i + 1][1] > lines[i + 1][0]:
            inner.append(i)
            lengths.append(z - a)
    if len(inner) < 2:
        return
    short = [n for n in lengths if n <= 100]
    if not short:
        return
    width = max(short)
    if width < 30 or sum(1 for n in lengths if width - 25 <= n <= width) < max(2, len(lengths) // 2):
        return
    edits: list[Edit] = []
    for i in inner:
        a, z = lines[i]
        na, nz = lines[i + 1]
        first = re.match(r"[^ \t]+", text[na:nz])
        if first is None or z - a > width or z - a < width // 2:
            continue
        if (z - a) + 1 + len(first.group(0)) <= width and not (
                text[na].islower() and text[z - 1] not in ".!?:;\"'”"):
            continue  # the next word would have fitted (and does not go on a sentence): a real line break
        if z - a >= 2 and text[z - 1] == "-" and text[z - 2].isalpha() and text[na].isalpha():
            edits.append((z, na, ""))  # "Nagorno-\nKarabakh"
        else:
            edits.append((z, na, " "))
    b.apply(edits)


def _lower_start(b: _Builder) -> None:
    from .segment import _is_abbrev

    text = b.text

    def cap(m: re.Match[str]) -> list[Edit] | None:
        i, dot = m.start(1), m.start() - 1
        if _is_abbrev(text, dot) or text[dot - 1:dot] in (".", "…"):
            return None  # "p.m. local time", "approx. five", "fighting... and"
        return [(i, i + 1, text[i].upper())]

    b.sub(_LOWER_START_RE, cap)




def normalize(text: str) -> Normalized:
    """The analysis text of ``text``, its offset map and the boilerplate lines left out."""
    b = _Builder(text)
    dropped: list[Dropped] = []
    b.sub(_CR_RE, "\n")
    b.sub(_PARA_SEP_RE, "\n\n")
    b.sub(_INVISIBLE_RE, "")
    if "<" in b.text:
        b.sub(_COMMENT_RE, "")
        b.sub(_SCRIPT_RE, "")
        b.sub(_TAG_RE, _tag)
    if "&" in b.text:
        b.sub(_ENTITY_RE, _entity)
        b.sub(_INVISIBLE_RE, "")
    b.sub(_MD_LINK_RE, _md_link)
    b.sub(_MD_BOLD_RE, _md_bold)
    b.sub(_URL_RE, _url)
    b.sub(_EMOJI_RE, "")
    b.sub(_HYPHEN_RE, "-")
    b.sub(_BAR_RE, "—")
    b.sub(_APOSTROPHE_RE, "'")
    _email_quotes(b)
    _boilerplate(b, dropped)
    b.sub(_BULLET_RE, "")
    _reflow(b)  # before no-break spaces become spaces: a wrapping tool does not break at them
    b.sub(_SPACE_RE, " ")
    b.sub(_RUN_ON_RE, lambda m: [(m.start(), m.start(), " ")])
    _lower_start(b)
    b.sub(_SPACES_RE, " ")
    b.sub(_LINE_END_SPACES_RE, "")
    if b.starts is None or b.ends is None or b.text == text:
        return Normalized(original=text, text=text, dropped=tuple(dropped))
    return Normalized(original=text, text=b.text, starts=tuple(b.starts), ends=tuple(b.ends),
                      dropped=tuple(dropped))
