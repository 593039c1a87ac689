"""The HTML of the PDF: jinja2 templates in ``templates/pdf``, workspace overrides first.

Templates are looked up in the workspace's template folders (in the order
given), then in the built-in ``templates/pdf``; a ``default:`` prefix always
reaches the built-in one, so an override can extend it instead of copying it::

    {% extends "default:blocks/table.html" %}
    {% block after %}<p class="note">Catatan tambahan.</p>{% endblock %}

(the ChoiceLoader + PrefixLoader arrangement of datasette). Autoescape is on
and undefined variables are errors. Every text printed with ``{{ }}`` is
escaped and stripped of the control characters HTML cannot hold.

Stylesheets: the built-in ``print.css``, unless a template folder holds its
own ``print.css`` (the first one found replaces the built-in); then every
``extra.css`` found in the template folders, appended after it (the first
folder's last, so it wins). The page size is not in ``print.css``: the
document template writes it from ``Document.meta.paper``.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, StrictUndefined
from markupsafe import Markup, escape

from masterplan.document.foreign import split_foreign
from masterplan.document.model import Document
from masterplan.errors import TemplateProblem
from masterplan.renderers.pdf_context import build_context
from masterplan.renderers.pdf_view import Context
from masterplan.resources import templates_dir

DOCUMENT_TEMPLATE = "document.html"
APPENDIX_TEMPLATE = "appendix.html"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def builtin_dir() -> Path:
    """The built-in PDF templates, ``templates/pdf``."""
    return templates_dir() / "pdf"


def _clean(value: object) -> object:
    """Every ``{{ }}`` output: strings without control characters (escaping follows; markup stays markup)."""
    if isinstance(value, Markup):
        return Markup(_CONTROL.sub("", value))
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def environment(template_dirs: Sequence[Path] = ()) -> Environment:
    """The jinja2 environment: overrides, the built-ins, and the built-ins under ``default:``.

    One per set of folders (and the files in them) and process: its compiled templates are kept and
    reloaded when a template file changes (jinja2's ``auto_reload``); a template added to a folder
    (an override of a built-in one, while the web server runs) gets a new environment, since jinja2
    would go on using the built-in one it found first.
    """
    folders = tuple(str(d) for d in template_dirs)
    return _environment(folders, _names(folders))


def _names(folders: tuple[str, ...]) -> tuple[str, ...]:
    """Every file under ``folders`` (a workspace's few templates: well under a millisecond)."""
    found: list[str] = []
    for index, folder in enumerate(folders):
        for path, _, files in os.walk(folder):
            found.extend(f"{index}:{path}/{name}" for name in files)
    return tuple(sorted(found))


@functools.lru_cache(maxsize=16)
def _environment(template_dirs: tuple[str, ...], names: tuple[str, ...]) -> Environment:
    builtin = str(builtin_dir())
    loader = ChoiceLoader([
        FileSystemLoader([*template_dirs, builtin]),
        PrefixLoader({"default": FileSystemLoader(builtin)}, delimiter=":"),
    ])
    env = Environment(
        loader=loader, autoescape=True, undefined=StrictUndefined, finalize=_clean,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["asing"] = foreign_terms
    return env


def foreign_terms(text: object) -> Markup:
    """``text`` escaped, its foreign terms in ``<i>`` (see :mod:`masterplan.document.foreign`)."""
    value = str(_clean(text) if text is not None else "")
    pieces = split_foreign(value)
    italic = Markup("<i>{}</i>")
    return Markup("").join(italic.format(text) if foreign else escape(text) for text, foreign in pieces)


def stylesheets(template_dirs: Sequence[Path] = ()) -> list[Path]:
    """The stylesheets of the PDF, in cascade order (see the module docstring)."""
    dirs = [Path(d) for d in template_dirs]
    base = next((d / "print.css" for d in dirs if (d / "print.css").is_file()), builtin_dir() / "print.css")
    extras = [d / "extra.css" for d in reversed(dirs) if (d / "extra.css").is_file()]
    return [base, *extras]


def render_context(context: Context, template_dirs: Sequence[Path] = ()) -> str:
    """The HTML of a prepared context; a template that fails is a :class:`TemplateProblem`."""
    return render_variables(context.variables(), template_dirs)


def overrides(template_dirs: Sequence[Path], name: str = DOCUMENT_TEMPLATE) -> bool:
    """Whether a workspace replaces the template ``name`` (the document's own: the PDF is laid out whole)."""
    return any((Path(d) / name).is_file() for d in template_dirs)


def render_variables(variables: dict[str, Any], template_dirs: Sequence[Path] = ()) -> str:
    """The HTML of the document template with ``variables`` (a broken template: :class:`TemplateProblem`)."""
    env = environment(template_dirs)
    try:
        return env.get_template(DOCUMENT_TEMPLATE).render(variables)
    except jinja2.TemplateSyntaxError as error:
        where = f"{error.filename or error.name}:{error.lineno}"
        raise TemplateProblem(f"templat PDF {where}: {error.message}") from error
    except jinja2.TemplateError as error:
        raise TemplateProblem(f"templat PDF: {error}") from error


def render_html(
    document: Document, template_dirs: Sequence[Path] = (), *, assets_dir: Path | None = None
) -> str:
    """The HTML WeasyPrint lays out for ``document`` (what the golden tests compare).

    Images inside ``assets_dir`` are written relative to it (the PDF's base
    URL), so the HTML does not depend on where the workspace lies.
    """
    return render_context(build_context(document, assets_dir), template_dirs)
