"""One line per region of a service: its stages, open notes and last activity (the portfolio's rows).

Read from each workspace's store: the region profile and the journal (folded
into the stages' states), nothing else, so a list of many regions stays quick.
What needs the whole plan checked (completeness, the evaluator's checklist) is
a :class:`Measure`, made in the background (the ``measure`` job) and kept in
the workspace's ``build/`` by the revision of its inputs; the mentor's inbox
comes from the same folded journal.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from masterplan.answers.workspace import load_region
from masterplan.store.base import WorkspaceStore
from masterplan.workflow.journal import read_journal
from masterplan.workflow.state import STATE_LABELS, WorkflowState, fold

__all__ = ["InboxItem", "Measure", "RegionSummary", "Row", "inbox", "measure", "measured", "summarize"]

MEASURE_FILE = "build/ringkasan.json"
"""Where a workspace's :class:`Measure` is kept (an output: rebuilt when lost)."""


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
    province: str = ""
    state: WorkflowState | None = field(default=None, repr=False, compare=False)  # the fold, for the inbox

    def plain(self) -> dict[str, object]:
        """The line as JSON can hold it (without the folded state)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "state"}

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
        province=region.province if region is not None else "",
        state=state,
        stages={number: stage.state for number, stage in sorted(state.stages.items())},
        open_notes=len(state.open_notes()),
        last_activity=journal.entries[-1].time if journal.entries else None,
        journal_problems=len(journal.problems),
        archived=archived,
    )



@dataclass
class Measure:
    """What a region's checked plan says, at one revision of its inputs."""

    revision: str
    completeness: int  # whole percent of the required questions answered, over the four stages
    stages: dict[int, int]  # stage -> whole percent complete
    errors: int
    met: int  # criteria of the evaluator's checklist: met, partly met, of total
    partly: int
    total: int
    made: float = 0.0  # when (seconds since the epoch)

    @property
    def made_at(self) -> str:
        """When it was made, as ISO 8601 (UTC)."""
        import datetime as dt

        return dt.datetime.fromtimestamp(self.made, dt.UTC).isoformat(timespec="seconds")


def measure(root: Path, revision: str) -> Measure:
    """Check the workspace at ``root``; keep its :class:`Measure` of ``revision`` in ``build/``."""
    from masterplan import api
    from masterplan.checks.status import compute_status
    from masterplan.document.assemble import assess
    from masterplan.document.builders.evaluation import MET, PARTLY
    from masterplan.fileio import atomic_write_text

    result = api.load_plan(root)
    report = compute_status(result)
    answered = sum(stage.count.answered for stage in report.stages)
    required = sum(stage.count.required for stage in report.stages)
    found = assess(result.plan, list(result.report), root) if result.plan is not None else []
    made = Measure(
        revision=revision,
        completeness=100 if not required else int(100 * answered / required),
        stages={stage.stage: stage.count.percent for stage in report.stages},
        errors=len(result.report.errors),
        met=sum(1 for f in found if f.status == MET),
        partly=sum(1 for f in found if f.status == PARTLY),
        total=len(found),
        made=time.time(),
    )
    path = Path(root) / MEASURE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps(asdict(made), indent=1))
    return made


def measured(root: Path, revision: str | None = None) -> Measure | None:
    """The kept :class:`Measure` of ``root`` (of ``revision`` when given); ``None`` when missing or other."""
    try:
        data = json.loads((Path(root) / MEASURE_FILE).read_text("utf-8"))
        data["stages"] = {int(k): int(v) for k, v in data["stages"].items()}
        found = Measure(**data)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    return found if revision is None or found.revision == revision else None


@dataclass
class InboxItem:
    """Something waiting for a mentor in one region: a stage submitted, or a note answered."""

    region: str
    title: str
    stage: int
    what: str  # "Bimtek II diajukan untuk direviu" or "balasan pada catatan ..."
    time: str
    link: str  # the path inside the region's site


def inbox(summary: RegionSummary, mentor_ids: set[str]) -> list[InboxItem]:
    """What waits for a mentor in ``summary``'s region: stages submitted, notes last answered by others."""
    from masterplan.workflow.state import ROMAN

    state = summary.state
    if state is None:
        return []
    found: list[InboxItem] = []
    for number, stage in sorted(state.stages.items()):
        if stage.state == "submitted":
            found.append(InboxItem(summary.name, summary.title, number,
                                   f"Bimtek {ROMAN[number]} diajukan, menunggu reviu",
                                   stage.last.time if stage.last else "", f"tahap/{number}"))
    for note in state.open_notes():
        if note.replies and note.replies[-1].who not in mentor_ids:
            last = note.replies[-1]
            found.append(InboxItem(summary.name, summary.title, note.stage,
                                   f"{last.name} membalas catatan: {_short(note.text)}", last.time,
                                   f"tahap/{note.stage}#catatan-{note.id}"))
    return found


def _short(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass
class Row:
    """A region's line on the portfolio page."""

    summary: RegionSummary
    batch: int | None
    mentors: list[str]
    measure: Measure | None  # None while the first is being made
    fresh: bool  # the measure is of the region's answers as they are now
    last_draft: tuple[str, str] | None  # (file name, time) of the newest file in build/
    held: str | None  # why the region is not served, when it is held back
