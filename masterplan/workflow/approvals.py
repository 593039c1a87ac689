"""What changed in the answers of an approved stage since its approval (an error until approved again)."""

from __future__ import annotations

from pathlib import Path

from masterplan.answers.definitions import STAGES
from masterplan.checks.problems import Problem, Where
from masterplan.store.base import WorkspaceStore
from masterplan.workflow.edits import answer_files
from masterplan.workflow.state import ROMAN, WorkflowState


def approved_stage_changes(root: Path | WorkspaceStore, state: WorkflowState) -> list[Problem]:
    """An error for every answers file of an approved stage that differs from what was approved."""
    found: list[Problem] = []
    for stage in STAGES:
        current = state.stages[stage]
        if current.state != "approved" or current.approval is None:
            continue
        approved = current.approval.data.get("files", {})
        now = answer_files(root, stage)
        for file in sorted(set(approved) | set(now)):
            if approved.get(file) != now.get(file):
                found.append(
                    Problem(
                        "error",
                        "approved-stage-changed",
                        Where(file=file, stage=stage),
                        {"file": file, "stage": ROMAN[stage], "time": current.approval.time},
                    )
                )
    return found
