"""A web UI and HTTP API over the ledger: ``contested serve --db URL``.

:func:`create_app` builds the FastAPI application (JSON API under ``/api``, OpenAPI at
``/openapi.json`` and ``/docs``, pages ``/``, ``/timeline``, ``/events/{id}``,
``/documents/{id}``); :mod:`contested.web.cli` adds the ``serve`` command. FastAPI is
imported only when the app is built, so the command line stays quick to start.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_BODY", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
