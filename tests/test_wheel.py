"""The built wheel carries the questionnaires and templates and works outside the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(REPO)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("masterplan-*.whl")
    return built


def test_wheel_contains_data(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for stage in (1, 2, 3, 4):
        assert f"masterplan/questionnaires/bimtek-{stage}.yaml" in names
    assert "masterplan/questionnaires/choices.yaml" in names
    assert any(n.startswith("masterplan/templates/") for n in names)


def test_installed_wheel_checks_the_example_from_outside(wheel: Path, tmp_path: Path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel)],
                   check=True, capture_output=True, text=True)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    where = subprocess.run(
        [str(python), "-c", "from masterplan.resources import questionnaires_dir; print(questionnaires_dir())"],
        cwd=outside, check=True, capture_output=True, text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv), where
    completed = subprocess.run(
        [str(venv / "bin" / "masterplan"), "check", str(EXAMPLE), "--strict"],
        cwd=outside, capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "0 galat, 0 peringatan" in completed.stdout
