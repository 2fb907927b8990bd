"""The Python API: ``extract`` one text, or many articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from .config import Options
from .errors import ContestedError
from .records import Article, Extraction


def _as_date(value: date | str | None) -> date | None:
    """An ISO string or a date as a date, checked to lie between 1900 and a year from today
    (InputError otherwise)."""
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


def extract_each(articles: Iterable[Article], options: Options | None = None
                 ) -> Iterator[tuple[Article, Extraction | str]]:
    """Each article with its extraction, or with a one-line error naming the article when its
    extraction raised: one article never stops the rest. Resources are loaded once; articles
    are read from ``articles`` one at a time."""
    from .pipeline import Resources, extract_article

    opts = options or Options()
    res = Resources.load(opts)
    for article in articles:
        try:
            yield article, extract_article(article, res, opts)
        except Exception as exc:  # noqa: BLE001 - reported per article, never stops the batch
            where = article.origin or article.id
            if isinstance(exc, ContestedError):
                yield article, f"{where}: {exc}" if not str(exc).startswith(where) else str(exc)
            else:
                yield article, f"{where}: extraction failed ({type(exc).__name__}: {exc})"
