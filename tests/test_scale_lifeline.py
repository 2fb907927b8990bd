"""Worker processes of ``contested ingest --workers N`` die with their parent (issue 19):
a driver killed with SIGKILL while its worker is busy in a long C call (Dask's own parent
watch cannot run then: it needs the interpreter lock) leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]

DRIVER = textwrap.dedent("""
    import os
    from contested.scale.ingest import _connect

    def busy():
        return sum(range(10**11))   # one C call: holds the interpreter lock for minutes

    client, cluster, _ = _connect(1, None, None)
    (pid,) = client.run(os.getpid).values()
    fut = client.submit(busy, pure=False)
    print(f"WORKER {pid}", flush=True)
    fut.result()
""")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    driver = subprocess.Popen([sys.executable, "-c", DRIVER], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True, env=env, cwd=tmp_path)
    try:
        worker = None
        deadline = time.monotonic() + 120
        assert driver.stdout is not None
        while time.monotonic() < deadline:
            line = driver.stdout.readline()
            if line.startswith("WORKER"):
                worker = int(line.split()[1])
                break
            if not line and driver.poll() is not None:
                break
        assert worker is not None, "the local cluster did not start"
        time.sleep(1.0)  # the task is running: the worker holds its interpreter lock
        assert _alive(worker)
        driver.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        while _alive(worker) and time.monotonic() - killed < 10:
            time.sleep(0.01)
        gone_after = time.monotonic() - killed
        assert not _alive(worker), "the worker outlived its parent by 10 s"
        assert gone_after < 1.0, f"the worker outlived its parent by {gone_after:.2f} s"
        print(f"\nworker gone {gone_after:.3f} s after its parent's SIGKILL")
    finally:
        driver.kill()
        driver.wait()
        if driver.stdout is not None:
            driver.stdout.close()
        if worker is not None and _alive(worker):
            os.kill(worker, signal.SIGKILL)
