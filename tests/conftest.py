"""Shared test set-up: the compiled gazetteer index is cached in the checkout's ignored
``.cache/`` folder, so the index is built once per machine and not in the user's home."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

os.environ.setdefault("CONTESTED_CACHE", str(ROOT / ".cache" / "contested"))


@pytest.fixture(scope="session")
def resources():
    """The pipeline's shared resources (gazetteer, registry, lexicons), loaded once."""
    from contested.pipeline import Resources

    return Resources.load()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    return SHARED
