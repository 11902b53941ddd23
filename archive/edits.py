"""Edit distance, bounded: how many letters change, are added or are lost between two words."""

from __future__ import annotations

__all__ = ["edits"]


def edits(one: str, other: str, limit: int) -> int:
    """The Levenshtein distance of ``one`` and ``other`` (no transpositions), or ``limit`` + 1
    once it is past ``limit`` (rows cut short: a far pair costs little)."""
    if abs(len(one) - len(other)) > limit:
        return limit + 1
    previous = list(range(len(other) + 1))
    for i, mine in enumerate(one, 1):
        current = [i]
        for j, theirs in enumerate(other, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (mine != theirs)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)
