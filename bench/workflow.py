"""Workflow benchmark: journal size vs. read/verify/append time, and the example's workflow actions.

Usage: .venv/bin/python bench/workflow.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from masterplan.workflow import actions, diff, edits
from masterplan.workflow.journal import (
    GENESIS,
    HEAD_FILE,
    JOURNAL_FILE,
    append,
    canonical,
    read_journal,
    sha256,
)
from masterplan.workflow.state import fold

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "sukamaju"


def synthetic_journal(root: Path, entries: int) -> None:
    """``entries`` note and answer events in the journal's own format (no fsync per line)."""
    prev, lines = GENESIS, []
    for seq in range(1, entries + 1):
        if seq % 2:
            data: dict[str, Any] = {
                "id": f"C{seq}",
                "stage": 2,
                "target": "row:SG-01",
                "text": "Catatan " * 8,
            }
            action = "note.add"
        else:
            data = {
                "stage": 2,
                "files": {"answers/bimtek-2/dinkes.yaml": sha256(str(seq).encode())},
                "before": {},
                "detail": "programs",
            }
            action = "answers.save"
        record = {
            "seq": seq,
            "time": "2026-11-30T10:00:00Z",
            "who": "sari",
            "name": "Dr. Sari",
            "role": "mentor",
            "action": action,
            "data": data,
            "prev": prev,
        }
        prev = sha256(canonical(record))
        lines.append(canonical({**record, "hash": prev}))
    (root / JOURNAL_FILE).parent.mkdir(parents=True, exist_ok=True)
    (root / JOURNAL_FILE).write_bytes(b"\n".join(lines) + b"\n")
    (root / HEAD_FILE).write_text(f"{entries} {prev}\n")


def best(function: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print("| journal entries | size | read + verify chain | fold (states, notes) | append one entry |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="masterplan-bench-") as temp:
        for size in (int(s) for s in args.sizes.split(",")):
            root = Path(temp) / f"j{size}"
            synthetic_journal(root, size)
            read = best(lambda r=root: read_journal(r), args.repeat)  # type: ignore[misc]
            journal = read_journal(root)
            assert journal.intact and len(journal.entries) == size
            folded = best(lambda j=journal: fold(j), args.repeat)  # type: ignore[misc]
            appended = best(
                lambda r=root: append(r, None, "note.reply", {"id": "C1", "text": "ok"}, who="bench"),
                args.repeat,
            )
            megabytes = (root / JOURNAL_FILE).stat().st_size / 2**20
            print(
                f"| {size} | {megabytes:.1f} MiB | {read * 1000:.0f} ms | {folded * 1000:.0f} ms "
                f"| {appended * 1000:.1f} ms |"
            )
        ws = Path(temp) / "ws"
        shutil.copytree(EXAMPLE, ws)
        first = best(
            lambda: edits.set_answer(
                ws, 2, "diskominfo", "programs", "Seluruh kecamatan", person="agus", row="SG-01",
                column="location",
            ),
            1,
        )
        values = (f"Seluruh kecamatan, tahap {n}" for n in range(1, 1000))
        again = best(
            lambda: edits.set_answer(
                ws,
                2,
                "diskominfo",
                "programs",
                next(values),
                person="agus",
                row="SG-01",
                column="location",
            ),
            args.repeat,
        )
        submit = best(lambda: actions.stage_action(ws, 2, "stage.submit", "retno"), 1)
        changes = best(lambda: diff.changes(ws, "1"), args.repeat)
    print()
    print("| example action | time |")
    print("|---|---:|")
    print(
        f"| first `answer set` (journal records all 36 files as the starting point) | {first * 1000:.0f} ms |"
    )
    print(f"| `answer set` (lock, stale check, write, journal) | {again * 1000:.0f} ms |")
    print(f"| `stage submit` (includes a full check) | {submit * 1000:.0f} ms |")
    print(f"| `diff` since entry 1 (two workspaces read and merged) | {changes * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
