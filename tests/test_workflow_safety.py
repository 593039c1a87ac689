"""Safe writes: two writers at once lose nothing; a writer killed mid-save leaves old or new, never torn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import answers

from masterplan.workflow import actions
from masterplan.workflow.edits import OUTSIDE, file_sha, save_answers_text
from masterplan.workflow.intent import INTENT_FILE
from masterplan.workflow.journal import read_journal
from masterplan.workflow.state import load_state
from masterplan.yamlio import new_yaml

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


KILLED = """
import sys
from masterplan.workflow.edits import save_answers_text
root = sys.argv[1]
versions = [open(p, encoding="utf-8").read() for p in sys.argv[2:4]]
print("ready", flush=True)
n = 0
while True:
    save_answers_text(root, 1, "koordinator", versions[n % 2], person="retno")
    n += 1
"""


def test_a_writer_killed_mid_save_leaves_a_whole_file(example: Path, tmp_path: Path):
    path = answers(example, 1)
    original = path.read_text(encoding="utf-8")
    filler = "# " + "isian panjang " * 40 + "\n"
    versions = [original + filler * 2000, original + "# versi B\n" + filler * 1500]
    files = []
    for n, text in enumerate(versions):
        files.append(tmp_path / f"v{n}.yaml")
        files[-1].write_text(text, encoding="utf-8")
    allowed = {original, *versions}
    for delay in (0.15, 0.4, 0.7):
        with subprocess.Popen([sys.executable, "-c", KILLED, str(example), *map(str, files)],
                              stdout=subprocess.PIPE, text=True) as writer:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
            time.sleep(delay)
            os.kill(writer.pid, signal.SIGKILL)
            writer.wait()
        assert path.read_text(encoding="utf-8") in allowed
        journal = read_journal(example)
        assert journal.intact, journal.problems
    # the next save cleans up after the killed writer and records what it left
    save_answers_text(example, 1, "koordinator", original, person="retno")
    journal = read_journal(example)
    assert journal.intact and not journal.torn_tail
    assert load_state(example).files["answers/bimtek-1/koordinator.yaml"] == file_sha(path)


# --- a kill between the steps of a save loses neither the change nor its author -----------

KILL_AT = """
import os, signal, sys
from masterplan.workflow import edits
root, step, value = sys.argv[1], sys.argv[2], sys.argv[3]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if step == "file":  # the entry is in the journal, the file not yet written
    edits.atomic_write_bytes = die
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
