"""Month names, read and written: the one table every reader and writer of dates uses.

``month_number`` reads a month's name or abbreviation in any case ("Sept." and
"sep" both 9); ``MONTH_NAMES`` writes it in full and ``BLUEBOOK_MONTHS`` the way a
citation abbreviates it (Bluebook table T12: "Jan.", "May", "June", "Sept.").
Written out rather than taken from ``calendar``, whose names follow the locale.
"""

from __future__ import annotations

__all__ = ["BLUEBOOK_MONTHS", "MONTH_NAMES", "MONTH_NUMBERS", "month_number"]

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
BLUEBOOK_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
                   "Nov.", "Dec.")
MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    MONTH_NUMBERS[_name.lower()] = MONTH_NUMBERS[_name[:3].lower()] = _number
MONTH_NUMBERS["sept"] = 9


def month_number(name: str) -> int | None:
    """1-12 for a month's name or abbreviation ("nov", "November", "Sept."), else None."""
    return MONTH_NUMBERS.get(name.strip().rstrip(".").lower())
