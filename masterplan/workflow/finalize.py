"""Finalisation and verification: the final documents are the ones that were approved, provably.

:func:`readiness` lists everything that stands between a workspace and its
final documents. :func:`finalize` builds them, writes a manifest (SHA-256 of
every output and of the merged answers, the approvals, the tool's version,
the journal's head) and journals the event. :func:`verify` tells whether a file
is exactly one of those outputs, or a finalised PDF that was signed since
(signatures are incremental updates, so the finalised bytes stay a prefix).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from masterplan import __version__
from masterplan.definitions import STAGES
from masterplan.errors import UsageError, WorkflowError
from masterplan.fileio import atomic_write_text
from masterplan.problems import Problem, Where
from masterplan.workflow.actor import actor
from masterplan.workflow.edits import answer_files, record_outside_changes
from masterplan.workflow.journal import Entry, append, read_journal, sha256
from masterplan.workflow.lock import workspace_lock
from masterplan.workflow.state import ROMAN, STATE_LABELS, WorkflowState, fold, load_state

MANIFEST_SUFFIX = ".final.json"


def approved_stage_changes(root: Path, state: WorkflowState) -> list[Problem]:
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


def readiness(root: Path, state: WorkflowState | None = None) -> list[str]:
    """Why the workspace cannot be finalised yet (empty when it can), in Indonesian."""
    from masterplan.api import load_plan

    root = Path(root)
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


@dataclass
class FinalizeResult:
    """What finalisation wrote and recorded."""

    files: list[Path]
    manifest: Path
    entry: Entry
    warnings: list[str] = field(default_factory=list)


def finalize(
    root: Path,
    as_name: str | None,
    outdir: Path | None = None,
    build_date: dt.date | None = None,
    libreoffice: bool = True,
) -> FinalizeResult:
    """Build the final DOCX and PDF/A, write the manifest and journal the event (pejabat only)."""
    from masterplan.api import build_outputs, load_plan
    from masterplan.export import merged_answers_json

    root = Path(root)
    who = actor(root, as_name, workflow=True)
    who.allow("finalize")
    assert who.person is not None
    with workspace_lock(root):
        state = load_state(root)
        record_outside_changes(root, state)
        reasons = readiness(root, state)
        if reasons:
            listing = "\n".join(f"- {r}" for r in reasons)
            raise WorkflowError(f"finalisasi ditolak; yang masih harus diselesaikan:\n{listing}")
        target = Path(outdir) if outdir is not None else root / "final"
        built = build_outputs(root, "all", "final", target, build_date, libreoffice)
        plan = load_plan(root).plan
        assert plan is not None
        seq, head = state.journal.head
        outputs = {path.name: sha256(path.read_bytes()) for path in built.files}
        approvals = [
            {"stage": s, "by": e.who, "name": e.name, "time": e.time, "entry": e.seq}
            for s in STAGES
            if (e := state.stages[s].approval) is not None
        ]
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
        entry = append(
            root,
            who.person,
            "finalize",
            {
                "outputs": outputs,
                "manifest": {path.name: sha256(text.encode("utf-8"))},
                "answers_sha256": manifest["answers_sha256"],
                "approvals": approvals,
                "masterplan": __version__,
            },
        )
        return FinalizeResult([*built.files, path], path, entry, built.warnings)


# --- verification ------------------------------------------------------------------------


@dataclass
class Verdict:
    """The answer of :func:`verify`: ``ok`` and the reasons, in Indonesian."""

    ok: bool
    lines: list[str]


def verify(file: Path, root: Path) -> Verdict:
    """Whether ``file`` is exactly the latest finalised output of ``root`` (or its signed form).

    A file of an earlier finalisation, superseded since, is named as such and not accepted.
    """
    file, root = Path(file), Path(root)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise UsageError(f"{file} tidak dapat dibaca: {error.strerror}") from error
    journal = read_journal(root)
    if not journal.entries:
        raise UsageError(f"{root} belum memiliki jurnal: belum pernah ada finalisasi di workspace ini")
    state = fold(journal)
    lines = [f"jurnal rusak: {p}" for p in journal.problems]
    digest = sha256(data)
    for entry in reversed(state.finalizations):
        for name, recorded in entry.data.get("outputs", {}).items():
            if recorded == digest:
                lines.insert(0, _matched(entry, name, state))
                return Verdict(_latest(entry, state) and not journal.problems, lines)
    if data.startswith(b"%PDF"):
        signed = _signed_prefix(data, state)
        if signed is not None:
            entry, name, size = signed
            ok, details = _check_signatures(data, size)
            lines = [
                f"{_matched(entry, name, state)}; sesudahnya ditambahkan {len(data) - size} bita "
                "(tanda tangan elektronik)",
                *details,
                *lines,
            ]
            return Verdict(ok and _latest(entry, state) and not journal.problems, lines)
    lines.insert(
        0,
        f"{file.name} BUKAN keluaran final workspace ini: isinya tidak cocok dengan "
        f"{len(state.finalizations)} finalisasi yang tercatat (berkas diubah, atau dari workspace lain)",
    )
    return Verdict(False, lines)


def _latest(entry: Entry, state: WorkflowState) -> bool:
    return state.finalizations[-1].seq == entry.seq


def _matched(entry: Entry, name: str, state: WorkflowState) -> str:
    text = f"{name}: cocok dengan finalisasi #{entry.seq} oleh {entry.name} pada {entry.time}"
    if not _latest(entry, state):
        latest = state.finalizations[-1]
        text += (
            f", tetapi finalisasi itu SUDAH DIGANTIKAN oleh finalisasi #{latest.seq} pada {latest.time}; "
            "berkas ini bukan dokumen yang berlaku"
        )
    return text


def _signed_prefix(data: bytes, state: WorkflowState) -> tuple[Entry, str, int] | None:
    """The finalised PDF that ``data`` starts with, if any."""
    wanted = {
        d: (e, n)
        for e in state.finalizations
        for n, d in e.data.get("outputs", {}).items()
        if n.endswith(".pdf")
    }
    # An incremental update appends after the finalised file's "%%EOF"; try every end of file marker.
    position = data.find(b"%%EOF")
    while position >= 0:
        end = position + 5
        for cut in (end, end + 1, end + 2):
            found = wanted.get(sha256(data[:cut]))
            if found:
                return found[0], found[1], cut
        position = data.find(b"%%EOF", end)
    return None


def _check_signatures(data: bytes, size: int) -> tuple[bool, list[str]]:
    """After the finalised ``size`` bytes: only signatures, each intact, nothing changed around them.

    pyHanko's diff policy compares every later revision with the finalised one, so content
    slipped in before (or together with) a signature is caught, not signed over.
    """
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel, SuspiciousModification
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    quiet = [logging.getLogger(name) for name in ("pyhanko", "pyhanko_certvalidator")]
    levels = [logger.level for logger in quiet]
    for logger in quiet:  # an untrusted certificate is logged with a traceback; trust is not ours to judge
        logger.setLevel(logging.CRITICAL)
    try:
        finalised = PdfFileReader(io.BytesIO(data[:size]), strict=False).xrefs.total_revisions
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
        context = ValidationContext(trust_roots=[], allow_fetching=False)
        statuses = [(s.field_name, validate_pdf_signature(s, context)) for s in signatures]
        changes = DEFAULT_DIFF_POLICY.review_file(reader, base_revision=finalised - 1)
    except (PdfError, SignatureValidationError, ValueError, KeyError) as error:
        return False, [f"bagian setelah keluaran final tidak dapat dibaca sebagai tanda tangan PDF: {error}"]
    finally:
        for logger, saved in zip(quiet, levels, strict=True):
            logger.setLevel(saved)
    if not statuses:
        return False, ["berkas lebih panjang dari keluaran final, tetapi tanpa tanda tangan: telah diubah"]
    lines, ok = [], True
    for name, status in statuses:
        if status.intact:
            lines.append(f"tanda tangan {name}: utuh; keabsahan sertifikat diperiksa oleh layanan TTE")
        else:
            ok = False
            lines.append(f"tanda tangan {name}: TIDAK utuh (isi berubah setelah ditandatangani)")
    if (
        isinstance(changes, SuspiciousModification)
        or changes.modification_level > ModificationLevel.FORM_FILLING
    ):
        ok = False
        lines.append("isi dokumen diubah setelah finalisasi (bukan sekadar pengisian tanda tangan)")
    last = statuses[-1][1]
    if last.coverage is None or last.coverage.name != "ENTIRE_FILE":
        ok = False
        lines.append("ada perubahan setelah tanda tangan terakhir")
    return ok, lines
