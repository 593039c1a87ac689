"""Read, merge and check a workspace: :func:`load_plan` and :func:`check`.

Data flows one way: files -> models -> merged answers -> rules. Every
problem is reported at once, with its file, line and question; nothing here
writes. The front door :mod:`masterplan.api` re-exports these.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from masterplan.answers.attachments import check_answers
from masterplan.answers.definitions import STAGES, Definitions, load_definitions
from masterplan.answers.workspace import Workspace, load_workspace
from masterplan.checks.merge import merge_stage
from masterplan.checks.plan import Plan
from masterplan.checks.problems import Problem, Report, Where, capped
from masterplan.checks.rules import run_rules
from masterplan.checks.validate import check_stage
from masterplan.limits import MAX_PROBLEMS_PER_FILE
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import as_store

if TYPE_CHECKING:
    from masterplan.workflow.state import WorkflowState


@dataclass
class CheckResult:
    """The outcome of reading and checking a workspace.

    ``plan`` is ``None`` when the region profile itself could not be read;
    ``report`` then holds why.
    """

    workspace: Workspace
    plan: Plan | None
    report: Report
    state: WorkflowState | None = None  # the folded journal, read once with the answers (None: no plan)

    def has_errors(self, stage: int | None = None) -> bool:
        """True when there is an error (in ``stage`` when given)."""
        return any(stage is None or p.where.stage in (stage, None) for p in self.report.errors)


def load_plan(root: Path | str | WorkspaceStore, definitions: Definitions | None = None) -> CheckResult:
    """Read, merge and check a workspace (its folder, or its store); report every problem at once."""
    definitions = definitions or load_definitions()
    store = as_store(root if isinstance(root, WorkspaceStore) else Path(root))
    workspace, problems = load_workspace(store, definitions)
    report = Report(problems)
    if workspace.region is None:
        return CheckResult(workspace, None, report)
    stages = {}
    for stage in STAGES:
        merged, conflicts = merge_stage(definitions.stage(stage), workspace.contributions[stage])
        report.extend(conflicts)
        report.extend(check_stage(merged, workspace.stage_folder(stage)))
        stages[stage] = merged
    plan = Plan(workspace.region, workspace.region_data, definitions, stages)
    report.extend(run_rules(plan))
    report.extend(check_answers(store, plan))
    state, found = _workflow(store)
    report.extend(found)
    explained = _explain_unread(workspace, report, definitions)
    return CheckResult(workspace, plan, Report(capped(explained, MAX_PROBLEMS_PER_FILE)), state)


def _named(labels: list[str], more: str) -> str:
    """The first five labels, quoted, and how many more."""
    shown = ", ".join(f'"{label}"' for label in labels[:5])
    return shown + (f" {more.format(len(labels) - 5)}" if len(labels) > 5 else "")


def _explain_unread(workspace: Workspace, report: Report, definitions: Definitions) -> Report:
    """Say what a file that could not be read hides, instead of reporting each answer as missing.

    A file with a syntax error answers nothing, so every question it held looks
    unanswered. Problems about the absence of those answers (those without a
    line: "wajib diisi, tetapi belum dijawab", a programme missing from the roadmap)
    are left out, and one problem after the syntax error names what it hides.
    """
    unread = [c for stage in workspace.contributions.values() for c in stage if c.unread]
    if not unread:
        return report
    hidden = {(c.stage, q) for c in unread for q in c.unread}
    kept = [p for p in report if p.where.line is not None or (p.where.stage, p.where.question) not in hidden]
    for contribution in unread:
        cause = next((p for p in report if p.where.file == contribution.file and p.severity == "error"), None)
        line = cause.where.line if cause else None
        questions = definitions.stage(contribution.stage).questions
        params = {
            "count": len(contribution.unread),
            "line": line or "?",
            "questions": _named([questions[q].label for q in contribution.unread], "dan {} lainnya"),
            "questions_en": _named([questions[q].label_en or q for q in contribution.unread], "and {} more"),
        }
        where = Where(file=contribution.file, line=line, stage=contribution.stage)
        kept.append(Problem("error", "answers-unread", where, params))
    return Report(kept)


def _workflow(store: WorkspaceStore) -> tuple[WorkflowState, list[Problem]]:
    """The workflow state and its problems (a journal that does not hold, approved answers changed)."""
    from masterplan.workflow.approvals import approved_stage_changes
    from masterplan.workflow.journal import JOURNAL_FILE, read_journal
    from masterplan.workflow.state import fold

    journal = read_journal(store)
    where = Where(file=JOURNAL_FILE)
    broken = [Problem("error", "journal-broken", where, {"detail": p}) for p in journal.problems]
    state = fold(journal)
    if not journal.entries:  # nothing approved
        return state, broken
    return state, broken + approved_stage_changes(store, state)


def check(root: Path | str | WorkspaceStore, stage: int | None = None) -> CheckResult:
    """Check a workspace; with ``stage``, keep only that stage's problems (and general ones)."""
    result = load_plan(root)
    if stage is not None:
        kept = [p for p in result.report if p.where.stage in (stage, None)]
        result = CheckResult(result.workspace, result.plan, Report(kept), result.state)
    return result
