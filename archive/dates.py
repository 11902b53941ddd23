"""Month names, read and written: the one table every reader and writer of dates uses.

``time_order`` puts times printed in different zones in the order they were sent;
``month_number`` reads a month's name or abbreviation in any case ("Sept." and
"sep" both 9); ``MONTH_NAMES`` writes it in full and ``BLUEBOOK_MONTHS`` the way a
citation abbreviates it (Bluebook table T12: "Jan.", "May", "June", "Sept.").
Written out rather than taken from ``calendar``, whose names follow the locale.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

__all__ = ["AMBIGUOUS_ZONES", "BLUEBOOK_MONTHS", "MONTH_NAMES", "MONTH_NUMBERS", "ZONE_OFFSETS", "in_printed_zones", "month_number",
           "other_reading", "printed_orders", "time_order", "zone_not_understood"]

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
BLUEBOOK_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
                   "Nov.", "Dec.")
MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    MONTH_NUMBERS[_name.lower()] = MONTH_NUMBERS[_name[:3].lower()] = _number
MONTH_NUMBERS["sept"] = 9


# Time zones a date names by abbreviation, each where it names one offset: RFC 5322's own and
# the ones mail from abroad prints.
ZONE_OFFSETS = {
    "utc": "+00:00", "ut": "+00:00", "gmt": "+00:00", "z": "+00:00",
    "est": "-05:00", "edt": "-04:00", "cst": "-06:00", "cdt": "-05:00",
    "mst": "-07:00", "mdt": "-06:00", "pst": "-08:00", "pdt": "-07:00",
    "akst": "-09:00", "akdt": "-08:00", "hst": "-10:00",
    "wet": "+00:00", "west": "+01:00", "cet": "+01:00", "cest": "+02:00", "eet": "+02:00", "eest": "+03:00",
    "msk": "+03:00", "hkt": "+08:00", "sgt": "+08:00", "awst": "+08:00", "jst": "+09:00", "kst": "+09:00",
    "acst": "+09:30", "acdt": "+10:30", "aest": "+10:00", "aedt": "+11:00", "nzst": "+12:00", "nzdt": "+13:00",
}  # fmt: skip
# a zone's abbreviation printed after a time ("09:00:00 CEST", "9:00 AM (IST)"), the date's last word
_ZONE_AFTER_TIME = re.compile(r"\d:\d\d(?::\d\d)?\s{0,3}(?:[AaPp]\.?[Mm]\.?\s{0,3})?\(?([A-Za-z]{2,5})\)?\s{0,3}$")


def printed_zone(printed: str) -> str | None:
    """The zone abbreviation a date prints after its time ("CEST"), or None."""
    match = _ZONE_AFTER_TIME.search(printed[-40:])
    return match.group(1) if match and match.group(1).lower() not in ("am", "pm") else None


# ... and abbreviations that name several ("IST": India, Ireland, Israel; "BST": British Summer,
# Bangladesh; "AST": Atlantic, Arabia), as printed (capitals): a time printed with one is in a zone
# the archive cannot place; any other word after a time (OCR's specks "ee", "hrs") names none.
AMBIGUOUS_ZONES = frozenset({"IST", "BST", "AST", "ADT", "GST", "SST", "CAT", "AMT", "ECT"})


def zone_not_understood(printed: str) -> str:
    """The zone a date prints after its time that names several offsets (``AMBIGUOUS_ZONES``:
    "IST"), or "": its time is as printed, in a zone the archive could not place (no "no time zone
    printed")."""
    zone = printed_zone(printed)
    return zone if zone in AMBIGUOUS_ZONES else ""


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
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S") if moment.tzinfo else sent
    except (ValueError, OverflowError):  # (a stored time no calendar holds in UTC sorts as printed)
        return sent


_CLOCK_ONLY = len("2000-01-01T00:00:00")


def in_printed_zones(sents: list[str]) -> list[str]:
    """A document's stored times for ordering: a clock time printed without a zone takes the
    offset of the zoned time printed nearest to it in the same document (a thread printed from
    one mailbox shows its times in one zone; Outlook names it on some headers only, "6:24 PM
    Eastern Standard Time" over "7:40 PM"), so ``time_order`` does not put a 7:40 PM reply
    before the 6:24 PM message it quotes. Times with a zone, dates alone and "" as they are."""
    zoned: list[tuple[datetime, str]] = []
    for sent in sents:
        moment = _moment(sent) if len(sent) > _CLOCK_ONLY else None
        offset = moment.utcoffset() if moment is not None else None
        if moment is not None and offset is not None:
            zoned.append((moment.replace(tzinfo=None), _offset_text(offset)))
    if not zoned:
        return list(sents)
    zoned.sort()
    locals_ = [local for local, _ in zoned]
    placed = []
    for sent in sents:
        local = _moment(sent) if len(sent) == _CLOCK_ONLY else None
        if local is None or local.tzinfo is not None:
            placed.append(sent)
            continue
        at = bisect_left(locals_, local)
        near = [zoned[i] for i in (at - 1, at) if 0 <= i < len(zoned)]
        nearest = min(near, key=lambda z: abs((z[0] - local).total_seconds()))
        placed.append(sent + nearest[1])
    return placed


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _offset_text(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def printed_orders(emails: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """``time_order`` of each (id, document id, sent) with ``in_printed_zones`` applied within
    each document: the key the index, the thread view and exhibit numbering sort emails by."""
    by_document: dict[str, list[tuple[str, str]]] = {}
    for email_id, document_id, sent in emails:
        by_document.setdefault(document_id, []).append((email_id, sent or ""))
    orders: dict[str, str] = {}
    for members in by_document.values():
        placed = in_printed_zones([sent for _, sent in members])
        orders.update((email_id, time_order(sent)) for (email_id, _), sent in zip(members, placed, strict=True))
    return orders


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](?:\d{4}|\d{2})(?!\d)")


def other_reading(sent: str, printed: str) -> str:
    """The other reading of a date printed with numbers that name a day and a month either way
    ("03/04/2018": March 4 or April 3), stored as ``sent`` (its certainty "ambiguous"): ``sent``
    with its month and day swapped, its clock kept; "" where the printed words hold no such date
    (a date whose clock's half was unread is ambiguous too, on its one day)."""
    if len(sent) < len("2018-03-04") or sent[4] != "-" or sent[7] != "-":
        return ""
    month, day = sent[5:7], sent[8:10]
    match = _NUMERIC_DATE.search(printed)
    if match is None or month == day or int(day) > 12 or {int(match.group(1)), int(match.group(2))} != {int(month), int(day)}:
        return ""
    return f"{sent[:5]}{day}-{month}{sent[10:]}"
