"""The workflow end to end on a copy of the example, and each refusal it promises."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import answers, copy_root
from signing_utils import self_signed, sign_field

from masterplan import api
from masterplan.cli import main
from masterplan.errors import StaleEdit, UsageError, WorkflowError
from masterplan.workflow import actions, diff, edits, finalize
from masterplan.workflow import verify as verifying
from masterplan.workflow.journal import HEAD_FILE, JOURNAL_FILE, read_journal
from masterplan.workflow.state import load_state

DAY = dt.date(2026, 12, 10)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def submit_approve(root: Path, *stages: int) -> None:
    for stage in stages:
        actions.stage_action(root, stage, "stage.submit", "retno")
        actions.stage_action(root, stage, "stage.approve", "sari")


@pytest.fixture(scope="module")
def finalized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The scripted run of the issue, through the CLI, once for the module."""
    root = copy_root("example", tmp_path_factory.mktemp("run"))
    ws = str(root)
    steps = [
        ("stage", "submit", "1", ws, "--as", "retno"),
        ("stage", "approve", "1", ws, "--as", "sari"),
        ("stage", "submit", "2", ws, "--as", "retno"),
        ("note", "add", "2", "Pagu SG-01 terlalu besar untuk tahap awal; pecah per tahun.", ws,
         "--program", "SG-01", "--as", "sari"),
        ("stage", "request-changes", "2", ws, "--reason", "Tinjau kembali pagu program SG-01.", "--as", "sari"),
        ("answer", "set", "2", "diskominfo", "programs", "6500000000", ws, "--row", "SG-01",
         "--column", "budget", "--as", "agus"),
        ("note", "reply", "C1", "Pagu telah diturunkan menjadi Rp 6,5 miliar.", ws, "--as", "agus"),
        ("stage", "submit", "2", ws, "--as", "retno"),
        ("stage", "approve", "2", ws, "--as", "sari"),
        ("stage", "submit", "3", ws, "--as", "retno"),
        ("stage", "approve", "3", ws, "--as", "fajar"),
        ("stage", "submit", "4", ws, "--as", "retno"),
        ("stage", "approve", "4", ws, "--as", "fajar"),
    ]
    outputs = []
    for step in steps:
        code, output = run(*step)
        assert code == 0, (step, output)
        outputs.append(output)
    refused_finalize = run("finalize", ws, "--as", "bambang", "--no-libreoffice")
    diff_output = run("diff", ws, "--since", "1")
    for note in ("C1", "C2"):
        code, output = run("note", "resolve", note, ws, "--as", "sari")
        assert code == 0, output
    code, output = run("finalize", ws, "--as", "bambang", "--date", "2026-12-10", "--no-libreoffice")
    assert code == 0, output
    return {"root": root, "outputs": outputs, "refused": refused_finalize, "diff": diff_output,
            "finalize": output}


def test_the_scripted_run_records_every_step(finalized: dict[str, object]):
    root = finalized["root"]
    assert isinstance(root, Path)
    state = load_state(root)
    assert state.journal.intact
    assert {s.state for s in state.stages.values()} == {"approved"}
    actions_taken = [e.action for e in state.journal.entries]
    assert actions_taken[0] == "answers.sync"  # the starting point: every file as it was
    assert "stage.request_changes" in actions_taken and "stage.rework" in actions_taken
    assert actions_taken[-1] == "finalize"
    (edit,) = [e for e in state.journal.entries if e.action == "answers.save"]
    assert edit.who == "agus" and edit.data["files"] == {
        "answers/bimtek-2/diskominfo.yaml": edits.file_sha(answers(root, 2, "diskominfo"))
    }
    note = state.notes["C1"]
    assert note.target == "row:SG-01" and note.status == "resolved"
    assert [r.name for r in note.replies] == ["Agus Priyanto, S.Kom., M.Kom."]
    assert state.notes["C2"].target == "stage"  # the reason for requesting changes


def test_comments_of_the_edited_file_are_kept(finalized: dict[str, object]):
    root = finalized["root"]
    assert isinstance(root, Path)
    text = answers(root, 2, "diskominfo").read_text(encoding="utf-8")
    assert text.startswith("# Jawaban Bimtek II")
    assert "budget: 6500000000" in text


def test_finalize_is_refused_while_notes_are_open(finalized: dict[str, object]):
    code, output = finalized["refused"]  # type: ignore[misc]
    assert code == 1
    assert "catatan reviu C1" in output and "masih terbuka" in output


def test_diff_names_the_programme_and_the_amounts(finalized: dict[str, object]):
    code, output = finalized["diff"]  # type: ignore[misc]
    assert code == 0, output
    assert "Bimtek II: Daftar program, SG-01, Pagu indikatif (Rupiah): Rp 8.500.000.000 → Rp 6.500.000.000" in output


def test_manifest_holds_outputs_answers_approvals_and_journal(finalized: dict[str, object]):
    root = finalized["root"]
    assert isinstance(root, Path)
    (manifest_path,) = (root / "final").glob("*.final.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    names = {f["name"] for f in manifest["files"]}
    assert names == {"kabupaten-sukamaju-rencana-induk.docx", "kabupaten-sukamaju-rencana-induk.pdf",
                     "kabupaten-sukamaju-rencana-induk.ttd.json"}
    for item in manifest["files"]:
        assert item["sha256"] == edits.sha256((root / "final" / item["name"]).read_bytes())
    assert [a["stage"] for a in manifest["approvals"]] == [1, 2, 3, 4]
    assert manifest["approvals"][2]["by"] == "fajar"
    assert manifest["finalized_by"]["id"] == "bambang"
    plan = api.load_plan(root).plan
    from masterplan.answers.export import merged_answers_json

    assert plan is not None and manifest["answers_sha256"] == edits.sha256(merged_answers_json(plan))


def test_verify_accepts_the_outputs_and_a_signed_pdf(finalized: dict[str, object], tmp_path: Path):
    root = finalized["root"]
    assert isinstance(root, Path)
    for path in (root / "final").glob("kabupaten-sukamaju-rencana-induk.*"):
        if path.suffix in (".pdf", ".docx"):
            code, output = run("verify", str(path), str(root))
            assert code == 0, output
            assert "cocok dengan finalisasi" in output
    pdf = root / "final" / "kabupaten-sukamaju-rencana-induk.pdf"
    ttd = json.loads((root / "final" / "kabupaten-sukamaju-rencana-induk.ttd.json").read_text(encoding="utf-8"))
    field = ttd["signatories"][0]["field"]
    cert, key = self_signed()
    signed = tmp_path / "ditandatangani.pdf"
    signed.write_bytes(sign_field(pdf.read_bytes(), field, cert, key))
    code, output = run("verify", str(signed), str(root))
    assert code == 0, output
    assert "utuh" in output and field in output
    second = ttd["signatories"][1]["field"]
    twice = tmp_path / "dua-tanda-tangan.pdf"
    twice.write_bytes(sign_field(signed.read_bytes(), second, *self_signed("Penanda Tangan Kedua")))
    code, output = run("verify", str(twice), str(root))
    assert code == 0 and second in output, output


def test_verify_detects_a_changed_pdf_and_a_changed_signed_pdf(finalized: dict[str, object], tmp_path: Path):
    root = finalized["root"]
    assert isinstance(root, Path)
    pdf = (root / "final" / "kabupaten-sukamaju-rencana-induk.pdf").read_bytes()
    changed = tmp_path / "diubah.pdf"
    at = pdf.index(b"Sukamaju")
    changed.write_bytes(pdf[:at] + b"Sukamaja" + pdf[at + 8:])
    code, output = run("verify", str(changed), str(root))
    assert code == 1 and "BUKAN keluaran final" in output
    ttd = json.loads((root / "final" / "kabupaten-sukamaju-rencana-induk.ttd.json").read_text(encoding="utf-8"))
    cert, key = self_signed()
    signed = sign_field(pdf, ttd["signatories"][0]["field"], cert, key)
    appended = tmp_path / "ttd-ditambah.pdf"
    appended.write_bytes(signed + b"\n% ditambahkan setelah ditandatangani\n")
    code, output = run("verify", str(appended), str(root))
    assert code == 1 and "setelah tanda tangan terakhir" in output, output
    cut = tmp_path / "ttd-terpotong.pdf"
    cut.write_bytes(signed[:-300])
    code, output = run("verify", str(cut), str(root))
    assert code == 1 and "Traceback" not in output, output


def test_tampering_with_the_journal_is_detected(finalized: dict[str, object], tmp_path: Path):
    root = copy_tree(finalized["root"], tmp_path / "ws")
    journal = root / JOURNAL_FILE
    lines = journal.read_bytes().splitlines(keepends=True)
    edited = lines[3].replace(b'"retno"', b'"agus"') if b'"retno"' in lines[3] else lines[3].replace(b"a", b"b", 1)
    journal.write_bytes(b"".join([*lines[:3], edited, *lines[4:]]))
    code, output = run("log", str(root), "--verify")
    assert code == 1 and "RUSAK" in output
    pdf = root / "final" / "kabupaten-sukamaju-rencana-induk.pdf"
    code, output = run("verify", str(pdf), str(root))
    assert code == 1 and "jurnal rusak" in output
    journal.write_bytes(b"".join([*lines[:5], *lines[6:]]))  # an entry removed
    assert "tidak menyambung" in " ".join(read_journal(root).problems)
    journal.write_bytes(b"".join(lines[:-1]))  # the finalisation removed from the end
    assert "telah dihapus" in " ".join(read_journal(root).problems)


def copy_tree(source: object, target: Path) -> Path:
    import shutil

    assert isinstance(source, Path)
    shutil.copytree(source, target)
    return target


# --- refusals ------------------------------------------------------------------------------


def test_an_approved_stage_refuses_edits_and_reports_hand_edits(example: Path):
    submit_approve(example, 1)
    with pytest.raises(WorkflowError, match="terkunci karena tahap ini disetujui"):
        edits.set_answer(example, 1, "koordinator", "sc_vision", "Visi baru", person="retno")
    path = answers(example, 1)
    original = path.read_bytes()
    path.write_bytes(original + b"\n# disunting tangan\n")
    problems = [p for p in api.check(example).report.errors if p.rule == "approved-stage-changed"]
    assert [p.where.file for p in problems] == ["answers/bimtek-1/koordinator.yaml"]
    assert "terkunci" in problems[0].message()
    path.write_bytes(original)
    assert not [p for p in api.check(example).report.errors if p.rule == "approved-stage-changed"]
    with pytest.raises(UsageError, match="alasan"):
        actions.stage_action(example, 1, "stage.reopen", "sari", reason=" ")
    actions.stage_action(example, 1, "stage.reopen", "sari", reason="Visi daerah berubah setelah RPJMD diubah.")
    edits.set_answer(example, 1, "koordinator", "sc_vision", "Visi baru", person="retno")


@pytest.mark.parametrize(
    ("person", "action", "message"),
    [
        ("agus", "stage.submit", "yang boleh: koordinator"),
        ("retno", "stage.approve", "yang boleh: pendamping"),
        ("bambang", "stage.request_changes", "yang boleh: pendamping"),
        ("sari", "stage.reopen", "hanya dapat dilakukan bila tahap disetujui"),
        ("sari", "stage.approve", "hanya dapat dilakukan bila tahap diajukan"),
    ],
)
def test_stage_actions_refused(example: Path, person: str, action: str, message: str):
    with pytest.raises(WorkflowError, match=message):
        actions.stage_action(example, 2, action, person, reason="alasan")
    assert load_state(example).stages[2].state == "draft"


def test_who_may_write_what(example: Path):
    with pytest.raises(WorkflowError, match="hanya boleh mengubah jawaban disdukcapil, bukan diskominfo"):
        edits.set_answer(example, 2, "diskominfo", "programs", "1", person="sugeng", row="SG-01", column="budget")
    with pytest.raises(WorkflowError, match="tidak boleh mengubah jawaban"):
        edits.set_answer(example, 1, "koordinator", "sc_vision", "x", person="sari")
    with pytest.raises(WorkflowError, match="tidak boleh menulis catatan"):
        actions.add_note(example, 2, "catatan", "retno")
    with pytest.raises(UsageError, match="tidak terdaftar"):
        actions.add_note(example, 2, "catatan", "siapa")
    with pytest.raises(WorkflowError, match="tidak boleh memfinalisasi"):
        finalize.finalize(example, "sari")
    code, output = run("stage", "approve", "2", str(example), "--as", "agus")
    assert code == 1 and "masterplan:" in output and "Traceback" not in output


def test_notes_name_what_exists(example: Path):
    with pytest.raises(UsageError, match="tidak ada program XX-99"):
        actions.add_note(example, 2, "catatan", "sari", program="XX-99")
    with pytest.raises(UsageError, match="tidak punya pertanyaan"):
        actions.add_note(example, 2, "catatan", "sari", question="nope")
    with pytest.raises(UsageError, match="karakter kendali"):
        actions.add_note(example, 2, "catatan\x07", "sari")
    outcome = actions.add_note(example, 1, "Lengkapi data IKM.", "sari", question="sc_vision")
    assert outcome.entry.data["target"] == "question:sc_vision"
    actions.resolve_note(example, "c1", "sari")
    with pytest.raises(WorkflowError, match="sudah diselesaikan"):
        actions.reply_note(example, "C1", "terlambat", "agus")


def test_final_build_of_a_workflow_workspace_waits_for_approval(example: Path, tmp_path: Path):
    with pytest.raises(WorkflowError, match="belum disetujui"):
        api.build(example, "docx", "final", tmp_path, DAY, libreoffice=False)


def test_a_workspace_without_people_refuses_workflow_actions_but_records_edits(minimal: Path):
    with pytest.raises(UsageError, match=r"people\.yaml"):
        actions.stage_action(minimal, 1, "stage.submit", "x")
    result = edits.set_answer(minimal, 1, "koordinator", "sc_vision", "Visi yang diubah", person="operator")
    assert result.changed and result.entry is not None and result.entry.who == "operator"


# --- history ---------------------------------------------------------------------------------


def test_diff_shows_rows_added_and_removed(example: Path):
    actions.stage_action(example, 2, "stage.submit", "retno")
    actions.stage_action(example, 2, "stage.withdraw", "retno")
    path = answers(example, 2, "bapenda")
    text = path.read_text(encoding="utf-8")
    edits.save_answers_text(example, 2, "bapenda", text.replace("SE-0", "SE-9"), person="hartini",
                            base=edits.file_sha(path))
    found, points = diff.changes(example, stage=2)
    assert points and points[0].startswith("pengajuan Bimtek II oleh Dra. Retno Wulandari")
    added = [c for c in found if c.before is None]
    removed = [c for c in found if c.after is None]
    assert added and removed
    assert all("SE-9" in c.where for c in added)


def test_journal_line_cut_short_is_ignored_and_repaired(example: Path):
    edits.set_answer(example, 1, "koordinator", "sc_vision", "Visi satu", person="retno")
    journal = example / JOURNAL_FILE
    journal.write_bytes(journal.read_bytes() + b'{"seq": 99, "time": "20')
    read = read_journal(example)
    assert read.torn_tail and read.intact
    edits.set_answer(example, 1, "koordinator", "sc_vision", "Visi dua", person="retno")
    read = read_journal(example)
    assert not read.torn_tail and read.intact and read.entries[-1].seq == 3


def test_head_one_entry_behind_after_a_crash_is_not_tampering(example: Path):
    edits.set_answer(example, 1, "koordinator", "sc_vision", "Visi satu", person="retno")
    head = (example / HEAD_FILE).read_text()
    edits.set_answer(example, 1, "koordinator", "sc_vision", "Visi dua", person="retno")
    (example / HEAD_FILE).write_text(head)  # as if the process died before updating the head
    assert read_journal(example).intact


def test_stale_edit_is_refused_and_the_newer_file_kept(example: Path):
    path = answers(example, 1)
    base = edits.file_sha(path)
    text = path.read_text(encoding="utf-8")
    edits.save_answers_text(example, 1, "koordinator", text + "\n# versi Retno\n", person="retno", base=base)
    with pytest.raises(StaleEdit, match=r"Dra\. Retno Wulandari"):
        edits.save_answers_text(example, 1, "koordinator", text + "\n# versi lain\n", person="retno", base=base)
    assert path.read_text(encoding="utf-8").endswith("# versi Retno\n")


def test_who_acts_comes_from_the_option_the_environment_or_the_config(example: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MASTERPLAN_AS", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    code, output = run("stage", "submit", "1", str(example))
    assert code == 2 and "--as" in output and "retno" in output
    (tmp_path / "config" / "masterplan").mkdir(parents=True)
    (tmp_path / "config" / "masterplan" / "config.yaml").write_text("as: retno\n")
    code, output = run("stage", "submit", "1", str(example))
    assert code == 0, output
    monkeypatch.setenv("MASTERPLAN_AS", "Dr. Sari Kusumaningrum, S.Kom., M.T.")  # the full name works too
    code, output = run("stage", "approve", "1", str(example))
    assert code == 0, output
    code, output = run("stage", "show", str(example))
    assert code == 0 and "Bimtek I   disetujui" in output and "Dr. Sari Kusumaningrum" in output


def test_note_list_shows_open_notes_with_replies(example: Path):
    actions.add_note(example, 2, "Indikator SL-03 belum terukur.", "sari", program="SL-03")
    actions.add_note(example, 1, "Sebutkan sumber data IKM.", "fajar", section="vision")
    actions.reply_note(example, "C1", "Indikator diganti cakupan rekam medis elektronik (%).", "wahyu")
    actions.resolve_note(example, "C2", "fajar")
    code, output = run("note", "list", str(example))
    assert code == 0
    assert "C1 [terbuka] Bimtek II, program SL-03 — Dr. Sari Kusumaningrum" in output
    assert "↳ dr. Wahyu Nugroho, M.P.H." in output and "C2" not in output
    code, output = run("note", "list", str(example), "--all")
    assert "C2 [selesai (fajar)] Bimtek I, bagian" in output


def test_the_example_history_holds(tmp_path: Path):
    """The shop window: Bimtek I approved, Bimtek II sent back with notes; regenerate with
    scripts/make_example_history.py after changing the example's answers."""
    root = copy_root("example", tmp_path, history=True)
    code, output = run("log", str(root), "--verify")
    assert code == 0, output
    state = load_state(root)
    assert [state.stages[n].state for n in (1, 2, 3, 4)] == ["approved", "changes_requested", "draft", "draft"]
    assert len(state.open_notes(2)) == 3
    assert not api.check(root).report.errors
    model, _ = api.document(root, "draft", DAY)
    assert [n.id for n in model.review] == ["C1", "C2", "C3"]


def test_hand_edits_of_the_people_list_and_region_profile_are_recorded(example: Path):
    actions.stage_action(example, 1, "stage.submit", "retno")
    first = read_journal(example).entries[0]
    assert {"region.yaml", "people.yaml"} <= set(first.data["files"])
    people = example / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace("role: tim, opd: dishub", "role: mentor"),
                      encoding="utf-8")
    actions.add_note(example, 1, "Periksa kembali data kesiapan.", "sari")
    sync = [e for e in read_journal(example).entries if e.action == "answers.sync"][-1]
    assert sync.who == "luar-masterplan" and list(sync.data["files"]) == ["people.yaml"]


def test_an_approval_is_tied_to_the_submission_the_mentor_reviewed(example: Path):
    first = actions.stage_action(example, 2, "stage.submit", "retno").entry.seq
    actions.stage_action(example, 2, "stage.withdraw", "retno")
    edits.set_answer(example, 2, "diskominfo", "programs", "99000000000", person="agus", row="SG-01", column="budget")
    second = actions.stage_action(example, 2, "stage.submit", "retno").entry.seq
    with pytest.raises(StaleEdit, match="diajukan ulang"):
        actions.stage_action(example, 2, "stage.approve", "sari", submission=first)
    assert load_state(example).stages[2].state == "submitted"
    actions.stage_action(example, 2, "stage.approve", "sari", submission=second)


def _append_raw(root: Path, record: dict) -> None:
    """Append an entry with a correct chain and head, as someone with write access could."""
    from masterplan.workflow.journal import canonical, sha256

    last = read_journal(root).entries[-1]
    record = {"seq": last.seq + 1, "time": "2026-11-30T10:00:00Z", "who": "x", "name": "x", "role": None,
              "prev": last.hash, **record}
    digest = sha256(canonical(record))
    with (root / JOURNAL_FILE).open("ab") as handle:
        handle.write(canonical({**record, "hash": digest}) + b"\n")
    (root / HEAD_FILE).write_text(f"{record['seq']} {digest}\n")


def test_an_entry_naming_a_file_outside_the_workspace_is_refused_not_followed(example: Path, tmp_path: Path):
    actions.stage_action(example, 2, "stage.submit", "retno")
    target = tmp_path / "pwned.txt"
    _append_raw(example, {"action": "stage.submit", "data": {
        "stage": 2, "files": {f"answers/bimtek-2/../../../{target.name}": "0" * 64}}})
    code, output = run("log", str(example), "--verify")
    assert code == 1 and "daftar berkas tidak sah" in output
    run("diff", str(example))
    assert not target.exists() and not (example.parent / target.name).exists()


@pytest.mark.parametrize(("data", "shape"), [
    ({"stage": "dua"}, "tahap tidak sah"),
    ({"stage": 9}, "tahap tidak sah"),
    ({"stage": 2, "files": "x"}, "daftar berkas tidak sah"),
    ({}, "tahap tidak disebut"),
])
def test_a_malformed_entry_is_a_reported_problem_not_a_traceback(example: Path, data: dict, shape: str):
    actions.stage_action(example, 2, "stage.submit", "retno")
    _append_raw(example, {"action": "stage.submit", "data": data})
    seq = read_journal(example).entries[-1].seq + 1
    code, output = run("log", str(example), "--verify")
    assert code == 1 and f"RUSAK: {JOURNAL_FILE} baris {seq}: {shape} (berkas diubah di luar masterplan)" in output
    code, output = run("status", str(example))
    assert code == 0, output
    assert "Galat di luar tahap (region.yaml, nama berkas, riwayat): 2" in output  # the entry, told once
    broken = [p.render() for p in api.check(example).report if p.rule == "journal-broken"]
    assert any(shape in line for line in broken), broken


def test_a_whole_last_entry_missing_only_its_newline_is_kept(example: Path):
    actions.add_note(example, 2, "Catatan penting.", "sari")
    journal = example / JOURNAL_FILE
    journal.write_bytes(journal.read_bytes().rstrip(b"\n"))
    read = read_journal(example)
    assert read.intact and not read.torn_tail and read.entries[-1].data["text"] == "Catatan penting."
    actions.add_note(example, 2, "Catatan kedua.", "sari")
    state = load_state(example)
    assert state.journal.intact and [n.text for n in state.notes.values()] == ["Catatan penting.", "Catatan kedua."]


def test_nothing_is_appended_to_a_journal_whose_tail_was_cut(example: Path):
    actions.add_note(example, 2, "Satu.", "sari")
    actions.add_note(example, 2, "Dua.", "sari")
    journal = example / JOURNAL_FILE
    journal.write_bytes(b"".join(journal.read_bytes().splitlines(keepends=True)[:-1]))
    from masterplan.errors import JournalBroken

    with pytest.raises(JournalBroken, match="telah dihapus"):
        actions.add_note(example, 2, "Tiga.", "sari")


def test_a_reader_racing_a_writer_sees_no_false_alarm(example: Path):
    import subprocess
    import sys

    actions.add_note(example, 2, "Awal.", "sari")
    script = ("import sys\nfrom masterplan.workflow.journal import append\n"
              "for n in range(300):\n    append(sys.argv[1], None, 'note.reply', {'id': 'C1', 'text': str(n)}, who='x')\n")
    with subprocess.Popen([sys.executable, "-c", script, str(example)]) as writer:
        alarms = 0
        while writer.poll() is None:
            alarms += not read_journal(example).intact
        assert writer.wait() == 0
    assert alarms == 0 and read_journal(example).intact


def test_content_slipped_in_before_a_signature_is_not_signed_over(finalized: dict[str, object], tmp_path: Path):
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    root = finalized["root"]
    assert isinstance(root, Path)
    pdf = (root / "final" / "kabupaten-sukamaju-rencana-induk.pdf").read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.add_stream_to_page(0, writer.add_object(generic.StreamObject(stream_data=b"q 1 0 0 rg 40 40 520 760 re f Q")))
    painted = io.BytesIO()
    writer.write(painted)
    ttd = json.loads((root / "final" / "kabupaten-sukamaju-rencana-induk.ttd.json").read_text(encoding="utf-8"))
    cert, key = self_signed("Siapa Saja")
    forged = tmp_path / "dipalsukan.pdf"
    forged.write_bytes(sign_field(painted.getvalue(), ttd["signatories"][0]["field"], cert, key))
    code, output = run("verify", str(forged), str(root))
    assert code == 1 and "isi dokumen diubah setelah finalisasi" in output, output


def _open_action(writer: Any) -> None:
    from pyhanko.pdf_utils import generic

    action = generic.DictionaryObject({generic.NameObject("/S"): generic.NameObject("/JavaScript"),
                                       generic.NameObject("/JS"): generic.TextStringObject("app.alert(1)")})
    writer.root[generic.NameObject("/OpenAction")] = writer.add_object(action)
    writer.update_root()


def _bookmark_renamed(writer: Any) -> None:
    from pyhanko.pdf_utils import generic

    first = writer.root["/Outlines"].raw_get("/First")
    first.get_object()[generic.NameObject("/Title")] = generic.TextStringObject("BAB I PALSU")
    writer.update_container(first.get_object())


@pytest.mark.parametrize("change", [_open_action, _bookmark_renamed], ids=["open-action", "bookmark"])
def test_any_other_change_before_a_signature_is_named(finalized: dict[str, object], tmp_path: Path, change: Any):
    """Signing fills a field; a script run on opening or a renamed bookmark is not signing (and is named)."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    root = finalized["root"]
    assert isinstance(root, Path)
    pdf = (root / "final" / "kabupaten-sukamaju-rencana-induk.pdf").read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    change(writer)
    changed = io.BytesIO()
    writer.write(changed)
    ttd = json.loads((root / "final" / "kabupaten-sukamaju-rencana-induk.ttd.json").read_text(encoding="utf-8"))
    forged = tmp_path / "diubah.pdf"
    forged.write_bytes(sign_field(changed.getvalue(), ttd["signatories"][0]["field"], *self_signed()))
    verdict = verifying.verify(forged, root)
    assert not verdict.ok
    assert re.search(r"bukan sekadar pengisian tanda tangan: objek \d+", verdict.lines[-1]), verdict.lines


def test_the_approved_plan_is_finalised_once_unless_the_new_documents_supersede_it(tmp_path: Path):
    root = copy_root("example", tmp_path)
    submit_approve(root, 1, 2, 3, 4)
    first = finalize.finalize(root, "bambang", None, DAY, libreoffice=False)
    pdf = next(p for p in first.files if p.suffix == ".pdf")
    before = pdf.read_bytes()
    entries = len(load_state(root).journal.entries)
    assert finalize.finalized_now(root) is not None and finalize.finalized_now(root).seq == first.entry.seq
    # a second click, another tab, the command line: refused in plain words, nothing written or journalled
    with pytest.raises(finalize.AlreadyFinal, match=r"sudah difinalisasi oleh .*jurnal #\d+.*--supersede"):
        finalize.finalize(root, "bambang", None, DAY, libreoffice=False)
    code, output = run("finalize", str(root), "--as", "bambang", "--no-libreoffice")
    assert code == 1 and "sudah difinalisasi" in output and "Traceback" not in output
    assert len(load_state(root).journal.entries) == entries and pdf.read_bytes() == before
    # said deliberately: new documents, journalled as superseding the first
    again = finalize.finalize(root, "bambang", None, DAY, libreoffice=False, supersede=True)
    assert again.entry.data["supersedes"] == first.entry.seq
    assert finalize.finalized_now(root).seq == again.entry.seq
    # the first documents are named as superseded and refused; the new ones are the final ones
    old_pdf = tmp_path / "lama.pdf"
    old_pdf.write_bytes(before)
    verdict = verifying.verify(old_pdf, root)
    assert not verdict.ok and "SUDAH DIGANTIKAN" in verdict.lines[0], verdict.lines
    assert verifying.verify(next(p for p in again.files if p.suffix == ".pdf"), root).ok
    # a change approved since is a new approved plan: finalised without superseding anything
    actions.stage_action(root, 2, "stage.reopen", "sari", reason="Pagu SG-01 direvisi.")
    edits.set_answer(root, 2, "diskominfo", "programs", "6500000000", person="agus", row="SG-01", column="budget")
    assert finalize.finalized_now(root) is None
