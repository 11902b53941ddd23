"""Sign-in throttling: failed attempts counted per account and per client address.

In-process (each server process counts its own), which is enough to turn password
guessing from thousands of tries a minute into a handful; a lockout ends by itself
when the window slides past the failures, so nobody can lock an account for good.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Hashable


class FailureWindow:
    """At most ``limit`` failures per key within ``seconds``; then the key is blocked."""

    def __init__(self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.limit, self.seconds, self.clock, self.max_keys = limit, seconds, clock, max_keys
        self._failures: dict[Hashable, deque[float]] = {}
        self._lock = threading.Lock()

    def blocked(self, key: Hashable) -> bool:
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def failed(self, key: Hashable) -> None:
        with self._lock:
            if len(self._failures) >= self.max_keys:  # a flood of made-up keys: forget the oldest
                self._failures.pop(next(iter(self._failures)))
            self._recent(key).append(self.clock())

    def clear(self, key: Hashable) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: Hashable) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= self.clock() - self.seconds:
            times.popleft()
        return times
