"""``masterplan form import``: a filled workbook back into the contributor's answers file.

Every cell goes through the question models exactly as ``check`` reads the
YAML file (:func:`masterplan.answers.contribution.parse_contribution`); each problem is
reported at its cell (``Daftar program!V7``). Valid and invalid values are
all saved, invalid ones as typed with a comment; a later import of the
corrected workbook replaces them. The file is written through
:func:`masterplan.workflow.edits.save_answers_text`, which refuses locked
stages and people who may not write that OPD's file, and journals the change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from masterplan.answers.contribution import Contribution, parse_contribution
from masterplan.answers.definitions import Definitions, load_definitions
from masterplan.answers.workspace import REGION_FILE
from masterplan.answers.yamlio import parse_yaml_bytes, too_large
from masterplan.checks.problems import Problem, Where
from masterplan.errors import StaleEdit, UsageError, WorkspaceNotFound
from masterplan.forms.collect import Collected, check_structure, collect
from masterplan.forms.cover import ROMAN
from masterplan.forms.errors import FormRefused
from masterplan.forms.layout import META_SHEET, form_layout
from masterplan.forms.meta import FormMeta, parse_meta
from masterplan.forms.reader import WorkbookCells, read_cells
from masterplan.forms.safety import read_package
from masterplan.forms.target import Target, target
from masterplan.forms.yamltext import Header, answers_text
from masterplan.limits import MAX_FILE_BYTES
from masterplan.models.questionnaire import ParseContext, Questionnaire, TableQuestion
from masterplan.models.region import Region
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store
from masterplan.workflow.edits import NO_FILE, SaveResult, save_answers_text


@dataclass
class ImportResult:
    """What an import read, found and saved."""

    target: Target
    workbook: str
    problems: list[Problem]
    """Every problem, located at ``Sheet!Cell``, in workbook order."""
    answers: int
    """Values saved (single answers and table cells)."""
    invalid: int
    """Of those, saved as typed and flagged."""
    rows: int
    text: str
    """The answers file as written (or as it would be, for a dry run)."""
    saved: SaveResult | None = None
    notes: list[str] = field(default_factory=list)
    """Things worth knowing that are not problems of an answer."""

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors."""
        return [p for p in self.problems if p.severity == "error"]


def _meta(cells: WorkbookCells, name: str) -> FormMeta:
    sheet = cells.sheets.get(META_SHEET)
    if sheet is None:
        raise FormRefused(
            f"{name} bukan buku kerja kuesioner masterplan (lembar metadata tidak ada); "
            "buat buku kerja dengan: masterplan form export"
        )
    values = {
        str(sheet.get(row, 1)): sheet.get(row, 2) for row in range(1, 40) if sheet.get(row, 1) is not None
    }
    return parse_meta(values)


def _matching(
    meta: FormMeta, region: Region, definitions: Definitions, stage: int | None, name: str
) -> Target:
    if meta.region != region.slug:
        if meta.region_title == region.title:  # the same name, another code: the metadata was edited
            raise FormRefused(
                f"{name}: kode daerah di lembar info ({meta.region}) tidak sama dengan kode workspace "
                f"({region.slug}); lembar info telah diubah. Ekspor ulang buku kerja dan salin isiannya"
            )
        raise FormRefused(
            f"{name} dibuat untuk {meta.region_title}, bukan {region.title}; impor ke workspace daerah itu"
        )
    if stage is not None and meta.stage != stage:
        raise FormRefused(
            f"{name} berisi kuesioner Bimtek {ROMAN.get(meta.stage, meta.stage)}, bukan Bimtek "
            f"{ROMAN.get(stage, stage)}; pilih buku kerja tahap yang benar"
        )
    questionnaire = definitions.stages.get(meta.stage)
    if questionnaire is None or meta.questionnaire != questionnaire.id:
        raise FormRefused(f"{name} menyebut tahap {meta.stage} ({meta.questionnaire}) yang tidak dikenal")
    if meta.version != questionnaire.version:
        raise FormRefused(
            f"{name} dibuat dengan kuesioner versi {meta.version}, sedangkan workspace memakai versi "
            f"{questionnaire.version}; pertanyaannya dapat berbeda. Ekspor ulang buku kerja dan "
            "salin isiannya"
        )
    period = f"{region.period.start}-{region.period.end}"
    if meta.period != period:
        raise FormRefused(
            f"{name} dibuat untuk periode {meta.period}, sedangkan periode masterplan kini {period}; "
            "kolom tahun peta jalan berbeda. Ekspor ulang buku kerja"
        )
    try:
        return target(region, meta.stage, meta.contributor)
    except UsageError as error:
        raise FormRefused(f"{name}: {error}") from error


def _region(store: WorkspaceStore) -> Region:
    """The region profile; only it is needed, not the other answers files."""
    raw = store.read(REGION_FILE)
    where = store.root if isinstance(store, FileStore) else store.name
    if raw is None:
        raise WorkspaceNotFound(
            f"{where} bukan workspace masterplan: berkas {REGION_FILE} tidak ditemukan. "
            f"Buat workspace baru dengan: masterplan init {where}"
        )
    data, problems = _parse(raw, REGION_FILE)
    try:
        if not problems:
            return Region.model_validate(data)
    except ValidationError:
        pass
    raise FormRefused(
        f"{REGION_FILE} belum dapat dibaca; perbaiki dulu (lihat masterplan check), lalu impor ulang"
    )


def _relocate(problem: Problem, collected: Collected, name: str) -> Problem:
    spot = collected.spot(problem.where.line)
    file = spot.cell(problem.where.column) if spot else name
    return Problem(problem.severity, problem.rule, problem.where.at(file=file, line=None), problem.params)


def _note(where: str, detail: str, stage: int) -> Problem:
    return Problem("warning", "field-invalid", Where(file=where, stage=stage), {"detail": detail})


def _parse(raw: bytes, file: str) -> tuple[Any, list[Problem]]:
    """``raw`` read as YAML, within the size every answers file keeps to."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(len(raw), Where(file=file))]
    return parse_yaml_bytes(raw, Where(file=file))


def _kept(store: WorkspaceStore, chosen: Target, questionnaire: Questionnaire) -> dict[str, Any]:
    """Answers of the current file whose question the questionnaire no longer has."""
    raw = store.read(chosen.file)
    if raw is None:
        return {}
    data, problems = _parse(raw, chosen.file)
    answers = data.get("answers") if not problems and isinstance(data, dict) else None
    if not isinstance(answers, dict):
        return {}
    return {str(k): v for k, v in answers.items() if str(k) not in questionnaire.questions}


def _counts(contribution: Contribution, questionnaire: Questionnaire) -> tuple[int, int, int]:
    answers = invalid = rows = 0
    for answer in contribution.answers.values():
        if isinstance(questionnaire.questions[answer.question], TableQuestion):
            rows += len(answer.value)
            for row in answer.value:
                answers += len(row.cells)
                invalid += sum(not cell.valid for cell in row.cells.values())
        else:
            answers += 1
            invalid += not answer.valid
    return answers, invalid, rows


def import_form(
    workbook: Path | str,
    root: Path | str | WorkspaceStore = ".",
    *,
    person: str | None = None,
    stage: int | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    replace: bool = False,
) -> ImportResult:
    """Read ``workbook`` into its contributor's answers file in the workspace at ``root``.

    Refuses (:class:`FormRefused`) a file that is not a safe XLSX made by
    ``form export`` for this region, questionnaire version and period (and
    for ``stage`` when given). ``person`` is the ``--as`` name for the
    workflow's permission check; ``dry_run`` reports without saving.
    """
    path, root = Path(workbook), as_store(root if isinstance(root, WorkspaceStore) else Path(root))
    name = path.name
    cells = read_cells(read_package(path), name)
    meta = _meta(cells, name)
    definitions = load_definitions()
    region = _region(root)
    chosen = _matching(meta, region, definitions, stage, name)
    questionnaire = definitions.stage(chosen.stage)
    layout = form_layout(questionnaire, region.period.years)
    check_structure(layout, cells, name)
    collected = collect(layout, cells, chosen.stage)
    ctx = ParseContext(choices=definitions.choices, opds=dict(region.opd_lookup))
    contribution, found = parse_contribution(collected.document, questionnaire, ctx, chosen.name, chosen.file)
    flags: dict[int, str] = {}
    for problem in found:
        if problem.severity == "error" and problem.where.line is not None:
            flags.setdefault(problem.where.line, problem.message())
    problems = [_note(where, detail, chosen.stage) for where, detail in collected.notes]
    problems += [_relocate(p, collected, name) for p in found]
    header = Header(
        comment=(
            f"Jawaban Bimtek {ROMAN[chosen.stage]}: {questionnaire.title} - {chosen.title}\n"
            f"Diimpor dari buku kerja {name} (masterplan form import).\n"
            f'Isian bertanda "belum sesuai" disimpan apa adanya; perbaiki di buku kerja lalu impor ulang.'
        ),
        stage=chosen.stage,
        filled_by=contribution.filled_by,
        updated=today or dt.date.today(),
    )
    text = answers_text(header, contribution, questionnaire, flags, _kept(root, chosen, questionnaire))
    answers, invalid, rows = _counts(contribution, questionnaire)
    result = ImportResult(chosen, name, problems, answers, invalid, rows, text)
    current = root.version(chosen.file) or NO_FILE
    source = {"workbook_base": meta.answers_sha256, "exported": meta.exported}
    changed_since = current not in (NO_FILE, meta.answers_sha256) and not _earlier_import(
        root, chosen, current, source
    )
    if changed_since and not replace:
        raise StaleEdit(
            f"{chosen.file} telah berubah sejak buku kerja {name} dibuat ({meta.exported}); impor ditolak "
            "agar perubahan itu tidak tertimpa. Ekspor buku kerja baru dan salin isian ke sana, atau impor "
            "dengan --replace bila isi buku kerja memang harus menggantikannya (versi sebelumnya tetap di "
            "riwayat)"
        )
    if changed_since:
        result.notes.append(
            f"{chosen.file} telah berubah sejak buku kerja dibuat ({meta.exported}); isi buku kerja "
            "menggantikannya (--replace), versi sebelumnya tetap tersimpan di riwayat (jurnal)"
        )
    if not dry_run:
        result.saved = save_answers_text(
            root,
            chosen.stage,
            chosen.stem,
            text,
            person=person,
            action="answers.save",
            detail=f"diimpor dari {name}",
            base=None if replace else current,
            source=source,
        )
    return result


def _earlier_import(root: WorkspaceStore, chosen: Target, current: str, source: dict[str, str]) -> bool:
    """True when the file holds what an earlier import of this same export wrote (a corrected re-import)."""
    from masterplan.workflow.edits import last_change
    from masterplan.workflow.state import load_state

    entry = last_change(load_state(root), chosen.file)
    return (
        entry is not None
        and entry.data.get("source") == source
        and entry.data["files"][chosen.file] == current
    )
