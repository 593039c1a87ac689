"""Atomic writes: whole files, usual permissions, no temporary files left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from masterplan.fileio import atomic_write_bytes, atomic_write_text


def test_new_file_gets_the_usual_permissions(tmp_path: Path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "a" / "hasil.txt", "isi")
    finally:
        os.umask(old)
    path = tmp_path / "a" / "hasil.txt"
    assert path.read_text() == "isi"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["hasil.txt"]


def test_existing_file_keeps_its_permissions(tmp_path: Path):
    path = tmp_path / "hasil.docx"
    path.write_bytes(b"lama")
    path.chmod(0o640)
    atomic_write_bytes(path, b"baru")
    assert path.read_bytes() == b"baru"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path):
    path = tmp_path / "hasil.txt"
    path.write_text("lama")

    with pytest.raises(TypeError):
        atomic_write_bytes(path, "bukan bytes")  # type: ignore[arg-type]
    assert path.read_text() == "lama"
    assert [p.name for p in tmp_path.iterdir()] == ["hasil.txt"]


def test_writers_in_threads_leave_the_process_umask_alone(tmp_path: Path):
    import threading

    before = os.umask(0o022)
    os.umask(0o022)
    try:
        threads = [threading.Thread(target=lambda n=n: [atomic_write_text(tmp_path / f"{n}-{i}.txt", "x")
                                                         for i in range(50)]) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert os.umask(0o022) == 0o022
    finally:
        os.umask(before)
    assert {stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()} == {0o644}
