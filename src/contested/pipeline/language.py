"""Which language an article is written in, so that only English is extracted.

The lexicons, the registry's aliases and the date and number grammars are English; run on
another language the pipeline would find stray English-looking words and invent events. So an
article that is clearly in another language is reported and skipped instead.

A small offline heuristic, no model and no dependency:

1. **Script.** Letters are counted by writing system. When most letters are in a non-Latin
   script the language follows from it (Cyrillic -> ``ru``, or ``uk`` when Ukrainian-only
   letters occur; Arabic script -> ``ar``, ``fa`` or ``ur`` by their own letters; Hebrew,
   Greek, Armenian, Georgian, Devanagari, Han, kana, Hangul, Thai, ...).
2. **Function words.** Latin-script text is split into words; for English and a few other
   Latin-script languages the share of the words that are that language's common function
   words (articles, prepositions, pronouns, auxiliaries) is measured, and the highest wins.

The confidence (0..1) grows with the amount of evidence, so a short text, a headline or a list
of names never gets a confident verdict and is never rejected: :func:`is_supported` rejects a
text only when another language wins with confidence at least ``REJECT_AT``.
"""

from __future__ import annotations

import re

__all__ = ["SUPPORTED", "REJECT_AT", "LANGUAGE_NAMES", "detect_language", "is_supported", "unsupported_language"]

SUPPORTED = frozenset({"en"})
REJECT_AT = 0.5
SAMPLE_CHARS = 50_000  # the language of an article shows in its first pages
UNDETERMINED = "und"

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian", "de": "German",
    "nl": "Dutch", "tr": "Turkish", "id": "Indonesian", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian",
    "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "he": "Hebrew", "el": "Greek", "hy": "Armenian",
    "ka": "Georgian", "hi": "Hindi", "bn": "Bengali", "ta": "Tamil", "zh": "Chinese", "ja": "Japanese",
    "ko": "Korean", "th": "Thai", "am": "Amharic", "my": "Burmese", "km": "Khmer", UNDETERMINED: "undetermined",
}

# ------------------------------------------------------------------ scripts

_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
# script -> (letters of the script, default language)
_SCRIPTS: dict[str, tuple[re.Pattern[str], str]] = {
    "cyrillic": (re.compile(r"[\u0400-\u04ff\u0500-\u052f]"), "ru"),
    "arabic": (re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]"), "ar"),
    "hebrew": (re.compile(r"[\u05d0-\u05ea\u05f0-\u05f2]"), "he"),
    "greek": (re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"), "el"),
    "armenian": (re.compile(r"[\u0531-\u0556\u0561-\u0587]"), "hy"),
    "georgian": (re.compile(r"[\u10a0-\u10ff]"), "ka"),
    "devanagari": (re.compile(r"[\u0900-\u097f]"), "hi"),
    "bengali": (re.compile(r"[\u0980-\u09ff]"), "bn"),
    "tamil": (re.compile(r"[\u0b80-\u0bff]"), "ta"),
    "thai": (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    "ethiopic": (re.compile(r"[\u1200-\u137f]"), "am"),
    "myanmar": (re.compile(r"[\u1000-\u109f]"), "my"),
    "khmer": (re.compile(r"[\u1780-\u17ff]"), "km"),
    "hangul": (re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"), "ko"),
    "kana": (re.compile(r"[\u3040-\u30ff]"), "ja"),
    "han": (re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]"), "zh"),
}
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_PERSIAN = re.compile(r"[پچژگ]")
_URDU = re.compile(r"[ٹڈڑںھےۓ]")

# ------------------------------------------------------------------ function words (Latin script)

_FUNCTION_WORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "en": """the of and to in a an is are was were be been has have had that this these those for on with as
             by at from it its he she they his her their them who which what when where after before said says
             also than into over about against not but or would will could there we our us you than while
             during between under since""",
    "fr": """le la les l de des du d un une et est à au aux en dans pour par sur avec que qui qu ne n pas été
             ont sont il elle ils elles selon cette ce ces son sa ses leur leurs plus mais ou où après lors contre
             s se y été avait était été entre depuis sous""",
    "es": """el la los las de del un una unos unas y en es que por para con se su sus al lo como más fue han ha
             sido según este esta estos estas pero o sobre entre tras contra también muy desde durante hasta""",
    "pt": """o a os as de do da dos das um uma e em no na nos nas que por para com se seu sua foi são é não mais
             segundo pelo pela ao aos também entre após contra até durante""",
    "it": """il lo la i gli le di del della dei delle un una e è in nel nella che per con non si sono ha stato
             secondo anche più al alla dopo contro tra fra dal dalla""",
    "de": """der die das den dem des ein eine einen einem und ist in im zu mit von für auf nicht sich es sie er
             wurde wurden hat haben nach bei aus auch dass wie am über gegen sind war zum zur""",
    "nl": """de het een en van in is op te dat die niet met voor zijn was aan er door ook bij naar werd worden
             heeft tegen om dan""",
    "tr": """ve bir bu da de ile için olarak olan gibi daha sonra çok ise ancak göre tarafından kadar her""",
    "id": """yang dan di dengan untuk dari ini itu dalam tidak akan pada oleh ke telah juga bahwa adalah""",
    "pl": """i w na z się nie do że jest to o przez po od jak ale za oraz został została według""",
}.items()}
_WORD = re.compile(r"[^\W\d_]+")
FULL_EVIDENCE_WORDS = 25  # Latin-script words it takes to be sure
MIN_WORDS = 6             # fewer words than this: never a confident verdict
FULL_EVIDENCE_LETTERS = 12  # letters of a non-Latin script it takes to be sure


def _script_language(sample: str, code: str) -> str:
    if code == "ru" and _UKRAINIAN.search(sample):
        return "uk"
    if code == "ar":
        if _URDU.search(sample):
            return "ur"
        if _PERSIAN.search(sample):
            return "fa"
    return code


def detect_language(text: str) -> tuple[str, float]:
    """The language of ``text`` as an ISO 639-1 code (``"und"`` when it cannot tell) and a
    confidence between 0 and 1. Looks at the first ``SAMPLE_CHARS`` characters."""
    sample = text[:SAMPLE_CHARS]
    latin = len(_LATIN.findall(sample))
    counts = {name: len(pattern.findall(sample)) for name, (pattern, _) in _SCRIPTS.items()}
    script, other = max(counts.items(), key=lambda kv: kv[1])
    letters = latin + sum(counts.values())
    if letters == 0:
        return UNDETERMINED, 0.0
    if other > latin:
        # "kana" and "han" together are Japanese; han alone Chinese
        code = _SCRIPTS[script][1]
        if script == "han" and counts["kana"] >= 0.1 * other:
            code = "ja"
        share = other / letters
        evidence = min(1.0, other / FULL_EVIDENCE_LETTERS)
        return _script_language(sample, code), round(share * evidence, 3)

    words = _WORD.findall(sample.lower())
    words = [w for w in words if _LATIN.match(w)]
    n = len(words)
    if n == 0:
        return UNDETERMINED, 0.0
    hits = {lang: sum(w in fw for w in words) for lang, fw in _FUNCTION_WORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))  # ties go to English
    if hits[best] == 0:
        return UNDETERMINED, 0.0
    # for English: its lead over the next language; for another language: its lead over English
    # (what matters is whether the text is English; close Romance languages may share words)
    rival = max(h for lang, h in hits.items() if lang != "en") if best == "en" else hits["en"]
    margin = (hits[best] - rival) / hits[best]
    # a news text is about a third function words; far fewer is weak evidence of anything
    density = min(1.0, (hits[best] / n) / 0.2)
    evidence = 0.0 if n < MIN_WORDS else min(1.0, n / FULL_EVIDENCE_WORDS)
    latin_share = latin / letters
    return best, round(margin * density * evidence * latin_share, 3)


def is_supported(text: str) -> bool:
    """False only when ``text`` is confidently in a language other than English; short or
    undecidable texts are supported (the pipeline then finds what it finds)."""
    code, confidence = detect_language(text)
    return code in SUPPORTED or code == UNDETERMINED or confidence < REJECT_AT


def unsupported_language(text: str, declared: str | None = None) -> str | None:
    """The language that keeps ``text`` from being extracted, for a warning, or None.

    ``declared`` (``Article.language``, e.g. ``"en"``, ``"en-GB"``, ``"fr"``) wins over
    detection when given; detection decides otherwise. Returns e.g. ``"French (fr)"``.
    """
    if declared and declared.strip():
        code = re.split(r"[-_]", declared.strip().lower(), maxsplit=1)[0]
        if code in SUPPORTED or code in ("eng", "english"):
            return None
        name = LANGUAGE_NAMES.get(code)
        return f"{name} ({code})" if name else repr(declared.strip())
    if is_supported(text):
        return None
    code, _ = detect_language(text)
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"
