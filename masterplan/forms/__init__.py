"""Questionnaire workbooks (XLSX) for OPDs that fill offline, and their import.

:func:`export_form` writes one workbook per stage and contributor with their
answers pre-filled; :func:`import_form` reads a filled workbook back, checks
every cell with the same models as ``check`` and saves the contributor's
answers file, invalid values as typed. Hostile files are refused with
:class:`FormRefused` before anything is saved.
"""

from masterplan.forms.errors import FormRefused
from masterplan.forms.export import ExportResult, export_form, export_forms
from masterplan.forms.importer import ImportResult, import_form

__all__ = ["ExportResult", "FormRefused", "ImportResult", "export_form", "export_forms", "import_form"]
