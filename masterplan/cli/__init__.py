"""The command line: a thin click layer over :mod:`masterplan.api` and the workflow.

:mod:`masterplan.cli.commands` holds the group and the core commands; the
others load only when their command runs (``LAZY_COMMANDS``).
"""

from masterplan.cli.commands import main

__all__ = ["main"]
