"""One writer at a time per workspace: an exclusive ``flock`` on ``workflow/.lock``.

The lock is re-entrant within a process (an action that saves answers and
then records an event takes it once), and waits a bounded time for another
process before giving up with a clear message.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from masterplan.errors import WorkflowError

LOCK_FILE = "workflow/.lock"
WAIT_SECONDS = 30.0

_held = threading.local()


@contextmanager
def workspace_lock(root: Path, wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the write lock of the workspace at ``root`` for the duration of the block."""
    key = str(Path(root).resolve())
    depth: dict[str, int] = getattr(_held, "depth", None) or {}
    _held.depth = depth
    if depth.get(key):
        depth[key] += 1
        try:
            yield
        finally:
            depth[key] -= 1
        return
    path = Path(root) / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WorkflowError(
                        f"workspace {root} sedang diubah oleh proses lain lebih dari {wait:.0f} detik; "
                        "coba lagi sebentar lagi"
                    ) from None
                time.sleep(0.02)
        depth[key] = 1
        try:
            yield
        finally:
            depth[key] = 0
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
