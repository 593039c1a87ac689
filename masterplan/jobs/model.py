"""A background job as every queue backend describes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

Progress = Callable[[float, str], None]
"""How work reports: the share done (0 to 1) and what it does now, in Indonesian."""

JobState = Literal["queued", "running", "done", "failed"]

STATE_LABELS: dict[JobState, str] = {
    "queued": "menunggu giliran",
    "running": "sedang dikerjakan",
    "done": "siap",
    "failed": "gagal",
}


@dataclass
class Job:
    """One job: what it computes, who asked, where it stands and what it gave.

    ``key`` names what the job computes: a second submission with the same key
    while this job is queued, running or done is this job again (a double
    click starts nothing). ``progress`` is 0 to 1 with ``step`` saying, in
    Indonesian, what is being done; ``expected`` is how many seconds the job
    should take (from the last job of its kind), 0 when unknown. ``result``
    holds the task's JSON result; ``error`` a message for the person who asked.
    """

    id: str
    kind: str
    key: str
    params: dict[str, Any]
    owner: str
    submitted: float
    state: JobState = "queued"
    progress: float = 0.0
    step: str = ""
    expected: float = 0.0
    started: float | None = None
    finished: float | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def active(self) -> bool:
        """True while queued or running."""
        return self.state in ("queued", "running")

    @property
    def label(self) -> str:
        """The state in Indonesian."""
        return STATE_LABELS[self.state]
