"""Safe writes: two writers at once lose nothing; a writer killed mid-save leaves old or new, never torn.

Kills land in a chosen window (inside a write, between the steps of a save), never after a sleep.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import answers

from masterplan.answers.yamlio import new_yaml
from masterplan.workflow import actions
from masterplan.workflow.edits import OUTSIDE, file_sha, save_answers_text
from masterplan.workflow.intent import INTENT_FILE
from masterplan.workflow.journal import read_journal
from masterplan.workflow.state import load_state

WRITER = """
import sys
from masterplan.workflow.edits import set_answer
root, row, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for n in range(1, count + 1):
    set_answer(root, 2, "diskominfo", "programs", str(1_000_000 * n), person="agus", row=row, column="budget")
"""


def test_two_writers_at_once_lose_nothing(example: Path):
    count = 12
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(example), row, str(count)])
        for row in ("SG-01", "SG-02")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    data = new_yaml().load(answers(example, 2, "diskominfo").read_text(encoding="utf-8"))
    budgets = {row["code"]: row["budget"] for row in data["answers"]["programs"]}
    assert budgets["SG-01"] == budgets["SG-02"] == 1_000_000 * count
    journal = read_journal(example)
    assert journal.intact
    saves = [e for e in journal.entries if e.action == "answers.save"]
    assert len(saves) == 2 * count
    assert load_state(example).files["answers/bimtek-2/diskominfo.yaml"] == file_sha(
        answers(example, 2, "diskominfo")
    )


KILLED_IN_WRITE = """
import os, signal, sys
root, window, target, text_path = sys.argv[1:5]
def written_to(fd):
    return os.readlink(f"/proc/self/fd/{fd}")
def die():
    os.kill(os.getpid(), signal.SIGKILL)
real_fsync, real_replace, real_write = os.fsync, os.replace, os.write
def fsync(fd):  # the temporary file is half on disk: as if the power went mid-write
    if window == "temp-half" and os.path.basename(written_to(fd)).startswith("." + target):
        os.ftruncate(fd, os.fstat(fd).st_size // 2)
        die()
    real_fsync(fd)
def replace(src, dst, **kwargs):  # the temporary file is whole, not yet renamed over the old one
    if window == "before-rename" and os.fspath(dst).endswith(target):
        die()
    real_replace(src, dst, **kwargs)
def write(fd, data):  # half of the journal's new line is on disk
    if window == "journal-half" and written_to(fd).endswith(target):
        real_write(fd, data[: len(data) // 2])
        die()
    return real_write(fd, data)
os.fsync, os.replace, os.write = fsync, replace, write
from masterplan.workflow.edits import save_answers_text
save_answers_text(root, 1, "koordinator", open(text_path, encoding="utf-8").read(), person="retno")
"""


@pytest.mark.parametrize(("window", "target"), [
    ("temp-half", "koordinator.yaml"),
    ("before-rename", "koordinator.yaml"),
    ("journal-half", "journal.jsonl"),
])
def test_a_writer_killed_inside_a_write_leaves_a_whole_file(example: Path, tmp_path: Path, window: str,
                                                             target: str):
    path = answers(example, 1)
    original = path.read_text(encoding="utf-8")
    version = original + "# versi B\n" + ("# " + "isian panjang " * 40 + "\n") * 200
    text = tmp_path / "versi-b.yaml"
    text.write_text(version, encoding="utf-8")
    save_answers_text(example, 1, "koordinator", original, person="retno")  # the example's history caught up
    saves = len([e for e in read_journal(example).entries if e.action.startswith("answers.")])
    killed = subprocess.run([sys.executable, "-c", KILLED_IN_WRITE, str(example), window, target, str(text)],
                            check=False)
    assert killed.returncode == -signal.SIGKILL  # the kill landed in the window, not somewhere else
    assert path.read_text(encoding="utf-8") == original  # never torn: old until the rename
    journal = read_journal(example)
    assert journal.intact, journal.problems
    assert journal.torn_tail is (window == "journal-half")
    # the next action, whatever it is, finishes the save from its intent: the change and its author kept
    actions.add_note(example, 1, "Catatan sesudah penyimpanan yang terputus.", "sari")
    assert path.read_text(encoding="utf-8") == version
    journal = read_journal(example)
    assert journal.intact and not journal.torn_tail, journal.problems
    recorded = [e for e in journal.entries if e.action.startswith("answers.")]
    assert [(e.action, e.who) for e in recorded[saves:]] == [("answers.save", "retno")]
    assert load_state(example).files["answers/bimtek-1/koordinator.yaml"] == file_sha(path)
    assert not (example / INTENT_FILE).exists()


# --- a kill between the steps of a save loses neither the change nor its author -----------

KILL_AT = """
import os, signal, sys
from masterplan.store.files import FileStore
from masterplan.workflow import edits
root, step, value = sys.argv[1], sys.argv[2], sys.argv[3]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
real_write = FileStore.write
def write_but_answers(self, path, data, **kwargs):
    if path.startswith("answers/"):
        die()
    return real_write(self, path, data, **kwargs)
if step == "file":  # the entry is in the journal, the file not yet written
    FileStore.write = write_but_answers
elif step == "entry":  # the intent is on disk, the entry not yet appended
    edits.append = die
elif step == "intent":  # the contents are stored, nothing else yet
    edits.write_intent = die
edits.set_answer(root, 2, "diskominfo", "programs", value, person="agus", row="SG-01", column="budget")
"""


def _killed_save(root: Path, step: str, value: str) -> None:
    killed = subprocess.run([sys.executable, "-c", KILL_AT, str(root), step, value], check=False)
    assert killed.returncode == -signal.SIGKILL


def _budget(root: Path) -> int:
    data = new_yaml().load(answers(root, 2, "diskominfo").read_text(encoding="utf-8"))
    return next(row["budget"] for row in data["answers"]["programs"] if row["code"] == "SG-01")


@pytest.mark.parametrize("step", ["file", "entry"])
def test_a_save_killed_after_its_intent_is_finished_by_the_next_action(example: Path, step: str):
    save_answers_text(example, 1, "koordinator", answers(example, 1).read_text(encoding="utf-8"), person="retno")
    _killed_save(example, step, "7300000000")
    assert (example / INTENT_FILE).is_file()
    actions.add_note(example, 2, "Catatan sesudah penyimpanan yang terputus.", "sari")  # any next action
    assert _budget(example) == 7_300_000_000
    journal = read_journal(example)
    assert journal.intact, journal.problems
    saves = [e for e in journal.entries if e.action.startswith("answers.")]
    assert saves[-1].action == "answers.save" and saves[-1].who == "agus"  # not "luar-masterplan"
    assert not any(e.who == OUTSIDE for e in saves[1:])
    assert load_state(example).files["answers/bimtek-2/diskominfo.yaml"] == file_sha(answers(example, 2, "diskominfo"))
    assert not (example / INTENT_FILE).exists()


def test_a_save_killed_before_its_intent_changes_nothing(example: Path):
    before = answers(example, 2, "diskominfo").read_bytes()
    entries = len(read_journal(example).entries)
    _killed_save(example, "intent", "7300000000")
    actions.add_note(example, 2, "Catatan sesudah penyimpanan yang terputus.", "sari")
    assert answers(example, 2, "diskominfo").read_bytes() == before
    assert [e.action for e in read_journal(example).entries[entries:]][-1] == "note.add"


def test_a_file_changed_by_hand_after_the_crash_is_not_overwritten(example: Path):
    save_answers_text(example, 1, "koordinator", answers(example, 1).read_text(encoding="utf-8"), person="retno")
    _killed_save(example, "file", "7300000000")
    path = answers(example, 2, "diskominfo")
    by_hand = path.read_text(encoding="utf-8") + "# diubah langsung di berkas\n"
    path.write_text(by_hand, encoding="utf-8")
    actions.add_note(example, 2, "Catatan.", "sari")
    assert path.read_text(encoding="utf-8") == by_hand
    last = [e for e in read_journal(example).entries if e.action.startswith("answers.")][-1]
    assert last.who == OUTSIDE and last.action == "answers.sync"


def test_temporary_files_left_by_a_killed_writer_are_removed(example: Path):
    folder = answers(example, 2, "diskominfo").parent
    old, fresh = folder / ".diskominfo.yaml.abc123.tmp", folder / ".diskominfo.yaml.def456.tmp"
    old.write_text("setengah")
    fresh.write_text("sedang ditulis")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    actions.add_note(example, 2, "Catatan.", "sari")
    assert not old.exists() and fresh.exists()
