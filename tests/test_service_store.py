"""The database of a service for many regions: ``db upgrade``, and a workspace moved in and out losslessly."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner
from conftest import copy_root

from masterplan.cli import main
from masterplan.errors import UsageError
from masterplan.store import FileStore
from masterplan.store.migrations import applied, migrations
from masterplan.store.postgres import PostgresStore
from masterplan.workflow.journal import read_journal


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes else "")


def test_db_upgrade_creates_the_schema_once_and_a_store_on_an_old_database_says_what_to_run(postgres_server):
    fresh = postgres_server.database("fresh")
    with pytest.raises(UsageError, match="masterplan db upgrade"):
        PostgresStore(fresh, "sukamaju", create=True)
    code, out = run("db", "upgrade", "--store", fresh)
    assert code == 0, out
    assert "0001_workspaces.sql" in out
    code, out = run("db", "upgrade", "--store", fresh)
    assert (code, out.strip()) == (0, "skema sudah terbaru")
    with psycopg.connect(fresh) as conn:
        assert applied(conn) == {number for number, _, _ in migrations()}
    store = PostgresStore(fresh, "sukamaju", create=True)
    assert store.documents() == []
    with pytest.raises(UsageError, match="tidak ada di basis data"):
        PostgresStore(fresh, "kota-lain")


def test_a_workspace_pushed_and_pulled_back_is_byte_for_byte_the_same_and_its_journal_verifies(
    postgres_url, tmp_path: Path
):
    source = copy_root("example", tmp_path, history=True)
    (source / "build").mkdir(exist_ok=True)
    (source / "build" / "draf.pdf").write_bytes(b"%PDF derived, stays behind")
    assert read_journal(source).entries, "the example has a history to move"

    code, out = run("store", "push", str(source), "--store", postgres_url, "--name", "sukamaju-rt")
    assert code == 0, out
    code, out = run("store", "push", str(source), "--store", postgres_url, "--name", "sukamaju-rt")
    assert code == 2 and "tidak kosong" in out  # never over what is there

    pulled = tmp_path / "pulled"
    code, out = run("store", "pull", "sukamaju-rt", str(pulled), "--store", postgres_url)
    assert code == 0, out

    before, after = FileStore(source), FileStore(pulled)
    assert after.documents() == before.documents()
    assert any(p.startswith("answers/bimtek-2/") for p in after.documents())
    for path in before.documents():
        assert after.read(path) == before.read(path), path
    for special in ("workflow/journal.jsonl", "workflow/journal.head"):
        assert (pulled / special).read_bytes() == (source / special).read_bytes()
    assert list(after.objects()) == list(before.objects()) != []
    assert not (pulled / "build").exists()
    journal = read_journal(pulled)
    assert journal.problems == [] and len(journal.entries) == len(read_journal(source).entries)
    code, out = run("log", str(pulled), "--verify")
    assert code == 0, out

    code, out = run("store", "pull", "sukamaju-rt", str(pulled), "--store", postgres_url)
    assert code == 2 and "tidak kosong" in out
    code, out = run("store", "pull", "tidak-ada", str(tmp_path / "x"), "--store", postgres_url)
    assert code == 2 and "tidak ada di basis data" in out


def test_a_torn_journal_is_not_moved(postgres_url, tmp_path: Path):
    source = copy_root("example", tmp_path, history=True)
    with (source / "workflow" / "journal.jsonl").open("ab") as journal:
        journal.write(b'{"seq": 999, "cut sh')
    code, out = run("store", "push", str(source), "--store", postgres_url, "--name", "torn")
    assert code == 2 and "terpotong" in out
    assert PostgresStore(postgres_url, "torn").documents() == []


def test_the_hash_chained_journal_kept_in_the_database_verifies_and_catches_an_edit(postgres_url):
    from masterplan.workflow.journal import append, check_objects

    store = PostgresStore(postgres_url, "journal-db", create=True)
    kept = store.put_object(b"answers: {}\n")
    for n in range(3):
        append(store, None, "answers.save", {"files": {"region.yaml": kept}, "n": n}, who="pendamping")
    journal = read_journal(store)
    assert journal.problems == [] and [e.seq for e in journal.entries] == [1, 2, 3]
    assert store.journal_head() == f"3 {journal.entries[-1].hash}"
    assert check_objects(store, journal.entries) == []
    with psycopg.connect(postgres_url, autocommit=True) as conn:  # an edit behind masterplan's back
        done = conn.execute("UPDATE journal_lines SET line = convert_to(replace(convert_from(line, 'UTF8'), "
                            "'\"n\":1', '\"n\":7'), 'UTF8') WHERE workspace = 'journal-db' AND n = 2")
        assert done.rowcount == 1 and b'"n":7' in (store.journal() or b"")
    problems = read_journal(store).problems
    assert problems and any("baris 2" in p for p in problems), problems


def test_a_workspace_in_the_database_is_checked_as_its_folder_is(postgres_url, tmp_path: Path):
    from masterplan.checks.check import load_plan

    source = copy_root("example", tmp_path, history=True)
    # a mistake, so that the reports hold more than nothing: an answer of the wrong type, a missing asset
    dinkes = source / "answers" / "bimtek-2" / "dinkes.yaml"
    dinkes.write_text(dinkes.read_text(encoding="utf-8") + "\n  bogus_question: 1\n", encoding="utf-8")
    store = PostgresStore(postgres_url, "sukamaju-check", create=True)
    from masterplan.store.transfer import copy_workspace

    copy_workspace(FileStore(source), store)
    from_folder, from_database = load_plan(source), load_plan(store)

    def problems(result):
        return sorted((p.severity, p.rule, p.where.file, p.where.line or 0, p.message()) for p in result.report)

    assert problems(from_database) == problems(from_folder) != []
    assert from_database.plan is not None and from_folder.plan is not None
    assert from_database.plan.programs().keys() == from_folder.plan.programs().keys()
    assert len(from_database.plan.programs()) > 20
    assert from_database.workspace.root is None and from_folder.workspace.root == source


def test_regions_are_added_listed_with_their_stages_and_archived(postgres_server, tmp_path: Path):
    import json

    url = postgres_server.database("regions")
    assert run("db", "upgrade", "--store", url)[0] == 0
    code, out = run("region", "list", "--store", url)
    assert (code, out.strip()) == (0, "belum ada daerah; tambahkan dengan: masterplan region add NAMA")
    example = copy_root("example", tmp_path, history=True)
    assert run("region", "add", "kabupaten-sukamaju", "--from", str(example), "--store", url)[0] == 0
    code, out = run("region", "add", "kota-baru", "--title", "Baru", "--kind", "kota", "--store", url)
    assert code == 0, out
    code, out = run("region", "add", "kota-baru", "--store", url)
    assert code == 2 and "sudah ada" in out
    code, out = run("region", "add", "Kota Baru!", "--store", url)
    assert code == 2 and "tidak sah" in out

    code, out = run("region", "list", "--store", url, "--format", "json")
    rows = {row["name"]: row for row in json.loads(out)}
    assert set(rows) == {"kabupaten-sukamaju", "kota-baru"}
    folded = __import__("masterplan.workflow.state", fromlist=["load_state"]).load_state(example)
    assert rows["kabupaten-sukamaju"]["title"] == "Kabupaten Sukamaju"
    assert rows["kabupaten-sukamaju"]["stages"] == {str(n): s.state for n, s in folded.stages.items()}
    assert rows["kabupaten-sukamaju"]["open_notes"] == len(folded.open_notes())
    assert rows["kabupaten-sukamaju"]["last_activity"] == folded.journal.entries[-1].time
    assert rows["kota-baru"]["title"] == "Kota Baru" and rows["kota-baru"]["last_activity"] is None
    code, out = run("region", "list", "--store", url)
    assert "kabupaten-sukamaju: Kabupaten Sukamaju; I: " in out and "catatan terbuka" in out

    assert run("region", "archive", "kota-baru", "--store", url) == (0, "daerah kota-baru diarsipkan\n")
    assert run("region", "archive", "kota-baru", "--store", url) == (0, "daerah kota-baru sudah diarsipkan\n")
    assert "kota-baru" not in run("region", "list", "--store", url)[1]
    assert "kota-baru (diarsipkan)" in run("region", "list", "--all", "--store", url)[1]
    assert run("region", "archive", "kota-baru", "--restore", "--store", url)[0] == 0
    assert "kota-baru" in run("region", "list", "--store", url)[1]
    assert run("region", "archive", "tidak-ada", "--store", url)[0] == 2


def test_people_and_the_workflow_state_of_a_workspace_in_the_database(postgres_url, tmp_path: Path):
    from masterplan.store.transfer import copy_workspace
    from masterplan.workflow.actor import opd_codes
    from masterplan.workflow.people import load_people, require_people
    from masterplan.workflow.state import load_state

    source = copy_root("example", tmp_path, history=True)
    store = PostgresStore(postgres_url, "sukamaju-people", create=True)
    copy_workspace(FileStore(source), store)
    assert opd_codes(store) == opd_codes(source) and opd_codes(store)
    people, problems = load_people(store, opd_codes(store))
    assert problems == [] and people is not None
    assert [p.id for p in people.people] == [p.id for p in require_people(source).people]
    assert {n: s.state for n, s in load_state(store).stages.items()} == \
        {n: s.state for n, s in load_state(source).stages.items()}
    store.write("people.yaml", b"people:\n  - id: x\n    role: tidak-ada\n")
    assert load_people(store)[0] is None and load_people(store)[1]
    with pytest.raises(UsageError, match=r"people\.yaml"):
        require_people(store)


def test_check_and_status_of_a_region_in_the_database_print_what_the_folder_s_print(postgres_url, tmp_path: Path):
    from masterplan.store.transfer import copy_workspace

    source = copy_root("example", tmp_path, history=True)
    copy_workspace(FileStore(source), PostgresStore(postgres_url, "sukamaju-cli", create=True))
    for command, fmt in [(c, f) for c in ("check", "status") for f in ("text", "json")]:
        folder = CliRunner().invoke(main, [command, str(source), "--format", fmt])
        database = CliRunner().invoke(main, [command, "sukamaju-cli", "--store", postgres_url, "--format", fmt])
        assert (database.exit_code, database.output) == (folder.exit_code, folder.output), command
        if command == "status" and fmt == "text":  # the workflow's line, read from the journal in the database
            assert "alur kerja: disetujui sejak" in database.output
    missing = CliRunner().invoke(main, ["check", "tidak-ada", "--store", postgres_url])
    assert missing.exit_code == 2 and "tidak ada di basis data" in missing.output


def test_a_push_that_fails_halfway_leaves_the_database_workspace_empty(postgres_url, tmp_path: Path):
    source = copy_root("example", tmp_path, history=True)
    objects = sorted((source / "workflow" / "objects").rglob("*"))
    damaged = next(p for p in objects if p.is_file())
    damaged.write_bytes(b"not what its name says")  # found only after every document is written
    code, out = run("store", "push", str(source), "--store", postgres_url, "--name", "halfway")
    assert code == 2 and "rusak" in out
    store = PostgresStore(postgres_url, "halfway")
    assert store.documents() == [] and store.journal() is None and list(store.objects()) == []
