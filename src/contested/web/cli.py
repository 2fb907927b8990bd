"""``contested serve``: the web UI and JSON API over a ledger, served by uvicorn.

Wired into the main parser by ``contested.cli.build_parser``::

    from .web.cli import add_serve_parser
    add_serve_parser(sub)
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

EXIT_OK, EXIT_FATAL = 0, 2
DEFAULT_DB = "sqlite:///contested.db"


def add_serve_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``serve`` on an ``add_subparsers()`` object; returns the new parser."""
    sp = subparsers.add_parser(
        "serve", help="serve the web UI and JSON API over a ledger",
        description="Serve the ledger as web pages (map, timeline, events, documents) and a JSON "
                    "API (/api/..., docs at /docs). Read-only unless --allow-ingest is given.")
    sp.add_argument("--db", default=DEFAULT_DB,
                    help=f"ledger database URL (default {DEFAULT_DB}; postgresql+psycopg://... too)")
    sp.add_argument("--host", default="127.0.0.1",
                    help="address to bind (default 127.0.0.1: this machine only; 0.0.0.0 exposes it)")
    sp.add_argument("--port", type=int, default=8000, help="TCP port (default 8000; 0 picks a free one)")
    sp.add_argument("--allow-ingest", action="store_true",
                    help="enable POST /api/articles (extract and store); needs --token")
    sp.add_argument("--token", help="bearer token required by ingest (or set CONTESTED_TOKEN)")
    sp.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                    help="uvicorn log level (default info)")
    sp.set_defaults(func=cmd_serve)
    return sp


def _err(msg: str) -> None:
    print(f"contested: {msg}", file=sys.stderr)


def cmd_serve(args: argparse.Namespace) -> int:
    """Start uvicorn; returns an exit code (2 when the server cannot start)."""
    from ..errors import ContestedError

    token = args.token or os.environ.get("CONTESTED_TOKEN") or None
    if args.allow_ingest and not token:
        _err("--allow-ingest needs --token T (or CONTESTED_TOKEN): ingest is never anonymous")
        return EXIT_FATAL
    if token and not args.allow_ingest:
        _err("warning: --token has no effect without --allow-ingest")
    if not 0 <= args.port <= 65535:
        _err(f"--port {args.port}: must be within 0-65535")
        return EXIT_FATAL
    options = None
    if getattr(args, "config", None):
        from ..config import Options

        options = Options.from_file(args.config)
    try:
        import uvicorn

        from .app import create_app

        app = create_app(args.db, allow_ingest=args.allow_ingest, token=token, options=options)
    except ContestedError as exc:
        _err(str(exc))
        return EXIT_FATAL
    from ..ledger.store import safe_url

    config = uvicorn.Config(app, host=args.host, port=args.port, log_level=args.log_level,
                            proxy_headers=False, server_header=False, access_log=args.log_level == "debug")
    server = uvicorn.Server(config)
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    mode = "ingest enabled (POST /api/articles, bearer token)" if args.allow_ingest else "read-only"
    print(f"contested: serving {safe_url(args.db)} ({mode}) at http://{shown_host}:{args.port}/ "
          f"- API docs at /docs; press Ctrl+C to stop", file=sys.stderr, flush=True)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _err(f"warning: listening on {args.host}, reachable from other machines")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        _err(f"cannot listen on {args.host}:{args.port} ({exc})")
        return EXIT_FATAL
    return EXIT_OK if server.started or not server.should_exit else EXIT_FATAL
