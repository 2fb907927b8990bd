"""Plain text files."""

from __future__ import annotations

from datetime import date

from contested.records import Article

__all__ = ["normalize_text", "text_article"]


def normalize_text(text: str) -> str:
    """Line endings to ``\\n``; nothing else changes (spans index this text)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def text_article(text: str, origin: str, *, published: date | None = None,
                 outlet: str | None = None) -> Article:
    """An Article from plain text; its id is the hash of the text (content-addressed)."""
    return Article(text=normalize_text(text), published=published, outlet=outlet, origin=origin)
