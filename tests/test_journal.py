"""The journal on its own: the chain, the head, a torn tail, the shape of an entry, stored objects.

Each case is written here (no workspace, no example history), so every branch of the reader and the
appender is pinned by a value chosen for it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from masterplan.errors import JournalBroken
from masterplan.workflow.journal import (
    GENESIS,
    HEAD_FILE,
    JOURNAL_FILE,
    OBJECTS_DIR,
    append,
    canonical,
    check_objects,
    load_object,
    read_journal,
    sha256,
    store_object,
)
from masterplan.workflow.keys import forget_head
from masterplan.workflow.people import Person

ANI = Person(id="ani", name="Ani Lestari", role="koordinator")
DIGEST = "a" * 64


def entries_of(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / JOURNAL_FILE).read_text("utf-8").splitlines()]


def written(root: Path, count: int) -> list[dict]:
    for number in range(count):
        append(root, ANI, "note.add", {"id": f"n{number}", "target": "stage-1", "text": "Periksa."})
    return entries_of(root)


def test_each_entry_is_chained_hashed_authenticated_and_the_head_follows(tmp_path):
    raw = written(tmp_path, 3)
    assert [e["seq"] for e in raw] == [1, 2, 3]
    assert [e["prev"] for e in raw] == [GENESIS, raw[0]["hash"], raw[1]["hash"]]
    for entry in raw:
        record = {k: v for k, v in entry.items() if k not in ("hash", "auth")}
        assert sha256(canonical(record)) == entry["hash"]
        assert (entry["who"], entry["name"], entry["role"]) == ("ani", "Ani Lestari", "koordinator")
    assert (tmp_path / HEAD_FILE).read_text() == f"3 {raw[2]['hash']}\n"
    read = read_journal(tmp_path)
    assert read.intact and not read.torn_tail and read.problems == []
    assert read.head == (3, raw[2]["hash"]) and read.authenticated == 3 and read.foreign_keys == set()


@pytest.mark.parametrize(("who", "expected"), [(None, ("tanpa-nama", "tanpa nama")), ("Budi", ("Budi", "Budi"))])
def test_an_entry_without_a_people_list_names_who_acted(tmp_path, who, expected):
    entry = append(tmp_path, None, "answers.edit", {"files": {"region.yaml": DIGEST}}, who=who)
    assert (entry.who, entry.name, entry.role) == (*expected, None)
    assert entry.seq == 1 and entry.prev == GENESIS


def test_an_empty_journal_reads_as_genesis(tmp_path):
    read = read_journal(tmp_path)
    assert read.entries == [] and read.head == (0, GENESIS) and read.intact


BASE = {"seq": 1, "time": "2026-01-01T00:00:00Z", "who": "ani", "name": "Ani", "role": None,
        "action": "answers.edit", "data": {"files": {"region.yaml": DIGEST}}, "prev": GENESIS}


def _line(**changes) -> dict:
    record = {**BASE, **changes}
    return {**record, "hash": sha256(canonical(record))}


@pytest.mark.parametrize(("entry", "problem"), [
    ([1, 2], "bukan entri jurnal yang sah"),
    ({**_line(), "extra": 1}, "bukan entri jurnal yang sah"),
    ({k: v for k, v in _line().items() if k != "time"}, "bukan entri jurnal yang sah"),
    (_line(seq=True), "kolom seq tidak sah"),
    (_line(seq="1"), "kolom seq tidak sah"),
    (_line(role=3), "kolom role tidak sah"),
    (_line(data=[]), "kolom data tidak sah"),
    (_line(data={"stage": 0, "files": {}}), "tahap tidak sah"),
    (_line(data={"stage": 5, "files": {}}), "tahap tidak sah"),
    (_line(data={"stage": True, "files": {}}), "tahap tidak sah"),
    (_line(data={"stage": "1", "files": {}}), "tahap tidak sah"),
    (_line(data={"files": {"../etc/passwd": DIGEST}}), "daftar berkas tidak sah"),
    (_line(data={"files": {"answers/bimtek-5/x.yaml": DIGEST}}), "daftar berkas tidak sah"),
    (_line(data={"files": {"region.yaml": "A" * 64}}), "daftar berkas tidak sah"),
    (_line(data={"files": {"region.yaml": DIGEST + "\n"}}), "daftar berkas tidak sah"),
    (_line(data={"files": ["region.yaml"]}), "daftar berkas tidak sah"),
    (_line(data={"files": {}, "before": {"people.yaml": 7}}), "daftar berkas tidak sah"),
    (_line(action="stage.submit", data={}), "tahap tidak disebut"),
    (_line(action="answers.edit", data={}), "daftar berkas tidak disebut"),
    (_line(action="note.resolve", data={"id": 7}), "id catatan tidak sah"),
    (_line(action="note.add", data={"id": "n1", "target": "stage-1"}), "catatan tidak sah"),
    (_line(action="note.add", data={"id": "n1", "text": "x"}), "catatan tidak sah"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_line_the_fold_cannot_use_is_named_and_left_out(tmp_path, entry, problem):
    path = tmp_path / JOURNAL_FILE
    path.parent.mkdir()
    path.write_text(json.dumps(entry) + "\n")
    read = read_journal(tmp_path)
    assert read.entries == []
    assert read.problems[0] == f"{JOURNAL_FILE} baris 1: {problem} (berkas diubah di luar masterplan)"


@pytest.mark.parametrize("data", [
    {"stage": 1, "files": {"answers/bimtek-1/dinkes.yaml": DIGEST, "people.yaml": None}},
    {"stage": 4, "files": {}, "before": {"region.yaml": None}},
], ids=["stage-1-and-a-removed-file", "stage-4"])
def test_a_well_formed_line_is_read(tmp_path, data):
    path = tmp_path / JOURNAL_FILE
    path.parent.mkdir()
    line = _line(data=data)
    path.write_text(json.dumps(line) + "\n")
    (tmp_path / HEAD_FILE).write_text(f"1 {line['hash']}\n")
    read = read_journal(tmp_path)
    assert read.problems == [] and [e.data for e in read.entries] == [data]


@pytest.mark.parametrize(("change", "problem"), [
    (lambda e: e.update(name="Budi"), "isi entri #2 tidak cocok dengan hash-nya (entri telah diubah)"),
    (lambda e: e.update(prev=GENESIS), "entri #2 tidak menyambung ke entri sebelumnya"),
    (lambda e: e.update(seq=5), "nomor entri 5, seharusnya 2"),
], ids=["content", "link", "number"])
def test_a_changed_middle_entry_is_named(tmp_path, change, problem):
    raw = written(tmp_path, 3)
    change(raw[1])
    (tmp_path / JOURNAL_FILE).write_text("".join(json.dumps(e) + "\n" for e in raw))
    read = read_journal(tmp_path)
    assert any(p.startswith(f"{JOURNAL_FILE} baris 2: {problem}") for p in read.problems), read.problems
    assert len(read.entries) == 3  # reported, still shown


def test_a_torn_last_line_is_not_part_of_the_journal_and_the_next_append_cuts_it(tmp_path):
    raw = written(tmp_path, 2)
    path = tmp_path / JOURNAL_FILE
    whole = path.read_bytes()
    path.write_bytes(whole + json.dumps(raw[0]).encode()[:40])
    read = read_journal(tmp_path)
    assert read.torn_tail and read.intact and [e.seq for e in read.entries] == [1, 2]
    entry = append(tmp_path, ANI, "note.resolve", {"id": "n0"})
    assert entry.seq == 3 and entry.prev == raw[1]["hash"]
    assert path.read_bytes().startswith(whole) and read_journal(tmp_path).intact


def test_a_whole_last_entry_missing_its_newline_is_kept(tmp_path):
    written(tmp_path, 2)
    path = tmp_path / JOURNAL_FILE
    path.write_bytes(path.read_bytes()[:-1])
    read = read_journal(tmp_path)
    assert not read.torn_tail and [e.seq for e in read.entries] == [1, 2]
    assert append(tmp_path, ANI, "note.resolve", {"id": "n0"}).seq == 3
    assert [e.seq for e in read_journal(tmp_path).entries] == [1, 2, 3]


def test_a_torn_tail_after_a_journal_longer_than_one_read_block(tmp_path):
    raw = written(tmp_path, 1)
    path = tmp_path / JOURNAL_FILE
    long = {"id": "n", "target": "stage-1", "text": "x" * 100_000}  # one line longer than the 64 KiB block
    last = append(tmp_path, ANI, "note.add", long)
    before = path.read_bytes()
    path.write_bytes(before + b'{"seq": 3, "ti')
    entry = append(tmp_path, ANI, "note.resolve", {"id": "n"})
    assert (entry.seq, entry.prev) == (3, last.hash) and raw[0]["hash"] != last.hash
    assert path.read_bytes().startswith(before) and read_journal(tmp_path).intact


@pytest.mark.parametrize(("head", "problem"), [
    (None, f"{HEAD_FILE} hilang"),
    ("tiga\n", f"{HEAD_FILE} tidak dapat dibaca"),
    ("9 " + "b" * 64 + "\n", "jurnal berakhir di entri #3, padahal entri terakhir yang tercatat #9"),
    ("2 " + "b" * 64 + "\n", f"entri #2 tidak sama dengan yang tercatat di {HEAD_FILE}: entri telah diubah"),
], ids=["missing", "unreadable", "ahead", "other-hash"])
def test_the_head_must_be_an_entry_of_the_chain(tmp_path, head, problem):
    written(tmp_path, 3)
    path = tmp_path / HEAD_FILE
    if head is None:
        path.unlink()
    else:
        path.write_text(head)
    assert any(p.startswith(problem) for p in read_journal(tmp_path).problems)


def test_a_head_one_behind_is_an_append_in_flight(tmp_path):
    raw = written(tmp_path, 3)
    (tmp_path / HEAD_FILE).write_text(f"2 {raw[1]['hash']}\n")
    assert read_journal(tmp_path).problems == []


def test_nothing_is_appended_when_the_head_is_ahead_of_the_journal(tmp_path):
    written(tmp_path, 2)
    before = (tmp_path / JOURNAL_FILE).read_bytes()
    (tmp_path / HEAD_FILE).write_text("7 " + "c" * 64 + "\n")
    with pytest.raises(JournalBroken, match="jurnal berakhir di entri #2, padahal tercatat #7"):
        append(tmp_path, ANI, "note.resolve", {"id": "n0"})
    assert (tmp_path / JOURNAL_FILE).read_bytes() == before


def test_a_deleted_journal_is_reported_by_its_head_or_by_the_installation(tmp_path):
    written(tmp_path, 2)
    (tmp_path / JOURNAL_FILE).unlink()
    assert read_journal(tmp_path).problems == [f"{JOURNAL_FILE} hilang, padahal jurnal pernah ditulis"]
    (tmp_path / HEAD_FILE).unlink()
    (problem,) = read_journal(tmp_path).problems
    assert problem.startswith(f"{JOURNAL_FILE} hilang, padahal instalasi ini menulis jurnal workspace ini "
                              "sampai entri #2")
    assert forget_head(str(tmp_path.resolve()))
    assert read_journal(tmp_path).problems == []


def test_stored_objects_are_kept_once_and_checked(tmp_path):
    first, second = store_object(tmp_path, b"satu\n"), store_object(tmp_path, b"dua\n")
    assert store_object(tmp_path, b"satu\n") == first == sha256(b"satu\n")
    assert load_object(tmp_path, first) == b"satu\n"
    (tmp_path / OBJECTS_DIR / second[:2] / second[2:]).write_bytes(b"tiga\n")
    assert load_object(tmp_path, second) is None and load_object(tmp_path, DIGEST) is None
    for files in ({"region.yaml": first, "people.yaml": None},
                  {"region.yaml": first, "answers/bimtek-1/a.yaml": second},
                  {"answers/bimtek-2/b.yaml": DIGEST}):
        append(tmp_path, ANI, "answers.edit", {"files": files})
    assert check_objects(tmp_path, read_journal(tmp_path).entries) == [
        f"isi answers/bimtek-1/a.yaml dari entri #2 di {OBJECTS_DIR} telah diubah (hash tidak cocok)",
        f"isi answers/bimtek-2/b.yaml dari entri #3 tidak ada lagi di {OBJECTS_DIR}",
    ]


def test_the_canonical_form_is_fixed_and_readable_utf8():
    # every journal ever written is checked against this form: changing it breaks all of them
    record = {**BASE, "name": "Dra. Retno Wulandari, M.Sí", "data": {"files": {}, "b": [1, 2]}}
    assert canonical(record) == (
        '{"action":"answers.edit","data":{"b":[1,2],"files":{}},"name":"Dra. Retno Wulandari, M.Sí",'
        f'"prev":"{GENESIS}","role":null,"seq":1,"time":"2026-01-01T00:00:00Z","who":"ani"}}'
    ).encode()


def test_a_new_journal_is_a_plain_file_nobody_executes(tmp_path):
    written(tmp_path, 1)
    assert (tmp_path / JOURNAL_FILE).stat().st_mode & 0o111 == 0


def test_entries_without_a_mac_vouch_for_nothing(tmp_path):
    path = tmp_path / JOURNAL_FILE
    path.parent.mkdir()
    first = _line()
    second = _line(seq=2, prev=first["hash"])
    path.write_text(json.dumps(first) + "\n" + json.dumps(second) + "\n")
    (tmp_path / HEAD_FILE).write_text(f"2 {second['hash']}\n")
    read = read_journal(tmp_path)
    assert read.problems == [] and read.authenticated == 0 and len(read.entries) == 2


def test_a_torn_last_line_that_is_json_but_no_entry_is_cut_too(tmp_path):
    written(tmp_path, 2)
    path = tmp_path / JOURNAL_FILE
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"seq": 3}')
    read = read_journal(tmp_path)
    assert read.torn_tail and read.problems == [] and len(read.entries) == 2
    assert append(tmp_path, ANI, "note.resolve", {"id": "n0"}).seq == 3
    assert path.read_bytes().startswith(whole) and read_journal(tmp_path).intact


def test_an_empty_journal_file_starts_at_one(tmp_path):
    (tmp_path / JOURNAL_FILE).parent.mkdir()
    (tmp_path / JOURNAL_FILE).write_bytes(b"")
    entry = append(tmp_path, ANI, "note.resolve", {"id": "n0"})
    assert (entry.seq, entry.prev) == (1, GENESIS) and read_journal(tmp_path).intact


def test_nothing_is_appended_after_a_whole_last_line_that_is_no_entry(tmp_path):
    written(tmp_path, 1)
    path = tmp_path / JOURNAL_FILE
    path.write_bytes(path.read_bytes() + b"diedit dengan tangan\n")
    before = path.read_bytes()
    with pytest.raises(JournalBroken, match="baris terakhir jurnal bukan entri yang sah"):
        append(tmp_path, ANI, "note.resolve", {"id": "n0"})
    assert path.read_bytes() == before


def test_a_journal_emptied_by_hand_is_reported_by_its_head(tmp_path):
    written(tmp_path, 3)
    (tmp_path / JOURNAL_FILE).write_bytes(b"")
    assert forget_head(str(tmp_path.resolve()))  # only the head file speaks here
    assert read_journal(tmp_path).problems == [
        "jurnal berakhir di entri #0, padahal entri terakhir yang tercatat #3: entri di akhir jurnal telah dihapus"
    ]


def test_a_head_of_nothing_over_an_empty_journal_holds(tmp_path):
    (tmp_path / JOURNAL_FILE).parent.mkdir()
    (tmp_path / JOURNAL_FILE).write_bytes(b"")
    (tmp_path / HEAD_FILE).write_text(f"0 {GENESIS}\n")
    assert read_journal(tmp_path).problems == []


def test_entries_cut_after_this_installation_wrote_them_are_named(tmp_path):
    raw = written(tmp_path, 3)
    (tmp_path / JOURNAL_FILE).write_text("".join(json.dumps(e) + "\n" for e in raw[:2]))
    (tmp_path / HEAD_FILE).write_text(f"2 {raw[1]['hash']}\n")
    (problem,) = read_journal(tmp_path).problems
    assert problem.startswith("instalasi ini menulis jurnal workspace ini sampai entri #3, tetapi jurnal kini "
                              "berakhir di entri #2: entri telah dihapus")


@pytest.mark.parametrize("torn", [b"{", b'{"seq": 3, "time"'], ids=["one-byte", "some-bytes"])
def test_a_tail_torn_after_any_number_of_bytes_costs_only_that_tail(tmp_path, torn):
    raw = written(tmp_path, 2)
    path = tmp_path / JOURNAL_FILE
    whole = path.read_bytes()
    path.write_bytes(whole + torn)
    entry = append(tmp_path, ANI, "note.resolve", {"id": "n0"})
    assert (entry.seq, entry.prev) == (3, raw[1]["hash"])
    assert path.read_bytes().startswith(whole)
