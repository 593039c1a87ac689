"""Where the built-in questionnaires and templates live.

In a wheel they are package data (``masterplan/questionnaires``); in a source
checkout or an editable install they are the top-level folders beside the
package, as the design card keeps them.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

MATRIX_BOOK = "matriks"
"""The Bappeda matrix: the plan's tables as a workbook (:mod:`masterplan.renderers.matrix`), no outline."""
MAIN_BOOK = "rencana-induk"
"""The Rencana Induk itself (``templates/text/outline.yaml``); companions are in ``templates/text/books/``."""


def data_dir(name: str) -> Path:
    """The folder ``name`` ("questionnaires" or "templates") shipped with masterplan."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"masterplan is installed without its {name}/ folder")


def questionnaires_dir() -> Path:
    """The built-in questionnaires folder."""
    return data_dir("questionnaires")


def templates_dir() -> Path:
    """The built-in templates folder."""
    return data_dir("templates")
