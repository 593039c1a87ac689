"""The job interface and its embedded backend, a pool of threads in this process.

:class:`JobQueue` is what a front end uses: submit a job of a known kind,
look at it, wait for it. :class:`LocalQueue` runs jobs in this process's
threads, at most ``workers`` at a time (the heavy part of a build, the PDF
layout, runs in its own process anyway, so the web server's threads stay
free). It keeps jobs in memory: after a restart a resubmitted draft is found
in the build cache at once. A task's own limits stop it (the PDF worker's time
limit); a thread cannot be killed from outside.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

from masterplan.errors import MasterplanError
from masterplan.jobs.model import Job, Progress

log = logging.getLogger(__name__)

Task = Callable[[dict[str, Any], Progress], dict[str, Any]]
"""A task: JSON parameters and a progress callback in, a JSON result out."""

INTERNAL_ERROR = "terjadi kesalahan di server; pengelola dapat melihat rinciannya di log (pekerjaan {id})"


class JobQueue(Protocol):
    """What every backend offers (this process's threads here; a Redis queue in the service)."""

    def submit(self, kind: str, params: dict[str, Any], *, key: str, owner: str) -> Job:
        """Queue a job, or return the queued, running or still valid finished job of the same ``key``."""
        ...

    def get(self, job_id: str) -> Job | None:
        """A snapshot of the job, ``None`` when unknown (or forgotten)."""
        ...

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """The job once it has finished, or as it stands after ``timeout`` seconds."""
        ...

    def ahead(self, job_id: str) -> int:
        """How many queued jobs will start before this one."""
        ...

    def active(self, kind: str) -> list[Job]:
        """The queued and running jobs of ``kind``, oldest first."""
        ...

    def close(self) -> None:
        """Stop taking jobs; let the running ones finish."""
        ...


def resolve(reference: str | Task) -> Task:
    """The task a ``"module:function"`` reference names (a callable is itself)."""
    if callable(reference):
        return reference
    module, _, name = reference.partition(":")
    found: Task = getattr(importlib.import_module(module), name)
    return found


def files_exist(job: Job) -> bool:
    """True when every file the job's result names (``result["files"]``) is still there."""
    return all(Path(path).is_file() for path in job.result.get("files", []))


class LocalQueue:
    """Jobs run by a pool of ``workers`` threads; the last ``keep`` finished jobs are remembered."""

    def __init__(
        self,
        workers: int = 1,
        tasks: Mapping[str, str | Task] | None = None,
        keep: int = 200,
        reusable: Callable[[Job], bool] = files_exist,
    ) -> None:
        if tasks is None:
            from masterplan.jobs.tasks import TASKS

            tasks = TASKS
        self._tasks = dict(tasks)
        self._keep = keep
        self._reusable = reusable
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="masterplan-job")
        self._jobs: dict[str, Job] = {}  # in submission order
        self._keys: dict[str, str] = {}  # key -> id of its latest job
        self._durations: dict[str, float] = {}  # kind -> seconds its last job took
        self._changed = threading.Condition()

    def submit(self, kind: str, params: dict[str, Any], *, key: str, owner: str) -> Job:
        """Queue a job of ``kind`` (see :class:`JobQueue`)."""
        if kind not in self._tasks:
            raise ValueError(f"unknown job kind {kind!r}")
        with self._changed:
            known = self._jobs.get(self._keys.get(key, ""))
            if known is not None and (known.active or (known.state == "done" and self._reusable(known))):
                return dataclasses.replace(known)
            job = Job(
                id=secrets.token_urlsafe(16), kind=kind, key=key, params=dict(params), owner=owner,
                submitted=time.time(), expected=self._durations.get(kind, 0.0),
            )
            self._jobs[job.id] = job
            self._keys[key] = job.id
            self._forget_old()
            snapshot = dataclasses.replace(job)
        self._pool.submit(self._run, job.id)
        return snapshot

    def get(self, job_id: str) -> Job | None:
        """A snapshot of the job (see :class:`JobQueue`)."""
        with self._changed:
            found = self._jobs.get(job_id)
            return dataclasses.replace(found) if found else None

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """The job when finished, or after ``timeout`` seconds (see :class:`JobQueue`)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while (job := self._jobs.get(job_id)) is not None and job.active:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return dataclasses.replace(job) if job else None

    def ahead(self, job_id: str) -> int:
        """Queued jobs submitted before this one (see :class:`JobQueue`)."""
        with self._changed:
            job = self._jobs.get(job_id)
            if job is None or job.state != "queued":
                return 0
            return sum(1 for other in self._jobs.values() if other.state == "queued" and other.submitted
                       < job.submitted)

    def active(self, kind: str) -> list[Job]:
        """The queued and running jobs of ``kind`` (see :class:`JobQueue`)."""
        with self._changed:
            found = [job for job in self._jobs.values() if job.kind == kind and job.active]
            return [dataclasses.replace(job) for job in found]

    def close(self) -> None:
        """Take no more jobs; the running and queued ones finish (see :class:`JobQueue`)."""
        self._pool.shutdown(wait=False)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._changed:
            job = self._jobs.get(job_id)
            if job is not None:
                for name, value in changes.items():
                    setattr(job, name, value)
            self._changed.notify_all()

    def _run(self, job_id: str) -> None:
        with self._changed:
            job = self._jobs[job_id]
            job.state, job.started = "running", time.time()
            kind, params = job.kind, dict(job.params)
            self._changed.notify_all()

        def progress(share: float, step: str) -> None:
            self._update(job_id, progress=min(max(share, 0.0), 1.0), step=step)

        try:
            result = resolve(self._tasks[kind])(params, progress)
        except MasterplanError as error:
            self._update(job_id, state="failed", error=str(error), finished=time.time())
        except Exception:
            log.exception("pekerjaan %s (%s) gagal", job_id, kind)
            self._update(job_id, state="failed", error=INTERNAL_ERROR.format(id=job_id), finished=time.time())
        else:
            finished = time.time()
            with self._changed:
                job = self._jobs[job_id]
                self._durations[kind] = finished - (job.started or finished)
            self._update(job_id, state="done", result=result, progress=1.0, finished=finished)

    def _forget_old(self) -> None:
        """Drop the oldest finished jobs beyond ``keep`` (the lock is held)."""
        finished = [job_id for job_id, job in self._jobs.items() if not job.active]
        for job_id in finished[: max(len(finished) - self._keep, 0)]:
            job = self._jobs.pop(job_id)
            if self._keys.get(job.key) == job_id:
                del self._keys[job.key]
