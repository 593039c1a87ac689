"""The contract every store of a workspace's state keeps (run against each backend).

A backend joins ``BACKENDS`` and must pass every test here: the files backend, and PostgreSQL
against a real server that the test session starts (``conftest.postgres_url``).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from pathlib import Path

import pytest

from masterplan.errors import StaleEdit, UsageError
from masterplan.store import ANY, Conflict, FileStore, WorkspaceStore
from masterplan.store.base import digest


def _postgres(location: str) -> WorkspaceStore:
    from masterplan.store.postgres import PostgresStore

    url, name = location.rsplit("#", 1)
    return PostgresStore(url, name, create=True)


BACKENDS: dict[str, Callable[[str], WorkspaceStore]] = {
    "files": lambda location: FileStore(Path(location)),
    "postgresql": _postgres,
}
"""Backend name -> opens the workspace at a location (a folder; ``<database URL>#<workspace>``)."""


def _location(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's workspace lives in ``backend``: a new folder, or a new workspace in the test database."""
    if backend == "postgresql":
        return f"{request.getfixturevalue('postgres_url')}#{tmp_path.name}"
    folder = tmp_path / "ws"
    folder.mkdir()
    return str(folder)


@pytest.fixture(params=sorted(BACKENDS))
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], WorkspaceStore]:
    """Opens the same workspace again (as another request or process would)."""
    make = BACKENDS[request.param]
    location = _location(request.param, request, tmp_path)
    return lambda: make(location)


def test_a_document_reads_back_as_written_with_its_version(opener):
    store = opener()
    assert store.read("answers/bimtek-1/koordinator.yaml") is None
    assert store.version("answers/bimtek-1/koordinator.yaml") is None
    data = b"answers:\n  districts: 18 # kecamatan\n"
    version = store.write("answers/bimtek-1/koordinator.yaml", data)
    assert version == digest(data)
    again = opener()
    assert again.read("answers/bimtek-1/koordinator.yaml") == data
    assert again.version("answers/bimtek-1/koordinator.yaml") == version


def test_a_write_based_on_an_older_version_is_refused_and_changes_nothing(opener):
    store = opener()
    first = store.write("region.yaml", b"name: Sukamaju\n", expect=None)
    second = store.write("region.yaml", b"name: Sukamaju Baru\n", expect=first)
    with pytest.raises(Conflict) as refused:
        opener().write("region.yaml", b"name: ditimpa\n", expect=first)
    assert isinstance(refused.value, StaleEdit)
    assert "region.yaml" in str(refused.value) and "tidak ada yang ditulis" in str(refused.value)
    with pytest.raises(Conflict):
        store.write("region.yaml", b"name: baru lagi\n", expect=None)  # "new" but it exists
    with pytest.raises(Conflict):
        store.remove("region.yaml", expect=first)
    assert store.read("region.yaml") == b"name: Sukamaju Baru\n"
    assert store.version("region.yaml") == second
    store.remove("region.yaml", expect=second)
    assert store.read("region.yaml") is None
    store.remove("region.yaml")  # nothing there: nothing to do
    assert store.write("region.yaml", b"x\n", expect=ANY) == digest(b"x\n")


def test_a_listing_names_the_documents_of_a_folder_with_their_versions(opener):
    store = opener()
    store.write("answers/bimtek-2/dinkes.yaml", b"a\n")
    store.write("answers/bimtek-2/bappeda.yaml", b"b\n")
    store.write("answers/bimtek-3/dinkes.yaml", b"c\n")
    assert store.listing("answers/bimtek-2") == {
        "answers/bimtek-2/bappeda.yaml": digest(b"b\n"),
        "answers/bimtek-2/dinkes.yaml": digest(b"a\n"),
    }
    assert store.listing("answers/bimtek-4") == {}


@pytest.mark.parametrize("path", ["../luar.yaml", "/etc/passwd", "answers/../../x", "answers//x.yaml", "",
                                  "answers/.lock/../x", "a\\b.yaml", "answers/bimtek-1/x.yaml\n"])
def test_a_path_outside_the_workspace_is_refused(opener, path):
    store = opener()
    with pytest.raises(UsageError):
        store.write(path, b"x")
    with pytest.raises(UsageError):
        store.read(path)


def test_objects_are_kept_by_content_and_checked_when_read(opener):
    store = opener()
    key = store.put_object(b"versi lama\n")
    assert store.put_object(b"versi lama\n") == key == digest(b"versi lama\n")
    assert opener().get_object(key) == b"versi lama\n"
    assert store.get_object("0" * 64) is None
    assert list(store.objects()) == [key]
    with pytest.raises(UsageError):
        store.get_object("../../region")


def test_the_journal_grows_by_whole_lines_with_its_head(opener):
    store = opener()
    assert store.journal() is None and store.journal_head() is None
    with store.exclusive():
        store.append_journal(b'{"seq":1}\n', "1 aaa")
        with store.exclusive():  # re-entrant within the thread
            store.append_journal(b'{"seq":2}\n', "2 bbb")
    again = opener()
    assert again.journal() == b'{"seq":1}\n{"seq":2}\n'
    assert again.journal_head() == "2 bbb"
    with pytest.raises(ValueError):
        store.append_journal(b'{"seq":3}', "3 ccc")  # not a whole line
    with pytest.raises(ValueError):
        store.append_journal(b'{"seq":3}\n{"seq":4}\n', "4 ddd")
    assert again.journal() == b'{"seq":1}\n{"seq":2}\n'


def test_the_revision_changes_with_every_input_and_only_then(opener):
    store = opener()
    seen = [store.revision()]
    assert opener().revision() == seen[0]  # asked again by another process, the same

    def changed() -> bool:
        seen.append(opener().revision())
        return seen[-1] != seen[-2]

    store.write("answers/bimtek-1/koordinator.yaml", b"answers: {}\n")
    assert changed()
    store.write("answers/bimtek-1/koordinator.yaml", b"answers: {vision: Sukamaju}\n")
    assert changed()
    store.put_object(b"an earlier version\n")
    store.write("workflow/isian/agus/1-profil.json", b"{}")  # input kept while typing
    assert not changed()
    with store.exclusive():
        store.append_journal(b'{"seq":1}\n', "1 aaa")
    assert changed()
    store.remove("answers/bimtek-1/koordinator.yaml")
    assert changed()
    assert len(set(seen)) == 5


def test_two_workspaces_never_share_a_revision(postgres_url, postgres_server):
    """A job key is made of the revision: two databases with a region of one name, as changed, differ."""
    from masterplan.store.postgres import PostgresStore

    other = postgres_server.database("revisi_lain")
    import psycopg

    from masterplan.store.migrations import upgrade

    with psycopg.connect(other, autocommit=True) as conn:
        upgrade(conn)
    one, two = PostgresStore(postgres_url, "kembar", create=True), PostgresStore(other, "kembar", create=True)
    for store in (one, two):
        store.write("region.yaml", b"name: Kembar\n")
    assert one.revision() != two.revision()


def _count_up(backend: str, location: str, times: int, ready: multiprocessing.synchronize.Barrier) -> None:
    """Add one to a counter ``times`` times, each a read and a write that names what it read."""
    store = BACKENDS[backend](location)
    ready.wait()
    done = 0
    while done < times:
        data = store.read("counter.txt")
        version = store.version("counter.txt") if data is not None else None
        if data is not None and digest(data) != version:
            continue  # read between two writes: read again
        try:
            store.write("counter.txt", str(int(data or b"0") + 1).encode(), expect=version)
        except Conflict:
            continue
        done += 1


@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_two_processes_writing_the_same_document_never_lose_an_update(backend, request, tmp_path: Path):
    location = _location(backend, request, tmp_path)
    context = multiprocessing.get_context("spawn")
    ready = context.Barrier(2)
    workers = [context.Process(target=_count_up, args=(backend, location, 150, ready)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert BACKENDS[backend](location).read("counter.txt") == b"300"
