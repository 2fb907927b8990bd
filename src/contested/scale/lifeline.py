"""Worker processes die with the process that started them.

A local cluster's worker processes are children of the ``contested ingest`` process. Dask's
own guard (a thread in each worker that waits on a pipe from the parent) needs the worker's
interpreter lock, so a worker busy in a long C call outlives a parent killed with SIGKILL.
On Linux, :func:`die_with_parent` asks the kernel to send SIGKILL to the worker the moment its
parent dies (``prctl(PR_SET_PDEATHSIG)``). Loaded in each worker of a cluster ``contested``
starts (``LocalCluster(preload=[__name__], env={PARENT_ENV: pid})``); never in the workers of
a cluster given with ``--scheduler``, whose parents are their own nannies.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from typing import Any

PARENT_ENV = "CONTESTED_PARENT_PID"
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> bool:
    """Have this process killed when its parent dies (Linux); exit now when the parent is
    already gone (``parent``: the pid it should have). False where the kernel cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent:  # it died before the prctl call
        os._exit(1)
    return True


def dask_setup(worker: Any = None) -> None:
    """Dask's preload hook: runs in each worker process as it starts."""
    raw = os.environ.get(PARENT_ENV, "")
    die_with_parent(int(raw) if raw.isdigit() else None)
