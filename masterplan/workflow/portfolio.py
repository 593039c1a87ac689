"""One line per region of a service: its stages, open notes and last activity (the portfolio's rows).

Read from each workspace's store: the region profile and the journal (folded
into the stages' states), nothing else, so a list of many regions stays quick.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from masterplan.answers.workspace import load_region
from masterplan.store.base import WorkspaceStore
from masterplan.workflow.journal import read_journal
from masterplan.workflow.state import STATE_LABELS, fold

__all__ = ["RegionSummary", "summarize"]


@dataclass
class RegionSummary:
    """A region's line in the portfolio."""

    name: str  # the workspace's name in the service
    title: str  # "Kabupaten Sukamaju", or the name when region.yaml cannot be read
    stages: dict[int, str] = field(default_factory=dict)  # stage -> state ("draft", "approved", ...)
    open_notes: int = 0
    last_activity: str | None = None  # time of the journal's last entry
    journal_problems: int = 0
    archived: bool = False

    def stage_labels(self) -> dict[int, str]:
        """The stages' states in Indonesian."""
        return {stage: STATE_LABELS.get(state, state) for stage, state in self.stages.items()}


def summarize(store: WorkspaceStore, archived: bool = False) -> RegionSummary:
    """The portfolio line of the workspace in ``store``."""
    region = load_region(store)
    journal = read_journal(store)
    state = fold(journal)
    return RegionSummary(
        name=store.name,
        title=region.title if region is not None else store.name,
        stages={number: stage.state for number, stage in sorted(state.stages.items())},
        open_notes=len(state.open_notes()),
        last_activity=journal.entries[-1].time if journal.entries else None,
        journal_problems=len(journal.problems),
        archived=archived,
    )
