"""Safe writes: two writers at once lose nothing; a writer killed mid-save leaves old or new, never torn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import answers

from masterplan.workflow.edits import file_sha, save_answers_text
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
