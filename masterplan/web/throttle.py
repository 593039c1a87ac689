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
its account-from-this-client count. Failures are kept in
``workflow/login-failures.json`` (0600), so a restart forgets nothing.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from masterplan.fileio import atomic_write_text, create_private

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
    """The failure counts of one workspace's logins (thread-safe; the file is rewritten on each change)."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / FAILURES_FILE
        self._lock = threading.Lock()
        self._failures: dict[str, list[float]] = self._read()

    @staticmethod
    def keys(account: str, client: str) -> dict[str, str]:
        """The three keys of a login attempt by ``client`` for ``account``."""
        return {"client": f"c:{client}", "pair": f"p:{account}|{client}", "account": f"a:{account}"}

    def wait(self, account: str, client: str) -> float:
        """Seconds before ``client`` may try ``account`` again (0 when it may now)."""
        now = time.time()
        with self._lock:
            waits = [0.0]
            for kind, key in self.keys(account, client).items():
                recent = self._recent(key, now)
                if recent:
                    waits.append(recent[-1] + RULES[kind].delay(len(recent)) - now)
            return max(waits)

    def failed(self, account: str, client: str) -> None:
        """Count a failed attempt under all three keys."""
        now = time.time()
        with self._lock:
            for key in self.keys(account, client).values():
                self._recent(key, now).append(now)
            self._prune(now)
            self._write()

    def succeeded(self, account: str, client: str) -> None:
        """Forget the failures of this account from this client (not those of others)."""
        with self._lock:
            if self._failures.pop(self.keys(account, client)["pair"], None) is not None:
                self._write()

    def _recent(self, key: str, now: float) -> list[float]:
        recent = [t for t in self._failures.get(key, []) if now - WINDOW < t <= now + 60]
        self._failures[key] = recent
        return recent

    def _prune(self, now: float) -> None:
        for key in [k for k, times in self._failures.items() if not times or times[-1] < now - WINDOW]:
            del self._failures[key]
        if len(self._failures) > MAX_KEYS:  # keep the keys failing most recently
            newest = sorted(self._failures.items(), key=lambda item: item[1][-1], reverse=True)
            self._failures = dict(newest[:MAX_KEYS])

    def _read(self) -> dict[str, list[float]]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            str(key): [float(t) for t in times if isinstance(t, int | float)]
            for key, times in list(data.items())[:MAX_KEYS]
            if isinstance(times, list)
        }

    def _write(self) -> None:
        create_private(self.path)
        atomic_write_text(self.path, json.dumps(self._failures, separators=(",", ":")))
