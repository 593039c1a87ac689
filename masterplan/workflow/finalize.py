"""Finalisation and verification: the final documents are the ones that were approved, provably.

:func:`readiness` lists everything that stands between a workspace and its
final documents. :func:`finalize` builds them, writes a manifest (SHA-256 of
every output and of the merged answers, the approvals, the tool's version,
the journal's head) and journals the event. :mod:`masterplan.workflow.verify`
tells whether a file is exactly one of those outputs, or a finalised PDF that
was signed since (signatures are incremental updates, so the finalised bytes stay a prefix).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from masterplan import __version__
from masterplan.answers.definitions import STAGES
from masterplan.errors import WorkflowError
from masterplan.fileio import atomic_write_text
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import FileStore, as_store
from masterplan.workflow.actor import actor
from masterplan.workflow.approvals import approved_stage_changes
from masterplan.workflow.edits import record_outside_changes
from masterplan.workflow.journal import Entry, append, sha256
from masterplan.workflow.state import ROMAN, STATE_LABELS, WorkflowState, load_state

MANIFEST_SUFFIX = ".final.json"
FINAL_DIR = "final"




def readiness(root: Path | WorkspaceStore, state: WorkflowState | None = None) -> list[str]:
    """Why the workspace cannot be finalised yet (empty when it can), in Indonesian."""
    from masterplan.checks.check import load_plan

    state = state or load_state(root)
    reasons = [f"jurnal rusak: {p}" for p in state.journal.problems]
    for stage in STAGES:
        current = state.stages[stage].state
        if current != "approved":
            reasons.append(f"Bimtek {ROMAN[stage]} belum disetujui (sekarang: {STATE_LABELS[current]})")
    reasons += [p.render("id") for p in approved_stage_changes(root, state)]
    for note in state.open_notes():
        reasons.append(f"catatan reviu {note.id} (Bimtek {ROMAN[note.stage]}, {note.name}) masih terbuka")
    errors = load_plan(root).report.errors
    reasons += [f"galat: {p.render('id')}" for p in errors[:20]]
    if len(errors) > 20:
        reasons.append(f"... dan {len(errors) - 20} galat lainnya")
    return reasons


def require_ready(root: Path | WorkspaceStore, state: WorkflowState | None = None) -> None:
    """Refuse (:class:`WorkflowError`, listing :func:`readiness`) unless the workspace can be finalised."""
    reasons = readiness(root, state)
    if reasons:
        listing = "\n".join(f"- {r}" for r in reasons)
        raise WorkflowError(f"finalisasi ditolak; yang masih harus diselesaikan:\n{listing}")


@dataclass
class FinalizeResult:
    """What finalisation wrote and recorded."""

    files: list[Path]
    manifest: Path
    entry: Entry
    warnings: list[str] = field(default_factory=list)


class AlreadyFinal(WorkflowError):
    """The plan as approved now was finalised already; finalising again must say it supersedes that."""


def _approvals(state: WorkflowState) -> list[dict[str, Any]]:
    return [
        {"stage": s, "by": e.who, "name": e.name, "time": e.time, "entry": e.seq}
        for s in STAGES
        if (e := state.stages[s].approval) is not None
    ]


def _answers_digest(root: Path | WorkspaceStore) -> str:
    from masterplan.answers.export import merged_answers_json
    from masterplan.checks.check import load_plan

    plan = load_plan(root).plan
    assert plan is not None
    return sha256(merged_answers_json(plan))


def finalized_now(root: Path | WorkspaceStore, state: WorkflowState | None = None) -> Entry | None:
    """The finalisation of the plan as it is approved now (the same merged answers and approvals), if any."""
    state = state or load_state(root)
    if not state.finalizations:
        return None
    last = state.finalizations[-1]
    same_approvals = last.data.get("approvals") == _approvals(state)
    return last if same_approvals and last.data.get("answers_sha256") == _answers_digest(root) else None


def finalize(
    workspace: Path | WorkspaceStore,
    as_name: str | None,
    outdir: Path | None = None,
    build_date: dt.date | None = None,
    libreoffice: bool = True,
    supersede: bool = False,
) -> FinalizeResult:
    """Build the final DOCX and PDF/A, write the manifest and journal the event (pejabat only).

    The plan as approved now is finalised once: when it already was, :class:`AlreadyFinal` is
    raised unless ``supersede`` says that the new documents replace those (journalled as such).
    A region kept in a database is built from its checkout, under its write lock; the final
    documents and the manifest are then kept in the store (``final/``) with the journal's entry.
    """
    from masterplan.answers.export import merged_answers_json
    from masterplan.building import build_outputs
    from masterplan.checks.check import load_plan
    from masterplan.store.checkout import checkout

    store = as_store(workspace)
    who = actor(store, as_name, workflow=True)
    who.allow("finalize")
    assert who.person is not None
    with store.exclusive():
        state = load_state(store)
        record_outside_changes(store, state)
        root = checkout(store)  # a folder as it is now: the store's own, or a database region's checkout
        require_ready(root, state)
        previous = finalized_now(root, state)
        if previous is not None and not supersede:
            raise AlreadyFinal(
                f"Rencana Induk yang disetujui ini sudah difinalisasi oleh {previous.name} ({previous.time}, "
                f"jurnal #{previous.seq}); berkas finalnya tetap berlaku. Untuk menyusun ulang dan "
                "menggantikannya, nyatakan penggantian (--supersede; di web: «Gantikan dokumen final "
                "sebelumnya»)."
            )
        target = Path(outdir) if outdir is not None else root / FINAL_DIR
        seq, head = state.journal.head
        anchor = f"#{seq} {head}"
        built = build_outputs(root, "all", "final", target, build_date, libreoffice, journal=anchor)
        plan = load_plan(root).plan
        assert plan is not None
        outputs = {path.name: sha256(path.read_bytes()) for path in built.files}
        approvals = _approvals(state)
        manifest: dict[str, Any] = {
            "masterplan": __version__,
            "region": plan.region.slug,
            "finalized_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "finalized_by": {"id": who.person.id, "name": who.person.name, "nip": who.person.nip},
            "files": [
                {"name": p.name, "sha256": outputs[p.name], "bytes": p.stat().st_size} for p in built.files
            ],
            "answers_sha256": sha256(merged_answers_json(plan)),
            "approvals": approvals,
            "journal": {"entry": seq, "hash": head},
        }
        slug = built.files[0].name.split(".")[0]
        path = target / f"{slug}{MANIFEST_SUFFIX}"
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        atomic_write_text(path, text)
        if not isinstance(store, FileStore):  # kept where the region is kept, wherever else written
            for made in [*built.files, path]:
                store.write(f"{FINAL_DIR}/{made.name}", made.read_bytes())
        entry = append(
            store,
            who.person,
            "finalize",
            {
                "outputs": outputs,
                "manifest": {path.name: sha256(text.encode("utf-8"))},
                "answers_sha256": manifest["answers_sha256"],
                "approvals": approvals,
                "masterplan": __version__,
                **({"supersedes": previous.seq} if previous is not None else {}),
            },
        )
        return FinalizeResult([*built.files, path], path, entry, built.warnings)
