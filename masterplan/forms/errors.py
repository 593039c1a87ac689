"""Why a workbook is refused."""

from __future__ import annotations

from masterplan.errors import MasterplanError


class FormRefused(MasterplanError):
    """Raised when a workbook cannot be used at all: not a real XLSX, hostile, or for another workspace.

    Nothing is saved. Cell-level mistakes are never raised: they are reported
    and saved as typed.
    """

    exit_code = 2
    category = "form"
