"""A history nobody can rewrite unseen: forged, dropped, inserted and deleted journal entries.

The adversary can write ``workflow/`` but does not have the installation's key
(``MASTERPLAN_HOME``, outside the workspace). Each forgery below recomputes the
hash chain and ``journal.head`` as a careful forger would; each must still be
reported by ``log --verify`` and ``check`` (and, for a finalised workspace, by
``verify`` of the signed PDF, see ``test_verify_hostile.py``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import copy_root

from masterplan import api
from masterplan.cli import main
from masterplan.workflow import actions
from masterplan.workflow.journal import GENESIS, HEAD_FILE, JOURNAL_FILE, OBJECTS_DIR, canonical, sha256


def forge(root: Path, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]], keep_auth: bool) -> None:
    """Rewrite the journal with ``change`` and recompute every hash, prev, seq and the head."""
    path = root / JOURNAL_FILE
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    entries = change(entries)
    prev, lines = GENESIS, []
    for seq, entry in enumerate(entries, start=1):
        auth = entry.pop("auth", None)
        entry.pop("hash")
        entry.update(seq=seq, prev=prev)
        digest = sha256(canonical(entry))
        written = {**entry, "hash": digest, **({"auth": auth} if keep_auth and auth else {})}
        lines.append(canonical(written).decode("utf-8"))
        prev = digest
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / HEAD_FILE).write_text(f"{len(entries)} {prev}\n", encoding="utf-8")


@pytest.fixture
def history(tmp_path: Path) -> Path:
    """The example with a review history written by this installation."""
    root = copy_root("example", tmp_path)
    for stage in (1, 2):
        actions.stage_action(root, stage, "stage.submit", "retno")
    actions.stage_action(root, 1, "stage.approve", "sari")
    actions.stage_action(root, 2, "stage.request_changes", "sari", reason="Pagu SG-01 terlalu besar.")
    return root


def _verify_log(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["log", str(root), "--verify"])
    return result.exit_code, result.output


def _approver(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for entry in entries:
        if entry["action"] == "stage.approve":
            entry.update(who="fajar", name="Fajar Ramadhan, S.T., M.Sc.")
    return entries


def _drop_request(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in entries if e["action"] != "stage.request_changes"]


def _fake_approval(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fake = {**entries[-1], "action": "stage.approve", "data": {"stage": 2}, "who": "sari", "name": "Sari"}
    return [*entries, fake]


FORGERIES = {"approver changed": _approver, "request dropped": _drop_request, "approval inserted": _fake_approval}


@pytest.mark.parametrize("keep_auth", [True, False], ids=["macs-kept", "macs-stripped"])
@pytest.mark.parametrize("forgery", FORGERIES)
def test_a_recomputed_chain_is_still_caught(history: Path, forgery: str, keep_auth: bool) -> None:
    assert _verify_log(history)[0] == 0
    forge(history, FORGERIES[forgery], keep_auth)
    code, output = _verify_log(history)
    assert code == 1, output
    expected = {
        ("approver changed", True): "autentikasinya tidak cocok",
        ("approver changed", False): "riwayat telah ditulis ulang",
        ("request dropped", True): "entri telah dihapus",  # it was the last entry
        ("request dropped", False): "entri telah dihapus",
        ("approval inserted", True): "autentikasinya tidak cocok",
        ("approval inserted", False): "autentikasi jurnal telah dihapus",
    }[forgery, keep_auth]
    assert expected in output, output
    assert "journal-broken" in {p.rule for p in api.check(history).report}


def test_an_entry_appended_without_a_mac_is_caught(history: Path) -> None:
    def unsigned(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        extra = {k: v for k, v in entries[-1].items() if k != "auth"}
        return [*entries, {**extra, "action": "stage.approve", "data": {"stage": 2}}]

    forge(history, unsigned, keep_auth=True)
    code, output = _verify_log(history)
    assert code == 1 and "tanpa autentikasi sesudah entri yang diautentikasi" in output


@pytest.mark.parametrize("removed", [[JOURNAL_FILE, HEAD_FILE], ["workflow"]])
def test_a_deleted_journal_is_reported_not_a_fresh_start(history: Path, removed: list[str]) -> None:
    for name in removed:
        target = history / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    problems = [p for p in api.check(history).report if p.rule == "journal-broken"]
    assert problems and "hilang" in problems[0].render(), [p.render() for p in api.check(history).report][:5]
    code, output = _verify_log(history)
    assert code == 1 and "hilang" in output


def test_a_restore_on_purpose_is_accepted_once_said(history: Path, tmp_path: Path) -> None:
    backup = tmp_path / "cadangan"
    shutil.copytree(history / "workflow", backup)
    actions.stage_action(history, 2, "stage.submit", "retno")
    shutil.rmtree(history / "workflow")
    shutil.copytree(backup, history / "workflow")
    assert _verify_log(history)[0] == 1
    result = CliRunner().invoke(main, ["log", str(history), "--verify", "--accept-restore"])
    assert result.exit_code == 0 and "dilupakan" in result.output, result.output


def test_an_altered_stored_content_is_caught(history: Path) -> None:
    stored = sorted(p for p in (history / OBJECTS_DIR).rglob("*") if p.is_file())
    stored[0].write_bytes(stored[0].read_bytes() + b"# disisipkan\n")
    stored[1].unlink()
    code, output = _verify_log(history)
    assert code == 1
    assert "telah diubah (hash tidak cocok)" in output and "tidak ada lagi" in output


def test_the_log_says_how_far_the_history_is_vouched_for(history: Path) -> None:
    code, output = _verify_log(history)
    assert code == 0, output
    assert "diautentikasi dengan kunci instalasi ini sampai entri #" in output


def test_an_unwritable_installation_folder_is_a_clear_error(history: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("MASTERPLAN_HOME", str(blocker / "masterplan"))
    before = (history / JOURNAL_FILE).read_bytes()
    result = CliRunner().invoke(main, ["note", "add", "2", "Catatan.", str(history), "--as", "sari"])
    assert result.exit_code == 2 and "MASTERPLAN_HOME" in result.output, result.output
    assert (history / JOURNAL_FILE).read_bytes() == before
