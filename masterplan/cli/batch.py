"""``masterplan build`` over many workspaces: progress as each region finishes, then a summary table."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from masterplan.errors import UsageError


def build_batch(
    directories: list[Path], root_dir: Path | None, fmt: str, mode: str, outdir: Path | None,
    build_date: Any, libreoffice: bool, book: str, jobs: int,
) -> None:
    """Build every workspace named or found under ``root_dir``; exit with the worst outcome's code."""
    from masterplan.jobs.batch import build_many, summary, workspaces_under

    workspaces = directories + (workspaces_under(root_dir) if root_dir is not None else [])
    if not workspaces:
        raise UsageError(f"tidak ada workspace (folder berisi region.yaml) di {root_dir}")
    books = None if book == "all" else [book]
    day = build_date.date() if build_date else None
    outcomes = []
    for number, outcome in enumerate(
        build_many(workspaces, books, fmt, mode, outdir, day, libreoffice, jobs), start=1
    ):
        outcomes.append(outcome)
        head = f"[{number}/{len(workspaces)}] {outcome.region}"
        seconds = f"{outcome.seconds:.1f} s".replace(".", ",")
        if outcome.error:
            click.echo(f"{head}: GAGAL ({seconds}): {outcome.error}", err=True)
        else:
            click.echo(f"{head}: {len(outcome.files)} berkas ({seconds})")
    order = {w: i for i, w in enumerate(workspaces)}
    outcomes.sort(key=lambda o: order[o.workspace])
    rows = summary(outcomes, _pages)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    click.echo("")
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    failed = [o for o in outcomes if o.error]
    click.echo(f"\n{len(outcomes) - len(failed)} dari {len(outcomes)} workspace tersusun")
    worst = max((o.exit_code for o in outcomes), default=0)
    if worst:
        sys.exit(worst)


def _pages(path: Path) -> int | None:
    """The number of pages of a PDF written by the build; ``None`` when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(path).pages)
    except (PyPdfError, OSError, ValueError):
        return None
