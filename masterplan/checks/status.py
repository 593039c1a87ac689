"""Completeness of a workspace per stage, section and contributor."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from masterplan.answers.definitions import STAGES
from masterplan.models.questionnaire import TableQuestion

if TYPE_CHECKING:
    from masterplan.checks.check import CheckResult


@dataclass
class Count:
    """Answered out of required (relevant required questions only)."""

    answered: int = 0
    required: int = 0

    @property
    def percent(self) -> int:
        """Whole percent complete (100 when nothing is required)."""
        return 100 if not self.required else int(100 * self.answered / self.required)


@dataclass
class SectionStatus:
    """Answered/required counts of one questionnaire section."""

    id: str
    title: str
    count: Count


@dataclass
class ContributorStatus:
    """What one contributor's file adds to a stage."""

    name: str
    file: str
    questions: int  # questions answered in the file
    rows: int  # table rows contributed
    errors: int
    warnings: int


@dataclass
class StageStatus:
    """Progress of one Bimtek stage."""

    stage: int
    title: str
    count: Count
    errors: int
    warnings: int
    sections: list[SectionStatus] = field(default_factory=list)
    contributors: list[ContributorStatus] = field(default_factory=list)
    workflow: str | None = None  # "disetujui sejak ... oleh ...; catatan terbuka: 1" under the workflow

    @property
    def done(self) -> bool:
        """Every required question answered and no errors."""
        return self.count.answered == self.count.required and self.errors == 0


@dataclass
class StatusReport:
    """Progress of the whole workspace, stage by stage."""

    region: str
    stages: list[StageStatus]
    errors: int
    warnings: int
    general_errors: int  # problems outside any stage (region.yaml, file names)

    @property
    def next_stage(self) -> int | None:
        """The first stage not yet done (``None`` when all four are)."""
        return next((s.stage for s in self.stages if not s.done), None)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form of ``status --format json``."""
        data = asdict(self)
        for stage, raw in zip(self.stages, data["stages"], strict=True):
            raw["percent"] = stage.count.percent
            raw["done"] = stage.done
        data["next_stage"] = self.next_stage
        return data


def compute_status(result: CheckResult) -> StatusReport:
    """Status from a checked workspace."""
    report = result.report
    plan = result.plan
    region = result.workspace.region
    stages: list[StageStatus] = []
    per_file_errors: dict[str, int] = {}
    per_file_warnings: dict[str, int] = {}
    for problem in report:
        target = per_file_errors if problem.severity == "error" else per_file_warnings
        target[problem.where.file] = target.get(problem.where.file, 0) + 1
    for number in STAGES:
        questionnaire = (plan.definitions if plan else None)
        stage_errors = sum(1 for p in report.errors if p.where.stage == number)
        stage_warnings = sum(1 for p in report.warnings if p.where.stage == number)
        if plan is None or questionnaire is None:
            stages.append(StageStatus(number, f"Bimtek {number}", Count(), stage_errors, stage_warnings))
            continue
        merged = plan.stages[number]
        lookup = merged.lookup()
        total = Count()
        status = StageStatus(number, merged.questionnaire.title, total, stage_errors, stage_warnings)
        for section in merged.questionnaire.sections:
            count = Count()
            for question in section.questions:
                relevant = question.relevant is None or question.relevant.holds(lookup)
                if not (question.required and relevant):
                    continue
                count.required += 1
                answer = merged.answers[question.id]
                if answer.answered:
                    count.answered += 1
            total.answered += count.answered
            total.required += count.required
            status.sections.append(SectionStatus(section.id, section.title, count))
        for contribution in result.workspace.contributions.get(number, []):
            rows = sum(
                len(a.value) for qid, a in contribution.answers.items()
                if isinstance(merged.questionnaire.questions[qid], TableQuestion)
            )
            status.contributors.append(ContributorStatus(
                contribution.contributor, contribution.file,
                sum(1 for a in contribution.answers.values() if a.raw not in (None, "", [])),
                rows,
                per_file_errors.get(contribution.file, 0),
                per_file_warnings.get(contribution.file, 0),
            ))
        stages.append(status)
    general = sum(1 for p in report.errors if p.where.stage is None)
    return StatusReport(
        region=region.title if region else "?",
        stages=stages,
        errors=len(report.errors),
        warnings=len(report.warnings),
        general_errors=general,
    )
