"""WeasyPrint workers laying out the parts of one PDF side by side.

A :class:`WorkerPool` keeps a few worker processes
(:mod:`masterplan.renderers.pdf_worker`) and runs part jobs on them. A part
whose page numbers depend on the parts before it (``await_offset``) is
paginated first and then told its offset by ``offset_of``, as soon as the page
counts it needs are known: parts are handed out in order, so the earliest
unfinished part never waits, and no two parts can wait for each other.

The pool has one deadline; when it passes, every worker is killed and
:class:`PdfTimeout` raised.

Workers outlive a pool: a pool that ends well gives its workers back as
spares (at most :data:`SPARES`, each for at most :data:`JOBS_PER_WORKER`
jobs), and the next pool of the process takes them, so a rebuild in a
running process (the web front, a batch) does not wait for WeasyPrint to
import again. Spares end with the process.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

import masterplan
from masterplan.errors import MasterplanError, RendererUnavailable

__all__ = ["PdfRenderError", "PdfTimeout", "WorkerPool", "pool_size"]

MAX_WORKERS = 4
SPARES = 4  # idle workers a process keeps for its next PDF
JOBS_PER_WORKER = 50  # then a worker is retired (WeasyPrint keeps fonts and caches)
_WORKER = "masterplan.renderers.pdf_worker"


class PdfRenderError(MasterplanError):
    """Raised when WeasyPrint fails to lay out or write the PDF."""

    category = "build"


class PdfTimeout(PdfRenderError):
    """Raised when the PDF is not done within the time limit (the worker is stopped)."""


def start_worker(stderr: Any = subprocess.PIPE) -> subprocess.Popen[bytes]:
    """The worker process, importing WeasyPrint while the caller renders the HTML."""
    package_parent = str(Path(masterplan.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH", "")) if p)
    try:
        return subprocess.Popen(
            [sys.executable, "-P", "-m", _WORKER],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, env=env,
        )
    except OSError as error:
        message = f"penyusun PDF tidak dapat dijalankan ({sys.executable}): {error}"
        raise RendererUnavailable(message) from error


def pool_size(jobs: int) -> int:
    """Workers for ``jobs`` parts: one per core, at most :data:`MAX_WORKERS` (``MASTERPLAN_PDF_WORKERS``)."""
    wanted = os.environ.get("MASTERPLAN_PDF_WORKERS", "")
    size = int(wanted) if wanted.isdigit() and int(wanted) > 0 else min(os.cpu_count() or 1, MAX_WORKERS)
    return max(1, min(size, jobs))


class _Worker:
    """One worker process, its standard error kept in a file (read only when it fails)."""

    def __init__(self) -> None:
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.process = start_worker(stderr=self.stderr)
        self.job: int | None = None
        self.jobs_done = 0
        self.owner = os.getpid()

    @property
    def stdout(self) -> IO[bytes]:
        assert self.process.stdout is not None
        return self.process.stdout

    def send(self, message: dict[str, Any]) -> None:

        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message).encode("utf-8") + b"\n")
            self.process.stdin.flush()
        except OSError:
            raise PdfRenderError(f"penyusun PDF berhenti: {self.errors()}") from None

    def errors(self) -> str:
        self.stderr.seek(0)
        lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
        return " / ".join(lines[-5:])

    def stop(self, kill: bool) -> None:
        if kill and self.process.poll() is None:
            self.process.kill()
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        self.process.wait()
        self.stdout.close()
        self.stderr.close()


_spares: list[_Worker] = []
_spares_lock = threading.Lock()


def _take(size: int) -> list[_Worker]:
    """``size`` workers: spares of this process that are still alive, then new ones."""
    with _spares_lock:
        mine = [w for w in _spares if w.owner == os.getpid()]  # never a parent's, after a fork
        _spares.clear()
        taken = [w for w in mine if w.process.poll() is None][:size]
        left = [w for w in mine if w not in taken]
    for worker in left:
        worker.stop(kill=True)
    return taken + [_Worker() for _ in range(size - len(taken))]


def _give_back(workers: list[_Worker]) -> None:
    """Keep idle, healthy workers as spares; stop the others."""
    for worker in workers:
        healthy = worker.job is None and worker.process.poll() is None and worker.jobs_done < JOBS_PER_WORKER
        with _spares_lock:
            kept = healthy and worker.owner == os.getpid() and len(_spares) < SPARES
            if kept:
                worker.stderr.seek(0)
                worker.stderr.truncate()
                _spares.append(worker)
        if not kept:
            worker.stop(kill=False)


@atexit.register
def stop_spares() -> None:
    """Stop the spare workers (at the process's end, or to free their memory)."""
    with _spares_lock:
        mine = [w for w in _spares if w.owner == os.getpid()]
        _spares.clear()
    for worker in mine:
        worker.stop(kill=False)


class WorkerPool:
    """``size`` WeasyPrint workers until :meth:`close` (a context manager)."""

    def __init__(self, size: int, deadline: float, timeout: float) -> None:
        self.deadline = deadline
        self.timeout = timeout
        self.workers = _take(size)
        self.peak_mib = 0.0

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(kill=exc[0] is not None)

    def close(self, kill: bool = False) -> None:
        """Kill the workers when ``kill`` (a build that failed), else keep them as spares."""
        if kill:
            for worker in self.workers:
                worker.stop(kill=True)
        else:
            _give_back(self.workers)
        self.workers = []

    def run(
        self,
        jobs: Sequence[dict[str, Any] | None],
        offset_of: Callable[[int, dict[int, int]], int | None],
        ready: Callable[[int, dict[int, int]], dict[str, Any] | str | None] = lambda _index, _pages: None,
        pages: dict[int, int] | None = None,
    ) -> dict[int, dict[str, Any]]:
        """The results of ``jobs`` by index.

        ``pages`` holds the page counts known beforehand; ``offset_of(index,
        pages)`` is the offset of a waiting part, or None while a count it
        needs is unknown. ``ready(index, pages)`` may give a job's result
        without laying it out (a part in the cache), ``"wait"`` to hold the
        job back until more counts are known (it may come from the cache
        then), or None to lay it out; it is asked again whenever a worker
        answers. A job given as None is only ever ``ready``.
        """
        known = dict(pages or {})
        results: dict[int, dict[str, Any]] = {}
        pending = list(range(len(jobs)))
        waiting: set[int] = set()
        selector = selectors.DefaultSelector()
        try:
            for worker in self.workers:
                selector.register(worker.stdout, selectors.EVENT_READ, worker)
            while len(results) < len(jobs):
                runnable = []
                for index in list(pending):
                    result = ready(index, known)
                    if isinstance(result, dict):
                        results[index] = result
                        known[index] = int(result["pages"])
                        pending.remove(index)
                    elif result is None and jobs[index] is not None:
                        runnable.append(index)
                for worker in self.workers:
                    if worker.job is None and runnable:
                        worker.job = runnable.pop(0)
                        pending.remove(worker.job)
                        worker.send(dict(jobs[worker.job] or {}))
                for index in sorted(waiting):
                    offset = offset_of(index, known)
                    if offset is not None:
                        waiting.discard(index)
                        owner = next(w for w in self.workers if w.job == index)
                        owner.send({"offset": offset})
                if len(results) == len(jobs):
                    break
                if not any(worker.job is not None for worker in self.workers):
                    raise PdfRenderError("penyusun PDF: bagian menunggu bagian yang tidak disusun")
                remaining = self.deadline - time.monotonic()
                events = selector.select(timeout=max(remaining, 0.0)) if remaining > 0 else []
                if not events:
                    raise PdfTimeout(
                        f"PDF tidak selesai disusun dalam {self.timeout:g} detik; penyusunan dihentikan"
                    )
                for key, _mask in events:
                    worker = key.data
                    message = _message(worker.stdout.readline(), worker)
                    if message.get("error") == "unavailable":
                        raise RendererUnavailable(
                            "PDF tidak dapat disusun di komputer ini: WeasyPrint atau Pango belum terpasang "
                            f"({message['message']})"
                        )
                    if "error" in message:
                        raise PdfRenderError(f"WeasyPrint gagal menyusun PDF: {message['message']}")
                    if worker.job is None:
                        continue
                    if "paged" in message:
                        known[worker.job] = int(message["paged"])
                        waiting.add(worker.job)
                        continue
                    self.peak_mib = max(self.peak_mib, float(message.get("peak_rss_mib", 0.0)))
                    results[worker.job] = message
                    known[worker.job] = int(message["pages"])
                    worker.job = None
                    worker.jobs_done += 1
        finally:
            selector.close()
        return results


def _message(line: bytes, worker: _Worker) -> dict[str, Any]:
    """A worker's answer; a worker that ended without one is a :class:`PdfRenderError`."""
    try:
        message: dict[str, Any] = json.loads(line)
    except ValueError:
        code = worker.process.poll()
        raise PdfRenderError(f"penyusun PDF berhenti tanpa hasil (kode {code}): {worker.errors()}") from None
    return message
