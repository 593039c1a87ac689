"""The command line: exit codes 0/1/2, text and JSON output, languages, init and status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from conftest import EXAMPLE, ROOTS, answers

from masterplan.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_clean_workspace_exits_0():
    code, out, _ = run("check", str(ROOTS / "minimal"), "--strict")
    assert code == 0
    assert out.splitlines()[0] == "Pemeriksaan Kota Contoh Kecil: 0 galat, 0 peringatan"


def test_errors_exit_1_and_are_listed_with_file_and_line():
    code, out, _ = run("check", str(ROOTS / "broken"))
    assert code == 1
    assert "answers/bimtek-2/diskominfo.yaml:21: program SG-01, " in out


def test_warnings_pass_unless_strict(minimal):
    path = minimal / "region.yaml"
    path.write_text(path.read_text().replace("min: 1", "min: 3"))
    assert run("check", str(minimal))[0] == 0
    code, out, _ = run("check", str(minimal), "--strict")
    assert code == 1 and "peringatan dihitung sebagai galat" in out


def test_usage_errors_exit_2(tmp_path):
    code, _, err = run("check", str(tmp_path))
    assert code == 2
    assert "bukan workspace masterplan" in err and "masterplan init" in err
    assert run("check", str(ROOTS / "minimal"), "--stage", "5")[0] == 2
    assert run("check", "--format", "xml")[0] == 2


def test_json_output_holds_every_field():
    code, out, _ = run("check", str(ROOTS / "broken"), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"errors", "warnings"}
    first = data["errors"][0]
    assert {"file", "line", "stage", "question", "rule", "message"} <= set(first)
    rupiah = next(e for e in data["errors"] if e["rule"] == "type-rupiah")
    assert rupiah == {
        "severity": "error", "file": "answers/bimtek-2/diskominfo.yaml", "line": 21, "stage": 2,
        "question_id": "programs", "question": "Daftar program", "row": "program SG-01",
        "column": "Pagu indikatif (Rupiah)", "rule": "type-rupiah",
        "message": "harus berupa angka rupiah, misalnya 150000000",
    }


def test_english_messages():
    _, out, _ = run("check", str(ROOTS / "broken"), "--lang", "en", "--format", "json")
    rupiah = next(e for e in json.loads(out)["errors"] if e["rule"] == "type-rupiah")
    assert rupiah["message"] == "must be an amount in rupiah, for example 150000000"
    assert rupiah["question"] == "Programmes"
    _, text, _ = run("check", str(ROOTS / "broken"), "--lang", "en")
    assert text.startswith("Check of Kota Contoh Kecil:") and "row 2" in text


def test_stage_filter():
    _, out, _ = run("check", str(ROOTS / "broken"), "--stage", "4", "--format", "json")
    data = json.loads(out)
    assert data["errors"] and {e["stage"] for e in data["errors"]} <= {4, None}


def test_status_text_and_json():
    code, out, _ = run("status", str(ROOTS / "minimal"))
    assert code == 0
    assert "Bimtek 2: Perumusan Program" in out
    assert "100%" in out and "Keempat tahap lengkap dan bebas galat." in out
    data = json.loads(run("status", str(ROOTS / "broken"), "--format", "json")[1])
    assert data["next_stage"] == 1
    stage2 = data["stages"][1]
    assert stage2["errors"] > 0 and not stage2["done"]
    names = {c["name"] for c in stage2["contributors"]}
    assert names == {"DINKES", "DISKOMINFO", "koordinator"}


def test_status_counts_required_questions(minimal):
    path = answers(minimal, 1)
    path.write_text(path.read_text().replace("  population: 150000\n", ""))
    data = json.loads(run("status", str(minimal), "--format", "json")[1])
    stage1 = data["stages"][0]
    assert stage1["count"]["answered"] == stage1["count"]["required"] - 1
    profile = next(s for s in stage1["sections"] if s["id"] == "profile")
    assert profile["count"]["answered"] == profile["count"]["required"] - 1


def test_init_creates_a_workspace_check_can_read(tmp_path):
    target = tmp_path / "baru"
    code, out, _ = run("init", str(target), "--name", "Tirtamulya", "--kind", "kota")
    assert code == 0 and "region.yaml" in out
    assert (target / "answers" / "bimtek-2" / "koordinator.yaml").is_file()
    template = (target / "answers" / "bimtek-2" / "koordinator.yaml").read_text()
    assert "# programs:" in template and "Pagu indikatif (Rupiah)" in template
    code, out, _ = run("check", str(target))
    assert code == 1
    assert "Pemeriksaan Kota Tirtamulya" in out
    assert "wajib diisi, tetapi belum dijawab" in out
    assert "Traceback" not in out
    assert run("init", str(target))[0] == 2  # never overwrites


def test_console_script_runs_as_a_process():
    completed = subprocess.run(
        [sys.executable, "-m", "masterplan", "check", str(ROOTS / "broken")],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert completed.stdout.count("\n") > 10


def test_broken_workspace_golden(update_goldens):
    """The whole report of the broken workspace, pinned; refresh with --update-goldens."""
    golden = ROOTS / "broken" / "expects" / "check.txt"
    _, out, _ = run("check", str(ROOTS / "broken"))
    if update_goldens:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_example_passes_strict(tmp_path: Path):
    from conftest import EXAMPLE

    code, out, _ = run("check", str(EXAMPLE), "--strict")
    assert code == 0, out


# --- a CLI that starts at once: each command loads only what it uses ------------------------------

LIBRARIES_OF_OTHER_COMMANDS = ("openpyxl", "weasyprint", "docx", "pyhanko", "flask", "ruamel", "jinja2", "PIL",
                               "fontTools", "numpy", "pptx")


def _loaded_by(*arguments: str) -> set[str]:
    """The top-level packages (and masterplan's modules) loaded by a fresh ``masterplan ARGUMENTS``."""
    script = (
        "import json, sys\n"
        "from masterplan.cli import main\n"
        "try:\n"
        f"    main({list(arguments)!r}, standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    modules = json.loads(done.stdout.splitlines()[-1])
    return {name.split(".")[0] for name in modules} | {name for name in modules if name.startswith("masterplan.")}


def test_check_loads_no_renderer_form_or_web_library():
    loaded = _loaded_by("check", str(EXAMPLE))
    assert "masterplan.checks.rules" in loaded  # it did check
    assert loaded.isdisjoint(LIBRARIES_OF_OTHER_COMMANDS), sorted(loaded & set(LIBRARIES_OF_OTHER_COMMANDS))
    assert not {m for m in loaded if m.startswith(("masterplan.document", "masterplan.renderers", "masterplan.forms",
                                                   "masterplan.web"))}


def test_version_loads_nothing_of_the_plan():
    loaded = _loaded_by("--version")
    assert not {m for m in loaded if m.startswith("masterplan.")} - {
        "masterplan.cli", "masterplan.cli.commands", "masterplan.cli.common", "masterplan.errors"}
    assert loaded.isdisjoint({"pydantic", "yaml", *LIBRARIES_OF_OTHER_COMMANDS})


def test_every_command_is_reachable_and_listed():
    from masterplan import api
    from masterplan.cli.commands import BUILD_FORMATS, LAZY_COMMANDS
    from masterplan.cli.form import form
    from masterplan.cli.service import COMMANDS as SERVICE
    from masterplan.cli.web import COMMANDS as WEB
    from masterplan.cli.workflow import COMMANDS as WORKFLOW

    assert BUILD_FORMATS == api.FORMATS
    lazy = {name: main.get_command(None, name) for name in LAZY_COMMANDS}  # type: ignore[arg-type]
    assert sorted(lazy.values(), key=id) == sorted([*WORKFLOW, *WEB, *SERVICE, form], key=id)  # each defined one, once
    assert all(command.name == name for name, command in lazy.items())
    listed = CliRunner().invoke(main, ["--help"]).output
    for name in [*LAZY_COMMANDS, "init", "check", "status", "build"]:
        assert f"\n  {name} " in listed, name
