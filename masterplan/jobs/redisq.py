"""The job interface on Redis with RQ: jobs run by ``masterplan worker`` processes on any machine.

Why RQ: it needs nothing but Redis (which the service runs anyway), a job is
a function name with arguments (as :mod:`~masterplan.jobs.tasks` already
are), each job runs in a forked process the worker watches (a build that
crashes or is killed takes only that process down: the worker marks the job
failed, and RQ's ``Retry`` queues it again), time limits are per job, and
results, progress (``job.meta``) and the queue's order live in Redis where every
web process sees them. Celery brings a broker abstraction and a result backend
this does not need; Huey keeps results but not per-job progress.

What a job is here: the ``"module:function"`` of its task, its JSON
parameters, and in ``meta`` its kind, key, owner, progress and step. A key maps
to the job that computes it (``masterplan:key:<key>``), so a second submission
while it is queued, running or done (and its files still there) is that job.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from masterplan.errors import MasterplanError
from masterplan.jobs.model import Job, JobState
from masterplan.jobs.queue import INTERNAL_ERROR, Task, files_exist, resolve

__all__ = ["BACKGROUND_QUEUE", "QUEUE_NAME", "RedisQueue", "perform", "run_worker"]

QUEUE_NAME = "masterplan"
BACKGROUND_QUEUE = "masterplan-latar"
"""Jobs nobody waits for (the portfolio's measures): a worker takes them only when no other job waits."""
BACKGROUND_KINDS = frozenset({"measure"})
KEY_PREFIX = "masterplan:key:"
RESULT_TTL = 7 * 24 * 3600  # finished jobs kept a week (a draft's files are in the draft cache anyway)
RETRIES = 2  # a job whose process died is run again this often before it is marked failed

_STATES: dict[str, JobState] = {
    "queued": "queued", "deferred": "queued", "scheduled": "queued", "created": "queued",
    "started": "running", "finished": "done",
    "failed": "failed", "stopped": "failed", "canceled": "failed",
}


def perform(reference: str, params: dict[str, Any]) -> dict[str, Any]:
    """Run the task ``reference`` in a worker, reporting progress into the job's ``meta``.

    A :class:`MasterplanError` is the person's to read: its message is kept in
    ``meta["error"]``; any other failure is logged by the worker and shown as
    :data:`INTERNAL_ERROR`.
    """
    from rq import get_current_job

    job = get_current_job()

    def progress(share: float, step: str) -> None:
        if job is not None:
            job.meta.update(progress=min(max(share, 0.0), 1.0), step=step)
            job.save_meta()

    started = time.monotonic()
    try:
        result = resolve(reference)(params, progress)
    except MasterplanError as error:
        if job is not None:
            job.meta["error"] = str(error)
            job.save_meta()
        raise
    if job is not None and job.meta.get("kind"):
        job.connection.set(f"masterplan:took:{job.meta['kind']}", time.monotonic() - started)
    return result


class RedisQueue:
    """Jobs in the Redis at ``url``, run by ``masterplan worker`` processes (see the module docstring)."""

    def __init__(
        self,
        url: str,
        tasks: Mapping[str, str | Task] | None = None,
        timeout: int = 900,
        reusable: Callable[[Job], bool] = files_exist,
    ) -> None:
        from redis import Redis
        from rq import Queue

        if tasks is None:
            from masterplan.jobs.tasks import TASKS

            tasks = TASKS
        self._tasks = {kind: ref for kind, ref in tasks.items() if isinstance(ref, str)}
        self._redis = Redis.from_url(url)
        self._queue = Queue(QUEUE_NAME, connection=self._redis)
        self._background = Queue(BACKGROUND_QUEUE, connection=self._redis)
        self._timeout = timeout
        self._reusable = reusable

    def submit(self, kind: str, params: dict[str, Any], *, key: str, owner: str) -> Job:
        """Queue a job of ``kind``, or return the job of the same ``key`` (see :class:`JobQueue`)."""
        from rq import Retry

        if kind not in self._tasks:
            raise ValueError(f"unknown job kind {kind!r}")
        known_id = self._redis.get(KEY_PREFIX + key)
        if known_id is not None:
            known = self.get(known_id.decode() if isinstance(known_id, bytes) else str(known_id))
            if known is not None and (known.active or (known.state == "done" and self._reusable(known))):
                return known
        meta = {"kind": kind, "key": key, "owner": owner, "progress": 0.0, "step": "",
                "submitted": time.time(), "expected": self._expected(kind)}
        queue = self._background if kind in BACKGROUND_KINDS else self._queue
        rq_job = queue.enqueue(
            perform, self._tasks[kind], dict(params), job_timeout=self._timeout, result_ttl=RESULT_TTL,
            failure_ttl=RESULT_TTL, retry=Retry(max=RETRIES), meta=meta,
        )
        self._redis.set(KEY_PREFIX + key, rq_job.id, ex=RESULT_TTL)
        found = self.get(rq_job.id)
        assert found is not None
        return found

    def get(self, job_id: str) -> Job | None:
        """A snapshot of the job, ``None`` when unknown or expired (see :class:`JobQueue`)."""
        from rq.exceptions import NoSuchJobError
        from rq.job import Job as RqJob

        try:
            rq_job = RqJob.fetch(job_id, connection=self._redis)
        except NoSuchJobError:
            return None
        return self._job(rq_job)

    def _job(self, rq_job: Any) -> Job:
        meta = rq_job.get_meta(refresh=True)
        status = rq_job.get_status(refresh=False)
        state = _STATES.get(str(getattr(status, "value", status)), "queued")
        job = Job(
            id=rq_job.id, kind=str(meta.get("kind", "")), key=str(meta.get("key", "")),
            params=dict(rq_job.args[1]) if len(rq_job.args) > 1 else {}, owner=str(meta.get("owner", "")),
            submitted=float(meta.get("submitted", 0.0)), state=state,
            progress=float(meta.get("progress", 0.0)), step=str(meta.get("step", "")),
            expected=float(meta.get("expected", 0.0)),
            started=rq_job.started_at.timestamp() if rq_job.started_at else None,
            finished=rq_job.ended_at.timestamp() if rq_job.ended_at and state in ("done", "failed") else None,
        )
        if state == "done":
            job.result = dict(rq_job.return_value() or {})
            job.progress = 1.0
        elif state == "failed":
            job.error = str(meta.get("error") or INTERNAL_ERROR.format(id=rq_job.id))
        return job

    def wait(self, job_id: str, timeout: float) -> Job | None:
        """The job once finished, or as it stands after ``timeout`` seconds (see :class:`JobQueue`)."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get(job_id)
            if job is None or not job.active or time.monotonic() >= deadline:
                return job
            time.sleep(min(0.2, max(deadline - time.monotonic(), 0.0)))

    def ahead(self, job_id: str) -> int:
        """Queued jobs that start before this one (see :class:`JobQueue`)."""
        position = self._queue.get_job_position(job_id)
        if position is not None:
            return int(position)
        position = self._background.get_job_position(job_id)
        return len(self._queue) + int(position) if position is not None else 0

    def active(self, kind: str) -> list[Job]:
        """The queued and running jobs of ``kind``, oldest first (see :class:`JobQueue`)."""
        ids = [job_id for queue in (self._queue, self._background)
               for job_id in (*queue.started_job_registry.get_job_ids(), *queue.get_job_ids())]
        found = [job for job_id in dict.fromkeys(ids) if (job := self.get(job_id)) is not None]
        return sorted((j for j in found if j.kind == kind and j.active), key=lambda j: j.submitted)

    def close(self) -> None:
        """Nothing to stop here: the workers run on (see :class:`JobQueue`)."""
        self._redis.close()

    def _expected(self, kind: str) -> float:
        """Seconds the last finished job of ``kind`` took (0 when none is known)."""
        value = self._redis.get(f"masterplan:took:{kind}")
        return float(value) if value is not None else 0.0


def run_worker(url: str, *, burst: bool = False, name: str | None = None) -> bool:
    """Run jobs from the Redis at ``url`` until stopped (``burst``: until the queue is empty)."""
    from redis import Redis
    from rq import Queue, Worker

    redis = Redis.from_url(url)
    # A worker that dies whole (its machine) leaves its job "started" until the job's heartbeat, every
    # 10 s with 60 s of grace, has lapsed; another worker's upkeep, run at least every 30 s (it waits
    # for jobs 30 s at a time), then queues it again: within about 100 s (RQ's defaults: 7 minutes).
    queues = [Queue(QUEUE_NAME, connection=redis), Queue(BACKGROUND_QUEUE, connection=redis)]  # in this order
    worker = Worker(queues, connection=redis, name=name,
                    maintenance_interval=30, worker_ttl=45, job_monitoring_interval=10)
    return bool(worker.work(burst=burst, with_scheduler=True))
