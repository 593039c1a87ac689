"""What changed in the answers since a review (or any point of the journal), in a mentor's words.

Earlier versions of the answers files are kept in the journal's object store;
an earlier state of the workspace is put back together in a temporary folder
and read with the same code as ``check``, so that merged answers are compared,
question by question and row by row (rows matched by their key, such as the
programme code).
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from masterplan.answers.definitions import STAGES, Definitions, load_definitions
from masterplan.answers.export import merged_answers
from masterplan.answers.workspace import REGION_FILE
from masterplan.errors import UsageError
from masterplan.fileio import inside
from masterplan.formatting import rupiah, tanggal
from masterplan.models.questionnaire import TableQuestion
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import as_store
from masterplan.workflow.edits import answer_files
from masterplan.workflow.journal import Entry, load_object
from masterplan.workflow.state import ROMAN, WorkflowState, load_state


@dataclass(frozen=True)
class Change:
    """One changed answer or table cell."""

    stage: int
    where: str  # "Program dan kegiatan, SG-03, Anggaran"
    before: str | None  # None: added
    after: str | None  # None: removed


@dataclass(frozen=True)
class Baseline:
    """The answers files of a stage at some point, and how to name that point."""

    stage: int
    files: dict[str, str]
    since: str  # "persetujuan Bimtek II oleh Dr. Sari pada 2026-11-20T..."


def _stage_files(files: dict[str, str | None], stage: int) -> dict[str, str]:
    prefix = f"answers/bimtek-{stage}/"
    return {f: d for f, d in files.items() if f.startswith(prefix) and d is not None}


def _files_until(state: WorkflowState, last: int) -> dict[str, str | None]:
    files: dict[str, str | None] = {}
    for entry in state.journal.entries:
        if entry.seq > last:
            break
        files.update(entry.data.get("files") or {})
    return files


def baselines(state: WorkflowState, since: str | None, zone: str | None = None) -> list[Baseline]:
    """The point to compare with, per stage.

    ``since`` is ``None`` (each stage's last approval, else its last submission),
    a journal entry number (``12`` or ``#12``) or a date (``2026-11-20``: the end of that day).
    Times are named in ``zone`` (the region's) when given.
    """
    if since is None:
        found = []
        for stage in STAGES:
            current = state.stages[stage]
            entry = current.approval or current.submission
            if entry is not None:
                what = "persetujuan" if entry.action == "stage.approve" else "pengajuan"
                found.append(
                    Baseline(
                        stage,
                        _stage_files(entry.data.get("files", {}), stage),
                        f"{what} Bimtek {ROMAN[stage]} oleh {entry.name} pada {_when(entry, zone)}",
                    )
                )
        return found
    last = _entry_for(state, since)
    files = _files_until(state, last.seq)
    point = f"entri jurnal #{last.seq} ({_when(last, zone)})"
    return [Baseline(s, _stage_files(files, s), point) for s in STAGES]


def _when(entry: Entry, zone: str | None = None) -> str:
    from masterplan.workflow.present import note_time

    return note_time(entry.time, zone)


def _entry_for(state: WorkflowState, since: str) -> Entry:
    entries = state.journal.entries
    if not entries:
        raise UsageError("jurnal masih kosong: belum ada titik pembanding")
    text = since.strip().lstrip("#")
    if text.isdigit():
        found = next((e for e in entries if e.seq == int(text)), None)
        if found is None:
            raise UsageError(f"tidak ada entri jurnal #{text}; entri terakhir #{entries[-1].seq}")
        return found
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        before = [e for e in entries if e.time[:10] <= text]
        if not before:
            raise UsageError(f"jurnal baru dimulai setelah {text}")
        return before[-1]
    raise UsageError(f"--since harus nomor entri jurnal (mis. 12) atau tanggal (YYYY-MM-DD), bukan {since}")


def _answers_of(store: WorkspaceStore, files: dict[str, bytes], definitions: Definitions) -> dict[str, Any]:
    """Merged answers of a workspace made of region.yaml and ``files`` (path -> contents)."""
    from masterplan.checks.check import load_plan

    with tempfile.TemporaryDirectory(prefix="masterplan-diff-") as temp:
        (Path(temp) / REGION_FILE).write_bytes(store.read(REGION_FILE) or b"")
        for file, data in files.items():
            target = Path(temp) / file
            if not inside(Path(temp), target):  # the journal names only workspace files; make sure
                raise UsageError(f"jurnal menyebut berkas di luar workspace: {file}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        plan = load_plan(temp, definitions).plan
        return merged_answers(plan)["tahap"] if plan else {}


def changes(
    workspace: Path | WorkspaceStore, since: str | None = None, stage: int | None = None
) -> tuple[list[Change], list[str]]:
    """Changes in the merged answers since ``since`` (see :func:`baselines`), and the baselines' names."""
    root = as_store(workspace)
    state = load_state(root)
    definitions = load_definitions()
    from masterplan.workflow.present import workspace_zone

    chosen = [b for b in baselines(state, since, workspace_zone(root)) if stage in (None, b.stage)]
    if not chosen:
        return [], []
    old_files: dict[str, bytes] = {}
    for base in chosen:
        for file, digest in base.files.items():
            data = load_object(root, digest)
            if data is None:
                raise UsageError(
                    f"isi lama {file} tidak tersimpan lagi di workflow/objects; "
                    "perbandingan tidak dapat dibuat"
                )
            old_files[file] = data
    stages = {b.stage for b in chosen}
    now_files = {f: root.read(f) or b"" for f in answer_files(root) if int(f.split("/")[1][-1]) in stages}
    old = _answers_of(root, old_files, definitions)
    new = _answers_of(root, now_files, definitions)
    found: list[Change] = []
    for base in chosen:
        key = f"bimtek-{base.stage}"
        found += _compare_stage(
            definitions, base.stage, old.get(key, {}).get("jawaban", {}), new.get(key, {}).get("jawaban", {})
        )
    return found, [b.since for b in chosen]


def _show(value: Any, money: bool = False) -> str | None:
    if value is None or value == "" or value == []:
        return None
    if money and isinstance(value, int | float):
        return rupiah(value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return tanggal(dt.date.fromisoformat(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def _compare_stage(
    definitions: Definitions, stage: int, old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    questionnaire = definitions.stage(stage)
    found: list[Change] = []
    for question_id, question in questionnaire.questions.items():
        before, after = old.get(question_id), new.get(question_id)
        if before == after:
            continue
        if isinstance(question, TableQuestion):
            found += _compare_table(stage, question, before or [], after or [])
        else:
            money = question.type == "rupiah"
            if _show(before, money) != _show(after, money):
                found.append(Change(stage, question.label, _show(before, money), _show(after, money)))
    return found


def _compare_table(
    stage: int, table: TableQuestion, old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[Change]:
    def keyed(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        if table.key is None:
            return {f"baris {n}": row for n, row in enumerate(rows, start=1)}
        return {str(row.get(table.key) or f"baris {n}"): row for n, row in enumerate(rows, start=1)}

    before, after = keyed(old), keyed(new)
    columns = {c.id: c for c in table.columns}
    found: list[Change] = []
    for key in list(before) + [k for k in after if k not in before]:
        label = f"{table.label}, {key}"
        if key not in after:
            found.append(Change(stage, label, _row_summary(before[key], table), None))
        elif key not in before:
            found.append(Change(stage, label, None, _row_summary(after[key], table)))
        else:
            for column_id, column in columns.items():
                money = column.type == "rupiah"
                was, now = _show(before[key].get(column_id), money), _show(after[key].get(column_id), money)
                if was != now:
                    found.append(Change(stage, f"{label}, {column.label}", was, now))
    return found


def _row_summary(row: dict[str, Any], table: TableQuestion) -> str:
    shown = [_show(row.get(c.id), c.type == "rupiah") for c in table.columns[:3]]
    return "; ".join(s for s in shown if s)
