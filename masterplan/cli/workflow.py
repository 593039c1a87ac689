"""The workflow commands: ``stage``, ``note``, ``answer``, ``log``, ``diff``, ``finalize``, ``verify``.

Each takes ``--as NAME`` (or ``MASTERPLAN_AS``, or ``as:`` in
``~/.config/masterplan/config.yaml``) and calls one function of
:mod:`masterplan.workflow`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from masterplan.answers.definitions import load_definitions
from masterplan.cli.common import WORKSPACE, clean_errors, in_store
from masterplan.store.base import WorkspaceStore
from masterplan.store.files import as_store
from masterplan.workflow import actions, diff, edits, present
from masterplan.workflow import finalize as finalizing
from masterplan.workflow import verify as verifying
from masterplan.workflow.actor import readable
from masterplan.workflow.approvals import approved_stage_changes
from masterplan.workflow.journal import check_objects
from masterplan.workflow.keys import forget_head
from masterplan.workflow.state import load_state

AS = click.option(
    "--as", "as_name", metavar="NAMA", help="Siapa yang bertindak (id atau nama di people.yaml)."
)
STAGE = click.argument("stage", type=click.IntRange(1, 4))


def _done(outcome: actions.Outcome, directory: Path | WorkspaceStore | None = None) -> None:
    for warning in outcome.warnings:
        click.echo(f"peringatan: {warning}", err=True)
    click.echo(f"{outcome.message} (jurnal #{outcome.entry.seq})")
    if directory is not None:
        _notify(directory, outcome.entry.seq)


def _notify(directory: Path | WorkspaceStore, seq: int) -> None:
    """E-mail who should know (a workspace with ``surel.yaml``); a failure is a warning, never an error."""
    import smtplib

    from masterplan.errors import MasterplanError
    from masterplan.workflow.notify import notify

    try:
        sent = notify(directory, seq)
    except (OSError, smtplib.SMTPException, MasterplanError) as error:
        click.echo(f"peringatan: surel pemberitahuan tidak terkirim: {error}", err=True)
        return
    if sent:
        click.echo(f"{sent} surel pemberitahuan terkirim")


@click.group()
def stage() -> None:
    """Status tahap Bimtek: ajukan, setujui, minta perbaikan, buka kembali."""


@stage.command("show")
@WORKSPACE
@clean_errors
@in_store
def stage_show(directory: Path | WorkspaceStore) -> None:
    """Tampilkan status keempat tahap."""
    readable(directory)  # a workspace, with a readable people list if any
    click.echo(present.stage_table(load_state(directory)))


def _stage_command(name: str, action: str, doc: str, reason: bool = False) -> click.Command:
    @click.argument("stage_number", type=click.IntRange(1, 4), metavar="N")
    @WORKSPACE
    @AS
    @clean_errors
    @in_store
    def command(
        stage_number: int, directory: Path | WorkspaceStore, as_name: str | None, **extra: Any
    ) -> None:
        _done(actions.stage_action(directory, stage_number, action, as_name, extra.get("reason")), directory)

    command.__doc__ = doc
    if reason:
        command = click.option("--reason", required=True, help="Alasan (dicatat di jurnal).")(command)
    return stage.command(name)(command)


_stage_command("submit", "stage.submit", "Ajukan tahap N untuk direviu (koordinator).")
_stage_command("withdraw", "stage.withdraw", "Tarik kembali pengajuan tahap N (koordinator).")
_stage_command("approve", "stage.approve", "Setujui tahap N; jawabannya terkunci (pendamping).")
_stage_command(
    "request-changes",
    "stage.request_changes",
    "Minta perbaikan tahap N; alasannya menjadi catatan reviu (pendamping).",
    reason=True,
)
_stage_command(
    "reopen", "stage.reopen", "Buka kembali tahap N yang telah disetujui (pendamping).", reason=True
)


@click.group()
def note() -> None:
    """Catatan reviu pendamping: tambah, daftar, balas, selesaikan."""


@note.command("add")
@STAGE
@click.argument("text")
@WORKSPACE
@click.option("--section", help="Id bagian kuesioner.")
@click.option("--question", help="Id pertanyaan.")
@click.option("--program", help="Kode program (satu baris tabel), mis. SG-03.")
@AS
@clean_errors
@in_store
def note_add(
    stage: int,
    text: str,
    directory: Path | WorkspaceStore,
    section: str | None,
    question: str | None,
    program: str | None,
    as_name: str | None,
) -> None:
    """Tulis catatan pada tahap, bagian, pertanyaan atau program (pendamping)."""
    targets = {"section": section, "question": question, "program": program}
    _done(actions.add_note(directory, stage, text, as_name, **targets), directory)


@note.command("list")
@WORKSPACE
@click.option("--stage", "stage_number", type=click.IntRange(1, 4), help="Hanya tahap ini.")
@click.option("--all", "show_all", is_flag=True, help="Termasuk catatan yang sudah selesai.")
@clean_errors
@in_store
def note_list(directory: Path | WorkspaceStore, stage_number: int | None, show_all: bool) -> None:
    """Daftar catatan reviu (bawaan: yang masih terbuka)."""
    readable(directory)
    state = load_state(directory)
    notes = [
        n
        for n in state.notes.values()
        if (show_all or n.status == "open") and stage_number in (None, n.stage)
    ]
    click.echo(present.note_lines(notes, load_definitions()))


@note.command("reply")
@click.argument("note_id", metavar="ID")
@click.argument("text")
@WORKSPACE
@AS
@clean_errors
@in_store
def note_reply(note_id: str, text: str, directory: Path | WorkspaceStore, as_name: str | None) -> None:
    """Balas catatan reviu."""
    _done(actions.reply_note(directory, note_id, text, as_name), directory)


@note.command("resolve")
@click.argument("note_id", metavar="ID")
@WORKSPACE
@click.option("--comment", help="Keterangan penutup.")
@AS
@clean_errors
@in_store
def note_resolve(
    note_id: str, directory: Path | WorkspaceStore, comment: str | None, as_name: str | None
) -> None:
    """Tandai catatan reviu selesai (pendamping)."""
    _done(actions.resolve_note(directory, note_id, as_name, comment))


@click.group()
def answer() -> None:
    """Ubah jawaban melalui masterplan (terkunci, dicatat di jurnal)."""


@answer.command("set")
@STAGE
@click.argument("contributor")
@click.argument("question")
@click.argument("value")
@WORKSPACE
@click.option("--row", help="Kode baris tabel (kolom kunci), mis. SG-03.")
@click.option("--column", help="Id kolom tabel.")
@AS
@clean_errors
@in_store
def answer_set(
    stage: int,
    contributor: str,
    question: str,
    value: str,
    directory: Path | WorkspaceStore,
    row: str | None,
    column: str | None,
    as_name: str | None,
) -> None:
    """Isi satu jawaban (atau satu sel baris tabel) di berkas CONTRIBUTOR tahap STAGE."""
    result = edits.set_answer(
        directory, stage, contributor, question, value, person=as_name, row=row, column=column
    )
    if result.entry is None:
        click.echo(f"{result.path}: tidak ada perubahan")
    else:
        click.echo(f"disimpan: {result.path} (jurnal #{result.entry.seq})")


@click.command()
@WORKSPACE
@click.option(
    "--verify", "check_chain", is_flag=True,
    help="Periksa rantai hash, autentikasi dan isi tersimpan jurnal; keluar 1 bila rusak.",
)
@click.option(
    "--accept-restore", is_flag=True,
    help="Workspace sengaja dipulihkan dari cadangan: lupakan kepala jurnal yang diingat instalasi ini.",
)
@click.option("--limit", type=click.IntRange(min=1), help="Hanya entri terakhir sebanyak ini.")
@clean_errors
@in_store
def log(directory: Path | WorkspaceStore, check_chain: bool, accept_restore: bool, limit: int | None) -> None:
    """Riwayat setiap perubahan: siapa, kapan, apa."""
    readable(directory)
    if accept_restore and forget_head(as_store(directory).identity):
        click.echo("kepala jurnal yang diingat instalasi ini dilupakan; jurnal ini diterima apa adanya")
    state = load_state(directory)
    entries = state.journal.entries[-limit:] if limit else state.journal.entries
    for entry in entries:
        click.echo(present.entry_line(entry))
    if not check_chain:
        return
    problems = (
        state.journal.problems
        + check_objects(directory, state.journal.entries)
        + [p.render("id") for p in approved_stage_changes(directory, state)]
    )
    if state.journal.torn_tail:
        click.echo("catatan: baris terakhir jurnal terpotong (penulisan terhenti); diabaikan", err=True)
    if problems:
        for problem in problems:
            click.echo(f"RUSAK: {problem}", err=True)
        sys.exit(1)
    seq, head = state.journal.head
    click.echo(f"jurnal utuh: {seq} entri, hash terakhir {head[:16]}…")
    for line in present.authentication_lines(state.journal):
        click.echo(line)


@click.command("diff")
@WORKSPACE
@click.option(
    "--since", help="Nomor entri jurnal atau tanggal TTTT-BB-HH (bawaan: reviu terakhir tiap tahap)."
)
@click.option("--stage", "stage_number", type=click.IntRange(1, 4), help="Hanya tahap ini.")
@clean_errors
@in_store
def diff_command(directory: Path | WorkspaceStore, since: str | None, stage_number: int | None) -> None:
    """Perubahan jawaban sejak reviu terakhir (atau sejak titik tertentu)."""
    found, points = diff.changes(directory, since, stage_number)
    if not points:
        click.echo("belum ada reviu yang menjadi pembanding; sebutkan --since")
        return
    for point in points:
        click.echo(f"dibandingkan dengan {point}")
    if not found:
        click.echo("tidak ada perubahan")
    for change in found:
        before = change.before if change.before is not None else "(baru)"
        after = change.after if change.after is not None else "(dihapus)"
        click.echo(f"Bimtek {present.ROMAN[change.stage]}: {change.where}: {before} → {after}")


@click.command()
@WORKSPACE
@AS
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder keluaran (bawaan: DIRECTORY/final).",
)
@click.option("--date", "build_date", type=click.DateTime(["%Y-%m-%d"]), help="Tanggal dokumen TTTT-BB-HH.")
@click.option("--libreoffice/--no-libreoffice", default=True, show_default=True)
@click.option(
    "--supersede",
    is_flag=True,
    help="Susun ulang walau rencana yang disetujui ini sudah difinalisasi; berkas baru menggantikannya.",
)
@clean_errors
@in_store
def finalize(
    directory: Path | WorkspaceStore, as_name: str | None, outdir: Path | None, build_date: Any,
    libreoffice: bool, supersede: bool,
) -> None:
    """Susun dokumen final DOCX dan PDF/A dengan manifes (pejabat)."""
    day = build_date.date() if build_date else None
    result = finalizing.finalize(directory, as_name, outdir, day, libreoffice, supersede)
    for warning in result.warnings:
        click.echo(f"peringatan: {warning}", err=True)
    for path in result.files:
        click.echo(f"ditulis: {path}")
    click.echo(f"finalisasi dicatat di jurnal #{result.entry.seq}")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@WORKSPACE
@clean_errors
@in_store
def verify(file: Path, directory: Path | WorkspaceStore) -> None:
    """Apakah FILE persis dokumen final workspace ini? Keluar 0 bila ya, 1 bila tidak."""
    from masterplan.store.checkout import checkout

    folder = directory if isinstance(directory, Path) else checkout(directory)
    verdict = verifying.verify(file, folder)
    for line in verdict.lines:
        click.echo(line)
    sys.exit(0 if verdict.ok else 1)


@click.command()
@WORKSPACE
@click.option("--dry-run", is_flag=True, help="Hanya tampilkan apa yang akan diubah.")
@AS
@clean_errors
def upgrade(directory: Path, dry_run: bool, as_name: str | None) -> None:
    """Tingkatkan workspace berformat lama ke format terkini dan sebutkan perubahannya."""
    from masterplan import api

    result = api.upgrade(directory, person=as_name, dry_run=dry_run)
    if result.before == result.after:
        click.echo(f"workspace sudah berformat terkini ({result.after}); tidak ada yang diubah")
        return
    verb = "akan diubah" if dry_run else "diubah"
    click.echo(f"format workspace {result.before} -> {result.after}; {verb}:")
    for change in result.changes:
        click.echo(f"- {change}")


COMMANDS = [stage, note, answer, log, diff_command, finalize, verify, upgrade]
