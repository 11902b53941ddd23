"""Month names, read and written: the one table every reader and writer of dates uses.

``time_order`` puts times printed in different zones in the order they were sent;
``month_number`` reads a month's name or abbreviation in any case ("Sept." and
"sep" both 9); ``MONTH_NAMES`` writes it in full and ``BLUEBOOK_MONTHS`` the way a
citation abbreviates it (Bluebook table T12: "Jan.", "May", "June", "Sept.").
Written out rather than taken from ``calendar``, whose names follow the locale.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["BLUEBOOK_MONTHS", "MONTH_NAMES", "MONTH_NUMBERS", "month_number", "time_order"]

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


def time_order(sent: str | None) -> str:
    """A key that sorts stored ISO times in the order they were sent: a time printed with its zone
    as UTC ("2018-11-20T11:05:00-05:00" -> "2018-11-20T16:05:00"), so London's 4:00 PM comes before
    New York's 11:05 AM answer; a time printed without a zone, or a date alone, as it is; "" for none."""
    if not sent or len(sent) <= 19:
        return sent or ""
    try:
        moment = datetime.fromisoformat(sent)
    except ValueError:
        return sent
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") if moment.tzinfo else sent
