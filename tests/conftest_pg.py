"""Storage back-ends for the ledger tests: SQLite always, PostgreSQL when
``CONTESTED_TEST_POSTGRES`` names a server (``.ci/setup-postgres`` starts one and writes it
to ``.ci/env``). Each PostgreSQL store is a fresh schema, dropped after the test.

Use the fixtures in a test module with::

    from conftest_pg import backend_fixture, new_url_fixture  # noqa: F401 - fixtures backend, new_url

``backend`` (module scope) is parametrised over ``sqlite`` and ``postgresql``; ``new_url()``
gives a new empty store of that backend on each call (``persistent=True``: an SQLite file
rather than memory, for tests that reopen the store or write from several processes).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ENV = "CONTESTED_TEST_POSTGRES"
BACKENDS = ("sqlite", "postgresql")


def pg_base_url() -> str | None:
    return os.environ.get(PG_ENV) or None


class Backend:
    """Makes fresh stores of one kind and removes them at the end."""

    def __init__(self, name: str, base: str | None = None) -> None:
        self.name = name
        self.base = base
        self.schemas: list[str] = []
        self._admin = create_engine(base) if base else None

    def url(self, folder: Path | None = None, *, persistent: bool = False) -> str:
        if self.name == "sqlite":
            if not persistent:
                return "sqlite://"
            assert folder is not None
            return f"sqlite:///{folder / f'ledger-{uuid.uuid4().hex[:8]}.db'}"
        assert self._admin is not None and self.base is not None
        schema = f"t_{uuid.uuid4().hex[:16]}"
        with self._admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        self.schemas.append(schema)
        return schema_url(self.base, schema)

    def drop(self, schemas: list[str] | None = None) -> None:
        if self._admin is None:
            return
        todo = self.schemas if schemas is None else schemas
        with self._admin.begin() as conn:
            for schema in todo:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        self.schemas = [s for s in self.schemas if s not in todo]

    def close(self) -> None:
        self.drop()
        if self._admin is not None:
            self._admin.dispose()


def schema_url(base: str, schema: str) -> str:
    """``base`` with every connection's search_path set to ``schema``."""
    u = make_url(base)
    return u.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def make_backend(name: str) -> Backend:
    if name == "postgresql":
        base = pg_base_url()
        if base is None:
            pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. from .ci/setup-postgres, which writes .ci/env)")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            pytest.skip("PostgreSQL tests need psycopg (pip install 'psycopg[binary]')")
        return Backend(name, base)
    return Backend(name)


@pytest.fixture(scope="module", params=BACKENDS, name="backend")
def backend_fixture(request: pytest.FixtureRequest) -> Iterator[Backend]:
    b = make_backend(request.param)
    yield b
    b.close()


@pytest.fixture(name="new_url")
def new_url_fixture(backend: Backend, tmp_path: Path) -> Iterator[Callable[..., str]]:
    made: list[str] = []
    before = set(backend.schemas)

    def make(*, persistent: bool = False) -> str:
        url = backend.url(tmp_path, persistent=persistent)
        made.append(url)
        return url
    yield make
    backend.drop([s for s in backend.schemas if s not in before])
