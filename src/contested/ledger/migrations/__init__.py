"""Alembic migrations of the ledger store (run by ``Ledger(url)``; no alembic.ini needed)."""
