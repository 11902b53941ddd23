"""A search's time budget.

Phrases and proximity are answered on word positions, and a proximity search whose words and
wildcards occur together everywhere within its distance pairs every place of one with every
place of the other, step after step of a chain (``a* w/9999 s* w/9999 t* …``): one request of
2,000 characters could keep a core busy for minutes and hold a search slot others wait for.
The engines' span steps call :func:`spend` as they go; past ``SEARCH_SECONDS`` the search stops
with a :class:`QueryError` that says how to narrow it (the site answers 400 with the message),
never with a partial answer.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import QueryError

__all__ = ["SEARCH_SECONDS", "TOO_COSTLY", "remaining", "search_budget", "spend"]

SEARCH_SECONDS = float(os.environ.get("FOIA_SEARCH_SECONDS") or 10.0)
TOO_COSTLY = ("this search's proximity or phrase parts pair too many places of their words to answer in "
              "{seconds:g} seconds; narrow it: fewer wildcards, a smaller distance, or fewer words "
              "in a w/N chain")

_deadline: ContextVar[float | None] = ContextVar("search_deadline", default=None)


@contextmanager
def search_budget() -> Iterator[None]:
    """Within the block, :func:`spend` raises once ``SEARCH_SECONDS`` have passed; inside another
    budget, once the outer one's have (the searches one request runs share its budget)."""
    outer = _deadline.get()
    token = _deadline.set(time.monotonic() + SEARCH_SECONDS if outer is None else outer)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float:
    """Seconds the running search has left of its budget (infinite outside a search)."""
    deadline = _deadline.get()
    return float("inf") if deadline is None else max(deadline - time.monotonic(), 0.0)


def spend() -> None:
    """QueryError if the running search is past its budget; nothing outside a search."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise QueryError(TOO_COSTLY.format(seconds=SEARCH_SECONDS))
