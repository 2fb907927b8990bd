"""Messy copy for tests and ``benchmarks/perturb.py``: short one-incident articles written for
this project, and the ways scrapers, feeds and e-mail mangle them.

Each perturbation is a function ``(text, rng) -> text`` that keeps the story: it adds debris
(markup, links, emoji, boilerplate lines), changes characters (spaces, quotes, invisible
characters) or layout (hard wraps, line ends), never a word of the report itself.
``event_key`` is what must not change: type, place, date, tolls and claims.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

# Ten short one-incident articles written for these tests (places real, events invented).
ARTICLES: list[dict] = [
    {"id": "p01", "published": "2024-03-14", "outlet": "Test Wire", "text": (
        "Russian missiles struck an apartment block in Kharkiv on Wednesday, killing five people and "
        "wounding 12, the regional governor said.\n\n"
        "Rescue teams searched the rubble through the night. The governor said two children were among "
        "the wounded.\n\n"
        "Russia's defence ministry denied targeting residential areas and said its forces hit a military depot.")},
    {"id": "p02", "published": "2023-06-02", "outlet": "Test Wire", "text": (
        "Boko Haram fighters attacked the village of Gajiram in Borno state on Thursday, killing nine "
        "farmers, a local official said.\n\n"
        "The gunmen arrived on motorcycles and set fire to several homes, residents told reporters. "
        "The army said troops were deployed to the area.")},
    {"id": "p03", "published": "2022-11-09", "outlet": "Test Wire", "text": (
        "A car bomb exploded near a checkpoint in Mogadishu on Tuesday, killing seven people, police said.\n\n"
        "Al-Shabaab claimed responsibility for the blast in a statement on its radio station. "
        "Ambulances carried the wounded to Medina hospital.")},
    {"id": "p04", "published": "2024-01-20", "outlet": "Test Wire", "text": (
        "Israeli air strikes hit a house in Khan Younis on Friday, killing 11 people, the Gaza health "
        "ministry said.\n\n"
        "The Israeli military said it struck a Hamas command centre in the area. Neighbours said the "
        "family had sheltered there for weeks.")},
    {"id": "p05", "published": "2023-09-18", "outlet": "Test Wire", "text": (
        "Suspected jihadists ambushed a military convoy near Djibo on Sunday, killing 14 soldiers, "
        "security sources said.\n\n"
        "The attackers fled into the bush after a gunfight that lasted several hours. Burkina Faso's "
        "army said reinforcements had been sent to the town.")},
    {"id": "p06", "published": "2021-05-12", "outlet": "Test Wire", "text": (
        "Police fired tear gas at protesters in Bamenda on Monday, witnesses said. Hundreds of people had "
        "gathered in the city centre to demand the release of detained teachers.\n\n"
        "The regional governor said the gathering was illegal.")},
    {"id": "p07", "published": "2024-02-07", "outlet": "Test Wire", "text": (
        "Ukrainian drones hit an oil depot in the Russian city of Belgorod on Tuesday, wounding three "
        "workers, the regional governor said.\n\n"
        "Russia's defence ministry said air defences shot down most of the drones. "
        "Firefighters put out the blaze by the evening.")},
    {"id": "p08", "published": "2023-04-26", "outlet": "Test Wire", "text": (
        "Houthi forces shelled a market in Taiz on Saturday, killing four civilians and wounding "
        "eight, a medical source said.\n\n"
        "The Houthis denied the attack and blamed government troops. Shops in the market stayed closed "
        "on Sunday.")},
    {"id": "p09", "published": "2022-08-30", "outlet": "Test Wire", "text": (
        "Gunmen abducted 20 passengers from a bus near Gao on Monday, a regional official said.\n\n"
        "The bus was travelling to the capital when it was stopped by armed men. "
        "No group has claimed the kidnapping.")},
    {"id": "p10", "published": "2024-05-03", "outlet": "Test Wire", "text": (
        "Fighting broke out between the army and the RSF in El Fasher on Thursday, killing 16 people, "
        "a local health official said.\n\n"
        "Residents said shells fell on the city's main market. The RSF said its fighters repelled an "
        "army assault.")},
]

Perturbation = Callable[[str, random.Random], str]

_SENT_END = re.compile(r"(?<=[a-z0-9][.!?]) (?=[A-Z])")


def _between_sentences(debris: str) -> Perturbation:
    """Debris between two sentences of a paragraph, chosen at random."""
    def f(text: str, rng: random.Random) -> str:
        ends = list(_SENT_END.finditer(text))
        if not ends:
            return text
        m = rng.choice(ends)
        return text[:m.start()] + f" {debris} " + text[m.end():]
    return f


def _after_every_sentence(debris: str) -> Perturbation:
    """Debris after every sentence."""
    return lambda text, rng: _SENT_END.sub(f" {debris} ", text)


def _wrap_random(newline: str = "\n") -> Perturbation:
    """Hard wraps at a width drawn from 40 to 70 characters."""
    return lambda text, rng: _wrap(rng.randrange(40, 71), newline)(text, rng)


def _between_paragraphs(line: str) -> Perturbation:
    """A line of its own between two paragraphs, or after the last, chosen at random."""
    def f(text: str, rng: random.Random) -> str:
        paras = text.split("\n\n")
        i = rng.randrange(1, len(paras) + 1)
        return "\n\n".join(paras[:i] + [line] + paras[i:])
    return f


def _at_top(line: str, sep: str = "\n\n") -> Perturbation:
    return lambda text, rng: line + sep + text


def _at_end(line: str) -> Perturbation:
    return lambda text, rng: text + "\n\n" + line


def _wrap(width: int, newline: str = "\n") -> Perturbation:
    import textwrap

    def f(text: str, rng: random.Random) -> str:
        paras = [newline.join(textwrap.wrap(p, width)) for p in text.split("\n\n")]
        return (newline * 2).join(paras)
    return f


def _spaces(repl: str, share: float) -> Perturbation:
    def f(text: str, rng: random.Random) -> str:
        return re.sub(" ", lambda m: repl if rng.random() < share else " ", text)
    return f


def _in_words(char: str, share: float, min_len: int = 5) -> Perturbation:
    """``char`` inside words of ``min_len`` letters or more, at a random inner position."""
    def f(text: str, rng: random.Random) -> str:
        def one(m: re.Match[str]) -> str:
            w = m.group(0)
            if rng.random() >= share:
                return w
            i = rng.randrange(1, len(w))
            return w[:i] + char + w[i:]
        return re.sub(rf"[A-Za-z]{{{min_len},}}", one, text)
    return f


def _lower_sentence_start(text: str, rng: random.Random) -> str:
    ends = list(_SENT_END.finditer(text))
    if not ends:
        return text
    m = rng.choice(ends)
    return text[:m.end()] + text[m.end()].lower() + text[m.end() + 1:]


def _run_together(text: str, rng: random.Random) -> str:
    return _SENT_END.sub("", text)


def _md_link_place(text: str, rng: random.Random) -> str:
    m = re.search(r"\b(?:in|near|of) (?:the Russian city of )?([A-Z][a-z]+(?: [A-Z][a-z]+)?)", text)
    if m is None:
        return text
    name = m.group(1)
    url = "https://en.wikipedia.org/wiki/" + name.replace(" ", "_")
    return text[:m.start(1)] + f"[{name}]({url})" + text[m.end(1):]


def _bold_place(text: str, rng: random.Random) -> str:
    m = re.search(r"\b(?:in|near|of) (?:the Russian city of )?([A-Z][a-z]+(?: [A-Z][a-z]+)?)", text)
    if m is None:
        return text
    return text[:m.start(1)] + f"<b>{m.group(1)}</b>" + text[m.end(1):]


def _entities(text: str, rng: random.Random) -> str:
    return text.replace("'", "&#39;").replace(", ", ",&nbsp;", 2)


def _entities_named(text: str, rng: random.Random) -> str:
    return text.replace("'", "&rsquo;").replace("\n\n", "\n\n&nbsp;")


def _curly(text: str, rng: random.Random) -> str:
    return text.replace("'", "\u2019")


def _paragraph_tags(text: str, rng: random.Random) -> str:
    return "\n".join(f"<p>{p}</p>" for p in text.split("\n\n"))


def _br_tags(text: str, rng: random.Random) -> str:
    return text.replace("\n\n", "<br><br>")


def _bullets(mark: str) -> Perturbation:
    return lambda text, rng: "\n\n".join(mark + p for p in text.split("\n\n"))


def _crlf(text: str, rng: random.Random) -> str:
    return text.replace("\n", "\r\n")


def _caps(text: str, rng: random.Random) -> str:
    return text.upper()


def _bidi(text: str, rng: random.Random) -> str:
    return re.sub(r"\b([A-Z][a-z]{3,})\b", "\u200e\\1\u200e", text, count=3)


def _trailing_spaces(text: str, rng: random.Random) -> str:
    return text.replace("\n", "  \n").replace(". ", ".  ")


def _nb_hyphen(text: str, rng: random.Random) -> str:
    return text.replace("-", "\u2011")


def _link_place(text: str, rng: random.Random) -> str:
    m = re.search(r"\b(?:in|near|of) (?:the Russian city of )?([A-Z][a-z]+(?: [A-Z][a-z]+)?)", text)
    if m is None:
        return text
    return text[:m.start(1)] + f'<a href="https://example.org/{m.group(1)}">{m.group(1)}</a>' + text[m.end(1):]


def _stamp_inline(text: str, rng: random.Random) -> str:
    paras = text.split("\n\n")
    i = rng.randrange(len(paras))
    paras[i] += " (Updated 10:32 GMT)"
    return "\n\n".join(paras)


def _email_quote(text: str, rng: random.Random) -> str:
    return "\n".join("> " + line for line in _wrap(66)(text, rng).split("\n"))


def _curly_quotes(text: str, rng: random.Random) -> str:
    return re.sub(r'"([^"]*)"', "\u201c\\1\u201d", text).replace("'", "\u2019")


def _ideographic(text: str, rng: random.Random) -> str:
    return _spaces("\u3000", 0.2)(text, rng)


def _double_entities(text: str, rng: random.Random) -> str:
    return text.replace(". ", ".&nbsp;&nbsp;").replace("'", "&apos;")


def _compose(*fs: Perturbation) -> Perturbation:
    def f(text: str, rng: random.Random) -> str:
        for g in fs:
            text = g(text, rng)
        return text
    return f


PERTURBATIONS: dict[str, dict[str, Perturbation]] = {
    "markup": {
        "tag-b-x": _between_sentences("<b>x</b>"),
        "tag-br": _between_sentences("<br>"),
        "tag-span": _between_sentences('<span class="caption">'),
        "tag-img": _between_sentences('<img src="/photo.jpg" alt="">'),
        "tag-comment": _between_sentences("<!-- ad slot -->"),
        "tag-every": _after_every_sentence("<i>x</i>"),
        "p-tags": _paragraph_tags,
        "br-tags": _br_tags,
        "bold-place": _bold_place,
        "entity-apostrophe": _entities,
        "entity-named": _entities_named,
        "md-link-place": _md_link_place,
    },
    "links-emoji": {
        "url-between": _between_sentences("https://t.co/Xy12AbC"),
        "url-paren": _between_sentences("(https://example.org/story?id=12&ref=home)"),
        "url-end": _at_end("https://example.org/news/2024/story.html"),
        "emoji-between": _between_sentences("\U0001F525"),
        "emoji-flag": _between_sentences("\U0001F1FA\U0001F1E6 \U0001F447"),
        "emoji-top": _at_top("\U0001F534 \u26A0\uFE0F", sep=" "),
        "handle-between": _between_sentences("@ConflictMonitor"),
        "hashtag-between": _between_sentences("#BreakingNews"),
        "url-every": _after_every_sentence("http://bit.ly/3xYz"),
        "emoji-every": _after_every_sentence("\U0001F4A5"),
        "handle-every": _after_every_sentence("@monitor_feed"),
    },
    "boilerplate": {
        "byline": _at_top("By Jane Roe"),
        "byline-two": _at_top("By Jane Roe and Samuel Poe, Test Wire"),
        "reporting-credit": _at_end("Reporting by Jane Roe; Editing by Samuel Poe"),
        "advertisement": _between_paragraphs("Advertisement"),
        "story-continues": _between_paragraphs("Story continues below advertisement"),
        "stamp-top": _at_top("Updated 10:32 GMT"),
        "stamp-long": _at_top("Last updated: 14 March 2024, 10:32 GMT"),
        "photo-credit": _at_top("Photo: AFP"),
        "photo-credit-copyright": _between_paragraphs("\u00A9 Reuters / Staff Photographer"),
        "embed-tweet": _between_paragraphs("\u2014 Local Monitor (@localmonitor) March 14, 2024"),
        "embed-pic": _between_paragraphs("pic.twitter.com/AbCdEf123"),
        "separator": _between_paragraphs("* * *"),
        "separator-stars": _between_paragraphs("***"),
        "share": _at_end("Share this article"),
        "read-more": _at_end("Read more: Earlier attacks in the region"),
        "bullets": _bullets("\u2022 "),
        "dash-bullets": _bullets("- "),
    },
    "layout": {
        "wrap-40": _wrap(40),
        "wrap-50": _wrap(50),
        "wrap-60": _wrap(60),
        "wrap-70": _wrap(70),
        "wrap-45-crlf": _wrap(45, "\r\n"),
        "wrap-65-crlf": _wrap(65, "\r\n"),
        "wrap-random": _wrap_random(),
        "wrap-random-crlf": _wrap_random("\r\n"),
        "crlf": _crlf,
        "run-together": _run_together,
        "lowercase-start": _lower_sentence_start,
        "trailing-spaces": _trailing_spaces,
    },
    "characters": {
        "nbsp-all": _spaces("\u00A0", 1.0),
        "nbsp-some": _spaces("\u00A0", 0.3),
        "double-spaces": _spaces("  ", 1.0),
        "double-spaces-some": _spaces("  ", 0.3),
        "thin-spaces": _spaces("\u2009", 0.5),
        "tabs": _spaces("\t", 0.2),
        "zwsp-words": _in_words("\u200B", 0.3),
        "zwsp-all": _in_words("\u200B", 1.0, 3),
        "zwj-words": _in_words("\u200D", 0.3),
        "soft-hyphen": _in_words("\u00AD", 0.4, 6),
        "soft-hyphen-all": _in_words("\u00AD", 1.0, 4),
        "bom": _at_top("\uFEFF", sep=""),
        "bidi-marks": _bidi,
        "curly-apostrophes": _curly,
        "nb-hyphen": _nb_hyphen,
        "all-caps": _caps,
    },
    "combined": {
        "wrap-60+nbsp": _compose(_spaces("\u00A0", 0.3), _wrap(60)),
        "tag+emoji": _compose(_between_sentences("<b>x</b>"), _at_top("\U0001F534", sep=" ")),
        "byline+stamp+ad": _compose(_at_top("Updated 09:15 GMT"), _at_top("By Jane Roe"),
                                    _between_paragraphs("Advertisement")),
        "zwsp+soft-hyphen": _compose(_in_words("\u200B", 0.2), _in_words("\u00AD", 0.2, 6)),
        "crlf+double-spaces": _compose(_spaces("  ", 0.5), _crlf),
        "entities+p-tags": _compose(_entities, _paragraph_tags),
    },
    # written after the normaliser, and run once before any change to it (README: "held out")
    "held-out": {
        "link-tag-place": _link_place,
        "stamp-inline": _stamp_inline,
        "published-ago": _at_top("Published 2 hours ago"),
        "email-quoted": _email_quote,
        "curly-quotes": _curly_quotes,
        "ideographic-spaces": _ideographic,
        "nbsp-entities": _double_entities,
        "div-embed": _between_paragraphs('<div class="embed"><iframe src="https://x.com/i/1"></iframe></div>'),
        "image-caption-label": _between_paragraphs("Image caption"),
        "zwnj-words": _in_words("\u200C", 0.3),
        "wrap-55-indented": lambda text, rng: "\n".join("  " + ln for ln in _wrap(55)(text, rng).split("\n")),
        "cr-only": lambda text, rng: text.replace("\n", "\r"),
    },
}
"""Perturbation kinds (groups) and their variants."""


def all_perturbations() -> list[tuple[str, str, Perturbation]]:
    return [(kind, name, f) for kind, variants in PERTURBATIONS.items() for name, f in variants.items()]


def event_key(event) -> tuple:
    """What a perturbation must not change: type, place, date, tolls and claims."""
    claims = tuple(sorted((c.source.name if c.source else None, c.stance, c.fatalities, c.injured)
                          for c in event.claims))
    return (event.event_type, event.sub_event_type, event.location.name if event.location else None,
            event.date, event.fatalities, event.injured, claims)


def events_key(extraction) -> tuple:
    return tuple(sorted(event_key(e) for e in extraction.events))
