"""Stage transitions and review notes: each one checked, locked and journalled."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from masterplan.answers.definitions import STAGES, load_definitions
from masterplan.errors import StaleEdit, UsageError, WorkflowError
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import as_store
from masterplan.workflow.actor import Actor, actor
from masterplan.workflow.edits import answer_files, record_outside_changes
from masterplan.workflow.journal import Entry, append
from masterplan.workflow.people import ACTION_LABELS
from masterplan.workflow.state import ROMAN, STATE_LABELS, TRANSITIONS, Note, WorkflowState, load_state

MAX_NOTE = 5000
STAGE_ACTIONS = ("stage.submit", "stage.withdraw", "stage.approve", "stage.request_changes", "stage.reopen")
NEEDS_REASON = frozenset({"stage.request_changes", "stage.reopen"})


@dataclass
class Outcome:
    """What an action did, and what the person should know."""

    entry: Entry
    message: str
    warnings: list[str]


def _clean_text(text: str | None, what: str) -> str:
    # a browser's text area sends its line breaks as CR LF: they are line breaks, not control characters
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise UsageError(f"{what} tidak boleh kosong")
    if len(text) > MAX_NOTE:
        raise UsageError(f"{what} terlalu panjang ({len(text)} karakter; paling banyak {MAX_NOTE})")
    bad = next((ch for ch in text if ord(ch) < 32 and ch not in "\n\t"), None)
    if bad is not None:
        raise UsageError(f"{what} berisi karakter kendali U+{ord(bad):04X}; hapus karakter itu")
    return text


def _stage_errors(store: WorkspaceStore, stage: int) -> list[str]:
    from masterplan.api import load_plan  # the api imports the workflow

    result = load_plan(store)
    return [p.render("id") for p in result.report.errors if p.where.stage in (stage, None)]


def stage_action(
    workspace: Path | WorkspaceStore,
    stage: int,
    action: str,
    as_name: str | None,
    reason: str | None = None,
    submission: int | None = None,
) -> Outcome:
    """Take ``action`` (one of :data:`STAGE_ACTIONS`) on ``stage`` as ``as_name``.

    ``submission`` is the journal entry of the submission the mentor reviewed:
    an approval or a request for changes is refused (``StaleEdit``) when the
    stage was withdrawn and submitted again since.
    """
    if stage not in STAGES:
        raise UsageError(f"tahap harus 1 sampai 4, bukan {stage}")
    store = as_store(workspace)
    who = actor(store, as_name, workflow=True)
    who.allow(action)
    if action in NEEDS_REASON:
        reason = _clean_text(reason, "alasan (--reason)")
    with store.transaction():
        state = load_state(store)
        record_outside_changes(store, state)
        current = state.stages[stage].state
        target = TRANSITIONS.get((current, action))
        if target is None:
            allowed = sorted(STATE_LABELS[s] for (s, a) in TRANSITIONS if a == action)
            raise WorkflowError(
                f"Bimtek {ROMAN[stage]} sedang {STATE_LABELS[current]}; {ACTION_LABELS[action]} hanya dapat "
                f"dilakukan bila tahap {' atau '.join(allowed)}"
            )
        reviewed = state.stages[stage].submission
        if submission is not None and (reviewed is None or reviewed.seq != submission):
            newer = f"#{reviewed.seq} oleh {reviewed.name} pada {reviewed.time}" if reviewed else "tidak ada"
            raise StaleEdit(
                f"Bimtek {ROMAN[stage]} telah diajukan ulang sejak Anda membukanya (pengajuan yang berlaku: "
                f"{newer}); muat ulang dan periksa perubahannya sebelum {ACTION_LABELS[action]}"
            )
        warnings: list[str] = []
        data: dict[str, object] = {"stage": stage}
        if action in ("stage.submit", "stage.approve"):
            if not state.journal.intact:
                raise WorkflowError(
                    "jurnal rusak; periksa dengan masterplan log --verify sebelum melanjutkan"
                )
            errors = _stage_errors(store, stage)
            if errors:
                listing = "\n".join(errors[:10])
                raise WorkflowError(
                    f"Bimtek {ROMAN[stage]} masih memiliki {len(errors)} galat; "
                    f"{ACTION_LABELS[action]} ditolak:\n{listing}"
                )
            data["files"] = answer_files(store, stage)
            still_open = len(state.open_notes(stage))
            if action == "stage.approve" and still_open:
                warnings.append(
                    f"masih ada {still_open} catatan reviu terbuka di Bimtek {ROMAN[stage]}; "
                    "finalisasi menunggu semuanya diselesaikan"
                )
        if reason:
            data["reason"] = reason
        if action == "stage.request_changes":
            note = _add_note(store, who, state, stage, "stage", str(reason))
            data["note"] = note.data["id"]
        entry = append(store, who.person, action, data)
        return Outcome(
            entry, f"Bimtek {ROMAN[stage]}: {STATE_LABELS[current]} → {STATE_LABELS[target]}", warnings
        )


# --- review notes ------------------------------------------------------------------------


def note_target(
    workspace: Path | WorkspaceStore, stage: int, section: str | None, question: str | None,
    program: str | None,
) -> str:
    """The target string of a note, after checking that what it names exists."""
    if sum(x is not None for x in (section, question, program)) > 1:
        raise UsageError("sebutkan paling banyak satu dari --section, --question, --program")
    questionnaire = load_definitions().stage(stage)
    if section is not None:
        ids = [s.id for s in questionnaire.sections]
        if section not in ids:
            raise UsageError(
                f"Bimtek {ROMAN[stage]} tidak punya bagian {section}; yang ada: {', '.join(ids)}"
            )
        return f"section:{section}"
    if question is not None:
        if question not in questionnaire.questions:
            known = ", ".join(list(questionnaire.questions)[:10])
            raise UsageError(f"Bimtek {ROMAN[stage]} tidak punya pertanyaan {question}; contoh: {known}, ...")
        return f"question:{question}"
    if program is not None:
        from masterplan.api import load_plan

        plan = load_plan(workspace).plan
        codes = plan.programs() if plan else {}
        if program.upper() not in codes:
            raise UsageError(f"tidak ada program {program} di jawaban Bimtek II")
        return f"row:{program.upper()}"
    return "stage"


def _add_note(
    store: WorkspaceStore, who: Actor, state: WorkflowState, stage: int, target: str, text: str
) -> Entry:
    taken = [int(i[1:]) for i in state.notes if i[1:].isdecimal()]
    number = max(taken, default=0) + 1  # never reuse an id, even around an entry the fold left out
    entry = append(
        store, who.person, "note.add", {"id": f"C{number}", "stage": stage, "target": target, "text": text}
    )
    state.notes[f"C{number}"] = Note(f"C{number}", stage, target, text, entry.who, entry.name, entry.time)
    return entry


def add_note(
    workspace: Path | WorkspaceStore,
    stage: int,
    text: str,
    as_name: str | None,
    *,
    section: str | None = None,
    question: str | None = None,
    program: str | None = None,
) -> Outcome:
    """A mentor's note on a stage, a section, a question or a programme row."""
    if stage not in STAGES:
        raise UsageError(f"tahap harus 1 sampai 4, bukan {stage}")
    store = as_store(workspace)
    who = actor(store, as_name, workflow=True)
    who.allow("note.add")
    text = _clean_text(text, "catatan")
    target = note_target(store, stage, section, question, program)
    with store.exclusive():
        state = load_state(store)
        record_outside_changes(store, state)
        entry = _add_note(store, who, state, stage, target, text)
        return Outcome(entry, f"catatan {entry.data['id']} ditambahkan pada Bimtek {ROMAN[stage]}", [])


def _note(state: WorkflowState, note_id: str) -> Note:
    note = state.notes.get(note_id.upper())
    if note is None:
        known = ", ".join(state.notes) or "(belum ada catatan)"
        raise UsageError(f"tidak ada catatan {note_id}; yang ada: {known}")
    return note


def reply_note(workspace: Path | WorkspaceStore, note_id: str, text: str, as_name: str | None) -> Outcome:
    """Anyone in the workspace may reply to an open note."""
    store = as_store(workspace)
    who = actor(store, as_name, workflow=True)
    who.allow("note.reply")
    text = _clean_text(text, "balasan")
    with store.exclusive():
        note = _note(load_state(store), note_id)
        if note.status != "open":
            raise WorkflowError(f"catatan {note.id} sudah diselesaikan; tulis catatan baru bila perlu")
        entry = append(store, who.person, "note.reply", {"id": note.id, "text": text})
        return Outcome(entry, f"balasan untuk {note.id} dicatat", [])


def resolve_note(
    workspace: Path | WorkspaceStore, note_id: str, as_name: str | None, text: str | None = None
) -> Outcome:
    """A mentor marks a note resolved (optionally with a last word)."""
    store = as_store(workspace)
    who = actor(store, as_name, workflow=True)
    who.allow("note.resolve")
    data: dict[str, str] = {}
    if text:
        data["text"] = _clean_text(text, "keterangan")
    with store.exclusive():
        note = _note(load_state(store), note_id)
        if note.status != "open":
            raise WorkflowError(f"catatan {note.id} sudah diselesaikan")
        entry = append(store, who.person, "note.resolve", {"id": note.id, **data})
        return Outcome(entry, f"catatan {note.id} diselesaikan", [])
