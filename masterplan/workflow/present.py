"""Workflow state in words: stage table, notes, journal lines (Indonesian)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from masterplan.answers.definitions import STAGES, Definitions
from masterplan.formatting import tanggal
from masterplan.models.region import ZONES
from masterplan.store.base import WorkspaceStore
from masterplan.workflow.journal import Entry, JournalRead
from masterplan.workflow.people import ACTION_LABELS
from masterplan.workflow.state import ROMAN, STATE_LABELS, TRANSITIONS, Note, WorkflowState

EVENT_LABELS: dict[str, str] = {
    **ACTION_LABELS,
    "answers.save": "mengubah jawaban",
    "answers.sync": "perubahan berkas di luar masterplan tercatat",
    "answers.upgrade": "meningkatkan format workspace",
    "stage.rework": "mulai memperbaiki tahap",
    "finalize": "memfinalisasi dokumen",
}


def note_time(stamp: str, zone: str | None = None) -> str:
    """``2026-11-30T12:45:12Z`` -> ``30 November 2026 19.45 WIB``.

    In ``zone`` (WIB, WITA, WIT: the region's, for documents), else in the machine's time zone.
    """
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if zone in ZONES:
        moment = moment.astimezone(dt.timezone(dt.timedelta(hours=ZONES[zone]), zone))
    else:
        moment = moment.astimezone()
    return f"{tanggal(moment.date())} {moment:%H.%M} {moment.tzname() or ''}".rstrip()


def workspace_zone(workspace: Path | WorkspaceStore) -> str | None:
    """The time zone of the workspace's region (None when region.yaml cannot be read)."""
    from masterplan.answers.workspace import load_region

    region = load_region(workspace)
    return region.zone if region is not None else None


def note_label(note: Note, definitions: Definitions) -> str:
    """``Bimtek II, program SG-03``: what a note is about, for listings."""
    stage = f"Bimtek {ROMAN[note.stage]}"
    kind, _, name = note.target.partition(":")
    questionnaire = definitions.stage(note.stage)
    if kind == "row":
        return f"{stage}, program {name}"
    if kind == "question" and name in questionnaire.questions:
        return f"{stage}, {questionnaire.questions[name].label}"
    if kind == "section":
        title = next((s.title for s in questionnaire.sections if s.id == name), name)
        return f"{stage}, bagian {title}"
    return stage


def stage_summary(state: WorkflowState, stage: int, zone: str | None = None) -> str:
    """``disetujui sejak 30 November 2026 19.36 WIB oleh Dr. Sari; catatan terbuka: 0`` (time in ``zone``)."""
    current = state.stages[stage]
    since = f" sejak {note_time(current.last.time, zone)} oleh {current.last.name}" if current.last else ""
    return f"{STATE_LABELS[current.state]}{since}; catatan terbuka: {len(state.open_notes(stage))}"


def stage_table(state: WorkflowState) -> str:
    """One line per stage: state, who set it and when, what may come next."""
    lines = []
    for stage in STAGES:
        current = state.stages[stage]
        nexts = sorted(
            {ACTION_LABELS[a] for (s, a) in TRANSITIONS if s == current.state and a in ACTION_LABELS}
        )
        lines.append(
            f"Bimtek {ROMAN[stage]:<3} {stage_summary(state, stage)}; berikutnya: {', '.join(nexts) or '-'}"
        )
    return "\n".join(lines)


def note_lines(notes: list[Note], definitions: Definitions) -> str:
    """Notes with their replies, for ``note list``."""
    out = []
    for note in notes:
        status = "terbuka" if note.status == "open" else f"selesai ({note.resolved_by})"
        out.append(
            f"{note.id} [{status}] {note_label(note, definitions)} — {note.name}, {note_time(note.time)}"
        )
        out += [f"    {line}" for line in note.text.splitlines()]
        for reply in note.replies:
            out.append(f"    ↳ {reply.name}, {note_time(reply.time)}: {reply.text}")
    return "\n".join(out) if out else "tidak ada catatan"


def entry_line(entry: Entry, zone: str | None = None) -> str:
    """One journal entry in words (its time in ``zone``, else the machine's)."""
    data = entry.data
    what = EVENT_LABELS.get(entry.action, entry.action)
    detail = ""
    if "stage" in data:
        detail += f" Bimtek {ROMAN.get(int(data['stage']), data['stage'])}"
    if entry.action in ("answers.save", "answers.sync", "answers.upgrade"):
        names = list(data.get("files", {}))
        files = ", ".join(names) if len(names) <= 3 else f"{len(names)} berkas ({', '.join(names[:2])}, ...)"
        detail += f": {files}" + (f" ({data['detail']})" if data.get("detail") else "")
    if data.get("reason"):
        detail += f": {data['reason']}"
    if entry.action.startswith("note."):
        detail += f" {data.get('id', '')}" + (f": {data['text']}" if data.get("text") else "")
    if entry.action == "finalize":
        detail += ": " + ", ".join(data.get("outputs", {}))
    role = f", {entry.role}" if entry.role else ""
    return f"#{entry.seq:<4} {note_time(entry.time, zone)}  {entry.name}{role}: {what}{detail}"


def authentication_lines(journal: JournalRead) -> list[str]:
    """What the journal's MACs say, for ``log --verify``."""
    lines: list[str] = []
    legacy = sum(1 for e in journal.entries if e.auth is None)
    if journal.authenticated:
        lines.append(
            f"diautentikasi dengan kunci instalasi ini sampai entri #{journal.authenticated} "
            "(riwayat sampai entri itu tidak dapat dipalsukan tanpa kunci)"
        )
    if journal.foreign_keys:
        keys = ", ".join(sorted(journal.foreign_keys))
        lines.append(f"entri yang ditulis instalasi lain (kunci {keys}) tidak dapat diperiksa di sini")
    if legacy:
        lines.append(f"{legacy} entri tanpa autentikasi (ditulis sebelum masterplan 0.6)")
    return lines
