"""Shared fixtures: test workspaces copied to a temporary folder, YAML editing helpers."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from masterplan import api
from masterplan.answers.definitions import Definitions, load_definitions
from masterplan.answers.yamlio import new_yaml

TESTS = Path(__file__).resolve().parent
ROOTS = TESTS / "roots"
REPO = TESTS.parent
EXAMPLE = REPO / "examples" / "sukamaju"


def pytest_configure(config: pytest.Config) -> None:
    """One installation folder (journal key, head registry) for the run, never the user's own."""
    import os
    import tempfile

    os.environ["MASTERPLAN_HOME"] = tempfile.mkdtemp(prefix="masterplan-home-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite the expects/ golden files instead of comparing with them")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def definitions() -> Definitions:
    return load_definitions()


@pytest.fixture(scope="session")
def postgres_server() -> Any:
    """A real PostgreSQL server for the session (``tests/servers.py``).

    When it cannot start, the test fails with the reason (never skipped).
    """
    from servers import start_postgres

    try:
        server = start_postgres()
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield server
    finally:
        from masterplan.store.postgres import close_pools

        close_pools()
        server.stop()


@pytest.fixture(scope="session")
def redis_url() -> Any:
    """A real Redis server for the session (``tests/servers.py``); fails with the reason when it cannot start."""
    from servers import start_redis

    try:
        server = start_redis()
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: Any) -> str:
    """The URL of the session's test database, upgraded (``masterplan db upgrade``)."""
    import psycopg

    from masterplan.store.migrations import upgrade

    url: str = postgres_server.database("masterplan_tests")
    with psycopg.connect(url, autocommit=True) as conn:
        upgrade(conn)
    return url


EXAMPLE_DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's draft Word and PDF of :data:`EXAMPLE_DAY`, built once per test session.

    For tests that only read them (by suffix: ".docx", ".pdf"); never write to these files.
    """
    out = tmp_path_factory.mktemp("example-build")
    result = api.build(EXAMPLE, fmt="all", outdir=out, build_date=EXAMPLE_DAY, libreoffice=False)
    return {path.suffix: path for path in result.files}


def copy_root(name: str, target: Path, history: bool = False) -> Path:
    """Copy ``tests/roots/<name>`` (or the example for "example") to ``target``.

    The example's review history (``workflow/``) is left behind unless ``history``:
    most tests start the workflow from the beginning.
    """
    source = EXAMPLE if name == "example" else ROOTS / name
    destination = target / name
    skipped = ["expects", "build", "final"] + ([] if history else ["workflow"])
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*skipped))
    return destination


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of the minimal workspace (passes check --strict)."""
    return copy_root("minimal", tmp_path)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A writable copy of the bundled example workspace."""
    return copy_root("example", tmp_path)


def edit_yaml(path: Path, change: Callable[[Any], Any]) -> None:
    """Load ``path`` round-trip, let ``change`` mutate the data (its result is ignored), save."""
    yaml = new_yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def answers(root: Path, stage: int, contributor: str = "koordinator") -> Path:
    """The path of an answers file."""
    return root / "answers" / f"bimtek-{stage}" / f"{contributor}.yaml"


def problems_of(root: Path, rule: str | None = None) -> list[Any]:
    """Every problem of a check of ``root`` (only ``rule`` when given)."""
    result = api.check(root)
    return [p for p in result.report if rule is None or p.rule == rule]


def rules_of(root: Path) -> set[str]:
    """The rule names that fire on ``root``."""
    return {p.rule for p in problems_of(root)}


@pytest.fixture(scope="module")
def browser() -> Any:
    """Debian's chromium, headless, for one test module (the browser tests; see ``browser_helpers``)."""
    from browser_helpers import chromium

    with chromium() as launched:
        yield launched
