"""Options and error handling shared by every command."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
from typing_extensions import override

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


def in_store(command: F) -> F:
    """Add ``--store URL``: DIRECTORY then names a region of that database and the command gets its store.

    Put it under :func:`clean_errors`, so that a database that cannot be reached is a message.
    """

    @wraps(command)
    def wrapper(*args: Any, store_url: str | None = None, **kwargs: Any) -> Any:
        if store_url:
            from masterplan.store.postgres import PostgresStore

            kwargs["directory"] = PostgresStore(store_url, str(kwargs["directory"]))
        return command(*args, **kwargs)

    option = click.option(
        "--store", "store_url", metavar="URL",
        help="DIRECTORY adalah nama daerah di basis data layanan ini (postgresql://...), bukan folder.",
    )
    return option(wrapper)  # type: ignore[return-value]


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (ESC starts a terminal command), DEL, C1 controls and bidirectional overrides."""


def printable(text: str) -> str:
    """``text`` with every character that could command a terminal shown as U+FFFD."""
    return _UNPRINTABLE.sub("\ufffd", text)


class PrintableStream(io.TextIOBase):
    """A text stream that writes through :func:`printable`: answers reach the terminal as text only."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self.stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]
        """The wrapped stream's encoding (click checks it)."""
        return getattr(self.stream, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        """The wrapped stream's error handler (click checks it)."""
        return getattr(self.stream, "errors", "strict")

    @override
    def write(self, text: str) -> int:  # type: ignore[override]
        self.stream.write(printable(text))
        return len(text)

    @override
    def flush(self) -> None:
        self.stream.flush()

    @override
    def isatty(self) -> bool:
        return self.stream.isatty()

    @override
    def writable(self) -> bool:
        return True


@contextmanager
def printable_output() -> Iterator[None]:
    """Standard output and error filtered through :class:`PrintableStream` for the duration."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(saved[0]), PrintableStream(saved[1])
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = saved


def clean_errors(function: F) -> F:
    """Map :class:`MasterplanError` to a message on stderr and its exit code; print only printable text."""

    @wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with printable_output():
            try:
                return function(*args, **kwargs)
            except MasterplanError as error:
                click.echo(f"masterplan: {error}", err=True)
                sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]
