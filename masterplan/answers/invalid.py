"""The one exception of answer parsing: a value that does not fit its question."""

from __future__ import annotations

from typing import Any


class Invalid(Exception):
    """An answer does not fit its question; ``rule`` names the message.

    ``at`` is the key or index inside a mapping or list answer that is wrong,
    so the message can point at its own line.
    """

    def __init__(self, rule: str, *, at: Any = None, **params: Any) -> None:
        super().__init__(rule)
        self.rule = rule
        self.at = at
        self.params = params
