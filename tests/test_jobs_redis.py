"""The job interface on Redis: jobs submitted by one process, run by ``masterplan worker`` processes.

Against a real Redis server and real worker processes (``tests/servers.py``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TESTS, copy_root

from masterplan.jobs.redisq import RedisQueue

TASKS = {"echo": "jobtasks:echo", "refuse": "jobtasks:refuse", "die_once": "jobtasks:die_once",
         "draft": "masterplan.jobs.tasks:draft"}


@pytest.fixture
def workers(redis_url: str, tmp_path: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Two ``masterplan worker`` processes on the test Redis (the tests' tasks importable)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    started = []
    for n in range(2):
        with (tmp_path / f"worker-{n}.log").open("wb") as log:
            started.append(subprocess.Popen(
                [str(Path(sys.executable).parent / "masterplan"), "worker", "--redis", redis_url,
                 "--name", f"uji-{tmp_path.name}-{n}"], env=env, stdout=subprocess.DEVNULL, stderr=log))
    yield started
    for process in started:
        process.terminate()
    for process in started:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_job_runs_in_a_worker_reports_progress_and_a_second_submission_is_the_same_job(redis_url, workers):
    queue = RedisQueue(redis_url, TASKS)
    job = queue.submit("echo", {"x": 42, "sleep": 3}, key="echo-42", owner="sari")
    assert job.state in ("queued", "running") and job.owner == "sari" and job.kind == "echo"
    again = queue.submit("echo", {"x": 42, "sleep": 3}, key="echo-42", owner="budi")
    assert again.id == job.id  # a double click starts nothing
    deadline = time.monotonic() + 60
    while (seen := queue.get(job.id)) is not None and seen.step == "" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen is not None and seen.state == "running"  # seen while the worker is at it
    assert (seen.progress, seen.step) == (0.5, "setengah jalan")
    assert [j.id for j in queue.active("echo")] == [job.id]
    done = queue.wait(job.id, 60)
    assert done is not None and done.state == "done", done
    assert done.result == {"files": [], "echo": 42} and done.progress == 1.0
    assert queue.submit("echo", {"x": 42}, key="echo-42", owner="sari").id == job.id  # reused while valid
    assert RedisQueue(redis_url, TASKS).get(job.id).state == "done"  # seen from another process's queue


def test_a_person_s_mistake_fails_the_job_with_its_message(redis_url, workers):
    queue = RedisQueue(redis_url, TASKS)
    job = queue.wait(queue.submit("refuse", {}, key="refuse", owner="sari").id, 60)
    assert job is not None and job.state == "failed"
    assert job.error == "ditolak: jawaban tahap II belum lengkap"


def test_a_build_killed_mid_job_is_run_again_not_lost(redis_url, workers, tmp_path: Path):
    queue = RedisQueue(redis_url, TASKS)
    marker = tmp_path / "first-attempt"
    job = queue.wait(queue.submit("die_once", {"marker": str(marker)}, key=f"die-{tmp_path.name}",
                                  owner="sari").id, 90)
    assert marker.exists(), "the first attempt ran and was killed"
    assert job is not None and job.state == "done", job
    assert job.result["attempt"] == 2 and job.result["now"] != job.result["first"]


def test_a_draft_is_built_by_a_worker(redis_url, workers, tmp_path: Path):
    root = copy_root("minimal", tmp_path)
    queue = RedisQueue(redis_url, TASKS)
    job = queue.submit("draft", {"root": str(root), "format": "docx", "date": "2026-12-01"},
                       key=f"draft-{tmp_path.name}", owner="sari")
    done = queue.wait(job.id, 240)
    assert done is not None and done.state == "done", (done, (tmp_path / "worker-0.log").read_text())
    built = [Path(p) for p in done.result["files"]]
    assert built and all(p.is_file() and p.suffix == ".docx" for p in built)
    assert queue.active("draft") == []


def test_a_draft_asked_for_in_the_web_is_built_by_a_worker_and_downloaded(redis_url, workers, tmp_path: Path):
    import re

    from web_helpers import csrf_of, login, make_app, set_passwords

    root = copy_root("example", tmp_path)
    set_passwords(root)
    app = make_app(root, queue=RedisQueue(redis_url))  # the default tasks: the real draft
    agus = app.test_client()
    assert login(agus, "agus").status_code == 302
    token = csrf_of(agus.get("/tahap/2").get_data(as_text=True))
    asked = agus.post("/draf", data={"csrf": token, "format": "docx"})
    assert asked.status_code == 303
    job_id = re.fullmatch(r"/pekerjaan/([\w-]+)", asked.location).group(1)
    again = agus.post("/draf", data={"csrf": token, "format": "docx"})
    assert again.location == asked.location  # the same job, from the queue in Redis
    done = app.extensions["masterplan"].jobs.wait(job_id, 240)
    assert done is not None and done.state == "done", done
    assert "Draf selesai disusun." in agus.get(f"/pekerjaan/{job_id}").get_data(as_text=True)
    with agus.get(f"/pekerjaan/{job_id}/unduh") as response:
        assert response.status_code == 200 and response.data[:2] == b"PK"


def test_a_job_someone_waits_for_goes_before_the_portfolio_s_measures(redis_url, workers, tmp_path: Path):
    queue = RedisQueue(redis_url, {**TASKS, "measure": "jobtasks:echo"})
    measures = [queue.submit("measure", {"x": n, "sleep": 1.5}, key=f"ukur-{tmp_path.name}-{n}", owner="sari")
                for n in range(6)]
    draft = queue.submit("echo", {"x": "draf"}, key=f"draf-{tmp_path.name}", owner="agus")
    assert queue.ahead(draft.id) == 0  # nothing of the main queue waits before it
    done = queue.wait(draft.id, 60)
    assert done is not None and done.state == "done" and done.started is not None
    later = [queue.wait(job.id, 60) for job in measures]
    assert all(job is not None and job.state == "done" for job in later)
    started_after = [job for job in later if job is not None and job.started and job.started > done.started]
    assert len(started_after) >= 3  # two workers: at most two measures started before the draft
    assert queue.active("measure") == []
