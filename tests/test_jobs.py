"""The job interface's embedded backend: states, keys, failures, the queue's order and memory."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from masterplan.errors import WorkflowError
from masterplan.jobs import LocalQueue
from masterplan.jobs.queue import INTERNAL_ERROR, resolve
from masterplan.jobs.tasks import TASKS


class Gated:
    """A task that reports, then waits for the test to open its gate."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.calls: list[dict[str, Any]] = []

    def __call__(self, params: dict[str, Any], progress: Any) -> dict[str, Any]:
        self.calls.append(params)
        progress(0.5, "separuh jalan")
        assert self.gate.wait(30)
        return {"files": params.get("files", []), "n": params.get("n")}


def _until(queue: LocalQueue, job_id: str, state: str) -> None:
    deadline = time.monotonic() + 10
    while (job := queue.get(job_id)) is not None and job.state != state:
        assert time.monotonic() < deadline, job
        time.sleep(0.005)


def test_a_job_goes_from_queued_to_running_to_done_with_its_progress_and_result():
    task = Gated()
    queue = LocalQueue(workers=1, tasks={"t": task})
    job = queue.submit("t", {"n": 1}, key="a", owner="agus")
    assert job.owner == "agus" and job.kind == "t" and job.state in ("queued", "running")
    _until(queue, job.id, "running")
    running = queue.get(job.id)
    assert running is not None and running.progress == 0.5 and running.step == "separuh jalan"
    assert running.started is not None and running.finished is None and running.label == "sedang dikerjakan"
    still = queue.wait(job.id, 0.05)
    assert still is not None and still.state == "running"  # the wait ran out first
    task.gate.set()
    done = queue.wait(job.id, 10)
    assert done is not None and done.state == "done" and done.result == {"files": [], "n": 1}
    assert done.progress == 1.0 and done.finished is not None and done.label == "siap"
    assert task.calls == [{"n": 1}]


def test_the_same_key_is_the_same_job_while_it_runs_and_while_its_files_exist(tmp_path: Path):
    task = Gated()
    queue = LocalQueue(workers=1, tasks={"t": task})
    made = tmp_path / "draf.pdf"
    made.write_bytes(b"%PDF")
    first = queue.submit("t", {"files": [str(made)]}, key="k", owner="agus")
    again = queue.submit("t", {"files": [str(made)]}, key="k", owner="sari")
    assert again.id == first.id and again.owner == "agus"
    other = queue.submit("t", {}, key="other", owner="agus")
    assert other.id != first.id
    task.gate.set()
    assert queue.wait(first.id, 10).state == "done"  # type: ignore[union-attr]
    assert queue.submit("t", {}, key="k", owner="agus").id == first.id  # its file is still there
    made.unlink()
    fresh = queue.submit("t", {}, key="k", owner="agus")
    assert fresh.id != first.id  # the file is gone: built again
    assert queue.wait(fresh.id, 10).state == "done"  # type: ignore[union-attr]
    assert len(task.calls) == 3


def test_a_failed_job_says_why_in_words_and_is_tried_again_on_the_next_submission(caplog: Any):
    def refused(params: dict[str, Any], progress: Any) -> dict[str, Any]:
        raise WorkflowError("finalisasi ditolak; yang masih harus diselesaikan:\n- Bimtek I belum disetujui")

    def broken(params: dict[str, Any], progress: Any) -> dict[str, Any]:
        raise KeyError("rahasia-internal")

    queue = LocalQueue(workers=1, tasks={"refused": refused, "broken": broken})
    job = queue.submit("refused", {}, key="r", owner="bambang")
    failed = queue.wait(job.id, 10)
    assert failed is not None and failed.state == "failed" and failed.label == "gagal"
    assert failed.error.startswith("finalisasi ditolak;") and "Bimtek I belum disetujui" in failed.error
    assert queue.submit("refused", {}, key="r", owner="bambang").id != job.id  # a failure is not kept
    with caplog.at_level(logging.ERROR, logger="masterplan.jobs.queue"):
        crash = queue.submit("broken", {}, key="b", owner="bambang")
        crashed = queue.wait(crash.id, 10)
    assert crashed is not None and crashed.error == INTERNAL_ERROR.format(id=crash.id)
    assert "rahasia-internal" not in crashed.error and "Traceback" not in crashed.error
    assert "rahasia-internal" in caplog.text  # the operator finds it in the log


def test_the_queue_order_the_expected_time_and_an_unknown_kind():
    task = Gated()
    queue = LocalQueue(workers=1, tasks={"t": task})
    jobs = [queue.submit("t", {"n": n}, key=str(n), owner="agus") for n in range(3)]
    _until(queue, jobs[0].id, "running")
    assert [queue.ahead(j.id) for j in jobs] == [0, 0, 1]
    assert jobs[0].expected == 0.0  # nothing of this kind has run yet
    task.gate.set()
    for job in jobs:
        assert queue.wait(job.id, 10).state == "done"  # type: ignore[union-attr]
    later = queue.submit("t", {}, key="later", owner="agus")
    assert later.expected > 0.0  # the last job of its kind took that long
    with pytest.raises(ValueError, match="unknown job kind"):
        queue.submit("nope", {}, key="x", owner="agus")
    assert queue.get("tidak-ada") is None and queue.wait("tidak-ada", 0.01) is None


def test_a_snapshot_is_a_copy_and_old_finished_jobs_are_forgotten():
    queue = LocalQueue(workers=1, tasks={"t": lambda params, progress: {"files": []}}, keep=2)
    ids = []
    for n in range(4):
        job = queue.submit("t", {}, key=str(n), owner="agus")
        assert queue.wait(job.id, 10).state == "done"  # type: ignore[union-attr]
        ids.append(job.id)
    snapshot = queue.get(ids[-1])
    assert snapshot is not None
    snapshot.state = "failed"
    assert queue.get(ids[-1]).state == "done"  # type: ignore[union-attr]
    queue.submit("t", {}, key="5", owner="agus")
    assert queue.get(ids[0]) is None and queue.get(ids[1]) is None and queue.get(ids[-1]) is not None


def test_every_kind_names_a_task_a_worker_can_import():
    assert set(TASKS) == {"draft", "finalize", "notify", "measure"}
    for reference in TASKS.values():
        assert callable(resolve(reference))


def test_active_lists_the_queued_and_running_jobs_of_a_kind():
    gate = threading.Event()

    def slow(params: dict, progress) -> dict:
        gate.wait(10)
        return {"files": []}

    queue = LocalQueue(workers=1, tasks={"a": slow, "b": slow})
    first = queue.submit("a", {}, key="1", owner="agus")
    second = queue.submit("a", {}, key="2", owner="agus")
    other = queue.submit("b", {}, key="3", owner="agus")
    assert [job.id for job in queue.active("a")] == [first.id, second.id]
    assert [job.id for job in queue.active("b")] == [other.id]
    gate.set()
    for job in (first, second, other):
        queue.wait(job.id, 10)
    assert queue.active("a") == [] and queue.active("b") == []
