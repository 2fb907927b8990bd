"""Name normalisation: the keys under which the index stores names.

``norm`` folds case, diacritics, apostrophes and hyphens so that "Tərtər", "Al-Fashir",
"Kam'yanka" and "Ivano Frankivsk" meet their usual spellings. ``deart`` drops a leading
Arabic article ("al-", "el-", "ad-", ...), ``skeleton`` is a coarse transliteration key
(vowels merged, doubled letters and common digraphs folded) used only as a fallback.
"""

from __future__ import annotations

import re
import unicodedata

# letters NFKD does not decompose to ASCII
_SPECIAL = str.maketrans({
    "ə": "e", "Ə": "e", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
    "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th", "ð": "d", "ħ": "h",
    "ʻ": "", "ʼ": "", "ʿ": "", "ʾ": "", "'": "", "’": "", "‘": "", "`": "", "´": "",
    "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "_": " ", ".": " ", "/": " ",
})
_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r" {2,}")
_ARTICLES = ("al", "el", "ad", "ed", "ar", "as", "ash", "az", "at", "an", "ath", "ech", "es", "et", "en", "er")
_ARTICLE_RE = re.compile(r"^(?:{}) (?=\S{{3}})".format("|".join(_ARTICLES)))
_INNER_ARTICLE_RE = re.compile(r" (?:{}) (?=\S{{3}})".format("|".join(_ARTICLES)))


def norm(text: str) -> str:
    """Casefolded ASCII key: diacritics, apostrophes and punctuation removed, hyphens as spaces."""
    s = text.translate(_SPECIAL)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    s = s.translate(_SPECIAL)
    s = _NON_ALNUM.sub("", s)
    return _SPACES.sub(" ", s).strip()


def deart(key: str) -> str:
    """A normalised key without Arabic articles: "al fashir" -> "fashir",
    "alma al shaab" -> "alma shaab"."""
    s = _ARTICLE_RE.sub("", key)
    return _INNER_ARTICLE_RE.sub(" ", s)


_DIGRAPHS = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ch", "c"), ("sh", "s"), ("ck", "k"),
             ("ph", "f"), ("th", "t"), ("dj", "j"), ("tch", "c"), ("tsch", "c"), ("sch", "s"),
             ("q", "k"), ("x", "h"), ("w", "v"), ("y", "a"), ("j", "j"), ("z", "s"), ("c", "k"))
_VOWELS = re.compile(r"[aeiou]+")
_DOUBLES = re.compile(r"(.)\1+")


def skeleton(key: str) -> str:
    """Coarse transliteration key of a normalised name: "kyiv"/"kiev" -> "kav",
    "tartar"/"terter" -> "tartar", "kharkov"/"kharkiv" -> "harkav"."""
    s = deart(key)
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = _VOWELS.sub("a", s)
    return _DOUBLES.sub(r"\1", s)


_FOLD = (("iy", "i"), ("yi", "i"), ("ii", "i"), ("ya", "ia"), ("yu", "iu"), ("ye", "ie"), ("yo", "io"),
         ("y", "i"), ("'", ""))


def fold(key: str) -> str:
    """A lighter transliteration key for East Slavic names: "sloviansk"/"slovyansk",
    "avdiivka"/"avdiyivka", "marinka"/"mariinka" meet (the index stores both forms)."""
    s = key
    for a, b in _FOLD:
        s = s.replace(a, b)
    return s
