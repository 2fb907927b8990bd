"""HTML pages: main text through trafilatura, a plain tag-strip when it finds nothing."""

from __future__ import annotations

import logging
import re
from datetime import date

from contested.errors import InputError
from contested.records import Article

from ._base import parse_published

__all__ = ["html_article", "strip_tags"]

_BLOCK_TAGS = frozenset("""
address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6
header hr li main nav ol p pre section table td th tr ul
""".split())
_DROP_TAGS = ("script", "style", "noscript", "template", "head")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
# characters lxml refuses in element text (not allowed in XML 1.0): C0 controls, surrogates, U+FFFE/FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _paragraphs(lines: list[str]) -> str:
    """Non-empty lines, whitespace collapsed, joined by blank lines (OUTPUT.md's paragraphs)."""
    out = []
    for line in lines:
        line = _SPACES.sub(" ", line).strip()
        if line:
            out.append(line)
    return "\n\n".join(out)


def strip_tags(markup: str) -> str:
    """Visible text of a page: scripts and styles dropped, one paragraph per block element."""
    import lxml.html

    markup = _NOT_XML.sub(" ", markup)  # else setting el.text below raises ValueError
    try:
        root = lxml.html.document_fromstring(markup)
    except Exception:  # lxml raises several types on junk; the regex fallback handles it
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
        text = re.sub(r"(?s)<[^>]+>", "\n", text)
        import html as _html
        return _paragraphs(_html.unescape(text).split("\n"))
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in root.iter():  # source line breaks are plain spaces in HTML
        if el.text:
            el.text = el.text.replace("\n", " ")
        if el.tail:
            el.tail = el.tail.replace("\n", " ")
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCK_TAGS:
            el.text = "\n" + (el.text or "")
            el.tail = "\n" + (el.tail or "")
    text = "".join(root.itertext())
    return _paragraphs(text.split("\n"))


def html_article(markup: str, origin: str, *, published: date | None = None,
                 outlet: str | None = None) -> Article:
    """An Article from an HTML page.

    Text: trafilatura's main-content extraction (paragraphs separated by blank lines), or a
    tag-strip of the whole page when trafilatura finds nothing. Title, date, site name and URL
    come from the page's metadata when present; ``published``/``outlet`` fill in what the page
    lacks.
    """
    import trafilatura

    doc = None
    # trafilatura logs at WARNING/ERROR for pages it cannot parse; that is not our error
    logger = logging.getLogger("trafilatura")
    previous = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        doc = trafilatura.bare_extraction(markup, with_metadata=True, include_comments=False,
                                          include_tables=True)
    except Exception:  # a library crash on one page must not stop the batch: fall back
        doc = None
    finally:
        logger.setLevel(previous)

    text = ""
    title = url = site = None
    page_date: date | None = None
    if doc is not None:
        title = getattr(doc, "title", None) or None
        url = getattr(doc, "url", None) or None
        site = getattr(doc, "sitename", None) or None
        raw_date = getattr(doc, "date", None)
        if raw_date:
            try:
                page_date = parse_published(raw_date, origin)
            except InputError:
                page_date = None
        lines = (getattr(doc, "text", None) or "").split("\n")
        if title and lines and lines[0].strip() == title.strip():
            lines = lines[1:]
        text = _paragraphs(lines)
    if not text.strip():
        text = strip_tags(markup)
        if title is None:
            m = re.search(r"(?is)<title[^>]*>(.*?)</title>", markup)
            if m:
                import html as _html
                title = _SPACES.sub(" ", _html.unescape(m.group(1))).strip() or None
    return Article(text=text, published=page_date or published, outlet=site or outlet,
                   title=title, url=url, origin=origin)
