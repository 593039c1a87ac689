"""Many regions at once: ``masterplan build DIR1 DIR2 ... --jobs N`` (or ``--root DIR``).

A mentor accompanies several regions and a ministry team many. Each workspace
is built in a worker process of its own (all its books in turn), so one
region's failure (a refused final, a broken ``region.yaml``, anything
unexpected) is reported and the others go on. Outcomes arrive as they finish;
the caller prints them and a summary.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

REGION_FILE = "region.yaml"


@dataclass
class Outcome:
    """What building one workspace gave: its files, warnings and time, or why it failed."""

    workspace: Path
    region: str
    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None
    exit_code: int = 0


def workspaces_under(root: Path) -> list[Path]:
    """The workspaces in ``root`` (folders holding a ``region.yaml``, one level down), by name."""
    return sorted(p.parent for p in Path(root).glob(f"*/{REGION_FILE}") if p.is_file())


def build_one(
    workspace: Path, books: list[str] | None, fmt: str, mode: str, outdir: Path | None,
    build_date: dt.date | None, libreoffice: bool,
) -> Outcome:
    """Build ``books`` (``None``: every book of the workspace) of one workspace; never raises."""
    from masterplan import api
    from masterplan.errors import MasterplanError, UsageError

    started = time.perf_counter()
    outcome = Outcome(workspace, workspace.name)
    try:
        outcome.region = _region_name(workspace)
        target = outdir / workspace.name if outdir is not None else None
        known = api.book_names(workspace)
        unknown = [b for b in books or [] if b not in known]
        if unknown:
            raise UsageError(f"buku {', '.join(unknown)} tidak dikenal; yang ada: {', '.join(known)}")
        for book in books if books is not None else known:
            result = api.build(workspace, fmt=fmt, mode=mode, outdir=target, build_date=build_date,
                               libreoffice=libreoffice, book=book)
            outcome.files += result.files
            outcome.warnings += result.warnings
    except MasterplanError as error:
        outcome.error, outcome.exit_code = str(error), error.exit_code
    except Exception as error:  # one region's unexpected failure must not stop the others
        outcome.error, outcome.exit_code = f"{type(error).__name__}: {error}", 3
    outcome.seconds = time.perf_counter() - started
    return outcome


def _region_name(workspace: Path) -> str:
    """"Kabupaten Sukamaju", or the folder's name when region.yaml cannot be read."""
    from masterplan.answers.workspace import load_region
    from masterplan.formatting import Wording

    region = load_region(workspace)
    return Wording.of(region).daerah if region is not None else workspace.name


def build_many(
    workspaces: list[Path], books: list[str] | None, fmt: str, mode: str, outdir: Path | None,
    build_date: dt.date | None, libreoffice: bool, jobs: int,
) -> Iterator[Outcome]:
    """Build every workspace in ``jobs`` worker processes; each outcome as soon as it is known."""
    if jobs <= 1:
        for workspace in workspaces:
            yield build_one(workspace, books, fmt, mode, outdir, build_date, libreoffice)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending = [
            pool.submit(build_one, w, books, fmt, mode, outdir, build_date, libreoffice) for w in workspaces
        ]
        for done in as_completed(pending):
            yield done.result()


def summary(outcomes: list[Outcome], pages: Callable[[Path], int | None]) -> list[list[str]]:
    """The summary table: a header, then region, books, pages, time, warnings and the error per row."""
    rows = [["Daerah", "Berkas", "Halaman PDF", "Waktu", "Peringatan", "Galat"]]
    for o in outcomes:
        counted = [n for n in (pages(f) for f in o.files if f.suffix == ".pdf") if n is not None]
        rows.append([
            o.region, str(len(o.files)), str(sum(counted)) if counted else "-",
            f"{o.seconds:.1f} s".replace(".", ","), str(len(o.warnings)),
            " ".join(o.error.split())[:160] if o.error else "-",
        ])
    return rows
