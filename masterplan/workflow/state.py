"""What the journal says now: stage states, review notes, last known files, finalisations.

One pass over the journal (:func:`fold`) gives a :class:`WorkflowState`; the
table :data:`TRANSITIONS` is the only place that says which stage state an
action leads to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from masterplan.answers.definitions import STAGES
from masterplan.store.base import WorkspaceStore
from masterplan.workflow.journal import Entry, JournalRead, read_journal

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
"""Stage numbers as written in documents: Bimtek II."""

StageStateName = Literal["draft", "submitted", "changes_requested", "approved"]

STATE_LABELS: dict[str, str] = {
    "draft": "penyusunan",
    "submitted": "diajukan, menunggu reviu",
    "changes_requested": "perlu perbaikan",
    "approved": "disetujui",
}

TRANSITIONS: dict[tuple[str, str], str] = {
    ("draft", "stage.submit"): "submitted",
    ("changes_requested", "stage.submit"): "submitted",
    ("submitted", "stage.withdraw"): "draft",
    ("submitted", "stage.approve"): "approved",
    ("submitted", "stage.request_changes"): "changes_requested",
    ("changes_requested", "stage.rework"): "draft",
    ("approved", "stage.reopen"): "draft",
}
"""(state, action) -> next state. Who may take each action: people.PERMISSIONS."""

LOCKED_STATES = frozenset({"submitted", "approved"})
"""Answers of a stage in these states cannot be edited (withdraw or reopen first)."""


@dataclass
class StageState:
    """One stage: its state and the entries that brought it there."""

    stage: int
    state: str = "draft"
    last: Entry | None = None  # the entry that set the current state
    approval: Entry | None = None  # the latest approval, kept after a reopen (for diffs)
    submission: Entry | None = None  # the latest submission

    @property
    def locked(self) -> bool:
        """True when answers of this stage may not be edited."""
        return self.state in LOCKED_STATES


@dataclass
class Reply:
    """A reply to a review note."""

    who: str
    name: str
    time: str
    text: str


@dataclass
class Note:
    """A review note: on a stage, a questionnaire section, a question or one programme row."""

    id: str
    stage: int
    target: str  # "stage" | "section:<id>" | "question:<id>" | "row:<CODE>"
    text: str
    who: str
    name: str
    time: str
    status: Literal["open", "resolved"] = "open"
    replies: list[Reply] = field(default_factory=list)
    resolved_by: str | None = None
    resolved_at: str | None = None


@dataclass
class WorkflowState:
    """The fold of a journal."""

    journal: JournalRead
    stages: dict[int, StageState]
    notes: dict[str, Note]
    files: dict[str, str | None]  # answers file -> last recorded SHA-256 (None: deleted)
    finalizations: list[Entry]

    def open_notes(self, stage: int | None = None) -> list[Note]:
        """Open notes (of ``stage`` when given), oldest first."""
        return [n for n in self.notes.values() if n.status == "open" and stage in (None, n.stage)]


def fold(journal: JournalRead) -> WorkflowState:
    """Replay every entry of ``journal``."""
    state = WorkflowState(
        journal=journal,
        stages={n: StageState(n) for n in STAGES},
        notes={},
        files={},
        finalizations=[],
    )
    for entry in journal.entries:
        _apply(state, entry)
    return state


def load_state(root: Path | WorkspaceStore) -> WorkflowState:
    """The workflow state of a workspace (its folder or its store)."""
    return fold(read_journal(root))


def _apply(state: WorkflowState, entry: Entry) -> None:
    data = entry.data
    if entry.action.startswith("stage."):
        stage = state.stages[int(data["stage"])]
        stage.state = TRANSITIONS.get((stage.state, entry.action), stage.state)
        stage.last = entry
        if entry.action == "stage.approve":
            stage.approval = entry
        elif entry.action == "stage.submit":
            stage.submission = entry
        if "files" in data:
            state.files.update(data["files"])
    elif entry.action in ("answers.save", "answers.sync", "answers.upgrade"):
        state.files.update(data["files"])
    elif entry.action == "note.add":
        state.notes[data["id"]] = Note(
            id=data["id"],
            stage=int(data["stage"]),
            target=data["target"],
            text=data["text"],
            who=entry.who,
            name=entry.name,
            time=entry.time,
        )
    elif entry.action == "note.reply" and data["id"] in state.notes:
        state.notes[data["id"]].replies.append(Reply(entry.who, entry.name, entry.time, data["text"]))
    elif entry.action == "note.resolve" and data["id"] in state.notes:
        note = state.notes[data["id"]]
        note.status, note.resolved_by, note.resolved_at = "resolved", entry.who, entry.time
        if data.get("text"):
            note.replies.append(Reply(entry.who, entry.name, entry.time, data["text"]))
    elif entry.action == "finalize":
        state.finalizations.append(entry)
