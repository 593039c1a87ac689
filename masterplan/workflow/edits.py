"""Changing answers through masterplan: locked, checked for staleness, recorded.

Every front end (the CLI's ``answer set``, the spreadsheet import, the web
app) writes an answers file through :func:`save_answers_text`. Under the
workspace lock it refuses an edit to a submitted or approved stage, an edit
by someone who may not write that OPD's file, and an edit based on a version
someone else has changed since (``base``); it writes the file atomically,
keeps the old and new contents and appends a journal entry.

Files changed by hand (outside masterplan) are recorded by :func:`record_outside_changes`
before any action, so the history stays complete.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from masterplan.answers.contribution import COORDINATOR
from masterplan.answers.definitions import STAGES, load_definitions
from masterplan.answers.workspace import ANSWERS_DIR, REGION_FILE
from masterplan.answers.yamlio import new_yaml, parse_yaml_bytes, resolve_plain
from masterplan.checks.problems import Where
from masterplan.errors import StaleEdit, UsageError, WorkflowError
from masterplan.limits import MAX_FILE_BYTES, MAX_TABLE_ROWS, dotted
from masterplan.models.questionnaire import TableQuestion
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store
from masterplan.workflow.actor import Actor, actor
from masterplan.workflow.intent import clear_intent, recover, write_intent
from masterplan.workflow.journal import Entry, append, sha256, store_object
from masterplan.workflow.people import PEOPLE_FILE
from masterplan.workflow.state import ROMAN, STATE_LABELS, WorkflowState, load_state

NO_FILE = "none"
"""``base`` for an edit that expects the file not to exist yet."""

OUTSIDE = "luar-masterplan"
"""The journal's ``who`` for changes found on disk that were not made through masterplan."""

_CONTRIBUTOR = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}\Z")


@dataclass
class SaveResult:
    """What a save did."""

    path: Path
    sha256: str
    changed: bool
    entry: Entry | None


def answers_path(stage: int, contributor: str) -> str:
    """``answers/bimtek-N/<contributor>.yaml``; a name that is not a file name is refused first."""
    if stage not in STAGES:
        raise UsageError(f"tahap harus 1 sampai 4, bukan {stage}")
    if not _CONTRIBUTOR.match(contributor):
        raise UsageError(
            f"nama berkas jawaban tidak sah: {contributor!r}; gunakan huruf kecil, angka dan tanda hubung"
        )
    return f"{ANSWERS_DIR}/bimtek-{stage}/{contributor}.yaml"


def file_sha(path: Path) -> str:
    """SHA-256 of a file's bytes, :data:`NO_FILE` when it does not exist."""
    try:
        return sha256(path.read_bytes())
    except FileNotFoundError:
        return NO_FILE


def answer_files(root: Path | WorkspaceStore, stage: int | None = None) -> dict[str, str]:
    """Every answers file (of ``stage``) -> SHA-256 of its bytes, as stored now."""
    store = as_store(root)
    found: dict[str, str] = {}
    for number in STAGES if stage is None else (stage,):
        listed = store.listing(f"{ANSWERS_DIR}/bimtek-{number}")
        found.update((path, version) for path, version in listed.items() if path.endswith(".yaml"))
    return found


PROFILE_FILES = (REGION_FILE, PEOPLE_FILE)
"""Files people edit by hand that the history keeps besides the answers."""


def tracked_files(workspace: Path | WorkspaceStore) -> dict[str, str]:
    """Every answers file, ``region.yaml`` and ``people.yaml`` -> SHA-256, as stored now."""
    store = as_store(workspace)
    found = answer_files(store)
    for name in PROFILE_FILES:
        try:
            version = store.version(name)
        except UsageError:  # a link out of the workspace: refused by check
            continue
        if version is not None:
            found[name] = version
    return found


def record_outside_changes(workspace: Path | WorkspaceStore, state: WorkflowState) -> Entry | None:
    """Journal the files that changed (on disk, or in the store) since the journal last saw them.

    Answers files, the region profile and the people list; the first call of a
    workspace records every file as its starting point. A save that a crash
    interrupted is finished first (:mod:`masterplan.workflow.intent`). Call
    under the workspace lock; ``state`` is updated.
    """
    store = as_store(workspace)
    recover(store, state)
    now = tracked_files(store)
    changed: dict[str, str | None] = {}
    before: dict[str, str | None] = {}
    for file, digest in now.items():
        if state.files.get(file) != digest:
            data = store.read(file)
            if data is None:  # removed since it was listed
                continue
            changed[file], before[file] = store_object(store, data), state.files.get(file)  # as read now
    for file, known in state.files.items():
        if known is not None and file not in now:
            changed[file], before[file] = None, known
    if not changed:
        return None
    entry = append(store, None, "answers.sync", {"files": changed, "before": before}, who=OUTSIDE)
    state.files.update(changed)
    return entry


def _shown_path(store: WorkspaceStore, file: str) -> Path:
    """Where a document is, as a message names it: its file in a folder, its path in a database."""
    return store.root / file if isinstance(store, FileStore) else Path(file)


def _check_contributor(who: Actor, stage: int, contributor: str) -> None:
    if stage not in STAGES:
        raise UsageError(f"tahap harus 1 sampai 4, bukan {stage}")
    if not _CONTRIBUTOR.match(contributor):
        raise UsageError(f"nama berkas jawaban tidak sah: {contributor}")
    from masterplan.workflow.actor import opd_codes

    codes = opd_codes(who.store)
    if contributor != COORDINATOR and codes is not None and contributor not in codes:
        raise UsageError(
            f"{contributor} bukan kode OPD di region.yaml; yang dikenal: {', '.join(sorted(codes)[:6])}, ..."
        )


def _refuse_locked(state: WorkflowState, stage: int) -> None:
    current = state.stages[stage]
    if current.locked:
        how = (
            "minta pendamping membuka kembali tahap ini (masterplan stage reopen)"
            if current.state == "approved"
            else "koordinator dapat menarik kembali pengajuan (masterplan stage withdraw)"
        )
        raise WorkflowError(
            f"jawaban Bimtek {ROMAN[stage]} terkunci karena tahap ini {STATE_LABELS[current.state]}; {how}"
        )


def last_change(state: WorkflowState, file: str) -> Entry | None:
    """The latest journal entry that changed ``file`` (a save, or a change found on disk)."""
    changes = (e for e in reversed(state.journal.entries) if e.action.startswith("answers."))
    return next((e for e in changes if file in e.data["files"]), None)


def _last_change(state: WorkflowState, file: str) -> str:
    entry = last_change(state, file)
    return f"{entry.name} pada {entry.time} (entri #{entry.seq})" if entry else "orang lain"


def unreadable_reason(data: bytes, file: str, stage: int) -> str | None:
    """Why the answers reader would not read ``data`` back (size, YAML, a table too long), or ``None``."""
    return read_within_limits(data, file, stage)[1]


def read_within_limits(data: bytes, file: str, stage: int) -> tuple[Any, str | None]:
    """``data`` as the answers reader reads it, and why it would not (``None`` when it would)."""
    if len(data) > MAX_FILE_BYTES:
        return None, (
            f"{file} terlalu besar ({len(data) / 1024 / 1024:.1f} MB; batasnya "
            f"{MAX_FILE_BYTES / 1024 / 1024:.1f} MB)"
        )
    document, problems = parse_yaml_bytes(data, Where(file=file, stage=stage))
    if problems:
        return None, f"{file} bukan YAML yang sah: " + problems[0].render("id")
    answers = document.get("answers") if isinstance(document, dict) else None
    for question, value in (answers.items() if isinstance(answers, dict) else ()):
        if isinstance(value, list) and len(value) > MAX_TABLE_ROWS:
            return None, (
                f"{file}: {question} berisi {dotted(len(value))} baris; paling banyak "
                f"{dotted(MAX_TABLE_ROWS)} baris per tabel"
            )
    return document, None


def _refuse_unreadable(data: bytes, file: str, stage: int) -> None:
    """Refuse, before anything is written, a file the answers reader would not read back."""
    reason = unreadable_reason(data, file, stage)
    if reason is not None:
        raise UsageError(f"isi baru {reason}; tidak disimpan")


def save_answers_text(
    workspace: Path | WorkspaceStore,
    stage: int,
    contributor: str,
    text: str,
    *,
    person: str | None,
    action: str = "answers.save",
    detail: str | None = None,
    base: str | None = None,
    source: dict[str, str] | None = None,
) -> SaveResult:
    """Write the whole answers file of ``contributor`` for ``stage`` (see the module docstring).

    ``person`` is the ``--as`` name; ``detail`` says what changed ("diimpor dari
    form.xlsx"); ``base`` is the SHA-256 of the version the edit started from
    (:data:`NO_FILE` for a new file), ``None`` to skip the staleness check;
    ``source`` identifies where the content came from (a workbook's export) in the journal.
    """
    store = as_store(workspace)
    who = actor(store, person)
    _check_contributor(who, stage, contributor)
    who.allow("answers.save", contributor if contributor != COORDINATOR else None)
    if who.person is not None and who.person.role == "tim" and contributor == COORDINATOR:
        raise WorkflowError(f"{who.label} tidak boleh mengubah jawaban koordinator")
    data = text.encode("utf-8")
    file = answers_path(stage, contributor)
    _refuse_unreadable(data, file, stage)
    path = _shown_path(store, file)
    with store.transaction():
        state = load_state(store)
        record_outside_changes(store, state)
        _refuse_locked(state, stage)
        current = store.version(file) or NO_FILE
        if base is not None and base != current:
            raise StaleEdit(
                f"{file} telah diubah oleh {_last_change(state, file)} sejak Anda mulai mengubahnya; "
                "perubahan Anda tidak disimpan agar tidak menimpa perubahan itu. Muat ulang, lalu ulangi"
            )
        new = sha256(data)
        if new == current:
            return SaveResult(path, new, False, None)
        data_of_entry = {
            "stage": stage,
            "files": {file: new},
            "before": {file: None if current == NO_FILE else current},
            "detail": detail,
            **({"source": source} if source else {}),
        }
        rework = state.stages[stage].state == "changes_requested"
        store_object(store, data)  # the contents, the intent, the entry, then the file (see intent.py)
        write_intent(store, who.person, who.claimed, action, data_of_entry, rework)
        if rework:
            append(store, who.person, "stage.rework", {"stage": stage}, who=who.claimed)
        entry = append(store, who.person, action, data_of_entry, who=who.claimed)
        store.write(file, data)
        clear_intent(store)
        return SaveResult(path, new, True, entry)


def set_answer(
    workspace: Path | WorkspaceStore,
    stage: int,
    contributor: str,
    question: str,
    value: str,
    *,
    person: str | None,
    row: str | None = None,
    column: str | None = None,
) -> SaveResult:
    """Set one answer, or one cell of the table row whose key is ``row``; comments are kept.

    ``value`` is read as a YAML scalar ("2500000000" is a number, "2027-01-05" a date).
    """
    store = as_store(workspace)
    file = answers_path(stage, contributor)  # the name is checked before any file is touched
    questionnaire = load_definitions().stage(stage)
    found = questionnaire.questions.get(question)
    if found is None:
        known = ", ".join(sorted(questionnaire.questions)[:8])
        raise UsageError(
            f"Bimtek {ROMAN[stage]} tidak punya pertanyaan {question}; contoh yang ada: {known}, ..."
        )
    typed: Any = resolve_plain(value) if value.strip() == value else value
    yaml = new_yaml()
    with store.exclusive():
        raw = store.read(file)
        base = NO_FILE if raw is None else sha256(raw)
        document = yaml.load(raw.decode("utf-8")) if raw is not None else None
        if document is None:
            document = {"stage": stage, "filled_by": contributor, "answers": {}}
        answers = document.setdefault("answers", {}) if isinstance(document, dict) else None
        if answers is None:
            raise UsageError(f"{file} tidak berisi bagian answers; perbaiki dulu (masterplan check)")
        where = f"{file}: {found.label}"
        if isinstance(found, TableQuestion):
            _set_cell(answers, found, row, column, typed, where)
        else:
            if row or column:
                raise UsageError(f"{where} bukan tabel; --row dan --column tidak dipakai")
            answers[question] = typed
        buffer = io.StringIO()
        yaml.dump(document, buffer)
        detail = f"{question}" + (f", {row}" if row else "") + (f", {column}" if column else "")
        return save_answers_text(
            store, stage, contributor, buffer.getvalue(), person=person, detail=detail, base=base
        )


def _set_cell(
    answers: Any, table: TableQuestion, row: str | None, column: str | None, value: Any, where: str
) -> None:
    if not (row and column):
        raise UsageError(f"{where} adalah tabel: sebutkan --row (kode baris) dan --column")
    if table.key is None:
        raise UsageError(f"{where}: tabel ini tidak punya kolom kunci; ubah berkasnya langsung")
    if column not in {c.id for c in table.columns}:
        names = ", ".join(c.id for c in table.columns)
        raise UsageError(f"{where}: tidak ada kolom {column}; kolom: {names}")
    rows = answers.get(table.id) or []
    for item in rows:
        if isinstance(item, dict) and str(item.get(table.key, "")).casefold() == row.casefold():
            item[column] = value
            return
    keys = ", ".join(str(i.get(table.key)) for i in rows if isinstance(i, dict))
    raise UsageError(f"{where}: tidak ada baris {row} di berkas ini; yang ada: {keys or '(kosong)'}")
