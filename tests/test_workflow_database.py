"""The workflow on a region kept in PostgreSQL: saves, stage actions and notes, as on a folder.

Every command that changes a region takes ``--store URL`` and goes through the same functions as
on a folder; these tests hold the database backend to the folder's guarantees (a stale save
refused, every change journalled, a save killed halfway leaving nothing half done).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_root

from masterplan.answers.yamlio import new_yaml
from masterplan.cli import main
from masterplan.errors import StaleEdit
from masterplan.store import FileStore
from masterplan.store.postgres import PostgresStore
from masterplan.store.transfer import copy_workspace
from masterplan.workflow import edits
from masterplan.workflow.intent import INTENT_FILE
from masterplan.workflow.journal import check_objects, read_journal
from masterplan.workflow.state import load_state

PROGRAMS = "answers/bimtek-2/diskominfo.yaml"


def _region(url: str, tmp_path: Path) -> PostgresStore:
    """A new region in the test database: the example, with no history yet."""
    store = PostgresStore(url, f"wf-{uuid.uuid4().hex[:12]}", create=True)
    copy_workspace(FileStore(copy_root("example", tmp_path)), store)
    return store


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def _budget(store: PostgresStore, code: str = "SG-01") -> int:
    data = new_yaml().load((store.read(PROGRAMS) or b"").decode("utf-8"))
    return next(int(row["budget"]) for row in data["answers"]["programs"] if row["code"] == code)


def _codes(store: PostgresStore) -> list[str]:
    data = new_yaml().load((store.read(PROGRAMS) or b"").decode("utf-8"))
    return [str(row["code"]) for row in data["answers"]["programs"]]


def test_a_save_in_the_database_is_journalled_and_a_save_from_an_older_version_is_refused(
    postgres_url, tmp_path: Path
):
    store = _region(postgres_url, tmp_path)
    before = store.version(PROGRAMS)
    old_text = (store.read(PROGRAMS) or b"").decode("utf-8")
    code, out = run("answer", "set", "2", "diskominfo", "programs", "7300000000", store.name,
                    "--row", "SG-01", "--column", "budget", "--as", "agus", "--store", postgres_url)
    assert code == 0, out
    assert f"disimpan: {PROGRAMS} (jurnal #2)" in out  # #1 records where the history starts
    assert _budget(store) == 7_300_000_000
    state = load_state(store)
    assert state.files[PROGRAMS] == store.version(PROGRAMS) != before
    assert [(e.action, e.who) for e in state.journal.entries][-1] == ("answers.save", "agus")

    with pytest.raises(StaleEdit, match="Agus Priyanto"):  # names who changed it since
        edits.save_answers_text(store, 2, "diskominfo", old_text.replace("Diskominfo", "Kominfo"),
                                person="agus", base=before)
    assert _budget(store) == 7_300_000_000 and len(read_journal(store).entries) == 2
    assert INTENT_FILE not in store.documents()

    code, out = run("log", store.name, "--verify", "--store", postgres_url)
    assert code == 0, out
    assert "jurnal utuh: 2 entri" in out


def test_stage_actions_and_review_notes_on_a_region_in_the_database(postgres_url, tmp_path: Path):
    store = _region(postgres_url, tmp_path)
    url = ("--store", postgres_url)

    def ok(*args: str) -> str:
        code, out = run(*args, store.name, *url)
        assert code == 0, out
        return out

    assert "Bimtek I: penyusunan → diajukan" in ok("stage", "submit", "1", "--as", "retno")
    assert "→ disetujui" in ok("stage", "approve", "1", "--as", "sari")
    code, out = run("answer", "set", "1", "koordinator", "area_km2", "812.5", store.name, "--as", "retno", *url)
    assert code != 0 and "terkunci" in out, out

    assert "catatan C1 ditambahkan" in ok("note", "add", "2", "Mohon lengkapi indikator SG-01.",
                                           "--program", "SG-01", "--as", "sari")
    ok("note", "reply", "C1", "Sudah kami lengkapi.", "--as", "agus")
    assert "C1 diselesaikan" in ok("note", "resolve", "C1", "--as", "sari")
    assert "Mohon lengkapi indikator SG-01." in ok("note", "list", "--all")

    ok("answer", "set", "2", "diskominfo", "programs", "7300000000", "--row", "SG-01", "--column", "budget",
       "--as", "agus")
    assert "7.300.000.000" in ok("diff", "--since", "1", "--stage", "2")

    state = load_state(store)
    assert state.stages[1].state == "approved" and state.notes["C1"].status == "resolved"
    assert [e.action for e in state.journal.entries] == [
        "answers.sync", "stage.submit", "stage.approve", "note.add", "note.reply", "note.resolve", "answers.save",
    ]
    assert check_objects(store, state.journal.entries) == []
    assert "jurnal utuh: 7 entri" in ok("log", "--verify")


KILL_AT_ANSWERS = """
import os, signal, sys
from masterplan.store.postgres import PostgresStore
from masterplan.workflow import edits
url, name = sys.argv[1], sys.argv[2]
real_write = PostgresStore.write
def write_but_answers(self, path, data, **kwargs):
    if path.startswith("answers/"):  # the object, the intent and the entry are written: die before the file
        os.kill(os.getpid(), signal.SIGKILL)
    return real_write(self, path, data, **kwargs)
PostgresStore.write = write_but_answers
edits.set_answer(PostgresStore(url, name), 2, "diskominfo", "programs", "9100000000", person="agus",
                 row="SG-01", column="budget")
"""


def test_a_save_killed_halfway_leaves_nothing_half_done_in_the_database(postgres_url, tmp_path: Path):
    store = _region(postgres_url, tmp_path)
    edits.set_answer(store, 2, "diskominfo", "programs", "7300000000", person="agus", row="SG-01", column="budget")
    entries = len(read_journal(store).entries)
    killed = subprocess.run([sys.executable, "-c", KILL_AT_ANSWERS, postgres_url, store.name], check=False)
    assert killed.returncode == -signal.SIGKILL

    # one transaction: the entry and the intent went with the file that was never written
    assert _budget(store) == 7_300_000_000
    journal = read_journal(store)
    assert len(journal.entries) == entries and store.journal_head() == f"{entries} {journal.entries[-1].hash}"
    assert INTENT_FILE not in store.documents()
    assert journal.problems == []  # the killed process remembered no head that was rolled back
    edits.set_answer(store, 2, "diskominfo", "programs", "7400000000", person="agus", row="SG-01", column="budget")
    assert _budget(store) == 7_400_000_000
    assert read_journal(store).problems == [] and len(read_journal(store).entries) == entries + 1


def _raise_budgets(url: str, name: str, codes: list[str], start: multiprocessing.synchronize.Barrier) -> None:
    store = PostgresStore(url, name)
    start.wait(60)
    for n, code in enumerate(codes):
        edits.set_answer(store, 2, "diskominfo", "programs", str(1_000_000 + n), person="agus", row=code,
                         column="budget")


def test_two_processes_changing_one_answers_file_in_the_database_lose_no_change(postgres_url, tmp_path: Path):
    store = _region(postgres_url, tmp_path)
    codes = _codes(store)[:8]
    assert len(codes) == 8
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    halves = [codes[0::2], codes[1::2]]
    workers = [context.Process(target=_raise_budgets, args=(postgres_url, store.name, half, start))
               for half in halves]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(180)
    assert [worker.exitcode for worker in workers] == [0, 0]
    for half in halves:
        assert [_budget(store, code) for code in half] == [1_000_000 + n for n in range(len(half))]
    journal = read_journal(store)
    assert journal.problems == []
    saves = [e for e in journal.entries if e.action == "answers.save"]
    assert len(saves) == 8 and load_state(store).files[PROGRAMS] == store.version(PROGRAMS)


def test_a_checkout_mirrors_the_region_and_writes_again_only_what_changed(postgres_url, tmp_path: Path):
    from masterplan.store.checkout import MANIFEST, checkout

    store = _region(postgres_url, tmp_path)
    edits.set_answer(store, 2, "diskominfo", "programs", "7300000000", person="agus", row="SG-01", column="budget")
    folder = checkout(store, tmp_path / "checkout")
    mirror = FileStore(folder)
    assert mirror.versions() == store.versions() and len(store.versions()) > 20
    assert (folder / "workflow" / "journal.jsonl").read_bytes() == store.journal()
    assert mirror.journal_head() == store.journal_head()
    assert set(mirror.objects()) == set(store.objects()) != set()
    assert read_journal(folder).problems == [] and load_state(folder).files == load_state(store).files

    untouched = folder / "region.yaml"
    stamps = {path: path.stat().st_mtime_ns for path in (untouched, folder / MANIFEST, folder / PROGRAMS)}
    assert checkout(store, folder) == folder  # nothing changed: nothing written
    assert {path: path.stat().st_mtime_ns for path in stamps} == stamps

    edits.set_answer(store, 2, "diskominfo", "programs", "7400000000", person="agus", row="SG-01", column="budget")
    store.remove("answers/bimtek-2/dishub.yaml")
    checkout(store, folder)
    assert untouched.stat().st_mtime_ns == stamps[untouched]  # one save writes one file again
    assert (folder / PROGRAMS).read_bytes() == store.read(PROGRAMS)
    assert not (folder / "answers" / "bimtek-2" / "dishub.yaml").exists()
    assert FileStore(folder).versions() == store.versions()
    assert read_journal(folder).problems == [] and len(read_journal(folder).entries) == 3


def test_a_region_in_the_database_builds_the_same_word_file_as_its_folder(postgres_url, tmp_path: Path):
    from masterplan.jobs import tasks

    source = copy_root("example", tmp_path / "source")
    store = PostgresStore(postgres_url, f"wf-{uuid.uuid4().hex[:12]}", create=True)
    copy_workspace(FileStore(source), store)
    common = ("--format", "docx", "--no-libreoffice", "--date", "2026-12-01")
    code, out = run("build", str(source), *common, "-o", str(tmp_path / "folder"))
    assert code == 0, out
    code, out = run("build", store.name, "--store", postgres_url, *common, "-o", str(tmp_path / "db"))
    assert code == 0, out
    from_folder = sorted((tmp_path / "folder").glob("*.docx"))
    from_database = sorted((tmp_path / "db").glob("*.docx"))
    assert [p.name for p in from_database] == [p.name for p in from_folder] != []
    assert from_database[0].read_bytes() == from_folder[0].read_bytes()

    # a draft job of the region: built from its checkout, as the web's workers will
    done = tasks.draft({"store": postgres_url, "name": store.name, "format": "docx", "date": "2026-12-01"},
                       lambda fraction, message: None)
    built = Path(done["files"][0])
    assert built.is_file() and built.read_bytes() == from_folder[0].read_bytes()

    code, out = run("build", store.name, "other", "--store", postgres_url)
    assert code == 2 and "tepat satu nama daerah" in out


def test_a_region_in_the_database_is_finalised_from_its_checkout_and_keeps_its_final_documents(
    postgres_url, tmp_path: Path
):
    from masterplan.store.checkout import checkout
    from masterplan.workflow import actions
    from masterplan.workflow.finalize import MANIFEST_SUFFIX, finalize
    from masterplan.workflow.verify import verify

    store = _region(postgres_url, tmp_path)
    for stage in (1, 2, 3, 4):
        actions.stage_action(store, stage, "stage.submit", "retno")
        actions.stage_action(store, stage, "stage.approve", "sari")
    result = finalize(store, "bambang", build_date=dt.date(2026, 12, 1), libreoffice=False)
    journal = read_journal(store)
    assert (result.entry.action, result.entry.who) == ("finalize", "bambang")
    assert journal.entries[-1].seq == result.entry.seq and journal.problems == []
    names = sorted(made.name for made in result.files)
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(MANIFEST_SUFFIX) for n in names)
    for made in result.files:  # kept where the region is kept, byte for byte
        assert store.read(f"final/{made.name}") == made.read_bytes(), made.name

    pdf = next(name for name in names if name.endswith(".pdf"))
    sent = tmp_path / pdf
    sent.write_bytes(store.read(f"final/{pdf}") or b"")
    verdict = verify(sent, checkout(store, tmp_path / "checkout"))  # what an archive is given checks out
    assert verdict.ok, verdict.lines
    code, out = run("verify", str(sent), store.name, "--store", postgres_url)
    assert code == 0, out
    sent.write_bytes((store.read(f"final/{pdf}") or b"").replace(b"Sukamaju", b"Sukamaja", 1))
    assert run("verify", str(sent), store.name, "--store", postgres_url)[0] == 1
