"""A questionnaire workbook opens in LibreOffice Calc with its drop-downs, and Calc's copy imports the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from forms_helpers import load, table_cell

from masterplan.forms import export_form, import_form
from masterplan.renderers import office


def _calc() -> Path:
    soffice = office.find_soffice()
    if soffice is None:
        pytest.skip("LIBREOFFICE (soffice) NOT INSTALLED: the workbook is NOT opened by a real spreadsheet")
    if not list(soffice.resolve().parent.glob("*sclo.*")):
        pytest.skip("LIBREOFFICE CALC NOT INSTALLED (libreoffice-calc-nogui): the workbook is NOT opened")
    return soffice


def test_calc_keeps_the_drop_downs_and_its_copy_imports_the_same(example: Path, tmp_path: Path) -> None:
    soffice = _calc()
    source = export_form(example, 2, "dinkes", tmp_path / "asli" / "dinkes.xlsx").path
    converted = office.convert(source, "xlsx", tmp_path / "calc", soffice=soffice, timeout=180)
    workbook = load(converted)
    programs = workbook["Daftar program"]
    checks = {str(v.sqref).split(":")[0]: v for v in programs.data_validations.dataValidation}
    assert checks["B5"].type == "list" and checks["B5"].formula1 == "'Daftar Pilihan'!$A$4:$A$9"
    assert "INDIRECT" in checks["C5"].formula1  # sub-dimensions of the row's dimension
    assert checks["J5"].type == "list" and str(checks["J5"].sqref) == "J5:J59"  # OPD codes
    assert checks["V5"].type == "list"  # funding sources
    assert (checks["U5"].type, checks["U5"].formula1) == ("whole", "0")  # Rupiah
    assert programs.protection.sheet and programs["A5"].protection.locked is False
    assert programs[table_cell(2, "programs", "budget", 1).split("!")[1]].number_format == "#,##0"
    assert workbook["_masterplan"].sheet_state != "visible"
    lists = workbook["Daftar Pilihan"]
    assert [lists[f"A{r}"].value for r in range(4, 10)] == ["SG", "SB", "SE", "SL", "SS", "SV"]
    own = import_form(source, example, dry_run=True)
    calc = import_form(converted, example, dry_run=True)
    assert calc.problems == [] and calc.text == own.text
