"""What the stage page shows: completeness per section and per contributor, state, notes, next steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for

from masterplan.answers.contribution import COORDINATOR
from masterplan.answers.definitions import STAGES
from masterplan.api import CheckResult
from masterplan.checks.status import StageStatus, StatusReport, compute_status
from masterplan.models.questionnaire import Questionnaire, TableQuestion, is_blank
from masterplan.web.context import can_edit, contributor_label, contributors, revision, site, zone
from masterplan.web.progress import Progress, StageProgress, stage_progress
from masterplan.workflow.edits import answers_path
from masterplan.workflow.people import PERMISSIONS, Person
from masterplan.workflow.present import note_label, note_time, stage_summary
from masterplan.workflow.state import ROMAN, STATE_LABELS, TRANSITIONS, Note, WorkflowState

ACTION_BUTTONS: dict[str, str] = {
    "stage.submit": "Ajukan untuk direviu",
    "stage.withdraw": "Tarik kembali pengajuan",
    "stage.approve": "Setujui tahap ini",
    "stage.request_changes": "Minta perbaikan",
    "stage.reopen": "Buka kembali tahap ini",
}
NEEDS_REASON = frozenset({"stage.request_changes", "stage.reopen"})


@dataclass
class Cell:
    """One contributor's answers in one section: counts and errors."""

    answered: int = 0
    rows: int = 0
    errors: int = 0

    @property
    def text(self) -> str:
        """``3 jawaban, 5 baris`` or ``-``."""
        parts = []
        if self.answered:
            parts.append(f"{self.answered} jawaban")
        if self.rows:
            parts.append(f"{self.rows} baris")
        return ", ".join(parts) or "-"


@dataclass
class ContributorRow:
    """One contributor of a stage."""

    code: str
    label: str
    file: str
    exists: bool
    cells: dict[str, Cell]
    errors: int = 0
    warnings: int = 0
    editable: bool = False
    own: bool = False
    progress: Progress = field(default_factory=Progress)


@dataclass
class Action:
    """A stage action the person may take now."""

    action: str
    value: str
    label: str
    needs_reason: bool
    blocked: str = ""  # why the button is disabled now, in plain words


@dataclass
class Blocker:
    """Errors of one contributor's section (or elsewhere), with where to fix them."""

    label: str  # "DISKOMINFO — Dinas Komunikasi dan Informatika: Rencana Program"
    count: int
    url: str  # the section form, at its error summary ("" when there is no form for it)
    examples: list[str] = field(default_factory=list)  # the first messages, in plain words
    code: str = ""  # the contributor whose file holds the errors ("" for errors outside the forms)
    section: str = ""  # the section's title


@dataclass
class Todo:
    """Something left for the person: errors in their form, a note on their programme."""

    text: str
    url: str


@dataclass
class NoteView:
    """A review note with what it is about and when, in words."""

    note: Note
    label: str
    time: str
    replies: list[tuple[str, str, str]] = field(default_factory=list)  # (name, time, text)


@dataclass
class StagePage:
    """Everything the stage page shows."""

    stage: int
    roman: str
    questionnaire: Questionnaire
    status: StageStatus
    state: str
    state_label: str
    since: str  # "sejak 30 November 2026 19.36 WIB oleh ...; catatan terbuka: 0"
    locked: bool
    contributors: list[ContributorRow]
    actions: list[Action]
    submission: int | None  # journal entry of the submission under review, named by approve / request changes
    notes: list[NoteView]
    open_notes: int
    errors: list[str]  # each error as check prints it (the technical detail)
    warnings: int
    targets: list[tuple[str, list[tuple[str, str]]]]  # (group label, [(value, label)])
    blockers: list[Blocker] = field(default_factory=list)  # the errors, per form to fix them in
    progress: StageProgress = field(default_factory=StageProgress)  # rows and errors counted


def progress_of(result: CheckResult, stage: int) -> StageProgress:
    """:func:`~masterplan.web.progress.stage_progress`, worked out once per revision of the workspace."""
    return site().remember(f"progress:{stage}", revision(), lambda: stage_progress(result, stage))


def status_report(result: CheckResult, state: WorkflowState) -> StatusReport:
    """The status of every stage, with its workflow summary."""
    report = compute_status(result)
    for stage in report.stages:
        stage.workflow = stage_summary(state, stage.stage, zone())
    return report


def _cells(result: CheckResult, stage: int, questionnaire: Questionnaire) -> dict[str, dict[str, Cell]]:
    """File -> section id -> counts."""
    section_of = {qid: s.id for qid, s in questionnaire.section_of.items()}
    found: dict[str, dict[str, Cell]] = {}
    for contribution in result.workspace.contributions.get(stage, []):
        cells = found.setdefault(contribution.file, {s.id: Cell() for s in questionnaire.sections})
        for qid, answer in contribution.answers.items():
            cell = cells[section_of[qid]]
            if isinstance(questionnaire.questions[qid], TableQuestion):
                cell.rows += len(answer.value or [])
            elif not is_blank(answer.raw):
                cell.answered += 1
    for problem in result.report.errors:
        where = problem.where
        if where.stage == stage and where.file in found and where.question in section_of:
            found[where.file][section_of[where.question]].errors += 1
    return found


def contributor_rows(
    result: CheckResult,
    stage: int,
    questionnaire: Questionnaire,
    status: StageStatus,
    who: Person,
    progress: StageProgress | None = None,
) -> list[ContributorRow]:
    """The contributors with a file, plus the person's own file if it has none yet."""
    cells = _cells(result, stage, questionnaire)
    by_file = {c.file: c for c in status.contributors}
    rows = []
    own = (who.opd or "").lower() if who.role == "tim" else None
    for code in contributors():
        file = answers_path(stage, code)
        exists = file in cells
        if not exists and code != own and not (who.role == "koordinator" and code == COORDINATOR):
            continue
        counted = by_file.get(file)
        rows.append(
            ContributorRow(
                code,
                contributor_label(code),
                file,
                exists,
                cells.get(file, {s.id: Cell() for s in questionnaire.sections}),
                counted.errors if counted else 0,
                counted.warnings if counted else 0,
                can_edit(who, code),
                code == own,
                (progress.files.get(file) if progress else None) or Progress(),
            )
        )
    rows.sort(key=lambda r: (not r.own, r.code != COORDINATOR, r.code))
    return rows


NEEDS_NO_ERRORS = {"stage.submit": "diajukan", "stage.approve": "disetujui"}
EXAMPLES = 3  # messages shown per form in the list of what to fix


def actions_for(who: Person, current: str, errors: int = 0, stage: int = 0) -> list[Action]:
    """The stage actions ``who``'s role may take from state ``current``.

    With ``errors`` in the stage, submitting and approving are shown disabled, with the reason.
    """
    found = []
    for (state, action), _target in TRANSITIONS.items():
        if state == current and action in ACTION_BUTTONS and who.role in PERMISSIONS[action]:
            blocked = ""
            if errors and action in NEEDS_NO_ERRORS:
                blocked = (
                    f"Bimtek {ROMAN[stage]} belum dapat {NEEDS_NO_ERRORS[action]}: masih ada {errors} "
                    "kesalahan. Perbaiki dulu yang tercantum di bawah."
                )
            value, label = action.removeprefix("stage."), ACTION_BUTTONS[action]
            found.append(Action(action, value, label, action in NEEDS_REASON, blocked))
    return found


def blockers(result: CheckResult, stage: int, questionnaire: Questionnaire) -> list[Blocker]:
    """The stage's errors grouped by the form they are fixed in (contributor and section)."""
    section_of = {qid: s.id for qid, s in questionnaire.section_of.items()}
    titles = {s.id: s.title for s in questionnaire.sections}
    order = {s.id: n for n, s in enumerate(questionnaire.sections)}
    codes = {answers_path(stage, code): code for code in contributors()}
    groups: dict[tuple[str, str], Blocker] = {}
    for problem in result.report.errors:
        where = problem.where
        if where.stage != stage:
            continue
        code = codes.get(where.file)
        section = section_of.get(where.question or "")
        context = problem.context("id")
        text = f"{context}: {problem.message('id')}" if context else problem.message("id")
        if code is not None and section is not None:
            key = (code, section)
            label = f"{contributor_label(code)}: {titles[section]}"
            form = url_for("fill.section_form", stage=stage, section_id=section, contributor=code)
            url = f"{form}#ringkasan"
        else:
            key = ("", "")
            label, url = "Di luar formulir (berkas yang tidak terbaca atau profil daerah)", ""
        found = groups.setdefault(key, Blocker(label, 0, url, code=key[0], section=titles.get(key[1], "")))
        found.count += 1
        if len(found.examples) < EXAMPLES:
            found.examples.append(text)
    ranked = sorted(groups, key=lambda k: (k == ("", ""), k[0] != COORDINATOR, k[0], order.get(k[1], 0)))
    return [groups[key] for key in ranked]


def left_for(who: Person, result: CheckResult, state: WorkflowState) -> list[Todo]:
    """What is left for a tim member: errors in their OPD's open forms, notes on their programmes."""
    if who.role != "tim" or not who.opd or result.plan is None:
        return []
    code = who.opd.lower()
    todos: list[Todo] = []
    for stage in STAGES:
        if state.stages[stage].locked:
            continue
        questionnaire = result.plan.definitions.stage(stage)
        for blocker in blockers(result, stage, questionnaire):
            if blocker.code == code:
                text = f"Bimtek {ROMAN[stage]} · {blocker.section}: {blocker.count} kesalahan"
                todos.append(Todo(text, blocker.url))
    programs = result.plan.programs()
    for note in state.open_notes():
        kind, _, target = note.target.partition(":")
        row = programs.get(target.upper()) if kind == "row" else None
        if row is not None and str(row.get("opd") or "").lower() == code:
            url = url_for("fill.stage_view", stage=note.stage) + f"#catatan-{note.id}"
            text = f"Catatan {note.id} dari {note.name} tentang program {target}: {note.text}"
            todos.append(Todo(text, url))
    return todos


def note_views(notes: list[Note], questionnaire: Questionnaire, result: CheckResult) -> list[NoteView]:
    """Notes in words: open ones first, then resolved, oldest first within each."""
    definitions = result.plan.definitions if result.plan else None
    views = []
    for note in sorted(notes, key=lambda n: (n.status != "open", int(n.id.lstrip("C") or 0))):
        label = note_label(note, definitions) if definitions else f"Bimtek {ROMAN[note.stage]}"
        views.append(
            NoteView(
                note,
                label,
                note_time(note.time, zone()),
                [(r.name, note_time(r.time, zone()), r.text) for r in note.replies],
            )
        )
    return views


def note_targets(
    questionnaire: Questionnaire, result: CheckResult
) -> list[tuple[str, list[tuple[str, str]]]]:
    """What a mentor may write a note on: the stage, a section, a question, a programme."""
    groups: list[tuple[str, list[tuple[str, str]]]] = [
        ("Tahap", [("stage", f"Seluruh Bimtek {ROMAN[questionnaire.stage]}")]),
        ("Bagian", [(f"section:{s.id}", s.title) for s in questionnaire.sections]),
        ("Pertanyaan", [(f"question:{q.id}", q.label) for q in questionnaire.questions.values()]),
    ]
    programs = result.plan.programs() if result.plan else {}
    if programs:
        groups.append(
            (
                "Program",
                [
                    (f"row:{code}", f"{code} — {row.get('name') or ''}")
                    for code, row in sorted(programs.items())
                ],
            )
        )
    return groups


def _since(state: WorkflowState, stage: int) -> str:
    """``sejak 30 November 2026 19.36 WIB oleh Dr. Sari; catatan terbuka: 0`` (the state label left out)."""
    summary = stage_summary(state, stage, zone())
    return summary.removeprefix(STATE_LABELS[state.stages[stage].state]).lstrip("; ")


def stage_page(
    result: CheckResult, state: WorkflowState, stage: int, questionnaire: Questionnaire, who: Person
) -> StagePage:
    """The stage page of ``stage`` for ``who``."""
    report = status_report(result, state)
    status = report.stages[stage - 1]
    current = state.stages[stage]
    stage_notes = [n for n in state.notes.values() if n.stage == stage]
    errors = [p.render("id") for p in result.report.errors if p.where.stage == stage]
    progress = progress_of(result, stage)
    return StagePage(
        stage=stage,
        roman=ROMAN[stage],
        questionnaire=questionnaire,
        status=status,
        state=current.state,
        state_label=STATE_LABELS[current.state],
        since=_since(state, stage),
        locked=current.locked,
        contributors=contributor_rows(result, stage, questionnaire, status, who, progress),
        actions=actions_for(who, current.state, len(errors), stage),
        submission=current.submission.seq if current.submission else None,
        notes=note_views(stage_notes, questionnaire, result),
        open_notes=len(state.open_notes(stage)),
        errors=errors,
        warnings=status.warnings,
        targets=note_targets(questionnaire, result),
        blockers=blockers(result, stage, questionnaire),
        progress=progress,
    )


@dataclass
class StageCard:
    """One stage on the home page."""

    stage: int
    roman: str
    title: str
    percent: int
    answered: int
    required: int
    errors: int
    warnings: int
    state: str
    state_label: str
    since: str
    open_notes: int
    progress: Progress = field(default_factory=Progress)


def home_cards(result: CheckResult, state: WorkflowState) -> list[StageCard]:
    """The four stages at a glance."""
    report = status_report(result, state)
    cards = []
    for number in STAGES:
        status = report.stages[number - 1]
        current = state.stages[number]
        cards.append(
            StageCard(
                number,
                ROMAN[number],
                status.title,
                status.count.percent,
                status.count.answered,
                status.count.required,
                status.errors,
                status.warnings,
                current.state,
                STATE_LABELS[current.state],
                _since(state, number),
                len(state.open_notes(number)),
                progress_of(result, number).stage,
            )
        )
    return cards
