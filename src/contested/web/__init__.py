"""A web UI and HTTP API over the ledger: ``contested serve --db URL``.

:func:`create_app` builds the FastAPI application (JSON API under ``/api``, OpenAPI at
``/openapi.json`` and ``/docs``, pages ``/``, ``/timeline``, ``/events/{id}``,
``/documents/{id}``); :mod:`contested.web.cli` adds the ``serve`` command.
"""

from __future__ import annotations

from .app import MAX_BODY, create_app

__all__ = ["MAX_BODY", "create_app"]
