"""Parsed answers kept between processes: the same result as parsing, never stale, never a foreign entry."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOTS

from masterplan import api
from masterplan.answers import diskcache
from masterplan.answers.definitions import _load_cached
from masterplan.answers.workspace import forget_parsed


def _fresh_process(monkeypatch: pytest.MonkeyPatch, folder: Path | str) -> None:
    """What a new process sees: the cache folder ``folder`` and nothing remembered in memory."""
    monkeypatch.setenv("MASTERPLAN_CACHE", str(folder))
    forget_parsed()
    _load_cached.cache_clear()
    diskcache._secret.cache_clear()


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    cache = tmp_path / "cache"
    _fresh_process(monkeypatch, cache)
    yield cache
    forget_parsed()
    _load_cached.cache_clear()
    diskcache._secret.cache_clear()


def _report(root: Path) -> list[tuple[str, str, str | None, int | None, str]]:
    result = api.check(root)
    return [(p.severity, p.rule, p.where.file, p.where.line, p.message()) for p in result.report]


def _counts(cache: Path) -> dict[str, int]:
    return {kind.name: len(list(kind.iterdir())) for kind in cache.iterdir() if kind.is_dir()}


def test_a_second_process_reads_every_file_from_the_cache_with_the_same_result(
        fresh: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    broken = shutil.copytree(ROOTS / "broken", tmp_path / "broken")
    first = _report(broken)
    assert first and _counts(fresh) == {"definitions": 1, "region": 1, "answers": 6}
    assert (fresh / "key").stat().st_mode & 0o777 == 0o600

    _fresh_process(monkeypatch, fresh)
    parsed: list[object] = []
    monkeypatch.setattr("masterplan.answers.workspace.parse_contribution", lambda *args: parsed.append(args))
    monkeypatch.setattr("masterplan.answers.definitions._load_files", lambda *args: parsed.append(args))
    assert _report(broken) == first
    assert parsed == []


def test_a_changed_file_is_parsed_again(fresh: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    root = shutil.copytree(EXAMPLE, tmp_path / "ws", ignore=shutil.ignore_patterns("build", "workflow"))
    assert _report(root) == []
    path = root / "answers" / "bimtek-1" / "koordinator.yaml"
    path.write_text(path.read_text("utf-8").replace("districts: 18", "districts: delapan belas"), "utf-8")

    _fresh_process(monkeypatch, fresh)
    after = _report(root)
    assert [(code, file) for _, code, file, _, _ in after] == [("type-integer", "answers/bimtek-1/koordinator.yaml")]


def test_an_entry_not_signed_with_this_cache_key_is_ignored(fresh: Path, monkeypatch: pytest.MonkeyPatch):
    expected = _report(EXAMPLE)
    entries = sorted((fresh / "answers").iterdir())
    # someone else's entry under the same name: a pickle that would run code when loaded
    evil = pickle.dumps(ExplodingValue())
    for entry in entries[:3]:
        entry.write_bytes(b"\0" * 32 + evil)
    # and one of ours, changed after it was signed
    data = bytearray(entries[3].read_bytes())
    data[-5] ^= 0x01
    entries[3].write_bytes(bytes(data))

    _fresh_process(monkeypatch, fresh)
    assert _report(EXAMPLE) == expected
    assert ExplodingValue.loaded == 0


class ExplodingValue:
    loaded = 0

    def __reduce__(self):  # what an attacker's pickle would do on loading
        return (ExplodingValue._explode, ())

    @staticmethod
    def _explode() -> None:
        ExplodingValue.loaded += 1
        raise AssertionError("a foreign cache entry was unpickled")


def test_without_a_usable_cache_folder_everything_still_works(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for folder in ("off", blocker / "cache"):
        _fresh_process(monkeypatch, folder)
        assert _report(EXAMPLE) == []
    assert blocker.read_text() == "not a folder"
    _fresh_process(monkeypatch, tmp_path / "cache")


def test_the_cache_keeps_a_bounded_number_of_entries(fresh: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(diskcache, "MAX_ENTRIES", 10)
    for number in range(25):
        diskcache.store("answers", diskcache.key_of(str(number)), number)
    kept = list((fresh / "answers").iterdir())
    assert 5 <= len(kept) <= 10
    assert diskcache.load("answers", diskcache.key_of("24")) == 24
