"""Options and error handling shared by every command."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from masterplan.errors import MasterplanError

F = TypeVar("F", bound=Callable[..., Any])

LANG = click.option(
    "--lang",
    type=click.Choice(["id", "en"]),
    default="id",
    show_default=True,
    help="Bahasa pesan (id) atau English (en).",
)
FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Bentuk keluaran.",
)
WORKSPACE = click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=Path("."))


def clean_errors(function: F) -> F:
    """Map :class:`MasterplanError` to a message on stderr and its exit code."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except MasterplanError as error:
            click.echo(f"masterplan: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]
