"""What runs on a Dask worker: extract a batch of articles with resources loaded once per
worker process (and per options)."""

from __future__ import annotations

import threading
from typing import Any

from ..config import Options
from ..records import Article, Extraction

_RESOURCES: dict[Options, Any] = {}
_LOCK = threading.Lock()


def resources(options: Options) -> Any:
    from ..pipeline import Resources

    with _LOCK:
        res = _RESOURCES.get(options)
        if res is None:
            _RESOURCES.clear()  # one set of resources per worker process
            res = _RESOURCES[options] = Resources.load(options)
        return res


def extract_batch(articles: list[Article], options: Options) -> list[Extraction | str]:
    """The extraction of each article, or a one-line error for an article whose extraction
    raised (the rest of the batch goes on)."""
    from ..pipeline import extract_article

    res = resources(options)
    out: list[Extraction | str] = []
    for article in articles:
        try:
            out.append(extract_article(article, res, options))
        except Exception as exc:  # noqa: BLE001 - reported per article, never stops the batch
            out.append(f"{article.origin or article.id}: extraction failed ({type(exc).__name__}: {exc})")
    return out


def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB (Linux: ru_maxrss is in KiB)."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
