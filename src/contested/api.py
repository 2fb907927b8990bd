"""The Python API: ``extract`` one text, or many articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from .config import Options
from .records import Article, Extraction


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    from .readers import parse_published

    return parse_published(value)


def extract(text: str, *, published: date | str | None = None, outlet: str | None = None,
            id: str | None = None, options: Options | None = None) -> Extraction:
    """Extract the events of one article.

    >>> result = extract("...", published="2020-10-28", outlet="Example Wire")
    >>> [e.to_dict() for e in result.events]   # OUTPUT.md shape
    """
    from .pipeline import extract_article

    article = Article(text=text, id=id or "", published=_as_date(published), outlet=outlet)
    return extract_article(article, options=options)


def extract_many(articles: Iterable[Article], options: Options | None = None) -> Iterator[Extraction]:
    """Extract every article, loading the shared resources once."""
    from .pipeline import Resources, extract_article

    opts = options or Options()
    res = Resources.load(opts)
    for article in articles:
        yield extract_article(article, res, opts)
