"""Tasks for the job queue tests, imported by the worker processes by name (``jobtasks:...``)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from typing import Any

from masterplan.errors import UsageError
from masterplan.jobs.model import Progress


def echo(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Report half way, wait ``sleep`` seconds, give ``x`` back."""
    progress(0.5, "setengah jalan")
    time.sleep(float(params.get("sleep", 0)))
    return {"files": [], "echo": params["x"]}


def refuse(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Fail as a person's mistake does."""
    raise UsageError("ditolak: jawaban tahap II belum lengkap")


def die_once(params: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """The first run kills its own process mid-job (as the OOM killer would); the next one finishes."""
    marker = Path(params["marker"])
    if not marker.exists():
        marker.write_text(str(os.getpid()), encoding="utf-8")
        progress(0.3, "menyusun")
        os.kill(os.getpid(), signal.SIGKILL)
    return {"files": [], "attempt": 2, "first": int(marker.read_text(encoding="utf-8")), "now": os.getpid()}
