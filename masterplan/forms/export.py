"""``masterplan form export``: one workbook per stage and contributor, answers pre-filled."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from masterplan import __version__
from masterplan.answers.contribution import Contribution
from masterplan.answers.yamlio import read_yaml
from masterplan.errors import UsageError
from masterplan.fileio import atomic_write_bytes
from masterplan.forms.cover import CoverInfo
from masterplan.forms.errors import FormRefused
from masterplan.forms.layout import FormLayout, form_layout
from masterplan.forms.lists import sources
from masterplan.forms.meta import FormMeta
from masterplan.forms.target import Target, target
from masterplan.forms.workbook import build_workbook
from masterplan.workflow.edits import file_sha

if TYPE_CHECKING:
    from masterplan.api import CheckResult

OUTPUT_DIR = Path("build") / "formulir"
"""Where workbooks go by default, inside the workspace."""

EVERY_OPD = ("semua", "all")
"""``--opd semua``: one workbook for every OPD of region.yaml."""


@dataclass
class ExportResult:
    """One workbook written."""

    path: Path
    target: Target
    answers: int
    """Single answers pre-filled."""
    rows: int
    """Table rows pre-filled."""
    warnings: list[str] = field(default_factory=list)


def default_name(slug: str, stage: int, stem: str) -> str:
    """``kabupaten-sukamaju-bimtek-2-dinkes.xlsx``."""
    return f"{slug}-bimtek-{stage}-{stem}.xlsx"


def _checked(root: Path) -> CheckResult:
    from masterplan.api import load_plan  # api may come to import this module

    result = load_plan(root)
    if result.plan is None:
        raise FormRefused(
            "region.yaml belum dapat dibaca, sehingga buku kerja tidak dapat dibuat; "
            "perbaiki dulu (lihat masterplan check)"
        )
    return result


def _folder(checked: CheckResult) -> Path:
    """The workspace's folder (workbooks are written beside the answers)."""
    if checked.workspace.root is None:
        raise UsageError("buku kerja Excel dibuat dari workspace berupa folder; "
                         "tarik dulu dengan masterplan store pull")
    return checked.workspace.root


def _contribution(checked: CheckResult, chosen: Target) -> Contribution | None:
    for contribution in checked.workspace.contributions.get(chosen.stage, []):
        if contribution.file == chosen.file:
            return contribution
    return None


def _unplaced(checked: CheckResult, chosen: Target, layout: FormLayout) -> list[str]:
    """Answers in the file that have no place in the workbook (the import carries them over)."""
    path = _folder(checked) / chosen.file
    if not path.is_file():
        return []
    data, problems = read_yaml(path, chosen.file)
    if problems:
        raise FormRefused(
            f"{chosen.file} tidak dapat dibaca ({problems[0].message()}); perbaiki dulu berkas itu "
            "agar isinya tidak hilang (lihat masterplan check)"
        )
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, dict):
        return []
    return [
        f"{chosen.file}: pertanyaan {key} tidak ada di kuesioner; tidak dimuat ke buku kerja, "
        "tetapi dipertahankan saat buku kerja diimpor"
        for key in answers
        if str(key) not in layout.questionnaire.questions
    ]


def write_form(
    checked: CheckResult, stage: int, opd: str | None, output: Path | None, now: dt.datetime | None = None
) -> ExportResult:
    """Write the workbook of ``opd`` (``None``: the coordinator) for ``stage`` from a loaded workspace."""
    plan = checked.plan
    assert plan is not None
    region = plan.region
    chosen = target(region, stage, opd)
    moment = (now or dt.datetime.now()).replace(microsecond=0)
    questionnaire = plan.definitions.stage(stage)
    layout = form_layout(questionnaire, region.period.years)
    contribution = _contribution(checked, chosen)
    warnings = _unplaced(checked, chosen, layout)
    programs = {code: str(row.get("name") or "") for code, row in plan.programs().items()}
    lists = sources(layout, plan.definitions.choices, region, programs)
    root = _folder(checked)
    meta = FormMeta(
        region=region.slug,
        region_title=region.title,
        stage=stage,
        questionnaire=questionnaire.id,
        version=questionnaire.version,
        contributor=chosen.stem,
        period=f"{region.period.start}-{region.period.end}",
        exported=moment.isoformat(),
        answers_sha256=file_sha(root / chosen.file),
        masterplan=__version__,
    )
    filled_by = contribution.filled_by if contribution else None
    cover = CoverInfo(region, chosen.title, chosen.file, moment, filled_by)
    workbook, filled = build_workbook(layout, contribution, cover, lists, meta)
    workbook.properties.created = workbook.properties.modified = moment
    path = output or root / OUTPUT_DIR / default_name(region.slug, stage, chosen.stem)
    buffer = io.BytesIO()
    workbook.save(buffer)
    try:
        atomic_write_bytes(path, buffer.getvalue())
    except OSError as error:
        raise UsageError(
            f"tidak dapat menulis {path}: {error.strerror or error}; pilih berkas lain dengan -o "
            "(dan tutup berkas yang sedang dibuka di Excel)"
        ) from error
    return ExportResult(path, chosen, filled.answers, filled.rows, warnings + filled.warnings)


def export_form(
    root: Path | str,
    stage: int,
    opd: str | None = None,
    output: Path | str | None = None,
    *,
    now: dt.datetime | None = None,
) -> ExportResult:
    """Write the questionnaire workbook of Bimtek ``stage`` for ``opd`` (``None``: the coordinator).

    ``output`` defaults to ``<root>/build/formulir/<region>-bimtek-<N>-<opd>.xlsx``.
    The contributor's current answers are pre-filled, invalid ones as typed.
    """
    target_path = Path(output) if output is not None else None
    return write_form(_checked(Path(root)), stage, opd, target_path, now)


def export_forms(
    root: Path | str,
    stage: int,
    opds: Iterable[str | None],
    outdir: Path | str | None = None,
    *,
    now: dt.datetime | None = None,
) -> list[ExportResult]:
    """One workbook per entry of ``opds`` into ``outdir``; the workspace is read once.

    An entry is an OPD code, ``None`` or ``koordinator`` for the coordinator,
    or ``semua`` for every OPD of region.yaml.
    """
    checked = _checked(Path(root))
    assert checked.plan is not None
    folder = Path(outdir) if outdir is not None else Path(root) / OUTPUT_DIR
    slug = checked.plan.region.slug
    every = [o.code for o in checked.plan.region.opds]
    targets: dict[str, str | None] = {}
    for opd in opds:
        for one in every if opd is not None and opd.strip().lower() in EVERY_OPD else [opd]:
            targets.setdefault(target(checked.plan.region, stage, one).stem, one)
    return [
        write_form(checked, stage, opd, folder / default_name(slug, stage, stem), now)
        for stem, opd in targets.items()
    ]
