"""Failed logins slow the next attempt down, per client and per account, kept across restarts.

A hard lock after five failures let anyone lock the pejabat out, and lived in
memory. Instead, every failed login is counted under three keys: the client
(its address: password spraying over many accounts), the account from that
client (guessing one password), and the account from anywhere (guessing from
many addresses). Past a number of free failures within :data:`WINDOW`, each
key asks for a delay that doubles with every further failure, up to a cap;
a login is refused (429) until the longest delay has passed. The owner of an
account, logging in from their own address, waits at most the account-wide
cap (a minute), however many others try their name. A success clears only
its account-from-this-client count. Failures are kept in the workspace's store
(``workflow/login-failures.json``, 0600 in a folder), shared by every web
process and kept across restarts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from masterplan.store.base import WorkspaceStore
from masterplan.web.shared import SharedRecord

FAILURES_FILE = "workflow/login-failures.json"
WINDOW = 3600.0
"""Failures older than an hour are forgotten."""
MAX_KEYS = 10_000
"""Keys kept at most (addresses and names tried at random are pruned first when idle)."""


@dataclass(frozen=True)
class Rule:
    """``free`` failures within the window cost nothing; then 1 s, 2 s, 4 s ... up to ``cap`` seconds."""

    free: int
    cap: float

    def delay(self, failures: int) -> float:
        """Seconds to wait after ``failures`` failures, counted from the last one."""
        over = failures - self.free
        return 0.0 if over <= 0 else min(self.cap, float(2 ** min(over - 1, 30)))


RULES = {
    "client": Rule(free=20, cap=300.0),  # an office behind one address makes typos too
    "pair": Rule(free=5, cap=900.0),  # one account from one client: guessing its password
    "account": Rule(free=20, cap=60.0),  # one account from anywhere: the owner waits a minute at most
}


class Throttle:
    """The failure counts of one workspace's logins, shared by every process serving it.

    Kept in the workspace's store (``workflow/login-failures.json``) and changed under its write lock
    (:class:`~masterplan.web.shared.SharedRecord`), so failures counted by one web process slow the
    next attempt on another, and a restart forgets nothing.
    """

    def __init__(self, store: WorkspaceStore) -> None:
        self.record = SharedRecord(store, FAILURES_FILE)

    @staticmethod
    def keys(account: str, client: str) -> dict[str, str]:
        """The three keys of a login attempt by ``client`` for ``account``."""
        return {"client": f"c:{client}", "pair": f"p:{account}|{client}", "account": f"a:{account}"}

    def wait(self, account: str, client: str) -> float:
        """Seconds before ``client`` may try ``account`` again (0 when it may now)."""
        now = time.time()
        failures = self.record.read()
        waits = [0.0]
        for kind, key in self.keys(account, client).items():
            recent = _recent(failures, key, now)
            if recent:
                waits.append(recent[-1] + RULES[kind].delay(len(recent)) - now)
        return max(waits)

    def failed(self, account: str, client: str) -> None:
        """Count a failed attempt under all three keys."""
        now = time.time()

        def count(failures: dict[str, Any]) -> bool:
            for key in self.keys(account, client).values():
                _recent(failures, key, now).append(now)
            _prune(failures, now)
            return True

        self.record.update(count)

    def succeeded(self, account: str, client: str) -> None:
        """Forget the failures of this account from this client (not those of others)."""
        pair = self.keys(account, client)["pair"]
        if pair in self.record.read():
            self.record.update(lambda failures: failures.pop(pair, None) is not None)


def _recent(failures: dict[str, Any], key: str, now: float) -> list[float]:
    """The failures under ``key`` within the window (kept so in ``failures``)."""
    times = failures.get(key)
    recent = [float(t) for t in times if isinstance(t, int | float) and now - WINDOW < t <= now + 60] \
        if isinstance(times, list) else []
    failures[key] = recent
    return recent


def _prune(failures: dict[str, Any], now: float) -> None:
    """Forget keys without a failure in the window; past :data:`MAX_KEYS`, keep those failing last."""
    for key in [k for k, times in failures.items() if not _recent(failures, k, now)]:
        del failures[key]
    if len(failures) > MAX_KEYS:
        newest = sorted(failures.items(), key=lambda item: item[1][-1], reverse=True)[:MAX_KEYS]
        failures.clear()
        failures.update(newest)
